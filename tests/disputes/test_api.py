"""The disputes API: intake, tiers, settlement and its visits, relapses, the clinic, the risk
register and key-person files; bad input answers 400 with nothing saved; masking, audit and
query counts. Scoping of every resource is in tests/test_scoping.py (tests/scoping.py)."""

from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from disputes.actions.disputes import (
    escalate_dispute,
    receive_dispute,
    refer_dispute,
    settle_dispute,
    withdraw_dispute,
)
from disputes.actions.visits import record_visit
from disputes.models import (
    Agreement,
    ClinicShift,
    Dispute,
    DisputeCategory,
    DisputeEvent,
    DisputeParty,
    FollowUpVisit,
    KeyPerson,
    KeyPersonRevision,
    MediationPlan,
    RiskItem,
    TierHandling,
)
from disputes.models.visits import visit_plan
from grids.choices import Role
from grids.models import AuditEntry, User
from tests.conftest import make_user


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def mediator(world) -> APIClient:
    return api(world.mediator_c1)


def intake(world, **extra) -> dict:
    payload = {
        "area": "BA1",
        "category": "neighbours",
        "summary": "楼上漏水殃及楼下",
        "channel": "walk_in",
        "mediator": "mediator_c1",
        "parties": [
            {"person": world.person_a.pk, "role": "applicant"},
            {"person": world.person_b.pk, "role": "respondent"},
        ],
    }
    return {**payload, **extra}


@pytest.fixture
def dispute(world, mediator) -> Dispute:
    response = mediator.post("/api/v1/disputes/", intake(world), format="json")
    assert response.status_code == 201, response.content
    return Dispute.objects.get(pk=response.json()["id"])


def post(client: APIClient, url: str, payload: dict | None = None):
    return client.post(url, payload or {}, format="json")


def agreement(**extra) -> dict:
    return {
        "terms": "楼上修好水管并赔偿五百元",
        "signed_on": timezone.localdate().isoformat(),
        "signed_by": "张三、李四",
        **extra,
    }


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (
            Dispute,
            DisputeParty,
            TierHandling,
            DisputeEvent,
            Agreement,
            FollowUpVisit,
            RiskItem,
        )
    )


# ---- intake --------------------------------------------------------------------------------


