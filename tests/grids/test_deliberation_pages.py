"""The deliberation hall through HTTP: a resident's proposal by QR code, triage, a meeting
and its decision, milestones to 100 %, the rating, closing; the bad input the issue lists."""

from datetime import timedelta

import pytest
from django.utils import timezone

from grids.actions.deliberation import (
    accept_matter,
    add_milestone,
    close_expired_evaluations,
    record_meeting,
)
from grids.models import Matter, MatterPhoto, Milestone, Notification
from grids.tasks import close_evaluated_matters_task
from tests.grids.factories import MatterFactory
from tests.grids.request_helpers import jpeg_with_gps, upload

TODAY = timezone.localdate


def _propose(client, area, **extra):
    data = {
        "title": "3号楼线路改造",
        "description": "楼道电线老化，经常跳闸。联系我 13912345678",
        "resident_name": "刘阿姨",
        "resident_phone": "13912345678",
        "website": "",
        **extra,
    }
    return client.post(f"/q/{area.qr_token}/propose/", data)


def _messages(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def test_the_qr_page_offers_a_proposal_where_it_used_to_promise_one(world, client):
    body = client.get(f"/q/{world.ba1.qr_token}/").content.decode()
    assert f"/q/{world.ba1.qr_token}/propose/" in body
    assert "今后" not in body
    form = client.get(f"/q/{world.ba1.qr_token}/propose/").content.decode()
    assert 'id="matter-form"' in form and "1号楼" in form


def test_the_whole_loop_runs_through_the_pages(world, client, as_user):
    # 居民提事: by QR code, with a photo; the grid's staff are alerted.
    photo = upload(jpeg_with_gps())
    response = client.post(
        f"/q/{world.ba1.qr_token}/propose/",
        {
            "title": "3号楼线路改造",
            "description": "楼道电线老化，经常跳闸",
            "photos": [photo],
            "anonymous": "on",
            "website": "",
        },
    )
    assert response.status_code == 302
    matter = Matter.objects.get()
    assert (matter.area, matter.grid, matter.status, matter.source) == (
        world.ba1,
        world.ga,
        "raised",
        "resident",
    )
    assert MatterPhoto.objects.filter(matter=matter, by_resident=True).count() == 1
    assert response.url == f"/m/{matter.tracking_code}/?new=1"
    page = client.get(response.url).content.decode()
    assert matter.display_code in page
    alerted = set(
        Notification.objects.filter(object_id=matter.pk, kind="new_matter").values_list(
            "recipient__username", flat=True
        )
    )
    assert alerted == {"worker_a", "community_official"}

    # 网格议事: staff accept it and record a meeting with a decision.
    staff = as_user(world.worker_a)
    response = staff.post(f"/deliberation/{matter.pk}/accept/", {"note": ""})
    assert response.status_code == 302
    assert _messages(response) == ["已受理，进入议事。"]
    response = staff.post(
        f"/deliberation/{matter.pk}/meeting/",
        {
            "held_on": TODAY().isoformat(),
            "attendee_kinds": ["residents", "building_heads", "grid_worker", "property"],
            "people": [world.person_a.pk],
            "other_attendees": "供电所",
            "minutes": "居民代表一致同意改造",
            "decision": "更换3号楼楼道线路",
            "responsible_bodies": "物业公司、供电所",
            "budget": "18000.00",
        },
    )
    assert response.status_code == 302 and not [
        m for m in response.wsgi_request._messages if m.level_tag == "error"
    ]
    matter.refresh_from_db()
    assert matter.status == "in_progress" and matter.decided_at is not None

    # 协同办事: milestones up to 100 %, the last completes the matter.
    for title, progress in (("材料进场", 30), ("线路敷设", 70), ("验收完工", 100)):
        response = staff.post(
            f"/deliberation/{matter.pk}/milestone/",
            {"title": title, "progress": progress, "reached_on": TODAY().isoformat()},
        )
        assert response.status_code == 302
    matter.refresh_from_db()
    assert (matter.status, matter.progress) == ("done", 100)
    assert matter.evaluation_due_at == matter.done_at + timedelta(days=30)

    # 群众评事: the resident rates it with the tracking code; the matter closes.
    response = client.post(f"/m/{matter.tracking_code}/", {"rating": 5, "comment": "很满意"})
    assert response.status_code == 302
    matter.refresh_from_db()
    assert matter.status == "closed"
    assert list(matter.events.values_list("kind", flat=True)) == [
        "raised",
        "accepted",
        "decided",
        "milestone",
        "milestone",
        "done",
        "rated",
        "closed",
    ]

    # The community's public list shows it completed, with its latest milestone.
    listing = client.get(f"/projects/{world.c1.code}/").content.decode()
    assert "3号楼线路改造" in listing and "验收完工" in listing
    assert 'data-status="closed"' in listing
    public = client.get(f"/projects/item/{matter.pk}/").content.decode()
    assert "更换3号楼楼道线路" in public and "18000" in public


def test_public_pages_show_no_personal_data(world, client):
    _propose(client, world.ba1)
    matter = Matter.objects.get()
    accept_matter(matter, by=world.worker_a)
    for url in (f"/m/{matter.tracking_code}/", f"/projects/item/{matter.pk}/"):
        body = client.get(url).content.decode()
        assert "13912345678" not in body and "139****5678" in body
        assert "刘阿姨" not in body
    assert "刘阿姨" not in client.get(f"/projects/{world.c1.code}/").content.decode()


def test_a_matter_not_yet_accepted_has_no_public_project_page(world, client):
    matter = MatterFactory(area=world.ba1)
    assert client.get(f"/projects/item/{matter.pk}/").status_code == 404
    assert 'id="projects"' in client.get(f"/projects/{world.c1.code}/").content.decode()
    assert matter.title not in client.get(f"/projects/{world.c1.code}/").content.decode()


def test_a_declined_matter_tells_the_resident_why(world, client, as_user):
    matter = MatterFactory(area=world.ba1)
    staff = as_user(world.worker_a)
    response = staff.post(f"/deliberation/{matter.pk}/decline/", {"reason": ""})
    assert Matter.objects.get(pk=matter.pk).status == "raised"
    assert any("原因" in m for m in _messages(response))
    staff.post(f"/deliberation/{matter.pk}/decline/", {"reason": "属于物业维修范围，已转物业"})
    client.logout()
    body = client.get(f"/m/{matter.tracking_code}/").content.decode()
    assert "属于物业维修范围，已转物业" in body and 'data-status="declined"' in body


def test_a_merged_duplicate_points_to_the_surviving_matter(world, client, as_user):
    survivor = MatterFactory(area=world.ga, title="小区污水管网改造", status="accepted")
    duplicate = MatterFactory(area=world.ba1, title="下水道堵了")
    as_user(world.worker_a).post(f"/deliberation/{duplicate.pk}/merge/", {"into": survivor.pk})
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == ("merged", survivor)
    client.logout()
    body = client.get(f"/m/{duplicate.tracking_code}/").content.decode()
    assert f'href="/projects/item/{survivor.pk}/"' in body


def test_merging_into_another_communitys_matter_is_refused(world, as_user):
    theirs = MatterFactory(area=world.bc1, status="accepted")
    mine = MatterFactory(area=world.ba1)
    as_user(world.community_official).post(f"/deliberation/{mine.pk}/merge/", {"into": theirs.pk})
    assert Matter.objects.get(pk=mine.pk).status == "raised"


@pytest.fixture
def decided(world):
    return MatterFactory(area=world.ba1, status="in_progress")


def _milestone(client, matter, **data):
    payload = {"title": "施工", "progress": 50, "reached_on": TODAY().isoformat(), **data}
    return client.post(f"/deliberation/{matter.pk}/milestone/", payload)


def test_a_milestone_above_100_percent_is_a_field_error(world, as_user, decided):
    response = _milestone(as_user(world.worker_a), decided, progress=120)
    assert any(m.startswith("进度（%）") for m in _messages(response))
    assert not Milestone.objects.filter(matter=decided).exists()


def test_progress_going_back_needs_a_reason(world, as_user, decided):
    staff = as_user(world.worker_a)
    _milestone(staff, decided, progress=60)
    response = _milestone(staff, decided, title="返工", progress=40)
    assert any("回退原因" in m for m in _messages(response))
    assert Matter.objects.get(pk=decided.pk).progress == 60
    assert Milestone.objects.filter(matter=decided).count() == 1
    _milestone(staff, decided, title="返工", progress=40, reason="管道验收不合格，重新开挖")
    assert Matter.objects.get(pk=decided.pk).progress == 40


def test_a_meeting_with_a_negative_budget_or_in_the_future_saves_nothing(world, as_user):
    matter = MatterFactory(area=world.ba1, status="accepted")
    staff = as_user(world.worker_a)
    base = {"held_on": TODAY().isoformat(), "minutes": "议事", "decision": "改造"}
    base["responsible_bodies"] = "物业"
    for bad in ({"budget": "-1"}, {"held_on": (TODAY() + timedelta(days=3)).isoformat()}):
        response = staff.post(f"/deliberation/{matter.pk}/meeting/", {**base, **bad})
        assert [m for m in response.wsgi_request._messages if m.level_tag == "error"]
    assert not matter.meetings.exists()
    assert Matter.objects.get(pk=matter.pk).status == "accepted"


def test_a_rating_before_completion_is_refused(world, client, decided):
    response = client.post(f"/m/{decided.tracking_code}/", {"rating": 4})
    assert response.status_code == 400
    assert "完成后才能评价" in response.content.decode()
    assert not decided.ratings.exists()


def test_a_second_rating_from_the_same_code_is_refused(world, client):
    matter = MatterFactory(area=world.ba1, status="closed")
    response = client.post(f"/m/{matter.tracking_code}/", {"rating": 1})
    assert response.status_code == 400
    assert matter.ratings.count() == 1


def test_a_signed_in_resident_of_the_area_rates_once_on_the_project_page(world, client):
    from grids.choices import Role
    from tests.conftest import make_user

    volunteer = make_user("volunteer_a", Role.VOLUNTEER, world.ga)
    matter = MatterFactory(area=world.ba1, status="done")
    client.force_login(volunteer)
    assert client.post(f"/projects/item/{matter.pk}/", {"rating": 4}).status_code == 302
    assert client.post(f"/projects/item/{matter.pk}/", {"rating": 2}).status_code == 400
    assert list(matter.ratings.values_list("stars", flat=True)) == [4]
    assert Matter.objects.get(pk=matter.pk).status == "done"  # the raiser's rating closes it
    client.force_login(world.worker_b)  # not of this grid: no form, a POST is refused
    assert client.post(f"/projects/item/{matter.pk}/", {"rating": 5}).status_code == 404


def test_the_beat_task_closes_expired_matters_once(world):
    matter = MatterFactory(area=world.ba1, status="done")
    fresh = MatterFactory(area=world.ba1, status="done")
    Matter.objects.filter(pk=matter.pk).update(evaluation_due_at=timezone.now())
    assert close_evaluated_matters_task.apply().get() == 1
    assert close_expired_evaluations() == 0
    assert Matter.objects.get(pk=matter.pk).status == "closed"
    assert Matter.objects.get(pk=fresh.pk).status == "done"
    assert matter.events.filter(kind="closed").count() == 1


def test_two_milestones_recorded_at_once_do_not_both_move_the_progress(world, decided):
    stale = Matter.objects.get(pk=decided.pk)
    add_milestone(decided, by=world.worker_a, title="A", progress=40, reached_on=TODAY())
    with pytest.raises(Exception, match="刚刚更改"):
        add_milestone(stale, by=world.worker_b, title="B", progress=20, reached_on=TODAY())
    assert Matter.objects.get(pk=decided.pk).progress == 40


def test_a_meeting_without_a_decision_keeps_the_matter_accepted(world):
    matter = MatterFactory(area=world.ba1, status="accepted")
    record_meeting(matter, by=world.worker_a, held_on=TODAY(), minutes="先摸底")
    assert Matter.objects.get(pk=matter.pk).status == "accepted"
    assert matter.events.filter(kind="meeting").exists()


def test_the_lookup_page_finds_a_proposal_by_its_code(world, client):
    matter = MatterFactory(area=world.ba1)
    response = client.get("/t/", {"code": matter.display_code.lower()})
    assert response.status_code == 302 and response.url == f"/m/{matter.tracking_code}/"


def test_the_staff_list_shows_only_the_users_grids(world, as_user):
    mine = MatterFactory(area=world.ba1, title="我的网格事项")
    MatterFactory(area=world.bb1, title="别的网格事项")
    body = as_user(world.worker_a).get("/deliberation/").content.decode()
    assert "我的网格事项" in body and "别的网格事项" not in body
    assert f'href="/deliberation/{mine.pk}/"' in body
