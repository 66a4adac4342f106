"""The whole loop against real PostgreSQL, Redis and a real Celery worker:
QR submission → overdue sweep alerts once (run twice) → accept → resolve → rate."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from dongfeng.celery import app as celery_app
from grids.models import Notification, RequestCategory, ServiceRequest
from grids.tasks import deliver_notifications_task, sweep_overdue_requests_task
from tests.conftest import celery_worker_thread, make_area, make_user, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def tree(request_categories):
    df = make_area("DF", "subdistrict")
    c1 = make_area("C1", "community", df)
    grid = make_area("G1", "grid", c1)
    building = make_area("B1", "building", grid)
    worker = make_user("wang", "grid_worker", grid, email="wang@example.org")
    staff = make_user("sun", "community_staff", c1, email="sun@example.org")
    return building, worker, staff


def test_the_full_loop(live_worker, tree, client):
    building, wang, sun = tree
    response = client.post(
        f"/q/{building.qr_token}/",
        {
            "category": RequestCategory.objects.get(code="safety").pk,
            "description": "消防通道被电动车堵住",
        },
    )
    assert response.status_code == 302
    req = ServiceRequest.objects.get()

    # The worker e-mails the "new request" notification written in the same commit.
    wait_for(lambda: len(mail.outbox) == 1)  # the row is claimed (sent_at) just before
    assert [m.to for m in mail.outbox] == [["wang@example.org"]]
    assert Notification.objects.get(kind="new_request").sent_at is not None

    # Two hours pass without anyone accepting it.
    ServiceRequest.objects.filter(pk=req.pk).update(
        response_due_at=timezone.now() - timedelta(minutes=1)
    )
    sweep_overdue_requests_task.delay()
    wait_for(lambda: Notification.objects.filter(kind="overdue").count() == 2)
    sweep_overdue_requests_task.delay()  # a second run, or a redelivered message
    time.sleep(1.5)
    wait_for(lambda: Notification.objects.filter(kind="overdue", sent_at__isnull=True).count() == 0)
    wait_for(lambda: len(mail.outbox) == 3)
    assert Notification.objects.filter(kind="overdue").count() == 2
    assert sorted(
        Notification.objects.filter(kind="overdue").values_list("recipient__username", flat=True)
    ) == [
        "sun",
        "wang",
    ]
    # one "new request" mail and one "overdue" mail per recipient: nothing repeated
    assert sorted(m.to[0] for m in mail.outbox) == [
        "sun@example.org",
        "wang@example.org",
        "wang@example.org",
    ]
    assert req.events.filter(kind="overdue").count() == 1

    client.force_login(wang)
    client.post(f"/requests/{req.pk}/accept/")
    client.post(f"/requests/{req.pk}/resolve/", {"resolution": "已联系车主挪走电动车"})
    client.logout()
    assert (
        client.post(f"/t/{req.tracking_code}/", {"rating": 5, "comment": "速度快"}).status_code
        == 302
    )
    req.refresh_from_db()
    assert (req.status, req.rating, req.accepted_by) == ("resolved", 5, wang)


def test_a_submission_while_redis_is_down_is_kept_and_alerted_later(tree, client, settings):
    building, wang, _ = tree
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.post(
        f"/q/{building.qr_token}/",
        {
            "category": RequestCategory.objects.get(code="repair").pk,
            "description": "单元门门禁坏了",
        },
    )
    assert response.status_code == 302  # the resident sees the normal confirmation
    assert ServiceRequest.objects.count() == 1
    assert Notification.objects.get().sent_at is None
    assert mail.outbox == []

    # Redis is back: the next periodic delivery run (beat, every minute) sends what was left.
    settings.CELERY_BROKER_URL = settings.REDIS_URL
    celery_app.control.purge()
    with celery_worker_thread():
        deliver_notifications_task.delay()
        wait_for(lambda: len(mail.outbox) == 1)
    assert Notification.objects.get().sent_at is not None
    assert [m.to for m in mail.outbox] == [["wang@example.org"]]
