"""Pages: sign-in and lockout, the tree browser, grid pages, people, forms, QR tokens, i18n."""

import pytest
from django.conf import settings
from django.utils import translation

from grids.models import Area, AuditEntry, Person
from tests.grids.factories import (
    AreaFactory,
    AssignmentFactory,
    PersonFactory,
    ServicePointFactory,
    ServiceTeamFactory,
)


def test_sign_in_and_out(world, client):
    response = client.post("/accounts/login/", {"username": "worker_a", "password": "pw-worker_a"})
    assert response.status_code == 302
    assert client.get("/areas/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/areas/").status_code == 302


def test_repeated_failures_lock_the_account(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "worker_a", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "worker_a", "password": "pw-worker_a"})
    assert response.status_code == 429
    assert client.get("/areas/").status_code == 302  # still signed out


def test_a_session_ends_after_inactivity(world, client):
    client.post("/accounts/login/", {"username": "worker_a", "password": "pw-worker_a"})
    assert settings.SESSION_SAVE_EVERY_REQUEST and settings.SESSION_COOKIE_AGE <= 3600
    session = client.session
    session.set_expiry(-1)  # as if the idle time had passed
    session.save()
    assert client.get("/areas/").status_code == 302


def _tree(html: bytes) -> str:
    return html.decode().split('id="area-tree"')[1].split("</main>")[0]


def test_the_tree_page_shows_a_grid_worker_only_their_grid(world, as_user):
    body = _tree(as_user(world.worker_a).get("/areas/").content)
    assert "第一网格" in body
    assert "第二网格" not in body and "东风社区" not in body and "东风街道" not in body


def test_the_tree_page_shows_an_official_every_community_with_counts(world, as_user):
    body = _tree(as_user(world.street_official).get("/areas/").content)
    for name in ("东风街道", "东风社区", "民主社区", "第一网格", "第二网格", "第三网格"):
        assert name in body


def test_the_grid_page_shows_its_worker_volunteers_and_buildings(world, as_user):
    body = as_user(world.community_official).get("/areas/GA/").content.decode()
    assert "王芳" in body  # worker_a's full name
    assert "张三" in body  # a volunteer living in building BA1
    assert "1号楼" in body
    assert "2号楼" not in body


def test_lists_mask_phone_numbers(world, as_user):
    body = as_user(world.street_official).get("/people/").content.decode()
    assert "138****1234" in body and "13812341234" not in body


def test_a_sensitive_role_sees_whole_numbers_and_the_read_is_audited(world, as_user):
    client = as_user(world.mediator_c1)
    body = client.get(f"/people/{world.person_a.pk}/").content.decode()
    assert "11010519491231002X" in body
    entry = AuditEntry.objects.get()
    assert (entry.user, entry.action, entry.object_id) == (
        world.mediator_c1,
        "view",
        str(world.person_a.pk),
    )


def test_a_grid_worker_sees_masked_numbers_and_no_audit_entry(world, as_user):
    body = as_user(world.worker_a).get(f"/people/{world.person_a.pk}/").content.decode()
    assert "11010519491231002X" not in body and "1101**********002X" in body
    assert not AuditEntry.objects.exists()


def test_the_person_form_rejects_bad_input_with_messages(world, as_user):
    client = as_user(world.worker_a)
    before = Person.objects.count()
    response = client.post(
        "/people/add/",
        {
            "name": "王五",
            "kind": "resident",
            "area": world.ba1.pk,
            "phone": "123",
            "id_number": "abc",
        },
    )
    assert response.status_code == 400
    assert len(response.context["form"].errors) == 2
    assert Person.objects.count() == before


def test_the_person_form_only_offers_the_workers_own_areas(world, as_user):
    client = as_user(world.worker_a)
    response = client.post(
        "/people/add/", {"name": "王五", "kind": "resident", "area": world.bb1.pk}
    )
    assert "area" in response.context["form"].errors
    response = client.post(
        "/people/add/", {"name": "王五", "kind": "resident", "area": world.ba1.pk}
    )
    assert response.status_code == 302
    assert Person.objects.filter(name="王五", area=world.ba1).exists()


def test_regenerating_a_qr_token_kills_the_old_one(world, as_user):
    old = world.ga.qr_token
    as_user(world.street_official).post("/areas/GA/qr/regenerate/")
    new = Area.objects.get(code="GA").qr_token
    assert new and new != old
    assert AuditEntry.objects.filter(model="grids.area", object_id=str(world.ga.pk)).exists()


def test_a_grid_worker_cannot_regenerate_a_qr_token(world, as_user):
    response = as_user(world.worker_a).post("/areas/GA/qr/regenerate/")
    assert response.status_code == 404
    assert Area.objects.get(code="GA").qr_token == world.ga.qr_token


def test_the_ui_is_chinese_by_default_and_english_on_request(world, as_user):
    client = as_user(world.worker_a)
    assert "网格树" in client.get("/areas/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/areas/"})
    assert "Area tree" in client.get("/areas/").content.decode()
    translation.activate(settings.LANGUAGE_CODE)


@pytest.mark.parametrize(
    "url", ["/areas/", "/people/", "/teams/", "/service-points/", "/assignments/"]
)
def test_list_pages_keep_their_query_count_from_2_to_20_rows(
    world, as_user, url, django_assert_max_num_queries
):
    client = as_user(world.street_official)
    client.get(url)

    def grow(start, stop):
        count = stop - start
        PersonFactory.create_batch(count, area=world.ba1)
        ServiceTeamFactory.create_batch(count, area=world.ga)
        ServicePointFactory.create_batch(count, area=world.ga)
        AssignmentFactory.create_batch(count, role="volunteer", area=world.gb)
        AreaFactory.create_batch(count, kind="building", parent=world.gb)

    grow(0, 2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(2, 20)
    # session, user, assignments, count, rows (+ the tree's one query); never one per row
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_behind_a_proxy_failures_lock_the_account_from_that_address_not_everyone(
    world, client, settings
):
    """Behind one reverse proxy every request comes from the proxy's address with the same
    browser: the lock follows the client address the proxy saw (NUM_PROXIES), per account."""
    settings.NUM_PROXIES = 1
    browser = {"HTTP_USER_AGENT": "Mozilla/5.0 (office PC)", "REMOTE_ADDR": "10.0.0.1"}
    attacker = {**browser, "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "worker_a", "password": "wrong"}, **attacker)
    colleague = {**browser, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    signed_in = client.post(
        "/accounts/login/", {"username": "worker_b", "password": "pw-worker_b"}, **colleague
    )
    assert signed_in.status_code == 302
    client.logout()
    locked = client.post(
        "/accounts/login/", {"username": "worker_a", "password": "pw-worker_a"}, **attacker
    )
    assert locked.status_code == 429
