"""Patrol figures computed by the database against a hand count."""

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from patrols.choices import PatrolMode
from patrols.figures import coverage_gaps, guard_post_figures, patrol_figures
from tests.patrols import factories as pf


def _at(day: int, hour: int) -> datetime:
    return timezone.make_aware(datetime(2026, 3, day, hour))


@pytest.fixture
def fixture(world):
    """Hand count:
    team A (grid GA): log 1 foot 2 h, 2 named + 3 extra = 5; log 2 vehicle 1.5 h, 1 named + 0 = 1
    team B (grid GB): log 3 both 3 h, red armband, 0 named + 10 extra = 10
    outside the period: log 4 (team A, April), 1 named + 4 extra.
    """
    a = pf.PatrolTeamFactory(area=world.ga, name="甲队")
    b = pf.PatrolTeamFactory(area=world.gb, name="乙队")
    log1 = pf.PatrolLogFactory(
        team=a, mode=PatrolMode.FOOT, started_at=_at(2, 8), ended_at=_at(2, 10), extra_volunteers=3
    )
    pf.PatrolParticipantFactory(log=log1, user=world.worker_a)
    pf.PatrolParticipantFactory(log=log1, user=None, person=world.person_a)
    log2 = pf.PatrolLogFactory(
        team=a,
        mode=PatrolMode.VEHICLE,
        started_at=_at(5, 19),
        ended_at=_at(5, 19) + timedelta(minutes=90),
    )
    pf.PatrolParticipantFactory(log=log2, user=world.worker_a)
    pf.PatrolLogFactory(
        team=b,
        mode=PatrolMode.BOTH,
        red_armband=True,
        started_at=_at(9, 14),
        ended_at=_at(9, 17),
        extra_volunteers=10,
    )
    park = pf.KeyPlaceFactory(area=world.ga, name="人民公园")
    pf.PatrolStopFactory(log=log1, place=park, reached_at=_at(2, 9))
    pf.PatrolStopFactory(log=log1, place=park, reached_at=_at(2, 9) + timedelta(minutes=40))
    pf.PatrolStopFactory(log=log2, place=park, reached_at=_at(5, 20))
    late = pf.PatrolLogFactory(
        team=a,
        started_at=timezone.make_aware(datetime(2026, 4, 2, 8)),
        ended_at=timezone.make_aware(datetime(2026, 4, 2, 9)),
        extra_volunteers=4,
    )
    pf.PatrolParticipantFactory(log=late, user=world.worker_a)


def test_person_times_and_hours_match_the_hand_count(world, fixture):
    figures = patrol_figures(start=_at(1, 0), end=_at(31, 0))
    assert figures["patrols"] == 3
    assert figures["red_armband"] == 1
    assert figures["person_times"] == 5 + 1 + 10
    assert figures["hours"] == 2 + 1.5 + 3
    assert figures["by_team"] == {
        "甲队": {"patrols": 2, "person_times": 6, "hours": 3.5},
        "乙队": {"patrols": 1, "person_times": 10, "hours": 3.0},
    }
    assert figures["by_mode"]["foot"]["person_times"] == 5
    assert figures["by_area"] == {
        "第一网格": {"patrols": 2, "person_times": 6, "hours": 3.5},
        "第二网格": {"patrols": 1, "person_times": 10, "hours": 3.0},
    }
    # Log 1 reached the park twice: its 5 person-times and 2 hours count once there.
    assert figures["by_place"] == {
        "人民公园": {"patrols": 2, "stops": 3, "person_times": 5 + 1, "hours": 3.5}
    }


def test_the_whole_range_counts_the_april_patrol_too(world, fixture):
    assert patrol_figures()["person_times"] == 16 + 5


def test_figures_obey_scoping(world, fixture):
    from patrols.models import PatrolLog

    mine = patrol_figures(PatrolLog.objects.visible_to(world.worker_b), end=_at(31, 0))
    assert (mine["patrols"], mine["person_times"]) == (1, 10)


def test_the_query_count_does_not_grow_with_the_logs(world, fixture):
    with CaptureQueriesContext(connection) as few:
        patrol_figures()
    team = pf.PatrolTeamFactory(area=world.gc)
    for _ in range(5):
        pf.PatrolParticipantFactory(log=pf.PatrolLogFactory(team=team), user=world.outsider)
    with CaptureQueriesContext(connection) as many:
        patrol_figures()
    assert len(many) == len(few)


def test_coverage_gaps_list_the_places_behind(world):
    behind = pf.KeyPlaceFactory(
        area=world.ga, name="高铁广场", created_at=timezone.now() - timedelta(days=3)
    )
    pf.KeyPlaceFactory(area=world.ga, name="新建广场")
    assert [row.place for row in coverage_gaps()] == [behind]


def test_guard_post_attendance_counts_begun_slots_only(world):
    school = pf.SchoolFactory(area=world.ga)
    now = timezone.make_aware(datetime(2026, 9, 9, 12))
    pf.GuardSlotFactory(school=school, date=date(2026, 9, 8), checked_in_at=now)
    pf.GuardSlotFactory(
        school=school,
        date=date(2026, 9, 8),
        half_day="afternoon",
        starts_at=time(16, 30),
        ends_at=time(17, 30),
    )
    pf.GuardSlotFactory(school=school, date=date(2026, 9, 9), checked_in_at=now)
    pf.GuardSlotFactory(
        school=school,
        date=date(2026, 9, 9),
        half_day="afternoon",
        starts_at=time(16, 30),
        ends_at=time(17, 30),
    )
    assert guard_post_figures(now=now) == {"slots": 3, "checked_in": 2, "attendance_rate": 0.6667}
