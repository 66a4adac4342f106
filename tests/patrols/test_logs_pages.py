"""Patrol-log pages and API: what a grid worker sees, and query counts that do not grow."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from patrols.models import Finding, PatrolLog, PatrolParticipant, PatrolStop
from tests.grids.request_helpers import jpeg_with_gps, upload
from tests.patrols import factories as pf


@pytest.fixture
def team(world):
    return pf.PatrolTeamFactory(area=world.ga, name="第一巡逻队")


@pytest.fixture
def place(world):
    return pf.KeyPlaceFactory(area=world.ga, name="人民公园")


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _grow(world, team, place, count: int) -> None:
    """`count` finished patrols, each with two named participants, a stop and a finding."""
    start = timezone.now() - timedelta(days=400)
    logs = PatrolLog.objects.bulk_create(
        PatrolLog(
            team=team,
            mode="foot",
            started_at=start + timedelta(hours=n),
            ended_at=start + timedelta(hours=n, minutes=90),
            status="closed",
            extra_volunteers=n % 3,
        )
        for n in range(count)
    )
    PatrolParticipant.objects.bulk_create(
        PatrolParticipant(log=log, **who)
        for log in logs
        for who in ({"user": world.worker_a}, {"person": world.person_a})
    )
    PatrolStop.objects.bulk_create(
        PatrolStop(log=log, place=place, reached_at=log.started_at) for log in logs
    )
    Finding.objects.bulk_create(Finding(log=log, text="井盖松动") for log in logs)


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# The list page: session, user, assignments, the header's unread count, the session save (3)
# = 7; then count, page (with the three per-row counts as subqueries), the team filter's
# choices, the area picker, the patrol-team membership for scoping = the rest. The API: the
# user and assignments, membership, count, page, and one prefetch each for stops, findings and
# participants.
@pytest.mark.parametrize("url, most", [("/patrols/logs/", 16), ("/api/v1/patrol-logs/", 10)])
def test_the_list_takes_as_many_queries_for_1000_logs_as_for_10(
    world, team, place, url, most, as_user, django_assert_max_num_queries
):
    client = _api(world.worker_a) if url.startswith("/api/") else as_user(world.worker_a)
    _grow(world, team, place, 10)
    client.get(url)
    few = _count(client, url)
    _grow(world, team, place, 990)
    with django_assert_max_num_queries(most):
        response = client.get(url)
    assert _count(client, url) == few
    assert response.status_code == 200


def test_the_list_page_shows_person_times_per_patrol(world, team, place, as_user):
    _grow(world, team, place, 3)
    body = as_user(world.worker_a).get("/patrols/logs/").content.decode()
    log = PatrolLog.objects.order_by("-started_at").first()  # 2 named + 2 extra
    assert f'href="{log.get_absolute_url()}"' in body
    row = body.split(f'href="{log.get_absolute_url()}"')[1].split("</tr>")[0]
    assert ">4<" in row.replace(" ", "")


def test_the_api_starts_a_patrol_once_per_key_and_ticks_once_per_key(world, team, place):
    api = _api(world.worker_a)
    key = str(uuid.uuid4())
    start = {"team": team.pk, "mode": "vehicle", "client_key": key}
    first = api.post("/api/v1/patrol-logs/", start, format="json")
    again = api.post("/api/v1/patrol-logs/", start, format="json")
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json()["id"] == again.json()["id"]
    url = f"/api/v1/patrol-logs/{first.json()['id']}/tick/"
    tick = {"place": place.pk, "client_key": str(uuid.uuid4())}
    assert api.post(url, tick, format="json").status_code == 200
    response = api.post(url, tick, format="json")
    assert response.status_code == 200
    assert len(response.json()["stops"]) == 1


def test_the_api_refuses_a_finding_photo_that_is_not_an_image(world, team):
    api = _api(world.worker_a)
    log = api.post("/api/v1/patrol-logs/", {"team": team.pk, "mode": "foot"}, format="json")
    url = f"/api/v1/patrol-logs/{log.json()['id']}/finding/"
    bad = api.post(
        url, {"text": "可疑", "photo": upload(b"not a photo", "x.jpg")}, format="multipart"
    )
    assert bad.status_code == 400 and "photo" in bad.json()
    good = api.post(url, {"text": "可疑", "photo": upload(jpeg_with_gps())}, format="multipart")
    assert good.status_code == 200
    assert Finding.objects.get().photo


def test_the_api_refuses_a_start_more_than_a_day_ahead(world, team):
    api = _api(world.worker_a)
    future = (timezone.now() + timedelta(days=3)).isoformat()
    response = api.post(
        "/api/v1/patrol-logs/",
        {"team": team.pk, "mode": "foot", "started_at": future},
        format="json",
    )
    assert response.status_code == 400 and "started_at" in response.json()
    assert not PatrolLog.objects.exists()


def test_a_place_page_shows_its_coverage_and_week(world, place, team, as_user):
    log = pf.PatrolLogFactory(team=team, started_at=timezone.now() - timedelta(days=3))
    pf.PatrolStopFactory(log=log, place=place, reached_at=log.started_at)
    body = as_user(world.worker_a).get(place.get_absolute_url()).content.decode()
    assert 'id="coverage" data-behind="true">滞后<' in body
    assert body.count("<tr>") >= 7  # the week calendar


def test_the_place_list_marks_a_place_behind(world, place, as_user):
    place.created_at = timezone.now() - timedelta(days=2)
    place.save()
    body = as_user(world.worker_a).get("/patrols/places/").content.decode()
    assert "滞后" in body.split(place.get_absolute_url())[1].split("</tr>")[0]


def test_the_start_page_names_who_takes_part(world, team, as_user):
    response = as_user(world.worker_a).post(
        "/patrols/logs/add/",
        {
            "team": team.pk,
            "mode": "both",
            "extra_volunteers": 3,
            "people": [world.person_a.pk],
            "red_armband": "on",
        },
    )
    assert response.status_code == 302
    log = PatrolLog.objects.get()
    # Nobody chosen among the accounts: the starter takes part; plus one registered person.
    assert {str(p) for p in log.participants.all()} == {"王芳", "张三"}
    assert (log.red_armband, log.extra_volunteers) == (True, 3)


def test_the_start_page_refuses_a_negative_count_on_the_field(world, team, as_user):
    response = as_user(world.worker_a).post(
        "/patrols/logs/add/", {"team": team.pk, "mode": "foot", "extra_volunteers": -1}
    )
    assert response.status_code == 400
    assert "extra_volunteers" in response.context["form"].errors
    assert not PatrolLog.objects.exists()


def test_the_api_starts_with_named_participants(world, team):
    response = _api(world.worker_a).post(
        "/api/v1/patrol-logs/",
        {"team": team.pk, "mode": "foot", "users": ["worker_a"], "people": [world.person_a.pk]},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["person_times"] == 2
