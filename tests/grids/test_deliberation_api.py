"""The deliberation hall's API (create, actions, 400 with field errors) and the query counts
of every new list, equal for 10 and 1,000 rows."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from grids.actions.deliberation import accept_matter, add_milestone, record_meeting
from grids.models import Matter
from tests.grids.factories import MatterFactory


@pytest.fixture
def api(world):
    client = APIClient()
    client.force_login(world.worker_a)
    return client


def test_staff_raise_a_matter_and_get_its_tracking_code_once(world, api):
    response = api.post(
        "/api/v1/matters/",
        {"area": "BA1", "title": "加装无障碍坡道", "description": "单元门口台阶太高"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    matter = Matter.objects.get()
    assert response.json()["tracking_code"] == matter.tracking_code
    assert (matter.source, matter.raised_by) == ("staff", world.worker_a)
    assert "tracking_code" not in api.get(f"/api/v1/matters/{matter.pk}/").json()


def test_a_matter_at_a_community_is_a_field_error(world):
    client = APIClient()
    client.force_login(world.community_official)
    payload = {"area": "C1", "title": "社区事项", "description": "说明"}
    response = client.post("/api/v1/matters/", payload, format="json")
    assert response.status_code == 400 and "area" in response.json()
    assert not Matter.objects.exists()


def test_the_loop_runs_through_the_api(world, api):
    matter = MatterFactory(area=world.ba1)
    assert api.post(f"/api/v1/matters/{matter.pk}/accept/", {}, format="json").status_code == 200
    today = timezone.localdate().isoformat()
    response = api.post(
        f"/api/v1/matters/{matter.pk}/meeting/",
        {
            "held_on": today,
            "attendee_kinds": ["residents", "property"],
            "people": [world.person_a.pk],
            "minutes": "议事",
            "decision": "改造污水管网",
            "responsible_bodies": "住建部门",
            "budget": "50000",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "in_progress"
    assert response.json()["meetings"][0]["people"] == ["张三"]
    response = api.post(
        f"/api/v1/matters/{matter.pk}/milestone/",
        {"title": "完工", "progress": 100, "reached_on": today},
        format="json",
    )
    assert response.json()["status"] == "done"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title": "超了", "progress": 101}, "progress"),
        ({"title": "回退", "progress": 10}, "reason"),
        ({"title": "未来", "progress": 60, "reached_on": "2999-01-01"}, "reached_on"),
    ],
)
def test_bad_milestones_are_400_with_the_field_and_save_nothing(world, api, payload, field):
    matter = MatterFactory(area=world.ba1, status="in_progress")
    add_milestone(
        matter, by=world.worker_a, title="一半", progress=50, reached_on=timezone.localdate()
    )
    data = {"reached_on": timezone.localdate().isoformat(), **payload}
    response = api.post(f"/api/v1/matters/{matter.pk}/milestone/", data, format="json")
    assert response.status_code == 400 and field in response.json(), response.json()
    assert matter.milestones.count() == 1
    assert Matter.objects.get(pk=matter.pk).progress == 50


def test_a_negative_budget_is_400_on_the_budget(world, api):
    matter = MatterFactory(area=world.ba1, status="accepted")
    response = api.post(
        f"/api/v1/matters/{matter.pk}/meeting/",
        {"held_on": timezone.localdate().isoformat(), "minutes": "议事", "budget": "-5"},
        format="json",
    )
    assert response.status_code == 400 and "budget" in response.json()
    assert not matter.meetings.exists()


def test_declining_without_a_reason_is_400_on_the_reason(world, api):
    matter = MatterFactory(area=world.ba1)
    response = api.post(f"/api/v1/matters/{matter.pk}/decline/", {"reason": " "}, format="json")
    assert response.status_code == 400 and "reason" in response.json()


def test_a_move_the_status_does_not_allow_is_400(world, api):
    matter = MatterFactory(area=world.ba1, status="declined")
    response = api.post(f"/api/v1/matters/{matter.pk}/accept/", {}, format="json")
    assert response.status_code == 400


# ---- query counts: every new list, 10 rows against 1,000 ----


def _bulk(world, n: int) -> None:
    """`n` matters in GA; the newest (on the first page) decided, with a meeting and a milestone."""
    Matter.objects.bulk_create(
        [
            Matter(area=world.ba1, grid=world.ga, title=f"事项{i}", description="说明")
            for i in range(n)
        ]
    )
    for matter in Matter.objects.filter(status="raised").order_by("-pk")[: max(1, n // 100)]:
        accept_matter(matter, by=world.worker_a)
        record_meeting(
            matter,
            by=world.worker_a,
            held_on=timezone.localdate(),
            minutes="议事",
            decision="改造",
            responsible_bodies="物业",
            people=[world.person_a],
        )
        add_milestone(
            Matter.objects.get(pk=matter.pk),
            by=world.worker_a,
            title="进场",
            progress=20,
            reached_on=timezone.localdate() - timedelta(days=1),
        )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("url", "who", "most"),
    [
        # session, user, scope ranges, count, page of rows (+ the menu's and filters' reads)
        ("/deliberation/", "worker_a", 14),
        # session, user, scope ranges, count, page, meetings, their people, milestones
        # (+ the filter's and the renderer's reads of the user's scope)
        ("/api/v1/matters/", "worker_a", 12),
        # community, count, page with the latest milestone (subqueries), completed count
        ("/projects/C1/?status=", None, 8),
    ],
)
def test_a_list_costs_the_same_queries_for_10_and_1000_rows(world, url, who, most):
    client = APIClient()
    if who:
        client.force_login(getattr(world, who))
    _bulk(world, 10)
    Matter.objects.update(status="accepted")  # the public list shows accepted matters
    few = _queries(client, url)
    _bulk(world, 990)
    Matter.objects.filter(status="raised").update(status="accepted")
    many = _queries(client, url)
    assert few == many <= most
