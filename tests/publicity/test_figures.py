"""Reach and coverage against a hand count: the double-listed activity counts once, and
"not yet reached" names exactly the right grids."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grids.models import Area
from publicity import figures
from publicity.actions.activities import record_activity
from publicity.actions.campaigns import start_campaign
from publicity.choices import Channel, Metric
from publicity.models import Topic
from tests.conftest import make_area


@pytest.fixture
def setting(world, campaign):
    """C1's anti-fraud campaign and a street-wide legal-education campaign (same topic set
    partly), with a third grid GD in C1 that nobody visits.

    Hand count of the activities (all in March 2026):
      a1  GA  WeChat push   under anti-fraud AND street-wide   items 5, reached 200
      a2  BA1 leaflets      under anti-fraud                   copies 30, reached 60
      a3  GC  lecture       under street-wide only             attendance 80, copies 100
      a4  GA  joint event   under anti-fraud, 15 April (outside the range test)
    """
    gd = make_area("GD", "grid", Area.objects.get(pk=world.c1.pk), name="第四网格")
    both_topics = [Topic.objects.get(code="anti_fraud"), Topic.objects.get(code="legal_education")]
    street = start_campaign(
        by=world.street_official,
        title="普法进社区",
        area=world.df,
        start=date(2026, 1, 1),
        end=date(2026, 12, 31),
        topics=both_topics,
        goals={Metric.ATTENDANCE: 100},
    )
    campaign.end = date(2026, 4, 30)
    campaign.save()
    official = world.street_official
    a1 = record_activity(
        by=official,
        campaigns=[campaign, street],
        channel=Channel.WECHAT_PUSH,
        area=world.ga,
        date=date(2026, 3, 5),
        items_pushed=5,
        people_reached=200,
    )
    a2 = record_activity(
        by=official,
        campaigns=[campaign],
        channel=Channel.LEAFLETS,
        area=world.ba1,
        date=date(2026, 3, 6),
        copies_handed_out=30,
        people_reached=60,
    )
    a3 = record_activity(
        by=official,
        campaigns=[street],
        channel=Channel.LECTURE,
        area=world.gc,
        date=date(2026, 3, 7),
        attendance=80,
        copies_handed_out=100,
    )
    a4 = record_activity(
        by=official,
        campaigns=[campaign],
        channel=Channel.JOINT_EVENT,
        area=world.ga,
        date=date(2026, 4, 15),
        attendance=25,
    )
    return {"street": street, "gd": gd, "a": (a1, a2, a3, a4)}


def test_campaign_progress_counts_each_activity_once_against_each_goal(world, campaign, setting):
    progress = {row["metric"]: row for row in figures.campaign_progress(campaign)}

    assert progress[Metric.PEOPLE_REACHED]["achieved"] == 200 + 60
    assert progress[Metric.PEOPLE_REACHED]["share"] == 1 and progress[Metric.PEOPLE_REACHED]["met"]
    assert progress[Metric.COPIES_HANDED_OUT]["achieved"] == 30
    assert progress[Metric.COPIES_HANDED_OUT]["share"] == 30 / 40
    assert progress[Metric.EVENTS]["achieved"] == 3  # a1, a2, a4
    (street,) = figures.campaign_progress(setting["street"])
    assert (street["metric"], street["achieved"]) == (Metric.ATTENDANCE, 80)


def test_totals_over_a_range_count_the_double_listed_push_once(world, setting):
    march = figures.totals(start=date(2026, 3, 1), end=date(2026, 3, 31))

    assert march == {
        "items_pushed": 5,
        "copies_handed_out": 130,
        "people_reached": 260,
        "attendance": 80,
        "events": 3,
    }
    assert figures.totals()["events"] == 4


def test_totals_by_channel(world, setting):
    by_channel = figures.totals_by_channel(start=date(2026, 3, 1), end=date(2026, 3, 31))

    assert set(by_channel) == {Channel.WECHAT_PUSH, Channel.LEAFLETS, Channel.LECTURE}
    assert by_channel[Channel.WECHAT_PUSH]["items_pushed"] == 5
    assert by_channel[Channel.WECHAT_PUSH]["events"] == 1
    assert by_channel[Channel.LECTURE]["copies_handed_out"] == 100


def test_totals_by_topic_in_one_query_count_an_activity_once_per_topic(world, setting):
    with CaptureQueriesContext(connection) as queries:
        by_topic = figures.totals_by_topic(start=date(2026, 3, 1), end=date(2026, 3, 31))
    assert len(queries) == 1

    # anti_fraud: a1 (under both campaigns, both anti-fraud: once), a2, a3 (street is anti-fraud)
    assert by_topic["anti_fraud"] == {
        "items_pushed": 5,
        "copies_handed_out": 130,
        "people_reached": 260,
        "attendance": 80,
        "events": 3,
    }
    # legal_education: only the street-wide campaign's a1 and a3
    assert by_topic["legal_education"]["events"] == 2
    assert by_topic["legal_education"]["people_reached"] == 200
    assert by_topic["drowning"]["events"] == 0
    assert figures.totals_by_topic()["anti_fraud"]["attendance"] == 80 + 25


def test_not_yet_reached_lists_exactly_the_right_grids(world, campaign, setting):
    # C1's grids are GA (push, leaflets in BA1), GB (nothing) and GD (nothing).
    assert [g.code for g in figures.unreached_grids(campaign)] == ["GB", "GD"]
    # the street-wide campaign reached GA (a1) and GC (a3) only
    assert [g.code for g in figures.unreached_grids(setting["street"])] == ["GB", "GD"]

    record_activity(
        by=world.worker_b,
        campaigns=[campaign],
        channel=Channel.WECHAT_PUSH,
        area=world.bb1,
        date=date(2026, 3, 20),
        items_pushed=1,
    )
    assert [g.code for g in figures.unreached_grids(campaign)] == ["GD"]


def test_coverage_by_community(world, campaign, setting):
    coverage = {row["community"]: row for row in figures.coverage_by_community(setting["street"])}

    assert coverage["东风社区"]["grids"] == 3 and coverage["东风社区"]["reached"] == 1
    assert coverage["民主社区"]["grids"] == 1 and coverage["民主社区"]["unreached"] == 0


def test_totals_by_area_sum_each_subtree_once_in_one_query(world, setting):
    areas = Area.objects.filter(code__in=["C1", "C2", "GA", "GB"])
    with CaptureQueriesContext(connection) as queries:
        by_area = figures.totals_by_area(areas=areas, start=date(2026, 3, 1), end=date(2026, 3, 31))
    assert len(queries) == 1

    # C1: a1 (GA, under two campaigns: once) and a2 (BA1 in GA); a4 is April's.
    assert by_area["C1"] == {
        "items_pushed": 5,
        "copies_handed_out": 30,
        "people_reached": 260,
        "attendance": 0,
        "events": 2,
    }
    assert by_area["GA"] == by_area["C1"]
    assert by_area["GB"]["events"] == 0
    assert (by_area["C2"]["attendance"], by_area["C2"]["copies_handed_out"]) == (80, 100)
    assert figures.totals_by_area(areas=areas)["GA"]["events"] == 3
