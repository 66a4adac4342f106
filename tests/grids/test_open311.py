"""Open311 GeoReport v2: the spec's field names and types in JSON and XML, public reads with
personal data withheld (a key adds the masked description), API keys for filing, the public
id (never the resident's tracking code), locations and triage, service attributes, the error
list, routing of a POSTed request to its grid, date and status filters, 405s, no 500s."""

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

from .open311_helpers import UNIT_FLOOR, error_xml

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


def public_id_of(response) -> str:
    [receipt] = response.json()
    return receipt["service_request_id"]


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
        # repair asks for unit and floor (seeded by a migration); the others ask nothing more
        assert service["metadata"] is (service["service_code"] == "repair")
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
        metadata = "true" if service.findtext("service_code") == "repair" else "false"
        assert service.findtext("metadata") == metadata
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
    response = read(f"/requests/{filed.public_id}.json")
    assert response.status_code == 200
    [item] = response.json()
    assert list(item) == REQUEST_FIELDS
    assert (
        item["service_request_id"]
        == filed.public_id
        == f"DF-{filed.created_at.year}-{filed.pk:06d}"
    )
    assert item["status"] == "open"
    assert item["status_notes"]
    assert item["service_name"] == "报修"
    assert item["service_code"] == "repair"
    assert item["description"] == "楼道灯坏了"
    assert item["agency_responsible"] == "东风社区 · 第一网格"
    assert item["service_notice"]
    assert item["address"] == "东风社区 · 第一网格 · 1号楼"
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
    assert filed.tracking_code not in body


def test_a_request_in_xml_has_the_same_fields(read, world):
    filed = file_request(world.bb1)
    root = xml_root(read(f"/requests/{filed.public_id}.xml"))
    assert root.tag == "service_requests"
    [request] = root.findall("request")
    assert [child.tag for child in request] == REQUEST_FIELDS
    assert request.findtext("service_request_id") == filed.public_id
    assert request.findtext("address_id") == "BB1"
    assert request.findtext("agency_responsible") == "东风社区 · 第二网格"
    assert request.findtext("lat") == ""
    for field in DATETIME_FIELDS:
        assert W3_SHANGHAI.match(request.findtext(field))


def test_status_dates_follow_the_request_through_its_life(read, world):
    filed = file_request(world.ga)
    accept_request(filed, by=world.worker_a)
    [item] = read(f"/requests/{filed.public_id}.json").json()
    assert item["status"] == "open"
    assert item["expected_datetime"] == local(filed.resolve_due_at)

    filed.refresh_from_db()
    resolve_request(filed, by=world.worker_a, resolution="换了灯泡，有事请打13812341234")
    rate_request(filed, stars=5)
    times = {
        "created": timezone.now() - timedelta(hours=5),
        "accepted": timezone.now() - timedelta(hours=4),
        "resolved": timezone.now() - timedelta(hours=3),
        "rated": timezone.now() - timedelta(hours=1),
    }
    for kind, at in times.items():
        RequestEvent.objects.filter(request=filed, kind=kind).update(at=at)
    [item] = read(f"/requests/{filed.public_id}.json").json()
    assert item["status"] == "closed"
    # The last event but the rating: when the request was closed.
    assert item["updated_datetime"] == local(times["resolved"])
    # The public reply is the resolution, numbers masked.
    assert item["status_notes"] == "换了灯泡，有事请打138****1234"


def test_a_rejected_request_is_closed(read, world):
    filed = file_request(world.ga)
    reject_request(filed, by=world.worker_a, reason="重复")
    [item] = read(f"/requests/{filed.public_id}.json").json()
    assert item["status"] == "closed"
    assert item["status_notes"] == str(RequestStatus.REJECTED.label)


def test_phone_and_id_numbers_in_a_description_are_masked(read, world):
    filed = file_request(world.ga, description="请联系13812341234，身份证11010519491231002X")
    [item] = read(f"/requests/{filed.public_id}.json").json()
    assert "13812341234" not in item["description"]
    assert "11010519491231002X" not in item["description"]
    assert "138****1234" in item["description"]


