"""Dongfeng's patrol year as the article tells it, for the demo.

9 patrol teams (群防群治巡逻队): one per community of its grid workers, volunteers and the
community police, and the 平安东风 volunteer corps of old party members, building heads and
property staff; key places 高铁广场, 人民公园 and the school surroundings of each community; a
year of vehicle and foot patrols, in time order, adding up to 1,000+ person-times
(累计参与巡逻1000余人次); a school per community with this term's guard-post rota (护学岗),
checked in on the days gone by.
Idempotent: skipped when the volunteer corps exists. Rows go in with bulk_create, so the
seed takes seconds.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from itertools import combinations

from django.db import transaction
from django.utils import timezone

from grids.choices import AreaKind, PersonKind, Role
from grids.models import Area, Assignment, Person, User
from patrols.actions.guard_posts import generate_guard_rota, swap_duties
from patrols.choices import (
    MemberKind,
    PatrolEventKind,
    PatrolMode,
    PatrolStatus,
    PlaceKind,
)
from patrols.models import (
    Finding,
    GuardSlot,
    KeyPlace,
    PatrolEvent,
    PatrolLog,
    PatrolParticipant,
    PatrolStop,
    PatrolTeam,
    School,
    SchoolHoliday,
    SchoolTerm,
    TeamMember,
)

CORPS = "平安东风志愿者巡逻队"
WEATHER = ["晴", "晴", "多云", "阴", "小雨", "晴"]
FINDINGS = [
    "高铁广场出租车乱停乱放",
    "公园东门路灯不亮",
    "校门口流动摊贩占道经营",
    "小区围墙破损",
    "电动车飞线充电",
    "井盖松动",
]
VOLUNTEER_KINDS = (PersonKind.VOLUNTEER, PersonKind.BUILDING_HEAD, PersonKind.PROPERTY_STAFF)


@transaction.atomic
def seed_patrols(root: Area, today: date | None = None) -> int:
    """Returns the number of patrol logs written (0 when the demo already has them)."""
    if PatrolTeam.objects.filter(name=CORPS).exists():
        return 0
    rng = random.Random("2026-patrols")
    now = timezone.now()
    today = today or timezone.localdate()
    communities = list(Area.objects.filter(parent=root, kind=AreaKind.COMMUNITY).order_by("code"))
    grids = {
        c.pk: list(Area.objects.filter(parent=c, kind=AreaKind.GRID).order_by("code"))
        for c in communities
    }
    teams, crews = _teams(root, communities, rng)
    places = _places(communities, grids)
    count = _year_of_patrols(teams, crews, places, rng, today, now)
    _guard_posts(root, communities, grids, places, crews, today, now)
    return count


def _teams(root, communities, rng):
    """A team per community (its grid workers, police, volunteers) and the volunteer corps."""
    workers = {}
    for user_id, area_id, community_id in Assignment.objects.filter(
        role__in=(Role.GRID_WORKER, Role.POLICE), area__tree_id=root.tree_id
    ).values_list("user_id", "area_id", "area__parent_id"):
        workers.setdefault(area_id, []).append(user_id)
        workers.setdefault(community_id, []).append(user_id)
    volunteers = {}
    for pk, community_id in Person.objects.filter(
        kind__in=VOLUNTEER_KINDS, area__tree_id=root.tree_id, area__kind=AreaKind.GRID
    ).values_list("pk", "area__parent_id"):
        volunteers.setdefault(community_id, []).append(pk)
    for pk, community_id in Person.objects.filter(
        kind__in=VOLUNTEER_KINDS, area__tree_id=root.tree_id, area__kind=AreaKind.BUILDING
    ).values_list("pk", "area__parent__parent_id"):
        volunteers.setdefault(community_id, []).append(pk)
    teams = PatrolTeam.objects.bulk_create(
        [PatrolTeam(name=f"{c.name}巡逻队", area=c) for c in communities[:8]]
        + [PatrolTeam(name=CORPS, area=root)]
    )
    members, crews = [], {}
    for team in teams:
        if team.area_id == root.pk:
            users = []
            people = [pk for c in communities for pk in volunteers.get(c.pk, [])[:3]]
        else:
            users = sorted(set(workers.get(team.area_id, [])))
            people = volunteers.get(team.area_id, [])[:6]
        members += [TeamMember(team=team, kind=MemberKind.GRID_WORKER, user_id=u) for u in users]
        members += [TeamMember(team=team, kind=MemberKind.VOLUNTEER, person_id=p) for p in people]
        crews[team.pk] = (users, people)
        if users:
            PatrolTeam.objects.filter(pk=team.pk).update(leader_id=users[0])
    TeamMember.objects.bulk_create(members)
    return teams, crews


def _places(communities, grids):
    first = {c.pk: grids[c.pk][0] for c in communities if grids[c.pk]}
    hub, park = communities[0], communities[min(1, len(communities) - 1)]
    rows = [
        KeyPlace(
            name="高铁广场",
            kind=PlaceKind.TRANSPORT_HUB,
            area=first[hub.pk],
            address="商丘站高铁广场",
            times_per_day=2,
        ),
        KeyPlace(name="人民公园", kind=PlaceKind.PARK, area=first[park.pk], address="人民公园正门"),
    ] + [
        KeyPlace(
            name=f"{c.name}校园周边",
            kind=PlaceKind.SCHOOL,
            area=first[c.pk],
            times_per_day=2,
            set_hours="07:30,16:30",
        )
        for c in communities
        if c.pk in first
    ]
    year_ago = timezone.now() - timedelta(days=366)
    for place in rows:
        place.created_at = year_ago
    return KeyPlace.objects.bulk_create(rows)


def _reachable(team, places, root_pk):
    """The key places inside the team's area (the corps patrols them all)."""
    if team.area_id == root_pk:
        return places
    return [p for p in places if p.area.parent_id == team.area_id]


