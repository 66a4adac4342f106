"""Volunteer hours through one function, self-governance teams, a volunteer's history page."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from grids.actions.volunteers import record_volunteer_hours
from grids.choices import PersonKind
from grids.models import VolunteerHours
from patrols.actions.logs import stop_patrol
from patrols.choices import PatrolStatus
from tests.grids import factories as gf
from tests.patrols import factories as patf


@pytest.fixture
def volunteer(world):
    return gf.PersonFactory(area=world.ba1, kind=PersonKind.VOLUNTEER, name="周红")


def test_the_same_activity_recorded_twice_keeps_one_row_with_the_new_hours(world, volunteer):
    visit = gf.CareVisitFactory(care_file=gf.CareFileFactory(area=world.ba1))
    for hours in ("1", "1.5"):
        record_volunteer_hours(
            volunteer,
            hours=hours,
            activity_kind="care_visit",
            activity=visit,
            date=timezone.localdate(),
            by=world.worker_a,
        )
    assert list(VolunteerHours.objects.values_list("hours", flat=True)) == [Decimal("1.5")]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"hours": "0"}, "hours"),
        ({"hours": "25"}, "hours"),
        ({"hours": "abc"}, "hours"),
        ({"date": date(2150, 1, 1)}, "date"),
        ({"date": "TOMORROW"}, "date"),
        ({"activity_kind": "napping"}, "activity_kind"),
    ],
)
def test_bad_hours_are_refused_on_their_field(world, volunteer, fields, field):
    if fields.get("date") == "TOMORROW":
        fields = {"date": timezone.localdate() + timedelta(days=1)}
    data = {"hours": "2", "activity_kind": "team_activity", "date": timezone.localdate(), **fields}
    with pytest.raises(ValidationError) as raised:
        record_volunteer_hours(volunteer, by=world.worker_a, **data)
    assert field in raised.value.message_dict
    assert not VolunteerHours.objects.exists()


def test_the_page_records_a_teams_activity_and_refuses_bad_hours(world, volunteer, as_user):
    team = gf.SelfGovernanceTeamFactory(area=world.ga, name="银晖工作室", members=[volunteer])
    client = as_user(world.worker_a)
    data = {
        "person": volunteer.pk,
        "date": timezone.localdate().isoformat(),
        "hours": "3",
        "activity_kind": "team_activity",
        "team": team.pk,
        "description": "陪老人理发",
    }
    bad = client.post("/volunteers/hours/add/", {**data, "hours": "30"})
    assert bad.status_code == 400 and bad.context["form"].errors["hours"]
    assert not VolunteerHours.objects.exists()
    response = client.post("/volunteers/hours/add/", data)
    assert response.status_code == 302
    assert response["Location"] == f"/volunteers/{volunteer.pk}/"
    team_page = client.get(team.get_absolute_url()).content.decode()
    assert "周红" in team_page and "3.0" in team_page


def test_a_volunteers_history_shows_each_activity_and_the_total_per_year(world, volunteer, as_user):
    for day, hours in (
        (date(2025, 12, 30), "2"),
        (date(2026, 1, 3), "1.5"),
        (date(2026, 2, 1), "3"),
    ):
        record_volunteer_hours(
            volunteer, hours=hours, activity_kind="team_activity", date=day, by=world.worker_a
        )
    body = as_user(world.worker_a).get(f"/volunteers/{volunteer.pk}/").content.decode()
    years = body.split('id="years"')[1].split("</table>")[0]
    assert "2026" in years and "4.5" in years
    assert "2025" in years and "2.0" in years
    assert body.count("<tr><td data-label") >= 5  # 2 years + 3 activities


def test_a_finished_patrol_records_its_volunteers_hours_once(world, volunteer):
    log = patf.PatrolLogFactory(
        team=patf.PatrolTeamFactory(area=world.ga),
        status=PatrolStatus.OPEN,
        started_at=timezone.now() - timedelta(hours=2),
        ended_at=None,
    )
    patf.PatrolParticipantFactory(log=log, person=volunteer, user=None)
    stop_patrol(log, by=world.worker_a)
    stop_patrol(log, by=world.worker_a)  # a retried stop
    row = VolunteerHours.objects.get()
    assert (row.person, row.activity, row.activity_kind, row.hours) == (
        volunteer,
        log,
        "patrol",
        Decimal("2.0"),
    )
