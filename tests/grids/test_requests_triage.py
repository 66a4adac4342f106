"""Triage (待分派): a request whose grid could not be told waits at the sub-district or a
community; its officials or community staff see it on /requests/triage/ and assign a grid.
The 2-hour clock, the sweep's alerts and scoping work on it as on any other request."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from grids.actions.requests import assign_grid, escalate_request, sweep_overdue
from grids.choices import AlertKind, EventKind, RequestStatus
from grids.models import Notification, ServiceRequest
from grids.transitions import TransitionError
from tests.grids.request_helpers import file_request


@pytest.fixture
def waiting(world) -> ServiceRequest:
    return file_request(
        world.df, description="东风路与民主路交叉口井盖丢失", address_string="东风路口"
    )


@pytest.fixture
def waiting_c1(world) -> ServiceRequest:
    return file_request(world.c1, description="社区里有棵树倒了")


def test_the_triage_page_lists_what_waits_in_the_users_scope(world, as_user, waiting, waiting_c1):
    routed = file_request(world.ba1)
    page = as_user(world.street_official).get("/requests/triage/")
    assert page.status_code == 200
    assert {r.pk for r in page.context["object_list"]} == {waiting.pk, waiting_c1.pk}
    body = page.content.decode()
    assert "待分派" in body and waiting.public_id in body and routed.public_id not in body
    # Community staff see their community's, not the sub-district's (outside their subtree).
    rows = as_user(world.community_official).get("/requests/triage/").context["object_list"]
    assert [r.pk for r in rows] == [waiting_c1.pk]


@pytest.mark.parametrize("who", ["worker_a", "mediator_c1", "outsider"])
def test_who_assigns_nothing_gets_a_404(world, as_user, waiting, who):
    assert as_user(getattr(world, who)).get("/requests/triage/").status_code == 404


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get("/requests/triage/")
    assert response.status_code == 302 and "/login" in response.url


def test_the_page_is_in_chinese(world, as_user, waiting):
    client = as_user(world.street_official)
    body = client.get("/requests/triage/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "待分派" in body and "编号" in body
    detail = client.get(waiting.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = detail.content.decode()
    assert "分派到网格" in text and "待分派" in text and "东风路口" in text
    for english in ("Assign", "waiting for a grid", "address given", "request number"):
        assert english not in text


def test_an_official_assigns_a_grid_from_the_request_page(world, as_user, waiting):
    client = as_user(world.street_official)
    before = timezone.now()
    response = client.post(
        f"/requests/{waiting.pk}/assign/", {"to_grid": world.gb.pk, "note": "在第二网格"}
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert (waiting.grid, waiting.area, waiting.status) == (world.gb, world.gb, RequestStatus.NEW)
    assert not waiting.needs_triage
    # The grid's 2-hour clock starts now; its worker is told.
    assert waiting.response_due_at >= before + timedelta(hours=2)
    assert waiting.notifications.filter(
        recipient=world.worker_b, kind=AlertKind.NEW_REQUEST
    ).exists()
    event = waiting.events.get(kind=EventKind.ASSIGNED)
    assert (event.actor, event.from_grid, event.note) == (
        world.street_official,
        world.df,
        "在第二网格",
    )
    assert (event.from_status, event.to_status) == ("new", "new")
    # It left the triage list and is in the grid worker's inbox.
    assert not client.get("/requests/triage/").context["object_list"]
    inbox = as_user(world.worker_b).get("/requests/").context["object_list"]
    assert [r.pk for r in inbox] == [waiting.pk]


def test_the_choice_holds_only_the_nodes_grids(world, as_user, waiting_c1):
    client = as_user(world.community_official)
    form = client.get(waiting_c1.get_absolute_url()).context["assign_form"]
    assert list(form.fields["to_grid"].queryset) == [world.ga, world.gb]
    client.post(f"/requests/{waiting_c1.pk}/assign/", {"to_grid": world.gc.pk})
    waiting_c1.refresh_from_db()
    assert waiting_c1.grid == world.c1  # GC is another community's grid: refused


def test_the_action_refuses_what_is_not_triage_or_not_a_grid_below(world, waiting_c1):
    with pytest.raises(TransitionError):
        assign_grid(file_request(world.ba1), by=world.street_official, to_grid=world.gb)
    for wrong in (world.gc, world.c1, world.ba1):
        with pytest.raises(Exception) as caught:
            assign_grid(waiting_c1, by=world.street_official, to_grid=wrong)
        assert "to_grid" in caught.value.message_dict
    with pytest.raises(TransitionError):
        escalate_request(waiting_c1, by=world.street_official, reason="上交")
    waiting_c1.refresh_from_db()
    assert waiting_c1.grid == world.c1 and not waiting_c1.events.exclude(kind="created").exists()


def test_a_grid_worker_cannot_assign(world, as_user, waiting_c1):
    response = as_user(world.worker_a).post(
        f"/requests/{waiting_c1.pk}/assign/", {"to_grid": world.ga.pk}
    )
    assert response.status_code == 404  # outside their grid: as missing
    waiting_c1.refresh_from_db()
    assert waiting_c1.grid == world.c1


def test_the_sweep_alerts_the_officials_holding_the_node(world, waiting, waiting_c1):
    later = timezone.now() + timedelta(hours=3)
    assert sweep_overdue(now=later) == 2
    overdue = Notification.objects.filter(kind=AlertKind.OVERDUE)
    told = {(a.object_id, a.recipient.username) for a in overdue}
    assert told == {
        (waiting.pk, "street_official"),
        (waiting_c1.pk, "community_official"),
        (waiting_c1.pk, "street_official"),
    }
    assert sweep_overdue(now=later) == 0  # once per breach


def test_the_api_assigns_too(world, waiting):
    api = APIClient()
    api.force_authenticate(world.street_official)
    listed = api.get("/api/v1/requests/").json()["results"]
    row = next(r for r in listed if r["id"] == waiting.pk)
    assert row["needs_triage"] is True and row["public_id"] == waiting.public_id
    assert "tracking_code" not in row
    response = api.post(f"/api/v1/requests/{waiting.pk}/assign/", {"to_grid": "GC"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["grid"] == "GC" and response.json()["needs_triage"] is False


@pytest.mark.django_db(transaction=True)
def test_of_two_staff_assigning_at_once_one_wins(world, request_categories):
    req = file_request(world.df)
    barrier = threading.Barrier(2)
    results: list[str] = []

    def assign(grid):
        try:
            fresh = ServiceRequest.objects.select_related("grid").get(pk=req.pk)
            barrier.wait(timeout=10)
            assign_grid(fresh, by=world.street_official, to_grid=grid)
            results.append("won")
        except TransitionError:
            results.append("lost")
        finally:
            connection.close()

    threads = [threading.Thread(target=assign, args=(g,)) for g in (world.ga, world.gc)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["lost", "won"]
    assert ServiceRequest.objects.get(pk=req.pk).events.filter(kind=EventKind.ASSIGNED).count() == 1
