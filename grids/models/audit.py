"""An append-only log of reads, changes and exports of sensitive data."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who read or changed which sensitive record, and when."""

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        CREATE = "create", _("created")
        UPDATE = "update", _("updated")
        DELETE = "delete", _("deleted")
        EXPORT = "export", _("exported")

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, on_delete=models.SET_NULL
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    model = models.CharField(_("record type"), max_length=50)
    object_id = models.CharField(_("record id"), max_length=40)
    summary = models.CharField(_("summary"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.model}#{self.object_id}"

    @classmethod
    def record(cls, user, action: str, obj: models.Model, summary: str = "") -> "AuditEntry":
        return cls.objects.create(
            user=user if user and user.is_authenticated else None,
            action=action,
            model=obj._meta.label_lower,
            object_id=str(obj.pk),
            summary=summary[:200],
        )

    @classmethod
    def record_export(cls, user, subject: str, summary: str) -> "AuditEntry":
        """An export of a list: `subject` names what (a model label or a page), `summary`
        the format, the rows and the filters; there is no single record id."""
        return cls.objects.create(
            user=user if user and user.is_authenticated else None,
            action=cls.Action.EXPORT,
            model=subject[:50],
            object_id="",
            summary=summary[:200],
        )
