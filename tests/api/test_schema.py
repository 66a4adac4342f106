"""The API schema tells the truth (issue 8 §3): valid OpenAPI, nullable where null comes
back, every enum value, real response shapes, and the 4xx answers of every operation."""

import re

import pytest
from openapi_spec_validator import validate

from grids.choices import RequestSource

METHODS = ("get", "put", "patch", "post", "delete")


@pytest.fixture
def schema(world, as_user):
    response = as_user(world.street_official).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def test_the_schema_is_valid_openapi(schema):
    validate(schema)  # raises on the first error (e.g. a default "09:00" not `format: time`)
    assert len(schema["paths"]) > 50


@pytest.mark.parametrize(
    "component,field",
    [
        ("ServiceRequest", "accepted_by"),
        ("RequestEvent", "actor"),
        ("Dispute", "source_request"),
        ("ClinicShift", "swapped_from"),
    ],
)
def test_fields_returned_as_null_are_nullable(schema, component, field):
    assert schema["components"]["schemas"][component]["properties"][field].get("nullable")


def test_the_request_source_enum_holds_every_source(schema):
    source = schema["components"]["schemas"]["ServiceRequest"]["properties"]["source"]
    ref = source.get("$ref") or source["allOf"][0]["$ref"]
    enum = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]["enum"]
    assert set(RequestSource.values) <= set(enum)


def test_a_staff_request_still_cannot_claim_to_come_by_qr(world, as_user):
    request = {"area": "BA1", "category": "other", "description": "楼道灯坏了", "source": "qr"}
    response = as_user(world.worker_a).post("/api/v1/requests/", request, "application/json")
    assert response.status_code == 400 and "source" in response.json()


def test_request_figures_document_their_rows_and_query(schema):
    operation = schema["paths"]["/api/v1/requests/figures/"]["get"]
    params = {p["name"] for p in operation["parameters"]}
    assert {"start", "end", "group_by", "within", "status"} <= params
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    body = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    row_ref = body["properties"]["results"]["items"]["$ref"]
    row = schema["components"]["schemas"][row_ref.rsplit("/", 1)[1]]
    assert {"received", "completion_rate", "median_resolve_hours"} <= set(row["properties"])


def test_marking_alerts_read_documents_its_count(schema):
    operation = schema["paths"]["/api/v1/alerts/read/"]["post"]
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert ref.endswith("/MarkedRead")
    assert "requestBody" not in operation


def test_request_actions_document_their_payloads(schema):
    body = schema["paths"]["/api/v1/requests/{id}/resolve/"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"]
    assert list(schema["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"]) == [
        "resolution"
    ]


def test_every_operation_documents_its_errors(schema):
    missing = []
    for path, method, operation in operations(schema):
        if not path.startswith("/api/v1/"):
            continue
        expected = {"400", "403", "404"} | ({"409"} if method == "delete" else set())
        gaps = expected - set(operation["responses"])
        if gaps:
            missing.append((method.upper(), path, sorted(gaps)))
        for code in expected & set(operation["responses"]):
            content = operation["responses"][code]["content"]["application/json"]
            assert content["schema"] == {"$ref": "#/components/schemas/Error"}
    assert not missing


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5"])
def test_an_invalid_page_is_a_400_naming_page(world, as_user, page):
    response = as_user(world.worker_a).get("/api/v1/requests/", {"page": page})
    assert response.status_code == 400
    assert "page" in response.json()


def test_a_page_past_the_last_is_a_404(world, as_user):
    assert as_user(world.worker_a).get("/api/v1/requests/", {"page": 9}).status_code == 404


def test_an_api_url_matching_no_route_answers_json(world, as_user):
    response = as_user(world.worker_a).get("/api/v1/request-categories/a.b/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert as_user(world.worker_a).get("/no-such-page/")["Content-Type"].startswith("text/html")


def test_times_of_day_are_described_as_the_api_writes_them(schema):
    starts_at = schema["components"]["schemas"]["ClinicShift"]["properties"]["starts_at"]
    assert "format" not in starts_at  # RFC 3339 full-time needs an offset the API never writes
    assert re.match(starts_at["pattern"], "09:00:00")
    assert not re.match(starts_at["pattern"], "25:00")