def test_xml_escapes_markup_and_drops_illegal_characters(read, world):
    filed = file_request(world.ga, description='<b>水管 & "阀门"</b>\x01')
    root = xml_root(read(f"/requests/{filed.public_id}.xml"))
    assert root.findtext("request/description") == '<b>水管 & "阀门"</b>'


def test_unknown_request_or_token_is_a_404_error_list(read, world):
    error_text(read("/requests/DF-2026-999999.json"), 404)
    error_text(read("/tokens/DF-2026-999999.json"), 404)
    filed = file_request(world.ga)
    # The database key is not an id here.
    error_text(read(f"/requests/{filed.pk}.json"), 404)
    root = xml_root(read("/requests/DF-2026-999999.xml"))
    assert root.tag == "errors" and root.findtext("error/code") == "404"


def test_a_public_id_is_found_in_any_case(read, world):
    filed = file_request(world.ga)
    [item] = read(f"/requests/{filed.public_id.lower()}.json").json()
    assert item["service_request_id"] == filed.public_id


@pytest.mark.parametrize("keyed", [False, True], ids=["public", "with-key"])
def test_the_tracking_code_is_no_open311_id_and_never_shown(client, hub, world, keyed):
    """Issue 8 §1.2: the tracking code was the service_request_id, so anyone reading Open311
    could open the resident's /t/<code>/ page (description unmasked, the rating form)."""
    filed = file_request(world.ga, description="请联系13812341234")
    params = {"api_key": hub.raw_key} if keyed else {}
    listed = client.get(f"{BASE}/requests.json", params)
    assert listed.status_code == 200, listed.content
    [item] = listed.json()
    # What Open311 gives out does not open the resident's page.
    assert client.get(f"/t/{item['service_request_id']}/").status_code == 404
    assert item["service_request_id"] == filed.public_id
    for path in ("/requests.json", f"/requests/{filed.public_id}.json", "/requests.xml"):
        body = client.get(BASE + path, params).content.decode()
        assert filed.tracking_code not in body and filed.display_code not in body
    # And the tracking code is not an Open311 id.
    error_text(client.get(f"{BASE}/requests/{filed.tracking_code}.json", params), 404)
    error_text(client.get(f"{BASE}/tokens/{filed.tracking_code}.json", params), 404)
    assert (
        client.get(
            f"{BASE}/requests.json", {**params, "service_request_id": filed.tracking_code}
        ).json()
        == []
    )


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

    filed = ServiceRequest.objects.get(public_id=receipt["service_request_id"])
    assert filed.tracking_code not in response.content.decode()
    assert filed.area == world.ba1 and filed.grid == world.ga
    assert filed.source == RequestSource.OPEN311
    assert filed.open311_client == hub
    assert filed.category.code == "repair"
    assert filed.resident_name == "张三" and filed.resident_phone == "13812341234"
    assert filed.notifications.filter(recipient=world.worker_a).exists()

    [item] = read(f"/requests/{filed.public_id}.json").json()
    assert item["service_request_id"] == filed.public_id
    assert item["address_id"] == "BA1"
    assert item["description"] == "3单元楼道灯不亮"
    assert read(f"/tokens/{filed.public_id}.json").json() == [
        {"service_request_id": filed.public_id, "token": filed.public_id}
    ]


def test_post_at_a_grid_and_in_xml(client, world, hub):
    response = post_request(client, hub.raw_key, fmt="xml", address_id="GC")
    assert response.status_code == 201
    root = xml_root(response)
    assert root.tag == "service_requests"
    public_id = root.findtext("request/service_request_id")
    assert root.find("request/account_id") is not None
    assert ServiceRequest.objects.get(public_id=public_id).grid == world.gc


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
        post_request(client, hub.raw_key, service_code="", address_id="BA1", description=" "),
        400,
    )
    for name in ("service_code", "description"):
        assert name in text
    assert len(post_request(client, hub.raw_key, description=None).json()) == 1
    # No location at all: the spec wants lat+long, address_string or address_id.
    text = error_text(post_request(client, hub.raw_key, address_id=None), 400)
    assert "address_string" in text and "address_id" in text and "lat" in text
    assert not ServiceRequest.objects.exists()


