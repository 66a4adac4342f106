"""Summary tables for the figures registry: a year of rows read as a few hundred sums.

A figure family whose rows run to the millions (requests, disputes, patrol logs, publicity
activities) describes each of its grouped queries as a `Summary` and registers it; its
`compute()` then calls `summed()` where it called `grouped()`:

    RECEIVED = Summary(
        name="requests",
        queryset=lambda: ServiceRequest.objects.all(),
        path="grid",                 # the row's area (a building's rows count to its grid)
        when="created_at",           # the day a row belongs to (local date of a datetime)
        category="category__name",   # what BY_CATEGORY groups on (or None)
        aggregates=lambda: {"received": Count("pk"), "closed": Count("pk", filter=…)},
    )
    register_summary(RECEIVED)
    ...
    rows = summed(RECEIVED, node, period, by)   # the same shape as grouped()

Every aggregate must be additive (a Count or a Sum; an average is a sum and a count, a
duration is summed as microseconds): the sums of the days are the sums of the period.

`refresh()` (Celery beat every quarter of an hour, a full rebuild every night, or
`manage.py refresh_summaries`) writes one row per summary, area at grid level or above,
day and category into `FigureSummary`, plus one row per month, and records in
`FigureSummaryState.through` the first day it did not summarise (today). `summed()` reads
the days before `through` from those rows (whole months from the month rows, the rest from
the day rows) and everything from `through` on (today, or every day before the first
refresh) live from the rows themselves, then adds the two. A summary never refreshed is
read entirely live: the numbers are the same, only slower (a test holds them equal).

What a refresh sees late: a row changed after its day was summarised (a request resolved a
month after it was filed) counts as before until a refresh recomputes its day; every
refresh recomputes the last `trailing_days` days and the nightly one everything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q, Sum, Value
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from grids.generic.figures import (
    BY_CATEGORY,
    BY_CHILD,
    BY_GRID,
    BY_MONTH,
    Period,
    breakdown_nodes,
    grouped,
    in_subtree,
    local_time,
    memo,
    month_key,
    month_of,
    once,
    reading,
)

__all__ = [
    "Summary",
    "refresh",
    "refresh_all",
    "register_summary",
    "reading",
    "summaries",
    "summed",
]


@dataclass(frozen=True)
class Summary:
    name: str  # unique, e.g. "requests" or "disputes.visits"
    queryset: Callable[[], models.QuerySet]  # every row that may count, in any period
    path: str  # to the row's area: scoping, and the area a summary row is kept under
    when: str  # the date or datetime that puts a row in a day (and a period)
    aggregates: Callable[[], dict]  # name -> Count(…) or Sum(…): additive only
    category: str | None = None  # what BY_CATEGORY groups on
    category_cast: Callable = str  # the kept text back to the field's value (int for tiers)
    durations: tuple[str, ...] = ()  # aggregates that sum timedeltas
    fine_path: str | None = None  # below a grid (a grid's buildings), if not `path`
    trailing_days: int = 35  # recomputed by every refresh: late changes to recent rows

    def counters(self) -> list[str]:
        from grids.models.summaries import SLOTS

        names = list(self.aggregates())
        if len(names) > SLOTS:
            raise ValueError(f"summary {self.name} has more than {SLOTS} counters")
        return names


_summaries: dict[str, Summary] = {}


def register_summary(summary: Summary) -> Summary:
    known = _summaries.get(summary.name)
    if known is not None and known != summary and known.queryset is not summary.queryset:
        # ready() may run twice in tests; a different summary under the same name is a bug.
        if (known.path, known.when, known.category) != (
            summary.path,
            summary.when,
            summary.category,
        ):
            raise ValueError(f"summary {summary.name!r} is already registered")
    _summaries[summary.name] = summary
    return summary


def summaries() -> list[Summary]:
    return [_summaries[name] for name in sorted(_summaries)]


# ---- reading ---------------------------------------------------------------------------------


def _through(name: str) -> date | None:
    from grids.models.summaries import FigureSummaryState

    if memo() is None:
        return (
            FigureSummaryState.objects.filter(name=name).values_list("through", flat=True).first()
        )
    states = once("states", lambda: dict(FigureSummaryState.objects.values_list("name", "through")))
    return states.get(name)


def _local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _local_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=_local_zone())


def _is_datetime(summary: Summary) -> bool:
    model = summary.queryset().model
    field = None
    for part in summary.when.split("__"):
        field = model._meta.get_field(part)
        if field.is_relation:
            model = field.related_model
    return isinstance(field, models.DateTimeField)


def _usable(node, by: str | None) -> bool:
    """Summary rows are kept per grid or above: a grid's buildings need the rows."""
    from grids.choices import AreaKind

    if node.kind == AreaKind.BUILDING:
        return False
    return not (node.kind == AreaKind.GRID and by == BY_CHILD)


