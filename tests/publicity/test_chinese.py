"""The publicity pages in Chinese (the default language) show no English words."""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from publicity.actions.activities import record_activity
from publicity.actions.campaigns import start_campaign
from publicity.choices import Channel, Metric
from publicity.models import Topic
from tests.publicity.factories import CaseFactory

# Names that are the same in Chinese: file formats, units, and the fixture's logins.
ALLOWED = {"PDF", "JPEG", "PNG", "WebP", "MB", "worker_a", "community_official"}
# The language switcher names English in English, on purpose.
ALLOWED |= {"English"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def english_words(html: str) -> set[str]:
    parser = _Text()
    parser.feed(html)
    words = set(re.findall(r"[A-Za-z_]{3,}", " ".join(parser.parts)))
    return words - ALLOWED


@pytest.fixture
def pages(world):
    today = timezone.localdate()
    campaign = start_campaign(
        by=world.community_official,
        title="反诈宣传",
        area=world.c1,
        start=today - timedelta(days=3),
        end=today + timedelta(days=3),
        topics=[Topic.objects.get(code="anti_fraud")],
        goals={Metric.PEOPLE_REACHED: 10},
    )
    activity = record_activity(
        by=world.worker_a,
        campaigns=[campaign],
        channel=Channel.LEAFLETS,
        area=world.ga,
        date=today,
        copies_handed_out=3,
    )
    case = CaseFactory(area=world.ga, by=world.community_official)
    return [
        "/publicity/campaigns/",
        campaign.get_absolute_url(),
        "/publicity/campaigns/add/",
        "/publicity/activities/",
        activity.get_absolute_url(),
        "/publicity/activities/add/",
        f"/publicity/activities/{activity.pk}/edit/",
        f"/publicity/activities/{activity.pk}/delete/",
        f"/publicity/campaigns/{campaign.pk}/edit/",
        "/publicity/cases/",
        case.get_absolute_url(),
        "/publicity/cases/add/",
        "/publicity/topics/",
    ]


def test_every_publicity_page_is_chinese(world, client, pages):
    client.force_login(world.community_official)
    found = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        words = english_words(response.content.decode())
        if words:
            found[url] = sorted(words)
    assert found == {}
