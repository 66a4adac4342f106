"""Dongfeng as the article describes it: 9 communities, 43 grids, a worker in each grid.

Deterministic (a seeded random generator) and idempotent: every row is looked up by a
natural key before it is created, so a second run changes nothing.
"""

import random
from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from grids.actions.requests import sweep_overdue
from grids.choices import (
    AreaKind,
    EventKind,
    PersonKind,
    RequestSource,
    RequestStatus,
    Role,
    TeamFocus,
)
from grids.models import (
    Area,
    Assignment,
    Person,
    RequestCategory,
    RequestEvent,
    ServicePoint,
    ServiceRequest,
    ServiceTeam,
    User,
)
from grids.models.requests import TRACKING_ALPHABET, assign_public_ids
from grids.validators import id_check_character

DEMO_PASSWORD = "dongfeng2026"

COMMUNITIES = [
    ("东风社区", 5),
    ("民主社区", 5),
    ("建设社区", 5),
    ("光明社区", 5),
    ("胜利社区", 5),
    ("和平社区", 5),
    ("团结社区", 5),
    ("新华社区", 4),
    ("文化社区", 4),
]  # 43 grids, as in the article
STREETS = [
    "神火大道",
    "凯旋路",
    "民主路",
    "建设路",
    "归德路",
    "团结路",
    "文化路",
    "平原路",
    "南京路",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅鑫波斌宇浩凯健俊帆"

TEAMS = [
    ("政策宣传服务队", TeamFocus.POLICY),
    ("矛盾调解服务队", TeamFocus.MEDIATION),
    ("平安巡逻服务队", TeamFocus.PATROL),
    ("银龄关爱服务队", TeamFocus.CARE),
    ("法律援助服务队", TeamFocus.LEGAL),
    ("环境卫生服务队", TeamFocus.SANITATION),
    ("健康义诊服务队", TeamFocus.HEALTH),
    ("文体活动服务队", TeamFocus.CULTURE),
    ("护学岗服务队", TeamFocus.YOUTH),
]  # 9 special service teams
RED_STATIONS = [
    ("东风社区红色驿站(小区门岗)", 0, "东风小区北门门岗"),
    ("民主社区红色驿站(物业办公室)", 1, "民主花园物业办公室"),
    ("建设社区红色驿站", 2, "建设路社区党群服务中心一楼"),
    ("光明社区红色驿站(小区门岗)", 3, "光明家园南门门岗"),
    ("新华社区红色驿站(物业办公室)", 7, "新华苑物业办公室"),
]  # 5 red stations
STATION_SERVICES = (
    "政策咨询\n便民工具共享(打气筒、雨伞、老花镜、应急药箱)\n手机充电\n饮用热水\n休息座椅"
)

DEMO_LOGINS = [
    # username, full name, role, area code (None: superuser)
    ("admin", "系统管理员", Role.ADMIN, None),
    ("official", "街道综治办 赵主任", Role.OFFICIAL, "DF"),
    ("community", "东风社区 孙书记", Role.COMMUNITY_STAFF, "DF-01"),
    ("worker", "网格员 王芳", Role.GRID_WORKER, "DF-01-01"),
    ("mediator", "调解员 陈明", Role.MEDIATOR, "DF-01"),
    ("lawyer", "法律顾问 刘律师", Role.LEGAL_ADVISOR, "DF-01"),
    ("police", "社区民警 张警官", Role.POLICE, "DF-01"),
    ("volunteer", "楼栋长 李秀英", Role.VOLUNTEER, "DF-01-01"),
]


@dataclass
class SeedReport:
    communities: int
    grids: int
    buildings: int
    people: int
    logins: list[tuple[str, str, str]]


@cache
def demo_password_hash() -> str:
    # Hashing is slow on purpose; the demo accounts share one password, so hash it once.
    return make_password(DEMO_PASSWORD)


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _phone(rng: random.Random) -> str:
    return (
        rng.choice(["138", "139", "150", "158", "186", "187", "135"])
        + f"{rng.randrange(10**8):08d}"
    )


def _id_number(rng: random.Random) -> str:
    born = f"{rng.randint(1940, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    body = f"411402{born}{rng.randrange(1000):03d}"
    return body + id_check_character(body)


def _area(code: str, **fields) -> Area:
    area = Area.objects.filter(code=code).first()
    if area is None:
        area = Area(code=code, **fields)
        area.full_clean()
        area.save()
    return area


@transaction.atomic
def seed_demo(scale: int = 1, with_logins: bool = True) -> SeedReport:
    """Build the Dongfeng tree; `scale` multiplies communities (tests build a 10× tree)."""
    rng = random.Random(2026)
    root = _area(
        "DF",
        kind=AreaKind.SUBDISTRICT,
        name="东风街道",
        address="河南省商丘市梁园区东风街道",
    )
    worker_index = 0
    for copy in range(scale):
        for c_index, (c_name, grid_total) in enumerate(COMMUNITIES, start=1):
            number = copy * len(COMMUNITIES) + c_index
            suffix = "" if copy == 0 else f"({copy + 1})"
            community = _area(
                f"DF-{number:02d}",
                kind=AreaKind.COMMUNITY,
                parent=root,
                name=c_name + suffix,
                address=f"梁园区{STREETS[c_index - 1]}{c_index * 17}号",
            )
            for g in range(1, grid_total + 1):
                grid = _area(
                    f"DF-{number:02d}-{g:02d}",
                    kind=AreaKind.GRID,
                    parent=community,
                    name=f"{c_name}{suffix}第{g}网格",
                )
                # A generator per grid: a re-run draws the same numbers whatever exists.
                rng = random.Random(f"2026-{number}-{g}")
                for b in range(1, rng.randint(4, 7) + 1):
                    households = rng.randint(24, 96)
                    building = _area(
                        f"DF-{number:02d}-{g:02d}-{b:02d}",
                        kind=AreaKind.BUILDING,
                        parent=grid,
                        name=f"{g}区{b}号楼",
                        address=f"{STREETS[c_index - 1]}{g * 10 + b}号院{b}号楼",
                        households=households,
                        population=int(households * rng.uniform(2.3, 3.1)),
                    )
                    _people(rng, building, b)
                worker_index += 1
                _grid_worker(rng, grid, worker_index)
            _sum_up(community)
    for grid in Area.objects.filter(kind=AreaKind.GRID, tree_id=root.tree_id):
        _sum_up(grid)
    _sum_up(root)
    _teams(rng, root)
    logins = _demo_logins() if with_logins else []
    if with_logins:
        _demo_requests(root, timezone.now())
        # The requests still waiting past their two hours get their breach and alerts now,
        # exactly as the minute sweep would have written them.
        sweep_overdue()
    return SeedReport(
        communities=Area.objects.filter(kind=AreaKind.COMMUNITY, tree_id=root.tree_id).count(),
        grids=Area.objects.filter(kind=AreaKind.GRID, tree_id=root.tree_id).count(),
        buildings=Area.objects.filter(kind=AreaKind.BUILDING, tree_id=root.tree_id).count(),
        people=Person.objects.filter(area__tree_id=root.tree_id).count(),
        logins=logins,
    )


def _people(rng: random.Random, building: Area, number: int) -> None:
    exists = Person.objects.filter(area=building).exists()
    kinds = [PersonKind.BUILDING_HEAD] + [PersonKind.RESIDENT] * 3
    if number <= 2:
        kinds.append(PersonKind.VOLUNTEER)  # N volunteers per grid
    people = [
        Person(
            name=_name(rng),
            kind=kind,
            is_party_member=rng.random() < 0.2,
            gender=rng.choice("fm"),
            area=building,
            room=f"{rng.randint(1, 6)}单元{rng.randint(1, 18)}0{rng.randint(1, 4)}",
            phone=_phone(rng),
            id_number=_id_number(rng),
        )
        for kind in kinds
    ]  # drawn even when they exist, so the generator stays in step on a re-run
    if not exists:
        Person.objects.bulk_create(people)


def _grid_worker(rng: random.Random, grid: Area, index: int) -> None:
    username = "worker" if grid.code == "DF-01-01" else f"gw{index:03d}"
    defaults = {"full_name": f"网格员 {_name(rng)}", "phone": _phone(rng)}
    if username == "worker":
        defaults["full_name"] = "网格员 王芳"
    user, created = User.objects.get_or_create(username=username, defaults=defaults)
    if created:
        user.password = demo_password_hash()
        user.save(update_fields=["password"])
    Assignment.objects.get_or_create(user=user, role=Role.GRID_WORKER, area=grid)


def _sum_up(area: Area) -> None:
    area = Area.objects.get(pk=area.pk)  # lft/rght moved as children were inserted
    totals = Area.objects.filter(
        tree_id=area.tree_id, lft__gt=area.lft, lft__lt=area.rght, kind=AreaKind.BUILDING
    ).aggregate(h=Sum("households"), p=Sum("population"))
    Area.objects.filter(pk=area.pk).update(households=totals["h"] or 0, population=totals["p"] or 0)


def _teams(rng: random.Random, root: Area) -> None:
    communities = list(Area.objects.filter(parent=root).order_by("code")[: len(COMMUNITIES)])
    for index, (name, focus) in enumerate(TEAMS):
        area = (
            root
            if focus in (TeamFocus.POLICY, TeamFocus.MEDIATION, TeamFocus.LEGAL)
            else communities[index % len(communities)]
        )
        team, created = ServiceTeam.objects.get_or_create(
            name=name, area=area, defaults={"focus": focus, "description": f"东风街道{name}"}
        )
        if created:
            members = list(
                Person.objects.filter(
                    area__tree_id=area.tree_id,
                    area__lft__gt=area.lft,
                    area__lft__lt=area.rght,
                    kind=PersonKind.VOLUNTEER,
                ).order_by("pk")[:8]
            )
            team.members.set(members)
            if members:
                team.leader = members[0]
                team.save(update_fields=["leader"])
    for name, c_index, location in RED_STATIONS:
        ServicePoint.objects.get_or_create(
            name=name,
            defaults={
                "area": communities[c_index],
                "location": location,
                "services": STATION_SERVICES,
                "shared_tools": "打气筒、雨伞、老花镜、应急药箱、轮椅",
                "opening_hours": "周一至周日 08:00–20:00",
                "contact_phone": _phone(rng),
            },
        )


def _demo_logins() -> list[tuple[str, str, str]]:
    logins = []
    for username, full_name, role, code in DEMO_LOGINS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"full_name": full_name}
        )
        if created:
            user.password = demo_password_hash()
            if code is None:
                user.is_superuser = user.is_staff = True
            user.save()
        if code is not None:
            Assignment.objects.get_or_create(user=user, role=role, area=Area.objects.get(code=code))
        logins.append((username, DEMO_PASSWORD, str(Role(role).label)))
    return logins


