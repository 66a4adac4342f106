"""Reach and coverage of publicity work, computed in the database.

An activity may be listed under several campaigns; it is one piece of work, so every total
sums each activity once: totals select activities by `pk IN (…)` (or EXISTS) instead of
joining through the campaigns, which would repeat the row once per campaign.

campaign_progress(campaign)   per goal: the metric's total over the campaign's activities,
                              the target, the share reached (capped at 1 for the bar)
totals(activities, start, end)  items pushed, copies handed out, people reached, attendance,
                              events (activities), over any date range
totals_by_channel(...)        the same per channel
totals_by_topic(...)          the same per topic (an activity counts under every topic of
                              its campaigns, once per topic)
unreached_grids(campaign)     grids inside the campaign's target areas with no activity of
                              the campaign anywhere in their subtree (buildings included)
coverage_by_community(campaign)  per community of the targets: grids, grids reached
"""

from __future__ import annotations

from datetime import date

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from grids.choices import AreaKind
from grids.generic.figures import (
    BY_CATEGORY,
    BY_CHILD,
    BY_GRID,
    BY_MONTH,
    FigureFamily,
    Measure,
    Period,
    Section,
    breakdown_nodes,
    finish,
    grouped,
    in_subtree,
    register_family,
)
from grids.models import Area
from grids.querysets import subtree_q
from publicity.choices import Channel, Metric
from publicity.models import Activity, Campaign, CampaignGoal, Topic

COUNTED = ("items_pushed", "copies_handed_out", "people_reached", "attendance")


def _sums() -> dict:
    sums = {name: Coalesce(Sum(name), 0) for name in COUNTED}
    sums["events"] = Count("pk")
    return sums


def _in_range(activities: QuerySet, start: date | None, end: date | None) -> QuerySet:
    if start:
        activities = activities.filter(date__gte=start)
    if end:
        activities = activities.filter(date__lte=end)
    return activities


def campaign_activities(campaign: Campaign) -> QuerySet:
    """The campaign's activities, each once."""
    return Activity.objects.filter(
        pk__in=Activity.campaigns.through.objects.filter(campaign=campaign).values("activity_id")
    )


def campaign_totals(campaign: Campaign) -> dict:
    return campaign_activities(campaign).aggregate(**_sums())


def campaign_progress(campaign: Campaign, goals=None) -> list[dict]:
    """One row per goal: metric, its label, target, achieved, share (0–1, capped)."""
    totals = campaign_totals(campaign)
    goals = goals if goals is not None else CampaignGoal.objects.filter(campaign=campaign)
    rows = []
    for goal in goals:
        achieved = totals[goal.metric]
        rows.append(
            {
                "goal": goal,
                "metric": goal.metric,
                "label": Metric(goal.metric).label,
                "target": goal.target,
                "achieved": achieved,
                "share": min(achieved / goal.target, 1) if goal.target else None,
                "met": achieved >= goal.target,
            }
        )
    return rows


def totals(
    activities: QuerySet | None = None, *, start: date | None = None, end: date | None = None
) -> dict:
    """Totals over a set of activities (default: all), each activity once."""
    activities = Activity.objects.all() if activities is None else activities
    return _in_range(activities, start, end).order_by().aggregate(**_sums())


def totals_by_channel(
    activities: QuerySet | None = None, *, start: date | None = None, end: date | None = None
) -> dict[str, dict]:
    activities = Activity.objects.all() if activities is None else activities
    rows = (
        _in_range(activities, start, end)
        .order_by()
        .values("channel")
        .annotate(**_sums())
        .order_by("channel")
    )
    return {row.pop("channel"): row for row in rows}


def totals_by_topic(
    activities: QuerySet | None = None, *, start: date | None = None, end: date | None = None
) -> dict[str, dict]:
    """Per topic code: totals of the activities listed under any campaign of that topic.

    One query: a subquery per figure, each selecting the topic's activities with EXISTS so
    that an activity under two campaigns of the same topic is summed once.
    """
    activities = Activity.objects.all() if activities is None else activities
    chosen = _in_range(activities, start, end).order_by()

    def of_topic():
        return chosen.filter(
            Exists(
                Campaign.objects.filter(activities=OuterRef("pk"), topics=OuterRef(OuterRef("pk")))
            )
        )

    def figure(expression):
        inner = of_topic().annotate(_g=Value(1)).values("_g").annotate(v=expression).values("v")
        return Coalesce(Subquery(inner, output_field=IntegerField()), 0)

    annotations = {name: figure(Sum(name)) for name in COUNTED}
    annotations["events"] = figure(Count("pk"))
    rows = Topic.objects.annotate(**annotations).values("code", *annotations)
    return {row.pop("code"): row for row in rows}


def _target_grids(campaign: Campaign) -> QuerySet:
    """Grids in (or equal to) the campaign's target areas."""
    ranges = campaign.areas.values_list("tree_id", "lft", "rght")
    return Area.objects.filter(subtree_q(ranges), kind=AreaKind.GRID)


def _reached(campaign: Campaign) -> Exists:
    """EXISTS an activity of the campaign inside the outer grid's subtree."""
    return Exists(
        Activity.objects.filter(
            campaigns=campaign,
            area__tree_id=OuterRef("tree_id"),
            area__lft__gte=OuterRef("lft"),
            area__lft__lte=OuterRef("rght"),
        )
    )


def grids_with_reach(campaign: Campaign) -> QuerySet:
    """The campaign's grids, each annotated `reached` (True/False), in tree order."""
    return (
        _target_grids(campaign)
        .annotate(reached=_reached(campaign))
        .select_related("parent")
        .order_by("tree_id", "lft")
    )


