"""Patrol logs through patrols.actions: start, tick, finding, stop, and what a finding becomes."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from disputes.models import RiskItem
from grids.choices import RequestSource
from grids.models import Notification, RequestCategory
from grids.transitions import TransitionError
from patrols.actions.logs import (
    add_finding,
    finding_to_request,
    finding_to_risk,
    start_patrol,
    stop_patrol,
    tick_place,
)
from patrols.choices import PatrolMode, PatrolStatus
from patrols.models import Finding, PatrolLog, PatrolStop
from tests.grids.request_helpers import jpeg_with_gps, upload
from tests.patrols import factories as pf


@pytest.fixture
def team(world):
    return pf.PatrolTeamFactory(area=world.ga, name="第一巡逻队")


@pytest.fixture
def place(world):
    return pf.KeyPlaceFactory(area=world.ba1, name="人民公园")


@pytest.fixture
def log(world, team):
    return start_patrol(team=team, by=world.worker_a, mode=PatrolMode.FOOT)


def test_starting_a_patrol_names_the_starter_and_writes_the_event(world, log):
    assert log.status == PatrolStatus.OPEN
    assert list(log.participants.values_list("user", flat=True)) == [world.worker_a.pk]
    assert list(log.events.values_list("kind", "to_status")) == [("started", "open")]


def test_a_start_sent_twice_with_one_key_makes_one_log(world, team):
    key = uuid.uuid4()
    first = start_patrol(team=team, by=world.worker_a, mode=PatrolMode.FOOT, client_key=key)
    again = start_patrol(team=team, by=world.worker_a, mode=PatrolMode.FOOT, client_key=key)
    assert first.pk == again.pk
    assert PatrolLog.objects.count() == 1


def test_a_tick_sent_twice_with_one_key_records_the_place_once(world, log, place):
    key = str(uuid.uuid4())
    first = tick_place(log, place=place, by=world.worker_a, client_key=key)
    again = tick_place(log, place=place, by=world.worker_a, client_key=key)
    assert first.pk == again.pk
    assert PatrolStop.objects.filter(log=log).count() == 1


def test_a_finding_sent_twice_with_one_key_is_recorded_once(world, log):
    key = uuid.uuid4()
    add_finding(log, text="井盖缺失", by=world.worker_a, client_key=key)
    add_finding(log, text="井盖缺失", by=world.worker_a, client_key=key)
    assert Finding.objects.filter(log=log).count() == 1


def test_it_refuses_a_place_outside_the_teams_area(world, log):
    elsewhere = pf.KeyPlaceFactory(area=world.gc)
    with pytest.raises(ValidationError) as error:
        tick_place(log, place=elsewhere, by=world.worker_a)
    assert "place" in error.value.message_dict
    assert not PatrolStop.objects.exists()


def test_it_refuses_a_finding_photo_that_is_not_an_image(world, log):
    with pytest.raises(ValidationError) as error:
        add_finding(
            log, text="可疑物品", by=world.worker_a, photo=upload(b"%PDF-1.4 not a photo", "x.jpg")
        )
    assert "photo" in error.value.message_dict
    assert not Finding.objects.exists()


def test_a_finding_photo_is_kept_without_its_gps(world, log):
    finding = add_finding(log, text="可疑物品", by=world.worker_a, photo=upload(jpeg_with_gps()))
    with finding.photo.open("rb") as stored:
        data = stored.read()
    assert data[:2] == b"\xff\xd8"
    assert b"PhoneMaker" not in data


def test_stopping_closes_the_patrol_once_and_a_retry_changes_nothing(world, log):
    stopped = stop_patrol(log, by=world.worker_a)
    assert stopped.status == PatrolStatus.CLOSED and stopped.ended_at
    again = stop_patrol(log, by=world.worker_a)
    assert again.ended_at == stopped.ended_at
    assert log.events.filter(kind="stopped").count() == 1


def test_no_tick_after_the_patrol_finished(world, log, place):
    stop_patrol(log, by=world.worker_a)
    with pytest.raises(TransitionError):
        tick_place(log, place=place, by=world.worker_a)


def test_it_refuses_an_end_before_the_start(world, log):
    with pytest.raises(ValidationError) as error:
        stop_patrol(log, by=world.worker_a, ended_at=log.started_at - timedelta(minutes=1))
    assert "ended_at" in error.value.message_dict
    log.refresh_from_db()
    assert log.status == PatrolStatus.OPEN


def test_it_refuses_a_patrol_more_than_a_day_ahead(world, team):
    with pytest.raises(ValidationError) as error:
        start_patrol(
            team=team,
            by=world.worker_a,
            mode=PatrolMode.FOOT,
            started_at=timezone.now() + timedelta(days=2),
        )
    assert "started_at" in error.value.message_dict
    assert not PatrolLog.objects.exists()


def test_it_refuses_negative_extra_volunteers(world, team):
    with pytest.raises(ValidationError) as error:
        start_patrol(team=team, by=world.worker_a, mode=PatrolMode.FOOT, extra_volunteers=-3)
    assert "extra_volunteers" in error.value.message_dict


def test_a_finding_becomes_a_request_of_its_places_grid_once(world, log, place):
    finding = add_finding(log, text="路灯不亮", by=world.worker_a, place=place)
    category = RequestCategory.objects.get(code="safety")
    request = finding_to_request(finding, by=world.worker_a, category=category)
    assert request.source == RequestSource.PATROL
    assert request.grid == world.ga
    assert request.description == "路灯不亮"
    finding.refresh_from_db()
    assert finding.request == request
    # The grid worker hears of it through grids' own alert.
    assert Notification.objects.filter(recipient=world.worker_a, object_id=request.pk).exists()
    with pytest.raises(TransitionError):
        finding_to_request(finding, by=world.worker_a, category=category)


def test_a_finding_becomes_a_risk_item(world, log, place):
    finding = add_finding(log, text="两户因停车争吵", by=world.worker_a, place=place)
    item = finding_to_risk(
        finding,
        by=world.community_official,
        title="停车纠纷苗头",
        nature="neighbourhood",
        urgency="medium",
        owner=world.mediator_c1,
        deadline=timezone.localdate() + timedelta(days=7),
    )
    assert RiskItem.objects.get(pk=item.pk).area == world.ba1
    finding.refresh_from_db()
    assert finding.risk_item == item


def test_a_member_of_a_community_team_sees_it_and_logs_its_patrols(world):
    from patrols.models import KeyPlace, PatrolTeam

    team = pf.PatrolTeamFactory(area=world.c1)
    other_grid_place = pf.KeyPlaceFactory(area=world.gb)
    assert not PatrolTeam.objects.visible_to(world.worker_a).filter(pk=team.pk).exists()
    pf.TeamMemberFactory(team=team, kind="grid_worker", person=None, user=world.worker_a)
    world.worker_a = type(world.worker_a).objects.get(pk=world.worker_a.pk)  # fresh caches
    assert PatrolTeam.objects.visible_to(world.worker_a).filter(pk=team.pk).exists()
    assert KeyPlace.objects.visible_to(world.worker_a).filter(pk=other_grid_place.pk).exists()
    log = start_patrol(team=team, by=world.worker_a, mode=PatrolMode.FOOT)
    assert PatrolLog.objects.visible_to(world.worker_a, "change").filter(pk=log.pk).exists()
    # Not a member of another community's team.
    theirs = pf.PatrolLogFactory(team=pf.PatrolTeamFactory(area=world.c2))
    assert not PatrolLog.objects.visible_to(world.worker_a).filter(pk=theirs.pk).exists()
