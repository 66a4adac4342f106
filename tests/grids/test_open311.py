"""Open311 GeoReport v2: the spec's field names and types in JSON and XML, API keys (for
filing and for reading requests; discovery and services are public), the error list, routing
of a POSTed request to its grid, date and status filters, no 500s."""

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from grids.actions.requests import (
    accept_request,
    rate_request,
    reject_request,
    resolve_request,
    submit_request,
)
from grids.choices import RequestSource, RequestStatus
from grids.models import Open311Client, RequestCategory, RequestEvent, ServiceRequest
from grids.open311 import views as open311

BASE = "/open311/v2"
CATEGORY_CODES = [
    "safety",
    "sanitation",
    "repair",
    "consultation",
    "flying-wire",
    "corridor-clutter",
    "other",
]
SERVICE_FIELDS = [
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
]
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
DATETIME_FIELDS = ["requested_datetime", "updated_datetime", "expected_datetime"]
W3_SHANGHAI = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$")


# ---- helpers ---------------------------------------------------------------------------


@pytest.fixture
def hub(db) -> Open311Client:
    client = Open311Client(name="12345 市民热线")
    client.raw_key = client.issue_key()
    client.save()
    return client


@pytest.fixture
def read(client, hub):
    """GET a path under BASE as the hub does: with its api_key in the query string."""

    def get(path: str, params: dict | None = None):
        return client.get(BASE + path, {"api_key": hub.raw_key, **(params or {})})

    return get


def file_request(area, code="repair", *, at=None, description="楼道灯坏了", **extra):
    category = RequestCategory.objects.get(code=code)
    return submit_request(area=area, category=category, description=description, now=at, **extra)


def post_request(client, key, fmt="json", **overrides):
    data = {
        "api_key": key,
        "service_code": "repair",
        "address_id": "BA1",
        "description": "3单元楼道灯不亮",
    }
    data.update(overrides)
    return client.post(f"{BASE}/requests.{fmt}", {k: v for k, v in data.items() if v is not None})


