"""The officials' overview (/overview/) and the figures API (/api/v1/figures/)."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from grids.choices import Role
from grids.models import Assignment
from tests.conftest import make_user
from tests.dongfeng.conftest import JANUARY, filed, local, resolved, tile


def test_an_official_lands_on_the_sub_districts_overview(figures_world, as_user):
    client = as_user(figures_world.street_official)
    assert client.get("/").url == "/overview/"
    page = client.get("/overview/", JANUARY).content.decode()
    assert "东风街道" in page
    assert tile(page, "requests.received") == "4"
    assert tile(page, "organisation.grids") == "3"


def test_community_staff_see_their_community_and_never_anothers_rows(figures_world, as_user):
    client = as_user(figures_world.community_official)
    page = client.get("/overview/", JANUARY).content.decode()
    assert 'id="overview-title"' in page and "东风社区" in page
    assert tile(page, "requests.received") == "3"  # not C2's request
    assert tile(page, "requests.completion_rate") == "100%"  # 2 closed of 3 − 1 rejected
    assert "民主社区" not in page


def test_drilling_outside_the_scope_is_404(figures_world, as_user):
    staff = as_user(figures_world.community_official)
    assert staff.get("/overview/", {"area": "C2"}).status_code == 404
    assert staff.get("/overview/", {"area": "DF"}).status_code == 404
    assert staff.get("/overview/", {"area": "NOPE"}).status_code == 404
    assert staff.get("/overview/", {"area": "GA"}).status_code == 200


def test_the_official_drills_from_the_sub_district_to_a_community_to_a_grid(figures_world, as_user):
    client = as_user(figures_world.street_official)
    page = client.get("/overview/", JANUARY).content.decode()
    link = "/overview/?area=C1&amp;period=custom&amp;start=2026-01-01&amp;end=2026-01-31"
    assert f'<a href="{link}">东风社区</a>' in page
    community = client.get("/overview/", {"area": "C1", **JANUARY}).content.decode()
    assert tile(community, "requests.received") == "3"
    assert ">第一网格</a>" in community and ">第二网格</a>" in community
    assert '<a href="/overview/?area=DF' in community  # the way back up
    grid = client.get("/overview/", {"area": "GA", **JANUARY}).content.decode()
    assert tile(grid, "requests.received") == "2"


def test_league_tables_name_the_areas_and_rank_them(figures_world, as_user):
    page = as_user(figures_world.street_official).get("/overview/", JANUARY).content.decode()
    league = page[page.index('id="table-league-communities"') :]
    league = league[: league.index("</table>")]
    assert "东风社区" in league and "民主社区" in league
    assert f">{figures_world.c1.pk}<" not in league
    grids = page[page.index('id="table-league-grids"') :]
    grids = grids[: grids.index("</table>")]
    assert "东风社区 · 第一网格" in grids and "民主社区 · 第三网格" in grids


def test_the_period_changes_the_figures_and_the_change_against_the_previous_one(
    figures_world, as_user
):
    client = as_user(figures_world.community_official)
    page = client.get("/overview/", JANUARY).content.decode()
    # January against December: 3 received against 2, completion 100% against 100%.
    change = re.search(
        r'data-measure="requests.received">.*?<span class="tile-change (\w+)"[^>]*>[^ ]+ ([^<]+)<',
        page,
        re.S,
    )
    assert change.group(1) == "up" and change.group(2) == "+1 (+50%)"
    assert "增减对比 2025-12-01 至 2025-12-31" in page
    december = {"period": "custom", "start": "2025-12-01", "end": "2025-12-31"}
    assert tile(client.get("/overview/", december).content.decode(), "requests.received") == "2"
    last_year = client.get("/overview/", {"period": "last_year"}).content.decode()
    assert 'id="period-line"' in last_year


@pytest.mark.parametrize(
    "params",
    [
        {"period": "custom", "start": "2026-02-01", "end": "2026-01-01"},
        {"period": "custom", "start": "1999-12-31", "end": "2026-01-01"},
        {"period": "custom", "start": "2026-01-01", "end": "2101-01-01"},
        {"period": "custom", "start": "no date", "end": "2026-01-01"},
        {"period": "custom", "start": "2026-01-01"},
        {"period": "fortnight"},
    ],
)
def test_a_bad_period_is_a_form_error(world, as_user, params):
    response = as_user(world.street_official).get("/overview/", params)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="error"' in page
    assert 'id="period-line"' not in page


def test_a_grid_worker_has_no_overview(world, as_user):
    client = as_user(world.worker_a)
    response = client.get("/overview/")
    assert response.status_code == 200 and 'id="no-overview"' in response.content.decode()
    assert client.get("/overview/", {"area": "GA"}).status_code == 404


def test_the_overdue_lists_link_to_pages_the_user_may_open(figures_world, as_user):
    filed(figures_world.ga, timezone.now() - timedelta(hours=5))  # waiting, 3 hours late
    client = as_user(figures_world.community_official)
    page = client.get("/overview/").content.decode()
    table = page[page.index('id="overdue-requests"') :]
    url = re.search(r'<a href="([^"]+)"', table).group(1)
    assert client.get(url).status_code == 200


def _count(client, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/overview/", params).status_code == 200
    return len(queries)


def test_the_overview_runs_the_same_queries_for_few_and_many_rows(
    figures_world, as_user, django_assert_max_num_queries
):
    """Per family: the figures overall, for the previous period, by child, by grid, by month
    and by category, each a fixed number of grouped queries, and its overdue list; plus the
    session, the user's assignments, the node, its children, ancestors and grids."""
    client = as_user(figures_world.street_official)
    few = _count(client, JANUARY)
    for day in range(1, 20):
        resolved(figures_world.gb, local(2026, 1, day, 10))
        filed(figures_world.gc, local(2026, 1, day, 11))
    many = _count(client, JANUARY)
    assert few == many
    with django_assert_max_num_queries(few):
        client.get("/overview/", JANUARY)


