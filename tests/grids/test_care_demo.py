"""The care, door-knocking and volunteers demo follows the article and tells a consistent
story: 30+ care services, 90+ rounds with 30+ issues fixed, 5 teams with hours, helpers and
owners from the right community, every state present."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from grids.choices import CareVisitStatus, Role
from grids.demo_care import seed_care
from grids.generic.figures import Period, family
from grids.models import (
    Area,
    CareFile,
    CareVisit,
    DoorKnockIssue,
    DoorKnockRound,
    Notification,
    SelfGovernanceTeam,
    VolunteerHours,
)
from tests.conftest import rolled_back

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with rolled_back(django_db_blocker):
        call_command("seed_demo", stdout=io.StringIO())
        yield


def _year():
    today = timezone.localdate()
    return Period(today - timedelta(days=365), today + timedelta(days=1))


def test_the_article_figures_come_out(demo):
    root = Area.objects.get(code="DF")
    care = family("care").compute(root, _year())
    assert care["care_visits"] >= 30 and care["overdue_visits"] >= 1
    knocks = family("door_knocking").compute(root, _year())
    assert knocks["rounds"] >= 90 and knocks["issues_fixed"] >= 30
    assert SelfGovernanceTeam.objects.filter(name="银晖工作室").exists()
    assert SelfGovernanceTeam.objects.count() == 5
    volunteers = family("volunteers").compute(root, _year())
    assert volunteers["volunteer_hours"] > 0 and volunteers["teams"] == 5


def test_every_state_is_present_and_the_overdue_visit_has_its_one_alert(demo):
    assert set(CareFile.objects.values_list("status", flat=True)) == {"active", "closed"}
    assert set(CareVisit.objects.values_list("status", flat=True)) == {
        "planned",
        "done",
        "cancelled",
    }
    late = CareVisit.objects.overdue()
    assert late.count() == 1
    assert Notification.objects.filter(kind="care_visit_overdue").count() == 1
    assert CareVisit.objects.filter(systolic__isnull=False).exists()
    statuses = set(DoorKnockIssue.objects.values_list("request__status", flat=True))
    assert "resolved" in statuses and len(statuses) > 1


def test_helpers_and_round_workers_belong_to_the_right_grid(demo):
    for care_file in CareFile.objects.select_related("helper_user", "helper_person__area", "area"):
        grid = care_file.area.parent
        if care_file.helper_user:
            assert care_file.helper_user.assignments.filter(
                role=Role.GRID_WORKER, area=grid
            ).exists()
        else:
            assert care_file.helper_person.area.parent_id == grid.pk
    for round_ in DoorKnockRound.objects.prefetch_related("participants__assignments"):
        assert all(
            any(a.area_id == round_.grid_id for a in user.assignments.all())
            for user in round_.participants.all()
        )


def test_rounds_are_dated_with_their_requests_which_are_resolved_later(demo):
    for issue in DoorKnockIssue.objects.select_related("round", "request"):
        request = issue.request
        assert timezone.localdate(request.created_at) == issue.round.date
        assert request.grid_id == issue.round.grid_id
        if request.resolved_at:
            assert request.resolved_at > request.created_at
    assert all(
        v.visited_on <= timezone.localdate() for v in CareVisit.objects.filter(status="done")
    )
    assert VolunteerHours.objects.filter(activity_kind="care_visit").exists()


def test_a_second_run_changes_nothing(demo):
    before = (
        CareFile.objects.count(),
        DoorKnockRound.objects.count(),
        VolunteerHours.objects.count(),
    )
    assert seed_care(Area.objects.get(code="DF")) == {}
    after = (
        CareFile.objects.count(),
        DoorKnockRound.objects.count(),
        VolunteerHours.objects.count(),
    )
    assert before == after
    assert CareVisit.objects.filter(status=CareVisitStatus.PLANNED).count() >= 10