def error_text(response, status: int) -> str:
    """Assert the spec's JSON error list with this status; return its descriptions."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    errors = response.json()
    assert isinstance(errors, list) and errors
    for error in errors:
        assert set(error) == {"code", "description"}
        assert error["code"] == status
        assert isinstance(error["description"], str) and error["description"]
    return " ".join(error["description"] for error in errors)


def xml_root(response) -> ET.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(response.content)


def listed(read, **params) -> list[str]:
    response = read("/requests.json", params)
    assert response.status_code == 200, response.content
    return [item["service_request_id"] for item in response.json()]


def local(value: datetime) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


# ---- discovery and services ------------------------------------------------------------


def test_discovery_names_the_v2_endpoint_in_json_and_xml(client):
    body = client.get(f"{BASE}/discovery.json").json()
    assert set(body) == {"changeset", "contact", "key_service", "endpoints"}
    [endpoint] = body["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2")
    assert endpoint["type"] in ("production", "test")
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}

    root = xml_root(client.get(f"{BASE}/discovery.xml"))
    assert root.tag == "discovery"
    assert root.findtext("endpoints/endpoint/specification") == endpoint["specification"]
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == endpoint[
        "formats"
    ]


def test_services_json_lists_each_active_category_with_the_spec_fields(client, db):
    response = client.get(f"{BASE}/services.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    services = response.json()
    assert [s["service_code"] for s in services] == CATEGORY_CODES
    for service in services:
        assert list(service) == SERVICE_FIELDS
        assert service["metadata"] is False
        assert service["type"] == "realtime"
        for field in ("service_code", "service_name", "description", "keywords", "group"):
            assert isinstance(service[field], str) and service[field], field
    safety = services[0]
    assert safety["service_name"] == "安全隐患"
    assert "消防通道" in safety["keywords"].split(", ")

    RequestCategory.objects.filter(code="other").update(is_active=False)
    codes = [s["service_code"] for s in client.get(f"{BASE}/services.json").json()]
    assert "other" not in codes


def test_services_xml_has_a_service_element_per_category(client, db):
    root = xml_root(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services"
    services = root.findall("service")
    assert [s.findtext("service_code") for s in services] == CATEGORY_CODES
    for service in services:
        assert [child.tag for child in service] == SERVICE_FIELDS
        assert service.findtext("metadata") == "false"
        assert service.findtext("type") == "realtime"


def test_service_definition_in_json_and_xml_and_404_for_unknown_or_inactive(client, db):
    assert client.get(f"{BASE}/services/flying-wire.json").json() == {
        "service_code": "flying-wire",
        "attributes": [],
    }
    root = xml_root(client.get(f"{BASE}/services/flying-wire.xml"))
    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "flying-wire"
    assert root.find("attributes") is not None and len(root.find("attributes")) == 0

    assert "nope" in error_text(client.get(f"{BASE}/services/nope.json"), 404)
    RequestCategory.objects.filter(code="other").update(is_active=False)
    error_text(client.get(f"{BASE}/services/other.json"), 404)

    response = client.get(f"{BASE}/services/nope.xml")
    assert response.status_code == 404
    root = xml_root(response)
    assert root.tag == "errors"
    assert root.findtext("error/code") == "404"
    assert root.findtext("error/description")


# ---- one request -----------------------------------------------------------------------


def test_a_request_in_json_has_the_spec_fields_and_no_personal_data(read, world):
    filed = file_request(world.ba1, resident_name="张三", resident_phone="13812341234")
    response = read(f"/requests/{filed.tracking_code}.json")
    assert response.status_code == 200
    [item] = response.json()
    assert list(item) == REQUEST_FIELDS
    assert item["service_request_id"] == filed.tracking_code
    assert item["status"] == "open"
    assert item["status_notes"]
    assert item["service_name"] == "报修"
    assert item["service_code"] == "repair"
    assert item["description"] == "楼道灯坏了"
    assert item["agency_responsible"] == "东风社区 第一网格"
    assert item["service_notice"]
    assert item["address"] == "1号楼"
    assert item["address_id"] == "BA1"
    assert item["zipcode"] == "" and item["media_url"] == ""
    assert item["lat"] is None and item["long"] is None
    for field in REQUEST_FIELDS:
        if field not in ("lat", "long"):
            assert isinstance(item[field], str), field
    for field in DATETIME_FIELDS:
        assert W3_SHANGHAI.match(item[field]), item[field]
    assert item["requested_datetime"] == local(filed.created_at)
    # Waiting for a worker: expected is the 2-hour acceptance deadline.
    assert item["expected_datetime"] == local(filed.response_due_at)
    assert filed.response_due_at - filed.created_at == timedelta(hours=2)
    body = response.content.decode()
    assert "张三" not in body and "13812341234" not in body


def test_a_request_in_xml_has_the_same_fields(read, world):
    filed = file_request(world.bb1)
    root = xml_root(read(f"/requests/{filed.tracking_code}.xml"))
    assert root.tag == "service_requests"
    [request] = root.findall("request")
    assert [child.tag for child in request] == REQUEST_FIELDS
    assert request.findtext("service_request_id") == filed.tracking_code
    assert request.findtext("address_id") == "BB1"
    assert request.findtext("agency_responsible") == "东风社区 第二网格"
    assert request.findtext("lat") == ""
    for field in DATETIME_FIELDS:
        assert W3_SHANGHAI.match(request.findtext(field))


def test_status_dates_follow_the_request_through_its_life(read, world):
    filed = file_request(world.ga)
    accept_request(filed, by=world.worker_a)
    [item] = read(f"/requests/{filed.tracking_code}.json").json()
    assert item["status"] == "open"
    assert item["expected_datetime"] == local(filed.resolve_due_at)

    filed.refresh_from_db()
    resolve_request(filed, by=world.worker_a, resolution="换了灯泡")
    rate_request(filed, stars=5)
    times = {
        "created": timezone.now() - timedelta(hours=5),
        "accepted": timezone.now() - timedelta(hours=4),
        "resolved": timezone.now() - timedelta(hours=3),
        "rated": timezone.now() - timedelta(hours=1),
    }
    for kind, at in times.items():
        RequestEvent.objects.filter(request=filed, kind=kind).update(at=at)
    [item] = read(f"/requests/{filed.tracking_code}.json").json()
    assert item["status"] == "closed"
    # The last event but the rating: when the request was closed.
    assert item["updated_datetime"] == local(times["resolved"])
    assert "换了灯泡" not in item["status_notes"]


def test_a_rejected_request_is_closed(read, world):
    filed = file_request(world.ga)
    reject_request(filed, by=world.worker_a, reason="重复")
    [item] = read(f"/requests/{filed.tracking_code}.json").json()
    assert item["status"] == "closed"
    assert item["status_notes"] == str(RequestStatus.REJECTED.label)


def test_phone_and_id_numbers_in_a_description_are_masked(read, world):
    filed = file_request(world.ga, description="请联系13812341234，身份证11010519491231002X")
    [item] = read(f"/requests/{filed.tracking_code}.json").json()
    assert "13812341234" not in item["description"]
    assert "11010519491231002X" not in item["description"]
    assert "138****1234" in item["description"]


def test_xml_escapes_markup_and_drops_illegal_characters(read, world):
    filed = file_request(world.ga, description='<b>水管 & "阀门"</b>\x01')
    root = xml_root(read(f"/requests/{filed.tracking_code}.xml"))
    assert root.findtext("request/description") == '<b>水管 & "阀门"</b>'


def test_unknown_request_or_token_is_a_404_error_list(read, world):
    error_text(read("/requests/ZZZZZZZZZZZZ.json"), 404)
    error_text(read("/tokens/ZZZZZZZZZZZZ.json"), 404)
    filed = file_request(world.ga)
    # The database key is not an id here.
    error_text(read(f"/requests/{filed.pk}.json"), 404)
    root = xml_root(read("/requests/ZZZZZZZZZZZZ.xml"))
    assert root.tag == "errors" and root.findtext("error/code") == "404"


def test_a_tracking_code_is_found_as_residents_type_it(read, world):
    filed = file_request(world.ga)
    typed = filed.display_code.lower()  # with dashes, lower case
    [item] = read(f"/requests/{typed}.json").json()
    assert item["service_request_id"] == filed.tracking_code


# ---- POST ------------------------------------------------------------------------------


def test_post_files_a_request_routed_to_the_grid_of_the_building(client, read, world, hub):
    response = post_request(
        client, hub.raw_key, first_name="三", last_name="张", phone="+86 138 1234 1234"
    )
    assert response.status_code == 201, response.content
    [receipt] = response.json()
    assert list(receipt) == ["service_request_id", "service_notice", "account_id"]
    assert isinstance(receipt["service_request_id"], str)
    assert receipt["service_notice"] and receipt["account_id"] is None

    filed = ServiceRequest.objects.get(tracking_code=receipt["service_request_id"])
    assert filed.area == world.ba1 and filed.grid == world.ga
    assert filed.source == RequestSource.OPEN311
    assert filed.open311_client == hub
    assert filed.category.code == "repair"
    assert filed.resident_name == "张三" and filed.resident_phone == "13812341234"
    assert filed.notifications.filter(recipient=world.worker_a).exists()

    [item] = read(f"/requests/{filed.tracking_code}.json").json()
    assert item["service_request_id"] == filed.tracking_code
    assert item["address_id"] == "BA1"
    assert item["description"] == "3单元楼道灯不亮"
    assert read(f"/tokens/{filed.tracking_code}.json").json() == [
        {"service_request_id": filed.tracking_code, "token": filed.tracking_code}
    ]


def test_post_at_a_grid_and_in_xml(client, world, hub):
    response = post_request(client, hub.raw_key, fmt="xml", address_id="GC")
    assert response.status_code == 201
    root = xml_root(response)
    assert root.tag == "service_requests"
    code = root.findtext("request/service_request_id")
    assert root.find("request/account_id") is not None
    assert ServiceRequest.objects.get(tracking_code=code).grid == world.gc


def test_post_is_not_blocked_by_csrf(world, hub):
    strict = Client(enforce_csrf_checks=True)
    assert post_request(strict, hub.raw_key).status_code == 201


@pytest.mark.parametrize("key", [None, "", "not-a-key"])
def test_a_missing_or_bad_api_key_is_a_403_error_list(client, world, hub, key):
    error_text(post_request(client, key), 403)
    assert not ServiceRequest.objects.exists()


def test_a_revoked_key_is_a_403(client, world, hub):
    Open311Client.objects.filter(pk=hub.pk).update(is_active=False, revoked_at=timezone.now())
    error_text(post_request(client, hub.raw_key), 403)
    response = post_request(client, hub.raw_key, fmt="xml")
    assert response.status_code == 403
    assert xml_root(response).findtext("error/code") == "403"
    assert not ServiceRequest.objects.exists()


def test_a_key_with_revoked_at_set_is_refused_even_if_still_marked_active(client, world, hub):
    Open311Client.objects.filter(pk=hub.pk).update(revoked_at=timezone.now())
    error_text(post_request(client, hub.raw_key), 403)


def test_missing_arguments_are_each_named_in_a_400(client, world, hub):
    text = error_text(
        post_request(client, hub.raw_key, service_code="", address_id=None, description=" "),
        400,
    )
    for name in ("service_code", "address_id", "description"):
        assert name in text
    assert len(post_request(client, hub.raw_key, description=None).json()) == 1
    assert not ServiceRequest.objects.exists()


@pytest.mark.parametrize(
    "overrides,status,named",
    [
        ({"description": "灯" * 2001}, 400, "description"),
        ({"address_id": "NOWHERE"}, 400, "address_id"),
        ({"address_id": "C1"}, 400, "address_id"),  # a community: not a grid or building
        ({"address_id": "DF"}, 400, "address_id"),
        ({"phone": "12345"}, 400, "phone"),
        ({"first_name": "名" * 60}, 400, "first_name"),
        ({"description": "灯\x00坏了"}, 400, "description"),
        ({"service_code": "nope"}, 404, "service_code"),
        ({"service_code": "x" * 10_000}, 404, "service_code"),
    ],
)
def test_bad_arguments_get_an_error_naming_them_and_file_nothing(
    client, world, hub, overrides, status, named
):
    assert named in error_text(post_request(client, hub.raw_key, **overrides), status)
    assert not ServiceRequest.objects.exists()


def test_a_description_of_exactly_2000_characters_is_accepted(client, world, hub):
    assert post_request(client, hub.raw_key, description="灯" * 2000).status_code == 201


def test_optional_arguments_of_the_spec_are_accepted_and_media_is_not_stored(client, world, hub):
    response = post_request(
        client,
        hub.raw_key,
        email="a@example.com",
        media_url="http://example.com/a.jpg",
        lat="39.9",
        long="116.4",
        device_id="d1",
        account_id="7",
        jurisdiction_id="dongfeng",
    )
    assert response.status_code == 201
    assert not ServiceRequest.objects.get().photos.exists()


# ---- GET requests: filters -------------------------------------------------------------


@pytest.fixture
def dated(world) -> dict[str, ServiceRequest]:
    now = timezone.now()
    return {
        "100d": file_request(world.ga, at=now - timedelta(days=100)),
        "10d": file_request(world.ga, "safety", at=now - timedelta(days=10)),
        "5d": file_request(world.gb, at=now - timedelta(days=5)),
        "1d": file_request(world.gc, "sanitation", at=now - timedelta(days=1)),
    }


def codes(dated, *names) -> list[str]:
    return [dated[name].tracking_code for name in names]


def test_without_dates_the_last_90_days_newest_first(read, dated):
    assert listed(read) == codes(dated, "1d", "5d", "10d")


def test_start_and_end_date_filter_on_requested_datetime(read, dated):
    now = timezone.now()
    week_ago = (now - timedelta(days=7)).isoformat()
    assert listed(read, start_date=week_ago) == codes(dated, "1d", "5d")
    assert listed(read, end_date=week_ago) == codes(dated, "10d")
    assert listed(
        read,
        start_date=(now - timedelta(days=120)).isoformat(),
        end_date=(now - timedelta(days=50)).isoformat(),
    ) == codes(dated, "100d")
    # The same instant in Shanghai time, in UTC with Z, and without an offset (Shanghai).
    six_days_ago = now - timedelta(days=6)
    shanghai = timezone.localtime(six_days_ago)
    for start in (
        shanghai.isoformat(timespec="seconds"),
        six_days_ago.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        shanghai.strftime("%Y-%m-%dT%H:%M:%S"),
    ):
        assert listed(read, start_date=start) == codes(dated, "1d", "5d"), start


def test_an_unencoded_plus_in_the_offset_is_understood(client, hub, dated):
    start = timezone.localtime(timezone.now() - timedelta(days=7)).strftime("%Y-%m-%dT%H:%M:%S")
    query = f"start_date={start}+08:00&api_key={hub.raw_key}"  # + arrives as " "
    response = client.get(f"{BASE}/requests.json?{query}")
    assert response.status_code == 200
    assert [i["service_request_id"] for i in response.json()] == codes(dated, "1d", "5d")


@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "yesterday"},
        {"start_date": "2026-13-01T00:00:00+08:00"},
        {"end_date": "2026-01-01T25:00:00Z"},
        {"start_date": "2026-01-01T00:00:00+25:00"},
        {"start_date": "9" * 5000},
        {"start_date": "0001-01-01T00:00:00+08:00"},
        {"end_date": "0001-01-05T00:00:00Z"},
        {"start_date": "9999-12-31T20:00:00Z"},
        {"start_date": "2026-03-01T00:00:00Z", "end_date": "2026-02-01T00:00:00Z"},
        {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},
    ],
)
def test_bad_dates_are_a_400(read, db, params):
    error_text(read("/requests.json", params), 400)


def test_status_filter(read, world, dated):
    reject_request(dated["5d"], by=world.worker_b, reason="重复")
    assert listed(read, status="closed") == codes(dated, "5d")
    assert listed(read, status="open") == codes(dated, "1d", "10d")
    assert listed(read, status="open,closed") == codes(dated, "1d", "5d", "10d")
    assert "status" in error_text(read("/requests.json", {"status": "done"}), 400)


def test_service_code_filter_takes_a_comma_list(read, dated):
    assert listed(read, service_code="repair") == codes(dated, "5d")
    assert listed(read, service_code="safety,sanitation") == codes(dated, "1d", "10d")
    assert listed(read, service_code="nope") == []


def test_service_request_ids_override_the_other_filters(read, dated):
    ids = ",".join(codes(dated, "100d", "1d")) + ",ZZZZZZZZZZZZ"
    found = listed(read, service_request_id=ids, status="closed", service_code="other")
    assert found == codes(dated, "1d", "100d")


def test_requests_xml_lists_request_elements(read, dated):
    root = xml_root(read("/requests.xml"))
    assert root.tag == "service_requests"
    assert [r.findtext("service_request_id") for r in root.findall("request")] == codes(
        dated, "1d", "5d", "10d"
    )


def test_the_list_is_capped(read, dated, monkeypatch):
    monkeypatch.setattr(open311, "MAX_REQUESTS", 2)
    assert listed(read) == codes(dated, "1d", "5d")


def test_listing_takes_a_fixed_number_of_queries(read, world, django_assert_max_num_queries):
    for _ in range(5):
        file_request(world.ba1)
    with django_assert_max_num_queries(3):
        assert len(listed(read)) == 5


# ---- reading requests wants an api_key ------------------------------------------------

READ_PATHS = ["/requests.{fmt}", "/requests/{code}.{fmt}", "/tokens/{code}.{fmt}"]


@pytest.fixture
def filed(world) -> ServiceRequest:
    return file_request(world.ga, description="请联系我")


def refused(response, fmt: str) -> None:
    """Assert the spec's 403 error list in JSON or XML."""
    if fmt == "json":
        error_text(response, 403)
        return
    assert response.status_code == 403, response.content
    root = xml_root(response)
    assert root.tag == "errors"
    errors = root.findall("error")
    assert errors
    for error in errors:
        assert error.findtext("code") == "403"
        assert error.findtext("description")


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("path", READ_PATHS)
@pytest.mark.parametrize("key", [None, "", "   ", "not-a-key"])
def test_reading_requests_without_a_valid_key_is_a_403(client, hub, filed, path, fmt, key):
    params = {} if key is None else {"api_key": key}
    response = client.get(BASE + path.format(code=filed.tracking_code, fmt=fmt), params)
    refused(response, fmt)
    assert filed.tracking_code not in response.content.decode()