@pytest.mark.parametrize(
    "overrides,status,named",
    [
        ({"description": "灯" * 4001}, 400, "description"),
        ({"address_id": "NOWHERE"}, 400, "address_id"),
        ({"phone": "12345"}, 400, "phone"),
        ({"first_name": "名" * 60}, 400, "first_name"),
        ({"description": "灯\x00坏了"}, 400, "description"),
        # An unknown service is a bad argument of the POST: 400 (services/nope.json is a 404).
        ({"service_code": "nope"}, 400, "service_code"),
        ({"service_code": "x" * 10_000}, 400, "service_code"),
        ({"lat": "34.4"}, 400, "long"),
        ({"long": "115.6"}, 400, "lat"),
        ({"lat": "91", "long": "115.6"}, 400, "lat"),
        ({"lat": "34.4", "long": "-180.5"}, 400, "long"),
        ({"lat": "nan", "long": "115.6"}, 400, "lat"),
        ({"lat": "inf", "long": "115.6"}, 400, "lat"),
        ({"lat": "北纬34", "long": "115.6"}, 400, "lat"),
        ({"address_string": "路" * 251}, 400, "address_string"),
        (
            {"address_id": None, "address_string": "x", "jurisdiction_id": "XX"},
            400,
            "jurisdiction_id",
        ),
        ({"attribute[floor]": "三楼"}, 400, "attribute[floor]"),
        ({"attribute[colour]": "red"}, 400, "attribute[colour]"),
        ({"attribute[unit]": "3\x00"}, 400, "attribute[unit]"),
    ],
)
def test_bad_arguments_get_an_error_naming_them_and_file_nothing(
    client, world, hub, overrides, status, named
):
    assert named in error_text(post_request(client, hub.raw_key, **overrides), status)
    assert not ServiceRequest.objects.exists()


def test_a_description_of_exactly_4000_characters_is_accepted(client, world, hub):
    assert post_request(client, hub.raw_key, description="灯" * 4000).status_code == 201
    assert len(ServiceRequest.objects.get().description) == 4000


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
        jurisdiction_id="DF",
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
    return [dated[name].public_id for name in names]


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
    ids = ",".join(codes(dated, "100d", "1d")) + ",DF-2026-999999"
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


# ---- reading is public; a key adds the description ------------------------------------

READ_PATHS = ["/requests.{fmt}", "/requests/{id}.{fmt}"]


@pytest.fixture
def filed(world) -> ServiceRequest:
    return file_request(
        world.ba1,
        description="请联系我13812341234",
        resident_name="张三",
        resident_phone="13912345678",
        latitude=34.414601,
        longitude=115.656304,
        address_string="东风路1号院1号楼3单元",
    )


def refused(response, fmt: str) -> None:
    """Assert the spec's 403 error list in JSON or XML."""
    if fmt == "json":
        error_text(response, 403)
        return
    assert response.status_code == 403, response.content
    assert error_xml(xml_root(response)) == ["403"]


