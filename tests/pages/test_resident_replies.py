"""Residents see progress: notes marked "reply to the resident" and the resolution, with
their dates, on the tracking page and as Open311 status_notes; staff-only notes stay hidden
(issue 8 §4.8)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from grids.actions.requests import accept_request, add_note, resolve_request
from grids.models import RequestEvent
from tests.grids.request_helpers import file_request


def _tracking_page(client, req) -> str:
    return client.get(req.get_tracking_url()).content.decode()


def test_the_note_form_marks_a_reply_and_the_tracking_page_shows_it_dated(world, as_user, client):
    req = file_request(world.ba1)
    worker = as_user(world.worker_a)
    worker.post(f"/requests/{req.pk}/accept/")
    page = worker.get(req.get_absolute_url()).content.decode()
    assert 'name="public"' in page
    response = worker.post(
        f"/requests/{req.pk}/note/", {"note": "物业明天上午清理楼道", "public": "on"}, follow=True
    )
    assert "居民" in response.content.decode()  # the message says the resident sees it
    worker.post(f"/requests/{req.pk}/note/", {"note": "内部：物业经理不太配合"})
    reply = RequestEvent.objects.get(request=req, public=True)
    assert reply.note == "物业明天上午清理楼道"
    client.logout()
    track = _tracking_page(client, req)
    assert "物业明天上午清理楼道" in track
    assert timezone.localtime(reply.at).strftime("%m-%d %H:%M") in track
    assert "物业经理" not in track


def test_the_resolution_shows_in_the_timeline_and_open311_uses_the_replies(world, client):
    req = file_request(world.ba1)
    accept_request(req, by=world.worker_a)
    add_note(req, by=world.worker_a, note="已联系物业，电话13812345678", public=True)
    add_note(req, by=world.worker_a, note="内部备注不给居民看")
    item = client.get("/open311/v2/requests.json").json()[0]
    assert item["status_notes"] == "已联系物业，电话138****5678"
    req.refresh_from_db()
    resolve_request(req, by=world.worker_a, resolution="杂物已清理完毕")
    track = _tracking_page(client, req)
    assert track.count("杂物已清理完毕") >= 2  # the result card and the dated timeline step
    assert "内部备注" not in track
    item = client.get("/open311/v2/requests.json").json()[0]
    assert item["status_notes"] == "杂物已清理完毕"


def test_a_reply_needs_words(world):
    req = file_request(world.ba1)
    accept_request(req, by=world.worker_a)
    with pytest.raises(ValidationError) as refused:
        add_note(req, by=world.worker_a, note="  ", photos=["x"], public=True)
    assert "note" in refused.value.message_dict
    assert not RequestEvent.objects.filter(request=req, public=True).exists()
