"""Pages of the disputes app, through HTTP as the user would use them: intake, the dispute
page and its actions, follow-up visits, the workbench, the clinic rota, risks, key people."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from disputes.actions.disputes import escalate_dispute, receive_dispute, settle_dispute
from disputes.actions.prevention import save_key_person
from disputes.models import (
    ClinicShift,
    Consultation,
    Dispute,
    DisputeCategory,
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
from grids.choices import Role
from grids.models import AuditEntry
from tests.conftest import make_user
from tests.disputes.factories import RiskItemFactory


def _intake(world, **changes) -> dict:
    data = {
        "area": world.ba1.pk,
        "category": DisputeCategory.objects.get(code="neighbours").pk,
        "summary": "楼上漏水，协商不成",
        "applicants": [world.person_a.pk],
        "respondents": [world.person_b.pk],
        "channel": "walk_in",
        "risk_level": "low",
        "mode": "volunteer_clinic",
        "tier": 1,
        "mediator": world.mediator_c1.pk,
        "source_request": "",
    }
    return {**data, **changes}


def _receive(world, mediator=None, area=None) -> Dispute:
    return receive_dispute(
        area=area or world.ba1,
        category=DisputeCategory.objects.get(code="family"),
        summary="家庭矛盾",
        channel="walk_in",
        mediator=mediator or world.mediator_c1,
        parties=[(world.person_a, "applicant"), (world.person_b, "respondent")],
        by=world.community_official,
    )


def _settle(world, dispute: Dispute, days_ago: int = 0) -> Dispute:
    return settle_dispute(
        dispute,
        by=world.mediator_c1,
        terms="赔偿五百元",
        signed_on=timezone.localdate() - timedelta(days=days_ago),
        signed_by="张三、李四",
    )


def _error_messages(response) -> list[str]:
    return [m.message for m in response.context["messages"] if m.level_tag == "error"]


def _ids(html: bytes, table_id: str, attribute: str = "data-pk") -> list[int]:
    section = html.decode().split(f'id="{table_id}"')[1].split("</table>")[0]
    return [int(pk) for pk in re.findall(rf'{attribute}="(\d+)"', section)]


# ---- intake -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"respondents": []}, "__all__"),  # one party only
        ({"mediator": ""}, "mediator"),
        ("street_official", "mediator"),  # an official holds no tier-1 role
    ],
    ids=["one party", "no mediator", "mediator without a tier-1 role"],
)
def test_intake_refuses_bad_input_and_saves_nothing(world, as_user, changes, field):
    if isinstance(changes, str):
        changes = {"mediator": getattr(world, changes).pk}
    response = as_user(world.mediator_c1).post("/disputes/add/", _intake(world, **changes))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Dispute.objects.exists()
    assert not DisputeParty.objects.exists() and not TierHandling.objects.exists()


def test_intake_offers_only_places_and_people_in_scope(world, as_user):
    form = as_user(world.mediator_c1).get("/disputes/add/").context["form"]
    assert world.gc not in form.fields["area"].queryset
    assert world.person_c not in form.fields["applicants"].queryset
    response = as_user(world.mediator_c1).post(
        "/disputes/add/", _intake(world, respondents=[world.person_c.pk])
    )
    assert response.status_code == 400 and not Dispute.objects.exists()


def test_a_grid_worker_cannot_open_the_intake_form(world, as_user):
    assert as_user(world.worker_a).get("/disputes/add/").status_code == 404


# ---- the whole flow ---------------------------------------------------------------------------


def test_a_dispute_goes_from_intake_to_a_relapse_through_the_pages(world, as_user):
    client = as_user(world.mediator_c1)
    response = client.post("/disputes/add/", _intake(world))
    dispute = Dispute.objects.get()
    assert response.status_code == 302 and response.url == f"/disputes/{dispute.pk}/"
    assert dispute.party_links.count() == 2 and dispute.created_by == world.mediator_c1
    url = f"/disputes/{dispute.pk}/"

    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    session = {"held_at": now, "attendees": "张三、李四", "notes": "各自陈述", "result": "failed"}
    client.post(url + "session/", session)
    assert MediationSession.objects.filter(dispute=dispute).count() == 1

    escalation = {"reason": "", "mediator": world.street_official.pk}
    response = client.post(url + "escalate/", escalation, follow=True)
    assert _error_messages(response)
    dispute.refresh_from_db()
    assert (dispute.tier, dispute.mediator) == (1, world.mediator_c1)

    client.post(url + "escalate/", {**escalation, "reason": "社区调解未果"})
    dispute.refresh_from_db()
    assert (dispute.tier, dispute.mediator) == (2, world.street_official)

    today = timezone.localdate().isoformat()
    settlement = {"terms": "赔偿五百元", "signed_on": today, "signed_by": "张三、李四"}
    response = client.post(url + "settle/", settlement, follow=True)
    assert not _error_messages(response)
    assert 'data-status="settled"' in response.content.decode()
    visits = _ids(response.content, "visits", "data-visit")
    assert len(visits) == 9

    first = FollowUpVisit.objects.get(pk=visits[0])
    assert client.get(f"/disputes/visits/{first.pk}/").status_code == 200
    record = {"method": "visit", "result": "relapsed", "notes": "又吵起来了"}
    response = client.post(f"/disputes/visits/{first.pk}/", record)
    assert response.status_code == 302 and response.url == url
    dispute.refresh_from_db()
    assert dispute.status == "open"
    assert FollowUpVisit.objects.filter(dispute=dispute, status="cancelled").count() == 8
    body = client.get(url).content.decode()
    assert 'data-status="open"' in body and 'id="dispute-actions"' in body


def test_a_visit_cannot_be_recorded_twice(world, as_user):
    dispute = _settle(world, _receive(world))
    visit = dispute.visits.first()
    client = as_user(world.mediator_c1)
    client.post(f"/disputes/visits/{visit.pk}/", {"method": "phone", "result": "stable"})
    response = client.post(f"/disputes/visits/{visit.pk}/", {"method": "phone", "result": "risk"})
    assert response.status_code == 400
    visit.refresh_from_db()
    assert visit.result == "stable" and not RiskItem.objects.exists()


def test_a_visit_goes_only_to_someone_working_in_the_area(world, as_user):
    visit = _settle(world, _receive(world)).visits.first()
    client = as_user(world.mediator_c1)
    response = client.post(
        f"/disputes/visits/{visit.pk}/reassign/", {"assignee": world.worker_b.pk}, follow=True
    )
    assert _error_messages(response)
    client.post(f"/disputes/visits/{visit.pk}/reassign/", {"assignee": world.worker_a.pk})
    visit.refresh_from_db()
    assert visit.assignee == world.worker_a


def test_a_refused_transition_is_a_message_and_changes_nothing(world, as_user):
    dispute = _receive(world)
    client = as_user(world.community_official)
    url = f"/disputes/{dispute.pk}/"
    referral = {"target": "police", "reason": "动手打人", "civil_to_criminal": "on"}
    client.post(url + "refer/", referral)
    dispute.refresh_from_db()
    assert (dispute.status, dispute.civil_to_criminal) == ("referred", True)
    response = client.post(url + "withdraw/", {"reason": "撤回"}, follow=True)
    assert _error_messages(response)
    dispute.refresh_from_db()
    assert dispute.status == "referred"
    assert 'id="dispute-actions"' not in response.content.decode()  # nothing left to do


def test_the_plan_is_written_and_rewritten(world, as_user):
    dispute = _receive(world)
    client = as_user(world.mediator_c1)
    plan = {"plan": "分头做工作", "experts": "王律师", "steps": "一、走访"}
    client.post(f"/disputes/{dispute.pk}/plan/", plan)
    client.post(f"/disputes/{dispute.pk}/plan/", {**plan, "experts": "王律师、李法官"})
    assert MediationPlan.objects.get(dispute=dispute).experts == "王律师、李法官"


def test_reassigning_needs_a_mediator_of_the_tier(world, as_user):
    dispute = _receive(world)
    client = as_user(world.mediator_c1)
    url = f"/disputes/{dispute.pk}/reassign/"
    response = client.post(url, {"reason": "回避", "mediator": world.worker_a.pk}, follow=True)
    assert _error_messages(response)
    client.post(url, {"reason": "回避", "mediator": world.community_official.pk})
    dispute.refresh_from_db()
    assert dispute.mediator == world.community_official


# ---- scope and sensitive names ---------------------------------------------------------------


def test_a_grid_worker_of_another_grid_gets_404_on_the_dispute_and_its_actions(world, as_user):
    dispute = _settle(world, _receive(world))
    visit = dispute.visits.first()
    client = as_user(world.worker_b)
    assert client.get(f"/disputes/{dispute.pk}/").status_code == 404
    for action in ["session", "plan", "escalate", "reassign", "settle", "refer", "withdraw"]:
        assert client.post(f"/disputes/{dispute.pk}/{action}/", {"reason": "x"}).status_code == 404
    assert client.get(f"/disputes/visits/{visit.pk}/").status_code == 404
    assert client.post(f"/disputes/visits/{visit.pk}/", {"result": "relapsed"}).status_code == 404
    assert dispute.pk not in _ids(client.get("/disputes/all/").content, "object-list")
    dispute.refresh_from_db()
    assert dispute.status == "settled"


def test_the_grid_worker_of_the_grid_sees_masked_parties_and_no_actions(world, as_user):
    dispute = _receive(world)
    client = as_user(world.worker_a)
    body = client.get(f"/disputes/{dispute.pk}/").content.decode()
    assert "张*" in body and "张三" not in body
    assert 'id="dispute-actions"' not in body and not AuditEntry.objects.exists()
    assert client.post(f"/disputes/{dispute.pk}/withdraw/", {"reason": "x"}).status_code == 404


def test_a_mediator_sees_whole_party_names_and_the_read_is_audited(world, as_user):
    dispute = _receive(world)
    body = as_user(world.mediator_c1).get(f"/disputes/{dispute.pk}/").content.decode()
    assert "张三" in body and "李四" in body
    entry = AuditEntry.objects.get()
    assert (entry.user, entry.model, entry.object_id, entry.summary) == (
        world.mediator_c1,
        "disputes.dispute",
        str(dispute.pk),
        "parties",
    )


def test_the_dispute_list_masks_party_names_and_filters(world, as_user):
    mine = _receive(world)
    escalated = escalate_dispute(
        _receive(world), by=world.mediator_c1, reason="升级", mediator=world.street_official
    )
    client = as_user(world.street_official)
    body = client.get("/disputes/all/").content.decode()
    assert "张*" in body and "李*" in body and "张三" not in body
    assert _ids(client.get("/disputes/all/?tier=2").content, "object-list") == [escalated.pk]
    query = f"?mediator={world.mediator_c1.pk}&within=GA&category=family&status=open"
    assert _ids(client.get("/disputes/all/" + query).content, "object-list") == [mine.pk]
    assert _ids(client.get("/disputes/all/?within=C2").content, "object-list") == []


# ---- the workbench ----------------------------------------------------------------------------


def test_the_workbench_shows_my_visits_this_week_overdue_first(world, as_user):
    dispute = _settle(world, _receive(world), days_ago=14)  # visits due 7 days ago, today, …
    still_open = _receive(world)
    visits = list(dispute.visits.order_by("sequence"))
    response = as_user(world.mediator_c1).get("/disputes/")
    assert response.status_code == 200
    assert _ids(response.content, "my-visits", "data-visit") == [visits[0].pk, visits[1].pk]
    row = response.content.decode().split(f'data-visit="{visits[0].pk}"')[0].rsplit("<tr", 1)[1]
    assert "overdue" in row
    assert f"/disputes/visits/{visits[0].pk}/" in response.content.decode()
    assert _ids(response.content, "my-disputes") == [still_open.pk]
    assert response.context["figures"]["received"] == 2
    assert response.context["figures"]["settled"] == 1


def test_another_mediator_has_no_visits_on_their_workbench(world, as_user):
    _settle(world, _receive(world), days_ago=14)
    response = as_user(world.community_official).get("/disputes/")
    assert _ids(response.content, "my-visits", "data-visit") == []


# ---- the legal clinic --------------------------------------------------------------------------


@pytest.fixture
def lawyers(world):
    return [make_user(f"lawyer_{n}", Role.LEGAL_ADVISOR, world.c1) for n in (1, 2)]


def test_the_rota_is_generated_and_two_lawyers_swap_days(world, as_user, lawyers):
    today = timezone.localdate()
    next_monday = today + timedelta(days=7 - today.weekday())
    client = as_user(world.community_official)
    rota = {
        "community": world.c1.pk,
        "lawyers": [lawyer.pk for lawyer in lawyers],
        "first_day": next_monday.isoformat(),
        "weeks": 2,
        "weekdays": [1, 3],
        "starts_at": "09:00",
        "ends_at": "12:00",
    }
    response = client.post("/disputes/clinic/rota/", rota)
    assert response.status_code == 302
    shifts = list(ClinicShift.objects.order_by("date"))
    assert [s.lawyer for s in shifts] == lawyers * 2
    assert [s.date.weekday() for s in shifts] == [1, 3, 1, 3]
    body = client.get("/disputes/clinic/").content.decode()
    assert all(f'data-shift="{s.pk}"' in body for s in shifts)

    same_lawyer = {"first": shifts[0].pk, "second": shifts[2].pk}
    response = client.post("/disputes/clinic/swap/", same_lawyer, follow=True)
    assert _error_messages(response)
    client.post("/disputes/clinic/swap/", {"first": shifts[0].pk, "second": shifts[1].pk})
    shifts[0].refresh_from_db()
    shifts[1].refresh_from_db()
    assert (shifts[0].lawyer, shifts[0].swapped_from) == (lawyers[1], lawyers[0])
    assert shifts[1].lawyer == lawyers[0]
    workbench = as_user(lawyers[0]).get("/disputes/").content.decode()
    assert shifts[1].date.strftime("%Y-%m-%d") in workbench.split('id="my-shifts"')[1]


def test_the_rota_refuses_bad_input_and_other_communities(world, as_user, lawyers):
    client = as_user(world.community_official)
    bad = {"community": world.c2.pk, "lawyers": [lawyers[0].pk], "weekdays": [2], "weeks": 99}
    response = client.post("/disputes/clinic/rota/", bad)
    assert response.status_code == 400 and not ClinicShift.objects.exists()
    assert as_user(world.worker_a).get("/disputes/clinic/rota/").status_code == 404


def test_a_consultation_is_recorded_against_a_shift(world, as_user, lawyers):
    shift = ClinicShift.objects.create(
        community=world.c1, date=timezone.localdate(), lawyer=lawyers[0]
    )
    client = as_user(world.mediator_c1)
    assert client.get(f"/disputes/consultations/add/?shift={shift.pk}").status_code == 200
    consultation = {
        "shift": shift.pk,
        "area": world.c1.pk,
        "asked_by": "王女士",
        "topic": "离婚财产",
        "question": "房子怎么分",
        "advice": "先协商",
        "follow_up_needed": "on",
    }
    response = client.post("/disputes/consultations/add/", consultation)
    made = Consultation.objects.get()
    assert response.status_code == 302 and response.url == f"/disputes/consultations/{made.pk}/"
    assert made.recorded_by == world.mediator_c1 and made.shift == shift
    assert "离婚财产" in client.get(response.url).content.decode()
    assert as_user(world.worker_a).get(response.url).status_code == 404


# ---- screenings and risks ---------------------------------------------------------------------


def test_a_screening_lists_the_risks_it_found(world, as_user):
    client = as_user(world.worker_a)
    screening = {
        "kind": "mwf_visit",
        "date": timezone.localdate().isoformat(),
        "area": world.ga.pk,
        "leaders": [world.community_official.pk],
        "households_visited": 12,
        "notes": "走访12户",
    }
    assert client.post("/disputes/screenings/add/", screening).status_code == 302
    campaign = ScreeningCampaign.objects.get()
    risk = {
        "area": world.ba1.pk,
        "title": "邻里噪音",
        "description": "夜间装修",
        "nature": "neighbourhood",
        "urgency": "medium",
        "owner": world.worker_a.pk,
        "deadline": (timezone.localdate() + timedelta(days=7)).isoformat(),
        "campaign": campaign.pk,
    }
    assert client.post("/disputes/risks/add/", risk).status_code == 302
    body = client.get(f"/disputes/screenings/{campaign.pk}/").content
    assert _ids(body, "risks") == [RiskItem.objects.get().pk]
    assert as_user(world.worker_b).get(f"/disputes/screenings/{campaign.pk}/").status_code == 404


def _risk(world, title, urgency, days, status="open", area=None) -> RiskItem:
    resolved = status == "resolved"
    return RiskItemFactory(
        area=area or world.ga,
        title=title,
        nature="other",
        urgency=urgency,
        owner=world.worker_a,
        deadline=timezone.localdate() + timedelta(days=days),
        status=status,
        resolution="done" if resolved else "",
        resolved_at=timezone.now() if resolved else None,
    )


def test_a_risk_is_resolved_only_with_a_resolution(world, as_user):
    risk = _risk(world, "欠薪", "high", 3)
    client = as_user(world.worker_a)
    response = client.post(f"/disputes/risks/{risk.pk}/resolve/", {"resolution": ""}, follow=True)
    assert _error_messages(response)
    risk.refresh_from_db()
    assert risk.status == "open"
    client.post(f"/disputes/risks/{risk.pk}/resolve/", {"resolution": "已协调发放"})
    risk.refresh_from_db()
    assert (risk.status, risk.resolution) == ("resolved", "已协调发放")
    response = client.post(
        f"/disputes/risks/{risk.pk}/resolve/", {"resolution": "再次"}, follow=True
    )
    assert _error_messages(response)
    assert as_user(world.worker_b).post(f"/disputes/risks/{risk.pk}/resolve/").status_code == 404


def test_the_risk_register_puts_open_urgent_items_first(world, as_user):
    done = _risk(world, "已处理", "urgent", -5, status="resolved")
    low = _risk(world, "低", "low", -3)
    urgent_late = _risk(world, "急-晚", "urgent", 9)
    urgent_soon = _risk(world, "急-早", "urgent", 1)
    high = _risk(world, "高", "high", 0)
    _risk(world, "别的网格", "urgent", 0, area=world.gb)
    client = as_user(world.worker_a)
    expected = [urgent_soon.pk, urgent_late.pk, high.pk, low.pk, done.pk]
    assert _ids(client.get("/disputes/risks/").content, "object-list") == expected
    assert _ids(
        client.get("/disputes/risks/?status=open&urgency=urgent").content, "object-list"
    ) == [
        urgent_soon.pk,
        urgent_late.pk,
    ]


# ---- key-person files ----------------------------------------------------------------------------


@pytest.fixture
def key_person(world) -> KeyPerson:
    file = KeyPerson(
        person=world.person_a,
        area=world.ba1,
        category="petitioner",
        risk_level="high",
        reason="多次越级上访",
        responsible=world.mediator_c1,
    )
    return save_key_person(file, by=world.community_official)


def test_a_grid_worker_gets_404_on_key_person_pages(world, as_user, key_person):
    client = as_user(world.worker_a)
    for url in ["", "add/", f"{key_person.pk}/", f"{key_person.pk}/edit/"]:
        assert client.get(f"/disputes/key-people/{url}").status_code == 404
    assert "key-people" not in client.get("/disputes/").content.decode()


def test_the_key_person_list_is_masked_and_each_listed_file_is_logged(world, as_user, key_person):
    AuditEntry.objects.all().delete()
    body = as_user(world.mediator_c1).get("/disputes/key-people/").content.decode()
    assert "张*" in body and "1101**********002X" in body
    assert "张三" not in body and "11010519491231002X" not in body
    entry = AuditEntry.objects.get()
    assert (entry.user, entry.action, entry.model, entry.object_id, entry.summary) == (
        world.mediator_c1,
        "view",
        "disputes.keyperson",
        str(key_person.pk),
        "list",
    )


def test_the_key_person_file_is_whole_and_its_read_is_logged(world, as_user, key_person):
    AuditEntry.objects.all().delete()
    body = as_user(world.mediator_c1).get(f"/disputes/key-people/{key_person.pk}/").content
    assert "张三" in body.decode() and "11010519491231002X" in body.decode()
    assert "多次越级上访" in body.decode().split('id="revisions"')[1]
    assert list(AuditEntry.objects.values_list("summary", "object_id")) == [
        ("detail", str(key_person.pk))
    ]


def test_key_person_files_are_created_and_changed_with_revisions(world, as_user):
    client = as_user(world.community_official)
    file = {
        "person": world.person_b.pk,
        "area": world.bb1.pk,
        "category": "dispute",
        "risk_level": "medium",
        "reason": "纠纷当事人",
        "measures": "",
        "responsible": world.community_official.pk,
        "is_active": "on",
    }
    response = client.post("/disputes/key-people/add/", file)
    created = KeyPerson.objects.get()
    assert response.status_code == 302 and response.url == f"/disputes/key-people/{created.pk}/"
    response = client.post(
        f"/disputes/key-people/{created.pk}/edit/", {**file, "measures": "每周走访"}
    )
    assert response.status_code == 302
    assert KeyPersonRevision.objects.filter(key_person=created).count() == 2
    assert set(AuditEntry.objects.values_list("action", flat=True)) == {"create", "update"}
    bad = client.post(f"/disputes/key-people/{created.pk}/edit/", {**file, "reason": ""})
    assert bad.status_code == 400
    assert KeyPersonRevision.objects.filter(key_person=created).count() == 2


# ---- every page answers, in a fixed number of queries ------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/disputes/",
        "/disputes/all/",
        "/disputes/add/",
        "/disputes/clinic/",
        "/disputes/clinic/rota/",
        "/disputes/consultations/",
        "/disputes/consultations/add/",
        "/disputes/screenings/",
        "/disputes/screenings/add/",
        "/disputes/risks/",
        "/disputes/risks/add/",
        "/disputes/key-people/",
        "/disputes/key-people/add/",
    ],
)
def test_every_page_answers_an_official_and_sends_strangers_to_sign_in(world, as_user, client, url):
    _settle(world, _receive(world))
    assert as_user(world.street_official).get(url).status_code == 200
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def _grow(world, count: int) -> None:
    for n in range(count):
        dispute = _receive(world, area=world.ba1 if n % 2 else world.bb1)
        if n % 2:
            _settle(world, dispute, days_ago=7)  # a visit due today on the workbench


def _bulk_grow(world, count: int) -> None:
    """Many more of the same rows at once (what the actions would write, minus history)."""
    from disputes.models import DisputeParty, FollowUpVisit

    category = DisputeCategory.objects.get(code="family")
    disputes = Dispute.objects.bulk_create(
        Dispute(
            area=world.ba1 if n % 2 else world.bb1,
            category=category,
            summary="家庭矛盾",
            channel="walk_in",
            mediator=world.mediator_c1,
            status="settled" if n % 2 else "open",
            settlement_round=1 if n % 2 else 0,
        )
        for n in range(count)
    )
    DisputeParty.objects.bulk_create(
        DisputeParty(dispute=d, person=p, role=r)
        for d in disputes
        for p, r in ((world.person_a, "applicant"), (world.person_b, "respondent"))
    )
    today = timezone.localdate()
    FollowUpVisit.objects.bulk_create(
        FollowUpVisit(
            dispute=d, settlement_round=1, sequence=1, due_on=today, assignee=world.mediator_c1
        )
        for d in disputes
        if d.status == "settled"
    )


# Every page: session, user, assignments, the header's unread-alert count, and the session
# save (savepoint, update, release) = 7. Then the page's own queries:
# workbench: five figures (totals, by tier, by category, visits, relapses), my visits,
#   my disputes, my shifts = 8;  list: count, page, parties, three filter selects (category,
#   mediator, the area picker) = 6.
@pytest.mark.parametrize("url, queries", [("/disputes/", 15), ("/disputes/all/", 13)])
def test_the_workbench_and_the_list_take_as_many_queries_for_1000_disputes_as_for_10(
    world, as_user, url, queries, django_assert_num_queries
):
    client = as_user(world.mediator_c1)
    _grow(world, 10)
    client.get(url)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    _bulk_grow(world, 990)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    if url == "/disputes/":
        assert len(response.context["my_visits"]) == 5 + 495  # every settled one's visit 1
    else:
        assert len(response.context["object_list"]) == 50


def test_a_resident_request_becomes_a_dispute_from_its_page(world, as_user):
    from tests.grids.request_helpers import file_request

    req = file_request(world.ba1, description="邻居装修噪音，多次沟通无果")
    client = as_user(world.mediator_c1)
    page = client.get(f"/requests/{req.pk}/").content.decode()
    assert f"/disputes/add/?request={req.public_id}" in page
    form = client.get(f"/disputes/add/?request={req.public_id}").context["form"]
    assert form.initial["source_request"] == req.public_id
    assert form.initial["summary"] == req.description
    # a grid worker cannot open mediation, so the page does not offer it
    assert (
        "/disputes/add/" not in as_user(world.worker_a).get(f"/requests/{req.pk}/").content.decode()
    )
