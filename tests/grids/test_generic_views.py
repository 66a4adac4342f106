"""The kit's pages: add pages only for creators, scoped choice lists, tables, pager, queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grids.choices import AreaKind, Role
from grids.models import Assignment, Person
from tests.conftest import make_area, make_user


@pytest.fixture
def volunteer(world):
    return make_user("volunteer_a", Role.VOLUNTEER, world.ga)


@pytest.fixture
def elsewhere(world):
    """Another sub-district's tree with its own worker: nobody in `world` may see it."""
    xx = make_area("XX", AreaKind.SUBDISTRICT, name="西城街道")
    xc = make_area("XC", AreaKind.COMMUNITY, xx, name="西城社区")
    xg = make_area("XG", AreaKind.GRID, xc, name="西城第一网格")
    return make_user("worker_x", Role.GRID_WORKER, xg, full_name="远方网格员")


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no <select name={name}>"
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))


# ---- add pages and choice lists (issue 8 §1.4) ---------------------------------------------


@pytest.mark.parametrize("path", ["/assignments/add/", "/teams/add/", "/service-points/add/"])
def test_an_add_page_answers_404_to_a_user_who_may_create_nowhere(world, as_user, volunteer, path):
    assert as_user(volunteer).get(path).status_code == 404
    assert as_user(world.worker_a).get(path).status_code == 404
    assert as_user(world.street_official).get(path).status_code == 200


def test_a_post_to_an_add_page_by_a_user_who_may_create_nowhere_saves_nothing(
    world, as_user, volunteer
):
    before = Assignment.objects.count()
    response = as_user(world.worker_a).post(
        "/assignments/add/",
        {"user": world.worker_a.pk, "role": Role.GRID_WORKER, "area": world.gb.pk},
    )
    assert response.status_code == 404
    assert Assignment.objects.count() == before


def test_the_assignment_form_lists_only_accounts_and_areas_in_scope(world, as_user, elsewhere):
    html = as_user(world.street_official).get("/assignments/add/").content.decode()
    users = _options(html, "user")
    assert "王芳" in users and "李强" in users  # workers of the official's sub-district
    assert "远方网格员" not in users  # another sub-district's worker
    areas = _options(html, "area")
    assert any("第一网格" in a for a in areas)
    assert not any("西城" in a for a in areas)


def test_a_choice_list_of_accounts_holds_the_users_area_and_those_above_it(world, as_user):
    html = as_user(world.worker_a).get("/disputes/risks/add/").content.decode()
    owners = _options(html, "owner")
    assert "王芳" in owners  # herself
    assert "community_official" in owners and "street_official" in owners  # above her grid
    assert "李强" not in owners  # the neighbouring grid's worker


def test_a_person_form_offers_only_areas_where_the_user_may_add_people(world, as_user):
    areas = _options(as_user(world.worker_a).get("/people/add/").content.decode(), "area")
    assert any("1号楼" in a for a in areas)
    assert not any("2号楼" in a or "3号楼" in a for a in areas)


def test_an_invalid_form_answers_400_and_saves_nothing(world, as_user):
    before = Person.objects.count()
    response = as_user(world.worker_a).post(
        "/people/add/", {"name": "王五", "kind": "resident", "area": world.bb1.pk}
    )
    assert response.status_code == 400
    assert "area" in response.context["form"].errors
    assert Person.objects.count() == before


# ---- tables ---------------------------------------------------------------------------------


def test_the_heading_counts_the_whole_list(world, as_user):
    html = as_user(world.street_official).get("/people/").content.decode()
    assert 'id="total">(3)<' in html


def test_tables_show_choices_by_their_display_value(world, as_user):
    html = as_user(world.street_official).get("/assignments/").content.decode()
    assert str(Role.GRID_WORKER.label) in html
    assert ">grid_worker<" not in html and ">official<" not in html


def test_rows_link_to_edit_only_where_the_user_may_change_them(world, as_user):
    # A grid worker sees the assignments of her grid but may change none: no links at all.
    html = as_user(world.worker_a).get("/assignments/").content.decode()
    assert "/assignments/" in html and "/edit/" not in html and "/delete/" not in html
    html = as_user(world.street_official).get("/assignments/").content.decode()
    mine = Assignment.objects.get(user=world.worker_a)
    assert f"/assignments/{mine.pk}/edit/" in html


def test_the_add_button_shows_only_to_users_who_may_create(world, as_user):
    assert 'href="/teams/add/"' not in as_user(world.worker_a).get("/teams/").content.decode()
    html = as_user(world.community_official).get("/teams/").content.decode()
    assert 'href="/teams/add/"' in html


# ---- pager ----------------------------------------------------------------------------------


def _people(area, n):
    Person.objects.bulk_create(Person(name=f"居民{i:03d}", area=area) for i in range(n))


def test_a_page_past_the_end_shows_the_last_page(world, as_user):
    _people(world.ba1, 60)  # 63 people, 50 a page: two pages
    response = as_user(world.street_official).get("/people/?page=999")
    assert response.status_code == 200
    assert response.context["page_obj"].number == 2
    assert as_user(world.street_official).get("/people/?page=abc").status_code == 404


# ---- queries --------------------------------------------------------------------------------


def _count_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_a_list_page_makes_the_same_queries_for_2_and_20_rows(
    world, as_user, django_assert_max_num_queries
):
    client = as_user(world.community_official)
    Person.objects.exclude(area__in=[world.ba1]).delete()
    Person.objects.filter(area=world.ba1).delete()
    _people(world.ba1, 2)
    two = _count_queries(client, "/people/")
    _people(world.gb, 18)
    assert Person.objects.count() == 20
    # session, user, the user's assignments (scope), count, the page's rows, which of them
    # the user may change, the header's unread-alert count, the within picker's areas, and
    # the idle-timeout session save (savepoint, update, release) = 11
    with django_assert_max_num_queries(11):
        client.get("/people/")
    assert _count_queries(client, "/people/") == two
