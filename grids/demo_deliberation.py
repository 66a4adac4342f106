"""The deliberation hall's demo, as the article tells it: 9 livelihood projects (rewiring,
sewer works …) each through its whole loop, dated in order across the year — raised,
accepted, a meeting and its decision, milestones, completed, rated, closed — and a few
matters in every other state. Everything goes through the actions, so events, progress and
alerts are what the app itself writes. Idempotent: skipped once the first project exists.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from grids.actions import deliberation as act
from grids.choices import AreaKind, AttendeeKind, Role
from grids.models import Area, Matter, Person, User

# (community code, title, description, responsible bodies, budget, milestones)
PROJECTS = [
    (
        "DF-01",
        "3号院老旧线路改造",
        "3号院楼道电线老化，私拉乱接多，夏天经常跳闸，存在火灾隐患。",
        "物业公司、供电所",
        "68000",
        ["拆除私拉线路", "敷设新线路", "安装电表箱", "验收通电"],
    ),
    (
        "DF-02",
        "民主小区污水管网改造",
        "小区污水管道老旧堵塞，雨季污水漫溢到路面。",
        "住建部门、物业公司",
        "215000",
        ["管网勘测", "开挖铺设新管", "路面恢复", "通水验收"],
    ),
    (
        "DF-03",
        "建设巷路灯安装",
        "建设巷夜间没有路灯，老人晚上出行不便。",
        "城管部门",
        "42000",
        ["选定点位", "安装灯杆", "通电验收"],
    ),
    (
        "DF-04",
        "光明小区电动车集中充电棚",
        "居民飞线充电多，需要建集中充电棚。",
        "物业公司、消防救援站",
        "56000",
        ["场地平整", "搭建车棚", "安装充电桩", "投入使用"],
    ),
    (
        "DF-05",
        "胜利小区楼道堆物清理与消防通道",
        "楼道堆放杂物，消防通道被占用。",
        "物业公司、网格员",
        "8000",
        ["入户宣传", "集中清理", "划定消防通道"],
    ),
    (
        "DF-06",
        "和平小区单元门口无障碍坡道",
        "单元门口台阶高，轮椅和婴儿车进出困难。",
        "社区、物业公司",
        "15000",
        ["测量设计", "施工浇筑", "加装扶手"],
    ),
    (
        "DF-07",
        "团结小区雨水管道疏通",
        "雨天积水严重，雨水井堵塞。",
        "市政部门",
        "36000",
        ["管道检测", "清淤疏通", "更换井盖"],
    ),
    (
        "DF-08",
        "新华小区健身广场修缮",
        "健身器材破损，地面坑洼，老人锻炼不安全。",
        "社区、体育部门",
        "48000",
        ["拆除旧器材", "铺设塑胶地面", "安装新器材"],
    ),
    (
        "DF-09",
        "文化小区二次供水设施改造",
        "高层住户水压不足，水箱老化。",
        "自来水公司、物业公司",
        "120000",
        ["水箱清洗检测", "更换加压泵", "水质检测", "恢复供水"],
    ),
]
COMMENTS = ["很满意，感谢网格员", "办得好，跑了好几趟", "效果不错", "比以前方便多了"]

# (community, title, description, final state)
OTHERS = [
    ("DF-01", "小区门口增设快递柜", "快递乱放，希望增设快递柜。", "raised"),
    ("DF-02", "楼顶防水维修", "顶楼漏水，希望统一做防水。", "raised"),
    ("DF-03", "增设非机动车停放线", "电动车乱停，堵塞通道。", "accepted"),
    ("DF-04", "小区绿化补种", "绿地裸露，希望补种。", "accepted"),
    ("DF-01", "老旧电梯加装", "6层老楼，老人上下楼难。", "in_progress"),
    ("DF-05", "小区监控补盲", "西门没有监控，夜间不安全。", "in_progress"),
    ("DF-06", "单元楼道照明改造", "楼道灯坏了很多。", "done"),
    ("DF-07", "取消小区停车收费", "希望免费停车。", "declined"),
    ("DF-02", "下水道经常堵", "楼下下水道堵了。", "merged"),
]


def _at(start: datetime, day: int, hour: int = 10) -> datetime:
    return start + timedelta(days=day, hours=hour)


def _staff(community: Area) -> tuple[Area, Area, User]:
    """A grid of the community, one of its buildings, and the grid's worker."""
    grid = Area.objects.filter(parent=community, kind=AreaKind.GRID).order_by("code").first()
    building = Area.objects.filter(parent=grid).order_by("code").first() or grid
    worker = (
        User.objects.filter(assignments__role=Role.GRID_WORKER, assignments__area=grid)
        .order_by("pk")
        .first()
    )
    return grid, building, worker


