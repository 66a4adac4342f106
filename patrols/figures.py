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

from patrols.actions.places import coverage
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
