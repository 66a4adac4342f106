"""A dispute's life: intake, sessions, escalation across the three tiers, settlement with its
visit plan, referral, withdrawal, the one-case-one-plan.

Each action is atomic, moves the status through DISPUTES (grids.transitions: checked
against DISPUTE_TRANSITIONS, compare-and-set, an event row) and, for a settlement, writes
the whole follow-up plan in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from disputes.choices import (
    DISPUTE_TRANSITIONS,
    DisputeEventKind,
    DisputeStatus,
    PartyRole,
    Tier,
)
from disputes.models import (
    Agreement,
    Dispute,
    DisputeEvent,
    DisputeParty,
    FollowUpVisit,
    MediationPlan,
    MediationSession,
    TierHandling,
)
from disputes.models.visits import MONTHLY_VISITS, WEEKLY_VISITS, visit_plan
from grids.choices import AreaKind, Role
from grids.models import Area, Person, User
from grids.transitions import StateMachine, TransitionError, require_text

# Who may receive a dispute at each tier, and on which kind of node they must hold the role.
TIER_ROLES = {
    Tier.COMMUNITY: (frozenset({Role.COMMUNITY_STAFF, Role.MEDIATOR}), None),
    Tier.SUBDISTRICT: (frozenset({Role.OFFICIAL, Role.MEDIATOR}), AreaKind.SUBDISTRICT),
    Tier.PROFESSIONAL: (frozenset({Role.LEGAL_ADVISOR, Role.POLICE, Role.OFFICIAL}), None),
}


DISPUTES = StateMachine(
    model=Dispute,
    event_model=DisputeEvent,
    subject="dispute",
    allowed=DISPUTE_TRANSITIONS,
    status_label=lambda status: DisputeStatus(status).label,
    kind_label=lambda kind: DisputeEventKind(kind).label,
    refused=gettext_lazy("A dispute that is “%(status)s” cannot be %(action)s."),
    raced=gettext_lazy("Someone else changed this dispute just now; reload the page."),
)


def move_dispute(
    dispute: Dispute, to_status: str, kind: str, *, by: User, note: str = "", updates=None
):
    """DISPUTES.move, guarded on the tier too, with the tiers in the event."""
    from_tier = dispute.tier
    return DISPUTES.move(
        dispute,
        to_status,
        kind,
        by=by,
        note=note,
        updates=updates,
        guard={"tier": from_tier},
        event_fields=lambda fresh: {"from_tier": from_tier, "to_tier": fresh.tier},
    )


def eligible_mediators(area: Area, tier: int):
    """The active users `_check_mediator` accepts for `area` at `tier` (superusers aside):
    a role of the tier on the area or a node above it (of the tier's kind, if it has one)."""
    roles, node_kind = TIER_ROLES[Tier(tier)]
    nodes = area.get_ancestors(include_self=True)
    if node_kind is not None:
        nodes = nodes.filter(kind=node_kind)
    return (
        User.objects.filter(
            is_active=True, assignments__role__in=roles, assignments__area__in=nodes
        )
        .distinct()
        .order_by("username")
    )


def mediators_near(areas):
    """Active users who can mediate at some tier for some place among `areas` (an Area
    queryset): a tier's role on one of them or on a node above one. The intake form offers
    these; the action checks the pick against the chosen place and tier."""
    roles = frozenset().union(*(roles for roles, _kind in TIER_ROLES.values()))
    near = Q(pk__in=areas.values("pk"))
    for top in areas.exclude(parent__in=areas.values("pk")):  # the tops of the user's subtrees
        near |= Q(tree_id=top.tree_id, lft__lt=top.lft, rght__gt=top.rght)
    above = Area.objects.filter(near)
    return (
        User.objects.filter(
            is_active=True, assignments__role__in=roles, assignments__area__in=above
        )
        .distinct()
        .order_by("username")
    )


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
        summary=require_text(summary, "summary", _("Summarise the dispute.")),
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
    DISPUTES.event(
        dispute, DisputeEventKind.RECEIVED, by=by, to_status=DisputeStatus.OPEN, to_tier=tier
    )
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
        attendees=require_text(attendees, "attendees", _("Say who attended.")),
        notes=require_text(notes, "notes", _("Write what was discussed.")),
        result=result,
        recorded_by=by,
    )
    session.full_clean()
    session.save()
    DISPUTES.event(dispute, DisputeEventKind.SESSION, by=by, note=session.get_result_display())
    return session


@transaction.atomic
def escalate_dispute(dispute: Dispute, *, by: User, reason: str, mediator: User) -> Dispute:
    """Up one tier, with a reason and a receiving mediator there; the tier's handling is kept."""
    reason = require_text(reason, "reason", _("Give the reason for escalating."))
    if dispute.tier >= Tier.PROFESSIONAL:
        raise TransitionError(_("This dispute is already at the highest tier."))
    new_tier = dispute.tier + 1
    _check_mediator(mediator, dispute.area, new_tier)
    _close_handling(dispute, "escalated", reason)
    dispute = move_dispute(
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
    reason = require_text(reason, "reason", _("Give the reason for the change."))
    if dispute.status != DisputeStatus.OPEN:
        raise TransitionError(_("Only a dispute being mediated changes mediator."))
    _check_mediator(mediator, dispute.area, dispute.tier)
    _close_handling(dispute, "reassigned", reason)
    Dispute.objects.filter(pk=dispute.pk).update(mediator=mediator)
    TierHandling.objects.create(dispute=dispute, tier=dispute.tier, mediator=mediator)
    dispute.refresh_from_db()
    DISPUTES.event(dispute, DisputeEventKind.REASSIGNED, by=by, note=f"{mediator}: {reason}")
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
    terms = require_text(terms, "terms", _("A settlement needs the agreement's terms."))
    signed_by = require_text(signed_by, "signed_by", _("Say who signed the agreement."))
    if signed_on is None:
        raise ValidationError({"signed_on": _("Give the date the agreement was signed.")})
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("The agreement cannot be signed in the future.")})
    round_no = dispute.settlement_round + 1
    _close_handling(dispute, "settled")
    dispute = move_dispute(
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
    reason = require_text(reason, "reason", _("Give the reason for the referral."))
    if not target:
        raise ValidationError({"target": _("Say where the dispute is referred to.")})
    _close_handling(dispute, "referred", reason)
    return move_dispute(
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
    reason = require_text(reason, "reason", _("Give the reason for the withdrawal."))
    _close_handling(dispute, "withdrawn", reason)
    return move_dispute(
        dispute,
        DisputeStatus.WITHDRAWN,
        DisputeEventKind.WITHDRAWN,
        by=by,
        note=reason,
        updates={"closed_at": timezone.now()},
    )


@transaction.atomic
def save_mediation_plan(dispute: Dispute, *, by: User, plan: str, experts: str, steps: str):
    """一案一策: write or replace the dispute's plan while it is being mediated."""
    # Lock the dispute so two concurrent first plans do not race into the one-to-one key.
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    if dispute.status != DisputeStatus.OPEN:
        raise TransitionError(_("Plans are written while a dispute is being mediated."))
    record = MediationPlan.objects.filter(dispute=dispute).first() or MediationPlan(dispute=dispute)
    record.plan, record.experts, record.steps = plan, experts, steps
    record.full_clean()
    record.save()
    DISPUTES.event(dispute, DisputeEventKind.SESSION, by=by, note=_("One-case-one-plan updated."))
    return record