def test_a_mediator_receives_a_dispute_with_its_parties(world, mediator):
    request = _resident_request(world)
    response = mediator.post(
        "/api/v1/disputes/",
        intake(world, channel="resident_request", source_request=request.public_id),
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "open" and body["tier"] == 1
    assert body["mediator"] == "mediator_c1" and body["source_request"] == request.public_id
    assert [party["role"] for party in body["parties"]] == ["applicant", "respondent"]
    dispute = Dispute.objects.get(pk=body["id"])
    assert dispute.created_by == world.mediator_c1
    assert list(dispute.handlings.values_list("tier", "ended_at")) == [(1, None)]
    assert list(dispute.events.values_list("kind", flat=True)) == ["received"]


def _resident_request(world):
    from grids.actions.requests import submit_request
    from grids.models import RequestCategory

    return submit_request(
        area=world.ba1, category=RequestCategory.objects.get(code="repair"), description="漏水"
    )


BAD_INTAKE = [
    ("one party", {"parties": "one"}, "parties"),
    ("unknown person", {"parties": "unknown"}, "parties"),
    ("a person out of scope", {"parties": "outside"}, "parties"),
    ("the same person twice", {"parties": "twice"}, "parties"),
    ("a party without a person", {"parties": "nobody"}, "parties"),
    ("no parties", {"parties": []}, "parties"),
    ("a bad party role", {"parties": "bad role"}, "parties"),
    ("a mediator without a tier-1 role", {"mediator": "worker_a"}, "mediator"),
    ("an area outside the caller's", {"area": "BC1"}, "area"),
    ("an unknown mediator", {"mediator": "nobody"}, "mediator"),
    ("an unknown category", {"category": "dragons"}, "category"),
    ("an unknown area", {"area": "NOPE"}, "area"),
    ("no summary", {"summary": "   "}, "summary"),
    ("a bad channel", {"channel": "pigeon"}, "channel"),
    ("a tier that does not exist", {"tier": 4}, "tier"),
    ("a sub-district at tier 1", {"area": "DF", "mediator": "admin"}, "area"),
    ("an unknown resident request", {"source_request": "NOPE"}, "source_request"),
]


@pytest.mark.parametrize(
    "change,field", [case[1:] for case in BAD_INTAKE], ids=[case[0] for case in BAD_INTAKE]
)
def test_bad_intake_gets_400_with_the_field_named_and_nothing_saved(
    world, change, field, django_user_model
):
    parties = {
        "one": [{"person": world.person_a.pk, "role": "applicant"}],
        "unknown": [
            {"person": world.person_a.pk, "role": "applicant"},
            {"person": 999999, "role": "respondent"},
        ],
        "outside": [
            {"person": world.person_a.pk, "role": "applicant"},
            {"person": world.person_c.pk, "role": "respondent"},
        ],
        "twice": [
            {"person": world.person_a.pk, "role": "applicant"},
            {"person": world.person_b.pk, "role": "respondent"},
            {"person": world.person_a.pk, "role": "other"},
        ],
        "nobody": [
            {"person": world.person_a.pk, "role": "applicant"},
            {"person": None, "role": "respondent"},
        ],
        "bad role": [
            {"person": world.person_a.pk, "role": "applicant"},
            {"person": world.person_b.pk, "role": "judge"},
        ],
    }
    if isinstance(change.get("parties"), str):
        change = {"parties": parties[change["parties"]]}
    # a sub-district is outside a community mediator's areas: the admin tries it
    client = api(world.admin if change.get("area") == "DF" else world.mediator_c1)
    before = counts()

    response = client.post("/api/v1/disputes/", intake(world, **change), format="json")

    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert counts() == before


def test_a_grid_worker_reads_disputes_but_cannot_receive_or_move_them(world, dispute):
    worker = api(world.worker_a)
    assert worker.get(f"/api/v1/disputes/{dispute.pk}/").status_code == 200
    refused = worker.post("/api/v1/disputes/", intake(world), format="json")
    assert refused.status_code == 400 and "area" in refused.json()
    withdraw = post(worker, f"/api/v1/disputes/{dispute.pk}/withdraw/", {"reason": "撤回"})
    assert withdraw.status_code == 404
    assert worker.patch(f"/api/v1/disputes/{dispute.pk}/", {"summary": "x"}).status_code == 405
    assert worker.delete(f"/api/v1/disputes/{dispute.pk}/").status_code == 405


# ---- masking and audit -----------------------------------------------------------------------


def test_parties_are_masked_in_lists_and_for_grid_workers(world, mediator, dispute):
    for client, url in [
        (mediator, "/api/v1/disputes/"),
        (api(world.worker_a), "/api/v1/disputes/"),
        (api(world.worker_a), f"/api/v1/disputes/{dispute.pk}/"),
    ]:
        response = client.get(url)
        body = response.json()
        row = body["results"][0] if "results" in body else body
        assert [(p["person"], p["name"]) for p in row["parties"]] == [(None, "张*"), (None, "李*")]
        assert "张三" not in response.content.decode()
    assert not AuditEntry.objects.filter(model="disputes.dispute").exists()


def test_a_sensitive_detail_read_shows_the_parties_and_is_audited(world, mediator, dispute):
    post(mediator, f"/api/v1/disputes/{dispute.pk}/plan/", _plan())

    body = mediator.get(f"/api/v1/disputes/{dispute.pk}/").json()

    assert [(p["person"], p["name"]) for p in body["parties"]] == [
        (world.person_a.pk, "张三"),
        (world.person_b.pk, "李四"),
    ]
    assert body["plan"]["experts"] == "社区律师"
    entry = AuditEntry.objects.get(model="disputes.dispute", object_id=str(dispute.pk))
    assert (entry.user, entry.action, entry.summary) == (world.mediator_c1, "view", "parties")
    # the worker sees neither the plan nor the agreement's terms, which name the parties
    worker_view = api(world.worker_a).get(f"/api/v1/disputes/{dispute.pk}/").json()
    assert worker_view["plan"] is None and worker_view["agreements"] == []


def _plan(**extra) -> dict:
    return {"plan": "分头做双方工作", "experts": "社区律师", "steps": "调查、座谈、签协议", **extra}


def test_the_plan_is_one_per_dispute_and_replaced_in_place(world, mediator, dispute):
    assert post(mediator, f"/api/v1/disputes/{dispute.pk}/plan/", _plan()).status_code == 200
    again = post(mediator, f"/api/v1/disputes/{dispute.pk}/plan/", _plan(steps="再座谈"))
    assert again.status_code == 200 and again.json()["steps"] == "再座谈"
    assert MediationPlan.objects.get(dispute=dispute).steps == "再座谈"
    bad = post(mediator, f"/api/v1/disputes/{dispute.pk}/plan/", _plan(plan=""))
    assert bad.status_code == 400 and "plan" in bad.json()


# ---- tiers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"mediator": "street_official"}, "reason"),
        ({"reason": "   ", "mediator": "street_official"}, "reason"),
        ({"reason": "社区调不下来"}, "mediator"),
        ({"reason": "社区调不下来", "mediator": "mediator_c1"}, "mediator"),  # no tier-2 role
        ({"reason": "社区调不下来", "mediator": "nobody"}, "mediator"),
    ],
)
def test_escalation_needs_a_reason_and_a_mediator_of_the_next_tier(
    world, mediator, dispute, payload, field
):
    before = counts()
    response = post(mediator, f"/api/v1/disputes/{dispute.pk}/escalate/", payload)
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert counts() == before
    dispute.refresh_from_db()
    assert (dispute.tier, dispute.mediator) == (1, world.mediator_c1)


