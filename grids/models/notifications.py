"""The notification centre's table: every app's alerts, one row per person and event.

Apps add their kinds from `AppConfig.ready()` (`grids.notifications.register_kinds`), so
patrols, publicity or care raise their own alerts without editing grids.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.choices import STRUCTURE_ROLES
from grids.querysets import ScopedQuerySet

# code → display label, filled by each app's AppConfig.ready() through register_kinds().
KINDS: dict[str, str] = {}


def register_kinds(choices: type[models.TextChoices]) -> None:
    """Add an app's notification kinds; a code means one thing in the whole project."""
    for code, label in choices.choices:
        if code in KINDS and KINDS[code] != label:
            raise ImproperlyConfigured(f"notification kind {code!r} is registered twice")
        KINDS[code] = label


def kind_choices() -> list[tuple[str, str]]:
    """The `choices` of Notification.kind: a callable, so a new kind needs no migration."""
    return list(KINDS.items())


class NotificationQuerySet(ScopedQuerySet):
    def for_recipient(self, user) -> "NotificationQuerySet":
        """What a user reads on /alerts/ and in the API: their own rows, nobody else's.

        Not `visible_to()`: a reminder about a community's dispute reaches a grid worker
        whose own scope is one grid. `visible_to()` (by area) is for the admin.
        """
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(recipient=user)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One alert to one person about one object (a request, a visit …); a row, sent once."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=40, choices=kind_choices)
    # The object it is about; its get_absolute_url() is the link on /alerts/.
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    area = models.ForeignKey(
        "grids.Area", verbose_name=_("area"), on_delete=models.CASCADE, related_name="+"
    )
    text = models.CharField(_("text"), max_length=500)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    # The same event notifies a person once, however often a sweep or a retry runs.
    dedupe_key = models.CharField(max_length=200)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # Set when the row is handed to the delivery backends (compare-and-set: once).
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    scope_field = "area"
    edit_roles = STRUCTURE_ROLES  # rows are written by grids.notifications.notify() only

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], name="notification_once_per_key"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["content_type", "object_id"]),
            # The delivery sweep reads only the unsent rows.
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True),
                name="notification_unsent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.text}"
