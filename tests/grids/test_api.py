"""The API: bad input answers 400 with field errors, masking, tokens, filters, schema, queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from grids.demo import seed_demo
from grids.models import Area, Person
from grids.tree import find_tree_problems
from tests.grids.factories import append_communities


@pytest.fixture
def official_api(world) -> APIClient:
    api = APIClient()
    api.force_authenticate(world.street_official)
    return api


def _counts():
    return Area.objects.count(), Person.objects.count()


BAD_AREAS = [
    ({"code": "N1", "kind": "grid", "name": "新", "parent": "NOPE"}, "parent"),  # unknown code
    (
        {"code": "N1", "kind": "grid", "name": "新", "parent": "C1", "households": "many"},
        "households",
    ),
    ({"code": "N1", "kind": "grid", "name": "新", "parent": "C1", "population": -5}, "population"),
    ({"code": "N1", "kind": "grid", "name": "新" * 101, "parent": "C1"}, "name"),
    ({"code": "N 1!", "kind": "grid", "name": "新", "parent": "C1"}, "code"),
    ({"code": "N1", "kind": "castle", "name": "新", "parent": "C1"}, "kind"),
    ({"code": "GA", "kind": "grid", "name": "新", "parent": "C1"}, "code"),  # duplicate
    ({"kind": "grid", "name": "新", "parent": "C1"}, "code"),  # missing
    ({"code": ["N1"], "kind": "grid", "name": "新", "parent": "C1"}, "code"),  # wrong type
]


@pytest.mark.parametrize("payload,field", BAD_AREAS)
def test_bad_area_input_gets_400_with_the_field_named_and_nothing_saved(
    world, official_api, payload, field
):
    before = _counts()
    response = official_api.post("/api/v1/areas/", payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert _counts() == before


def test_malformed_json_gets_400(world, official_api):
    response = official_api.post(
        "/api/v1/areas/", '{"code": "N1", "kind": ', content_type="application/json"
    )
    assert response.status_code == 400
    assert "detail" in response.json()


BAD_PEOPLE = [
    ({"name": "王五", "area": "BA1", "phone": "12345"}, "phone"),
    (
        {"name": "王五", "area": "BA1", "id_number": "110105194912310021"},
        "id_number",
    ),  # bad check digit
    ({"name": "王五", "area": "C1"}, "area"),  # a community, not a grid or building
    ({"name": "王五", "area": "BA1", "birth_date": "yesterday"}, "birth_date"),
    ({"name": "", "area": "BA1"}, "name"),
    ({"name": "王五", "area": "BA1", "kind": "king"}, "kind"),
    ({"name": "王五", "area": "BA1", "notes": "x" * 2001}, "notes"),
]


@pytest.mark.parametrize("payload,field", BAD_PEOPLE)
def test_bad_person_input_gets_400_with_the_field_named(world, official_api, payload, field):
    before = _counts()
    response = official_api.post("/api/v1/people/", payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert _counts() == before


def test_a_grid_worker_cannot_create_a_person_in_another_grid(world):
    api = APIClient()
    api.force_authenticate(world.worker_a)
    response = api.post("/api/v1/people/", {"name": "王五", "area": "BB1"}, format="json")
    assert response.status_code == 400
    assert "area" in response.json()
    response = api.post("/api/v1/people/", {"name": "王五", "area": "BA1"}, format="json")
    assert response.status_code == 201


def test_a_grid_worker_may_not_change_the_tree(world):
    api = APIClient()
    api.force_authenticate(world.worker_a)
    response = api.post(
        "/api/v1/areas/",
        {"code": "N1", "kind": "building", "name": "新", "parent": "GA"},
        format="json",
    )
    assert response.status_code == 400
    assert api.patch("/api/v1/areas/GA/", {"name": "x"}, format="json").status_code == 404


def test_phone_and_id_numbers_are_masked_in_api_lists_and_details(world, official_api):
    rows = official_api.get("/api/v1/people/?within=BA1").json()["results"]
    assert rows[0]["masked_phone"] == "138****1234"
    assert rows[0]["masked_id_number"] == "1101**********002X"
    assert "phone" not in rows[0] and "id_number" not in rows[0]
    detail = official_api.get(f"/api/v1/people/{world.person_a.pk}/").content.decode()
    assert "13812341234" not in detail


def test_an_official_cannot_grant_admin_rights_but_an_admin_can(world, official_api):
    payload = {"user": "outsider", "role": "admin", "area": "C1"}
    response = official_api.post("/api/v1/assignments/", payload, format="json")
    assert response.status_code == 400
    assert "role" in response.json()
    admin_api = APIClient()
    admin_api.force_authenticate(world.admin)
    assert admin_api.post("/api/v1/assignments/", payload, format="json").status_code == 201


def test_community_staff_cannot_hand_out_roles_at_all(world):
    api = APIClient()
    api.force_authenticate(world.community_official)
    payload = {"user": "outsider", "role": "volunteer", "area": "GA"}
    response = api.post("/api/v1/assignments/", payload, format="json")
    assert response.status_code == 400
    assert "area" in response.json()


def test_a_duplicate_assignment_gets_400(world, official_api):
    payload = {"user": "worker_a", "role": "grid_worker", "area": "GA"}
    response = official_api.post("/api/v1/assignments/", payload, format="json")
    assert response.status_code == 400


def test_token_authentication_works(world):
    token = Token.objects.create(user=world.worker_a)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    codes = {row["code"] for row in api.get("/api/v1/areas/").json()["results"]}
    assert codes == {"GA", "BA1"}


def test_within_filter_expands_a_node_to_its_subtree(world, official_api):
    codes = {row["code"] for row in official_api.get("/api/v1/areas/?within=C1").json()["results"]}
    assert codes == {"C1", "GA", "GB", "BA1", "BB1"}
    unknown = official_api.get("/api/v1/areas/?within=NOPE")  # an error, not an empty list
    assert unknown.status_code == 400 and "within" in unknown.json()


def test_the_openapi_schema_and_the_offline_docs_page(world, client):
    client.force_login(world.street_official)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"openapi: 3" in schema.content and b"/api/v1/areas/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs
    assert "http://" not in docs.replace("http://testserver", "") and "https://" not in docs


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_tree_page_and_area_api_use_the_same_queries_for_a_tree_ten_times_larger(db, client):
    seed_demo(scale=1, with_logins=False)
    from grids.models import User

    official = User.objects.create_superuser("boss", password="x")
    client.force_login(official)
    api = APIClient()
    api.force_authenticate(official)

    def tree():
        assert client.get("/areas/").status_code == 200

    def areas():
        assert api.get("/api/v1/areas/").status_code == 200

    def grid_page():
        assert client.get("/areas/DF-01/").status_code == 200

    small = (_queries(tree), _queries(areas), _queries(grid_page))
    # Nine times the demo's communities again, in bulk: 63 with five grids, 18 with four.
    root = Area.objects.get(code="DF")
    append_communities(root, 63, grids=5)
    append_communities(root, 18, grids=4)
    assert find_tree_problems() == []
    assert Area.objects.filter(kind="grid").count() == 430
    large = (_queries(tree), _queries(areas), _queries(grid_page))
    assert small == large
    # tree page: session, user, the one annotated tree query, the alert badge, and the
    # idle-timeout session save (savepoint, update, release)
    assert large[0] <= 7
