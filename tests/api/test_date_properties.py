"""Extreme dates fed to every date and datetime filter and field: never a 500 (issue 8 §1.5).

Nothing is hand-listed. The API's date parameters and body fields come from its schema
(drf-spectacular reads them from the filter sets and serializers); the pages' from the filter
sets of every list page in the URL configuration.
"""

import json
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from django import forms
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grids.generic.views import ObjectListView

DATE_FORMATS = {"date", "date-time"}
WRITES = ("post", "put", "patch")

offsets = st.sampled_from(
    [None, UTC, timezone(timedelta(hours=14)), timezone(timedelta(hours=-14))]
)
far_datetimes = st.builds(
    lambda moment, tz: moment.replace(tzinfo=tz).isoformat(),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    offsets,
)
extreme_values = st.one_of(
    st.sampled_from(
        [
            "0001-01-01T00:00:00",
            "0001-01-01T00:00:00+14:00",
            "9999-12-31T23:59:59-14:00",
            "9999-12-31",
            "0001-01-01",
            "0171-06-27T18:19:07Z",
            "2100-12-31T23:59:59-14:00",
            "1999-12-31T23:59:59+14:00",
            "10000-01-01",
            "2026-02-30",
            "2026-13-01T25:61:00",
            "",
            "now",
            "-1",
        ]
    ),
    far_datetimes,
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
    st.text(max_size=30),
)

PROPERTY_SETTINGS = settings(
    max_examples=12,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _schema() -> dict:
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(schema))


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    if "allOf" in node:
        return _resolve(schema, node["allOf"][0])
    return node


def api_date_parameters(schema: dict) -> list[tuple[str, str]]:
    """(path, parameter) for every date/datetime query parameter of a GET without path ids."""
    found = []
    for path, item in schema["paths"].items():
        operation = item.get("get")
        if operation is None or "{" in path:
            continue
        for param in operation.get("parameters", []):
            if param["in"] == "query" and param["schema"].get("format") in DATE_FORMATS:
                found.append((path, param["name"]))
    return found


def api_date_fields(schema: dict) -> list[tuple[str, str, str]]:
    """(method, path, field) for every writable date/datetime field of a request body."""
    found = []
    for path, item in schema["paths"].items():
        for method in WRITES:
            operation = item.get(method)
            if not operation or "requestBody" not in operation:
                continue
            body = operation["requestBody"]["content"].get("application/json")
            if not body:
                continue
            for name, prop in _resolve(schema, body["schema"]).get("properties", {}).items():
                prop = _resolve(schema, prop) if "$ref" in prop or "allOf" in prop else prop
                if prop.get("format") in DATE_FORMATS and not prop.get("readOnly"):
                    found.append((method, path, name))
    return found


def _list_pages(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _list_pages(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and "<" not in route:
            view = getattr(pattern.callback, "view_class", None)
            if view and issubclass(view, ObjectListView) and view.filterset_class:
                yield "/" + route.lstrip("^").rstrip("$"), view.filterset_class


def page_date_filters() -> list[tuple[str, str]]:
    found = []
    for path, filterset_class in _list_pages(get_resolver().url_patterns):
        for name, filter_ in filterset_class.base_filters.items():
            if issubclass(filter_.field_class, forms.DateField | forms.DateTimeField):
                found.append((path, name))
    return found


@pytest.fixture(scope="module")
def schema():
    return _schema()


def test_discovery_finds_the_date_filters_and_fields(schema):
    params, fields, pages = (
        api_date_parameters(schema),
        api_date_fields(schema),
        page_date_filters(),
    )
    assert ("/api/v1/requests/", "created_after") in params
    assert ("/api/v1/requests/figures/", "start") in params
    assert ("/api/v1/disputes/", "received_after") in params
    assert ("post", "/api/v1/clinic-shifts/rota/", "first_day") in fields
    assert ("post", "/api/v1/consultations/", "at") in fields
    assert ("/requests/", "created_after") in pages
    assert len(params) >= 8 and len(fields) >= 6 and len(pages) >= 3


def _signed_in(client, world, who):
    client.force_login(getattr(world, who))
    return client


USERS = st.sampled_from(["worker_a", "community_official", "street_official"])


@PROPERTY_SETTINGS
@given(value=extreme_values, who=USERS)
def test_every_api_date_filter_answers_without_a_500(world, client, schema, value, who):
    client = _signed_in(client, world, who)
    for path, name in api_date_parameters(schema):
        response = client.get(path, {name: value})
        assert response.status_code < 500, (path, name, value, response.content[:300])
        assert response.status_code in (200, 400), (path, name, value)


@PROPERTY_SETTINGS
@given(value=extreme_values, who=USERS)
def test_every_page_date_filter_answers_without_a_500(world, client, value, who):
    client = _signed_in(client, world, who)
    for path, name in page_date_filters():
        response = client.get(path, {name: value})
        assert response.status_code < 500, (path, name, value)


@PROPERTY_SETTINGS
@given(value=extreme_values, who=USERS)
def test_every_api_date_field_answers_without_a_500(world, client, schema, value, who):
    client = _signed_in(client, world, who)
    for method, path, name in api_date_fields(schema):
        url = path.replace("{id}", "1").replace("{code}", "GA")
        send = getattr(client, method)
        response = send(url, json.dumps({name: value}), content_type="application/json")
        assert response.status_code < 500, (method, path, name, value, response.content[:300])
        if response.status_code == 400 and not _in_range(value):
            assert name in response.json() or "non_field_errors" in response.json()


def _in_range(value: str) -> bool:
    try:
        day = datetime.fromisoformat(value).date()
    except ValueError:
        return False
    return date(2000, 1, 1) <= day <= date(2100, 12, 31)
