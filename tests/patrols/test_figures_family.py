"""The patrols family against a hand-counted fixture over a year end."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from grids.generic.figures import BY_CATEGORY, BY_CHILD, BY_MONTH, Period, family
from patrols.choices import PatrolMode
from patrols.models import KeyPlace
from tests.patrols.factories import (
    GuardSlotFactory,
    KeyPlaceFactory,
    PatrolLogFactory,
    PatrolParticipantFactory,
    PatrolTeamFactory,
    SchoolFactory,
)

PERIOD = Period(date(2025, 12, 1), date(2026, 2, 1))


def local(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def test_patrols_count_person_times_hours_and_guard_posts(world):
    team_a = PatrolTeamFactory(area=world.ga)
    team_c1 = PatrolTeamFactory(area=world.c1)  # a community team: no grid child
    team_c = PatrolTeamFactory(area=world.gc)
    first = PatrolLogFactory(
        team=team_a, started_at=local(2025, 12, 31, 22), red_armband=True, extra_volunteers=3
    )
    PatrolParticipantFactory(log=first)
    PatrolParticipantFactory(log=first)
    PatrolLogFactory(
        team=team_c1,
        mode=PatrolMode.VEHICLE,
        started_at=local(2026, 1, 9, 8),
        ended_at=local(2026, 1, 9, 9, 30),
        extra_volunteers=1,
    )
    PatrolLogFactory(team=team_a, started_at=local(2026, 2, 1, 0, 0), extra_volunteers=9)
    PatrolLogFactory(team=team_c, started_at=local(2026, 1, 3, 8), extra_volunteers=9)
    school = SchoolFactory(area=world.gb)
    GuardSlotFactory(school=school, date=date(2026, 1, 5), checked_in_at=local(2026, 1, 5, 7))
    GuardSlotFactory(school=school, date=date(2026, 1, 6))
    # Never patrolled since they were put on the list two days ago: behind now.
    for place in (KeyPlaceFactory(area=world.ga), KeyPlaceFactory(area=world.gc)):
        KeyPlace.objects.filter(pk=place.pk).update(created_at=timezone.now() - timedelta(days=2))
    KeyPlaceFactory(area=world.gb)  # new today: not yet due
    figures = family("patrols").compute(world.c1, PERIOD)
    assert figures == {
        "patrols": 2,
        "person_times": 2 + 3 + 1,  # two named and three extra, then one extra
        "hours": 3.5,
        "red_armband": 1,
        "coverage_gaps": 1,
        "guard_attendance_rate": 0.5,
    }
    by_month = family("patrols").compute(world.c1, PERIOD, by=BY_MONTH)
    assert by_month["2025-12"]["person_times"] == 5  # 22:00 on New Year's Eve, local
    assert by_month["2026-01"]["patrols"] == 1
    by_child = family("patrols").compute(world.c1, PERIOD, by=BY_CHILD)
    assert by_child[world.ga.pk]["person_times"] == 5
    assert by_child[world.ga.pk]["coverage_gaps"] == 1
    assert by_child[world.gb.pk]["guard_attendance_rate"] == 0.5
    by_mode = family("patrols").compute(world.c1, PERIOD, by=BY_CATEGORY)
    assert by_mode[str(PatrolMode.VEHICLE.label)]["hours"] == 1.5
    assert by_mode[str(PatrolMode.FOOT.label)]["person_times"] == 5
    overdue = family("patrols").overdue(world.c1, timezone.now())
    assert [row["area"] for row in overdue] == [str(world.ga)]


def test_no_patrols_give_zeros_and_no_attendance_rate(world):
    figures = family("patrols").compute(world.c2, PERIOD)
    assert figures["patrols"] == 0
    assert figures["hours"] == 0
    assert figures["guard_attendance_rate"] is None
