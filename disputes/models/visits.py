"""Follow-up visits (回访) of settled disputes and their plan; their reminders and overdue
alerts are grids.Notification rows (disputes/actions/visits.py)."""

from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disputes.choices import VisitMethod, VisitResult, VisitStatus
from disputes.models.disputes import MEDIATION_ROLES
from grids.querysets import ScopedQuerySet


class FollowUpVisit(models.Model):
    """One planned visit of a settled dispute; the whole plan is written when it settles."""

    dispute = models.ForeignKey("disputes.Dispute", on_delete=models.CASCADE, related_name="visits")
    settlement_round = models.PositiveSmallIntegerField()
    sequence = models.PositiveSmallIntegerField(_("visit no."))
    due_on = models.DateField(_("due on"), db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who visits"),
        on_delete=models.PROTECT,
        related_name="followup_visits",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    method = models.CharField(_("how"), max_length=10, choices=VisitMethod.choices, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=VisitResult.choices, blank=True)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    # Set once by the daily task (compare-and-set), so each reminder and alert goes out once.
    reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_alerted_at = models.DateTimeField(null=True, blank=True)
    # Deleting the visit deletes its notifications.
    notifications = GenericRelation("grids.Notification")

    objects = ScopedQuerySet.as_manager()

    scope_field = "dispute__area"
    view_roles = MEDIATION_ROLES
    edit_roles = MEDIATION_ROLES

    class Meta:
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        ordering = ["due_on", "pk"]
        constraints = [
            # Settling twice, or a retried task, can never plan the same visit twice.
            models.UniqueConstraint(
                fields=["dispute", "settlement_round", "sequence"], name="visit_once_per_round"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=VisitStatus.DONE)
                | (models.Q(done_at__isnull=False) & ~models.Q(result="")),
                name="done_visit_has_result",
            ),
        ]
        indexes = [
            models.Index(fields=["assignee", "status", "due_on"]),
            # The overview's visits past due, most overdue first: the planned ones only.
            models.Index(
                fields=["due_on", "id"],
                condition=models.Q(status=VisitStatus.PLANNED),
                name="visit_planned_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dispute_id} #{self.sequence} {self.due_on}"

    def get_absolute_url(self) -> str:
        return reverse("disputes:visit_record", kwargs={"pk": self.pk})

    @property
    def due_at(self) -> datetime:
        """The end of its due day, local time: the due time its notifications show."""
        return datetime.combine(
            self.due_on, time(23, 59, 59), tzinfo=timezone.get_default_timezone()
        )

    @property
    def on_time(self) -> bool | None:
        if self.status != VisitStatus.DONE:
            return None
        return timezone.localdate(self.done_at) <= self.due_on


WEEKLY_VISITS = 4  # days 7, 14, 21, 28
MONTHLY_VISITS = 5  # months 2 … 6: half a year of visits in all


def visit_plan(
    settled_on: date, weekly: int = WEEKLY_VISITS, monthly: int = MONTHLY_VISITS
) -> list[date]:
    """The due dates of the follow-up visits of a dispute settled on `settled_on`.

    Weekly in the first month: days 7, 14, 21, 28. Then monthly, on the settlement's day of
    the month 2, 3, … months later, each counted from the settlement date itself (never from
    the previous visit, so dates do not drift) and clamped to the month's last day:
    settled 2028-01-31 → 02-07, 02-14, 02-21, 02-28, 03-31, 04-30, 05-31, 06-30, 07-31.
    """
    weeks = [settled_on + timedelta(days=7 * n) for n in range(1, weekly + 1)]
    months = [settled_on + relativedelta(months=n) for n in range(2, monthly + 2)]
    return weeks + months