def unreached_grids(campaign: Campaign) -> QuerySet:
    """Grids of the campaign's target areas without any activity of the campaign."""
    return grids_with_reach(campaign).filter(reached=False)


def coverage_by_community(campaign: Campaign) -> list[dict]:
    """Per community: how many of its target grids the campaign has reached, in one query."""
    rows = (
        grids_with_reach(campaign)
        .order_by()
        .values("parent_id", "parent__name")
        .annotate(grids=Count("pk"), reached_grids=Count("pk", filter=Q(reached=True)))
        .order_by("parent__name")
    )
    return [
        {
            "community_id": row["parent_id"],
            "community": row["parent__name"],
            "grids": row["grids"],
            "reached": row["reached_grids"],
            "unreached": row["grids"] - row["reached_grids"],
        }
        for row in rows
    ]


# The family the overview and the report read (registered in PublicityConfig.ready()).

_FAMILY_SUMS = {
    "items_pushed": "items_pushed",
    "copies": "copies_handed_out",
    "reached": "people_reached",
    "attendance": "attendance",
}
# The article's "线下在社区宣传栏设置专题板块，同步发放宣传资料2000余份，覆盖居民6500余人次":
# what boards, leaflet days and door-to-door visits handed out and reached (the work report).
OFFLINE = Q(channel__in=[Channel.BULLETIN_BOARD, Channel.LEAFLETS, Channel.DOOR_TO_DOOR])
_OFFLINE_SUMS = {"offline_copies": "copies_handed_out", "offline_reached": "people_reached"}
_ZERO = {
    "offline_copies": 0,
    "offline_reached": 0,
    "activities": 0,
    "items_pushed": 0,
    "copies": 0,
    "reached": 0,
    "attendance": 0,
    "lectures": 0,
    "joint_events": 0,
}


def _family_aggregates() -> dict:
    aggregates = {key: Coalesce(Sum(field), 0) for key, field in _FAMILY_SUMS.items()}
    for key, field in _OFFLINE_SUMS.items():
        aggregates[key] = Coalesce(Sum(field, filter=OFFLINE), 0)
    aggregates["activities"] = Count("pk")
    aggregates["lectures"] = Count("pk", filter=Q(channel=Channel.LECTURE))
    aggregates["joint_events"] = Count("pk", filter=Q(channel=Channel.JOINT_EVENT))
    return aggregates


class PublicityFamily(FigureFamily):
    """Publicity activities held in the period in the subtree, each activity once."""

    name = "publicity"
    label = _("Publicity")
    section = Section.PREVENTION
    weight = 20
    categories = _("Topic")
    breakdowns = (BY_CHILD, BY_GRID, BY_MONTH, BY_CATEGORY)
    measures = (
        Measure("activities", _("Publicity activities"), unit=pgettext_lazy("unit", "activities")),
        Measure("items_pushed", _("Items pushed"), unit=pgettext_lazy("unit", "items")),
        Measure("copies", _("Copies handed out"), unit=pgettext_lazy("unit", "copies")),
        Measure(
            "reached", _("Residents reached"), unit=pgettext_lazy("unit", "people"), league=True
        ),
        Measure("attendance", _("Attendance"), unit=pgettext_lazy("unit", "people")),
        Measure("lectures", _("Lectures"), unit=pgettext_lazy("unit", "lectures")),
        Measure("joint_events", _("Joint events"), unit=pgettext_lazy("unit", "events")),
        Measure("offline_copies", _("Copies on boards and leaflet days"), headline=False),
        Measure("offline_reached", _("Reached on boards and leaflet days"), headline=False),
    )

    def compute(self, node: Area, period: Period, *, by: str | None = None) -> dict:
        chosen = Activity.objects.filter(
            in_subtree(node, "area"), date__gte=period.start, date__lt=period.end
        ).order_by()
        if by == BY_CATEGORY:
            return _by_topic(chosen)
        rows = grouped(
            chosen,
            node,
            by,
            aggregates=_family_aggregates(),
            path="area",
            when="date",
            children=breakdown_nodes(node, by),
        )
        return finish([rows], by, period, _ZERO, dict)


def _by_topic(chosen: QuerySet) -> dict:
    """{topic name: measures} in one query; an activity under two campaigns of one topic
    counts once (EXISTS), one under two topics counts under each."""

    def of_topic():
        return chosen.filter(
            Exists(
                Campaign.objects.filter(activities=OuterRef("pk"), topics=OuterRef(OuterRef("pk")))
            )
        )

    def figure(expression):
        inner = of_topic().annotate(_g=Value(1)).values("_g").annotate(v=expression).values("v")
        return Coalesce(Subquery(inner, output_field=IntegerField()), 0)

    annotations = {key: figure(Sum(field)) for key, field in _FAMILY_SUMS.items()}
    for key, field in _OFFLINE_SUMS.items():
        annotations[key] = figure(Sum(field, filter=OFFLINE))
    annotations["activities"] = figure(Count("pk"))
    annotations["lectures"] = figure(Count("pk", filter=Q(channel=Channel.LECTURE)))
    annotations["joint_events"] = figure(Count("pk", filter=Q(channel=Channel.JOINT_EVENT)))
    rows = Topic.objects.order_by("name").annotate(**annotations).values("name", *annotations)
    return {row.pop("name"): row for row in rows}


def register() -> None:
    """Called from PublicityConfig.ready()."""
    register_family(PublicityFamily())