@pytest.mark.parametrize(
    "revocation",
    [
        pytest.param({"is_active": False, "revoked_at": timezone.now()}, id="revoked"),
        pytest.param({"revoked_at": timezone.now()}, id="revoked_at-but-still-active"),
        pytest.param({"is_active": False}, id="inactive"),
    ],
)
def test_reading_requests_with_a_revoked_key_is_a_403(client, read, hub, filed, revocation):
    for path in READ_PATHS:
        assert read(path.format(code=filed.tracking_code, fmt="json")).status_code == 200
    Open311Client.objects.filter(pk=hub.pk).update(**revocation)
    for path in READ_PATHS:
        for fmt in ("json", "xml"):
            refused(read(path.format(code=filed.tracking_code, fmt=fmt)), fmt)


def test_the_key_is_checked_before_anything_else(client, db):
    # Without a key nothing tells which ids exist, and no argument is looked at.
    for path in ("/requests/ZZZZZZZZZZZZ", "/tokens/ZZZZZZZZZZZZ"):
        refused(client.get(f"{BASE}{path}.json"), "json")
        refused(client.get(f"{BASE}{path}.xml"), "xml")
    refused(client.get(f"{BASE}/requests.json", {"start_date": "yesterday"}), "json")
    refused(client.get(f"{BASE}/requests.json", {"status": "\x00"}), "json")


