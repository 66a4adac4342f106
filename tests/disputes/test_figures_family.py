"""The disputes and prevention families against a hand-counted fixture over a year end."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from disputes.choices import DisputeEventKind, DisputeStatus, RiskStatus, Tier, VisitStatus
from disputes.models import Dispute, FollowUpVisit, RiskItem
from grids.generic.figures import BY_CATEGORY, BY_CHILD, BY_MONTH, Period, family
from tests.disputes.factories import (
    ConsultationFactory,
    DisputeEventFactory,
    DisputeFactory,
    KeyPersonFactory,
    RiskItemFactory,
    ScreeningCampaignFactory,
)

PERIOD = Period(date(2025, 12, 1), date(2026, 2, 1))


def local(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def dispute(area, received, status=DisputeStatus.OPEN, **extra) -> Dispute:
    row = DisputeFactory(area=area)
    Dispute.objects.filter(pk=row.pk).update(received_at=received, status=status, **extra)
    row.refresh_from_db()
    return row


def visit(row, sequence, due_on, done_on=None, status=VisitStatus.PLANNED):
    return FollowUpVisit.objects.create(
        dispute=row,
        settlement_round=1,
        sequence=sequence,
        due_on=due_on,
        assignee=row.mediator,
        status=status,
        done_at=local(done_on.year, done_on.month, done_on.day, 10) if done_on else None,
        result="stable" if done_on else "",
    )


@pytest.fixture
def mediation(world):
    settled = dispute(world.ga, local(2025, 12, 3, 9), DisputeStatus.SETTLED)
    dispute(world.gb, local(2026, 1, 10, 9), DisputeStatus.SETTLED, tier=Tier.SUBDISTRICT)
    dispute(world.ga, local(2026, 1, 20, 9), DisputeStatus.REFERRED, civil_to_criminal=True)
    dispute(world.ga, local(2026, 1, 25, 9), DisputeStatus.WITHDRAWN)
    dispute(world.ga, local(2025, 11, 30, 23, 59), DisputeStatus.REFERRED)  # before
    dispute(world.gc, local(2026, 1, 5, 9), DisputeStatus.REFERRED)  # C2
    visit(settled, 1, date(2025, 12, 10), done_on=date(2025, 12, 10), status=VisitStatus.DONE)
    visit(settled, 2, date(2025, 12, 17), done_on=date(2025, 12, 19), status=VisitStatus.DONE)
    visit(settled, 3, date(2026, 1, 3))  # missed: planned, past due
    visit(settled, 4, date(2026, 1, 10), status=VisitStatus.CANCELLED)
    DisputeEventFactory(dispute=settled, kind=DisputeEventKind.REOPENED, at=local(2026, 1, 2, 9))
    return world


def test_a_community_counts_its_disputes_of_the_period(mediation):
    figures = family("disputes").compute(mediation.c1, PERIOD)
    assert figures == {
        "received": 4,
        "settled": 2,
        "success_rate": round(2 / 3, 4),  # settled ÷ (settled + referred); withdrawn aside
        "referred": 1,
        "civil_to_criminal": 1,
        "followup_compliance": round(1 / 3, 4),  # 3 due (one cancelled), 1 done on its day
        "relapses": 1,
    }
    assert family("disputes").compute(mediation.c2, PERIOD)["success_rate"] == 0.0


def test_disputes_break_down_by_grid_month_and_tier(mediation):
    by_child = family("disputes").compute(mediation.c1, PERIOD, by=BY_CHILD)
    assert {k: v["received"] for k, v in by_child.items()} == {
        mediation.ga.pk: 3,
        mediation.gb.pk: 1,
    }
    by_month = family("disputes").compute(mediation.c1, PERIOD, by=BY_MONTH)
    assert {k: v["received"] for k, v in by_month.items()} == {"2025-12": 1, "2026-01": 3}
    assert by_month["2025-12"]["followup_compliance"] == 0.5
    by_tier = family("disputes").compute(mediation.c1, PERIOD, by=BY_CATEGORY)
    assert by_tier[str(Tier.SUBDISTRICT.label)]["settled"] == 1
    assert by_tier[str(Tier.COMMUNITY.label)]["received"] == 3


def test_no_disputes_give_no_rates(world):
    figures = family("disputes").compute(world.c2, PERIOD)
    assert figures["received"] == 0
    assert figures["success_rate"] is None
    assert figures["followup_compliance"] is None


def test_overdue_lists_the_missed_visit_of_the_community_only(mediation):
    rows = family("disputes").overdue(mediation.c1, timezone.now())
    assert len(rows) == 1
    assert rows[0]["url"].startswith("/disputes/")
    assert family("disputes").overdue(mediation.c2, timezone.now()) == []


def test_prevention_counts_clinic_screenings_risks_and_files(world):
    ConsultationFactory(area=world.c1, at=local(2025, 12, 31, 23, 30))
    ConsultationFactory(area=world.c1, at=local(2026, 2, 1, 0, 0))  # after
    ConsultationFactory(area=world.c2, at=local(2026, 1, 3, 9))  # C2
    ScreeningCampaignFactory(area=world.ga, date=date(2026, 1, 5))
    ScreeningCampaignFactory(area=world.gb, date=date(2025, 11, 30))  # before
    found = RiskItemFactory(area=world.ga)
    RiskItem.objects.filter(pk=found.pk).update(
        created_at=local(2025, 12, 20, 9),
        status=RiskStatus.RESOLVED,
        resolved_at=local(2026, 1, 8, 9),
        resolution="已清理",
    )
    KeyPersonFactory(area=world.gb)
    KeyPersonFactory(area=world.gc)
    figures = family("prevention").compute(world.c1, PERIOD)
    assert figures == {
        "consultations": 1,
        "screenings": 1,
        "risks_found": 1,
        "risks_resolved": 1,
        "key_persons": 1,
    }
    by_month = family("prevention").compute(world.c1, PERIOD, by=BY_MONTH)
    assert by_month["2025-12"]["consultations"] == 1  # 23:30 on New Year's Eve, local
    assert by_month["2025-12"]["risks_found"] == 1
    assert by_month["2026-01"]["risks_resolved"] == 1
    by_child = family("prevention").compute(world.c1, PERIOD, by=BY_CHILD)
    assert by_child[world.gb.pk]["key_persons"] == 1
    assert by_child[world.ga.pk]["screenings"] == 1
    empty = family("prevention").compute(world.c2, Period(date(2020, 1, 1), date(2020, 2, 1)))
    assert empty["consultations"] == 0 and empty["key_persons"] == 1
