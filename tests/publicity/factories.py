"""factory_boy factories for every publicity model.

Campaigns, activities and cases are made through `publicity.actions`, as the pages make
them, so the many-to-many rows, the checks and the case's first event come with them; the
other rows are plain model rows.
"""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from grids.choices import AreaKind, Role
from grids.images import clean_photo
from grids.models import Area, User
from publicity.actions.activities import record_activity
from publicity.actions.campaigns import start_campaign
from publicity.actions.cases import write_case
from publicity.choices import Channel, Metric
from publicity.models import (
    Activity,
    ActivityPhoto,
    Campaign,
    CampaignGoal,
    Case,
    CaseAttachment,
    CaseEvent,
    Partner,
    Topic,
)
from tests.grids.factories import AreaFactory, user_with_role
from tests.grids.request_helpers import jpeg_with_gps, upload


def staff_for(area: Area) -> User:
    """Community staff over the area's community (or the area itself above grids)."""
    area = Area.objects.get(pk=area.pk)  # the tree may have moved since `area` was read
    node = area
    if area.kind in (AreaKind.GRID, AreaKind.BUILDING):
        node = area.get_ancestors().get(kind=AreaKind.COMMUNITY)
    found = User.objects.filter(
        assignments__role__in=[Role.COMMUNITY_STAFF, Role.OFFICIAL], assignments__area=node
    ).first()
    return found or user_with_role(Role.COMMUNITY_STAFF, node, username=f"pub-staff-{node.code}")


def seeded_topic(code: str = "anti_fraud") -> Topic:
    return Topic.objects.get(code=code)


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.Sequence(lambda n: f"宣传主题{n}")


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = Partner
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"partner-{n}")
    name = factory.Sequence(lambda n: f"协作单位{n}")


class CampaignFactory(DjangoModelFactory):
    """A campaign of the grid's community staff, targeting `area` (a fresh grid by default)."""

    class Meta:
        model = Campaign

    title = factory.Sequence(lambda n: f"反诈宣传月{n}")
    area = factory.SubFactory(AreaFactory, kind=AreaKind.GRID)
    start = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=60))
    end = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))

    @classmethod
    def _create(cls, model_class, *, area, targets=None, topics=None, goals=None, **kwargs):
        return start_campaign(
            by=kwargs.pop("by", None) or staff_for(area),
            area=area,
            areas=targets or [area],
            topics=topics or [seeded_topic()],
            goals=goals if goals is not None else {Metric.PEOPLE_REACHED: 100},
            **kwargs,
        )


class CampaignGoalFactory(DjangoModelFactory):
    class Meta:
        model = CampaignGoal

    campaign = factory.SubFactory(CampaignFactory, goals={})
    metric = Metric.COPIES_HANDED_OUT
    target = 200


class ActivityFactory(DjangoModelFactory):
    """A WeChat push to a grid's group, recorded by the grid's worker under one campaign."""

    class Meta:
        model = Activity

    channel = Channel.WECHAT_PUSH
    area = factory.SubFactory(AreaFactory, kind=AreaKind.GRID)
    items_pushed = 1
    people_reached = 50

    @classmethod
    def _create(cls, model_class, *, area, campaigns=None, by=None, **kwargs):
        if campaigns is None:
            campaigns = [CampaignFactory(area=area)]
        by = by or staff_for(area)
        kwargs.setdefault("date", min(c.end for c in campaigns) - timedelta(days=1))
        return record_activity(by=by, campaigns=campaigns, area=area, **kwargs)


class ActivityPhotoFactory(DjangoModelFactory):
    class Meta:
        model = ActivityPhoto

    activity = factory.SubFactory(ActivityFactory)
    image = factory.LazyFunction(lambda: clean_photo(upload(jpeg_with_gps())))


class CaseFactory(DjangoModelFactory):
    """A draft case without personal data, written by the area's community staff."""

    class Meta:
        model = Case

    title = factory.Sequence(lambda n: f"冒充客服退款诈骗案{n}")
    area = factory.SubFactory(AreaFactory, kind=AreaKind.GRID)
    summary = "一位老人接到自称网购客服的电话，被诱导下载软件并转账。"
    lesson = "客服不会要求转账；接到此类电话请挂断并拨打官方电话核实。"

    @classmethod
    def _create(cls, model_class, *, area, topic=None, by=None, **kwargs):
        return write_case(
            by=by or staff_for(area), area=area, topic=topic or seeded_topic(), **kwargs
        )


class CaseAttachmentFactory(DjangoModelFactory):
    class Meta:
        model = CaseAttachment

    case = factory.SubFactory(CaseFactory)
    file = factory.LazyFunction(lambda: clean_photo(upload(jpeg_with_gps())))


class CaseEventFactory(DjangoModelFactory):
    class Meta:
        model = CaseEvent

    case = factory.SubFactory(CaseFactory)
    kind = "created"
    to_status = "draft"
