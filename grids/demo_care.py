"""Demo care files, door-knocking rounds and self-governance teams, shaped like the article:
"一对一"帮扶档案 for elderly people living alone and disabled residents with 30+ services
(meal and medicine delivery, health checks), 90+ 敲门行动 rounds that found and fixed 30+
flying-wire and corridor-clutter problems, and 5 self-governance teams (银晖工作室 among them)
with their volunteers' hours.

Everything goes through the actions (visits plan the next one, volunteers' visits add their
hours), dated as the story says. The rounds' issues are the demo's door-knocking requests:
each gets a round in its own grid on the day it was filed, run by that grid's worker.
Idempotent: skipped when the teams exist.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from grids.actions.care import (
    close_care_file,
    record_care_visit,
    save_care_file,
    sweep_overdue_care_visits,
)
from grids.actions.door_knocking import report_issue, save_round
from grids.actions.requests import accept_request
from grids.actions.volunteers import record_volunteer_hours
from grids.choices import (
    AreaKind,
    CareKind,
    CareVisitKind,
    PersonKind,
    RequestSource,
    Role,
    VolunteerActivityKind,
)
from grids.models import (
    Area,
    Assignment,
    CareFile,
    DoorKnockIssue,
    DoorKnockRound,
    Person,
    RequestCategory,
    RequestEvent,
    SelfGovernanceTeam,
    ServiceRequest,
    User,
)

SELF_GOVERNANCE_TEAMS = [
    ("银晖工作室", 0, "老党员、退休教师组成，陪伴独居老人，助餐送药"),
    ("治安巡逻队", 1, "居民自发夜间巡逻、楼道安全巡查"),
    ("邻里互助队", 2, "邻里互帮互助，帮残助困"),
    ("环境卫生监督队", 3, "清理楼道堆物，劝导飞线充电"),
    ("文明劝导队", 4, "文明养犬、垃圾分类劝导"),
]
TEAM_ACTIVITIES = ["陪老人聊天理发", "楼道堆物清理", "夜间巡逻", "垃圾分类劝导", "义务理发"]
ROUNDS = 96  # the article: 敲门行动 90 余次
NOTES = [
    "走访独居老人，宣传电动车安全充电",
    "排查飞线充电、楼道堆物",
    "了解居民诉求，登记困难群众",
    "入户宣传防范电信诈骗",
]
CARE_NOTES = {
    CareVisitKind.MEAL: "送午餐到家，老人身体状况良好",
    CareVisitKind.MEDICINE: "代购降压药，提醒按时服用",
    CareVisitKind.HEALTH_CHECK: "测量血压，提醒低盐饮食",
    CareVisitKind.CHAT: "陪同聊天，了解生活需求",
}


def seed_care(root: Area, today: date | None = None) -> dict:
    """Returns what it made (nothing when the demo already has it)."""
    if SelfGovernanceTeam.objects.filter(name=SELF_GOVERNANCE_TEAMS[0][0]).exists():
        return {}
    today = today or timezone.localdate()
    rng = random.Random("2026-care")
    communities = list(Area.objects.filter(parent=root, kind=AreaKind.COMMUNITY).order_by("code"))
    grids = list(Area.objects.filter(tree_id=root.tree_id, kind=AreaKind.GRID).order_by("code"))
    workers = {
        a.area_id: a.user
        for a in Assignment.objects.filter(role=Role.GRID_WORKER, area__in=grids).select_related(
            "user"
        )
    }
    with transaction.atomic():
        teams = _teams(communities, today, rng)
        files = _care(grids, workers, today, rng)
        rounds, issues = _rounds(grids, workers, today, rng)
    # The overdue planned visit gets its alert as the hourly sweep would have written it.
    sweep_overdue_care_visits(today)
    return {"teams": teams, "care_files": files, "rounds": rounds, "issues": issues}


def _volunteers_in(area: Area) -> list[Person]:
    area = Area.objects.get(pk=area.pk)
    return list(
        Person.objects.filter(
            area__tree_id=area.tree_id,
            area__lft__gte=area.lft,
            area__lft__lte=area.rght,
            kind__in=[PersonKind.VOLUNTEER, PersonKind.BUILDING_HEAD],
        ).order_by("pk")
    )


def _teams(communities: list[Area], today: date, rng: random.Random) -> int:
    """5 teams, each of a community's volunteers and building heads, with monthly activities."""
    for name, index, description in SELF_GOVERNANCE_TEAMS:
        community = communities[index]
        people = _volunteers_in(community)[:6]
        team = SelfGovernanceTeam(
            name=name,
            area=community,
            leader=people[0] if people else None,
            description=description,
            founded_on=date(today.year - 1, 3, 1),
        )
        team.full_clean()
        team.save()
        team.members.set(people)
        recorder = (
            User.objects.filter(assignments__area=community, assignments__role=Role.COMMUNITY_STAFF)
            .order_by("pk")
            .first()
        )
        for months_back in range(11, -1, -1):
            day = today - timedelta(days=30 * months_back + rng.randint(0, 20))
            for person in people[: rng.randint(min(2, len(people)), len(people))]:
                record_volunteer_hours(
                    person,
                    hours=Decimal(rng.choice(["1.5", "2", "2.5", "3"])),
                    activity_kind=VolunteerActivityKind.TEAM_ACTIVITY,
                    date=day,
                    by=recorder,
                    team=team,
                    description=f"{name}：{TEAM_ACTIVITIES[index]}",
                )
    return len(SELF_GOVERNANCE_TEAMS)