def summed(summary: Summary, node, period: Period, by: str | None = None, *, children=None):
    """{key: {counter: value}} for `node`'s subtree, `period` and breakdown `by`, as
    grouped() answers for the summary's rows, from the summary rows and today's live rows."""
    if children is None and by in (BY_CHILD, BY_GRID):
        children = breakdown_nodes(node, by)
    usable = _usable(node, by)
    through = _through(summary.name) if usable else None
    split = period.start if through is None else min(max(through, period.start), period.end)
    # Within reading() (an overview, a report) the rows of each span are read once, per area
    # and month (or per category), and every breakdown is added up from them.
    shared = memo() is not None and usable
    parts = []
    if split > period.start:
        if shared:
            rows = _base(summary, node, period.start, split, by, live=False)
            parts.append(_derive(summary, rows, node, by, children, live=False))
        else:
            parts.append(_from_rows_of_summary(summary, node, period.start, split, by, children))
    if split < period.end:
        if shared:
            rows = _base(summary, node, split, period.end, by, live=True)
            parts.append(_derive(summary, rows, node, by, children, live=True))
        else:
            parts.append(_live(summary, node, split, period.end, by, children))
    if len(parts) == 1:
        return parts[0]
    return _add(parts)


def _base(summary: Summary, node, start: date, end: date, by, *, live: bool) -> list[tuple]:
    """[(area id, "YYYY-MM", {counter: value})], or [(category, {counter: value})] for
    BY_CATEGORY, of [start, end): from the summary rows or live; once per reading()."""
    per_category = by == BY_CATEGORY
    key = ("base", summary.name, node.pk, start, end, live, per_category)
    return once(key, lambda: _read_base(summary, node, start, end, per_category, live=live))


def _read_base(summary: Summary, node, start: date, end: date, per_category, *, live: bool):
    if live:
        qs = _live_rows(summary, node, start, end)
        aggregates = summary.aggregates()
        area, when, category = summary.path, summary.when, summary.category
    else:
        from grids.models.summaries import FigureSummary

        qs = FigureSummary.objects.filter(
            in_subtree(node, "area"), _days(start, end), name=summary.name
        )
        aggregates = {name: Sum(f"n{index}") for index, name in enumerate(summary.counters())}
        area, when, category = "area", "day", "category"
    qs = qs.order_by()
    if per_category:
        if category is None:
            return []
        grouping = {"_c": F(category)}
    else:
        grouping = {"_a": F(area), "_m": month_of(when)}
    rows = qs.annotate(**grouping).values(*grouping).annotate(**aggregates).order_by()
    with local_time():
        rows = list(rows)
    out = []
    for row in rows:
        if not live:
            for name in summary.durations:
                if row.get(name) is not None:
                    row[name] = timedelta(microseconds=row[name])
        if per_category:
            value = row.pop("_c")
            if value is None or value == "":
                continue  # rows without a category: grouped() leaves them out too
            out.append((value if live else summary.category_cast(value), row))
        else:
            out.append((row.pop("_a"), month_key(row.pop("_m")), row))
    return out


def _derive(summary: Summary, rows: list[tuple], node, by, children, *, live: bool) -> dict:
    """What grouped() answers for `by`, added up from _base() rows."""
    out: dict = {}
    if by == BY_CATEGORY:
        for category, row in rows:
            _accumulate(out.setdefault(category, {}), row)
        return out
    if by in (BY_CHILD, BY_GRID):
        lfts = _lfts(node)
        holder: dict = {}
        for area, _month, row in rows:
            if area not in holder:
                lft = lfts.get(area)
                holder[area] = next(
                    (
                        pk
                        for pk, low, high in children or ()
                        if lft is not None and low <= lft <= high
                    ),
                    None,
                )
            if holder[area] is not None:
                _accumulate(out.setdefault(holder[area], {}), row)
        return out
    if by == BY_MONTH:
        for _area, month, row in rows:
            _accumulate(out.setdefault(month, {}), row)
        return out
    total: dict = {}
    for _area, _month, row in rows:
        _accumulate(total, row)
    if not rows:
        total = _empty(summary, live)
    return {None: total}


