"""Every state change of a dispute, a visit, or the clinic rota goes through here.

Each action is atomic, checks the move against DISPUTE_TRANSITIONS, changes the status with a
compare-and-set (so of two concurrent moves one wins and the other gets a clear error), writes
a DisputeEvent and, for a settlement, the whole follow-up plan in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from disputes.choices import (
    DISPUTE_TRANSITIONS,
    DisputeAlertKind,
    DisputeEventKind,
    DisputeStatus,
    PartyRole,
    RiskNature,
    RiskStatus,
    Tier,
    Urgency,
    VisitResult,
    VisitStatus,
)
from disputes.models import (
    Agreement,
    ClinicShift,
    Dispute,
    DisputeAlert,
    DisputeEvent,
    DisputeParty,
    FollowUpVisit,
    KeyPerson,
    KeyPersonRevision,
    MediationSession,
    RiskItem,
    TierHandling,
)
from disputes.models.disputes import MEDIATION_ROLES
from grids.choices import AreaKind, Role
from grids.models import Area, AuditEntry, Person, User

WEEKLY_VISITS = 4  # days 7, 14, 21, 28
MONTHLY_VISITS = 5  # months 2 … 6: half a year of visits in all

# Who may receive a dispute at each tier, and on which kind of node they must hold the role.
TIER_ROLES = {
    Tier.COMMUNITY: (frozenset({Role.COMMUNITY_STAFF, Role.MEDIATOR}), None),
    Tier.SUBDISTRICT: (frozenset({Role.OFFICIAL, Role.MEDIATOR}), AreaKind.SUBDISTRICT),
    Tier.PROFESSIONAL: (frozenset({Role.LEGAL_ADVISOR, Role.POLICE, Role.OFFICIAL}), None),
}


class TransitionError(ValidationError):
    """A move the dispute's state does not allow; a 400 / form error, nothing changed."""


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


def _event(
    dispute, kind, *, by, note="", from_status="", to_status="", from_tier=None, to_tier=None
):
    return DisputeEvent.objects.create(
        dispute=dispute,
        kind=kind,
        actor=by,
        note=note,
        from_status=from_status,
        to_status=to_status,
        from_tier=from_tier,
        to_tier=to_tier,
    )


