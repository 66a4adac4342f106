"""The patrol demo is shaped like the article and reads in time order; a second run adds nothing."""

import io
import time

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from grids.models import Area
from patrols.actions.places import coverage
from patrols.demo import seed_patrols
from patrols.figures import guard_post_figures, patrol_figures
from patrols.models import GuardSlot, KeyPlace, PatrolLog, PatrolTeam, School
from tests.conftest import rolled_back

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with rolled_back(django_db_blocker):
        call_command("seed_demo", stdout=io.StringIO())
        yield


def test_nine_teams_the_named_places_and_1000_person_times(demo):
    assert PatrolTeam.objects.count() == 9
    names = set(KeyPlace.objects.values_list("name", flat=True))
    assert {"高铁广场", "人民公园"} <= names
    assert KeyPlace.objects.filter(kind="school").count() == 9
    figures = patrol_figures()
    assert figures["person_times"] >= 1000
    assert len(figures["by_team"]) == 9


def test_patrols_are_in_the_past_and_in_time_order(demo):
    now = timezone.now()
    rows = list(PatrolLog.objects.order_by("pk").values_list("started_at", "ended_at"))
    starts = [start for start, _end in rows]
    assert starts == sorted(starts)
    assert all(start < end < now for start, end in rows)
    first = timezone.localdate(starts[0])
    assert (timezone.localdate() - first).days >= 355


def test_the_square_is_on_time_and_the_guard_rota_covers_the_term(demo):
    (square,) = coverage(KeyPlace.objects.filter(name="高铁广场"))
    assert not square.behind
    assert School.objects.count() == 9
    assert GuardSlot.objects.filter(date__week_day__in=[1, 7]).count() == 0
    attendance = guard_post_figures()
    assert attendance["slots"] > 0 and 0.8 < attendance["attendance_rate"] < 1


def test_a_second_run_adds_nothing(demo):
    count = PatrolLog.objects.count()
    assert seed_patrols(Area.objects.get(code="DF")) == 0
    assert PatrolLog.objects.count() == count


class _Undo(Exception):
    pass


def test_the_patrol_seed_takes_seconds(demo):
    from patrols import models as m

    with pytest.raises(_Undo), transaction.atomic():
        for model in (m.Finding, m.PatrolLog, m.School, m.SchoolTerm, m.PatrolTeam, m.KeyPlace):
            model.objects.all().delete()
        started = time.monotonic()
        assert seed_patrols(Area.objects.get(code="DF")) > 400
        elapsed = time.monotonic() - started
        raise _Undo
    assert elapsed < 8


def test_one_guard_post_shows_a_swap_made_by_community_staff(demo):
    from patrols.models import GuardDuty

    (swapped_a, swapped_b) = GuardDuty.objects.filter(swapped_by__isnull=False)
    assert swapped_a.swapped_by.assignments.filter(role="community_staff").exists()
    assert swapped_a.slot.school_id == swapped_b.slot.school_id
    assert swapped_a.slot.date > timezone.localdate()