def _empty(summary: Summary, live: bool) -> dict:
    """What an aggregate over no rows gives: a count 0, a sum None (from the summary rows,
    sums of slots: None)."""
    if not live:
        return {name: None for name in summary.counters()}
    return {
        name: getattr(expression, "empty_result_set_value", None)
        for name, expression in summary.aggregates().items()
    }


def _accumulate(into: dict, row: dict) -> None:
    for name, value in row.items():
        if value is None:
            into.setdefault(name, None)
        elif into.get(name) is None:
            into[name] = value
        else:
            into[name] += value


def _lfts(node) -> dict[int, int]:
    """Every area of the node's tree: id -> lft (once per reading())."""
    from grids.models import Area

    return once(
        ("lfts", node.tree_id),
        lambda: dict(Area.objects.filter(tree_id=node.tree_id).values_list("pk", "lft")),
    )


def _live_rows(summary: Summary, node, start: date, end: date) -> models.QuerySet:
    if _is_datetime(summary):
        start_at, end_at = _local_start(start), _local_start(end)
    else:
        start_at, end_at = start, end
    return summary.queryset().filter(
        in_subtree(node, summary.path),
        **{f"{summary.when}__gte": start_at, f"{summary.when}__lt": end_at},
    )


def _live(summary: Summary, node, start: date, end: date, by, children) -> dict:
    from grids.choices import AreaKind

    rows = _live_rows(summary, node, start, end)
    below_grid = node.kind in (AreaKind.GRID, AreaKind.BUILDING) and by == BY_CHILD
    path = (summary.fine_path or summary.path) if below_grid else summary.path
    return grouped(
        rows,
        node,
        by,
        aggregates=summary.aggregates(),
        path=path,
        when=summary.when,
        category=summary.category,
        children=children,
    )


def _from_rows_of_summary(summary: Summary, node, start: date, end: date, by, children) -> dict:
    from grids.models.summaries import FigureSummary

    counters = summary.counters()
    rows = FigureSummary.objects.filter(
        in_subtree(node, "area"), _days(start, end), name=summary.name
    )
    aggregates = {name: Sum(f"n{index}") for index, name in enumerate(counters)}
    out = grouped(
        rows,
        node,
        by,
        aggregates=aggregates,
        path="area",
        when="day",
        category="category",
        children=children,
    )
    cast = summary.category_cast if by == BY_CATEGORY else None
    result = {}
    for key, row in out.items():
        if cast is not None and key == "":
            continue  # rows without a category: grouped() leaves them out live too
        for name in summary.durations:
            if row.get(name) is not None:
                row[name] = timedelta(microseconds=row[name])
        result[cast(key) if cast is not None else key] = row
    return result


def _days(start: date, end: date) -> Q:
    """The rows of [start, end): the month rows of its whole months, day rows for the rest."""
    from grids.models.summaries import FigureSummary

    Span = FigureSummary.Span
    first = start if start.day == 1 else start.replace(day=1) + relativedelta(months=1)
    last = end.replace(day=1)  # the whole months are [first, last)
    if first >= last:
        return Q(span=Span.DAY, day__gte=start, day__lt=end)
    months = []
    month = first
    while month < last:
        months.append(month)
        month += relativedelta(months=1)
    whole = Q(span=Span.MONTH, day__in=months)
    return (
        whole
        | Q(span=Span.DAY, day__gte=start, day__lt=first)
        | Q(span=Span.DAY, day__gte=last, day__lt=end)
    )


def _add(parts: list[dict]) -> dict:
    total: dict = {}
    for part in parts:
        for key, row in part.items():
            _accumulate(total.setdefault(key, {}), row)
    return total


# ---- writing ---------------------------------------------------------------------------------


def _summary_areas() -> dict[int, int]:
    """Every area's id -> the area its rows are kept under: itself, or a building's grid."""
    from grids.choices import AreaKind
    from grids.models import Area

    return {
        pk: (parent if kind == AreaKind.BUILDING else pk)
        for pk, kind, parent in Area.objects.values_list("pk", "kind", "parent_id")
    }