def test_escalation_keeps_each_tiers_handling_with_one_open_at_a_time(world, mediator, dispute):
    make_user("lawyer", Role.LEGAL_ADVISOR, world.df)
    url = f"/api/v1/disputes/{dispute.pk}/escalate/"

    up = post(mediator, url, {"reason": "社区调不下来", "mediator": "street_official"})
    assert up.status_code == 200, up.content
    assert (up.json()["tier"], up.json()["mediator"]) == (2, "street_official")
    top = post(mediator, url, {"reason": "涉及专业问题", "mediator": "lawyer"})
    assert top.status_code == 200, top.content
    beyond = post(mediator, url, {"reason": "再升", "mediator": "lawyer"})
    assert beyond.status_code == 400 and "non_field_errors" in beyond.json()

    handlings = mediator.get(f"/api/v1/disputes/{dispute.pk}/").json()["handlings"]
    assert [(h["tier"], h["mediator"], h["outcome"]) for h in handlings] == [
        (1, "mediator_c1", "escalated"),
        (2, "street_official", "escalated"),
        (3, "lawyer", ""),
    ]
    assert [h["ended_at"] is None for h in handlings] == [False, False, True]
    assert handlings[0]["reason"] == "社区调不下来"
    with pytest.raises(IntegrityError), transaction.atomic():  # the database agrees
        TierHandling.objects.create(dispute=dispute, tier=3, mediator=world.street_official)
    events = api(world.worker_a).get(f"/api/v1/dispute-events/?dispute={dispute.pk}").json()
    kinds = [(e["kind"], e["from_tier"], e["to_tier"]) for e in events["results"]]
    assert kinds == [("escalated", 2, 3), ("escalated", 1, 2), ("received", None, 1)]


def test_reassigning_closes_one_handling_and_opens_the_next(world, mediator, dispute):
    missing = post(mediator, f"/api/v1/disputes/{dispute.pk}/reassign/", {"mediator": "admin"})
    assert missing.status_code == 400 and "reason" in missing.json()
    url = f"/api/v1/disputes/{dispute.pk}/reassign/"
    response = post(mediator, url, {"mediator": "community_official", "reason": "回避"})
    assert response.status_code == 200, response.content
    assert response.json()["mediator"] == "community_official"
    handlings = [(h.outcome, h.ended_at is None, h.mediator) for h in dispute.handlings.all()]
    assert handlings == [
        ("reassigned", False, world.mediator_c1),
        ("", True, world.community_official),
    ]


def test_sessions_are_recorded_while_the_dispute_is_mediated(world, mediator, dispute):
    session = {"held_at": timezone.now().isoformat(), "attendees": "张三、李四", "notes": "陈述"}
    url = f"/api/v1/disputes/{dispute.pk}/sessions/"

    assert post(mediator, url, {**session, "result": "maybe"}).status_code == 400
    assert (
        "attendees"
        in post(mediator, url, {**session, "result": "progress", "attendees": ""}).json()
    )
    future = (timezone.now() + timedelta(days=1)).isoformat()
    assert (
        "held_at"
        in post(mediator, url, {**session, "held_at": future, "result": "progress"}).json()
    )
    created = post(mediator, url, {**session, "result": "agreement"})
    assert created.status_code == 201, created.content
    assert created.json()["tier"] == 1 and created.json()["recorded_by"] == "mediator_c1"
    listed = mediator.get(f"/api/v1/mediation-sessions/?dispute={dispute.pk}").json()["results"]
    assert [row["id"] for row in listed] == [created.json()["id"]]
    assert api(world.worker_a).get("/api/v1/mediation-sessions/").json()["results"] == []

    post(mediator, f"/api/v1/disputes/{dispute.pk}/settle/", agreement())
    late = post(mediator, url, {**session, "result": "progress"})
    assert late.status_code == 400 and "non_field_errors" in late.json()


# ---- settlement and follow-up visits -------------------------------------------------------


