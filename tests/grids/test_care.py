"""Care files (帮扶档案): restricted, masked in lists, every read audited; visits recorded by the
helper; bad input refused on its field with nothing saved; the overdue alert goes out once."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from grids.actions.care import record_care_visit, sweep_overdue_care_visits
from grids.choices import CareVisitStatus, PersonKind, Role
from grids.models import AuditEntry, CareFile, CareVisit, Notification, VolunteerHours
from grids.tasks import care_visit_alerts_task
from tests.conftest import make_user
from tests.grids import factories as gf

TODAY = timezone.localdate


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _reads(care_file) -> int:
    return AuditEntry.objects.filter(
        model="grids.carefile", object_id=str(care_file.pk), action="view"
    ).count()


@pytest.fixture
def care(world):
    """A file in GA helped by worker_a, and one in GC (another community)."""
    mine = gf.CareFileFactory(
        area=world.ba1, person=world.person_a, helper_user=world.worker_a, helper_person=None
    )
    theirs = gf.CareFileFactory(area=world.bc1, person=world.person_c)
    return mine, theirs


def _overdue(care_file, days: int = 3) -> CareVisit:
    planned = care_file.visits.get(status=CareVisitStatus.PLANNED)
    CareVisit.objects.filter(pk=planned.pk).update(due_on=TODAY() - timedelta(days=days))
    return planned


# ---- the overdue alert ----


def test_an_overdue_planned_visit_alerts_the_helper_once_however_often_the_task_runs(care, world):
    mine, _theirs = care
    _overdue(mine)
    assert care_visit_alerts_task() == 1
    assert care_visit_alerts_task() == 0
    assert sweep_overdue_care_visits() == 0
    alerts = Notification.objects.filter(kind="care_visit_overdue")
    assert [(a.recipient, a.object_id) for a in alerts] == [(world.worker_a, mine.pk)]
    assert "张*" in alerts[0].text and "张三" not in alerts[0].text


def test_a_volunteer_helpers_overdue_visit_alerts_the_grids_worker(care, world):
    _mine, theirs = care
    worker_c = make_user("worker_c", Role.GRID_WORKER, world.gc)
    _overdue(theirs)
    sweep_overdue_care_visits()
    sweep_overdue_care_visits()
    alerts = Notification.objects.filter(kind="care_visit_overdue")
    assert [a.recipient for a in alerts] == [worker_c]


def test_a_visit_not_yet_due_alerts_nobody_and_a_recorded_one_plans_the_next(care, world):
    mine, _theirs = care
    assert sweep_overdue_care_visits() == 0
    record_care_visit(mine, by=world.worker_a, kind="chat", visited_on=TODAY())
    planned = mine.visits.get(status=CareVisitStatus.PLANNED)
    assert planned.due_on == TODAY() + timedelta(days=7)
    assert mine.visits.filter(status=CareVisitStatus.DONE).count() == 1


def test_a_moved_due_date_that_falls_overdue_again_alerts_again(care, world):
    mine, _theirs = care
    _overdue(mine, days=10)
    assert sweep_overdue_care_visits() == 1
    record_care_visit(mine, by=world.worker_a, kind="meal", visited_on=TODAY() - timedelta(days=9))
    assert sweep_overdue_care_visits() == 1  # the next visit was due 2 days ago
    assert Notification.objects.filter(kind="care_visit_overdue").count() == 2


def test_the_helpers_list_shows_the_overdue_visit(care, world, as_user):
    mine, _theirs = care
    planned = _overdue(mine)
    body = as_user(world.worker_a).get("/care-visits/mine/").content.decode()
    overdue_table = body.split('id="care-overdue"')[1].split("</table>")[0]
    assert f'data-visit="{planned.pk}"' in overdue_table
    assert f'href="{mine.get_absolute_url()}"' in overdue_table
    assert "张三" not in body  # masked in the list


# ---- restricted, masked, audited ----


def test_a_grid_worker_without_the_grant_reads_only_the_files_they_help_with(care, world, as_user):
    mine, _theirs = care
    other = gf.CareFileFactory(area=world.ba1, person=gf.PersonFactory(area=world.ba1))
    client = as_user(world.worker_a)
    listing = client.get("/care-files/").content.decode()  # their own files only
    assert f'href="{mine.get_absolute_url()}"' in listing
    assert f'href="{other.get_absolute_url()}"' not in listing
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(f"/care-files/{mine.pk}/edit/").status_code == 404
    assert client.post(f"/care-files/{mine.pk}/close/", {"reason": "x"}).status_code == 404
    assert as_user(world.worker_b).get("/care-files/").status_code == 404  # no file, no grant


def test_every_read_of_a_care_file_writes_an_audit_row(care, world, as_user):
    mine, _theirs = care
    staff = as_user(world.community_official)
    staff.get("/care-files/")
    assert _reads(mine) == 1
    staff.get(mine.get_absolute_url())
    staff.get(f"/care-files/{mine.pk}/edit/")
    staff.get(f"/care-files/{mine.pk}/visit/")
    assert _reads(mine) == 4
    api = _api(world.community_official)
    api.get("/api/v1/care-files/")
    api.get(f"/api/v1/care-files/{mine.pk}/")
    assert _reads(mine) == 6
    helper = as_user(world.worker_a)
    helper.get(mine.get_absolute_url())
    assert AuditEntry.objects.filter(
        object_id=str(mine.pk), model="grids.carefile", user=world.worker_a
    ).exists()


def test_lists_mask_the_residents_name_and_the_detail_shows_it(care, world, as_user):
    mine, _theirs = care
    staff = as_user(world.community_official)
    listing = staff.get("/care-files/").content.decode()
    assert "张*" in listing and "张三" not in listing
    assert "13812341234" not in listing
    assert "张三" in staff.get(mine.get_absolute_url()).content.decode()
    api = _api(world.community_official)
    rows = api.get("/api/v1/care-files/").json()["results"]
    assert [row["name"] for row in rows if row["id"] == mine.pk] == ["张*"]
    assert api.get(f"/api/v1/care-files/{mine.pk}/").json()["name"] == "张三"
    visits = api.get("/api/v1/care-visits/").json()["results"]
    assert visits and all("三" not in row["name"] for row in visits)
    page = staff.get("/care-visits/").content.decode()
    assert "张三" not in page


# ---- visits and bad input ----


def test_the_helper_records_a_health_check_from_the_page(care, world, as_user):
    mine, _theirs = care
    response = as_user(world.worker_a).post(
        f"/care-files/{mine.pk}/visit/",
        {
            "kind": "health_check",
            "visited_on": TODAY().isoformat(),
            "systolic": 138,
            "diastolic": 86,
            "reading_note": "血压偏高",
            "notes": "提醒按时服药",
        },
    )
    assert response.status_code == 302
    visit = mine.visits.get(status=CareVisitStatus.DONE)
    assert (visit.systolic, visit.diastolic, visit.visitor_user) == (138, 86, world.worker_a)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "meal", "visited_on": "FUTURE"}, "visited_on"),
        ({"kind": "meal", "visited_on": "2150-01-01"}, "visited_on"),
        ({"kind": "meal", "visited_on": "TODAY", "systolic": 130, "diastolic": 80}, "systolic"),
        ({"kind": "health_check", "visited_on": "TODAY", "systolic": 130}, "diastolic"),
        (
            {"kind": "health_check", "visited_on": "TODAY", "systolic": 80, "diastolic": 90},
            "diastolic",
        ),
        ({"kind": "nap", "visited_on": "TODAY"}, "kind"),
    ],
)
def test_a_bad_visit_is_refused_on_its_field_and_nothing_is_saved(
    care, world, as_user, data, field
):
    mine, _theirs = care
    dates = {"FUTURE": (TODAY() + timedelta(days=1)).isoformat(), "TODAY": TODAY().isoformat()}
    data = {**data, "visited_on": dates.get(data["visited_on"], data["visited_on"])}
    before = list(mine.visits.values_list("pk", "status", "due_on"))
    response = as_user(world.worker_a).post(f"/care-files/{mine.pk}/visit/", data)
    assert response.status_code == 400
    assert response.context["form"].errors.get(field), response.context["form"].errors
    api = _api(world.worker_a).post(f"/api/v1/care-files/{mine.pk}/visit/", data, format="json")
    assert api.status_code == 400 and field in api.json(), api.json()
    assert list(mine.visits.values_list("pk", "status", "due_on")) == before
    assert not VolunteerHours.objects.exists()


def test_a_helper_outside_the_files_area_is_refused_on_the_field(world, as_user):
    data = {
        "person": world.person_a.pk,
        "area": world.ba1.pk,
        "kind": "elderly",
        "needs": "送药",
        "helper_user": world.worker_b.pk,  # works in grid GB, not GA
        "visit_every_days": 7,
        "opened_on": TODAY().isoformat(),
    }
    response = as_user(world.community_official).post("/care-files/add/", data)
    assert response.status_code == 400
    assert response.context["form"].errors["helper_user"]
    volunteer_b = gf.PersonFactory(area=world.bb1, kind=PersonKind.VOLUNTEER)
    api = _api(world.community_official).post(
        "/api/v1/care-files/",
        {**data, "area": "BA1", "helper_user": None, "helper_person": volunteer_b.pk},
        format="json",
    )
    assert api.status_code == 400 and "helper_person" in api.json()
    assert not CareFile.objects.exists()


def test_a_volunteer_helpers_visit_adds_their_hours_once(world):
    care_file = gf.CareFileFactory(area=world.ba1)
    visit = record_care_visit(
        care_file, by=world.worker_a, kind="medicine", visited_on=TODAY(), hours=Decimal("1.5")
    )
    row = VolunteerHours.objects.get()
    assert (row.person, row.hours, row.activity, row.activity_kind) == (
        care_file.helper_person,
        Decimal("1.5"),
        visit,
        "care_visit",
    )


def test_closing_a_file_cancels_its_planned_visit_and_refuses_new_ones(care, world, as_user):
    mine, _theirs = care
    staff = as_user(world.community_official)
    assert staff.post(f"/care-files/{mine.pk}/close/", {"reason": "入住养老院"}).status_code == 302
    mine.refresh_from_db()
    assert mine.status == "closed"
    assert not mine.visits.filter(status=CareVisitStatus.PLANNED).exists()
    response = _api(world.worker_a).post(
        f"/api/v1/care-files/{mine.pk}/visit/",
        {"kind": "meal", "visited_on": TODAY().isoformat()},
        format="json",
    )
    assert response.status_code == 400
    assert staff.post(f"/care-files/{mine.pk}/reopen/").status_code == 302
    assert mine.visits.filter(status=CareVisitStatus.PLANNED).exists()