@pytest.mark.parametrize("path", READ_PATHS)
def test_reading_without_a_key_gives_no_personal_data(client, filed, path):
    photo_owner = filed  # a photo is never served through Open311
    response = client.get(BASE + path.format(id=filed.public_id, fmt="json"))
    assert response.status_code == 200, response.content
    [item] = response.json()
    assert list(item) == REQUEST_FIELDS
    assert item["service_request_id"] == filed.public_id
    assert item["status"] == "open" and item["status_notes"]
    assert item["service_code"] == "repair" and item["service_name"] == "报修"
    assert item["address"] == "东风社区 · 第一网格 · 1号楼"
    assert item["lat"] == 34.414601 and item["long"] == 115.656304
    assert item["requested_datetime"] == local(filed.created_at)
    assert item["description"] == "" and item["media_url"] == ""
    body = response.content.decode()
    for secret in ("请联系我", "张三", "13912345678", "139****5678", photo_owner.tracking_code):
        assert secret not in body

    root = xml_root(client.get(BASE + path.format(id=filed.public_id, fmt="xml")))
    [request] = root.findall("request")
    assert [child.tag for child in request] == REQUEST_FIELDS
    assert request.findtext("service_request_id") == filed.public_id
    assert request.findtext("description") == ""
    assert float(request.findtext("lat")) == 34.414601
    assert "张三" not in ET.tostring(root, encoding="unicode")


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_reading_with_a_key_adds_the_masked_description(client, hub, filed, fmt):
    # The key may come in the query string, as on every other call.
    response = client.get(f"{BASE}/requests/{filed.public_id}.{fmt}", {"api_key": hub.raw_key})
    assert response.status_code == 200
    if fmt == "json":
        [item] = response.json()
        description = item["description"]
    else:
        description = xml_root(response).findtext("request/description")
    assert description == "请联系我138****1234"
    assert "张三" not in response.content.decode()


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("path", [*READ_PATHS, "/tokens/{id}.{fmt}"])
@pytest.mark.parametrize("key", ["   x", "not-a-key", "%00"])
def test_reading_with_a_wrong_key_is_a_403(client, hub, filed, path, fmt, key):
    response = client.get(BASE + path.format(id=filed.public_id, fmt=fmt), {"api_key": key})
    refused(response, fmt)
    assert filed.public_id not in response.content.decode()


@pytest.mark.parametrize(
    "revocation",
    [
        pytest.param({"is_active": False, "revoked_at": timezone.now()}, id="revoked"),
        pytest.param({"revoked_at": timezone.now()}, id="revoked_at-but-still-active"),
        pytest.param({"is_active": False}, id="inactive"),
    ],
)
def test_reading_with_a_revoked_key_is_a_403(client, read, hub, filed, revocation):
    for path in READ_PATHS:
        assert read(path.format(id=filed.public_id, fmt="json")).status_code == 200
    Open311Client.objects.filter(pk=hub.pk).update(**revocation)
    for path in READ_PATHS:
        for fmt in ("json", "xml"):
            refused(read(path.format(id=filed.public_id, fmt=fmt)), fmt)


def test_a_wrong_key_is_checked_before_anything_else(client, db):
    # With a wrong key nothing tells which ids exist, and no argument is looked at.
    bad = {"api_key": "not-a-key"}
    for path in ("/requests/DF-2026-999999", "/tokens/DF-2026-999999"):
        refused(client.get(f"{BASE}{path}.json", bad), "json")
        refused(client.get(f"{BASE}{path}.xml", bad), "xml")
    refused(client.get(f"{BASE}/requests.json", {**bad, "start_date": "yesterday"}), "json")
    refused(client.get(f"{BASE}/requests.json", {**bad, "status": "\x00"}), "json")


def test_head_is_public_too(client, hub, filed):
    for path in READ_PATHS:
        url = BASE + path.format(id=filed.public_id, fmt="json")
        assert client.head(url).status_code == 200
        assert client.head(url, {"api_key": "not-a-key"}).status_code == 403
        assert client.head(url, {"api_key": hub.raw_key}).status_code == 200


def test_a_post_takes_its_key_from_the_form_body_or_the_query_string(client, world, hub):
    form = {"service_code": "repair", "address_id": "BA1", "description": "楼道灯坏了"}
    response = client.post(f"{BASE}/requests.json?api_key={hub.raw_key}", form)
    assert response.status_code == 201, response.content
    assert ServiceRequest.objects.get().open311_client == hub
    error_text(client.post(f"{BASE}/requests.json?api_key=not-a-key", form), 403)
    error_text(client.post(f"{BASE}/requests.json", form), 403)  # filing always wants a key
    assert ServiceRequest.objects.count() == 1