@pytest.mark.parametrize(
    "change,field",
    [
        ({"terms": ""}, "terms"),
        ({"terms": "   "}, "terms"),
        ({"signed_by": ""}, "signed_by"),
        ({"signed_on": "someday"}, "signed_on"),
        ({"signed_on": (timezone.localdate() + timedelta(days=2)).isoformat()}, "signed_on"),
    ],
)
def test_settling_needs_the_agreement(world, mediator, dispute, change, field):
    before = counts()
    response = post(mediator, f"/api/v1/disputes/{dispute.pk}/settle/", agreement(**change))
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert counts() == before
    assert Dispute.objects.get(pk=dispute.pk).status == "open"


def test_settling_plans_nine_visits_and_settling_twice_is_refused(world, mediator, dispute):
    url = f"/api/v1/disputes/{dispute.pk}/settle/"
    response = post(mediator, url, agreement())
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "settled"
    visits = mediator.get(f"/api/v1/dispute-visits/?dispute={dispute.pk}").json()["results"]
    assert [v["due_on"] for v in visits] == [
        day.isoformat() for day in visit_plan(timezone.localdate())
    ]
    assert {(v["status"], v["assignee"], v["settlement_round"]) for v in visits} == {
        ("planned", "mediator_c1", 1)
    }

    again = post(mediator, url, agreement())
    assert again.status_code == 400 and "non_field_errors" in again.json()
    assert FollowUpVisit.objects.filter(dispute=dispute).count() == 9
    assert Agreement.objects.filter(dispute=dispute).count() == 1


def test_the_database_refuses_a_second_plan_for_the_same_settlement(world, mediator, dispute):
    post(mediator, f"/api/v1/disputes/{dispute.pk}/settle/", agreement())
    dispute.refresh_from_db()

    def plan_round_one():  # the bulk insert settle_dispute makes
        with transaction.atomic():
            FollowUpVisit.objects.bulk_create(
                FollowUpVisit(
                    dispute=dispute,
                    settlement_round=dispute.settlement_round,
                    sequence=number,
                    due_on=due,
                    assignee=dispute.mediator,
                )
                for number, due in enumerate(visit_plan(timezone.localdate()), start=1)
            )

    for _attempt in range(2):
        with pytest.raises(IntegrityError):
            plan_round_one()
    assert FollowUpVisit.objects.filter(dispute=dispute).count() == 9


def test_a_plan_already_written_makes_the_settlement_fail_whole(world, mediator, dispute):
    # A round planned already (say a retried request raced ahead): the insert hits the
    # constraint, and the status, agreement and event roll back with it.
    FollowUpVisit.objects.create(
        dispute=dispute,
        settlement_round=1,
        sequence=1,
        due_on=timezone.localdate(),
        assignee=world.mediator_c1,
    )
    before = counts()
    response = post(mediator, f"/api/v1/disputes/{dispute.pk}/settle/", agreement())
    assert response.status_code == 400 and "non_field_errors" in response.json()
    assert counts() == before
    assert Dispute.objects.get(pk=dispute.pk).status == "open"


@pytest.fixture
def settled(world, mediator, dispute) -> Dispute:
    """Escalated to the sub-district, then settled there."""
    escalate = {"reason": "社区调不下来", "mediator": "street_official"}
    assert post(mediator, f"/api/v1/disputes/{dispute.pk}/escalate/", escalate).status_code == 200
    assert post(mediator, f"/api/v1/disputes/{dispute.pk}/settle/", agreement()).status_code == 200
    return Dispute.objects.get(pk=dispute.pk)


def _visit(dispute: Dispute, sequence: int) -> FollowUpVisit:
    return dispute.visits.get(sequence=sequence, settlement_round=dispute.settlement_round)


def test_a_relapse_reopens_at_the_last_tier_and_cancels_the_rest(world, mediator, settled):
    first, second = _visit(settled, 1), _visit(settled, 2)
    response = post(
        mediator,
        f"/api/v1/dispute-visits/{first.pk}/record/",
        {"method": "visit", "result": "relapsed", "notes": "又吵起来了"},
    )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "done" and response.json()["result"] == "relapsed"
    dispute = Dispute.objects.get(pk=settled.pk)
    assert (dispute.status, dispute.tier, dispute.mediator) == ("open", 2, world.street_official)
    assert dispute.settled_at is None
    statuses = list(settled.visits.order_by("sequence").values_list("status", flat=True))
    assert statuses == ["done"] + ["cancelled"] * 8
    assert dispute.handlings.filter(ended_at__isnull=True).get().tier == 2
    assert dispute.events.filter(kind="reopened").count() == 1
    # the dispute is no longer settled: its visits are not recorded
    late = post(
        mediator,
        f"/api/v1/dispute-visits/{second.pk}/record/",
        {"method": "phone", "result": "stable"},
    )
    assert late.status_code == 400 and "non_field_errors" in late.json()
    # settled again: a new round of nine, the old round untouched
    assert post(mediator, f"/api/v1/disputes/{settled.pk}/settle/", agreement()).status_code == 200
    assert settled.visits.filter(settlement_round=2, status="planned").count() == 9
    old = settled.visits.filter(settlement_round=1).values_list("status", flat=True)
    assert sorted(old) == ["cancelled"] * 8 + ["done"]


