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

from disputes.choices import DisputeEventKind, DisputeStatus, VisitStatus
from disputes.models import Dispute, DisputeEvent, FollowUpVisit


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
