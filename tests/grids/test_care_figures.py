"""The care, door_knocking and volunteers figure families against hand-counted fixtures: a
period across a year end, zero denominators, and a community never counting another's rows."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from grids.actions.door_knocking import report_issue
from grids.actions.requests import accept_request, resolve_request
from grids.actions.volunteers import record_volunteer_hours
from grids.choices import CareVisitKind, CareVisitStatus, PersonKind, VolunteerActivityKind
from grids.generic.figures import BY_CATEGORY, BY_CHILD, BY_MONTH, Period, families, family
from grids.models import CareFile, CareVisit, RequestCategory
from tests.grids import factories as gf

PERIOD = Period(date(2025, 12, 1), date(2026, 2, 1))
EMPTY = Period(date(2000, 1, 1), date(2000, 2, 1))


def test_the_three_families_are_registered_in_self_governance():
    names = {f.name for f in families("self_governance")}
    assert {"care", "door_knocking", "volunteers"} <= names


# ---- care ----


def _file(area, opened: date, **fields) -> CareFile:
    care_file = gf.CareFileFactory(area=area, opened_on=opened, **fields)
    return care_file


def _due(care_file: CareFile, due: date) -> None:
    CareVisit.objects.filter(care_file=care_file, status=CareVisitStatus.PLANNED).update(due_on=due)


def _visit(care_file, day: date, kind=CareVisitKind.MEAL):
    gf.CareVisitFactory(care_file=care_file, visited_on=day, kind=kind)


@pytest.fixture
def care(world):
    today = timezone.localdate()
    f1 = _file(world.ba1, date(2025, 11, 1))
    _visit(f1, date(2025, 11, 20))  # before the period
    _visit(f1, date(2025, 12, 10))
    _visit(f1, date(2026, 1, 5), CareVisitKind.HEALTH_CHECK)
    _due(f1, today - timedelta(days=2))  # overdue now
    f2 = _file(world.bb1, date(2026, 1, 10))
    _due(f2, today + timedelta(days=3))
    f3 = _file(world.bb1, date(2026, 3, 1))  # opened after the period
    _due(f3, today + timedelta(days=3))
    f4 = _file(world.bb1, date(2025, 10, 1))
    CareFile.objects.filter(pk=f4.pk).update(status="closed")
    CareVisit.objects.filter(care_file=f4).update(status=CareVisitStatus.CANCELLED)
    g1 = _file(world.bc1, date(2025, 10, 1))  # another community
    _visit(g1, date(2025, 12, 15))
    _due(g1, today - timedelta(days=1))
    return world


def test_care_figures_for_a_community_and_the_subdistrict(care):
    world = care
    figures = family("care")
    assert figures.compute(world.c1, PERIOD) == {
        "care_files": 2,
        "care_visits": 2,
        "residents_visited": 1,
        "visit_coverage": 0.5,
        "overdue_visits": 1,
    }
    assert figures.compute(world.df, PERIOD) == {
        "care_files": 3,
        "care_visits": 3,
        "residents_visited": 2,
        "visit_coverage": 0.6667,
        "overdue_visits": 2,
    }
    assert figures.compute(world.c2, EMPTY)["visit_coverage"] is None  # no file: no base
    assert figures.compute(world.c2, EMPTY)["care_files"] == 0


def test_care_figures_by_child_month_and_kind(care, django_assert_max_num_queries):
    world = care
    figures = family("care")
    with django_assert_max_num_queries(4):  # the children, then one grouped query per table
        by_child = figures.compute(world.c1, PERIOD, by=BY_CHILD)
    assert by_child[world.ga.pk] == {
        "care_files": 1,
        "care_visits": 2,
        "residents_visited": 1,
        "visit_coverage": 1.0,
        "overdue_visits": 1,
    }
    assert by_child[world.gb.pk]["care_files"] == 1
    assert by_child[world.gb.pk]["visit_coverage"] == 0.0
    by_month = figures.compute(world.c1, PERIOD, by=BY_MONTH)
    assert [
        (m, r["care_files"], r["care_visits"], r["visit_coverage"]) for m, r in by_month.items()
    ] == [
        ("2025-12", 1, 1, 1.0),
        ("2026-01", 2, 1, 0.5),
    ]
    by_kind = figures.compute(world.c1, PERIOD, by=BY_CATEGORY)
    assert by_kind == {
        str(CareVisitKind.MEAL.label): {"care_visits": 1, "residents_visited": 1},
        str(CareVisitKind.HEALTH_CHECK.label): {"care_visits": 1, "residents_visited": 1},
    }


def test_care_overdue_lists_the_subtrees_late_visits_masked(care):
    world = care
    items = family("care").overdue(world.c1, timezone.now())
    assert len(items) == 1
    assert items[0]["url"].startswith("/care-files/")
    assert "*" in items[0]["label"]


# ---- door-knocking ----


def _round(grid, day: date, households: int, issues: int = 0, fixed: int = 0, by=None):
    round_ = gf.DoorKnockRoundFactory(grid=grid, date=day, households_visited=households)
    clutter = RequestCategory.objects.get(code="corridor-clutter")
    for n in range(issues):
        request = report_issue(round_, by=by, category=clutter, description="楼道堆物")
        if n < fixed:
            accept_request(request, by=by)
            resolve_request(request, by=by, resolution="已清理")
    return round_


def test_door_knocking_figures_across_the_year_end(world, django_assert_max_num_queries):
    _round(world.ga, date(2025, 12, 31), 30, issues=2, fixed=1, by=world.worker_a)
    _round(world.ga, date(2026, 1, 1), 20)
    _round(world.ga, date(2025, 11, 30), 10, issues=1, by=world.worker_a)  # before
    _round(world.gc, date(2026, 1, 15), 50, issues=1, fixed=1, by=world.admin)
    figures = family("door_knocking")
    assert figures.compute(world.c1, PERIOD) == {
        "rounds": 2,
        "households": 50,
        "issues_found": 2,
        "issues_fixed": 1,
    }
    assert figures.compute(world.df, PERIOD) == {
        "rounds": 3,
        "households": 100,
        "issues_found": 3,
        "issues_fixed": 2,
    }
    # The children, a grouped query per summary, and (outside an overview, which reads
    # them once: summaries.reading()) how far each of the two summaries reaches.
    with django_assert_max_num_queries(5):
        by_child = figures.compute(world.df, PERIOD, by=BY_CHILD)
    assert by_child == {
        world.c1.pk: {"rounds": 2, "households": 50, "issues_found": 2, "issues_fixed": 1},
        world.c2.pk: {"rounds": 1, "households": 50, "issues_found": 1, "issues_fixed": 1},
    }
    assert figures.compute(world.c1, PERIOD, by=BY_MONTH) == {
        "2025-12": {"rounds": 1, "households": 30, "issues_found": 2, "issues_fixed": 1},
        "2026-01": {"rounds": 1, "households": 20, "issues_found": 0, "issues_fixed": 0},
    }
    assert figures.compute(world.c1, PERIOD, by=BY_CATEGORY) == {
        "楼道堆物": {"issues_found": 2, "issues_fixed": 1}
    }
    assert figures.compute(world.c2, EMPTY) == {
        "rounds": 0,
        "households": 0,
        "issues_found": 0,
        "issues_fixed": 0,
    }


# ---- volunteers ----


def test_volunteer_figures_across_the_year_end(world):
    v1 = gf.PersonFactory(area=world.ba1, kind=PersonKind.VOLUNTEER)
    v2 = gf.PersonFactory(area=world.bb1, kind=PersonKind.VOLUNTEER)
    v3 = gf.PersonFactory(area=world.bc1, kind=PersonKind.VOLUNTEER)
    for person, day, hours in (
        (v1, date(2025, 12, 31), "2"),
        (v1, date(2026, 1, 1), "1.5"),
        (v1, date(2025, 11, 30), "5"),  # before the period
        (v2, date(2026, 1, 20), "3"),
        (v3, date(2026, 1, 10), "4"),
    ):
        record_volunteer_hours(
            person, hours=hours, activity_kind="team_activity", date=day, by=world.admin
        )
    gf.SelfGovernanceTeamFactory(area=world.ga, founded_on=date(2025, 6, 1))
    gf.SelfGovernanceTeamFactory(area=world.c1, founded_on=date(2026, 3, 1))  # after
    gf.SelfGovernanceTeamFactory(area=world.gb, is_active=False)
    gf.SelfGovernanceTeamFactory(area=world.gc, founded_on=date(2025, 1, 1))
    figures = family("volunteers")
    assert figures.compute(world.c1, PERIOD) == {
        "volunteer_hours": 6.5,
        "volunteers": 2,
        "teams": 1,
    }
    assert figures.compute(world.df, PERIOD) == {
        "volunteer_hours": 10.5,
        "volunteers": 3,
        "teams": 2,
    }
    assert figures.compute(world.df, PERIOD, by=BY_CHILD) == {
        world.c1.pk: {"volunteer_hours": 6.5, "volunteers": 2, "teams": 1},
        world.c2.pk: {"volunteer_hours": 4.0, "volunteers": 1, "teams": 1},
    }
    assert figures.compute(world.c1, PERIOD, by=BY_MONTH) == {
        "2025-12": {"volunteer_hours": 2.0, "volunteers": 1, "teams": 1},
        "2026-01": {"volunteer_hours": 4.5, "volunteers": 2, "teams": 1},
    }
    label = str(VolunteerActivityKind.TEAM_ACTIVITY.label)
    assert figures.compute(world.c1, PERIOD, by=BY_CATEGORY) == {
        label: {"volunteer_hours": 6.5, "volunteers": 2, "teams": 0}
    }
    assert figures.compute(world.c2, EMPTY) == {"volunteer_hours": 0.0, "volunteers": 0, "teams": 0}
    assert Decimal("6.5") == Decimal(str(figures.compute(world.c1, PERIOD)["volunteer_hours"]))
