"""Dispute state changes: tiers, settlement and its visit plan, visits, relapse, rota."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from disputes.actions.clinic import generate_rota, swap_shifts
from disputes.actions.disputes import (
    escalate_dispute,
    receive_dispute,
    refer_dispute,
    settle_dispute,
)
from disputes.actions.visits import record_visit, send_visit_alerts
from disputes.figures import dispute_figures
from disputes.models import ClinicShift, DisputeCategory, FollowUpVisit, RiskItem, TierHandling
from disputes.models.visits import visit_plan
from grids.choices import Role
from tests.conftest import make_user


@pytest.mark.parametrize(
    "settled,expected",
    [
        # a leap year, from the last day of January: February ends on the 29th
        (
            date(2028, 1, 31),
            [
                "2028-02-07",
                "2028-02-14",
                "2028-02-21",
                "2028-02-28",
                "2028-03-31",
                "2028-04-30",
                "2028-05-31",
                "2028-06-30",
                "2028-07-31",
            ],
        ),
        # the 29th of February itself: months later fall on the 29th
        (
            date(2028, 2, 29),
            [
                "2028-03-07",
                "2028-03-14",
                "2028-03-21",
                "2028-03-28",
                "2028-04-29",
                "2028-05-29",
                "2028-06-29",
                "2028-07-29",
                "2028-08-29",
            ],
        ),
        # across a year end, from the 31st
        (
            date(2026, 10, 31),
            [
                "2026-11-07",
                "2026-11-14",
                "2026-11-21",
                "2026-11-28",
                "2026-12-31",
                "2027-01-31",
                "2027-02-28",
                "2027-03-31",
                "2027-04-30",
            ],
        ),
    ],
)
def test_the_visit_plan_is_weekly_for_a_month_then_monthly_clamped_to_month_ends(settled, expected):
    assert [d.isoformat() for d in visit_plan(settled)] == expected


def test_the_number_of_monthly_visits_is_configurable():
    plan = visit_plan(date(2026, 1, 15), monthly=2)
    assert [d.isoformat() for d in plan][-2:] == ["2026-03-15", "2026-04-15"]
    assert len(plan) == 6


def test_a_dispute_needs_two_parties_and_a_tier_one_mediator(world):
    category = DisputeCategory.objects.get(code="family")
    common = {
        "area": world.ba1,
        "category": category,
        "summary": "x",
        "channel": "walk_in",
        "by": world.worker_a,
    }
    with pytest.raises(ValidationError) as exc:
        receive_dispute(
            mediator=world.mediator_c1, parties=[(world.person_a, "applicant")], **common
        )
    assert "parties" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        receive_dispute(
            mediator=world.worker_b,
            parties=[(world.person_a, "applicant"), (world.person_b, "respondent")],
            **common,
        )
    assert "mediator" in exc.value.message_dict


def test_escalation_needs_a_reason_and_a_receiver_at_the_next_tier_and_keeps_each_tiers_handling(
    world, dispute, lawyer
):
    with pytest.raises(ValidationError):
        escalate_dispute(dispute, by=world.mediator_c1, reason="", mediator=world.street_official)
    with pytest.raises(ValidationError):  # a community mediator is not a tier-2 receiver
        escalate_dispute(
            dispute, by=world.mediator_c1, reason="分歧大", mediator=world.community_official
        )
    escalate_dispute(
        dispute, by=world.mediator_c1, reason="分歧大，社区调解未果", mediator=world.street_official
    )
    escalate_dispute(dispute, by=world.street_official, reason="需法律意见", mediator=lawyer)
    handlings = list(
        TierHandling.objects.filter(dispute=dispute).values_list(
            "tier", "mediator__username", "outcome"
        )
    )
    assert handlings == [
        (1, "mediator_c1", "escalated"),
        (2, "street_official", "escalated"),
        (3, "lawyer_c1", ""),
    ]
    assert TierHandling.objects.filter(dispute=dispute, ended_at__isnull=True).count() == 1
    dispute.refresh_from_db()
    assert (dispute.tier, dispute.mediator) == (3, lawyer)
    with pytest.raises(ValidationError):
        escalate_dispute(dispute, by=lawyer, reason="x", mediator=lawyer)


def test_the_database_allows_one_open_handling_per_dispute(world, dispute):
    with pytest.raises(IntegrityError), transaction.atomic():
        TierHandling.objects.create(dispute=dispute, tier=1, mediator=world.community_official)


def test_settling_needs_an_agreement_and_writes_nine_visits_once(world, dispute):
    with pytest.raises(ValidationError) as exc:
        settle_dispute(
            dispute, by=world.mediator_c1, terms="", signed_on=date.today(), signed_by="双方"
        )
    assert "terms" in exc.value.message_dict
    assert not FollowUpVisit.objects.exists()
    signed = timezone.localdate()
    settle_dispute(
        dispute,
        by=world.mediator_c1,
        terms="楼上赔偿维修费800元",
        signed_on=signed,
        signed_by="张三、李四",
    )
    visits = FollowUpVisit.objects.filter(dispute=dispute)
    assert [v.due_on for v in visits] == visit_plan(signed)
    assert {v.assignee for v in visits} == {world.mediator_c1}
    with pytest.raises(ValidationError):  # settling twice is refused …
        settle_dispute(
            dispute, by=world.mediator_c1, terms="again", signed_on=signed, signed_by="x"
        )
    with pytest.raises(IntegrityError), transaction.atomic():  # … and the database refuses a copy
        FollowUpVisit.objects.create(
            dispute=dispute,
            settlement_round=1,
            sequence=1,
            due_on=signed,
            assignee=world.mediator_c1,
        )
    assert visits.count() == 9


def test_a_visit_of_an_unsettled_dispute_is_refused(world, dispute):
    visit = FollowUpVisit(
        dispute=dispute,
        settlement_round=0,
        sequence=1,
        due_on=date.today(),
        assignee=world.mediator_c1,
    )
    with pytest.raises(ValidationError):
        record_visit(visit, by=world.mediator_c1, method="phone", result="stable")


def _settle(world, dispute, days_ago=0):
    return settle_dispute(
        dispute,
        by=world.mediator_c1,
        terms="协议条款",
        signed_on=timezone.localdate() - timedelta(days=days_ago),
        signed_by="双方",
    )


def test_a_relapse_reopens_at_the_last_tier_and_cancels_the_rest(world, dispute):
    escalate_dispute(dispute, by=world.mediator_c1, reason="复杂", mediator=world.street_official)
    _settle(world, dispute)
    first, second = FollowUpVisit.objects.filter(dispute=dispute)[:2]
    record_visit(first, by=world.street_official, method="visit", result="stable")
    record_visit(
        second, by=world.street_official, method="phone", result="relapsed", notes="又吵起来了"
    )
    dispute.refresh_from_db()
    assert (dispute.status, dispute.tier) == ("open", 2)
    statuses = list(FollowUpVisit.objects.filter(dispute=dispute).values_list("status", flat=True))
    assert statuses == ["done", "done"] + ["cancelled"] * 7
    # settled again later: a new round of nine visits, the old ones untouched
    _settle(world, dispute)
    assert FollowUpVisit.objects.filter(dispute=dispute, status="planned").count() == 9
    assert dispute_figures()["relapses"] == 1


def test_a_risk_of_relapse_raises_a_risk_item_for_the_mediator(world, dispute):
    _settle(world, dispute)
    visit = FollowUpVisit.objects.filter(dispute=dispute).first()
    record_visit(visit, by=world.mediator_c1, method="visit", result="risk", notes="一方情绪激动")
    risk = RiskItem.objects.get()
    assert (risk.owner, risk.dispute, risk.urgency, risk.status) == (
        world.mediator_c1,
        dispute,
        "high",
        "open",
    )
    with pytest.raises(ValidationError):
        record_visit(visit, by=world.mediator_c1, method="visit", result="stable")  # twice


def test_reminders_and_overdue_alerts_go_out_once(world, dispute):
    _settle(world, dispute, days_ago=6)  # the first visit is due tomorrow
    counts = send_visit_alerts()
    assert counts == {"reminders": 1, "overdue": 0}
    assert send_visit_alerts() == {"reminders": 0, "overdue": 0}
    later = timezone.localdate() + timedelta(days=3)  # the first visit was never made
    assert send_visit_alerts(later)["overdue"] == 1
    assert send_visit_alerts(later)["overdue"] == 0
    assert world.mediator_c1.notifications.filter(kind="visit_overdue").count() == 1


def test_referral_and_civil_to_criminal_count(world, dispute):
    refer_dispute(
        dispute,
        by=world.mediator_c1,
        target="police",
        reason="涉嫌故意伤害",
        civil_to_criminal=True,
    )
    figures = dispute_figures()
    assert (figures["received"], figures["referred"], figures["civil_to_criminal"]) == (1, 1, 1)
    assert figures["success_rate"] == 0.0
    with pytest.raises(ValidationError):
        settle_dispute(
            dispute, by=world.mediator_c1, terms="x", signed_on=date.today(), signed_by="x"
        )


def test_success_rate_and_follow_up_compliance(world, dispute):
    _settle(world, dispute, days_ago=10)  # visit 1 was due 3 days ago
    visit = FollowUpVisit.objects.filter(dispute=dispute).first()
    record_visit(visit, by=world.mediator_c1, method="visit", result="stable")  # late
    figures = dispute_figures()
    assert figures["success_rate"] == 1.0 and figures["by_tier"] == {1: 1}
    assert (figures["visits_due"], figures["visits_on_time"]) == (1, 0)


def test_the_rota_takes_lawyers_in_turn_and_a_swap_exchanges_days(world):
    lawyers = [make_user(f"lawyer{i}", Role.LEGAL_ADVISOR, world.c1) for i in range(3)]
    monday = date(2026, 11, 30)
    shifts = generate_rota(world.c1, lawyers, first_day=monday, weeks=4, weekdays=[2])
    assert [(s.date.isoformat(), s.lawyer.username) for s in shifts] == [
        ("2026-12-02", "lawyer0"),
        ("2026-12-09", "lawyer1"),
        ("2026-12-16", "lawyer2"),
        ("2026-12-23", "lawyer0"),
    ]
    assert generate_rota(world.c1, lawyers, first_day=monday, weeks=4) == []  # days kept
    first, second = ClinicShift.objects.order_by("date")[:2]
    swap_shifts(first, second, by=world.community_official)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.lawyer.username, second.lawyer.username) == ("lawyer1", "lawyer0")
    with pytest.raises(ValidationError):
        generate_rota(world.ga, lawyers, first_day=monday, weeks=1)
