"""Dongfeng's mediation year as the article tells it, for the demo.

52 disputes settled over the year (调解成功率 100%, no 民转刑) and four more still open at each
tier or withdrawn, with their sessions, plans, escalations and follow-up visits dated as they
happened; a legal advisor per community with a weekly clinic, 53 consultations (法律答疑50余次),
32 screenings (摸排30余次), 16 risks resolved (化解苗头性隐患16起) by the grid workers of their
own community, and 78 key-person files.
Idempotent: skipped when the demo's first dispute exists.
"""

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import DateTimeField
from django.utils import timezone

from disputes.actions.clinic import generate_rota
from disputes.actions.disputes import (
    escalate_dispute,
    receive_dispute,
    record_session,
    save_mediation_plan,
    settle_dispute,
    withdraw_dispute,
)
from disputes.actions.prevention import resolve_risk, save_key_person
from disputes.actions.visits import record_visit
from disputes.choices import (
    IntakeChannel,
    KeyPersonCategory,
    MediationMode,
    RiskLevel,
    RiskNature,
    ScreeningKind,
    SessionResult,
    Urgency,
    VisitResult,
)
from disputes.models import (
    Agreement,
    ClinicShift,
    Consultation,
    Dispute,
    DisputeCategory,
    DisputeEvent,
    FollowUpVisit,
    KeyPerson,
    MediationPlan,
    RiskItem,
    ScreeningCampaign,
    TierHandling,
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
    seeded_at = timezone.now()
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
    story = _Story(rng, seeded_at, mediators, lawyers, official.user if official else None)
    # 52 settled over the year (化解成功率100%): every ninth went up to the sub-district, every
    # eighteenth on to the professional tier.
    for index in range(52):
        community = communities[index % len(communities)]
        received = year_start + timedelta(days=int(index * (today - year_start).days / 53))
        tiers = 3 if index % 18 == 4 else 2 if index % 9 == 4 else 1
        story.dispute(
            index, community, rng.choice(grids[community.pk]), categories, received, tiers
        )
    # Still open at each tier, and one withdrawn: every state and tier is on the workbench.
    for index, (days_ago, tiers, end) in enumerate(
        [(6, 1, None), (4, 2, None), (3, 3, None), (20, 1, "withdrawn")], start=52
    ):
        community = communities[index % len(communities)]
        story.dispute(
            index,
            community,
            grids[community.pk][0],
            categories,
            today - timedelta(days=days_ago),
            tiers,
            end=end,
        )
    _clinic(communities, lawyers, rng, today)
    _prevention(root, communities, rng, today, official.user if official else None, seeded_at)
    return story.count


class _Story:
    """Runs each dispute's actions in order and dates every row they wrote to the moment the
    demo says it happened, so the history reads in time order on the dates it claims."""

    def __init__(self, rng, seeded_at, mediators, lawyers, official):
        self.rng, self.seeded_at = rng, seeded_at
        self.mediators, self.lawyers, self.official = mediators, lawyers, official
        self.count = 0

    def stamp(self, dispute: Dispute, at) -> None:
        """Every timestamp the last action set (on or after `seeded_at`) becomes `at`."""
        rows = [
            Dispute.objects.filter(pk=dispute.pk),
            DisputeEvent.objects.filter(dispute=dispute),
            TierHandling.objects.filter(dispute=dispute),
            Agreement.objects.filter(dispute=dispute),
            MediationPlan.objects.filter(dispute=dispute),
            FollowUpVisit.objects.filter(dispute=dispute),
        ]
        for qs in rows:
            for field in qs.model._meta.concrete_fields:
                if isinstance(field, DateTimeField):
                    qs.filter(**{f"{field.name}__gte": self.seeded_at}).update(**{field.name: at})

    def dispute(self, index, community, grid, categories, received, tiers, end="settled"):
        rng = self.rng
        people = list(Person.objects.filter(area__parent=grid).order_by("pk")[index % 3 :][:2])
        if len(people) < 2:
            return
        mediator = self.mediators[community.pk]
        category = categories[index % len(categories)]
        expert = tiers == 3 or rng.random() < 0.2
        dispute = receive_dispute(
            area=grid,
            category=category,
            summary=f"【示例】{SUMMARIES.get(category.code, '邻里纠纷')}",
            channel=rng.choice(IntakeChannel.values),
            mediator=mediator,
            parties=[(people[0], "applicant"), (people[1], "respondent")],
            by=mediator,
            risk_level=rng.choices(RiskLevel.values, weights=[6, 3, 1])[0],
            mode=MediationMode.EXPERT_CONSULTATION
            if expert
            else rng.choice([MediationMode.VOLUNTEER_CLINIC, MediationMode.AREA_ROUNDS]),
        )
        self.count += 1
        start = _at(received, 9)
        self.stamp(dispute, start)
        today = timezone.localdate()
        if end == "settled":
            span = tiers * 2 + rng.randint(1, 8)
            finish = _at(min(received + timedelta(days=span), today - timedelta(days=1)), 16)
        elif end == "withdrawn":
            finish = _at(received + timedelta(days=3), 11)
        else:
            finish = timezone.now() - timedelta(hours=2)
        steps = 2 + (tiers - 1) + (1 if expert else 0)
        moments = iter(start + (finish - start) * k / (steps + 1) for k in range(1, steps + 1))
        held_at = next(moments)
        record_session(
            dispute,
            by=mediator,
            held_at=held_at,
            attendees="双方当事人、调解员、网格员",
            notes="听取双方陈述，释法明理，双方同意继续协商。",
            result=SessionResult.PROGRESS,
        )
        self.stamp(dispute, held_at)
        if expert:
            save_mediation_plan(
                dispute,
                by=mediator,
                plan="一案一策：摸清诉求，分别做工作，再组织面对面调解。",
                experts="法律顾问、社区民警、人民调解员",
                steps="1. 分别约谈；2. 法律顾问释法；3. 组织调解会；4. 签订协议并回访。",
            )
            self.stamp(dispute, next(moments))
        receivers = [None, self.official, self.lawyers[community.pk]]
        for tier in range(2, tiers + 1):
            if receivers[tier - 1] is None:
                break
            escalate_dispute(
                dispute,
                by=dispute.mediator,
                reason="分歧较大，提请上一级组织调解"
                if tier == 2
                else "涉及专业法律问题，提请法律顾问专家会诊",
                mediator=receivers[tier - 1],
            )
            dispute.refresh_from_db()
            self.stamp(dispute, next(moments))
        if end == "withdrawn":
            withdraw_dispute(dispute, by=dispute.mediator, reason="双方自行和解，申请人撤回申请")
            self.stamp(dispute, finish)
        elif end == "settled":
            settle_dispute(
                dispute,
                by=dispute.mediator,
                terms="双方自愿达成调解协议，按约履行。",
                signed_on=finish.date(),
                signed_by="双方当事人",
            )
            self.stamp(dispute, finish)
            for visit in dispute.visits.filter(due_on__lt=today - timedelta(days=1)):
                done_at = _at(visit.due_on, 10)
                record_visit(
                    visit,
                    by=dispute.mediator,
                    method=rng.choice(["visit", "phone"]),
                    result=VisitResult.STABLE,
                    done_at=done_at,
                )
                self.stamp(dispute, done_at)


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


def _prevention(root, communities, rng, today, official, seeded_at) -> None:
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
    # Each grid's own full-time worker owns what was found there (never another community's).
    worker_of = dict(
        Assignment.objects.filter(role=Role.GRID_WORKER).values_list("area_id", "user_id")
    )
    workers_of_community = {
        community.pk: [
            worker_of[grid.pk]
            for grid in Area.objects.filter(parent=community).order_by("code")
            if grid.pk in worker_of
        ]
        for community in communities
    }
    users = User.objects.in_bulk(list(worker_of.values()))
    for number in range(20):
        campaign = campaigns[number]
        owners = workers_of_community[campaign.area_id]
        item = RiskItem.objects.create(
            area=campaign.area,
            title=rng.choice(["邻里矛盾苗头", "欠薪隐患", "家庭矛盾激化苗头", "物业服务纠纷苗头"]),
            description="摸排中发现，已建档跟进",
            nature=rng.choice(RiskNature.values),
            urgency=rng.choice(Urgency.values),
            owner=users[owners[number % len(owners)]],
            deadline=campaign.date + timedelta(days=14),
            campaign=campaign,
            created_at=_at(campaign.date, 17),
        )
        if number < 16:  # 化解苗头性隐患16起
            resolve_risk(item, by=item.owner, resolution="经调解疏导，隐患已化解")
            resolved = min(campaign.date + timedelta(days=rng.randint(2, 12)), today)
            RiskItem.objects.filter(pk=item.pk).update(resolved_at=_at(resolved, 15))
    people = list(
        Person.objects.filter(area__tree_id=root.tree_id)
        .select_related("area")
        .order_by("pk")[::12][:78]
    )
    for person in people:  # 重点人员档案78份
        grid_id = person.area.parent_id if person.area.kind == AreaKind.BUILDING else person.area_id
        kp = KeyPerson(
            person=person,
            area=person.area,
            category=rng.choice(KeyPersonCategory.values),
            risk_level=rng.choice(RiskLevel.values),
            reason="按规定纳入重点人员管理，动态更新",
            measures="网格员每月走访，社区民警定期联系",
            responsible=users.get(worker_of.get(grid_id)),
        )
        save_key_person(kp, by=official)
