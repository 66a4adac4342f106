"""The demo tells a consistent story: events in time order on the dates they claim, owners
from the right community, every state and tier present (issue 8 §4.11)."""

import io

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from disputes.choices import DisputeStatus, RiskLevel, Tier
from disputes.models import (
    Dispute,
    DisputeEvent,
    FollowUpVisit,
    KeyPerson,
    MediationPlan,
    MediationSession,
    RiskItem,
)
from grids.choices import Role
from grids.models import Assignment, RequestEvent, ServiceRequest
from tests.conftest import rolled_back


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with rolled_back(django_db_blocker):
        call_command("seed_demo", stdout=io.StringIO())
        yield


pytestmark = pytest.mark.django_db


def _community_of(area):
    return area if area.level == 1 else area.get_ancestors().get(level=1)


def test_dispute_histories_read_in_time_order_before_the_seed(demo):
    now = timezone.now()
    for dispute in Dispute.objects.prefetch_related("events", "agreements"):
        times = [e.at for e in dispute.events.all()]
        assert times == sorted(times), dispute.pk
        assert times[0] == dispute.received_at
        assert all(t < now for t in times)
        if dispute.status == DisputeStatus.SETTLED:
            [agreement] = dispute.agreements.all()
            assert timezone.localdate(dispute.settled_at) == agreement.signed_on
    assert not FollowUpVisit.objects.filter(done_at__date__lt=F("due_on")).exists()


def test_every_state_and_tier_is_present_with_sessions_and_plans(demo):
    assert set(Dispute.objects.values_list("status", flat=True)) >= {
        DisputeStatus.OPEN,
        DisputeStatus.SETTLED,
        DisputeStatus.WITHDRAWN,
    }
    assert set(Dispute.objects.values_list("tier", flat=True)) == set(Tier.values)
    assert set(Dispute.objects.values_list("risk_level", flat=True)) == set(RiskLevel.values)
    assert MediationSession.objects.exists() and MediationPlan.objects.exists()
    assert Dispute.objects.filter(status=DisputeStatus.SETTLED).count() == 52


def test_risks_and_key_people_are_owned_by_workers_of_their_own_community(demo):
    worker_areas = dict(
        Assignment.objects.filter(role=Role.GRID_WORKER).values_list("user_id", "area_id")
    )
    for item in RiskItem.objects.select_related("area", "owner"):
        grid = Assignment.objects.get(pk__isnull=False, user=item.owner, role=Role.GRID_WORKER)
        assert grid.area.parent_id == item.area_id, item.title
        assert item.resolved_at is None or item.resolved_at > item.created_at
    for kp in KeyPerson.objects.select_related("person__area", "responsible"):
        assert _community_of(kp.person.area) == _community_of(
            Assignment.objects.get(user=kp.responsible, role=Role.GRID_WORKER).area
        )
    assert worker_areas  # the demo has grid workers at all


def test_requests_read_in_time_order_and_the_overdue_ones_have_their_alerts(demo):
    now = timezone.now()
    assert not ServiceRequest.objects.filter(rated_at__gt=now).exists()
    assert not ServiceRequest.objects.filter(rated_at__lte=F("resolved_at")).exists()
    overdue = ServiceRequest.objects.filter(status="new", response_due_at__lt=now)
    assert overdue.exists()
    for request in overdue:
        assert request.breached_at is not None
        assert RequestEvent.objects.filter(request=request, kind="overdue").count() == 1
        assert request.notifications.filter(kind="overdue").exists()
    for request in ServiceRequest.objects.filter(
        breached_at__isnull=False, accepted_at__isnull=False
    ):
        assert request.response_due_at < request.breached_at < request.accepted_at
    assert not DisputeEvent.objects.filter(at__gt=now).exists()


# ---- the deliberation hall ----


def test_nine_livelihood_projects_ran_the_whole_loop_in_order(demo):
    from grids.models import Matter

    now = timezone.now()
    closed = Matter.objects.filter(status="closed").select_related("grid__parent")
    assert closed.count() == 9
    for matter in closed:
        kinds = [e.kind for e in matter.events.all()]
        assert kinds[:3] == ["raised", "accepted", "decided"], matter.title
        assert kinds[-3:] == ["done", "rated", "closed"], matter.title
        times = [e.at for e in matter.events.all()]
        assert times == sorted(times) and times[-1] < now, matter.title
        assert (
            matter.raised_at < matter.accepted_at < matter.decided_at < matter.done_at
        ) and matter.done_at <= matter.closed_at
        assert matter.progress == 100 and matter.ratings.count() == 1
        # whoever acted holds a role in the matter's community
        community = matter.grid.parent
        for actor in {e.actor for e in matter.events.all()} - {None}:
            assert actor.assignments.filter(area__in=[community, matter.grid]).exists()
    assert len({m.grid.parent_id for m in closed}) == 9  # one in every community


def test_every_matter_state_is_present(demo):
    from grids.choices import MatterStatus
    from grids.models import Matter

    assert set(Matter.objects.values_list("status", flat=True)) == set(MatterStatus.values)
    merged = Matter.objects.get(status="merged")
    assert merged.merged_into.grid.parent_id == merged.grid.parent_id