def test_head_wants_a_key_too(client, hub, filed):
    for path in READ_PATHS:
        url = BASE + path.format(code=filed.tracking_code, fmt="json")
        assert client.head(url).status_code == 403
        assert client.head(url, {"api_key": "not-a-key"}).status_code == 403
        assert client.head(url, {"api_key": hub.raw_key}).status_code == 200


def test_a_post_takes_its_key_from_the_form_body_only(client, world, hub):
    form = {"service_code": "repair", "address_id": "BA1", "description": "楼道灯坏了"}
    error_text(client.post(f"{BASE}/requests.json?api_key={hub.raw_key}", form), 403)
    assert not ServiceRequest.objects.exists()


def test_discovery_and_services_need_no_key(client, db):
    for path in ("/discovery", "/services", "/services/repair"):
        for fmt in ("json", "xml"):
            response = client.get(f"{BASE}{path}.{fmt}")
            assert response.status_code == 200, (path, fmt, response.content)


# ---- nothing breaks --------------------------------------------------------------------


@pytest.mark.parametrize(
    "method,path,status",
    [
        ("get", "/services.yaml", 400),
        ("get", "/services.JSON", 200),
        ("get", "/", 404),
        ("get", "/nothing", 404),
        # KEY stands for the hub's valid api_key, so these reach the argument parsing (an id
        # the URL patterns refuse, NUL or too long, is the catch-all 404 with or without it).
        ("get", "/requests/%00.json?api_key=KEY", 404),
        ("get", "/tokens/%00.xml?api_key=KEY", 404),
        ("get", "/requests.json?api_key=KEY&status=%00", 400),
        ("get", "/requests.json?api_key=KEY&service_code=%00", 400),
        ("get", "/requests.json?api_key=KEY&service_request_id=" + "A," * 3000, 200),
        ("get", "/requests/" + "A" * 500 + ".json?api_key=KEY", 404),
        ("get", "/requests.JSON?api_key=KEY", 200),
        ("get", "/services/%E4%BD%A0.json", 404),
        # Odd keys are simply wrong keys.
        ("get", "/tokens/ZZZZZZZZZZZZ.json?api_key=%00", 403),
        ("get", "/requests.json?api_key=%00", 403),
        ("get", "/requests.json?api_key=KEY%00", 403),
        ("get", "/tokens/A.xml?api_key=" + "K" * 10_000, 403),
        ("get", "/requests.json?api_key=%ED%A0%80", 403),
        ("delete", "/requests.json", 405),
        ("put", "/requests.xml", 405),
        ("post", "/requests.json", 403),
        ("post", "/requests.json?api_key=KEY", 403),
        ("post", "/requests.txt", 400),
    ],
)
def test_odd_input_never_gives_a_500(client, hub, method, path, status):
    response = getattr(client, method)(BASE + path.replace("KEY", hub.raw_key))
    assert response.status_code == status, response.content
    if status >= 400:
        body = response.content
        if response["Content-Type"].startswith("text/xml"):
            assert ET.fromstring(body).tag == "errors"
        else:
            error_text(response, status)
