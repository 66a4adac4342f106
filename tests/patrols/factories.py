"""factory_boy factories for every patrols model.

Logs are plain rows here (the demo and the figures tests need closed patrols in the past);
tests of the phone flow go through patrols.actions, as the pages do.
"""

from datetime import date, time, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from grids.choices import AreaKind
from patrols.choices import HalfDay, MemberKind, PatrolMode, PatrolStatus, PlaceKind
from patrols.models import (
    Finding,
    GuardDuty,
    GuardSlot,
    KeyPlace,
    PatrolEvent,
    PatrolLog,
    PatrolParticipant,
    PatrolStop,
    PatrolTeam,
    School,
    SchoolHoliday,
    SchoolTerm,
    TeamMember,
)
from tests.grids.factories import AreaFactory, PersonFactory, UserFactory


class PatrolTeamFactory(DjangoModelFactory):
    class Meta:
        model = PatrolTeam

    name = factory.Sequence(lambda n: f"第{n}巡逻队")
    area = factory.SubFactory(AreaFactory, kind=AreaKind.GRID)


class TeamMemberFactory(DjangoModelFactory):
    class Meta:
        model = TeamMember

    team = factory.SubFactory(PatrolTeamFactory)
    kind = MemberKind.VOLUNTEER
    person = factory.SubFactory(PersonFactory, area=factory.SelfAttribute("..team.area"))


class KeyPlaceFactory(DjangoModelFactory):
    class Meta:
        model = KeyPlace

    name = factory.Sequence(lambda n: f"重点部位{n}")
    kind = PlaceKind.PARK
    area = factory.SubFactory(AreaFactory, kind=AreaKind.GRID)
    times_per_day = 1


class PatrolLogFactory(DjangoModelFactory):
    """A finished two-hour foot patrol that started yesterday."""

    class Meta:
        model = PatrolLog

    team = factory.SubFactory(PatrolTeamFactory)
    mode = PatrolMode.FOOT
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    ended_at = factory.LazyAttribute(lambda log: log.started_at + timedelta(hours=2))
    status = PatrolStatus.CLOSED


class PatrolStopFactory(DjangoModelFactory):
    class Meta:
        model = PatrolStop

    log = factory.SubFactory(PatrolLogFactory)
    place = factory.SubFactory(KeyPlaceFactory, area=factory.SelfAttribute("..log.team.area"))
    reached_at = factory.LazyAttribute(lambda stop: stop.log.started_at + timedelta(minutes=30))


class PatrolParticipantFactory(DjangoModelFactory):
    class Meta:
        model = PatrolParticipant

    log = factory.SubFactory(PatrolLogFactory)
    user = factory.SubFactory(UserFactory)


class FindingFactory(DjangoModelFactory):
    class Meta:
        model = Finding

    log = factory.SubFactory(PatrolLogFactory)
    text = "路灯不亮"
    created_at = factory.LazyAttribute(lambda f: f.log.started_at + timedelta(minutes=20))


class PatrolEventFactory(DjangoModelFactory):
    class Meta:
        model = PatrolEvent

    log = factory.SubFactory(PatrolLogFactory)
    kind = "started"
    to_status = PatrolStatus.OPEN


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"东风第{n}小学")
    area = factory.SubFactory(AreaFactory, kind=AreaKind.GRID)


class SchoolTermFactory(DjangoModelFactory):
    class Meta:
        model = SchoolTerm

    name = "2026年秋季学期"
    area = factory.SubFactory(AreaFactory, kind=AreaKind.SUBDISTRICT)
    starts_on = date(2026, 9, 1)
    ends_on = date(2027, 1, 22)


class SchoolHolidayFactory(DjangoModelFactory):
    class Meta:
        model = SchoolHoliday

    term = factory.SubFactory(SchoolTermFactory)
    name = "国庆节"
    starts_on = date(2026, 10, 1)
    ends_on = date(2026, 10, 7)


class GuardSlotFactory(DjangoModelFactory):
    class Meta:
        model = GuardSlot

    school = factory.SubFactory(SchoolFactory)
    date = factory.LazyFunction(timezone.localdate)
    half_day = HalfDay.MORNING
    starts_at = time(7, 10)
    ends_at = time(8, 10)


class GuardDutyFactory(DjangoModelFactory):
    class Meta:
        model = GuardDuty

    slot = factory.SubFactory(GuardSlotFactory)
    user = factory.SubFactory(UserFactory)
