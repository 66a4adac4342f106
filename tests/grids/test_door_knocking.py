"""Door-knocking rounds (敲门行动): an issue found becomes a resident request in one step, linked
both ways; it counts as fixed once the request is resolved; bad input is a field error."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from grids.actions.requests import accept_request, resolve_request
from grids.models import DoorKnockIssue, DoorKnockRound, Notification, RequestCategory
from tests.grids import factories as gf


@pytest.fixture
def round_a(world):
    return gf.DoorKnockRoundFactory(grid=world.ga)


def test_an_issue_found_becomes_a_request_linked_both_ways(world, round_a, as_user):
    client = as_user(world.worker_a)
    wire = RequestCategory.objects.get(code="flying-wire")
    response = client.post(
        f"/door-knocking/{round_a.pk}/issue/",
        {"category": wire.pk, "building": world.ba1.pk, "description": "3单元飞线充电"},
    )
    assert response.status_code == 302
    issue = DoorKnockIssue.objects.get()
    request = issue.request
    assert (issue.round, request.source, request.area, request.category) == (
        round_a,
        "door_knocking",
        world.ba1,
        wire,
    )
    assert Notification.objects.filter(kind="new_request", object_id=request.pk).exists()
    page = client.get(f"/requests/{request.pk}/").content.decode()
    assert f'href="{round_a.get_absolute_url()}" id="door-knock-round"' in page
    round_page = client.get(round_a.get_absolute_url()).content.decode()
    assert f'href="/requests/{request.pk}/"' in round_page
    assert not issue.fixed

    accept_request(request, by=world.worker_a)
    resolve_request(request, by=world.worker_a, resolution="已拆除飞线，引导到充电桩")
    issue.refresh_from_db()
    assert issue.fixed


def test_a_round_of_another_grid_is_not_linked_for_a_user_who_cannot_open_it(world, as_user):
    round_b = gf.DoorKnockRoundFactory(grid=world.gb)
    issue = gf.DoorKnockIssueFactory(round=round_b)
    # The request moves to GA (transferred); worker_a sees it but not GB's round.
    issue.request.__class__.objects.filter(pk=issue.request_id).update(grid=world.ga, area=world.ga)
    page = as_user(world.worker_a).get(f"/requests/{issue.request_id}/").content.decode()
    assert "door-knock-round" not in page


def test_a_building_outside_the_grid_is_refused_on_its_field(world, round_a, as_user):
    client = as_user(world.community_official)
    data = {
        "date": timezone.localdate().isoformat(),
        "grid": world.ga.pk,
        "buildings": [world.bb1.pk],
        "households_visited": 10,
    }
    response = client.post("/door-knocking/add/", data)
    assert response.status_code == 400
    assert response.context["form"].errors["buildings"]
    response = client.post(
        f"/door-knocking/{round_a.pk}/issue/",
        {
            "category": RequestCategory.objects.get(code="repair").pk,
            "building": world.bb1.pk,
            "description": "灯坏",
        },
    )
    assert response.status_code == 302  # the round's page, with the error as a message
    assert not DoorKnockIssue.objects.exists()
    assert DoorKnockRound.objects.count() == 1


def test_a_round_in_the_future_or_with_bad_numbers_is_a_400_with_field_errors(world):
    api = APIClient()
    api.force_authenticate(world.worker_a)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    for payload, field in [
        ({"date": tomorrow, "grid": "GA"}, "date"),
        ({"date": "2150-01-01", "grid": "GA"}, "date"),
        (
            {"date": timezone.localdate().isoformat(), "grid": "GA", "households_visited": -1},
            "households_visited",
        ),
        (
            {"date": timezone.localdate().isoformat(), "grid": "GA", "buildings": ["BB1"]},
            "buildings",
        ),
        ({"date": timezone.localdate().isoformat(), "grid": "BA1"}, "grid"),
    ]:
        response = api.post("/api/v1/door-knocking-rounds/", payload, format="json")
        assert response.status_code == 400, (payload, response.content)
        assert field in response.json(), response.json()
    assert not DoorKnockRound.objects.exists()


def test_the_api_files_an_issue_and_answers_the_round_with_it(world, round_a):
    api = APIClient()
    api.force_authenticate(world.worker_a)
    response = api.post(
        f"/api/v1/door-knocking-rounds/{round_a.pk}/issue/",
        {"category": "corridor-clutter", "building": "BA1", "description": "楼道堆放纸箱"},
        format="json",
    )
    assert response.status_code == 200, response.content
    [issue] = response.json()["issues"]
    assert issue["status"] == "new" and issue["fixed"] is False
    bad = api.post(
        f"/api/v1/door-knocking-rounds/{round_a.pk}/issue/",
        {"category": "corridor-clutter", "building": "BB1", "description": "x"},
        format="json",
    )
    assert bad.status_code == 400 and "building" in bad.json()
    assert DoorKnockIssue.objects.count() == 1
