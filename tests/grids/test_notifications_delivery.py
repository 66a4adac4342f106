"""The notification centre's one delivery path: rows once per person and event, sent after
commit only, each row claimed once, through whatever backends the settings name."""

from datetime import UTC, timedelta

import pytest
from django.core import checks, mail
from django.db import transaction
from django.utils import timezone

from grids.actions.requests import sweep_overdue
from grids.models import Notification, ServiceRequest
from grids.notifications import NotificationBackend, dedupe_key, deliver_pending, notify
from tests.grids.request_helpers import file_request


class CollectingBackend(NotificationBackend):
    """A second channel, as SMS or WeChat would be: it keeps what it was given."""

    sent: list[tuple[str, str]] = []

    def send(self, notifications):
        CollectingBackend.sent += [(n.recipient.username, n.text) for n in notifications]


class BrokenBackend(NotificationBackend):
    """A channel whose server is down."""

    def send(self, notifications):
        raise ConnectionRefusedError("the SMS gateway is down")


BACKEND = f"{__name__}.CollectingBackend"


@pytest.fixture
def collect(settings):
    """E-mail and the collecting backend, the task run in-process (as in the demo)."""
    settings.NOTIFICATION_BACKENDS = ["grids.notifications.EmailBackend", BACKEND]
    settings.CELERY_TASK_ALWAYS_EAGER = True
    CollectingBackend.sent = []
    return CollectingBackend.sent


def _request(world):
    """A filed request, its own "new request" notifications removed."""
    req = file_request(world.ba1, description="楼道灯坏了")
    Notification.objects.all().delete()
    return req


def _notify(req, users, kind="overdue"):
    notify(
        users,
        kind=kind,
        obj=req,
        area=req.grid,
        text=f"{req.public_id} 楼道灯坏了",
        due_at=req.response_due_at,
        dedupe_key=dedupe_key(kind, req, req.response_due_at),
    )


def test_the_same_event_notifies_each_person_once(world):
    req = _request(world)
    for _ in range(3):  # a sweep running three times, or a retried task
        _notify(req, [world.worker_a, world.community_official])
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == [
        "community_official",
        "worker_a",
    ]
    # A new deadline is a new event: a new notification.
    req.response_due_at += timedelta(hours=2)
    _notify(req, [world.worker_a])
    assert world.worker_a.notifications.count() == 2


def test_a_notification_keeps_what_it_is_about(world):
    req = _request(world)
    _notify(req, [world.worker_a.pk])  # ids do as well as users
    n = Notification.objects.get()
    assert (n.recipient, n.kind, n.target, n.area, n.due_at) == (
        world.worker_a,
        "overdue",
        req,
        world.ga,
        req.response_due_at,
    )
    assert n.dedupe_key == (
        f"overdue:grids.servicerequest:{req.pk}:{req.response_due_at.astimezone(UTC).isoformat()}"
    )
    assert n.get_kind_display() == "未在时限内接单"  # the label registered by grids
    assert (n.read_at, n.sent_at) == (None, None)


def test_an_unregistered_kind_is_refused(world):
    req = _request(world)
    with pytest.raises(ValueError, match="unknown notification kind"):
        _notify(req, [world.worker_a], kind="parade")
    assert not Notification.objects.exists()


def test_it_delivers_after_commit_through_every_configured_backend(
    world, collect, django_capture_on_commit_callbacks
):
    world.worker_a.email = "wang@example.org"
    world.worker_a.save()
    req = _request(world)
    with django_capture_on_commit_callbacks(execute=True):
        _notify(req, [world.worker_a, world.community_official])
        assert collect == [] and mail.outbox == []  # not before the commit
    assert sorted(collect) == [
        ("community_official", f"{req.public_id} 楼道灯坏了"),
        ("worker_a", f"{req.public_id} 楼道灯坏了"),
    ]
    # E-mail goes only where there is an address; the row counts as sent either way.
    assert [m.to for m in mail.outbox] == [["wang@example.org"]]
    assert mail.outbox[0].subject == (f"[东风] 未在时限内接单: {req.public_id} 楼道灯坏了")
    assert not Notification.objects.filter(sent_at__isnull=True).exists()


def test_a_rolled_back_transaction_sends_nothing(
    world, collect, django_capture_on_commit_callbacks
):
    req = _request(world)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            _notify(req, [world.worker_a])
            raise RuntimeError("the request's own change failed")
    assert callbacks == [] and collect == [] and mail.outbox == []
    assert not Notification.objects.exists()


def test_each_row_is_claimed_once(world, collect):
    req = _request(world)
    _notify(req, [world.worker_a, world.worker_b])
    assert deliver_pending() == 2
    assert deliver_pending() == 0  # a second run, or a redelivered message
    assert len(collect) == 2


def test_a_failing_backend_gives_the_rows_back_for_the_next_run(world, collect, settings):
    req = _request(world)
    _notify(req, [world.worker_a])
    settings.NOTIFICATION_BACKENDS = [BACKEND, f"{__name__}.BrokenBackend"]
    with pytest.raises(ConnectionRefusedError):
        deliver_pending()
    assert Notification.objects.get().sent_at is None
    settings.NOTIFICATION_BACKENDS = [BACKEND]  # the gateway is back
    assert deliver_pending() == 1
    assert Notification.objects.get().sent_at is not None


def test_the_overdue_sweep_run_three_times_alerts_each_person_and_breach_once(world):
    req = file_request(world.ba1)
    ServiceRequest.objects.filter(pk=req.pk).update(
        response_due_at=timezone.now() - timedelta(minutes=1)
    )
    assert sweep_overdue() == 1
    assert sweep_overdue() == 0
    # Even a run that got past the breach mark (say, the mark was cleared under it) alerts
    # nobody twice: the dedupe key is the breach.
    ServiceRequest.objects.filter(pk=req.pk).update(breached_at=None)
    assert sweep_overdue() == 1
    overdue = Notification.objects.filter(kind="overdue")
    assert sorted(overdue.values_list("recipient__username", flat=True)) == [
        "community_official",
        "worker_a",
    ]


def test_a_misspelt_backend_is_a_startup_error(settings):
    settings.NOTIFICATION_BACKENDS = [BACKEND]
    assert not [e for e in checks.run_checks() if e.id.startswith("grids.")]
    settings.NOTIFICATION_BACKENDS = ["grids.notifications.EmailBakend", "grids.models.Area"]
    assert [e.id for e in checks.run_checks() if e.id.startswith("grids.")] == [
        "grids.E001",
        "grids.E002",
    ]


def test_a_sweep_queues_one_delivery_run_not_one_per_breach(
    world, django_capture_on_commit_callbacks
):
    for _ in range(3):
        file_request(world.ba1)
    ServiceRequest.objects.update(response_due_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks() as callbacks:
        assert sweep_overdue() == 3
    assert len(callbacks) == 1
    assert Notification.objects.filter(kind="overdue").count() == 6
    with django_capture_on_commit_callbacks() as callbacks:
        assert sweep_overdue() == 0
    assert callbacks == []