def _year_of_patrols(teams, crews, places, rng, today, now) -> int:
    """Each team about once a week for a year; the last patrol of 高铁广场 an hour ago."""
    root_pk = teams[-1].area_id
    plans = []
    for team in teams:
        day = today - timedelta(days=365 - rng.randrange(7))
        while day < today:
            hour = rng.choice((8, 9, 14, 15, 19, 20))
            start = timezone.make_aware(datetime.combine(day, time(hour, rng.choice((0, 30)))))
            plans.append((start, team))
            day += timedelta(days=rng.choice((5, 6, 7, 8, 9)))
    plans.sort(key=lambda plan: (plan[0], plan[1].pk))  # written in time order
    logs, details = [], []
    for start, team in plans:
        end = start + timedelta(minutes=rng.choice((60, 90, 120)))
        users, people = crews[team.pk]
        named_users = rng.sample(users, min(len(users), rng.choice((0, 1, 1, 2))))
        named_people = rng.sample(people, min(len(people), rng.choice((0, 1, 1))))
        logs.append(
            PatrolLog(
                team=team,
                mode=rng.choice(list(PatrolMode)),
                red_armband=rng.random() < 0.4,
                started_at=start,
                ended_at=end,
                status=PatrolStatus.CLOSED,
                weather=rng.choice(WEATHER),
                extra_volunteers=rng.choice((0, 0, 1, 1, 2)),
                started_by_id=named_users[0] if named_users else None,
            )
        )
        reach = _reachable(team, places, root_pk)
        stops = rng.sample(reach, min(len(reach), rng.choice((1, 2, 3))))
        details.append((named_users, named_people, stops))
    # The square's most recent patrol: an hour ago, so its coverage shows as on time.
    square = next(p for p in places if p.name == "高铁广场")
    square_team = next(t for t in teams if square in _reachable(t, places, root_pk))
    start = now - timedelta(hours=2)
    users, people = crews[square_team.pk]
    logs.append(
        PatrolLog(
            team=square_team,
            mode=PatrolMode.BOTH,
            red_armband=True,
            started_at=start,
            ended_at=start + timedelta(minutes=90),
            status=PatrolStatus.CLOSED,
            weather="晴",
            extra_volunteers=2,
            started_by_id=users[0] if users else None,
        )
    )
    details.append((users[:1], people[:1], [square]))
    logs = PatrolLog.objects.bulk_create(logs)
    participants, stops, events, findings = [], [], [], []
    for index, (log, (named_users, named_people, reached)) in enumerate(
        zip(logs, details, strict=True)
    ):
        participants += [PatrolParticipant(log=log, user_id=u) for u in named_users]
        participants += [PatrolParticipant(log=log, person_id=p) for p in named_people]
        for position, place in enumerate(reached):
            stops.append(
                PatrolStop(
                    log=log,
                    place=place,
                    reached_at=log.started_at + timedelta(minutes=15 + 20 * position),
                )
            )
        events += [
            PatrolEvent(
                log=log,
                kind=PatrolEventKind.STARTED,
                actor_id=log.started_by_id,
                to_status=PatrolStatus.OPEN,
                at=log.started_at,
            ),
            PatrolEvent(
                log=log,
                kind=PatrolEventKind.STOPPED,
                actor_id=log.started_by_id,
                from_status=PatrolStatus.OPEN,
                to_status=PatrolStatus.CLOSED,
                at=log.ended_at,
            ),
        ]
        if index % 23 == 5 and reached:
            findings.append(
                Finding(
                    log=log,
                    text=FINDINGS[index % len(FINDINGS)],
                    place=reached[0],
                    created_at=log.started_at + timedelta(minutes=20),
                )
            )
    PatrolParticipant.objects.bulk_create(participants)
    PatrolStop.objects.bulk_create(stops)
    PatrolEvent.objects.bulk_create(events)
    Finding.objects.bulk_create(findings)
    return len(logs)


