"""Figures of patrols for any scope and period, computed by the database.

patrols          patrol logs started in the period
red_armband      of those, red-armband (红袖标) patrols
person_times     人次: named participants + extra volunteers, summed over the patrols
hours            patrol hours of finished patrols (end − start)
by_team, by_mode, by_area   the same three per team, mode and the team's area
by_place         per key place: patrols that reached it, the stops recorded, and their
                 person-times and hours (a patrol passing twice counts once)
coverage_gaps    key places behind their frequency now
guard_posts      slots that have begun, how many were checked in, and the rate

Person-times are two aggregations, never a loop: the sum of `extra_volunteers` over the
logs and the count of participant rows of the same logs, grouped by the same key.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
    once,
    rate,
    register_family,
)
from grids.generic.summaries import Summary, register_summary, summed
from grids.models import Area
from patrols.actions.places import coverage
from patrols.choices import PatrolMode
from patrols.models import GuardSlot, KeyPlace, PatrolLog, PatrolParticipant, PatrolStop

_DURATION = ExpressionWrapper(F("ended_at") - F("started_at"), output_field=DurationField())


def _hours(duration: timedelta | None) -> float:
    return round((duration or timedelta()).total_seconds() / 3600, 2)


def _in_period(logs: QuerySet, start: datetime | None, end: datetime | None) -> QuerySet:
    if start:
        logs = logs.filter(started_at__gte=start)
    if end:
        logs = logs.filter(started_at__lt=end)
    return logs.order_by()


def _grouped(logs: QuerySet, key: str) -> dict:
    """{key value: {patrols, person_times, hours}} in two grouped queries."""
    rows = {
        row[key]: row
        for row in logs.values(key).annotate(
            patrols=Count("pk"),
            extra=Sum("extra_volunteers"),
            duration=Sum(_DURATION, filter=Q(ended_at__isnull=False)),
        )
    }
    named = {
        row[f"log__{key}"]: row["n"]
        for row in PatrolParticipant.objects.filter(log__in=logs.values("pk"))
        .order_by()
        .values(f"log__{key}")
        .annotate(n=Count("pk"))
    }
    return {
        value: {
            "patrols": row["patrols"],
            "person_times": (row["extra"] or 0) + named.get(value, 0),
            "hours": _hours(row["duration"]),
        }
        for value, row in rows.items()
    }


def patrol_figures(
    logs: QuerySet | None = None,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
) -> dict:
    """`logs` is normally PatrolLog.objects.visible_to(user): figures obey scoping."""
    logs = _in_period(logs if logs is not None else PatrolLog.objects.all(), start, end)
    row = logs.aggregate(
        patrols=Count("pk"),
        red_armband=Count("pk", filter=Q(red_armband=True)),
        extra=Sum("extra_volunteers"),
        duration=Sum(_DURATION, filter=Q(ended_at__isnull=False)),
    )
    named = PatrolParticipant.objects.filter(log__in=logs.values("pk")).count()
    by_mode = _grouped(logs, "mode")
    return {
        "patrols": row["patrols"],
        "red_armband": row["red_armband"],
        "person_times": (row["extra"] or 0) + named,
        "hours": _hours(row["duration"]),
        "by_team": _grouped(logs, "team__name"),
        "by_mode": by_mode,  # keyed by code ("foot"): PatrolMode(code).label names it
        "by_area": _grouped(logs, "team__area__name"),
        "by_place": _by_place(logs),
    }


def _scalar(rows: QuerySet, expression) -> Subquery:
    """`expression` aggregated over `rows` (which refer to the outer row) as one value."""
    inner = rows.order_by().annotate(_g=Value(1)).values("_g").annotate(v=expression)
    inner = inner.values("v")
    return Subquery(inner)


def _by_place(logs: QuerySet) -> dict:
    """Per key place reached: patrols, stops, person-times and hours of the patrols that
    reached it, each patrol once however often it passed (one query, a subquery per figure)."""
    reached = logs.filter(
        Exists(PatrolStop.objects.filter(log=OuterRef("pk"), place=OuterRef(OuterRef("pk"))))
    )
    places = KeyPlace.objects.filter(
        pk__in=PatrolStop.objects.filter(log__in=logs.values("pk")).values("place")
    )
    rows = places.order_by().annotate(
        patrols=_scalar(reached, Count("pk")),
        extra=_scalar(reached, Sum("extra_volunteers")),
        duration=_scalar(reached, Sum(_DURATION, filter=Q(ended_at__isnull=False))),
        named=_scalar(
            PatrolParticipant.objects.filter(
                Exists(
                    PatrolStop.objects.filter(log=OuterRef("log"), place=OuterRef(OuterRef("pk")))
                ),
                log__in=logs.values("pk"),
            ),
            Count("pk"),
        ),
        stop_count=_scalar(
            PatrolStop.objects.filter(place=OuterRef("pk"), log__in=logs.values("pk")),
            Count("pk"),
        ),
    )
    return {
        row.name: {
            "patrols": row.patrols,
            "stops": row.stop_count,
            "person_times": (row.extra or 0) + (row.named or 0),
            "hours": _hours(row.duration),
        }
        for row in rows
    }


def coverage_gaps(places: QuerySet | None = None, now: datetime | None = None) -> list:
    """Key places behind their frequency, the longest-overdue first."""
    rows = coverage(places if places is not None else KeyPlace.objects.all(), now)
    return sorted((row for row in rows if row.behind), key=lambda row: row.due_at)


def guard_post_figures(
    slots: QuerySet | None = None,
    *,
    start: date | None = None,
    end: date | None = None,
    now: datetime | None = None,
) -> dict:
    """Attendance at the guard posts: of the slots that have begun, how many were manned."""
    now = timezone.localtime(now or timezone.now())
    slots = (slots if slots is not None else GuardSlot.objects.all()).order_by()
    if start:
        slots = slots.filter(date__gte=start)
    if end:
        slots = slots.filter(date__lt=end)
    begun = slots.filter(Q(date__lt=now.date()) | Q(date=now.date(), starts_at__lte=now.time()))
    row = begun.aggregate(
        slots=Count("pk"), checked_in=Count("pk", filter=Q(checked_in_at__isnull=False))
    )
    row["attendance_rate"] = round(row["checked_in"] / row["slots"], 4) if row["slots"] else None
    return row


# The family the overview and the report read (registered in PatrolsConfig.ready()).

_ZERO = {
    "patrols": 0,
    "red_armband": 0,
    "extra": 0,
    "named": 0,
    "duration": None,
    "coverage_gaps": 0,
    "slots": 0,
    "checked_in": 0,
}


def _finish_family(row: dict) -> dict:
    return {
        "patrols": row["patrols"],
        "person_times": row["extra"] + row["named"],
        "hours": _hours(row["duration"]),
        "red_armband": row["red_armband"],
        "coverage_gaps": row["coverage_gaps"],
        "guard_attendance_rate": rate(row["checked_in"], row["slots"]),
    }


# Patrol logs and their named participants by the day the patrol started, under the team's
# area, by mode.
LOGS = register_summary(
    Summary(
        name="patrols",
        queryset=lambda: PatrolLog.objects.all(),
        path="team__area",
        when="started_at",
        category="mode",
        durations=("duration",),
        aggregates=lambda: {
            "patrols": Count("pk"),
            "red_armband": Count("pk", filter=Q(red_armband=True)),
            "extra": Sum("extra_volunteers"),
            "duration": Sum(_DURATION, filter=Q(ended_at__isnull=False)),
        },
    )
)
PARTICIPANTS = register_summary(
    Summary(
        name="patrols.participants",
        queryset=lambda: PatrolParticipant.objects.all(),
        path="log__team__area",
        when="log__started_at",
        category="log__mode",
        aggregates=lambda: {"named": Count("pk")},
    )
)


class PatrolFamily(FigureFamily):
    """Patrols started in the period by the teams of the subtree; key places behind now;
    guard posts of the period that have begun."""

    name = "patrols"
    label = _("Patrols")
    section = Section.PREVENTION
    weight = 10
    categories = _("Mode")
    breakdowns = (BY_CHILD, BY_GRID, BY_MONTH, BY_CATEGORY)
    measures = (
        Measure("patrols", _("Patrols"), unit=pgettext_lazy("unit", "patrols")),
        Measure(
            "person_times",
            _("Patrol person-times"),
            unit=pgettext_lazy("unit", "person-times"),
            league=True,
        ),
        Measure("hours", _("Patrol hours"), unit=pgettext_lazy("unit", "hours"), kind=Kind.NUMBER),
        Measure("red_armband", _("Red-armband patrols"), unit=pgettext_lazy("unit", "patrols")),
        Measure(
            "coverage_gaps",
            _("Key places behind now"),
            unit=pgettext_lazy("unit", "places"),
            higher_is_better=False,
        ),
        Measure("guard_attendance_rate", _("Guard posts manned"), kind=Kind.RATE),
    )

    def compute(self, node: Area, period: Period, *, by: str | None = None) -> dict:
        now = timezone.localtime()
        children = breakdown_nodes(node, by)
        parts = [
            summed(LOGS, node, period, by, children=children),
            # Person-times: the named participants of the same logs, grouped the same way.
            summed(PARTICIPANTS, node, period, by, children=children),
        ]
        if by != BY_CATEGORY:
            begun = GuardSlot.objects.filter(
                in_subtree(node, "school__area"), date__gte=period.start, date__lt=period.end
            ).filter(Q(date__lt=now.date()) | Q(date=now.date(), starts_at__lte=now.time()))
            parts.append(
                grouped(
                    begun,
                    node,
                    by,
                    aggregates={
                        "slots": Count("pk"),
                        "checked_in": Count("pk", filter=Q(checked_in_at__isnull=False)),
                    },
                    path="school__area",
                    when="date",
                    children=children,
                )
            )
        if by in (None, BY_CHILD, BY_GRID):
            parts.append(_gaps(node, by, children, now))
        result = finish(parts, by, period, _ZERO, _finish_family)
        if by == BY_CATEGORY:
            return {str(PatrolMode(mode).label): row for mode, row in sorted(result.items())}
        return result

    def overdue(self, node: Area, now: datetime, *, limit: int = 20) -> list[dict]:
        """Key places behind their frequency, the longest overdue first."""
        gaps = _gaps_of(node, now)
        return [
            {
                "label": str(row.place.name),
                "url": row.place.get_absolute_url(),
                "area": str(row.place.area),
                "due_at": row.due_at,
            }
            for row in gaps[:limit]
        ]


def _gaps_of(node: Area, now: datetime) -> list:
    """The subtree's key places behind now, read once per node within figures' reading()
    (the overview asks for them overall, per child, per grid and as its overdue list)."""
    places = KeyPlace.objects.filter(in_subtree(node, "area"))
    return once(("patrols.gaps", node.pk), lambda: coverage_gaps(places, now))


def _gaps(node: Area, by: str | None, children, now: datetime) -> dict:
    """Key places behind now: one query (the coverage read), counted per child in Python."""
    gaps = _gaps_of(node, now)
    if by is None:
        return {None: {"coverage_gaps": len(gaps)}}
    out: dict = {}
    for row in gaps:
        lft = row.place.area.lft
        for pk, child_lft, child_rght in children:
            if child_lft <= lft <= child_rght:
                out.setdefault(pk, {"coverage_gaps": 0})["coverage_gaps"] += 1
    return out


def register() -> None:
    """Called from PatrolsConfig.ready()."""
    register_family(PatrolFamily())
