"""The `deliberation` figures family against a fixture counted by hand: a period across a
year end, zero bases, children and months, a community never counting another's rows."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from grids.actions import deliberation as act
from grids.choices import Role
from grids.generic.figures import BY_CHILD, BY_MONTH, Period, family
from tests.conftest import make_user


def at(*parts) -> datetime:
    return timezone.make_aware(datetime(*parts, 10, 0))


def _loop(world, area, raised, accepted, decided, done, *, who):
    """A matter through the loop on the given days (each a (y, m, d) tuple; None stops)."""
    m = act.raise_matter(area=area, title="线路改造", description="说明", at=at(*raised))
    if accepted:
        act.accept_matter(m, by=who, at=at(*accepted))
    if decided:
        act.record_meeting(
            m,
            by=who,
            held_on=date(*decided),
            minutes="议事",
            decision="改造",
            responsible_bodies="物业",
            at=at(*decided),
        )
    if done:
        act.add_milestone(
            m, by=who, title="完工", progress=100, reached_on=date(*done), at=at(*done)
        )
    return m


@pytest.fixture
def hall(world):
    """C1: A (GA) raised 2025-12-20, accepted 12-22, decided 2026-01-05, done 01-20, rated 5★
    by its code on 01-25; B (GB) raised 01-10, accepted 01-11, decided 01-15, done 02-10,
    rated 3★ by a resident on 02-12; C (GA) raised 01-03 and declined.
    C2: D (GC) the whole loop in January 2026, rated 1★."""
    a = _loop(world, world.ba1, (2025, 12, 20), (2025, 12, 22), (2026, 1, 5), (2026, 1, 20),
              who=world.worker_a)  # fmt: skip
    act.rate_matter(a, stars=5, by_tracking_code=True, at=at(2026, 1, 25))
    b = _loop(world, world.bb1, (2026, 1, 10), (2026, 1, 11), (2026, 1, 15), (2026, 2, 10),
              who=world.worker_b)  # fmt: skip
    neighbour = make_user("volunteer_b", Role.VOLUNTEER, world.gb)
    act.rate_matter(b, stars=3, user=neighbour, at=at(2026, 2, 12))
    c = _loop(world, world.ga, (2026, 1, 3), None, None, None, who=world.worker_a)
    act.decline_matter(c, by=world.worker_a, reason="不属议事范围", at=at(2026, 1, 4))
    d = _loop(world, world.bc1, (2026, 1, 2), (2026, 1, 3), (2026, 1, 6), (2026, 1, 9),
              who=world.street_official)  # fmt: skip
    act.rate_matter(d, stars=1, by_tracking_code=True, at=at(2026, 1, 12))
    for name in ("df", "c1", "c2", "ga", "gb"):  # their tree numbers as they now stand
        getattr(world, name).refresh_from_db()
    return world


WINTER = Period(date(2025, 12, 1), date(2026, 2, 1))


def test_the_family_is_registered_for_the_dashboards():
    names = {m.key for m in family("deliberation").measures}
    assert names >= {
        "raised",
        "accepted",
        "deliberated",
        "done",
        "evaluated",
        "satisfaction",
        "projects_done",
    }


def test_a_community_over_a_year_end(hall, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        figures = family("deliberation").compute(hall.c1, WINTER)
    assert figures == {
        "raised": 3,
        "accepted": 2,
        "deliberated": 2,
        "done": 1,
        "evaluated": 1,
        "satisfaction": 5.0,
        "projects_done": 1,
    }


def test_the_next_month_and_the_running_total(hall):
    figures = family("deliberation").compute(hall.c1, Period(date(2026, 2, 1), date(2026, 3, 1)))
    assert figures == {
        "raised": 0,
        "accepted": 0,
        "deliberated": 0,
        "done": 1,
        "evaluated": 1,
        "satisfaction": 3.0,
        "projects_done": 2,
    }


def test_a_period_without_rows_has_zeros_and_no_satisfaction(hall):
    figures = family("deliberation").compute(hall.c1, Period(date(2025, 6, 1), date(2025, 7, 1)))
    assert figures == dict.fromkeys(
        ["raised", "accepted", "deliberated", "done", "evaluated", "projects_done"], 0
    ) | {"satisfaction": None}


def test_the_sub_district_counts_both_communities(hall):
    figures = family("deliberation").compute(hall.df, WINTER)
    assert (figures["raised"], figures["done"], figures["evaluated"]) == (4, 2, 2)
    assert figures["satisfaction"] == 3.0  # (5 + 1) / 2
    assert family("deliberation").compute(hall.c2, WINTER)["satisfaction"] == 1.0


def test_by_child_and_by_month(hall, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        children = family("deliberation").compute(hall.c1, WINTER, by=BY_CHILD)
    assert children == {
        hall.ga.pk: {
            "raised": 2,
            "accepted": 1,
            "deliberated": 1,
            "done": 1,
            "evaluated": 1,
            "satisfaction": 5.0,
            "projects_done": 1,
        },
        hall.gb.pk: {
            "raised": 1,
            "accepted": 1,
            "deliberated": 1,
            "done": 0,
            "evaluated": 0,
            "satisfaction": None,
            "projects_done": 0,
        },
    }
    months = family("deliberation").compute(hall.c1, WINTER, by=BY_MONTH)
    assert list(months) == ["2025-12", "2026-01"]
    assert months["2025-12"] | {} == {
        "raised": 1,
        "accepted": 1,
        "deliberated": 0,
        "done": 0,
        "evaluated": 0,
        "satisfaction": None,
        "projects_done": 0,
    }
    assert months["2026-01"] == {
        "raised": 2,
        "accepted": 1,
        "deliberated": 2,
        "done": 1,
        "evaluated": 1,
        "satisfaction": 5.0,
        "projects_done": 1,
    }