def test_discovery_and_services_need_no_key(client, db):
    for path in ("/discovery", "/services", "/services/repair"):
        for fmt in ("json", "xml"):
            response = client.get(f"{BASE}{path}.{fmt}")
            assert response.status_code == 200, (path, fmt, response.content)


# ---- locations and triage ----------------------------------------------------------------


def test_lat_long_and_address_string_are_stored_and_returned(client, read, world, hub):
    response = post_request(
        client, hub.raw_key, lat="34.414601", long="115.656304", address_string="东风路1号院"
    )
    assert response.status_code == 201, response.content
    filed = ServiceRequest.objects.get(public_id=public_id_of(response))
    assert (filed.latitude, filed.longitude) == (34.414601, 115.656304)
    assert filed.address_string == "东风路1号院"
    assert filed.grid == world.ga  # address_id still routes it
    [item] = read(f"/requests/{filed.public_id}.json").json()
    assert (item["lat"], item["long"]) == (34.414601, 115.656304)


@pytest.mark.parametrize(
    "location",
    [
        pytest.param({"lat": "34.4146", "long": "115.6563"}, id="lat-long"),
        pytest.param({"address_string": "东风路与民主路交叉口"}, id="address_string"),
        pytest.param({"address_string": "东风路", "jurisdiction_id": "df"}, id="jurisdiction"),
    ],
)
def test_without_address_id_the_request_waits_for_triage_at_the_sub_district(
    client, read, world, hub, location
):
    response = post_request(client, hub.raw_key, address_id=None, **location)
    assert response.status_code == 201, response.content
    filed = ServiceRequest.objects.get(public_id=public_id_of(response))
    assert filed.grid == world.df and filed.area == world.df
    assert filed.needs_triage and filed.status == RequestStatus.NEW
    # The 2-hour clock runs; the officials holding the sub-district are told.
    assert filed.response_due_at - filed.created_at == timedelta(hours=2)
    assert set(filed.notifications.values_list("recipient__username", flat=True)) == {
        "street_official"
    }
    [item] = read(f"/requests/{filed.public_id}.json").json()
    assert item["address"] == "东风街道" and item["address_id"] == "DF"
    assert item["status"] == "open"


def test_a_community_as_address_id_waits_for_triage_there(client, world, hub):
    response = post_request(client, hub.raw_key, address_id="C1")
    assert response.status_code == 201, response.content
    filed = ServiceRequest.objects.get(public_id=public_id_of(response))
    assert filed.grid == world.c1 and filed.needs_triage
    told = set(filed.notifications.values_list("recipient__username", flat=True))
    assert told == {"community_official", "street_official"}


def test_with_several_sub_districts_a_request_without_address_id_names_one(client, world, hub):
    from tests.conftest import make_area

    make_area("XY", "subdistrict", name="西园街道")
    text = error_text(post_request(client, hub.raw_key, address_id=None, lat="34", long="115"), 400)
    assert "jurisdiction_id" in text
    ok = post_request(
        client, hub.raw_key, address_id=None, lat="34", long="115", jurisdiction_id="XY"
    )
    assert ok.status_code == 201
    assert ServiceRequest.objects.get().grid.code == "XY"


# ---- a service with attributes (metadata=true) ---------------------------------------------


def test_the_repair_service_definition_asks_for_unit_and_floor(client, db):
    definition = client.get(f"{BASE}/services/repair.json").json()
    assert definition == {"service_code": "repair", "attributes": UNIT_FLOOR}

    root = xml_root(client.get(f"{BASE}/services/repair.xml"))
    attributes = root.findall("attributes/attribute")
    assert [a.findtext("code") for a in attributes] == ["unit", "floor"]
    for attribute in attributes:
        assert [child.tag for child in attribute] == [
            "variable",
            "code",
            "datatype",
            "required",
            "datatype_description",
            "order",
            "description",
            "values",
        ]
    assert attributes[1].findtext("datatype") == "number"
    assert attributes[1].findtext("required") == "false"


