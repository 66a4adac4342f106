"""/alerts/, the header badge and the API: every kind of notification for its recipient only,
with a link where the recipient may open the object, and marking read (one or all)."""

import itertools
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from disputes.actions.disputes import receive_dispute, settle_dispute
from disputes.actions.visits import reassign_visit, send_visit_alerts
from disputes.models import DisputeCategory, FollowUpVisit
from grids.actions.requests import sweep_overdue
from grids.models import ServiceRequest
from grids.notifications import notify
from tests.grids.request_helpers import file_request


def _overdue_request(world):
    """A request in GA nobody accepted in time; the sweep alerts worker_a and C1's staff."""
    req = file_request(world.ba1, description="消防通道被堵")
    ServiceRequest.objects.filter(pk=req.pk).update(
        response_due_at=timezone.now() - timedelta(minutes=1)
    )
    sweep_overdue()
    req.refresh_from_db()
    return req


def _visit_due_tomorrow(world, assignee):
    """A settled dispute's first visit, due tomorrow, given to `assignee` and reminded of."""
    dispute = receive_dispute(
        area=world.ga,
        category=DisputeCategory.objects.get(code="neighbours"),
        summary="噪音纠纷",
        channel="walk_in",
        mediator=world.mediator_c1,
        parties=[(world.person_a, "applicant"), (world.person_b, "respondent")],
        by=world.mediator_c1,
    )
    settle_dispute(
        dispute,
        by=world.mediator_c1,
        terms="晚十点后不得装修",
        signed_on=timezone.localdate() - timedelta(days=6),
        signed_by="张三、李四",
    )
    visit = FollowUpVisit.objects.get(dispute=dispute, sequence=1)
    visit = reassign_visit(visit, by=world.mediator_c1, assignee=assignee)
    assert send_visit_alerts() == {"reminders": 1, "overdue": 0}
    return visit


def test_alerts_shows_a_visit_reminder_and_a_request_alert_side_by_side(world, as_user):
    req = _overdue_request(world)
    visit = _visit_due_tomorrow(world, world.community_official)

    body = as_user(world.community_official).get("/alerts/").content.decode()

    assert "回访即将到期" in body and "未在时限内接单" in body  # the kinds' display names
    assert f'<a href="{req.get_absolute_url()}">{req.public_id} 楼道堆物' in body
    assert f'<a href="{visit.get_absolute_url()}">纠纷 #{visit.dispute_id} ' in body
    assert "第一网格" in body  # the area
    assert timezone.localtime(req.response_due_at).strftime("%m-%d %H:%M") in body
    assert f"{visit.due_on:%m-%d} 23:59" in body
    assert '<b class="badge">2</b>' in body  # the header counts both kinds


def test_a_link_appears_only_where_the_recipient_may_open_the_object(world, as_user):
    req = _overdue_request(world)
    visit = _visit_due_tomorrow(world, world.worker_a)  # a grid worker may visit …

    body = as_user(world.worker_a).get("/alerts/").content.decode()

    assert f'href="{req.get_absolute_url()}"' in body
    assert f"纠纷 #{visit.dispute_id} " in body  # … and is told about it,
    assert f'href="{visit.get_absolute_url()}"' not in body  # but cannot open mediation files
    assert as_user(world.worker_a).get(visit.get_absolute_url()).status_code == 404


def test_unread_come_first_then_the_newest(world, as_user):
    req = _overdue_request(world)  # worker_a: "new request", then "overdue"
    mine = world.worker_a.notifications
    older, newer = mine.order_by("created_at", "pk")
    mine.filter(pk=newer.pk).update(read_at=timezone.now())

    body = as_user(world.worker_a).get("/alerts/").content.decode()

    assert body.index("新诉求") < body.index("未在时限内接单")  # unread before read
    assert req.public_id in body