# The article: 350+ requests handled (报修、咨询 …), a 98% completion rate, 30+ flying-wire
# and corridor-clutter problems found by door-knocking.
DEMO_REQUESTS = 360
DEMO_TEXTS = {
    "safety": ["消防通道被私家车占用", "楼顶防水层破损有坠落风险", "小区路灯线路裸露"],
    "sanitation": ["垃圾桶满溢无人清运", "绿化带有积存垃圾", "楼后下水口异味严重"],
    "repair": ["单元门门禁损坏", "楼道灯不亮", "下水道堵塞返水", "路面井盖松动"],
    "consultation": ["咨询高龄津贴申领流程", "咨询医保缴费", "咨询居住证办理"],
    "flying-wire": ["有住户从五楼私拉电线给电动车充电", "车棚旁飞线充电"],
    "corridor-clutter": ["二单元楼道堆放纸箱", "楼道堆放旧家具影响通行"],
    "other": ["建议增设休闲座椅", "希望增加快递柜"],
}


def _demo_requests(root: Area, now) -> int:
    """A year of requests whose figures reproduce the article's; skipped if already there."""
    rng = random.Random("2026-requests")
    codes = [
        "".join(rng.choice(TRACKING_ALPHABET) for _ in range(12)) for _ in range(DEMO_REQUESTS)
    ]
    if ServiceRequest.objects.filter(tracking_code=codes[0]).exists():
        return 0
    categories = {c.code: c for c in RequestCategory.objects.all()}
    grids = list(Area.objects.filter(tree_id=root.tree_id, kind=AreaKind.GRID).order_by("code"))
    buildings: dict[int, list[Area]] = {}
    for building in Area.objects.filter(tree_id=root.tree_id, kind=AreaKind.BUILDING):
        buildings.setdefault(building.parent_id, []).append(building)
    workers = dict(
        Assignment.objects.filter(role=Role.GRID_WORKER, area__in=grids).values_list(
            "area_id", "user_id"
        )
    )
    start = now - timedelta(days=(now - now.replace(month=1, day=1)).days)
    span = (now - start).total_seconds() - 3 * 24 * 3600
    # 352 resolved, 2 deferred, 4 being handled, 2 waiting: 352 / (360 − 2) = 98.3%
    statuses = [RequestStatus.RESOLVED] * 352 + [RequestStatus.DEFERRED] * 2
    statuses += [RequestStatus.ACCEPTED] * 4 + [RequestStatus.NEW] * 2
    requests, events = [], []
    for index, (code, status) in enumerate(zip(codes, statuses, strict=True)):
        category_code = rng.choices(list(DEMO_TEXTS), weights=[8, 18, 30, 20, 9, 9, 6])[0]
        category = categories[category_code]
        grid = grids[index % len(grids)]
        area = rng.choice(buildings.get(grid.pk) or [grid])
        waiting = status == RequestStatus.NEW
        created = (
            now - timedelta(minutes=rng.randint(20, 200))
            if waiting
            else (start + timedelta(seconds=rng.uniform(0, span)))
        )
        door = category_code in ("flying-wire", "corridor-clutter") and rng.random() < 0.7
        req = ServiceRequest(
            tracking_code=code,
            area=area,
            grid=grid,
            category=category,
            description=rng.choice(DEMO_TEXTS[category_code]),
            source=RequestSource.DOOR_KNOCKING if door else RequestSource.QR,
            status=status,
            created_at=created,
            created_by_id=workers.get(grid.pk) if door else None,
        )
        req.set_deadlines(created)
        if not waiting:
            # 96% accepted within the two hours
            late = rng.random() < 0.04
            req.accepted_at = created + timedelta(
                minutes=rng.randint(125, 300) if late else rng.randint(4, 110)
            )
            req.accepted_by_id = workers.get(grid.pk)
            if late:  # the minute sweep caught the breach before the worker accepted
                req.breached_at = req.response_due_at + timedelta(minutes=1)
        if status == RequestStatus.RESOLVED:
            req.resolved_at = req.accepted_at + timedelta(hours=rng.uniform(0.5, 60))
            req.resolution = "已处理完毕，回访居民满意。"
            if rng.random() < 0.8:
                req.rating = rng.choices([5, 4, 3], weights=[78, 18, 4])[0]
                # a rating comes after the resolution and never after the seed's "now"
                req.rated_at = min(
                    req.resolved_at + timedelta(hours=rng.uniform(1, 48)),
                    now - timedelta(minutes=rng.randint(5, 600)),
                )
                if req.rated_at <= req.resolved_at:
                    req.rating = req.rated_at = None
        requests.append(req)
    ServiceRequest.objects.bulk_create(requests, batch_size=500)
    assign_public_ids(ServiceRequest.objects.all(), Area.objects.filter(pk=root.pk))
    for req in requests:
        events.append(
            RequestEvent(request=req, at=req.created_at, kind=EventKind.CREATED, to_status="new")
        )
        if req.breached_at:
            events.append(
                RequestEvent(
                    request=req,
                    at=req.breached_at,
                    kind=EventKind.OVERDUE,
                    note=str(req.response_due_at),
                )
            )
        if req.accepted_at:
            events.append(
                RequestEvent(
                    request=req,
                    at=req.accepted_at,
                    kind=EventKind.ACCEPTED,
                    actor_id=req.accepted_by_id,
                    from_status="new",
                    to_status="accepted",
                )
            )
        if req.resolved_at:
            events.append(
                RequestEvent(
                    request=req,
                    at=req.resolved_at,
                    kind=EventKind.RESOLVED,
                    actor_id=req.accepted_by_id,
                    from_status="accepted",
                    to_status="resolved",
                    note=req.resolution,
                )
            )
        if req.status == RequestStatus.DEFERRED:
            events.append(
                RequestEvent(
                    request=req,
                    at=req.accepted_at,
                    kind=EventKind.DEFERRED,
                    actor_id=req.accepted_by_id,
                    from_status="accepted",
                    to_status="deferred",
                    note="需纳入网格议事厅民生项目统筹解决",
                )
            )
        if req.rated_at:
            events.append(RequestEvent(request=req, at=req.rated_at, kind=EventKind.RATED))
    RequestEvent.objects.bulk_create(events, batch_size=1000)
    return len(requests)