@pytest.fixture
def kinds(db) -> RequestCategory:
    """A service with every check: a required list, a multi-list, a date."""
    category = RequestCategory.objects.get(code="sanitation")
    category.attributes = [
        {
            "code": "kind",
            "datatype": "singlevaluelist",
            "description": "问题类型",
            "required": True,
            "order": 1,
            "values": [{"key": "rubbish", "name": "垃圾"}, {"key": "sewage", "name": "污水"}],
        },
        {
            "code": "when",
            "datatype": "multivaluelist",
            "description": "出现时段",
            "order": 2,
            "values": [{"key": "am", "name": "上午"}, {"key": "pm", "name": "下午"}],
        },
        {"code": "since", "datatype": "datetime", "description": "从何时开始", "order": 3},
    ]
    category.full_clean()
    category.save()
    return category


def test_attributes_are_checked_and_stored(client, world, hub, kinds, as_user):
    def post(**attributes):
        return post_request(client, hub.raw_key, service_code="sanitation", **attributes)

    assert "attribute[kind]" in error_text(post(), 400)  # required
    assert "attribute[kind]" in error_text(post(**{"attribute[kind]": "fire"}), 400)
    text = error_text(
        post(**{"attribute[kind]": "sewage", "attribute[when][]": ["am", "night"]}), 400
    )
    assert "attribute[when]" in text and "night" in text
    assert "attribute[since]" in error_text(
        post(**{"attribute[kind]": "sewage", "attribute[since]": "昨天"}), 400
    )
    assert not ServiceRequest.objects.exists()

    response = post(
        **{
            "attribute[kind]": "sewage",
            "attribute[when][]": ["am", "pm"],
            "attribute[since]": "2026-11-20T08:00:00+08:00",
        }
    )
    assert response.status_code == 201, response.content
    filed = ServiceRequest.objects.get()
    assert filed.attributes == {
        "kind": "sewage",
        "when": ["am", "pm"],
        "since": "2026-11-20T08:00:00+08:00",
    }
    # Staff see the answers, by their questions, on the request's page.
    page = as_user(world.worker_a).get(filed.get_absolute_url()).content.decode()
    assert '问题类型</dt><dd class="attribute">污水' in page
    assert '出现时段</dt><dd class="attribute">上午、下午' in page


def test_repair_answers_unit_and_floor(client, world, hub):
    response = post_request(
        client, hub.raw_key, **{"attribute[unit]": "3单元", "attribute[floor]": "-1"}
    )
    assert response.status_code == 201, response.content
    assert ServiceRequest.objects.get().attributes == {"unit": "3单元", "floor": "-1"}


@pytest.mark.parametrize(
    "attributes",
    [
        "not a list",
        [{"code": "x"}],
        [{"code": "x y", "datatype": "string", "description": "x"}],
        [{"code": "x", "datatype": "colour", "description": "x"}],
        [{"code": "x", "datatype": "singlevaluelist", "description": "x"}],
        [{"code": "x", "datatype": "string", "description": "x", "required": "yes"}],
        [{"code": "x", "datatype": "string", "description": "x", "values": ["a"]}],
        [{"code": "x", "datatype": "string", "description": "x", "colour": "red"}],
        [
            {"code": "x", "datatype": "string", "description": "x"},
            {"code": "x", "datatype": "number", "description": "y"},
        ],
    ],
)
def test_bad_attribute_definitions_are_refused(db, attributes):
    from django.core.exceptions import ValidationError

    category = RequestCategory.objects.get(code="other")
    category.attributes = attributes
    with pytest.raises(ValidationError) as caught:
        category.full_clean()
    assert "attributes" in caught.value.message_dict


