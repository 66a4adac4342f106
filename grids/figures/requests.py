"""Figures of resident requests for any set of areas and date range, in one query per call.

Definitions follow the national standard for digital urban management (GB/T 30428,
数字化城市管理信息系统), applied to the requests *received* in the period:

    受理数   received         every request filed in the period
    作废数   rejected         closed as spam or duplicate (not a case to close)
    应结案数 due_to_close     received − rejected
    缓办数   deferred         status 缓办 at the time of reading
    结案数   closed           resolved (the article's "handled", 办结)
    结案率   completion_rate  closed ÷ (due_to_close − deferred)  (the article: 办结率 98%)
    按期结案数 closed_on_time  resolved no later than the category's resolve deadline
    按期结案率 on_time_completion_rate  closed_on_time ÷ (due_to_close − deferred)
    按时响应率 on_time_response_rate    accepted by the 2-hour deadline ÷ requests whose
                              deadline has passed or that were accepted
    median_accept_minutes / median_resolve_hours: medians from filing
    avg_rating: mean of 评单 stars (1–5), over rated requests

Rates are None when their base is 0. Medians use PostgreSQL's percentile_cont; the SQLite
demo computes them in Python (a demo-sized fallback, never used in production).
"""

from __future__ import annotations

import statistics
from datetime import datetime