def _care(grids: list[Area], workers: dict, today: date, rng: random.Random) -> int:
    """12 files (living alone, disabled, elderly) in the first grid of 12 communities' grids,
    three visits each over the months, one file whose planned visit is overdue, one closed."""
    kinds = [CareKind.LIVING_ALONE] * 6 + [CareKind.DISABLED] * 4 + [CareKind.ELDERLY] * 2
    visit_kinds = [
        CareVisitKind.MEAL,
        CareVisitKind.MEDICINE,
        CareVisitKind.HEALTH_CHECK,
        CareVisitKind.CHAT,
    ]
    chosen = grids[::4][:12]  # spread over the communities; DF-01-01 (the demo worker's) first
    count = 0
    for index, grid in enumerate(chosen):
        worker = workers[grid.pk]
        resident = (
            Person.objects.filter(area__parent=grid, kind=PersonKind.RESIDENT)
            .order_by("pk")
            .first()
        )
        volunteer = (
            Person.objects.filter(area__parent=grid, kind=PersonKind.VOLUNTEER)
            .order_by("pk")
            .first()
        )
        every = 30 if index % 3 == 0 else 60
        by_volunteer = index % 2 == 1 and volunteer is not None
        first = today - timedelta(days=2 * every + 5)
        care_file = save_care_file(
            CareFile(
                person=resident,
                area=resident.area,
                kind=kinds[index],
                needs={
                    CareKind.LIVING_ALONE: "独居，行动不便，需每周助餐、定期送药",
                    CareKind.DISABLED: "肢体残疾，需代购药品、陪同就医",
                    CareKind.ELDERLY: "高龄，患高血压，需定期测量血压",
                }[kinds[index]],
                helper_user=None if by_volunteer else worker,
                helper_person=volunteer if by_volunteer else None,
                visit_every_days=every,
                opened_on=first,
            ),
            by=worker,
        )
        # Visits on the plan, the last one two days ago; the third file's helper fell behind
        # (no third visit): its planned visit is overdue.
        for n in range(2 if index == 2 else 3):
            day = first + timedelta(days=every * n + 3)
            kind = visit_kinds[(index + n) % len(visit_kinds)]
            readings = {}
            if kind == CareVisitKind.HEALTH_CHECK:
                readings = {"systolic": rng.randint(118, 150), "diastolic": rng.randint(72, 92)}
            record_care_visit(
                care_file,
                by=worker,
                kind=kind,
                visited_on=day,
                notes=CARE_NOTES[kind],
                hours=Decimal("1.5") if by_volunteer else None,
                **readings,
            )
        if index == len(chosen) - 1:  # moved in with her daughter
            close_care_file(care_file, by=worker, reason="随子女迁居外地")
        count += 1
    return count


def _rounds(grids: list[Area], workers: dict, today: date, rng: random.Random) -> tuple[int, int]:
    """A round in its grid for each door-knocking request (the day it was filed), then rounds
    without issues up to 96, over the year."""
    buildings: dict[int, list[Area]] = {}
    for building in Area.objects.filter(parent__in=grids).order_by("code"):
        buildings.setdefault(building.parent_id, []).append(building)
    volunteers: dict[int, list[Person]] = {}
    for person in Person.objects.filter(area__parent__in=grids, kind=PersonKind.VOLUNTEER):
        volunteers.setdefault(person.area.parent_id, []).append(person)
    found = (
        ServiceRequest.objects.filter(source=RequestSource.DOOR_KNOCKING, grid__in=grids)
        .select_related("grid")
        .order_by("created_at", "pk")
    )
    rounds = issues = 0

    def make_round(grid: Area, day: date) -> DoorKnockRound:
        visited = buildings.get(grid.pk, [])[: rng.randint(1, 3)]
        return save_round(
            DoorKnockRound(
                date=day,
                grid=grid,
                households_visited=sum(min(b.households, 30) for b in visited) or 20,
                notes=rng.choice(NOTES),
            ),
            by=workers[grid.pk],
            participants=[workers[grid.pk]],
            volunteers=volunteers.get(grid.pk, [])[:1],
            buildings=visited,
        )

    for request in found:
        day = timezone.localdate(request.created_at)
        round_ = make_round(request.grid, day)
        DoorKnockIssue.objects.create(round=round_, request=request, created_at=request.created_at)
        rounds, issues = rounds + 1, issues + 1
    # Yesterday's round in the demo worker's grid found a problem still being handled: filed
    # in one step from the round, accepted half an hour later.
    grid = grids[0]
    round_ = make_round(grid, today - timedelta(days=1))
    found_at = timezone.make_aware(datetime.combine(round_.date, time(10, 0)))
    request = report_issue(
        round_,
        by=workers[grid.pk],
        category=RequestCategory.objects.get(code="flying-wire"),
        description="5号楼一楼住户从窗户拉线给电动车充电，已当面劝导，需联系物业加装充电桩",
        building=buildings[grid.pk][0],
        now=found_at,
    )
    accept_request(request, by=workers[grid.pk], now=found_at + timedelta(minutes=30))
    # The history reads on the story's dates, not the seed's.
    for kind, at in (("created", found_at), ("accepted", found_at + timedelta(minutes=30))):
        RequestEvent.objects.filter(request=request, kind=kind).update(at=at)
    rounds, issues = rounds + 1, issues + 1
    start = today - timedelta(days=330)
    while rounds < ROUNDS:
        grid = grids[rounds % len(grids)]
        make_round(grid, start + timedelta(days=rng.randint(0, 325)))
        rounds += 1
    return rounds, issues
