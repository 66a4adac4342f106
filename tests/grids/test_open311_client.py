"""The Open311 server driven by a public GeoReport v2 client library from PyPI (`georeport`),
against the live server, in JSON and XML: services, a service definition with attributes, and
public reads without a key. The library sends no api_key on reads and cannot POST, so the keyed
read and the POST use `requests` (the library's own HTTP client) exactly as the spec says."""

import pytest
import requests
from georeport import GeoReport

from grids.models import Open311Client, ServiceRequest
from tests.grids.request_helpers import file_request

pytestmark = pytest.mark.django_db(transaction=True)
FORMATS = ["json", "xml"]


@pytest.fixture
def endpoint(live_server) -> str:
    return f"{live_server.url}/open311/v2"


@pytest.fixture
def key(db) -> str:
    hub = Open311Client(name="12345 市民热线")
    raw = hub.issue_key()
    hub.save()
    return raw


@pytest.fixture
def filed(world, request_categories) -> list[ServiceRequest]:
    """Two requests (xmltodict gives a list only for two or more elements)."""
    return [
        file_request(
            world.ba1,
            category="repair",
            description="3单元楼道灯不亮，请打13812341234",
            resident_name="张三",
            resident_phone="13912345678",
        ),
        file_request(world.gc, category="sanitation", description="垃圾桶满了"),
    ]


def _rows(value) -> list[dict]:
    return value if isinstance(value, list) else [value]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_client_reads_services_and_the_repair_definition(endpoint, request_categories, fmt):
    client = GeoReport(endpoint, output_format=fmt)
    services = {s["service_code"]: s for s in client.get_service_list()}
    assert services["repair"]["service_name"] == "报修"
    assert str(services["repair"]["metadata"]).lower() == "true"
    assert str(services["safety"]["metadata"]).lower() == "false"

    definition = client.get_service_definition("repair")
    assert definition["service_code"] == "repair"
    attributes = definition["attributes"]
    if fmt == "xml":
        attributes = _rows(attributes["attribute"])
    assert [(a["code"], a["description"]) for a in attributes] == [
        ("unit", "单元"),
        ("floor", "楼层"),
    ]
    assert [a["datatype"] for a in attributes] == ["string", "number"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_client_reads_requests_without_a_key_and_gets_no_personal_data(endpoint, filed, fmt):
    client = GeoReport(endpoint, output_format=fmt)
    rows = _rows(client.get_service_requests())
    assert [r["service_request_id"] for r in rows] == [r.public_id for r in reversed(filed)]
    for row in rows:
        assert row["status"] == "open"
        assert not row["description"]  # "" in JSON, an empty element (None) in XML
        assert "张三" not in str(row) and "139" not in str(row)
    for req in filed:
        assert req.tracking_code not in str(rows)

    one = client.get_service_request(filed[0].public_id)
    assert one["service_request_id"] == filed[0].public_id
    assert (one["service_code"], one["address"]) == ("repair", "东风社区 · 第一网格 · 1号楼")
    picked = _rows(
        client.get_service_requests(service_request_id=f"{filed[1].public_id},{filed[0].public_id}")
    )
    assert {r["service_request_id"] for r in picked} == {r.public_id for r in filed}
    only_repair = _rows(client.get_service_requests(service_code="repair", status="open"))
    assert [r["service_request_id"] for r in only_repair] == [filed[0].public_id]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_client_with_a_key_reads_the_masked_description(endpoint, filed, key, fmt):
    response = requests.get(
        f"{endpoint}/requests/{filed[0].public_id}.{fmt}", params={"api_key": key}, timeout=10
    )
    assert response.status_code == 200
    assert "3单元楼道灯不亮，请打138****1234" in response.text
    assert "13812341234" not in response.text and "张三" not in response.text


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_client_posts_a_request_with_a_location_and_attributes(
    endpoint, world, request_categories, key, fmt
):
    response = requests.post(
        f"{endpoint}/requests.{fmt}",
        data={
            "api_key": key,
            "service_code": "repair",
            "lat": "34.414601",
            "long": "115.656304",
            "address_string": "东风路1号院",
            "description": "路灯不亮",
            "attribute[unit]": "2单元",
            "attribute[floor]": "6",
        },
        timeout=10,
    )
    assert response.status_code == 201, response.text
    filed = ServiceRequest.objects.get()
    assert filed.public_id in response.text and filed.tracking_code not in response.text
    assert filed.needs_triage and filed.grid == world.df  # no address_id: 待分派
    assert filed.attributes == {"unit": "2单元", "floor": "6"}

    # Read back by the library, publicly.
    row = GeoReport(endpoint, output_format=fmt).get_service_request(filed.public_id)
    assert float(row["lat"]) == 34.414601 and float(row["long"]) == 115.656304
    assert row["address"] == "东风街道"

    # A wrong method is the spec's 405 error list, not an HTML page.
    wrong = requests.delete(f"{endpoint}/requests/{filed.public_id}.{fmt}", timeout=10)
    assert wrong.status_code == 405 and "405" in wrong.text and "<html" not in wrong.text