def refresh(summary: Summary, *, full: bool = False, now: datetime | None = None) -> int:
    """Recompute the summary's day rows (the last `trailing_days`, or all with `full` or on
    the first run) and the month rows of the months they touch; days before today only.
    Returns the number of day rows written."""
    from grids.models.summaries import FigureSummary, FigureSummaryState

    now = now or timezone.now()
    today = timezone.localtime(now, _local_zone()).date()
    counters = summary.counters()
    with transaction.atomic():
        state, _created = FigureSummaryState.objects.select_for_update().get_or_create(
            name=summary.name
        )
        full = full or state.through is None
        start = None if full else min(state.through, today) - timedelta(days=summary.trailing_days)
        rows = _source_rows(summary, start, today)
        areas = _summary_areas()
        merged: dict[tuple, list[int]] = {}
        for row in rows:
            area = areas.get(row.pop("_area"))
            if area is None:
                continue
            key = (area, row.pop("_day"), _category_text(row.pop("_category")))
            sums = merged.setdefault(key, [0] * len(counters))
            for index, name in enumerate(counters):
                sums[index] += _as_int(row[name])
        stale = FigureSummary.objects.filter(name=summary.name)
        if start is not None:
            stale = stale.filter(day__gte=start.replace(day=1))
        stale.filter(span=FigureSummary.Span.DAY, day__gte=start or date.min).delete()
        stale.filter(span=FigureSummary.Span.MONTH).delete()
        FigureSummary.objects.bulk_create(
            (
                FigureSummary(
                    name=summary.name,
                    span=FigureSummary.Span.DAY,
                    day=day,
                    area_id=area,
                    category=category,
                    **{f"n{index}": value for index, value in enumerate(sums)},
                )
                for (area, day, category), sums in merged.items()
            ),
            batch_size=2000,
        )
        _rebuild_months(summary, None if start is None else start.replace(day=1), len(counters))
        state.through = today
        state.refreshed_at = now
        if full:
            state.full_at = now
        state.save()
    return len(merged)


def _source_rows(summary: Summary, start: date | None, today: date) -> list[dict]:
    """The summary's aggregates per (area, local day, category) of the days [start, today)."""
    qs = summary.queryset().order_by()
    if _is_datetime(summary):
        bounds = {f"{summary.when}__lt": _local_start(today)}
        if start is not None:
            bounds[f"{summary.when}__gte"] = _local_start(start)
        day = TruncDate(summary.when, tzinfo=_local_zone())
    else:
        bounds = {f"{summary.when}__lt": today}
        if start is not None:
            bounds[f"{summary.when}__gte"] = start
        day = F(summary.when)
    category = F(summary.category) if summary.category else Value("")
    return list(
        qs.filter(**bounds)
        .annotate(_area=F(summary.path), _day=day, _category=category)
        .values("_area", "_day", "_category")
        .annotate(**summary.aggregates())
        .order_by()
    )


def _rebuild_months(summary: Summary, start: date | None, counters: int) -> None:
    from grids.models.summaries import FigureSummary

    days = FigureSummary.objects.filter(name=summary.name, span=FigureSummary.Span.DAY)
    if start is not None:
        days = days.filter(day__gte=start)
    sums = {f"s{index}": Sum(f"n{index}") for index in range(counters)}
    months = (
        days.order_by()
        .annotate(month=TruncMonth("day"))
        .values("month", "area_id", "category")
        .annotate(**sums)
        .order_by()
    )
    FigureSummary.objects.bulk_create(
        (
            FigureSummary(
                name=summary.name,
                span=FigureSummary.Span.MONTH,
                day=row["month"],
                area_id=row["area_id"],
                category=row["category"],
                **{f"n{index}": row[f"s{index}"] or 0 for index in range(counters)},
            )
            for row in months
        ),
        batch_size=2000,
    )


def _category_text(value) -> str:
    return "" if value is None else str(value)


def _as_int(value) -> int:
    if value is None:
        return 0
    if isinstance(value, timedelta):
        return value // timedelta(microseconds=1)
    return int(value)


def refresh_all(*, full: bool = False, now: datetime | None = None) -> dict[str, int]:
    """Refresh every registered summary; {name: day rows written}."""
    return {summary.name: refresh(summary, full=full, now=now) for summary in summaries()}