def _meeting(matter: Matter, by: User, at: datetime, bodies: str, budget: str, decision: str):
    community = matter.grid.parent
    people = list(
        Person.objects.filter(
            area__tree_id=community.tree_id,
            area__lft__gte=community.lft,
            area__lft__lte=community.rght,
        ).order_by("pk")[:3]
    )
    act.record_meeting(
        matter,
        by=by,
        held_on=timezone.localdate(at),
        attendee_kinds=[
            AttendeeKind.RESIDENTS,
            AttendeeKind.BUILDING_HEADS,
            AttendeeKind.GRID_WORKER,
            AttendeeKind.PROPERTY,
        ],
        people=people,
        other_attendees="社区两委成员",
        minutes=f"议事会讨论“{matter.title}”，到会居民代表一致同意实施。",
        decision=decision,
        responsible_bodies=bodies,
        budget=Decimal(budget),
        at=at,
    )


@transaction.atomic
def seed_deliberation(root: Area, now: datetime | None = None) -> int:
    """Write the demo's matters; returns how many, 0 when they are already there."""
    if Matter.objects.filter(title=PROJECTS[0][1], grid__tree_id=root.tree_id).exists():
        return 0
    now = now or timezone.now()
    # The demo year: since 1 January, or the last twelve months early in the year. The
    # projects' loops share it and all end before today (each takes up to 40 days).
    year_start = timezone.make_aware(datetime(timezone.localtime(now).year, 1, 1))
    if (now - year_start).days < 120:
        year_start = now - timedelta(days=365)
    span = (now - year_start).days - 50
    communities = {a.code: a for a in Area.objects.filter(tree_id=root.tree_id, level=1)}
    made = 0
    for index, (code, title, description, bodies, budget, steps) in enumerate(PROJECTS):
        grid, building, worker = _staff(communities[code])
        start = year_start + timedelta(days=index * span // len(PROJECTS))
        matter = act.raise_matter(
            area=building, title=title, description=description, at=_at(start, 0, 9)
        )
        act.accept_matter(matter, by=worker, at=_at(start, 1))
        _meeting(matter, worker, _at(start, 6, 15), bodies, budget, f"实施{title}")
        for number, step in enumerate(steps, start=1):
            day = 6 + number * 7
            progress = 100 if number == len(steps) else number * 100 // len(steps)
            act.add_milestone(
                Matter.objects.get(pk=matter.pk),
                by=worker,
                title=step,
                progress=progress,
                reached_on=timezone.localdate(_at(start, day)),
                at=_at(start, day),
            )
        done_day = 6 + len(steps) * 7
        act.rate_matter(
            Matter.objects.get(pk=matter.pk),
            stars=5 if index % 3 else 4,
            comment=COMMENTS[index % len(COMMENTS)],
            by_tracking_code=True,
            at=_at(start, done_day + 3, 19),
        )
        made += 1
    for index, (code, title, description, state) in enumerate(OTHERS):
        grid, building, worker = _staff(communities[code])
        start = now - timedelta(days=40 - index * 4)
        matter = act.raise_matter(
            area=building,
            title=title,
            description=description,
            resident_name="" if index % 2 else "王阿姨",
            anonymous=bool(index % 2),
            at=_at(start, 0, 8),
        )
        made += 1
        if state == "raised":
            continue
        if state == "declined":
            act.decline_matter(
                matter,
                by=worker,
                reason="停车收费属业主大会决定事项，已转业委会。",
                at=_at(start, 1),
            )
            continue
        if state == "merged":
            survivor = Matter.objects.get(title=PROJECTS[1][1], grid__tree_id=root.tree_id)
            act.merge_matter(matter, by=worker, into=survivor, at=_at(start, 1))
            continue
        act.accept_matter(matter, by=worker, at=_at(start, 1))
        if state == "accepted":
            continue
        _meeting(matter, worker, _at(start, 3, 15), "物业公司", "30000", f"实施{title}")
        act.add_milestone(
            Matter.objects.get(pk=matter.pk),
            by=worker,
            title="开工",
            progress=40,
            reached_on=timezone.localdate(_at(start, 8)),
            at=_at(start, 8),
        )
        if state == "done":
            act.add_milestone(
                Matter.objects.get(pk=matter.pk),
                by=worker,
                title="完工验收",
                progress=100,
                reached_on=timezone.localdate(_at(start, 14)),
                at=_at(start, 14),
            )
    return made
