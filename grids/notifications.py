"""One notification centre: every app raises its alerts with `notify()`, one delivery path
sends them after commit through pluggable backends (e-mail now; SMS or WeChat later).

The truth is the Notification row. Delivery claims each row with a compare-and-set on
`sent_at`, so a lost, repeated or late Celery message sends nothing twice, and the beat
sweep (`grids.tasks.deliver_notifications_task`) catches up on what a broker outage left.
An app adds its kinds from its AppConfig.ready(): `register_kinds(MyAlertKind)`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import checks
from django.core.mail import EmailMessage, get_connection
from django.db import models
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from grids.models import Area, Notification, User
from grids.models.notifications import KINDS, register_kinds

__all__ = [
    "EmailBackend",
    "NotificationBackend",
    "deliver_pending",
    "dedupe_key",
    "mark_read",
    "notify",
    "one_delivery_for_the_batch",
    "register_kinds",
    "with_links",
]


def dedupe_key(kind: str, obj: models.Model, *parts) -> str:
    """`kind:app.model:pk[:part…]`, the same on every run: one notification per person and event.

    Datetimes are written in UTC, so the key does not depend on the active time zone.
    """
    bits = [kind, obj._meta.label_lower, str(obj.pk)]
    bits += [p.astimezone(UTC).isoformat() if isinstance(p, datetime) else str(p) for p in parts]
    return ":".join(bits)


def notify(
    recipients: Iterable[User | int],
    *,
    kind: str,
    obj: models.Model,
    area: Area,
    text: str,
    dedupe_key: str,
    due_at: datetime | None = None,
) -> None:
    """Write one notification per recipient in the caller's transaction; send after commit.

    A recipient gets at most one row per `dedupe_key` (a unique constraint), so a sweep
    that runs again, or a retried task, notifies nobody twice.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}: register it in AppConfig.ready()")
    recipient_ids = {getattr(r, "pk", r) for r in recipients} - {None}
    if not recipient_ids:
        return
    content_type = ContentType.objects.get_for_model(obj)
    text = " ".join(str(text).split())[:500]  # one line: it also becomes an e-mail subject
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=recipient_id,
                kind=kind,
                content_type=content_type,
                object_id=obj.pk,
                area=area,
                text=text,
                due_at=due_at,
                dedupe_key=dedupe_key,
            )
            for recipient_id in sorted(recipient_ids)
        ],
        ignore_conflicts=True,
    )
    deliver_after_commit()


# Inside one_delivery_for_the_batch(): True once a notify() in the block wrote rows.
_batch: ContextVar[list[bool] | None] = ContextVar("notification_batch", default=None)


def deliver_after_commit() -> None:
    """Queue one delivery run once the transaction commits (nothing if it rolls back)."""
    batch = _batch.get()
    if batch is not None:
        batch[0] = True  # one run at the end of the block instead
        return
    # At call time: grids.tasks imports this module for the task's body.
    from grids.tasks import deliver_notifications_task, send_after_commit

    send_after_commit(deliver_notifications_task)


@contextmanager
def one_delivery_for_the_batch() -> Iterator[None]:
    """For sweeps that commit once per row: one delivery run after the block, not a broker
    message per commit. A crash inside leaves the rows for the beat's delivery run."""
    token = _batch.set([False])
    try:
        yield
        wrote = _batch.get()[0]
    finally:
        _batch.reset(token)
    if wrote:
        deliver_after_commit()


# ---- delivery ---------------------------------------------------------------------------


class NotificationBackend:
    """One way of reaching people. Listed in settings.NOTIFICATION_BACKENDS.

    `send()` gets rows already claimed for delivery, with `recipient` and `target` loaded.
    Raising gives the whole batch back to the next run, so raise on transient failures
    (the server is down) only; a row a backend cannot deliver (no address) is skipped.
    """

    def send(self, notifications: list[Notification]) -> None:
        raise NotImplementedError


