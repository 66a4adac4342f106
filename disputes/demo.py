"""Dongfeng's mediation year as the article tells it, for the demo.

52 disputes received and settled (调解成功率 100%, no 民转刑), their follow-up visits, a
legal advisor per community with a weekly clinic, 53 consultations (法律答疑50余次), 32
screenings (摸排30余次), 16 risks resolved (化解苗头性隐患16起) and 78 key-person files.
Idempotent: skipped when the demo's first dispute exists.
"""

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from disputes.actions.clinic import generate_rota
from disputes.actions.disputes import escalate_dispute, receive_dispute, settle_dispute
from disputes.actions.prevention import resolve_risk, save_key_person
from disputes.actions.visits import record_visit
from disputes.choices import (
    IntakeChannel,
    KeyPersonCategory,
    MediationMode,
    RiskLevel,
    RiskNature,
    ScreeningKind,
    Urgency,
    VisitResult,
)
from disputes.models import (
    ClinicShift,
    Consultation,
    Dispute,
    DisputeCategory,
    KeyPerson,
    RiskItem,
    ScreeningCampaign,
)
from grids.choices import AreaKind, Role
from grids.models import Area, Assignment, Person, User

SUMMARIES = {
    "family": "夫妻因赡养老人费用分担发生争执",
    "neighbours": "楼上漏水导致楼下墙面受损，双方就赔偿争执",
    "property": "业主与物业因停车管理费发生纠纷",
    "labour": "装修工人被拖欠工资",
    "land-housing": "房屋租赁押金退还纠纷",
    "other": "小区广场舞噪音扰民",
}
TOPICS = [
    "婚姻继承",
    "劳动用工",
    "房屋租赁",
    "物业服务",
    "借贷纠纷",
    "交通事故赔偿",
    "养老诈骗防范",
]


@transaction.atomic
def seed_disputes(root: Area, demo_password_hash: str) -> int:
    if Dispute.objects.filter(summary__startswith="【示例】").exists():
        return 0
    rng = random.Random("2026-disputes")
    today = timezone.localdate()
    communities = list(Area.objects.filter(parent=root, kind=AreaKind.COMMUNITY).order_by("code"))
    lawyers = _staff(
        communities, demo_password_hash, Role.LEGAL_ADVISOR, "lawyer", "law", "法律顾问"
    )
    mediators = _staff(communities, demo_password_hash, Role.MEDIATOR, "mediator", "med", "调解员")
    official = (
        Assignment.objects.filter(role=Role.OFFICIAL, area=root).select_related("user").first()
    )
    categories = list(DisputeCategory.objects.all())
    year_start = today.replace(month=1, day=1)
    grids = {c.pk: list(Area.objects.filter(parent=c).order_by("code")) for c in communities}
    for index in range(52):
        community = communities[index % len(communities)]
        grid = rng.choice(grids[community.pk])
        people = list(Person.objects.filter(area__parent=grid).order_by("pk")[index % 3 :][:2])
        if len(people) < 2:
            continue
        mediator = mediators[community.pk]
        category = categories[index % len(categories)]
        dispute = receive_dispute(
            area=grid,
            category=category,
            summary=f"【示例】{SUMMARIES.get(category.code, '邻里纠纷')}",
            channel=rng.choice(IntakeChannel.values),
            mediator=mediator,
            parties=[(people[0], "applicant"), (people[1], "respondent")],
            by=mediator,
            mode=rng.choice(MediationMode.values),
        )
        received = year_start + timedelta(days=int(index * (today - year_start).days / 53))
        Dispute.objects.filter(pk=dispute.pk).update(received_at=_at(received, 9))
        if index % 9 == 4 and official:  # the hard ones went up to the sub-district
            escalate_dispute(
                dispute, by=mediator, reason="分歧较大，提请街道组织调解", mediator=official.user
            )
            dispute.refresh_from_db()
        signed_on = min(received + timedelta(days=rng.randint(2, 12)), today)
        settle_dispute(
            dispute,
            by=dispute.mediator,
            terms="双方自愿达成调解协议，按约履行。",
            signed_on=signed_on,
            signed_by="双方当事人",
        )
        for visit in dispute.visits.filter(due_on__lt=today - timedelta(days=1)):
            record_visit(
                visit,
                by=dispute.mediator,
                method=rng.choice(["visit", "phone"]),
                result=VisitResult.STABLE,
                done_at=_at(visit.due_on, 10),
            )
    _clinic(communities, lawyers, rng, today)
    _prevention(root, communities, rng, today, official.user if official else None)
    return 52