def test_a_risk_of_relapse_puts_an_item_on_the_risk_register(world, mediator, settled):
    visit = _visit(settled, 1)
    response = post(
        mediator,
        f"/api/v1/dispute-visits/{visit.pk}/record/",
        {"method": "phone", "result": "risk", "notes": "乙方仍有怨气"},
    )

    assert response.status_code == 200, response.content
    risks = mediator.get(f"/api/v1/risks/?dispute={settled.pk}").json()["results"]
    assert len(risks) == 1
    assert (risks[0]["owner"], risks[0]["urgency"], risks[0]["status"]) == (
        "street_official",
        "high",
        "open",
    )
    assert risks[0]["nature"] == "neighbourhood" and risks[0]["description"] == "乙方仍有怨气"
    assert Dispute.objects.get(pk=settled.pk).status == "settled"


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"method": "phone"}, "result"),
        ({"method": "phone", "result": ""}, "result"),
        ({"method": "phone", "result": "fine"}, "result"),
        ({"result": "stable"}, "method"),
        ({"method": "", "result": "stable"}, "method"),
        ({"method": "phone", "result": "stable", "done_at": "tomorrow"}, "done_at"),
        (
            {
                "method": "phone",
                "result": "stable",
                "done_at": (timezone.now() + timedelta(hours=2)).isoformat(),
            },
            "done_at",
        ),
    ],
)
def test_bad_visit_records_get_400(world, mediator, settled, payload, field):
    visit = _visit(settled, 1)
    before = counts()
    response = post(mediator, f"/api/v1/dispute-visits/{visit.pk}/record/", payload)
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert counts() == before
    assert FollowUpVisit.objects.get(pk=visit.pk).status == "planned"


def test_a_visit_is_recorded_once_and_reassigned_only_while_planned(world, mediator, settled):
    visit = _visit(settled, 1)
    url = f"/api/v1/dispute-visits/{visit.pk}/"
    moved = post(mediator, url + "reassign/", {"assignee": "worker_a"})
    assert moved.status_code == 200 and moved.json()["assignee"] == "worker_a"
    assert post(mediator, url + "reassign/", {"assignee": "outsider"}).json().keys() == {"assignee"}
    done = post(mediator, url + "record/", {"method": "phone", "result": "stable"})
    assert done.status_code == 200 and done.json()["on_time"] is True
    assert (
        post(mediator, url + "record/", {"method": "phone", "result": "stable"}).status_code == 400
    )
    assert post(mediator, url + "reassign/", {"assignee": "mediator_c1"}).status_code == 400


def test_visit_filters(world, mediator, settled):
    week_two = timezone.localdate() + timedelta(days=15)
    due = mediator.get(f"/api/v1/dispute-visits/?due_before={week_two}").json()["results"]
    assert [v["sequence"] for v in due] == [1, 2]
    mine = api(world.street_official).get("/api/v1/dispute-visits/?mine=true").json()
    assert mine["count"] == 9
    assert mediator.get("/api/v1/dispute-visits/?mine=true").json()["count"] == 0
    assert mediator.get("/api/v1/dispute-visits/?status=done").json()["count"] == 0
    assert mediator.get("/api/v1/dispute-visits/?due_before=soon").status_code == 400


def test_referral_and_withdrawal_need_reasons_and_end_mediation(world, mediator, dispute):
    url = f"/api/v1/disputes/{dispute.pk}/"
    assert "reason" in post(mediator, url + "withdraw/", {"reason": ""}).json()
    assert "target" in post(mediator, url + "refer/", {"reason": "动手了"}).json()
    assert "target" in post(mediator, url + "refer/", {"reason": "x", "target": "moon"}).json()
    refer = {"reason": "动手伤人", "target": "police", "civil_to_criminal": True}
    referred = post(mediator, url + "refer/", refer)
    assert referred.status_code == 200, referred.content
    body = referred.json()
    assert (body["status"], body["referred_to"], body["civil_to_criminal"]) == (
        "referred",
        "police",
        True,
    )
    assert body["closed_at"] and body["handlings"][-1]["outcome"] == "referred"
    assert post(mediator, url + "withdraw/", {"reason": "撤回"}).status_code == 400


# ---- figures --------------------------------------------------------------------------------


def _receive(world, *, area=None, mediator=None) -> Dispute:
    return receive_dispute(
        area=area or world.ba1,
        category=DisputeCategory.objects.get(code="neighbours"),
        summary="纠纷",
        channel="walk_in",
        mediator=mediator or world.mediator_c1,
        parties=[(world.person_a, "applicant"), (world.person_b, "respondent")],
        by=world.admin,
    )


