"""The worker's side: inbox, actions and their refusals, the accept race, figures, API."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from grids.actions.requests import (
    accept_request,
    defer_request,
    escalate_request,
    rate_request,
    reject_request,
    resolve_request,
    resume_request,
)
from grids.figures import request_figures
from grids.models import RequestCategory, ServiceRequest
from tests.grids.request_helpers import file_request


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_the_inbox_shows_the_workers_grid_with_overdue_requests_on_top(world, as_user):
    fresh = file_request(world.ba1, description="新的问题")
    late = file_request(world.ba1, description="超时的问题")
    ServiceRequest.objects.filter(pk=late.pk).update(
        created_at=timezone.now() - timedelta(hours=3),
        response_due_at=timezone.now() - timedelta(hours=1),
    )
    file_request(world.bb1, description="别的网格的问题")
    rows = as_user(world.worker_a).get("/requests/").context["object_list"]
    assert [r.pk for r in rows] == [late.pk, fresh.pk]


def test_the_deadline_is_two_hours_and_configurable_per_category(world):
    req = file_request(world.ba1)
    assert req.response_due_at - req.created_at == timedelta(hours=2)
    RequestCategory.objects.filter(code="safety").update(response_minutes=30)
    urgent = file_request(world.ba1, category="safety")
    assert urgent.response_due_at - urgent.created_at == timedelta(minutes=30)


def test_a_worker_accepts_notes_and_resolves_through_the_pages(world, as_user):
    req = file_request(world.ba1)
    client = as_user(world.worker_a)
    client.post(f"/requests/{req.pk}/accept/")
    client.post(f"/requests/{req.pk}/note/", {"note": "已联系物业"})
    client.post(f"/requests/{req.pk}/resolve/", {"resolution": "杂物已清理"})
    req.refresh_from_db()
    assert (req.status, req.accepted_by, req.resolution) == (
        "resolved",
        world.worker_a,
        "杂物已清理",
    )
    assert list(req.events.values_list("kind", flat=True)) == [
        "created",
        "accepted",
        "note",
        "resolved",
    ]


@pytest.mark.parametrize(
    "action,data",
    [("resolve", {"resolution": "  "}), ("reject", {"reason": ""}), ("escalate", {})],
)
def test_an_action_without_its_reason_changes_nothing(world, as_user, action, data):
    req = file_request(world.ba1)
    as_user(world.worker_a).post(f"/requests/{req.pk}/{action}/", data)
    req.refresh_from_db()
    assert req.status == "new" and req.events.count() == 1


def test_illegal_moves_are_refused_with_a_clear_message(world):
    req = file_request(world.ba1)
    with pytest.raises(ValidationError):
        resolve_request(req, by=world.worker_a, resolution="x")  # not accepted yet
    reject_request(req, by=world.worker_a, reason="重复：与 ABCD 相同")
    with pytest.raises(ValidationError) as exc:
        accept_request(req, by=world.worker_a)
    assert exc.value.messages


def test_a_transfer_moves_the_request_and_restarts_its_clock(world, as_user):
    req = file_request(world.ba1)
    ServiceRequest.objects.filter(pk=req.pk).update(
        response_due_at=timezone.now() - timedelta(minutes=5)
    )
    client = as_user(world.worker_a)
    response = client.post(
        f"/requests/{req.pk}/transfer/", {"to_grid": world.gb.pk, "reason": "属于第二网格"}
    )
    assert response.status_code == 302 and response.url == "/requests/"
    req.refresh_from_db()
    assert (req.grid, req.status) == (world.gb, "new")
    assert req.response_due_at > timezone.now() + timedelta(minutes=110)
    assert client.get(f"/requests/{req.pk}/").status_code == 404  # out of worker_a's grid now
    assert req.notifications.filter(recipient=world.worker_b, kind="new_request").exists()


def test_escalation_alerts_the_community(world):
    req = file_request(world.ba1)
    escalate_request(req, by=world.worker_a, reason="涉及多个部门")
    assert req.notifications.filter(recipient=world.community_official).exists()
    accept_request(req, by=world.community_official)
    req.refresh_from_db()
    assert req.status == "accepted"


def test_deferral_and_resumption(world):
    req = file_request(world.ba1)
    accept_request(req, by=world.worker_a)
    defer_request(req, by=world.worker_a, reason="需要申请改造资金")
    resume_request(req, by=world.worker_a)
    assert req.status == "accepted"


def test_a_worker_files_a_request_from_door_knocking(world, as_user):
    client = as_user(world.worker_a)
    response = client.post(
        "/requests/add/",
        {
            "source": "door_knocking",
            "area": world.ba1.pk,
            "category": RequestCategory.objects.get(code="flying-wire").pk,
            "description": "5楼飞线充电",
        },
    )
    assert response.status_code == 302
    req = ServiceRequest.objects.get()
    assert (req.source, req.created_by) == ("door_knocking", world.worker_a)
    refused = client.post(
        "/requests/add/", {"source": "qr", "area": world.bb1.pk, "description": ""}
    )
    assert refused.status_code == 400
    assert {"source", "area", "category", "description"} <= set(refused.context["form"].errors)


@pytest.mark.django_db(transaction=True)
def test_of_two_workers_accepting_at_once_exactly_one_wins(request_categories):
    from tests.conftest import make_area, make_user

    df = make_area("DF", "subdistrict")
    c1 = make_area("C1", "community", df)
    grid = make_area("G1", "grid", c1)
    first = make_user("first", "grid_worker", grid)
    second = make_user("second", "community_staff", c1)
    req = file_request(grid)
    barrier = threading.Barrier(2)
    results = {}

    def accept(user):
        stale = ServiceRequest.objects.get(pk=req.pk)
        barrier.wait(timeout=10)
        try:
            accept_request(stale, by=user)
            results[user.username] = "won"
        except ValidationError as exc:
            results[user.username] = exc.messages[0]
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(u,)) for u in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results.values()).count("won") == 1
    loser_message = next(v for v in results.values() if v != "won")
    winner = next(k for k, v in results.items() if v == "won")
    req.refresh_from_db()
    assert req.accepted_by.username == winner
    assert req.events.filter(kind="accepted").count() == 1
    assert loser_message  # a clear sentence, e.g. "<name> accepted this request first."


def test_the_api_files_accepts_and_refuses(world):
    api = _api(world.worker_a)
    created = api.post(
        "/api/v1/requests/",
        {"area": "BA1", "category": "repair", "description": "水管漏水", "source": "hotline"},
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert (
        api.post(f"/api/v1/requests/{pk}/resolve/", {"resolution": "x"}, format="json").status_code
        == 400
    )
    assert api.post(f"/api/v1/requests/{pk}/accept/").json()["status"] == "accepted"
    again = api.post(f"/api/v1/requests/{pk}/accept/")
    assert again.status_code == 400 and again.json()
    assert (
        api.post(f"/api/v1/requests/{pk}/transfer/", {"reason": "x"}, format="json").status_code
        == 400
    )
    bad = api.post(
        "/api/v1/requests/", {"area": "BB1", "category": "nope", "source": "qr"}, format="json"
    )
    assert bad.status_code == 400
    assert {"area", "category", "source", "description"} <= set(bad.json())


def test_figures_follow_the_standards_formulas(world):
    now = timezone.now()
    reqs = [file_request(world.ba1) for _ in range(10)] + [file_request(world.gc) for _ in range(2)]
    for req in reqs[:8]:
        accept_request(req, by=world.worker_a)
        resolve_request(req, by=world.worker_a, resolution="ok")
    accept_request(reqs[8], by=world.worker_a)
    defer_request(reqs[8], by=world.worker_a, reason="资金")
    reject_request(reqs[9], by=world.worker_a, reason="重复")
    ServiceRequest.objects.filter(pk=reqs[0].pk).update(
        resolved_at=now + timedelta(days=30)
    )  # late
    rate_request(ServiceRequest.objects.get(pk=reqs[1].pk), stars=5)
    rate_request(ServiceRequest.objects.get(pk=reqs[2].pk), stars=4)
    [overall] = request_figures(now=now + timedelta(hours=3))
    # received 12, rejected 1 → due 11, deferred 1 → base 10; closed 8; on time 7
    assert (overall["received"], overall["due_to_close"], overall["closed"]) == (12, 11, 8)
    assert overall["completion_rate"] == 0.8
    assert overall["on_time_completion_rate"] == 0.7
    assert overall["avg_rating"] == 4.5
    assert overall["overdue_now"] == 2  # the two in GC were never accepted
    assert overall["median_accept_minutes"] is not None
    by_community = {row["group"]: row for row in request_figures(group_by="community")}
    assert (
        by_community[world.c1.pk]["received"] == 10 and by_community[world.c2.pk]["received"] == 2
    )
    api = _api(world.community_official)
    rows = api.get("/api/v1/requests/figures/?group_by=grid").json()["results"]
    assert {row["group"] for row in rows} == {world.ga.pk}  # scoped: C2's grid is not theirs
    assert api.get("/api/v1/requests/figures/?start=yesterday").status_code == 400


def _grow(world, n):
    for _ in range(n):
        file_request(world.ba1)


@pytest.mark.parametrize(
    "user, url",
    [
        ("worker_a", "/requests/"),
        ("worker_a", "/api/v1/requests/"),
        ("community_official", "/requests/"),
        ("community_official", "/requests/?state=all&page=2"),
    ],
)
def test_the_inbox_and_its_api_use_the_same_queries_for_10_and_1000_requests(
    world, as_user, user, url
):
    client = as_user(getattr(world, user))
    _grow(world, 10)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    category = RequestCategory.objects.get(code="repair")
    now = timezone.now()
    ServiceRequest.objects.bulk_create(
        [
            ServiceRequest(
                area=world.ba1,
                grid=world.ga,
                category=category,
                description="批量",
                response_due_at=now,
                resolve_due_at=now,
                tracking_code=f"BULK{i:08d}",
            )
            for i in range(990)
        ]
    )
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    # session, user, assignments, a count (capped at 1,000 rows on the page), one page of
    # rows (the page: its keys by rank, then its rows); the page adds the tally (waiting and
    # overdue, then a capped count of those being handled), the category choices and the
    # area picker of the filter and the alert badge; the idle-timeout session save is a
    # savepoint, an update and a release.
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(large.captured_queries) <= 14


def test_the_inbox_shows_open_work_unless_closed_requests_are_asked_for(world, as_user):
    open_one = file_request(world.ba1)
    done = file_request(world.ba1)
    accept_request(done, by=world.worker_a)
    resolve_request(done, by=world.worker_a, resolution="已处理")
    client = as_user(world.worker_a)

    def codes(query=""):
        return {r.pk for r in client.get(f"/requests/{query}").context["object_list"]}

    assert codes() == {open_one.pk}
    assert codes("?state=closed") == {done.pk}
    assert codes("?state=all") == {open_one.pk, done.pk}
    assert codes("?status=resolved") == {done.pk}