# ---- nothing breaks --------------------------------------------------------------------


@pytest.mark.parametrize(
    "method,path,status",
    [
        ("get", "/services.yaml", 400),
        ("get", "/services.JSON", 200),
        ("get", "/", 404),
        ("get", "/nothing", 404),
        # KEY stands for the hub's valid api_key (an id the URL patterns refuse, NUL or too
        # long, is the catch-all 404 with or without it).
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
        ("get", "/requests/%00.json", 404),
        ("get", "/requests.json?status=%00", 400),
        ("delete", "/requests.json", 405),
        ("put", "/requests.xml", 405),
        ("post", "/requests.json", 403),
        ("post", "/requests.json?api_key=KEY", 400),  # the key, but no arguments
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


# ---- a wrong method: the spec's 405, never Django's CSRF page --------------------------

WRONG_METHODS = [
    ("post", "/discovery"),
    ("delete", "/discovery"),
    ("post", "/services"),
    ("delete", "/services"),
    ("put", "/services/repair"),
    ("post", "/services/repair"),
    ("post", "/requests/{id}"),
    ("delete", "/requests/{id}"),
    ("patch", "/requests/{id}"),
    ("post", "/tokens/{id}"),
    ("delete", "/tokens/{id}"),
    ("delete", "/requests"),
    ("put", "/requests"),
]


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("method,path", WRONG_METHODS)
def test_a_wrong_method_is_a_405_error_list_in_the_format_asked(hub, world, method, path, fmt):
    strict = Client(enforce_csrf_checks=True)  # as a real client: no CSRF token
    filed = file_request(world.ga)
    url = BASE + path.format(id=filed.public_id) + f".{fmt}"
    response = getattr(strict, method)(url, {"api_key": hub.raw_key})
    assert response.status_code == 405, response.content[:200]
    assert response["Allow"]
    if fmt == "json":
        error_text(response, 405)
    else:
        assert error_xml(xml_root(response)) == ["405"]
    filed.refresh_from_db()
    assert filed.status == RequestStatus.NEW  # nothing changed


def test_unknown_resources_answer_404_to_a_post_too(hub):
    strict = Client(enforce_csrf_checks=True)
    error_text(strict.post(f"{BASE}/nothing.json"), 404)


# ---- attributes are edited in the admin, checked there --------------------------------------


def test_an_administrator_edits_a_categorys_attributes_in_the_admin(world, as_user):
    import json

    category = RequestCategory.objects.get(code="other")
    client = as_user(world.admin)
    url = f"/admin/grids/requestcategory/{category.pk}/change/"
    assert 'name="attributes"' in client.get(url).content.decode()
    form = {
        "code": "other",
        "name": category.name,
        "description": category.description,
        "response_minutes": 120,
        "resolve_hours": 72,
        "position": 6,
        "is_active": "on",
    }
    bad = client.post(
        url, {**form, "attributes": json.dumps([{"code": "x", "datatype": "colour"}])}
    )
    assert bad.status_code == 200 and "datatype" in bad.content.decode()
    category.refresh_from_db()
    assert category.attributes == []

    good = [{"code": "where", "datatype": "string", "description": "具体位置", "required": True}]
    assert client.post(url, {**form, "attributes": json.dumps(good)}).status_code == 302
    category.refresh_from_db()
    assert category.attributes == good
    service = next(
        s for s in Client().get(f"{BASE}/services.json").json() if s["service_code"] == "other"
    )
    assert service["metadata"] is True


def test_a_required_attribute_binds_open311_but_not_the_qr_page(client, world, hub):
    RequestCategory.objects.filter(code="repair").update(
        attributes=[{"code": "unit", "datatype": "string", "description": "单元", "required": True}]
    )
    assert "attribute[unit]" in error_text(post_request(client, hub.raw_key), 400)
    # The QR page and staff filing do not ask the questions: a required one must not stop them.
    filed = file_request(world.ba1)
    assert filed.attributes == {}
