"""Coverage of key places and the beat task that alerts once per place and lapse."""

from datetime import timedelta

import pytest
from django.utils import timezone

from grids.models import Notification
from patrols.actions.places import coverage, send_coverage_alerts
from patrols.choices import PatrolAlertKind
from patrols.models import KeyPlace
from patrols.tasks import patrol_coverage_task
from tests.patrols import factories as pf


@pytest.fixture
def square(world):
    place = pf.KeyPlaceFactory(
        area=world.ga, name="高铁广场", created_at=timezone.now() - timedelta(days=30)
    )
    team = pf.PatrolTeamFactory(area=world.ga)
    started = timezone.now() - timedelta(days=3)
    pf.PatrolStopFactory(log=pf.PatrolLogFactory(team=team, started_at=started), place=place)
    return place


def _alerts():
    return Notification.objects.filter(kind=PatrolAlertKind.PLACE_BEHIND)


def test_a_daily_place_last_patrolled_three_days_ago_is_behind(world, square):
    (row,) = coverage(KeyPlace.objects.all())
    assert row.last_patrolled.date() == (timezone.now() - timedelta(days=3)).date()
    assert row.behind


def test_a_place_patrolled_an_hour_ago_is_on_time(world, square):
    team = pf.PatrolTeamFactory(area=world.ga)
    log = pf.PatrolLogFactory(team=team, started_at=timezone.now() - timedelta(hours=2))
    pf.PatrolStopFactory(log=log, place=square, reached_at=timezone.now() - timedelta(hours=1))
    (row,) = coverage(KeyPlace.objects.all())
    assert not row.behind


def test_it_alerts_once_however_often_the_task_runs(world, square):
    for _ in range(3):
        assert patrol_coverage_task() == 1
    alerts = _alerts()
    # worker_a holds grid GA; community_official holds the community; both told once.
    assert sorted(alerts.values_list("recipient__username", flat=True)) == [
        "community_official",
        "worker_a",
    ]
    assert "高铁广场" in alerts.first().text


def test_a_new_lapse_after_a_patrol_is_a_new_alert(world, square):
    send_coverage_alerts()
    team = pf.PatrolTeamFactory(area=world.ga)
    log = pf.PatrolLogFactory(team=team, started_at=timezone.now() - timedelta(days=2))
    pf.PatrolStopFactory(log=log, place=square, reached_at=log.started_at)
    send_coverage_alerts()
    assert _alerts().filter(recipient=world.worker_a).count() == 2


def test_a_place_in_another_community_does_not_alert_this_grids_worker(world):
    pf.KeyPlaceFactory(area=world.gc, created_at=timezone.now() - timedelta(days=5))
    send_coverage_alerts()
    assert not _alerts().filter(recipient=world.worker_a).exists()