def _settle(dispute: Dispute, by, signed_on=None, **extra) -> Dispute:
    return settle_dispute(
        dispute,
        by=by,
        terms="协议",
        signed_on=signed_on or timezone.localdate(),
        signed_by="双方",
        **extra,
    )


def test_figures_count_the_callers_scope(world):
    admin, today = world.admin, timezone.localdate()
    month_ago = today - timedelta(days=30)
    early = _settle(_receive(world), admin, signed_on=month_ago)  # visits 7…28 days on are due
    for number, done_on in [(1, month_ago + timedelta(days=7)), (2, today - timedelta(days=2))]:
        record_visit(
            early.visits.get(sequence=number),
            by=admin,
            method="phone",
            result="stable",
            done_at=timezone.make_aware(datetime.combine(done_on, time(10))),
        )
    up = escalate_dispute(_receive(world), by=admin, reason="升级", mediator=world.street_official)
    _settle(up, admin)
    refer_dispute(_receive(world), by=admin, target="police", reason="动手", civil_to_criminal=True)
    withdraw_dispute(_receive(world), by=admin, reason="和好")
    relapsed = _settle(_receive(world), admin)
    record_visit(relapsed.visits.get(sequence=1), by=admin, method="visit", result="relapsed")
    mediator_c2 = make_user("mediator_c2", Role.MEDIATOR, world.c2)
    _settle(_receive(world, area=world.bc1, mediator=mediator_c2), admin)

    response = api(world.community_official).get("/api/v1/disputes/figures/")

    assert response.status_code == 200, response.content
    assert response.json() == {
        "received": 5,
        "settled": 2,
        "referred": 1,
        "withdrawn": 1,
        "open": 1,
        "civil_to_criminal": 1,
        "success_rate": 0.6667,
        "by_tier": {"1": 1, "2": 1},
        "by_category": {"邻里纠纷": 5},
        "visits_due": 4,
        "visits_on_time": 1,
        "followup_compliance": 0.25,
        "relapses": 1,
    }
    everywhere = api(world.street_official).get("/api/v1/disputes/figures/").json()
    assert (everywhere["received"], everywhere["settled"]) == (6, 3)
    tomorrow = (timezone.now() + timedelta(days=1)).isoformat()
    later = api(world.street_official).get("/api/v1/disputes/figures/", {"start": tomorrow})
    assert later.json()["received"] == 0 and later.json()["success_rate"] is None
    within = api(world.street_official).get("/api/v1/disputes/figures/?within=C2").json()
    assert within["received"] == 1


@pytest.mark.parametrize(
    "params,field",
    [
        ({"start": "yesterday"}, "start"),
        ({"end": "2028-13-45T00:00"}, "end"),
        ({"start": "2028-02-01T00:00:00Z", "end": "2028-01-01T00:00:00Z"}, "end"),
    ],
)
def test_figures_refuse_bad_periods(world, params, field):
    response = api(world.street_official).get("/api/v1/disputes/figures/", params)
    assert response.status_code == 400
    assert field in response.json()


# ---- query counts ---------------------------------------------------------------------------


def _queries(user: User, url: str) -> tuple[int, int]:
    client = api(User.objects.get(pk=user.pk))  # a fresh user: its scope is read again
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), len(response.json()["results"])


def _settled_disputes(world, n: int) -> None:
    for _ in range(n):  # one visit each, so each dispute adds one row to the visit list
        _settle(_receive(world), world.mediator_c1, weekly=1, monthly=0)


def test_dispute_and_visit_lists_take_the_same_queries_for_ten_and_a_hundred(world):
    _settled_disputes(world, 10)
    small = {url: _queries(world.mediator_c1, url) for url in LISTS}
    _settled_disputes(world, 90)
    large = {url: _queries(world.mediator_c1, url) for url in LISTS}

    assert [rows for _queries, rows in small.values()] == [10, 10]
    assert [rows for _queries, rows in large.values()] == [50, 50]
    assert [n for n, _rows in small.values()] == [n for n, _rows in large.values()]
    # disputes: the caller's scope, count, page, parties with their people, tier handlings
    # with their mediators; visits: scope, count, page (dispute, area and assignee joined)
    assert [n for n, _rows in large.values()] == [5, 3]


LISTS = ["/api/v1/disputes/", "/api/v1/dispute-visits/?mine=true"]


# ---- the legal clinic ------------------------------------------------------------------------


@pytest.fixture
def lawyers(world) -> list[User]:
    return [make_user(name, Role.LEGAL_ADVISOR, world.df) for name in ("lawyer1", "lawyer2")]


