"""schemathesis drives every operation of /api/v1/ against the test database (issue 8 §3).

Bounded: at most EXAMPLES derandomized examples per operation, as an official and as a grid
worker (a token header each), with the checks not_a_server_error, status_code_conformance,
content_type_conformance and response_schema_conformance. Every failure of every operation
is collected and reported at once.
"""

from __future__ import annotations

import json
import logging

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from grids.choices import Role
from tests.conftest import make_user

EXAMPLES = 20
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _load_schema() -> dict:
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


@pytest.fixture
def rows(world):
    """Rows of every kind, so reads answer real objects (their nulls included) and detail
    operations can be sent to ids that exist."""
    from disputes.actions.clinic import swap_shifts
    from tests.disputes.factories import (
        ClinicShiftFactory,
        ConsultationFactory,
        DisputeFactory,
        KeyPersonFactory,
        RiskItemFactory,
        ScreeningCampaignFactory,
        SettledDisputeFactory,
    )
    from tests.grids.factories import NotificationFactory, ServiceRequestFactory

    waiting = ServiceRequestFactory(area=world.ba1)  # by QR: accepted_by, actor are null
    ServiceRequestFactory(area=world.bb1, source="hotline", by=world.worker_b)
    for user in (world.worker_a, world.street_official):
        NotificationFactory(request=waiting, recipient=user)
    DisputeFactory(area=world.ba1)
    SettledDisputeFactory(area=world.bb1)
    lawyer = make_user("lawyer_api", Role.LEGAL_ADVISOR, world.c1)
    first, second = ClinicShiftFactory.create_batch(2, community=world.c1, lawyer=lawyer)
    ClinicShiftFactory(community=world.c1, lawyer=world.mediator_c1)
    swap_shifts(first, ClinicShiftFactory(community=world.c1, lawyer=world.mediator_c1), by=lawyer)
    ConsultationFactory(area=world.ba1, recorded_by=world.mediator_c1)
    ScreeningCampaignFactory(area=world.ga)
    RiskItemFactory(area=world.ga, owner=world.worker_a)
    KeyPersonFactory(area=world.ba1, responsible=world.worker_a)


def known_ids(operations, headers: dict) -> dict[str, dict]:
    """{path: {parameter: value}}: for a path with one id, the first row its list answers."""
    client = Client(HTTP_AUTHORIZATION=headers["Authorization"])
    found = {}
    for operation in operations:
        path = operation.path
        if path.count("{") != 1:
            continue
        prefix, rest = path.split("{", 1)
        name = rest.split("}", 1)[0]
        response = client.get(prefix)
        if response.status_code == 200 and response.json().get("results"):
            found[path] = {name: response.json()["results"][0][name]}
    return found


def run_operation(
    operation, app, headers: dict, failures: list, counter: list, ids: dict | None = None
) -> None:
    strategy = operation.as_strategy()
    if ids:  # half random ids (404s), half an object that exists
        strategy = st.one_of(strategy, operation.as_strategy(path_parameters=ids))

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def fuzz(case):
        counter[0] += 1
        response = case.call(app=app, headers=headers)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (Exception, BaseExceptionGroup) as exc:  # a FailureGroup of the failed checks
            failures.append(f"{operation.label}: {type(exc).__name__}: {str(exc)[:1500]}")
            raise

    try:
        fuzz()
    except (Exception, BaseExceptionGroup):  # recorded above; go on with the next operation
        pass


@pytest.fixture
def wsgi_app():
    """Django's WSGI app in this thread, on the test's database connection: as in Django's
    test client, requests must not close it when they finish."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("who", ["street_official", "worker_a"])
def test_every_api_operation_conforms_to_the_schema(world, rows, wsgi_app, who, caplog):
    caplog.set_level(logging.ERROR, logger="django.request")  # thousands of 4xx lines
    token = Token.objects.create(user=getattr(world, who))
    headers = {"Authorization": f"Token {token.key}"}
    schema = schemathesis.openapi.from_dict(_load_schema()).include(path_regex="^/api/v1/")
    app = wsgi_app
    failures: list[str] = []
    counter = [0]
    operations = 0
    every = [result.ok() for result in schema.get_all_operations()]
    ids = known_ids(every, headers)
    # Django's test client reconnects close_old_connections after each of its requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    assert len(ids) > 20  # most detail operations meet a real object
    for operation in every:
        operations += 1
        run_operation(operation, app, headers, failures, counter, ids.get(operation.path))
    print(f"schemathesis as {who}: {operations} operations, {counter[0]} examples")
    assert operations > 80
    assert not failures, "\n\n".join(failures)


def test_the_harness_reports_a_response_the_schema_does_not_describe(world, rows, wsgi_app):
    """The same run, on a schema claiming accepted_by is never null (issue 8's finding):
    the waiting request's detail read must be reported."""
    token = Token.objects.create(user=world.street_official)
    headers = {"Authorization": f"Token {token.key}"}
    raw = _load_schema()
    raw["components"]["schemas"]["ServiceRequest"]["properties"]["accepted_by"].pop("nullable")
    schema = schemathesis.openapi.from_dict(raw).include(
        path="/api/v1/requests/{id}/", method="GET"
    )
    [operation] = [result.ok() for result in schema.get_all_operations()]
    ids = known_ids([operation], headers)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    failures: list[str] = []
    run_operation(operation, wsgi_app, headers, failures, [0], ids[operation.path])
    assert failures and "accepted_by" in failures[0]
