"""Publicity fixtures on top of the shared world: the anti-fraud campaign of community C1."""

from datetime import date

import pytest

from grids.choices import Role
from publicity.actions.campaigns import start_campaign
from publicity.choices import Metric
from publicity.models import Partner, Topic
from tests.conftest import make_user


@pytest.fixture
def police_c1(world):
    return make_user("police_c1", Role.POLICE, world.c1, full_name="赵警官")


@pytest.fixture
def campaign(world):
    """反电诈 in C1 (grids GA and GB) for March 2026: 100 people and 40 leaflets."""
    return start_campaign(
        by=world.community_official,
        title="反电诈宣传月",
        area=world.c1,
        start=date(2026, 3, 1),
        end=date(2026, 3, 31),
        topics=[Topic.objects.get(code="anti_fraud")],
        partners=[Partner.objects.get(code="police_station")],
        goals={Metric.PEOPLE_REACHED: 100, Metric.COPIES_HANDED_OUT: 40, Metric.EVENTS: 4},
    )