def _rota(**extra) -> dict:
    monday = timezone.localdate() + timedelta(days=7 - timezone.localdate().weekday())
    return {
        "community": "C1",
        "lawyers": ["lawyer1", "lawyer2"],
        "first_day": monday.isoformat(),
        "weeks": 2,
        "weekdays": [1, 3],
        **extra,
    }


def test_the_rota_takes_lawyers_in_turn_and_keeps_existing_days(world, mediator, lawyers):
    response = post(mediator, "/api/v1/clinic-shifts/rota/", _rota())
    assert response.status_code == 201, response.content
    assert [s["lawyer"] for s in response.json()] == ["lawyer1", "lawyer2"] * 2
    assert {s["community"] for s in response.json()} == {"C1"}
    again = post(mediator, "/api/v1/clinic-shifts/rota/", _rota(weeks=3))
    assert len(again.json()) == 2 and ClinicShift.objects.count() == 6

    first, second = ClinicShift.objects.order_by("date")[:2]
    swapped = post(mediator, f"/api/v1/clinic-shifts/{first.pk}/swap/", {"second": second.pk})
    assert swapped.status_code == 200, swapped.content
    assert (swapped.json()["lawyer"], swapped.json()["swapped_from"]) == ("lawyer2", "lawyer1")
    assert ClinicShift.objects.get(pk=second.pk).lawyer.username == "lawyer1"
    third = ClinicShift.objects.filter(lawyer__username="lawyer2").exclude(pk=first.pk).first()
    same = post(mediator, f"/api/v1/clinic-shifts/{first.pk}/swap/", {"second": third.pk})
    assert same.status_code == 400 and "second" in same.json()


@pytest.mark.parametrize(
    "change,field",
    [
        ({"community": "GA"}, "community"),  # a grid, not a community
        ({"community": "C2"}, "community"),  # outside the mediator's scope
        ({"lawyers": ["worker_a"]}, "lawyers"),  # not a legal advisor
        ({"lawyers": []}, "lawyers"),
        ({"weeks": 0}, "weeks"),
        ({"weeks": 53}, "weeks"),
        ({"weekdays": [7]}, "weekdays"),
        ({"first_day": "monday"}, "first_day"),
        ({"starts_at": "12:00", "ends_at": "09:00"}, "ends_at"),
    ],
)
def test_bad_rotas_get_400_and_no_shifts(world, mediator, lawyers, change, field):
    response = post(mediator, "/api/v1/clinic-shifts/rota/", _rota(**change))
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not ClinicShift.objects.exists()


def test_a_consultation_records_who_took_it_and_belongs_to_its_clinic(world, mediator, lawyers):
    post(mediator, "/api/v1/clinic-shifts/rota/", _rota())
    shift = ClinicShift.objects.first()
    other = ClinicShift.objects.create(community=world.c2, date=shift.date, lawyer=lawyers[0])
    question = {
        "area": "BA1",
        "asked_by": "张三",
        "topic": "租房",
        "question": "押金不退怎么办",
        "advice": "先协商，不成可起诉",
    }
    created = post(mediator, "/api/v1/consultations/", {**question, "shift": shift.pk})
    assert created.status_code == 201, created.content
    assert created.json()["recorded_by"] == "mediator_c1"
    wrong = post(mediator, "/api/v1/consultations/", {**question, "shift": other.pk})
    assert wrong.status_code == 400 and "shift" in wrong.json()
    assert "advice" in post(mediator, "/api/v1/consultations/", {**question, "advice": ""}).json()


# ---- screenings and the risk register -------------------------------------------------------


def test_screenings_name_leaders_who_work_there(world):
    worker = api(world.worker_a)
    screening = {"kind": "mwf_visit", "date": "2028-03-01", "area": "GA", "households_visited": 9}
    created = post(worker, "/api/v1/screenings/", {**screening, "leaders": ["worker_a"]})
    assert created.status_code == 201, created.content
    assert created.json()["leaders"] == ["worker_a"]
    stranger = post(worker, "/api/v1/screenings/", {**screening, "leaders": ["worker_b"]})
    assert stranger.status_code == 400 and "leaders" in stranger.json()
    negative = post(
        worker,
        "/api/v1/screenings/",
        {**screening, "leaders": ["worker_a"], "households_visited": -1},
    )
    assert negative.status_code == 400 and "households_visited" in negative.json()


