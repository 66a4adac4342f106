"""The publicity family against a hand-counted fixture over a year end."""

from datetime import date

from grids.generic.figures import BY_CATEGORY, BY_CHILD, BY_GRID, BY_MONTH, Period, family
from publicity.choices import Channel
from publicity.models import Topic
from tests.publicity.factories import ActivityFactory, CampaignFactory, seeded_topic

PERIOD = Period(date(2025, 12, 1), date(2026, 2, 1))


def test_publicity_sums_each_activity_once_by_grid_month_and_topic(world):
    fraud, drowning = seeded_topic("anti_fraud"), seeded_topic("drowning")
    window = {"start": date(2025, 11, 1), "end": date(2026, 3, 1)}
    both = CampaignFactory(area=world.c1, targets=[world.c1], topics=[fraud], **window)
    again = CampaignFactory(area=world.c1, targets=[world.c1], topics=[fraud, drowning], **window)
    other = CampaignFactory(area=world.c2, targets=[world.c2], topics=[fraud], **window)
    ActivityFactory(  # under two anti-fraud campaigns: counted once for the topic
        area=world.ga,
        campaigns=[both, again],
        date=date(2025, 12, 31),
        people_reached=100,
        copies_handed_out=40,
    )
    ActivityFactory(
        area=world.gb,
        campaigns=[both],
        date=date(2026, 1, 2),
        channel=Channel.LECTURE,
        items_pushed=0,
        people_reached=60,
        attendance=55,
    )
    ActivityFactory(  # a leaflet day: the offline measures (the report's 线下 sentence)
        area=world.gb,
        campaigns=[both],
        date=date(2026, 1, 31),
        channel=Channel.LEAFLETS,
        items_pushed=0,
        people_reached=30,
        copies_handed_out=25,
    )
    ActivityFactory(area=world.gb, campaigns=[both], date=date(2026, 2, 1), people_reached=999)
    ActivityFactory(area=world.gc, campaigns=[other], date=date(2026, 1, 3), people_reached=7)
    figures = family("publicity").compute(world.c1, PERIOD)
    assert figures == {
        "activities": 3,
        "items_pushed": 1,
        "copies": 65,
        "reached": 190,
        "attendance": 55,
        "lectures": 1,
        "joint_events": 0,
        "offline_copies": 25,
        "offline_reached": 30,
    }
    by_child = family("publicity").compute(world.c1, PERIOD, by=BY_CHILD)
    assert {k: v["reached"] for k, v in by_child.items()} == {world.ga.pk: 100, world.gb.pk: 90}
    by_month = family("publicity").compute(world.c1, PERIOD, by=BY_MONTH)
    assert {k: v["reached"] for k, v in by_month.items()} == {"2025-12": 100, "2026-01": 90}
    by_topic = family("publicity").compute(world.c1, PERIOD, by=BY_CATEGORY)
    fraud_figures = by_topic[Topic.objects.get(code="anti_fraud").name]
    assert fraud_figures["reached"] == 190
    assert (fraud_figures["offline_copies"], fraud_figures["offline_reached"]) == (25, 30)
    assert by_topic[Topic.objects.get(code="drowning").name]["reached"] == 100
    empty = family("publicity").compute(world.c2, Period(date(2020, 1, 1), date(2020, 2, 1)))
    assert empty["activities"] == 0 and empty["reached"] == 0
    by_grid = family("publicity").compute(world.df, PERIOD, by=BY_GRID)
    assert {k: v["reached"] for k, v in by_grid.items()} == {
        world.ga.pk: 100,
        world.gb.pk: 60,
        world.gc.pk: 7,
    }
