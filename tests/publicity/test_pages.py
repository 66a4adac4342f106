"""The publicity pages: a campaign's progress bars and unreached grids, the few-taps record
form with its defaults and its refusals, the case library's publish check and print layout."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from grids.models import Area
from publicity.actions.activities import record_activity
from publicity.actions.campaigns import start_campaign
from publicity.choices import Channel, Metric
from publicity.models import Activity, Campaign, Case, CaseAttachment, Topic
from tests.grids.request_helpers import jpeg_with_gps, upload
from tests.publicity.factories import CaseFactory


@pytest.fixture
def running(world):
    """A campaign of C1 running today, aimed at 100 people; GA reached, GB not."""
    today = timezone.localdate()
    return start_campaign(
        by=world.community_official,
        title="防溺水暑期行动",
        area=world.c1,
        start=today - timedelta(days=10),
        end=today + timedelta(days=20),
        topics=[Topic.objects.get(code="drowning")],
        goals={Metric.PEOPLE_REACHED: 100, Metric.ITEMS_PUSHED: 10},
    )


def _push(world, campaign, **extra):
    fields = {
        "by": world.worker_a,
        "campaigns": [campaign],
        "channel": Channel.WECHAT_PUSH,
        "area": world.ga,
        "date": timezone.localdate(),
        "items_pushed": 2,
        "people_reached": 40,
    }
    return record_activity(**{**fields, **extra})


def test_the_campaign_page_shows_a_bar_per_goal_and_the_grids_not_reached(world, client, running):
    _push(world, running)
    client.force_login(world.worker_a)

    body = client.get(running.get_absolute_url()).content.decode()

    assert '<progress id="goal-people_reached" max="100" value="40">' in body
    assert '<progress id="goal-items_pushed" max="10" value="2">' in body
    unreached = re.findall(r'<li data-code="(\w+)">', body)
    assert unreached == ["GB"]
    assert "style=" not in body


def test_the_record_form_is_filled_in_for_a_grid_worker(world, client, running):
    client.force_login(world.worker_a)

    body = client.get("/publicity/activities/add/").content.decode()

    assert re.search(r'value="wechat_push"[^>]*checked|<option value="wechat_push" selected', body)
    assert re.search(rf'<option value="{world.ga.pk}" selected>', body)
    assert re.search(rf'value="{running.pk}"[^>]*checked', body)
    assert 'name="photo"' in body


def test_a_grid_worker_records_a_push_with_a_photo_in_a_few_fields(world, client, running):
    client.force_login(world.worker_a)
    response = client.post(
        "/publicity/activities/add/",
        {
            "campaigns": [running.pk],
            "channel": "wechat_push",
            "date": timezone.localdate().isoformat(),
            "area": world.ga.pk,
            "items_pushed": 1,
            "people_reached": 55,
            "copies_handed_out": 0,
            "attendance": 0,
            "photo": upload(jpeg_with_gps()),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    activity = Activity.objects.get()
    assert activity.run_by == world.worker_a and activity.photos.count() == 1
    body = client.get(running.get_absolute_url()).content.decode()
    assert '<progress id="goal-people_reached" max="100" value="55">' in body


@pytest.mark.parametrize(
    "change,field",
    [
        ({"people_reached": -3}, "people_reached"),
        ({"date": "2020-01-01"}, "date"),
        ({"people_reached": 10_000}, "reach_confirmed"),
    ],
)
def test_bad_input_is_a_field_error_and_nothing_is_saved(world, client, running, change, field):
    Area.objects.filter(pk=world.ga.pk).update(population=100)
    client.force_login(world.worker_a)
    data = {
        "campaigns": [running.pk],
        "channel": "wechat_push",
        "date": timezone.localdate().isoformat(),
        "area": world.ga.pk,
        "items_pushed": 1,
        "people_reached": 5,
        "copies_handed_out": 0,
        "attendance": 0,
        **change,
    }
    response = client.post("/publicity/activities/add/", data)

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Activity.objects.exists()


def test_publishing_a_case_with_a_phone_number_is_refused_on_the_page(world, client):
    case = CaseFactory(area=world.ga, summary="联系电话0370-3216549", by=world.community_official)
    client.force_login(world.community_official)

    client.post(f"/publicity/cases/{case.pk}/publish/")

    case.refresh_from_db()
    assert case.status == "draft"
    body = client.get(case.get_absolute_url()).content.decode()
    assert "0370-***6549" in body


def test_an_attachment_that_is_not_an_image_or_pdf_saves_nothing(world, client):
    case = CaseFactory(area=world.ga, by=world.community_official)
    client.force_login(world.community_official)

    client.post(
        f"/publicity/cases/{case.pk}/attach/",
        {"file": upload(b"GIF89a-not-really", name="x.pdf"), "caption": "坏文件"},
    )
    assert not CaseAttachment.objects.exists()


def test_the_case_page_links_the_print_stylesheet_and_has_no_inline_style(world, client):
    case = CaseFactory(area=world.ga, by=world.community_official)
    client.force_login(world.worker_a)

    body = client.get(case.get_absolute_url()).content.decode()

    assert 'href="/static/publicity/print.css"' in body
    assert "style=" not in body and '<article class="bulletin"' in body
    assert client.get("/static/publicity/print.css").status_code == 200


# ---- query counts: the same for 10 and 1,000 activities ----


def _bulk(world, campaign, number: int) -> None:
    day = campaign.start
    made = Activity.objects.bulk_create(
        [
            Activity(
                channel=Channel.LEAFLETS,
                area=world.ba1 if n % 2 else world.ga,
                date=day,
                copies_handed_out=n,
                run_by=world.worker_a,
            )
            for n in range(number)
        ]
    )
    Link = Activity.campaigns.through
    Link.objects.bulk_create([Link(activity_id=a.pk, campaign_id=campaign.pk) for a in made])


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/publicity/activities/", "/api/v1/activities/"])
def test_the_activity_list_costs_the_same_for_10_and_1000_activities(world, running, url):
    from django.test import Client

    client = Client() if not url.startswith("/api/") else APIClient()
    client.force_login(world.worker_a)
    _bulk(world, running, 10)
    small = _count(client, url)
    _bulk(world, running, 990)
    assert Activity.objects.count() == 1000
    # session, user, assignments (scope), count, the page's rows, their campaigns (API)
    assert _count(client, url) == small


def test_the_campaign_list_and_detail_cost_the_same_for_10_and_1000_activities(
    world, client, running
):
    client.force_login(world.community_official)
    _bulk(world, running, 10)
    small = (_count(client, "/publicity/campaigns/"), _count(client, running.get_absolute_url()))
    _bulk(world, running, 990)
    assert (
        _count(client, "/publicity/campaigns/"),
        _count(client, running.get_absolute_url()),
    ) == small


def test_the_api_records_an_activity_and_refuses_a_date_outside_the_campaign(world, running):
    api = APIClient()
    api.force_authenticate(world.worker_a)
    payload = {
        "campaigns": [running.pk],
        "channel": "short_video",
        "date": timezone.localdate().isoformat(),
        "area": "GA",
        "items_pushed": 1,
        "people_reached": 30,
    }
    created = api.post("/api/v1/activities/", payload, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["run_by"] == "worker_a"

    refused = api.post(
        "/api/v1/activities/", {**payload, "date": date(2020, 1, 1).isoformat()}, format="json"
    )
    assert refused.status_code == 400 and "date" in refused.json()
    assert Activity.objects.count() == 1
    progress = api.get(f"/api/v1/campaigns/{running.pk}/progress/").json()
    assert {row["metric"]: row["achieved"] for row in progress} == {
        "items_pushed": 1,
        "people_reached": 30,
    }


def test_the_api_refuses_to_publish_a_case_with_an_id_number(world):
    case = CaseFactory(
        area=world.ga, lesson="证件号410102199001011234", by=world.community_official
    )
    api = APIClient()
    api.force_authenticate(world.community_official)

    response = api.post(f"/api/v1/cases/{case.pk}/publish/")

    assert response.status_code == 400
    assert Case.objects.get(pk=case.pk).status == "draft"
    assert Campaign.objects.count() == 0


def test_the_topics_page_totals_only_what_the_user_may_see(world, client, running):
    _push(world, running, people_reached=40)
    record_activity(
        by=world.street_official,
        campaigns=[
            start_campaign(
                by=world.street_official,
                title="民主社区防溺水",
                area=world.c2,
                start=running.start,
                end=running.end,
                topics=[Topic.objects.get(code="drowning")],
            )
        ],
        channel=Channel.LECTURE,
        area=world.gc,
        date=timezone.localdate(),
        people_reached=500,
    )

    client.force_login(world.worker_a)
    body = client.get("/publicity/topics/").content.decode()
    drowning = body.split('data-code="drowning"')[1].split("</tr>")[0]
    assert re.findall(r"<td>(\d+)</td>", drowning) == ["1", "2", "0", "40", "0"]

    client.force_login(world.street_official)
    body = client.get("/publicity/topics/?start=2000-01-01").content.decode()
    drowning = body.split('data-code="drowning"')[1].split("</tr>")[0]
    assert re.findall(r"<td>(\d+)</td>", drowning) == ["2", "2", "0", "540", "0"]


def test_the_topics_page_totals_each_community_and_grid_the_user_may_see(world, client, running):
    other = start_campaign(
        by=world.community_official,
        title="反诈第二波",
        area=world.c1,
        start=running.start,
        end=running.end,
        topics=[Topic.objects.get(code="anti_fraud")],
    )
    _push(world, running, people_reached=40, campaigns=[running, other])  # listed twice
    _push(world, running, by=world.worker_b, area=world.bb1, people_reached=7)

    def row(body, code):
        return re.findall(r"<td>(\d+)</td>", body.split(f'data-code="{code}"')[1].split("</tr>")[0])

    client.force_login(world.worker_a)
    body = client.get("/publicity/topics/").content.decode()
    assert row(body, "GA") == ["1", "2", "0", "40", "0"]
    assert 'data-code="GB"' not in body and 'data-code="C1"' not in body

    client.force_login(world.community_official)
    body = client.get("/publicity/topics/").content.decode()
    assert row(body, "C1") == ["2", "4", "0", "47", "0"]
    assert row(body, "GB") == ["1", "2", "0", "7", "0"]