def test_a_risk_is_resolved_only_through_its_action(world):
    worker = api(world.worker_a)
    risk = {
        "area": "BA1",
        "title": "楼道堆物",
        "description": "堆物引发争吵",
        "nature": "neighbourhood",
        "urgency": "medium",
        "owner": "worker_a",
        "deadline": (timezone.localdate() + timedelta(days=7)).isoformat(),
    }
    assert "owner" in post(worker, "/api/v1/risks/", {**risk, "owner": "worker_b"}).json()
    created = post(worker, "/api/v1/risks/", risk)
    assert created.status_code == 201, created.content
    url = f"/api/v1/risks/{created.json()['id']}/"

    patched = worker.patch(url, {"status": "resolved", "title": "楼道堆物（二）"}, format="json")
    assert patched.status_code == 200 and patched.json()["status"] == "open"
    assert "resolution" in post(worker, url + "resolve/", {"resolution": " "}).json()
    resolved = post(worker, url + "resolve/", {"resolution": "已清理"})
    assert resolved.status_code == 200, resolved.content
    assert resolved.json()["status"] == "resolved" and resolved.json()["resolved_at"]
    assert post(worker, url + "resolve/", {"resolution": "再清理"}).status_code == 400


# ---- key-person files ------------------------------------------------------------------------


@pytest.fixture
def key_person(world, mediator) -> KeyPerson:
    response = post(
        mediator,
        "/api/v1/key-people/",
        {
            "person": world.person_a.pk,
            "area": "BA1",
            "category": "petitioner",
            "risk_level": "high",
            "reason": "多次越级上访",
            "responsible": "mediator_c1",
        },
    )
    assert response.status_code == 201, response.content
    return KeyPerson.objects.get(pk=response.json()["id"])


def _reads(how: str) -> int:
    return AuditEntry.objects.filter(model="disputes.keyperson", action="view", summary=how).count()


def test_a_grid_worker_cannot_read_or_file_key_people(world, key_person):
    worker = api(world.worker_a)
    assert worker.get(f"/api/v1/key-people/{key_person.pk}/").status_code == 404
    assert worker.get(f"/api/v1/key-people/{key_person.pk}/revisions/").status_code == 404
    assert worker.get("/api/v1/key-people/").json()["results"] == []
    refused = post(
        worker,
        "/api/v1/key-people/",
        {
            "person": world.person_a.pk,
            "area": "BA1",
            "category": "other",
            "risk_level": "low",
            "reason": "x",
            "responsible": "worker_a",
        },
    )
    assert refused.status_code == 400 and "area" in refused.json()
    assert KeyPerson.objects.count() == 1
    assert not AuditEntry.objects.filter(user=world.worker_a).exists()


def test_key_people_are_masked_in_lists_and_every_read_is_logged(world, mediator, key_person):
    for expected_reads in (1, 2):
        response = mediator.get("/api/v1/key-people/")
        row = response.json()["results"][0]
        assert (row["name"], row["masked_id_number"]) == ("张*", "1101**********002X")
        assert "张三" not in response.content.decode()
        assert _reads("api list") == expected_reads

    detail = mediator.get(f"/api/v1/key-people/{key_person.pk}/").json()
    assert detail["name"] == "张三" and detail["masked_id_number"] == "1101**********002X"
    assert _reads("api detail") == 1
    entry = AuditEntry.objects.filter(summary="api detail").get()
    assert (entry.user, entry.object_id) == (world.mediator_c1, str(key_person.pk))


def test_changing_a_key_person_file_keeps_its_revisions(world, mediator, key_person):
    url = f"/api/v1/key-people/{key_person.pk}/"
    changed = mediator.patch(url, {"measures": "每周走访"}, format="json")
    assert changed.status_code == 200, changed.content
    bad = mediator.patch(url, {"responsible": "worker_b", "risk_level": "extreme"}, format="json")
    assert bad.status_code == 400 and {"responsible", "risk_level"} & bad.json().keys()
    moved = mediator.patch(url, {"person": world.person_b.pk}, format="json")
    assert moved.status_code == 400 and "person" in moved.json()  # lives in another building
    assert mediator.delete(url).status_code == 405

    revisions = mediator.get(url + "revisions/").json()
    assert [r["snapshot"]["measures"] for r in revisions] == ["每周走访", ""]
    assert {r["by"] for r in revisions} == {"mediator_c1"}
    assert KeyPersonRevision.objects.filter(key_person=key_person).count() == 2
    actions_logged = AuditEntry.objects.filter(model="disputes.keyperson").values_list(
        "action", flat=True
    )
    assert sorted(actions_logged) == ["create", "update", "view"]  # the revisions read too


# ---- the schema ------------------------------------------------------------------------------


def test_the_schema_has_no_warnings(db, tmp_path):
    call_command(
        "spectacular", "--file", str(tmp_path / "schema.yaml"), "--validate", "--fail-on-warn"
    )
    assert "/api/v1/disputes/{id}/settle/" in (tmp_path / "schema.yaml").read_text()