# ---- the API ----


def test_the_api_gives_every_family_with_its_measures(figures_world, as_user):
    client = as_user(figures_world.community_official)
    body = client.get("/api/v1/figures/", {"start": "2026-01-01", "end": "2026-01-31"}).json()
    assert body["area"]["code"] == "C1"
    assert body["period"] == {"start": "2026-01-01", "end": "2026-01-31"}
    requests = next(f for f in body["families"] if f["name"] == "requests")
    assert requests["values"]["received"] == 3
    assert isinstance(requests["values"]["received"], int)
    assert {m["key"] for m in requests["measures"]} >= {"received", "completion_rate"}
    names = {f["name"] for f in body["families"]}
    assert {"organisation", "requests", "disputes", "prevention", "patrols", "publicity"} <= names


def test_the_api_breaks_down_by_child_with_codes_and_names(figures_world, as_user):
    client = as_user(figures_world.street_official)
    params = {"start": "2026-01-01", "end": "2026-01-31", "by": "child"}
    body = client.get("/api/v1/figures/", params).json()
    requests = next(f for f in body["families"] if f["name"] == "requests")
    assert [(r["key"], r["label"], r["values"]["received"]) for r in requests["rows"]] == [
        ("C1", "东风社区", 3),
        ("C2", "民主社区", 1),
    ]
    months = client.get("/api/v1/figures/", {**params, "by": "month"}).json()
    requests = next(f for f in months["families"] if f["name"] == "requests")
    assert [r["key"] for r in requests["rows"]] == ["2026-01"]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"start": "2026-02-01", "end": "2026-01-01"}, "end"),
        ({"start": "1999-01-01", "end": "2026-01-01"}, "start"),
        ({"start": "2026-01-01"}, "end"),
        ({"by": "street"}, "by"),
        ({"start": "yesterday", "end": "2026-01-01"}, "start"),
    ],
)
def test_bad_api_parameters_are_400_with_field_errors(world, as_user, params, field):
    response = as_user(world.street_official).get("/api/v1/figures/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_the_api_is_scoped_like_the_page(world, as_user):
    staff = as_user(world.community_official)
    assert staff.get("/api/v1/figures/", {"area": "C2"}).status_code == 404
    assert staff.get("/api/v1/figures/", {"area": "GB"}).status_code == 200
    nobody = as_user(world.outsider).get("/api/v1/figures/").json()
    assert nobody["area"] is None and nobody["families"] == []


def test_community_staff_of_two_communities_start_from_the_first_and_may_open_both(world, as_user):
    staff = make_user("two_hats", Role.COMMUNITY_STAFF, world.c1)
    Assignment.objects.create(user=staff, role=Role.COMMUNITY_STAFF, area=world.c2)
    client = as_user(staff)
    page = client.get("/overview/").content.decode()
    assert "东风社区" in page and "?area=C2" in page  # the other one, one click away
    assert client.get("/overview/", {"area": "C2"}).status_code == 200


def test_the_schema_documents_the_figures_with_their_real_shape(world, as_user):
    schema = as_user(world.street_official).get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/figures/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"area", "start", "end", "by"}
    assert {"200", "400", "404"} <= set(operation["responses"])
    components = schema["components"]["schemas"]
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    body = components[ref.rsplit("/", 1)[1]]
    assert {"area", "period", "by", "families"} <= set(body["properties"])
    family = components["FamilyFigures"]
    assert {"name", "measures", "values", "rows"} <= set(family["properties"])
