"""The demo's publicity year has the article's shape, its dates are consistent, and seeding
again changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.db.models import F, Q
from django.utils import timezone

from grids.models import Area
from publicity import figures
from publicity.choices import Channel, Metric
from publicity.demo import ANTI_FRAUD_TITLE, seed_publicity
from publicity.models import Activity, Campaign, Case
from tests.conftest import rolled_back

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with rolled_back(django_db_blocker):
        call_command("seed_demo", stdout=io.StringIO())
        yield


def _by_channel(channel: str) -> dict:
    return figures.totals(Activity.objects.filter(channel=channel))


def test_the_figures_have_the_articles_shape(demo):
    lectures = _by_channel(Channel.LECTURE)
    assert lectures["events"] == 5
    assert lectures["copies_handed_out"] > 6000 and lectures["attendance"] > 8000
    online = figures.totals(
        Activity.objects.filter(channel__in=[Channel.WECHAT_PUSH, Channel.SHORT_VIDEO])
    )
    assert online["items_pushed"] > 200
    assert _by_channel(Channel.JOINT_EVENT)["events"] >= 20
    assert Case.objects.filter(status="published").count() == 12
    assert Case.objects.exclude(source_dispute=None).count() == 1


def test_the_anti_fraud_campaign_meets_its_goals_and_misses_five_grids(demo):
    fraud = Campaign.objects.get(title=ANTI_FRAUD_TITLE)
    progress = {row["metric"]: row for row in figures.campaign_progress(fraud)}

    assert 2000 < progress[Metric.COPIES_HANDED_OUT]["achieved"] < 2100
    assert 6500 < progress[Metric.PEOPLE_REACHED]["achieved"] < 6600
    assert progress[Metric.PEOPLE_REACHED]["target"] == 6000
    assert figures.unreached_grids(fraud).count() == 5
    # its bulletin boards are listed under the focus campaign too, and counted once
    assert (
        Activity.objects.filter(campaigns=fraud)
        .filter(campaigns__in=Campaign.objects.exclude(pk=fraud.pk))
        .exists()
    )
    assert figures.totals()["events"] == Activity.objects.count()


def test_every_activity_is_in_the_past_and_inside_its_campaigns(demo):
    assert not Activity.objects.filter(date__gte=timezone.localdate()).exists()
    assert not Activity.objects.filter(
        Q(date__lt=F("campaigns__start")) | Q(date__gt=F("campaigns__end"))
    ).exists()


def test_seeding_again_writes_nothing(demo):
    before = Activity.objects.count()
    assert seed_publicity(Area.objects.get(code="DF")) == 0
    assert Activity.objects.count() == before