def _require(text: str, field: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text


def _check_mediator(user: User | None, area: Area, tier: int, field: str = "mediator") -> None:
    """The mediator must hold a role of this tier over the dispute's area."""
    if user is None:
        raise ValidationError({field: _("Name the responsible mediator.")})
    roles, node_kind = TIER_ROLES[Tier(tier)]
    if user.is_superuser:
        return
    nodes = user.assignments.filter(role__in=roles).select_related("area")
    for assignment in nodes:
        node = assignment.area
        inside = node.tree_id == area.tree_id and node.lft <= area.lft <= node.rght
        if inside and (node_kind is None or node.kind == node_kind):
            return
    raise ValidationError(
        {
            field: _("%(user)s cannot mediate at %(tier)s for this area.")
            % {"user": user, "tier": Tier(tier).label}
        }
    )


def _move(
    dispute: Dispute,
    to_status: str,
    kind: str,
    *,
    by: User,
    note: str = "",
    updates=None,
    tier=None,
):
    current, current_tier = dispute.status, dispute.tier
    if to_status not in DISPUTE_TRANSITIONS[current]:
        raise TransitionError(
            _("A dispute that is “%(status)s” cannot be %(action)s.")
            % {
                "status": DisputeStatus(current).label,
                "action": DisputeEventKind(kind).label.lower(),
            }
        )
    changed = Dispute.objects.filter(pk=dispute.pk, status=current, tier=current_tier).update(
        status=to_status, **(updates or {})
    )
    if not changed:
        raise TransitionError(_("Someone else changed this dispute just now; reload the page."))
    dispute.refresh_from_db()
    _event(
        dispute,
        kind,
        by=by,
        note=note,
        from_status=current,
        to_status=to_status,
        from_tier=current_tier,
        to_tier=dispute.tier,
    )
    return dispute


def _close_handling(dispute: Dispute, outcome: str, reason: str = "") -> None:
    TierHandling.objects.filter(dispute=dispute, ended_at__isnull=True).update(
        ended_at=timezone.now(), outcome=outcome, reason=reason
    )


@transaction.atomic
def receive_dispute(
    *,
    area: Area,
    category,
    summary: str,
    channel: str,
    mediator: User,
    parties: Iterable[tuple[Person, str]],
    by: User,
    risk_level: str = "low",
    mode: str = "volunteer_clinic",
    tier: int = Tier.COMMUNITY,
    source_request=None,
) -> Dispute:
    """One-stop intake (一站式接收): a dispute with two or more parties and its mediator."""
    parties = list(parties)
    if len({person.pk for person, _role in parties}) < 2:
        raise ValidationError({"parties": _("A dispute has two or more parties.")})
    for _person, role in parties:
        if role not in PartyRole.values:
            raise ValidationError({"parties": _("Unknown party role: %(role)s") % {"role": role}})
    _check_mediator(mediator, area, tier)
    dispute = Dispute(
        area=area,
        category=category,
        summary=_require(summary, "summary", _("Summarise the dispute.")),
        channel=channel,
        mediator=mediator,
        risk_level=risk_level,
        mode=mode,
        tier=tier,
        source_request=source_request,
        created_by=by,
    )
    dispute.full_clean()
    dispute.save()
    DisputeParty.objects.bulk_create(
        [DisputeParty(dispute=dispute, person=person, role=role) for person, role in parties]
    )
    TierHandling.objects.create(dispute=dispute, tier=tier, mediator=mediator)
    _event(dispute, DisputeEventKind.RECEIVED, by=by, to_status=DisputeStatus.OPEN, to_tier=tier)
    return dispute


@transaction.atomic
def record_session(
    dispute: Dispute, *, by: User, held_at: datetime, attendees: str, notes: str, result: str
):
    if dispute.status != DisputeStatus.OPEN:
        raise TransitionError(_("Sessions are recorded while a dispute is being mediated."))
    session = MediationSession(
        dispute=dispute,
        tier=dispute.tier,
        held_at=held_at,
        attendees=_require(attendees, "attendees", _("Say who attended.")),
        notes=_require(notes, "notes", _("Write what was discussed.")),
        result=result,
        recorded_by=by,
    )
    session.full_clean()
    session.save()
    _event(dispute, DisputeEventKind.SESSION, by=by, note=session.get_result_display())
    return session


@transaction.atomic
def escalate_dispute(dispute: Dispute, *, by: User, reason: str, mediator: User) -> Dispute:
    """Up one tier, with a reason and a receiving mediator there; the tier's handling is kept."""
    reason = _require(reason, "reason", _("Give the reason for escalating."))
    if dispute.tier >= Tier.PROFESSIONAL:
        raise TransitionError(_("This dispute is already at the highest tier."))
    new_tier = dispute.tier + 1
    _check_mediator(mediator, dispute.area, new_tier)
    _close_handling(dispute, "escalated", reason)
    dispute = _move(
        dispute,
        DisputeStatus.OPEN,
        DisputeEventKind.ESCALATED,
        by=by,
        note=reason,
        updates={"tier": new_tier, "mediator": mediator},
    )
    TierHandling.objects.create(dispute=dispute, tier=new_tier, mediator=mediator)
    return dispute


@transaction.atomic
def reassign_mediator(dispute: Dispute, *, by: User, mediator: User, reason: str) -> Dispute:
    """Hand the dispute to another mediator at the same tier (still one responsible person)."""
    reason = _require(reason, "reason", _("Give the reason for the change."))
    if dispute.status != DisputeStatus.OPEN:
        raise TransitionError(_("Only a dispute being mediated changes mediator."))
    _check_mediator(mediator, dispute.area, dispute.tier)
    _close_handling(dispute, "reassigned", reason)
    Dispute.objects.filter(pk=dispute.pk).update(mediator=mediator)
    TierHandling.objects.create(dispute=dispute, tier=dispute.tier, mediator=mediator)
    dispute.refresh_from_db()
    _event(dispute, DisputeEventKind.REASSIGNED, by=by, note=f"{mediator}: {reason}")
    return dispute


@transaction.atomic
def settle_dispute(
    dispute: Dispute,
    *,
    by: User,
    terms: str,
    signed_on: date,
    signed_by: str,
    weekly: int = WEEKLY_VISITS,
    monthly: int = MONTHLY_VISITS,
) -> Dispute:
    """Settle with an agreement, and write the whole follow-up plan in the same transaction."""
    terms = _require(terms, "terms", _("A settlement needs the agreement's terms."))
    signed_by = _require(signed_by, "signed_by", _("Say who signed the agreement."))
    if signed_on is None:
        raise ValidationError({"signed_on": _("Give the date the agreement was signed.")})
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("The agreement cannot be signed in the future.")})
    round_no = dispute.settlement_round + 1
    _close_handling(dispute, "settled")
    dispute = _move(
        dispute,
        DisputeStatus.SETTLED,
        DisputeEventKind.SETTLED,
        by=by,
        note=terms[:200],
        updates={"settled_at": timezone.now(), "settlement_round": round_no},
    )
    Agreement.objects.create(dispute=dispute, terms=terms, signed_on=signed_on, signed_by=signed_by)
    try:
        with transaction.atomic():
            FollowUpVisit.objects.bulk_create(
                FollowUpVisit(
                    dispute=dispute,
                    settlement_round=round_no,
                    sequence=number,
                    due_on=due,
                    assignee=dispute.mediator,
                )
                for number, due in enumerate(visit_plan(signed_on, weekly, monthly), start=1)
            )
    except IntegrityError as exc:  # the unique constraint: this round was planned already
        raise TransitionError(_("The follow-up plan of this settlement already exists.")) from exc
    return dispute


