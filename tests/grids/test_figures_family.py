"""The organisation and requests families against a hand-counted fixture.

The period runs over a year end (December 2025 and January 2026, local time); rows just
outside it on both sides must not count, and C2's rows never count for C1.
"""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from grids.choices import PersonKind, RequestStatus, Role
from grids.generic.figures import (
    BY_CATEGORY,
    BY_CHILD,
    BY_GRID,
    BY_MONTH,
    Period,
    families,
    family,
)
from grids.models import Assignment, Person, RequestCategory, ServiceRequest
from tests.grids.factories import ServicePointFactory, ServiceRequestFactory, ServiceTeamFactory

PERIOD = Period(date(2025, 12, 1), date(2026, 2, 1))


def local(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def filed(area, created, **state) -> ServiceRequest:
    request = ServiceRequestFactory(area=area)
    deadlines = {
        "response_due_at": created + timedelta(hours=2),
        "resolve_due_at": created + timedelta(days=3),
    }
    ServiceRequest.objects.filter(pk=request.pk).update(created_at=created, **deadlines, **state)
    return request


@pytest.fixture
def requests_world(world):
    start = local(2025, 12, 10, 9)
    filed(  # GA, December: accepted and resolved on time, 5 stars
        world.ga,
        start,
        status=RequestStatus.RESOLVED,
        accepted_at=start + timedelta(minutes=30),
        resolved_at=start + timedelta(days=1),
        rating=5,
    )
    late = local(2026, 1, 15, 9)
    filed(  # GA, January: accepted late, resolved late, 3 stars
        world.ga,
        late,
        status=RequestStatus.RESOLVED,
        accepted_at=late + timedelta(hours=5),
        resolved_at=late + timedelta(days=9),
        rating=3,
    )
    filed(world.bb1, local(2026, 1, 20, 9), status=RequestStatus.REJECTED)  # GB, spam
    filed(world.ga, local(2026, 1, 31, 23, 59))  # GA, last minute, new: overdue now
    filed(  # GB, one minute before the period: not received in it
        world.gb,
        local(2025, 11, 30, 23, 59),
        status=RequestStatus.RESOLVED,
        accepted_at=local(2025, 12, 1, 0, 30),
        resolved_at=local(2025, 12, 2),
    )
    filed(world.gb, local(2026, 2, 1, 0, 0), status=RequestStatus.RESOLVED)  # the day after
    filed(  # C2: never C1's
        world.gc,
        local(2026, 1, 5, 9),
        status=RequestStatus.RESOLVED,
        accepted_at=local(2026, 1, 5, 10),
        resolved_at=local(2026, 1, 6),
        rating=1,
    )
    return world


def test_the_grids_app_registers_organisation_and_requests_in_their_sections():
    names = [f.name for f in families()]
    assert {"organisation", "requests"} <= set(names)
    assert names.index("organisation") < names.index("requests")
    league = [m.key for m in family("requests").measures if m.league]
    assert league == ["completion_rate", "on_time_response_rate", "avg_rating"]


def test_a_community_counts_its_own_requests_of_the_period_only(requests_world):
    figures = family("requests").compute(requests_world.c1, PERIOD)
    assert figures == {
        "received": 4,  # two resolved, one rejected, one new; not the two outside the period
        "closed": 2,
        "completion_rate": round(2 / 3, 4),  # base: 4 received − 1 rejected − 0 deferred
        "on_time_completion_rate": round(1 / 3, 4),
        "on_time_response_rate": round(1 / 3, 4),  # three accepted or past due, one on time
        "avg_rating": 4.0,
        "overdue_now": 1,
    }


def test_the_sub_district_adds_the_other_community(requests_world):
    figures = family("requests").compute(requests_world.df, PERIOD)
    assert figures["received"] == 5
    assert figures["closed"] == 3
    assert figures["avg_rating"] == 3.0


def test_by_child_names_each_grid_and_sums_to_the_total(requests_world):
    rows = family("requests").compute(requests_world.c1, PERIOD, by=BY_CHILD)
    assert set(rows) == {requests_world.ga.pk, requests_world.gb.pk}
    assert rows[requests_world.ga.pk]["received"] == 3
    assert rows[requests_world.gb.pk]["received"] == 1
    assert rows[requests_world.gb.pk]["completion_rate"] is None  # 1 received − 1 rejected
    assert sum(row["received"] for row in rows.values()) == 4
    communities = family("requests").compute(requests_world.df, PERIOD, by=BY_CHILD)
    assert {k: v["received"] for k, v in communities.items()} == {
        requests_world.c1.pk: 4,
        requests_world.c2.pk: 1,
    }


def test_a_grid_breaks_down_by_its_buildings(requests_world):
    rows = family("requests").compute(requests_world.gb, PERIOD, by=BY_CHILD)
    assert {k: v["received"] for k, v in rows.items()} == {requests_world.bb1.pk: 1}


def test_by_month_runs_over_the_year_end_in_local_time(requests_world):
    rows = family("requests").compute(requests_world.c1, PERIOD, by=BY_MONTH)
    assert list(rows) == ["2025-12", "2026-01"]
    assert rows["2025-12"]["received"] == 1
    assert rows["2026-01"]["received"] == 3  # 23:59 on 31 January is still January


def test_by_category_is_keyed_by_the_category_name(requests_world):
    rows = family("requests").compute(requests_world.c1, PERIOD, by=BY_CATEGORY)
    assert rows == {
        RequestCategory.objects.get(code="repair").name: family("requests").compute(
            requests_world.c1, PERIOD
        )
    }


def test_no_requests_give_zeros_and_no_rates(world):
    figures = family("requests").compute(world.c2, PERIOD)
    assert figures["received"] == 0
    assert figures["completion_rate"] is None
    assert figures["on_time_response_rate"] is None
    assert figures["avg_rating"] is None


def test_overdue_lists_the_requests_waiting_past_their_deadline(requests_world):
    rows = family("requests").overdue(requests_world.c1, timezone.now())
    assert len(rows) == 1
    assert rows[0]["area"] == str(requests_world.ga)
    assert family("requests").overdue(requests_world.c2, timezone.now()) == []


def test_organisation_counts_the_tree_and_its_people(world):
    Assignment.objects.create(user=world.worker_a, role=Role.GRID_WORKER, area=world.ba1)
    Person.objects.create(name="王五", area=world.bb1, kind=PersonKind.BUILDING_HEAD)
    Person.objects.create(name="钱六", area=world.bc1, kind=PersonKind.VOLUNTEER)
    ServiceTeamFactory(area=world.c1)
    ServicePointFactory(area=world.ga)
    ServicePointFactory(area=world.gc)
    c1 = family("organisation").compute(world.c1, PERIOD)
    assert c1 == {
        "communities": 0,
        "grids": 2,
        "buildings": 2,
        "grid_workers": 2,  # worker_a twice (grid and building) counts once
        "volunteers": 2,  # person_a (volunteer) and the building head
        "service_teams": 1,
        "red_stations": 1,
    }
    df = family("organisation").compute(world.df, PERIOD)
    assert (df["communities"], df["grids"], df["buildings"], df["volunteers"]) == (2, 3, 3, 3)
    rows = family("organisation").compute(world.df, PERIOD, by=BY_CHILD)
    assert rows[world.c1.pk]["communities"] == 1  # the child itself
    assert rows[world.c2.pk] == {
        "communities": 1,
        "grids": 1,
        "buildings": 1,
        "grid_workers": 0,
        "volunteers": 1,
        "service_teams": 0,
        "red_stations": 1,
    }
    assert family("organisation").compute(world.df, PERIOD, by=BY_MONTH) == {}


def test_by_grid_reaches_every_grid_of_a_sub_district(requests_world):
    rows = family("requests").compute(requests_world.df, PERIOD, by=BY_GRID)
    assert {k: v["received"] for k, v in rows.items()} == {
        requests_world.ga.pk: 3,
        requests_world.gb.pk: 1,
        requests_world.gc.pk: 1,
    }
