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
totals_by_area(..., areas)    the same per area (community, grid), over its subtree
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
    register_family,
)
from grids.generic.summaries import Summary, register_summary, summed
from grids.models import Area
from grids.querysets import subtree_q
from publicity.choices import Channel, Metric
from publicity.models import Activity, ActivityTopic, Campaign, CampaignGoal, Topic

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
    of_topic = chosen.filter(
        Exists(Campaign.objects.filter(activities=OuterRef("pk"), topics=OuterRef(OuterRef("pk"))))
    )
    annotations = _figures_of(of_topic)
    rows = Topic.objects.annotate(**annotations).values("code", *annotations)
    return {row.pop("code"): row for row in rows}


def totals_by_area(
    activities: QuerySet | None = None,
    *,
    areas: QuerySet,
    start: date | None = None,
    end: date | None = None,
) -> dict[str, dict]:
    """Per area code (communities, grids …): totals of the activities anywhere in its
    subtree, each activity once (an activity has one area; its campaigns are not joined).
    One query: a subquery per figure over the outer area's subtree."""
    activities = Activity.objects.all() if activities is None else activities
    in_subtree = (
        _in_range(activities, start, end)
        .order_by()
        .filter(
            area__tree_id=OuterRef("tree_id"),
            area__lft__gte=OuterRef("lft"),
            area__lft__lte=OuterRef("rght"),
        )
    )
    annotations = _figures_of(in_subtree)
    rows = areas.order_by("tree_id", "lft").annotate(**annotations).values("code", *annotations)
    return {row.pop("code"): row for row in rows}


def _figures_of(selected: QuerySet) -> dict:
    """Annotations: each figure summed over `selected` (which refers to the outer row), as
    one scalar subquery per figure, so no join repeats an activity."""

    def figure(expression):
        inner = selected.annotate(_g=Value(1)).values("_g").annotate(v=expression).values("v")
        return Coalesce(Subquery(inner, output_field=IntegerField()), 0)

    annotations = {name: figure(Sum(name)) for name in COUNTED}
    annotations["events"] = figure(Count("pk"))
    return annotations


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
OFFLINE_CHANNELS = [Channel.BULLETIN_BOARD, Channel.LEAFLETS, Channel.DOOR_TO_DOOR]
OFFLINE = Q(channel__in=OFFLINE_CHANNELS)
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


def _family_aggregates(prefix: str = "") -> dict:
    """The family's sums over activities (`prefix` "activity__" from ActivityTopic rows)."""
    aggregates = {key: Coalesce(Sum(prefix + field), 0) for key, field in _FAMILY_SUMS.items()}
    offline = Q(**{f"{prefix}channel__in": OFFLINE_CHANNELS})
    for key, field in _OFFLINE_SUMS.items():
        aggregates[key] = Coalesce(Sum(prefix + field, filter=offline), 0)
    aggregates["activities"] = Count("pk")
    aggregates["lectures"] = Count("pk", filter=Q(**{f"{prefix}channel": Channel.LECTURE}))
    aggregates["joint_events"] = Count("pk", filter=Q(**{f"{prefix}channel": Channel.JOINT_EVENT}))
    return aggregates


# Activities by their day under their area; and once per topic of their campaigns (the view
# ActivityTopic) for the breakdown by topic.
ACTIVITIES = register_summary(
    Summary(
        name="publicity",
        queryset=lambda: Activity.objects.all(),
        path="area",
        when="date",
        aggregates=_family_aggregates,
    )
)
BY_TOPIC = register_summary(
    Summary(
        name="publicity.topics",
        queryset=lambda: ActivityTopic.objects.all(),
        path="activity__area",
        when="activity__date",
        category="topic__name",
        aggregates=lambda: _family_aggregates("activity__"),
    )
)


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
        if by == BY_CATEGORY:
            rows = summed(BY_TOPIC, node, period, by)
            # Every topic, by name: a topic without activities shows its zeros.
            names = Topic.objects.order_by("name").values_list("name", flat=True)
            return {name: {**_ZERO, **rows.get(name, {})} for name in names}
        rows = summed(ACTIVITIES, node, period, by, children=breakdown_nodes(node, by))
        return finish([rows], by, period, _ZERO, dict)


def register() -> None:
    """Called from PublicityConfig.ready()."""
    register_family(PublicityFamily())