def _term(root, today):
    """The school term around `today`: autumn (Sep–Jan) or spring (Mar–Jul)."""
    year = today.year if today.month >= 3 else today.year - 1
    if 3 <= today.month <= 8:
        starts, ends = date(year, 3, 2), date(year, 7, 10)
        name, holidays = f"{year}年春季学期", [("清明节", date(year, 4, 4), date(year, 4, 6))]
    else:
        starts, ends = date(year, 9, 1), date(year + 1, 1, 22)
        name = f"{year}年秋季学期"
        holidays = [
            ("国庆节", date(year, 10, 1), date(year, 10, 7)),
            ("元旦", date(year + 1, 1, 1), date(year + 1, 1, 3)),
        ]
    term = SchoolTerm.objects.create(name=name, area=root, starts_on=starts, ends_on=ends)
    SchoolHoliday.objects.bulk_create(
        [SchoolHoliday(term=term, name=n, starts_on=s, ends_on=e) for n, s, e in holidays]
    )
    return term


def _guard_posts(root, communities, grids, places, crews, today, now) -> None:
    """A school per community, this term's rota, and check-ins on the days gone by."""
    term = _term(root, today)
    school_places = {p.area.parent_id: p for p in places if p.kind == PlaceKind.SCHOOL}
    people_by_community = {
        c.pk: list(
            Person.objects.filter(
                kind__in=VOLUNTEER_KINDS, area__parent=grids[c.pk][0] if grids[c.pk] else None
            ).order_by("pk")[:4]
        )
        for c in communities
    }
    # Who checks the duty in: the community's staff, else the school's grid worker (only
    # 东风社区 has a community-staff login in the demo).
    staff = dict(
        Assignment.objects.filter(role=Role.COMMUNITY_STAFF, area__in=communities).values_list(
            "area_id", "user_id"
        )
    )
    grid_workers = dict(
        Assignment.objects.filter(role=Role.GRID_WORKER).values_list("area_id", "user_id")
    )
    checked = []
    for index, community in enumerate(communities):
        if not grids[community.pk]:
            continue
        school = School.objects.create(
            name=f"{community.name.removesuffix('社区')}小学",
            area=grids[community.pk][0],
            place=school_places.get(community.pk),
        )
        people = people_by_community[community.pk]
        if len(people) < 2:
            continue
        generate_guard_rota(school, term, people, per_slot=2)
        by = staff.get(community.pk) or grid_workers.get(school.area_id)
        for slot in GuardSlot.objects.filter(school=school, date__lt=today):
            if (slot.date.toordinal() + index) % 17 == 0:
                continue  # now and then nobody came: attendance is not 100%
            slot.checked_in_at = timezone.make_aware(
                datetime.combine(slot.date, slot.starts_at)
            ) + timedelta(minutes=3)
            slot.checked_in_by_id = by
            checked.append(slot)
    GuardSlot.objects.bulk_update(checked, ["checked_in_at", "checked_in_by"], batch_size=500)
    _one_swap(staff, today)


def _one_swap(staff: dict, today: date) -> None:
    """Two volunteers of a school with community staff trade their posts next week (换班),
    so a post shows who swapped it."""
    slots = list(
        GuardSlot.objects.filter(school__area__parent_id__in=list(staff), date__gt=today)
        .select_related("school__area")
        .prefetch_related("duties")
        .order_by("school", "date", "half_day")[:20]
    )
    for first, second in combinations(slots, 2):
        if first.school_id != second.school_id:
            continue
        here = {(d.user_id, d.person_id) for d in first.duties.all()}
        there = {(d.user_id, d.person_id) for d in second.duties.all()}
        a = next((d for d in first.duties.all() if (d.user_id, d.person_id) not in there), None)
        b = next((d for d in second.duties.all() if (d.user_id, d.person_id) not in here), None)
        if a and b:
            by = User.objects.get(pk=staff[first.school.area.parent_id])
            swap_duties(a, b, by=by)
            return
