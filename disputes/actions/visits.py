"""Follow-up visits (回访): recording one (a relapse reopens the dispute), reassigning, and the
reminder/overdue sweep."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from disputes.actions.disputes import DISPUTES, move_dispute
from disputes.choices import (
    DisputeAlertKind,
    DisputeEventKind,
    DisputeStatus,
    RiskNature,
    Urgency,
    VisitResult,
    VisitStatus,
)
from disputes.models import (
    Dispute,
    FollowUpVisit,
    RiskItem,
    TierHandling,
)
from disputes.models.disputes import MEDIATION_ROLES
from grids import notifications
from grids.choices import Role
from grids.models import User
from grids.transitions import TransitionError


@transaction.atomic
def record_visit(
    visit: FollowUpVisit,
    *,
    by: User,
    method: str,
    result: str,
    notes: str = "",
    done_at: datetime | None = None,
) -> FollowUpVisit:
    """Record a follow-up visit. Relapsed: reopen at the last tier, cancel the rest of the
    plan. Risk of relapse: a risk-register item for the mediator."""
    dispute = Dispute.objects.select_for_update().get(pk=visit.dispute_id)
    if (
        dispute.status != DisputeStatus.SETTLED
        or visit.settlement_round != dispute.settlement_round
    ):
        raise TransitionError(_("Only a settled dispute is visited."))
    if result not in VisitResult.values:
        raise ValidationError({"result": _("Say how things stand: stable, at risk or relapsed.")})
    if not method:
        raise ValidationError({"method": _("Say how the visit was made.")})
    done_at = done_at or timezone.now()
    if done_at > timezone.now():
        raise ValidationError({"done_at": _("A visit cannot be recorded in the future.")})
    changed = FollowUpVisit.objects.filter(pk=visit.pk, status=VisitStatus.PLANNED).update(
        status=VisitStatus.DONE, done_at=done_at, method=method, result=result, notes=notes.strip()
    )
    if not changed:
        raise TransitionError(_("This visit has already been recorded or cancelled."))
    visit.refresh_from_db()
    DISPUTES.event(
        dispute,
        DisputeEventKind.VISIT,
        by=by,
        note=f"#{visit.sequence} {visit.get_result_display()}",
    )
    if result == VisitResult.RELAPSED:
        FollowUpVisit.objects.filter(
            dispute=dispute, settlement_round=visit.settlement_round, status=VisitStatus.PLANNED
        ).update(status=VisitStatus.CANCELLED)
        dispute = move_dispute(
            dispute,
            DisputeStatus.OPEN,
            DisputeEventKind.REOPENED,
            by=by,
            note=notes,
            updates={"settled_at": None},
        )
        TierHandling.objects.create(dispute=dispute, tier=dispute.tier, mediator=dispute.mediator)
    elif result == VisitResult.RISK:
        RiskItem.objects.create(
            area=dispute.area,
            title=_("Relapse risk: dispute #%(id)s") % {"id": dispute.pk},
            description=notes or dispute.summary[:500],
            nature=_RISK_NATURE.get(dispute.category.code, RiskNature.OTHER),
            urgency=Urgency.HIGH,
            owner=dispute.mediator,
            deadline=timezone.localdate() + timedelta(days=7),
            dispute=dispute,
        )
    return visit


_RISK_NATURE = {
    "family": RiskNature.FAMILY,
    "neighbours": RiskNature.NEIGHBOURHOOD,
    "property": RiskNature.PROPERTY,
    "labour": RiskNature.LABOUR,
    "land-housing": RiskNature.LAND_HOUSING,
}


@transaction.atomic
def reassign_visit(visit: FollowUpVisit, *, by: User, assignee: User) -> FollowUpVisit:
    if visit.status != VisitStatus.PLANNED:
        raise TransitionError(_("Only a planned visit can be reassigned."))
    dispute = visit.dispute
    if (
        not assignee.is_superuser
        and not assignee.assignments.filter(
            role__in=MEDIATION_ROLES | {Role.GRID_WORKER},
            area__tree_id=dispute.area.tree_id,
            area__lft__lte=dispute.area.lft,
            area__rght__gte=dispute.area.lft,
        ).exists()
    ):
        raise ValidationError(
            {"assignee": _("%(user)s does not work in this area.") % {"user": assignee}}
        )
    FollowUpVisit.objects.filter(pk=visit.pk).update(assignee=assignee, reminded_at=None)
    visit.refresh_from_db()
    return visit


def _alert(visit: FollowUpVisit, kind: str, recipients) -> None:
    with translation.override(settings.LANGUAGE_CODE):  # stored text: the site's language
        text = _("Dispute %(dispute)s, follow-up visit %(no)s") % {
            "dispute": visit.dispute,
            "no": visit.sequence,
        }
    notifications.notify(
        recipients,
        kind=kind,
        obj=visit,
        area=visit.dispute.area,
        text=text,
        due_at=visit.due_at,
        # One per person and visit (the reminder again only for a new assignee).
        dedupe_key=notifications.dedupe_key(kind, visit),
    )


def send_visit_alerts(today: date | None = None) -> dict[str, int]:
    """The daily task's work: remind of visits due tomorrow (or today, if a run was missed)
    and alert overdue ones, each once; idempotent, so a re-run or a retry changes nothing."""
    today = today or timezone.localdate()
    counts = {"reminders": 0, "overdue": 0}
    planned = FollowUpVisit.objects.filter(status=VisitStatus.PLANNED).select_related(
        "dispute__category", "dispute__area"
    )
    due = planned.filter(
        reminded_at__isnull=True, due_on__gte=today, due_on__lte=today + timedelta(days=1)
    )
    # Each visit commits on its own; one delivery run follows the whole sweep.
    with notifications.one_delivery_for_the_batch():
        for visit in due:
            with transaction.atomic():
                # Compare-and-set on the visit row: of two runs at once, one reminds.
                if FollowUpVisit.objects.filter(pk=visit.pk, reminded_at__isnull=True).update(
                    reminded_at=timezone.now()
                ):
                    _alert(visit, DisputeAlertKind.VISIT_DUE, [visit.assignee_id])
                    counts["reminders"] += 1
        for visit in planned.filter(overdue_alerted_at__isnull=True, due_on__lt=today):
            with transaction.atomic():
                if FollowUpVisit.objects.filter(
                    pk=visit.pk, overdue_alerted_at__isnull=True
                ).update(overdue_alerted_at=timezone.now()):
                    recipients = [visit.assignee_id, visit.dispute.mediator_id]
                    _alert(visit, DisputeAlertKind.VISIT_OVERDUE, recipients)
                    counts["overdue"] += 1
    return counts