from django.db import connection
from django.db.models import (
    Aggregate,
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
    QuerySet,
    Sum,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from grids.choices import AWAITING_ACCEPTANCE, AreaKind, RequestStatus
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
from grids.models import Area, ServiceRequest

GROUPS = {
    None: None,
    "grid": "grid_id",
    "community": "grid__parent_id",
    "subdistrict": "grid__tree_id",
}


class Median(Aggregate):
    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def _duration(end: str) -> ExpressionWrapper:
    return ExpressionWrapper(F(end) - F("created_at"), output_field=DurationField())


def _aggregates(now: datetime) -> dict:
    awaiting = Q(status__in=AWAITING_ACCEPTANCE)
    not_rejected = ~Q(status=RequestStatus.REJECTED)
    figures = {
        "received": Count("pk"),
        "rejected": Count("pk", filter=Q(status=RequestStatus.REJECTED)),
        "deferred": Count("pk", filter=Q(status=RequestStatus.DEFERRED)),
        "closed": Count("pk", filter=Q(status=RequestStatus.RESOLVED)),
        "closed_on_time": Count(
            "pk", filter=Q(status=RequestStatus.RESOLVED, resolved_at__lte=F("resolve_due_at"))
        ),
        "overdue_now": Count("pk", filter=awaiting & Q(response_due_at__lte=now)),
        "response_base": Count(
            "pk", filter=not_rejected & (Q(accepted_at__isnull=False) | Q(response_due_at__lte=now))
        ),
        "responded_on_time": Count("pk", filter=Q(accepted_at__lte=F("response_due_at"))),
        "rated": Count("pk", filter=Q(rating__isnull=False)),
        "avg_rating": Avg("rating", output_field=FloatField()),
    }
    if connection.vendor == "postgresql":
        figures["median_accept"] = Median(
            _duration("accepted_at"), filter=Q(accepted_at__isnull=False)
        )
        figures["median_resolve"] = Median(
            _duration("resolved_at"), filter=Q(resolved_at__isnull=False)
        )
    return figures


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole > 0 else None


def _finish(row: dict) -> dict:
    row["due_to_close"] = row["received"] - row["rejected"]
    base = row["due_to_close"] - row["deferred"]
    row["completion_rate"] = _rate(row["closed"], base)
    row["on_time_completion_rate"] = _rate(row["closed_on_time"], base)
    row["on_time_response_rate"] = _rate(row["responded_on_time"], row.pop("response_base"))
    accept, resolve = row.pop("median_accept", None), row.pop("median_resolve", None)
    row["median_accept_minutes"] = round(accept.total_seconds() / 60, 1) if accept else None
    row["median_resolve_hours"] = round(resolve.total_seconds() / 3600, 2) if resolve else None
    if row["avg_rating"] is not None:
        row["avg_rating"] = round(row["avg_rating"], 2)
    return row


def _python_medians(qs: QuerySet, key: str | None, rows: list[dict]) -> None:
    """SQLite only: medians per group from the raw durations."""
    fields = ["created_at", "accepted_at", "resolved_at"] + ([key] if key else [])
    samples: dict = {}
    for values in qs.values_list(*fields):
        group = values[3] if key else None
        accept, resolve = samples.setdefault(group, ([], []))
        if values[1]:
            accept.append(values[1] - values[0])
        if values[2]:
            resolve.append(values[2] - values[0])
    for row in rows:
        accept, resolve = samples.get(row.get("group") if key else None, ([], []))
        row["median_accept"] = statistics.median(accept) if accept else None
        row["median_resolve"] = statistics.median(resolve) if resolve else None


def request_figures(
    qs: QuerySet | None = None,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    group_by: str | None = None,
    now: datetime | None = None,
) -> list[dict]:
    """Figures for requests received in [start, end), overall or per grid/community/sub-district.

    `qs` is normally `ServiceRequest.objects.visible_to(user)`, so figures obey scoping.
    Each row carries `group` (the grid/community id or tree id) when grouped.
    """
    if group_by not in GROUPS:
        raise ValueError(f"group_by must be one of {list(GROUPS)}")
    now = now or timezone.now()
    qs = (qs if qs is not None else ServiceRequest.objects.all()).order_by()
    if start is not None:
        qs = qs.filter(created_at__gte=start)
    if end is not None:
        qs = qs.filter(created_at__lt=end)
    key = GROUPS[group_by]
    if key:
        rows = [
            {"group": row.pop(key), **row}
            for row in qs.values(key).annotate(**_aggregates(now)).order_by(key)
        ]
    else:
        rows = [qs.aggregate(**_aggregates(now))]
    if connection.vendor != "postgresql":
        _python_medians(qs, key, rows)
    return [_finish(row) for row in rows]


# The family the overview and the report read (registered in GridsConfig.ready()).


def _finish_family(row: dict) -> dict:
    base = row["received"] - row["rejected"] - row["deferred"]
    return {
        "received": row["received"],
        "closed": row["closed"],
        "completion_rate": rate(row["closed"], base),
        "on_time_completion_rate": rate(row["closed_on_time"], base),
        "on_time_response_rate": rate(row["responded_on_time"], row["response_base"]),
        "avg_rating": round(row["rating_sum"] / row["rated"], 2) if row["rated"] else None,
        "overdue_now": row["overdue_now"],
    }


_ZERO = {
    "received": 0,
    "rejected": 0,
    "deferred": 0,
    "closed": 0,
    "closed_on_time": 0,
    "response_base": 0,
    "responded_on_time": 0,
    "rated": 0,
    "rating_sum": 0,
    "overdue_now": 0,
}


def _summed_aggregates() -> dict:
    """What RECEIVED sums per day: the additive counts of _aggregates() (the rating as a sum
    and a count; waiting past the deadline is a figure of now, the medians are no sums)."""
    figures = _aggregates(timezone.now())
    for name in ("overdue_now", "avg_rating", "median_accept", "median_resolve"):
        figures.pop(name, None)
    figures["rating_sum"] = Sum("rating")
    return figures


# Requests by the day they were filed, under the grid responsible (below a grid, by the
# request's own building: read live).
RECEIVED = register_summary(
    Summary(
        name="requests",
        queryset=lambda: ServiceRequest.objects.all(),
        path="grid",
        fine_path="area",
        when="created_at",
        category="category__name",
        aggregates=_summed_aggregates,
    )
)


class RequestFamily(FigureFamily):
    """Resident requests received in the period, by the grid responsible for them."""

    name = "requests"
    label = _("Resident requests")
    section = Section.SERVICES
    weight = 10
    categories = _("Category")
    breakdowns = (BY_CHILD, BY_GRID, BY_MONTH, BY_CATEGORY)
    measures = (
        Measure(
            "received",
            _("Requests received"),
            unit=pgettext_lazy("unit", "items"),
            higher_is_better=None,
        ),
        Measure("closed", _("Requests closed"), unit=pgettext_lazy("unit", "items")),
        Measure("completion_rate", _("Completion rate"), kind=Kind.RATE, league=True),
        Measure("on_time_completion_rate", _("Closed on time"), kind=Kind.RATE),
        Measure("on_time_response_rate", _("Accepted within 2 hours"), kind=Kind.RATE, league=True),
        Measure(
            "avg_rating",
            _("Average rating"),
            unit=pgettext_lazy("unit", "stars"),
            kind=Kind.NUMBER,
            league=True,
        ),
        Measure(
            "overdue_now",
            _("Waiting past the deadline now"),
            unit=pgettext_lazy("unit", "items"),
            higher_is_better=False,
        ),
    )

    def compute(self, node: Area, period: Period, *, by: str | None = None) -> dict:
        children = breakdown_nodes(node, by)
        received = summed(RECEIVED, node, period, by, children=children)
        parts = [received]
        if by != BY_MONTH:
            # Waiting past the deadline is a figure of now, whenever the request came in:
            # the waiting ones first (a partial index holds them), then the deadline.
            below_grid = node.kind in (AreaKind.GRID, AreaKind.BUILDING) and by == BY_CHILD
            waiting = ServiceRequest.objects.filter(
                in_subtree(node, "grid"),
                status__in=AWAITING_ACCEPTANCE,
                response_due_at__lte=timezone.now(),
            )
            parts.append(
                grouped(
                    waiting,
                    node,
                    by,
                    aggregates={"overdue_now": Count("pk")},
                    path="area" if below_grid else "grid",
                    category="category__name",
                    children=children,
                )
            )
        return finish(parts, by, period, _ZERO, _finish_family)

    def overdue(self, node: Area, now: datetime, *, limit: int = 20) -> list[dict]:
        rows = (
            ServiceRequest.objects.filter(
                in_subtree(node, "grid"),
                status__in=AWAITING_ACCEPTANCE,
                response_due_at__lte=now,
            )
            .select_related("category", "grid")
            .order_by("response_due_at", "pk")[:limit]
        )
        return [
            {
                "label": f"{row.public_id} {row.category.name}",
                "url": row.get_absolute_url(),
                "area": str(row.grid),
                "due_at": row.response_due_at,
            }
            for row in rows
        ]
