"""factory_boy factories for every disputes model.

Disputes, sessions, settlements (agreement + visit plan), plans and key-person files are made
through `disputes.actions`, as the pages make them, so the event rows, tier handlings and
revisions come with them; the other rows are plain model rows.
"""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from disputes.actions import disputes as actions
from disputes.actions.prevention import save_key_person
from disputes.models import (
    Agreement,
    ClinicShift,
    Consultation,
    Dispute,
    DisputeCategory,
    DisputeEvent,
    DisputeParty,
    FollowUpVisit,
    KeyPerson,
    KeyPersonRevision,
    MediationPlan,
    MediationSession,
    RiskItem,
    ScreeningCampaign,
    TierHandling,
)
from grids.choices import AreaKind, Role
from grids.models import Area, User
from tests.grids.factories import AreaFactory, PersonFactory, UserFactory, user_with_role


def community_of(area: Area) -> Area:
    return area if area.kind == AreaKind.COMMUNITY else area.get_ancestors().get(kind="community")


def mediator_for(area: Area) -> User:
    """A tier-1 mediator of the area's community: an existing one, else a new one."""
    community = community_of(area)
    found = User.objects.filter(
        assignments__role=Role.MEDIATOR, assignments__area=community
    ).first()
    return found or user_with_role(Role.MEDIATOR, community, username=f"med-{community.code}")


class DisputeCategoryFactory(DjangoModelFactory):
    class Meta:
        model = DisputeCategory
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"cat-{n}")
    name = factory.Sequence(lambda n: f"纠纷类别{n}")


class DisputeFactory(DjangoModelFactory):
    """A tier-1 dispute between two new residents of the area, received by its mediator."""

    class Meta:
        model = Dispute

    area = factory.SubFactory(AreaFactory)
    category = factory.LazyFunction(lambda: DisputeCategory.objects.get(code="neighbours"))
    summary = "楼上漏水，双方就赔偿争执不下"
    channel = "walk_in"
    mediator = factory.LazyAttribute(lambda d: mediator_for(d.area))
    parties = factory.LazyAttribute(
        lambda d: [
            (PersonFactory(area=d.area, name="甲方"), "applicant"),
            (PersonFactory(area=d.area, name="乙方"), "respondent"),
        ]
    )
    by = factory.LazyAttribute(lambda d: d.mediator)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return actions.receive_dispute(**kwargs)


class SettledDisputeFactory(DisputeFactory):
    """Settled today with an agreement, so its nine follow-up visits are planned."""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        dispute = actions.receive_dispute(**kwargs)
        return actions.settle_dispute(
            dispute,
            by=kwargs["by"],
            terms="赔偿五百元",
            signed_on=timezone.localdate(),
            signed_by="甲方、乙方",
        )


class DisputePartyFactory(DjangoModelFactory):
    class Meta:
        model = DisputeParty

    dispute = factory.SubFactory(DisputeFactory)
    person = factory.LazyAttribute(lambda p: PersonFactory(area=p.dispute.area, name="丙方"))
    role = "respondent"


class MediationPlanFactory(DjangoModelFactory):
    class Meta:
        model = MediationPlan

    dispute = factory.SubFactory(DisputeFactory)
    plan = "分头做工作"
    experts = "律师"
    steps = "先调查再调解"

    @classmethod
    def _create(cls, model_class, dispute, **kwargs):
        return actions.save_mediation_plan(dispute, by=dispute.mediator, **kwargs)


class TierHandlingFactory(DjangoModelFactory):
    """A past handling (a dispute has at most one open handling: the one intake made)."""

    class Meta:
        model = TierHandling

    dispute = factory.SubFactory(DisputeFactory)
    tier = 1
    mediator = factory.LazyAttribute(lambda h: h.dispute.mediator)
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))
    ended_at = factory.LazyFunction(timezone.now)
    outcome = "reassigned"


class MediationSessionFactory(DjangoModelFactory):
    class Meta:
        model = MediationSession

    dispute = factory.SubFactory(DisputeFactory)
    held_at = factory.LazyFunction(timezone.now)
    attendees = "甲方、乙方"
    notes = "双方陈述"
    result = "progress"

    @classmethod
    def _create(cls, model_class, dispute, **kwargs):
        return actions.record_session(dispute, by=dispute.mediator, **kwargs)


class AgreementFactory(DjangoModelFactory):
    class Meta:
        model = Agreement

    dispute = factory.SubFactory(DisputeFactory)
    terms = "赔偿五百元"
    signed_on = factory.LazyFunction(timezone.localdate)
    signed_by = "甲方、乙方"


class DisputeEventFactory(DjangoModelFactory):
    class Meta:
        model = DisputeEvent

    dispute = factory.SubFactory(DisputeFactory)
    actor = factory.LazyAttribute(lambda e: e.dispute.mediator)
    kind = "session"
    from_tier = factory.LazyAttribute(lambda e: e.dispute.tier)
    to_tier = factory.LazyAttribute(lambda e: e.dispute.tier)
    note = "调解中"


class FollowUpVisitFactory(DjangoModelFactory):
    """The first planned visit of a freshly settled dispute."""

    class Meta:
        model = FollowUpVisit

    dispute = factory.SubFactory(SettledDisputeFactory)

    @classmethod
    def _create(cls, model_class, dispute, **kwargs):
        return dispute.visits.order_by("sequence").first()


class ClinicShiftFactory(DjangoModelFactory):
    """A community's clinic day, each new shift a day after the last."""

    class Meta:
        model = ClinicShift

    community = factory.SubFactory(AreaFactory, kind=AreaKind.COMMUNITY)
    date = factory.Sequence(lambda n: timezone.localdate() + timedelta(days=n))
    lawyer = factory.SubFactory(UserFactory)


class ConsultationFactory(DjangoModelFactory):
    class Meta:
        model = Consultation

    area = factory.SubFactory(AreaFactory)
    asked_by = "居民"
    topic = "租房合同"
    question = "押金不退"
    advice = "协商或起诉"
    recorded_by = factory.SubFactory(UserFactory)


class ScreeningCampaignFactory(DjangoModelFactory):
    class Meta:
        model = ScreeningCampaign

    kind = "mwf_visit"
    date = factory.LazyFunction(timezone.localdate)
    area = factory.SubFactory(AreaFactory, kind=AreaKind.GRID)
    households_visited = 12


class RiskItemFactory(DjangoModelFactory):
    class Meta:
        model = RiskItem

    area = factory.SubFactory(AreaFactory)
    title = "楼道堆物"
    description = "邻里因堆物争吵"
    nature = "neighbourhood"
    urgency = "medium"
    owner = factory.SubFactory(UserFactory)
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))


class KeyPersonFactory(DjangoModelFactory):
    """A file opened through `save_key_person`: its first revision and audit row come along."""

    class Meta:
        model = KeyPerson

    area = factory.SubFactory(AreaFactory)
    person = factory.LazyAttribute(lambda k: PersonFactory(area=k.area, name="重点"))
    category = "petitioner"
    risk_level = "medium"
    reason = "多次越级上访"
    responsible = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return save_key_person(model_class(*args, **kwargs), by=kwargs["responsible"])


class KeyPersonRevisionFactory(DjangoModelFactory):
    class Meta:
        model = KeyPersonRevision

    key_person = factory.SubFactory(KeyPersonFactory)
    by = factory.LazyAttribute(lambda r: r.key_person.responsible)
    snapshot = factory.LazyAttribute(lambda r: {"measures": "每周走访"})