@transaction.atomic
def refer_dispute(
    dispute: Dispute, *, by: User, target: str, reason: str, civil_to_criminal: bool = False
):
    """Out of mediation to a court, the police …; 民转刑 only when flagged."""
    reason = _require(reason, "reason", _("Give the reason for the referral."))
    if not target:
        raise ValidationError({"target": _("Say where the dispute is referred to.")})
    _close_handling(dispute, "referred", reason)
    return _move(
        dispute,
        DisputeStatus.REFERRED,
        DisputeEventKind.REFERRED,
        by=by,
        note=reason,
        updates={
            "referred_to": target,
            "civil_to_criminal": civil_to_criminal,
            "closed_at": timezone.now(),
        },
    )


@transaction.atomic
def withdraw_dispute(dispute: Dispute, *, by: User, reason: str) -> Dispute:
    reason = _require(reason, "reason", _("Give the reason for the withdrawal."))
    _close_handling(dispute, "withdrawn", reason)
    return _move(
        dispute,
        DisputeStatus.WITHDRAWN,
        DisputeEventKind.WITHDRAWN,
        by=by,
        note=reason,
        updates={"closed_at": timezone.now()},
    )


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
    _event(
        dispute,
        DisputeEventKind.VISIT,
        by=by,
        note=f"#{visit.sequence} {visit.get_result_display()}",
    )
    if result == VisitResult.RELAPSED:
        FollowUpVisit.objects.filter(
            dispute=dispute, settlement_round=visit.settlement_round, status=VisitStatus.PLANNED
        ).update(status=VisitStatus.CANCELLED)
        dispute = _move(
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


def send_visit_alerts(today: date | None = None) -> dict[str, int]:
    """The daily task's work: remind of visits due tomorrow (or today, if a run was missed)
    and alert overdue ones, each once; idempotent, so a re-run or a retry changes nothing."""
    today = today or timezone.localdate()
    counts = {"reminders": 0, "overdue": 0}
    due = FollowUpVisit.objects.filter(
        status=VisitStatus.PLANNED,
        reminded_at__isnull=True,
        due_on__gte=today,
        due_on__lte=today + timedelta(days=1),
    ).select_related("dispute")
    for visit in due:
        with transaction.atomic():
            if FollowUpVisit.objects.filter(pk=visit.pk, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            ):
                DisputeAlert.objects.get_or_create(
                    kind=DisputeAlertKind.VISIT_DUE, visit=visit, recipient_id=visit.assignee_id
                )
                counts["reminders"] += 1
    overdue = FollowUpVisit.objects.filter(
        status=VisitStatus.PLANNED, overdue_alerted_at__isnull=True, due_on__lt=today
    ).select_related("dispute")
    for visit in overdue:
        with transaction.atomic():
            if FollowUpVisit.objects.filter(pk=visit.pk, overdue_alerted_at__isnull=True).update(
                overdue_alerted_at=timezone.now()
            ):
                for recipient in {visit.assignee_id, visit.dispute.mediator_id}:
                    DisputeAlert.objects.get_or_create(
                        kind=DisputeAlertKind.VISIT_OVERDUE, visit=visit, recipient_id=recipient
                    )
                counts["overdue"] += 1
    return counts


def deliver_dispute_alerts(limit: int = 500) -> int:
    """E-mail alerts not yet e-mailed to recipients with an address; each once."""
    from django.core.mail import send_mail

    sent = 0
    pending = (
        DisputeAlert.objects.filter(emailed_at__isnull=True)
        .exclude(recipient__email="")
        .select_related("recipient", "visit__dispute")[:limit]
    )
    for alert in pending:
        if not DisputeAlert.objects.filter(pk=alert.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        ):
            continue
        visit = alert.visit
        try:
            send_mail(
                subject=f"[东风调解] {alert.get_kind_display()}: #{visit.dispute_id}",
                message=_("Follow-up visit %(no)s of dispute #%(id)s is due on %(due)s.")
                % {"no": visit.sequence, "id": visit.dispute_id, "due": visit.due_on},
                from_email=None,
                recipient_list=[alert.recipient.email],
            )
            sent += 1
        except Exception:
            DisputeAlert.objects.filter(pk=alert.pk).update(emailed_at=None)  # retried next run
            raise
    return sent


# ---- the legal clinic rota ---------------------------------------------------------------


@transaction.atomic
def generate_rota(
    community: Area,
    lawyers: list[User],
    *,
    first_day: date,
    weeks: int,
    weekdays: Iterable[int] = (2,),
    starts_at: time = time(9, 0),
    ends_at: time = time(12, 0),
) -> list[ClinicShift]:
    """律师轮流坐班: lawyers take the clinic's weekly days in turn; existing days are kept."""
    if community.kind != AreaKind.COMMUNITY:
        raise ValidationError({"community": _("The legal clinic is held in a community.")})
    if not lawyers:
        raise ValidationError({"lawyers": _("Name at least one lawyer.")})
    if not 1 <= weeks <= 52:
        raise ValidationError({"weeks": _("Between 1 and 52 weeks.")})
    weekdays = sorted(set(weekdays))
    if not weekdays or any(not 0 <= day <= 6 for day in weekdays):
        raise ValidationError({"weekdays": _("Weekdays are 0 (Monday) to 6 (Sunday).")})
    monday = first_day - timedelta(days=first_day.weekday())
    days = [
        monday + timedelta(weeks=week, days=day)
        for week in range(weeks)
        for day in weekdays
        if monday + timedelta(weeks=week, days=day) >= first_day
    ]
    taken = set(
        ClinicShift.objects.filter(community=community, date__in=days).values_list(
            "date", flat=True
        )
    )
    shifts = [
        ClinicShift(
            community=community,
            date=day,
            lawyer=lawyers[index % len(lawyers)],
            starts_at=starts_at,
            ends_at=ends_at,
        )
        for index, day in enumerate(d for d in days if d not in taken)
    ]
    return ClinicShift.objects.bulk_create(shifts)


@transaction.atomic
def swap_shifts(first: ClinicShift, second: ClinicShift, *, by: User) -> None:
    """Two lawyers swap their days."""
    if first.pk == second.pk or first.lawyer_id == second.lawyer_id:
        raise ValidationError({"second": _("Choose another lawyer's shift to swap with.")})
    a, b = first.lawyer_id, second.lawyer_id
    ClinicShift.objects.filter(pk=first.pk).update(lawyer_id=b, swapped_from_id=a)
    ClinicShift.objects.filter(pk=second.pk).update(lawyer_id=a, swapped_from_id=b)


# ---- risk register and key-person files ---------------------------------------------------


@transaction.atomic
def resolve_risk(item: RiskItem, *, by: User, resolution: str) -> RiskItem:
    resolution = _require(resolution, "resolution", _("Say how the risk was resolved."))
    changed = RiskItem.objects.filter(pk=item.pk, status=RiskStatus.OPEN).update(
        status=RiskStatus.RESOLVED, resolution=resolution, resolved_at=timezone.now()
    )
    if not changed:
        raise TransitionError(_("This risk is already resolved."))
    item.refresh_from_db()
    return item


KEY_PERSON_FIELDS = [
    "person_id",
    "area_id",
    "category",
    "risk_level",
    "reason",
    "measures",
    "responsible_id",
    "is_active",
]


def _snapshot(key_person: KeyPerson) -> dict:
    return {field: getattr(key_person, field) for field in KEY_PERSON_FIELDS}


@transaction.atomic
def save_key_person(key_person: KeyPerson, *, by: User) -> KeyPerson:
    """Create or change a key-person file: a revision with the new content, an audit entry."""
    created = key_person.pk is None
    key_person.full_clean()
    key_person.save()
    KeyPersonRevision.objects.create(key_person=key_person, by=by, snapshot=_snapshot(key_person))
    AuditEntry.record(
        by,
        AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
        key_person,
        ", ".join(KEY_PERSON_FIELDS) if created else "changed",
    )
    return key_person


def log_key_person_reads(key_people: Iterable[KeyPerson], *, by: User, how: str) -> None:
    """Every read of a key-person file (a page, an API list, a detail) leaves an audit row."""
    AuditEntry.objects.bulk_create(
        AuditEntry(
            user=by,
            action=AuditEntry.Action.VIEW,
            model=KeyPerson._meta.label_lower,
            object_id=str(kp.pk),
            summary=how[:200],
        )
        for kp in key_people
    )


@transaction.atomic
def save_mediation_plan(dispute: Dispute, *, by: User, plan: str, experts: str, steps: str):
    """一案一策: write or replace the dispute's plan while it is being mediated."""
    from disputes.models import MediationPlan

    # Lock the dispute so two concurrent first plans do not race into the one-to-one key.
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    if dispute.status != DisputeStatus.OPEN:
        raise TransitionError(_("Plans are written while a dispute is being mediated."))
    record = MediationPlan.objects.filter(dispute=dispute).first() or MediationPlan(dispute=dispute)
    record.plan, record.experts, record.steps = plan, experts, steps
    record.full_clean()
    record.save()
    _event(dispute, DisputeEventKind.SESSION, by=by, note=_("One-case-one-plan updated."))
    return record
