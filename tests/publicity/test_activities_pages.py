"""Correcting and deleting an activity on its pages: checked like a new one, by the editor
roles of its area and whoever recorded it; and a campaign's goals changed on its form."""

from datetime import timedelta

import pytest
from django.utils import timezone

from grids.choices import Role
from grids.models import Area, Assignment
from publicity.actions.activities import record_activity
from publicity.actions.campaigns import start_campaign
from publicity.choices import Channel, Metric
from publicity.models import Activity, CampaignGoal, Topic
from tests.conftest import make_user


@pytest.fixture
def running(world):
    """A campaign of C1 running today, aimed at 100 people."""
    today = timezone.localdate()
    return start_campaign(
        by=world.community_official,
        title="防溺水暑期行动",
        area=world.c1,
        start=today - timedelta(days=10),
        end=today + timedelta(days=20),
        topics=[Topic.objects.get(code="drowning")],
        goals={Metric.PEOPLE_REACHED: 100},
    )


def _push(world, campaign, by=None, area=None, **extra) -> Activity:
    return record_activity(
        by=by or world.worker_a,
        campaigns=[campaign],
        channel=Channel.WECHAT_PUSH,
        area=area or world.ga,
        date=timezone.localdate(),
        items_pushed=1,
        people_reached=40,
        **extra,
    )


def _form(activity: Activity, **changes) -> dict:
    data = {
        "campaigns": list(activity.campaigns.values_list("pk", flat=True)),
        "channel": activity.channel,
        "date": activity.date.isoformat(),
        "area": activity.area_id,
        "items_pushed": activity.items_pushed,
        "people_reached": activity.people_reached,
        "copies_handed_out": activity.copies_handed_out,
        "attendance": activity.attendance,
        "title": activity.title,
    }
    return {**data, **changes}


def _edit(activity: Activity) -> str:
    return f"/publicity/activities/{activity.pk}/edit/"


def test_the_recorder_corrects_a_count_and_the_progress_bar_follows(world, client, running):
    activity = _push(world, running)
    client.force_login(world.worker_a)
    page = client.get(activity.get_absolute_url()).content.decode()
    assert f'href="{_edit(activity)}"' in page
    form = client.get(_edit(activity)).content.decode()
    assert f'value="{activity.date.isoformat()}"' in form

    response = client.post(_edit(activity), _form(activity, people_reached=65))

    assert response.status_code == 302 and response["Location"] == activity.get_absolute_url()
    body = client.get(running.get_absolute_url()).content.decode()
    assert '<progress id="goal-people_reached" max="100" value="65">' in body


@pytest.mark.parametrize(
    "change, field",
    [
        pytest.param({"people_reached": -3}, "people_reached", id="negative"),
        pytest.param({"date": "2020-01-01"}, "date", id="outside the campaign"),
        pytest.param({"date": "2120-01-01"}, "date", id="outside 2000-2100"),
        pytest.param({"people_reached": 10_000}, "reach_confirmed", id="unconfirmed reach"),
        pytest.param({"area": "GC"}, "area", id="another community"),
        pytest.param({"campaigns": []}, "campaigns", id="no campaign"),
    ],
)
def test_a_bad_correction_is_a_field_error_and_changes_nothing(
    world, client, running, change, field
):
    Area.objects.filter(pk=world.ga.pk).update(population=100)
    activity = _push(world, running)
    if change.get("area") == "GC":
        change = {"area": world.gc.pk}
    client.force_login(world.worker_a)

    response = client.post(_edit(activity), _form(activity, **change))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    fresh = Activity.objects.get(pk=activity.pk)
    assert (fresh.people_reached, fresh.date, fresh.area_id) == (40, activity.date, world.ga.pk)
    assert list(fresh.campaigns.all()) == [running]


def test_a_confirmed_reach_above_ten_times_the_population_is_saved(world, client, running):
    Area.objects.filter(pk=world.ga.pk).update(population=100)
    activity = _push(world, running)
    client.force_login(world.worker_a)
    data = _form(activity, people_reached=5_000, reach_confirmed="on")
    assert client.post(_edit(activity), data).status_code == 302
    assert Activity.objects.get(pk=activity.pk).people_reached == 5_000


