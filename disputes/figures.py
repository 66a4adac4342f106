"""Figures of mediation for any scope and period, one aggregation per question.

received        disputes received in the period
settled         of those, settled (status settled now)
referred        referred out (court, police …)
withdrawn       withdrawn by the parties
success_rate    settled ÷ (settled + referred): of the mediations that ended, how many
                ended in an agreement (调解成功率; 100% in the article). Withdrawals are
                not mediation outcomes and stay out of the base.
civil_to_criminal   referred disputes flagged 民转刑
by_tier         settled disputes per tier at settlement; by_category likewise received
visits_due      follow-up visits due by `now` (planned or done)
visits_on_time  done no later than their due day
followup_compliance  visits_on_time ÷ visits_due
relapses        reopenings after a relapse in the period
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from disputes.choices import (
    DisputeEventKind,
    DisputeStatus,
    RiskStatus,
    Tier,
    VisitStatus,
)
from disputes.models import (
    Consultation,
    Dispute,
    DisputeEvent,
    FollowUpVisit,
    KeyPerson,
    RiskItem,
    ScreeningCampaign,
)
from grids.generic.figures import (
    BY_CATEGORY,
    BY_CHILD,
    BY_GRID,
    BY_MONTH,
    FigureFamily,
    Kind,
    Measure,
    Period,
    Section,
    breakdown_nodes,
    finish,
    grouped,
    in_subtree,
    rate,
)
from grids.generic.summaries import Summary, register_summary, summed
from grids.models import Area


def register() -> None:
    """Called from DisputesConfig.ready()."""
    from grids.generic.figures import register_family

    register_family(DisputeFamily())
    register_family(PreventionFamily())


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def dispute_figures(
    disputes: QuerySet | None = None,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    now: datetime | None = None,
) -> dict:
    """`disputes` is normally Dispute.objects.visible_to(user): figures obey scoping."""
    now = now or timezone.now()
    disputes = (disputes if disputes is not None else Dispute.objects.all()).order_by()
    scoped_ids = disputes.values("pk")
    received = disputes
    if start:
        received = received.filter(received_at__gte=start)
    if end:
        received = received.filter(received_at__lt=end)
    row = received.aggregate(
        received=Count("pk"),
        settled=Count("pk", filter=Q(status=DisputeStatus.SETTLED)),
        referred=Count("pk", filter=Q(status=DisputeStatus.REFERRED)),
        withdrawn=Count("pk", filter=Q(status=DisputeStatus.WITHDRAWN)),
        open=Count("pk", filter=Q(status=DisputeStatus.OPEN)),
        civil_to_criminal=Count("pk", filter=Q(civil_to_criminal=True)),
    )
    row["success_rate"] = _rate(row["settled"], row["settled"] + row["referred"])
    row["by_tier"] = {
        item["tier"]: item["n"]
        for item in received.filter(status=DisputeStatus.SETTLED)
        .values("tier")
        .annotate(n=Count("pk"))
        .order_by("tier")
    }
    row["by_category"] = {
        item["category__name"]: item["n"]
        for item in received.values("category__name")
        .annotate(n=Count("pk"))
        .order_by("category__name")
    }
    visits = FollowUpVisit.objects.filter(
        dispute__in=scoped_ids, due_on__lte=timezone.localdate(now)
    ).exclude(status=VisitStatus.CANCELLED)
    if start:
        visits = visits.filter(due_on__gte=timezone.localdate(start))
    visit_row = visits.annotate(done_day=TruncDate("done_at")).aggregate(
        due=Count("pk"),
        on_time=Count("pk", filter=Q(status=VisitStatus.DONE, done_day__lte=F("due_on"))),
    )
    row["visits_due"], row["visits_on_time"] = visit_row["due"], visit_row["on_time"]
    row["followup_compliance"] = _rate(visit_row["on_time"], visit_row["due"])
    relapses = DisputeEvent.objects.filter(dispute__in=scoped_ids, kind=DisputeEventKind.REOPENED)
    if start:
        relapses = relapses.filter(at__gte=start)
    if end:
        relapses = relapses.filter(at__lt=end)
    row["relapses"] = relapses.count()
    return row


# The families the overview and the report read (registered in DisputesConfig.ready()).

_DISPUTES_ZERO = {
    "received": 0,
    "settled": 0,
    "referred": 0,
    "civil_to_criminal": 0,
    "visits_due": 0,
    "visits_on_time": 0,
    "relapses": 0,
}


def _finish_disputes(row: dict) -> dict:
    return {
        "received": row["received"],
        "settled": row["settled"],
        "success_rate": rate(row["settled"], row["settled"] + row["referred"]),
        "referred": row["referred"],
        "civil_to_criminal": row["civil_to_criminal"],
        "followup_compliance": rate(row["visits_on_time"], row["visits_due"]),
        "relapses": row["relapses"],
    }


# Disputes by the day they were received; visits by the day they fall due (once due: no
# later than today, cancelled ones never); relapses by the day of the reopening.
RECEIVED = register_summary(
    Summary(
        name="disputes",
        queryset=lambda: Dispute.objects.all(),
        path="area",
        when="received_at",
        category="tier",
        category_cast=int,
        aggregates=lambda: {
            "received": Count("pk"),
            "settled": Count("pk", filter=Q(status=DisputeStatus.SETTLED)),
            "referred": Count("pk", filter=Q(status=DisputeStatus.REFERRED)),
            "civil_to_criminal": Count("pk", filter=Q(civil_to_criminal=True)),
        },
    )
)
VISITS_DUE = register_summary(
    Summary(
        name="disputes.visits",
        queryset=lambda: (
            FollowUpVisit.objects.filter(due_on__lte=timezone.localdate())
            .exclude(status=VisitStatus.CANCELLED)
            .annotate(done_day=TruncDate("done_at"))
        ),
        path="dispute__area",
        when="due_on",
        category="dispute__tier",
        category_cast=int,
        aggregates=lambda: {
            "visits_due": Count("pk"),
            "visits_on_time": Count(
                "pk", filter=Q(status=VisitStatus.DONE, done_day__lte=F("due_on"))
            ),
        },
    )
)
RELAPSES = register_summary(
    Summary(
        name="disputes.relapses",
        queryset=lambda: DisputeEvent.objects.filter(kind=DisputeEventKind.REOPENED),
        path="dispute__area",
        when="at",
        category="dispute__tier",
        category_cast=int,
        aggregates=lambda: {"relapses": Count("pk")},
    )
)


class DisputeFamily(FigureFamily):
    """Disputes received in the period and how they ended; visits due in it; relapses in it."""

    name = "disputes"
    label = _("Dispute mediation")
    section = Section.DISPUTES
    weight = 10
    categories = _("Tier")
    breakdowns = (BY_CHILD, BY_GRID, BY_MONTH, BY_CATEGORY)
    measures = (
        Measure(
            "received",
            _("Disputes received"),
            unit=pgettext_lazy("unit", "items"),
            higher_is_better=None,
        ),
        Measure("settled", _("Disputes settled"), unit=pgettext_lazy("unit", "items")),
        Measure("success_rate", _("Mediation success rate"), kind=Kind.RATE, league=True),
        Measure(
            "referred",
            _("Referred out"),
            unit=pgettext_lazy("unit", "items"),
            higher_is_better=None,
        ),
        Measure(
            "civil_to_criminal",
            _("Civil turned criminal"),
            unit=pgettext_lazy("unit", "items"),
            higher_is_better=False,
        ),
        Measure("followup_compliance", _("Follow-up visits on time"), kind=Kind.RATE),
        Measure(
            "relapses", _("Relapses"), unit=pgettext_lazy("unit", "items"), higher_is_better=False
        ),
    )

    def compute(self, node: Area, period: Period, *, by: str | None = None) -> dict:
        children = breakdown_nodes(node, by)
        parts = [
            summed(summary, node, period, by, children=children)
            for summary in (RECEIVED, VISITS_DUE, RELAPSES)
        ]
        result = finish(parts, by, period, _DISPUTES_ZERO, _finish_disputes)
        if by == BY_CATEGORY:
            return {str(Tier(tier).label): row for tier, row in sorted(result.items())}
        return result

    def overdue(self, node: Area, now: datetime, *, limit: int = 20) -> list[dict]:
        """Follow-up visits past their day and not done."""
        today = timezone.localdate(now)
        rows = (
            FollowUpVisit.objects.filter(
                in_subtree(node, "dispute__area"),
                status=VisitStatus.PLANNED,
                due_on__lt=today,
            )
            .select_related("dispute__area")
            .order_by("due_on", "pk")[:limit]
        )
        return [
            {
                "label": _("Follow-up visit %(number)s of dispute %(dispute)s")
                % {"number": row.sequence, "dispute": row.dispute},
                "url": row.get_absolute_url(),
                "area": str(row.dispute.area),
                "due_at": row.due_at,
            }
            for row in rows
        ]


_PREVENTION_ZERO = {
    "consultations": 0,
    "screenings": 0,
    "risks_found": 0,
    "risks_resolved": 0,
    "key_persons": 0,
}


class PreventionFamily(FigureFamily):
    """The legal clinic, screenings, the risk register and the key-person files."""

    name = "prevention"
    label = _("Prevention at the source")
    section = Section.DISPUTES
    weight = 20
    breakdowns = (BY_CHILD, BY_MONTH)
    measures = (
        Measure("consultations", _("Legal consultations"), unit=pgettext_lazy("unit", "items")),
        Measure("screenings", _("Screenings"), unit=pgettext_lazy("unit", "rounds")),
        Measure(
            "risks_found",
            _("Risks found"),
            unit=pgettext_lazy("unit", "items"),
            higher_is_better=None,
        ),
        Measure("risks_resolved", _("Risks resolved"), unit=pgettext_lazy("unit", "items")),
        Measure(
            "key_persons",
            _("Key-person files"),
            unit=pgettext_lazy("unit", "people"),
            higher_is_better=None,
        ),
    )

    def compute(self, node: Area, period: Period, *, by: str | None = None) -> dict:
        if by == BY_CATEGORY:
            return {}
        children = breakdown_nodes(node, by)
        common = {"node": node, "by": by, "path": "area", "children": children}
        parts = [
            grouped(
                Consultation.objects.filter(
                    in_subtree(node, "area"), at__gte=period.start_at, at__lt=period.end_at
                ),
                aggregates={"consultations": Count("pk")},
                when="at",
                **common,
            ),
            grouped(
                ScreeningCampaign.objects.filter(
                    in_subtree(node, "area"), date__gte=period.start, date__lt=period.end
                ),
                aggregates={"screenings": Count("pk")},
                when="date",
                **common,
            ),
            grouped(
                RiskItem.objects.filter(
                    in_subtree(node, "area"),
                    created_at__gte=period.start_at,
                    created_at__lt=period.end_at,
                ),
                aggregates={"risks_found": Count("pk")},
                when="created_at",
                **common,
            ),
            grouped(
                RiskItem.objects.filter(
                    in_subtree(node, "area"),
                    status=RiskStatus.RESOLVED,
                    resolved_at__gte=period.start_at,
                    resolved_at__lt=period.end_at,
                ),
                aggregates={"risks_resolved": Count("pk")},
                when="resolved_at",
                **common,
            ),
        ]
        if by != BY_MONTH:
            # Files on record now (active ones): a state, not an event of the period.
            parts.append(
                grouped(
                    KeyPerson.objects.filter(in_subtree(node, "area"), is_active=True),
                    aggregates={"key_persons": Count("pk")},
                    **common,
                )
            )
        return finish(parts, by, period, _PREVENTION_ZERO, dict)
