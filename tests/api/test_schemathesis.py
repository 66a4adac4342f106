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
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

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


def run_operation(operation, app, headers: dict, failures: list, counter: list) -> None:
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def fuzz(case):
        counter[0] += 1
        response = case.call(app=app, headers=headers)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except Exception as exc:  # schemathesis groups the failed checks in one exception
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
def test_every_api_operation_conforms_to_the_schema(world, wsgi_app, who, caplog):
    caplog.set_level(logging.ERROR, logger="django.request")  # thousands of 4xx lines
    token = Token.objects.create(user=getattr(world, who))
    headers = {"Authorization": f"Token {token.key}"}
    schema = schemathesis.openapi.from_dict(_load_schema()).include(path_regex="^/api/v1/")
    app = wsgi_app
    failures: list[str] = []
    counter = [0]
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        run_operation(operation, app, headers, failures, counter)
    print(f"schemathesis as {who}: {operations} operations, {counter[0]} examples")
    assert operations > 80
    assert not failures, "\n\n".join(failures)