def test_whoever_recorded_it_corrects_it_after_leaving_the_grid_but_cannot_move_it_away(
    world, client, running
):
    temp = make_user("temp_worker", Role.GRID_WORKER, world.ga, full_name="临时网格员")
    activity = _push(world, running, by=temp)
    Assignment.objects.filter(user=temp).update(area=world.gb)  # moved to another grid
    client.force_login(temp)

    assert client.post(_edit(activity), _form(activity, title="更正")).status_code == 302
    assert Activity.objects.get(pk=activity.pk).title == "更正"
    response = client.post(_edit(activity), _form(activity, area=world.gc.pk))
    assert response.status_code == 400 and "area" in response.context["form"].errors
    assert Activity.objects.get(pk=activity.pk).area == world.ga
    other = make_user("temp_worker_c", Role.GRID_WORKER, world.gc)
    client.force_login(other)
    assert client.get(_edit(activity)).status_code == 404


def test_community_staff_correct_a_workers_activity_and_another_grids_worker_cannot(
    world, client, running
):
    activity = _push(world, running)
    client.force_login(world.worker_b)
    assert client.get(_edit(activity)).status_code == 404
    assert client.post(_edit(activity), _form(activity, title="别人改")).status_code == 404
    assert client.post(f"/publicity/activities/{activity.pk}/delete/").status_code == 404
    client.force_login(world.community_official)
    assert client.post(_edit(activity), _form(activity, title="社区更正")).status_code == 302
    assert Activity.objects.get(pk=activity.pk).title == "社区更正"


def test_an_activity_of_an_ended_campaign_keeps_its_campaign_on_the_form(world, client):
    today = timezone.localdate()
    ended = start_campaign(
        by=world.community_official,
        title="春季反诈",
        area=world.c1,
        start=today - timedelta(days=60),
        end=today - timedelta(days=30),
        topics=[Topic.objects.get(code="anti_fraud")],
    )
    activity = record_activity(
        by=world.worker_a,
        campaigns=[ended],
        channel=Channel.LEAFLETS,
        area=world.ga,
        date=today - timedelta(days=40),
        copies_handed_out=100,
    )
    client.force_login(world.worker_a)
    data = _form(activity, copies_handed_out=120)
    assert client.post(_edit(activity), data).status_code == 302
    assert Activity.objects.get(pk=activity.pk).copies_handed_out == 120


def test_deleting_an_activity_takes_it_out_of_the_campaigns_figures(world, client, running):
    activity = _push(world, running)
    client.force_login(world.worker_a)
    assert client.get(f"/publicity/activities/{activity.pk}/delete/").status_code == 200

    response = client.post(f"/publicity/activities/{activity.pk}/delete/")

    assert response.status_code == 302 and not Activity.objects.exists()
    body = client.get(running.get_absolute_url()).content.decode()
    assert '<progress id="goal-people_reached" max="100" value="0">' in body


# ---- goals on the campaign's form ----


def _campaign_form(campaign, **goals) -> dict:
    return {
        "title": campaign.title,
        "area": campaign.area_id,
        "areas": list(campaign.areas.values_list("pk", flat=True)),
        "topics": list(campaign.topics.values_list("pk", flat=True)),
        "start": campaign.start.isoformat(),
        "end": campaign.end.isoformat(),
        "description": "",
        **{f"goal_{metric}": target for metric, target in goals.items()},
    }


def test_goals_are_added_changed_and_removed_on_the_campaign_form(world, client, running):
    client.force_login(world.community_official)
    url = f"/publicity/campaigns/{running.pk}/edit/"
    assert 'name="goal_people_reached" value="100"' in client.get(url).content.decode()

    data = _campaign_form(running, people_reached=150, copies_handed_out=2000, attendance="")
    assert client.post(url, data).status_code == 302
    assert dict(running.goals.values_list("metric", "target")) == {
        "people_reached": 150,
        "copies_handed_out": 2000,
    }

    data = _campaign_form(running, people_reached="", copies_handed_out=2000)
    assert client.post(url, data).status_code == 302
    assert dict(running.goals.values_list("metric", "target")) == {"copies_handed_out": 2000}


@pytest.mark.parametrize("target", [0, -5, "很多"])
def test_a_goal_that_is_not_a_positive_number_is_a_field_error(world, client, running, target):
    client.force_login(world.community_official)
    url = f"/publicity/campaigns/{running.pk}/edit/"

    response = client.post(url, _campaign_form(running, people_reached=target, events=3))

    assert response.status_code == 400
    assert "goal_people_reached" in response.context["form"].errors
    assert list(CampaignGoal.objects.values_list("metric", "target")) == [("people_reached", 100)]