class EmailBackend(NotificationBackend):
    """E-mail through Django's EMAIL_BACKEND, to recipients who have an address."""

    def send(self, notifications: list[Notification]) -> None:
        messages = [self.message(n) for n in notifications if n.recipient.email]
        if messages:
            with get_connection() as connection:  # one connection for the batch
                connection.send_messages(messages)

    def message(self, notification: Notification) -> EmailMessage:
        lines = [notification.text]
        if notification.due_at:
            due = timezone.localtime(notification.due_at)
            lines.append(_("Due by %(due)s.") % {"due": f"{due:%Y-%m-%d %H:%M}"})
        target = notification.target
        if settings.PUBLIC_BASE_URL and hasattr(target, "get_absolute_url"):
            lines.append(settings.PUBLIC_BASE_URL + target.get_absolute_url())
        return EmailMessage(
            subject=f"[东风] {notification.get_kind_display()}: {notification.text}"[:200],
            body="\n".join(lines),
            to=[notification.recipient.email],
        )


def backends() -> list[NotificationBackend]:
    return [import_string(path)() for path in settings.NOTIFICATION_BACKENDS]


@checks.register()
def check_backends(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A misspelt NOTIFICATION_BACKENDS entry stops start-up, not the first delivery."""
    errors = []
    for path in settings.NOTIFICATION_BACKENDS:
        try:
            backend = import_string(path)
        except ImportError as exc:
            errors.append(checks.Error(f"NOTIFICATION_BACKENDS: {exc}", id="grids.E001"))
            continue
        if not (isinstance(backend, type) and issubclass(backend, NotificationBackend)):
            errors.append(
                checks.Error(
                    f"NOTIFICATION_BACKENDS: {path} is not a NotificationBackend",
                    id="grids.E002",
                )
            )
    return errors


def deliver_pending(limit: int = 500) -> int:
    """Hand up to `limit` unsent notifications to every backend, each row once.

    Returns how many rows this run claimed.
    """
    pending = (
        Notification.objects.filter(sent_at__isnull=True)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    now = timezone.now()
    # Compare-and-set: of two workers running at once, exactly one claims each row.
    claimed = [
        pk
        for pk in list(pending)
        if Notification.objects.filter(pk=pk, sent_at__isnull=True).update(sent_at=now)
    ]
    if not claimed:
        return 0
    batch = list(
        Notification.objects.filter(pk__in=claimed)
        .select_related("recipient")
        .prefetch_related("target")
    )
    try:
        # The site's language, whoever's request happened to run the delivery.
        with translation.override(settings.LANGUAGE_CODE):
            for backend in backends():
                backend.send(batch)
    except Exception:
        # Give the batch back: the task's retry or the next sweep sends it again.
        Notification.objects.filter(pk__in=claimed).update(sent_at=None)
        raise
    return len(batch)


# ---- reading ----------------------------------------------------------------------------


def with_links(notifications: list[Notification], user: User) -> list[Notification]:
    """Set `n.link` to its object's page where `user` may open it, else "".

    One query per kind of object (not per row): the object's own `visible_to()` says
    whether the user may open it, and returns it for get_absolute_url().
    """
    wanted: dict[int, set[int]] = defaultdict(set)
    for n in notifications:
        wanted[n.content_type_id].add(n.object_id)
    found = {}
    for content_type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        manager = getattr(model, "_default_manager", None)
        if manager is None or not hasattr(manager, "visible_to"):
            continue  # an object nobody scopes is linked nowhere
        for obj in manager.visible_to(user).filter(pk__in=ids):
            found[content_type_id, obj.pk] = obj
    for n in notifications:
        obj = found.get((n.content_type_id, n.object_id))
        n.link = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
    return notifications


def mark_read(notifications: models.QuerySet[Notification]) -> int:
    """Mark the unread ones among `notifications` read; returns how many changed."""
    return notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
