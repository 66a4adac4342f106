"""grids/api/base.py: one action mixin; the action endpoints are documented with their bodies."""

import pytest
from rest_framework.test import APIClient

from grids.models import ServiceRequest
from tests.grids.request_helpers import file_request


@pytest.fixture
def schema(world):
    client = APIClient()
    client.force_authenticate(world.street_official)
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def _body(schema: dict, path: str) -> set[str] | None:
    """The properties of the POST body documented for `path` (None: no body)."""
    operation = schema["paths"][path]["post"]
    if "requestBody" not in operation:
        return None
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return set(component["properties"])


@pytest.mark.parametrize(
    "path, fields",
    [
        ("/api/v1/requests/{id}/resolve/", {"resolution"}),
        ("/api/v1/requests/{id}/note/", {"note"}),
        ("/api/v1/requests/{id}/transfer/", {"to_grid", "reason"}),
        ("/api/v1/requests/{id}/escalate/", {"reason"}),
        ("/api/v1/requests/{id}/defer/", {"reason"}),
        ("/api/v1/requests/{id}/reject/", {"reason"}),
        ("/api/v1/requests/{id}/accept/", None),
        ("/api/v1/requests/{id}/resume/", None),
        ("/api/v1/disputes/{id}/settle/", {"terms", "signed_on", "signed_by"}),
        ("/api/v1/disputes/{id}/withdraw/", {"reason"}),
        ("/api/v1/risks/{id}/resolve/", {"resolution"}),
    ],
)
def test_action_endpoints_document_their_real_bodies(schema, path, fields):
    body = _body(schema, path)
    assert body == fields if fields is None else fields <= body
    if body is not None:
        assert "tracking_code" not in body and "status" not in body  # not the resource


def test_action_endpoints_document_their_errors(schema):
    responses = schema["paths"]["/api/v1/requests/{id}/resolve/"]["post"]["responses"]
    assert {"200", "400", "404"} <= set(responses)


def test_an_action_answers_the_fresh_object_even_when_it_left_the_callers_scope(world):
    req = file_request(world.ga)
    client = APIClient()
    client.force_authenticate(world.worker_a)
    response = client.post(
        f"/api/v1/requests/{req.pk}/transfer/", {"to_grid": "GB", "reason": "不属于本网格"}
    )
    assert response.status_code == 200, response.content
    assert ServiceRequest.objects.get(pk=req.pk).grid == world.gb
    assert response.json()["grid"] == "GB"