def test_marking_one_read_says_so_and_another_users_is_a_404(world, as_user):
    _overdue_request(world)
    mine = world.worker_a.notifications.order_by("pk").first()
    theirs = world.community_official.notifications.get()
    client = as_user(world.worker_a)

    assert client.post(f"/alerts/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None

    response = client.post(f"/alerts/{mine.pk}/read/", follow=True)
    assert "已将 1 条提醒标为已读" in response.content.decode()
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert world.worker_a.notifications.filter(read_at__isnull=True).count() == 1
    assert '<b class="badge">1</b>' in response.content.decode()


def test_marking_all_read_counts_what_was_unread(world, as_user):
    _overdue_request(world)
    _visit_due_tomorrow(world, world.worker_a)
    client = as_user(world.worker_a)

    body = client.post("/alerts/read/", follow=True).content.decode()
    assert "已将 3 条提醒标为已读" in body
    assert 'class="badge"' not in body
    assert "没有未读提醒" in client.post("/alerts/read/", follow=True).content.decode()
    assert world.community_official.notifications.get().read_at is None  # theirs untouched


def test_the_api_lists_every_kind_of_the_callers_own_and_marks_them_read(world):
    req = _overdue_request(world)
    visit = _visit_due_tomorrow(world, world.community_official)
    api = APIClient()
    api.force_authenticate(world.community_official)

    rows = api.get("/api/v1/alerts/").json()["results"]
    assert {(r["kind"], r["object_type"], r["object_id"], r["link"], r["area"]) for r in rows} == {
        ("overdue", "grids.servicerequest", req.pk, req.get_absolute_url(), "GA"),
        ("visit_due", "disputes.followupvisit", visit.pk, visit.get_absolute_url(), "GA"),
    }
    assert {r["kind_display"] for r in rows} == {"未在时限内接单", "回访即将到期"}

    workers = world.worker_a.notifications.first()
    assert api.post(f"/api/v1/alerts/{workers.pk}/read/").status_code == 404
    assert api.post(f"/api/v1/alerts/{rows[0]['id']}/read/").json() == {"marked_read": 1}
    assert api.post("/api/v1/alerts/read/").json() == {"marked_read": 1}
    assert api.post("/api/v1/alerts/read/").json() == {"marked_read": 0}


@pytest.mark.parametrize("path", ["/alerts/", "/api/v1/alerts/"])
def test_the_alert_list_takes_the_same_queries_for_2_and_20_rows(
    world, as_user, path, django_assert_max_num_queries
):
    req = file_request(world.ba1)
    visit = _visit_due_tomorrow(world, world.community_official)
    client = as_user(world.community_official)  # the session: a fresh user each request

    keys = itertools.count()

    def add(count):
        for i in range(count):
            obj = visit if i % 2 else req  # with the reminder: both kinds of object, always
            notify(
                [world.community_official],
                kind="visit_overdue" if i % 2 else "overdue",
                obj=obj,
                area=world.ga,
                text=f"第 {i} 条",
                dedupe_key=f"test:{next(keys)}",
            )

    add(1)
    with CaptureQueriesContext(connection) as small:
        assert client.get(path).status_code == 200
    add(18)
    assert world.community_official.notifications.count() == 20
    # Session, user, the page's count and rows, the user's assignments, one query per kind
    # of object for the links (request, visit); /alerts/ adds the badge, and the idle-timeout
    # session save is a savepoint, an update and a release.
    with django_assert_max_num_queries(11):
        with CaptureQueriesContext(connection) as large:
            assert client.get(path).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_schema_documents_alerts_as_they_are(world, as_user):
    schema = as_user(world.street_official).get("/api/schema/?format=json").json()
    for path in ("/api/v1/alerts/read/", "/api/v1/alerts/{id}/read/"):
        response = schema["paths"][path]["post"]["responses"]["200"]
        assert response["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/MarkedRead"
        }
    fields = schema["components"]["schemas"]["Notification"]["properties"]
    kinds = schema["components"]["schemas"]["NotificationKindEnum"]["enum"]
    assert {"new_request", "overdue", "visit_due", "visit_overdue"} <= set(kinds)
    assert {name for name, field in fields.items() if field.get("nullable")} == {
        "due_at",
        "read_at",
        "sent_at",
    }