def _at(day, hour: int):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _staff(communities, password_hash: str, role: str, first: str, prefix: str, title: str):
    """One person of `role` per community (一社区一法律顾问); the demo login serves DF-01."""
    staff = {}
    for number, community in enumerate(communities, start=1):
        username = first if number == 1 else f"{prefix}{number:02d}"
        user, created = User.objects.get_or_create(
            username=username, defaults={"full_name": f"{title}{number}号"}
        )
        if created:
            user.password = password_hash
            user.save(update_fields=["password"])
        Assignment.objects.get_or_create(user=user, role=role, area=community)
        staff[community.pk] = user
    return staff


def _clinic(communities, lawyers, rng, today) -> None:
    start = today - timedelta(weeks=8)
    for community in communities:
        # the community's own adviser and the next community's take turns (轮流坐班)
        pair = [
            lawyers[community.pk],
            lawyers[communities[(communities.index(community) + 1) % len(communities)].pk],
        ]
        generate_rota(community, pair, first_day=start, weeks=12, weekdays=[2])
    shifts = list(ClinicShift.objects.filter(date__lt=today).select_related("community"))
    for number in range(53):
        shift = shifts[number % len(shifts)]
        Consultation.objects.create(
            area=shift.community,
            shift=shift,
            asked_by=f"居民{number + 1}",
            topic=rng.choice(TOPICS),
            question="咨询相关法律规定与维权途径",
            advice="已解释相关法律规定，建议保留证据，必要时申请调解或诉讼。",
            follow_up_needed=rng.random() < 0.15,
            at=timezone.make_aware(datetime.combine(shift.date, shift.starts_at)),
            recorded_by=shift.lawyer,
        )


def _prevention(root, communities, rng, today, official) -> None:
    leaders = [official] if official else []
    campaigns = []
    for number in range(32):
        community = communities[number % len(communities)]
        day = today - timedelta(days=3 + number * 9)
        campaign = ScreeningCampaign.objects.create(
            kind=ScreeningKind.MWF_VISIT if day.weekday() in (0, 2, 4) else ScreeningKind.CAMPAIGN,
            date=day,
            area=community,
            households_visited=rng.randint(20, 80),
            notes="带领网格员开展地毯式摸排",
        )
        campaign.leaders.set(leaders)
        campaigns.append(campaign)
    owners = list(User.objects.filter(assignments__role=Role.GRID_WORKER).order_by("pk")[:20])
    for number in range(20):
        campaign = campaigns[number]
        item = RiskItem.objects.create(
            area=campaign.area,
            title=rng.choice(["邻里矛盾苗头", "欠薪隐患", "家庭矛盾激化苗头", "物业服务纠纷苗头"]),
            description="摸排中发现，已建档跟进",
            nature=rng.choice(RiskNature.values),
            urgency=rng.choice(Urgency.values),
            owner=owners[number % len(owners)],
            deadline=campaign.date + timedelta(days=14),
            campaign=campaign,
        )
        if number < 16:  # 化解苗头性隐患16起
            resolve_risk(item, by=item.owner, resolution="经调解疏导，隐患已化解")
    people = list(Person.objects.filter(area__tree_id=root.tree_id).order_by("pk")[::12][:78])
    for number, person in enumerate(people):  # 重点人员档案78份
        kp = KeyPerson(
            person=person,
            area=person.area,
            category=rng.choice(KeyPersonCategory.values),
            risk_level=rng.choice(RiskLevel.values),
            reason="按规定纳入重点人员管理，动态更新",
            measures="网格员每月走访，社区民警定期联系",
            responsible=owners[number % len(owners)],
        )
        save_key_person(kp, by=official)
