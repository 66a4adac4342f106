"""factory_boy factories for every grids model, and a bulk builder for large trees.

Areas, requests and their photos are made the way the app makes them (validated save under
the tree lock; `submit_request` for requests, so deadlines, the creation event and the new-
request alert come with them); a factory never builds a row the app could not.
"""

import itertools

import factory
from django.db import transaction
from django.utils import timezone
from factory.django import DjangoModelFactory

from grids.choices import (
    AREA_DEPTH,
    QR_KINDS,
    AreaKind,
    CareKind,
    CareVisitKind,
    CareVisitStatus,
    PersonKind,
    Role,
    TeamFocus,
    VolunteerActivityKind,
)
from grids.images import clean_photo
from grids.models import (
    Area,
    Assignment,
    AuditEntry,
    CareFile,
    CareVisit,
    DoorKnockIssue,
    DoorKnockRound,
    FigureSummary,
    FigureSummaryState,
    Matter,
    MatterEvent,
    MatterPhoto,
    MatterRating,
    Meeting,
    Milestone,
    Notification,
    Open311Client,
    Person,
    RequestCategory,
    RequestEvent,
    RequestPhoto,
    SelfGovernanceTeam,
    ServicePoint,
    ServiceRequest,
    ServiceTeam,
    User,
    VolunteerHours,
)
from grids.models.areas import new_qr_token
from tests.grids.request_helpers import jpeg_with_gps, upload


class AreaFactory(DjangoModelFactory):
    """A building by default, under a fresh grid → community → sub-district."""

    class Meta:
        model = Area

    kind = AreaKind.BUILDING
    code = factory.Sequence(lambda n: f"F{n:05d}")
    name = factory.LazyAttribute(lambda a: f"{a.code}号")
    parent = factory.LazyAttribute(
        lambda a: (
            None
            if a.kind == AreaKind.SUBDISTRICT
            else AreaFactory(kind=AreaKind(a.kind).parent_kind)
        )
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        area = model_class(*args, **kwargs)
        area.full_clean()
        area.save()
        return area


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.django.Password("pw")


class AssignmentFactory(DjangoModelFactory):
    class Meta:
        model = Assignment

    user = factory.SubFactory(UserFactory)
    role = Role.GRID_WORKER
    area = factory.SubFactory(AreaFactory, kind=AreaKind.GRID)


def user_with_role(role: str, area: Area, **fields) -> User:
    """An account holding one assignment: the usual way tests need a user."""
    return AssignmentFactory(role=role, area=area, user=UserFactory(**fields)).user


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Iterator(["张伟", "王芳", "李娜", "刘洋", "陈静"])
    kind = PersonKind.RESIDENT
    area = factory.SubFactory(AreaFactory)
    phone = factory.Sequence(lambda n: f"138{n:08d}")


class ServiceTeamFactory(DjangoModelFactory):
    class Meta:
        model = ServiceTeam

    name = factory.Sequence(lambda n: f"服务队{n}")
    focus = TeamFocus.PATROL
    area = factory.SubFactory(AreaFactory, kind=AreaKind.GRID)


class ServicePointFactory(DjangoModelFactory):
    class Meta:
        model = ServicePoint

    name = factory.Sequence(lambda n: f"红色驿站{n}")
    area = factory.SubFactory(AreaFactory, kind=AreaKind.GRID)
    location = "小区门岗"
    services = "政策咨询"
    opening_hours = "08:00–20:00"


class RequestCategoryFactory(DjangoModelFactory):
    class Meta:
        model = RequestCategory
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"cat-{n}")
    name = factory.Sequence(lambda n: f"类别{n}")


class ServiceRequestFactory(DjangoModelFactory):
    """A resident request filed through `submit_request`, as the QR page files it."""

    class Meta:
        model = ServiceRequest

    area = factory.SubFactory(AreaFactory)
    category = factory.LazyFunction(lambda: RequestCategory.objects.get(code="repair"))
    description = "楼道灯不亮"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from grids.actions.requests import submit_request

        return submit_request(**kwargs)


class RequestEventFactory(DjangoModelFactory):
    class Meta:
        model = RequestEvent

    request = factory.SubFactory(ServiceRequestFactory)
    kind = "note"
    note = "已联系物业"


class RequestPhotoFactory(DjangoModelFactory):
    """A photo cleaned the way uploads are (re-encoded, no EXIF)."""

    class Meta:
        model = RequestPhoto

    request = factory.SubFactory(ServiceRequestFactory)
    image = factory.LazyFunction(lambda: clean_photo(upload(jpeg_with_gps())))


class NotificationFactory(DjangoModelFactory):
    """An overdue alert about a request, to that request's grid worker by default."""

    class Meta:
        model = Notification
        exclude = ["request"]

    request = factory.SubFactory(ServiceRequestFactory)
    kind = "overdue"
    recipient = factory.SubFactory(UserFactory)
    target = factory.SelfAttribute("request")
    area = factory.SelfAttribute("request.grid")
    text = factory.LazyAttribute(lambda n: f"{n.request.public_id} {n.request.description}")
    due_at = factory.LazyAttribute(lambda n: n.request.response_due_at)
    dedupe_key = factory.Sequence(lambda n: f"factory:{n}")


class Open311ClientFactory(DjangoModelFactory):
    class Meta:
        model = Open311Client
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"12345热线{n}")

    @factory.post_generation
    def key(obj, create, extracted, **kwargs):
        obj.raw_key = obj.issue_key()  # shown once, as in the admin
        if create:
            obj.save()


class AuditEntryFactory(DjangoModelFactory):
    class Meta:
        model = AuditEntry

    user = factory.SubFactory(UserFactory)
    action = AuditEntry.Action.VIEW
    model = "grids.person"
    object_id = "1"


# ---- a large tree in bulk ------------------------------------------------------------------

_codes = itertools.count(1)


@transaction.atomic
def append_communities(
    root: Area, count: int, grids: int = 5, buildings: int = 5, people: int = 4
) -> list[Area]:
    """Append `count` communities, each with its grids, buildings, people and a grid worker
    per grid, under the sub-district `root`, in a handful of bulk INSERTs.

    The nested-set numbers are computed here instead of by one locked save per node (the
    ten-times tree took a minute that way). New codes sort after every existing child of
    `root` (prefix `root.code` + "-Z"), so the new subtrees are the root's last children and
    their numbers start at its old `rght`; nothing else in the tree moves.
    """
    root = Area.objects.select_for_update().get(pk=root.pk)
    batch = next(_codes)
    last = Area.objects.filter(parent=root).order_by("-code").values_list("code", flat=True)
    assert not last or last[0] < f"{root.code}-Z{batch:03d}", "new children must sort last"
    now = timezone.now()

    def node(kind: str, code: str, name: str, lft: int, span: int) -> Area:
        # A node whose subtree holds `span` numbers: its own lft and rght and its children's.
        return Area(
            kind=kind,
            code=code,
            name=name,
            tree_id=root.tree_id,
            level=AREA_DEPTH[kind],
            lft=lft,
            rght=lft + span - 1,
            qr_token=new_qr_token() if kind in QR_KINDS else None,
            created_at=now,
            updated_at=now,
        )

    building_span = 2
    grid_span = 2 + buildings * building_span
    community_span = 2 + grids * grid_span
    communities, grid_nodes, building_nodes = [], [], []  # (node, its parent)
    for c in range(count):
        c_code = f"{root.code}-Z{batch:03d}{c:03d}"
        c_lft = root.rght + c * community_span
        community = node(AreaKind.COMMUNITY, c_code, f"社区{c_code}", c_lft, community_span)
        communities.append((community, root))
        for g in range(grids):
            g_code, g_lft = f"{c_code}-{g:02d}", c_lft + 1 + g * grid_span
            grid = node(AreaKind.GRID, g_code, f"第{g + 1}网格", g_lft, grid_span)
            grid_nodes.append((grid, community))
            for b in range(buildings):
                b_lft = g_lft + 1 + b * building_span
                building = node(
                    AreaKind.BUILDING, f"{g_code}-{b:02d}", f"{b + 1}号楼", b_lft, building_span
                )
                building_nodes.append((building, grid))

    for level in (communities, grid_nodes, building_nodes):  # parents first: they get pks
        for area, parent in level:
            area.parent_id = parent.pk
        Area.objects.bulk_create([area for area, _ in level])
    Area.objects.filter(pk=root.pk).update(rght=root.rght + count * community_span)

    Person.objects.bulk_create(
        Person(name=f"居民{i}", area=building, phone=f"139{building.pk:05d}{i:03d}")
        for building, _ in building_nodes
        for i in range(people)
    )
    workers = User.objects.bulk_create(
        User(username=f"gw-{grid.code.lower()}", full_name="网格员") for grid, _ in grid_nodes
    )
    Assignment.objects.bulk_create(
        Assignment(user=user, role=Role.GRID_WORKER, area=grid)
        for user, (grid, _) in zip(workers, grid_nodes, strict=True)
    )
    return [community for community, _ in communities]


# ---- the deliberation hall ----


class MatterFactory(DjangoModelFactory):
    """A matter raised through `raise_matter`, as the QR page raises it; `status` walks it
    through the loop with the actions (accepted, in_progress, done, closed …)."""

    class Meta:
        model = Matter

    area = factory.SubFactory(AreaFactory)
    title = "楼道线路老化，申请改造"
    description = "3号楼楼道电线老化，晚上经常跳闸。"

    @classmethod
    def _create(cls, model_class, *args, status="raised", **kwargs):
        from grids.actions import deliberation as actions

        staff = User.objects.filter(is_superuser=True).first() or UserFactory(
            is_superuser=True, username="factory-admin"
        )
        matter = actions.raise_matter(**kwargs)
        if status == "declined":
            return actions.decline_matter(matter, by=staff, reason="不属于议事范围")
        if status == "merged":
            into = MatterFactory(area=kwargs["area"], title="重复事项的原件")
            return actions.merge_matter(matter, by=staff, into=into)
        if status == "raised":
            return matter
        actions.accept_matter(matter, by=staff)
        if status == "accepted":
            return matter
        actions.record_meeting(
            matter,
            by=staff,
            held_on=timezone.localdate(),
            minutes="居民代表、物业、网格员到会",
            decision="更换楼道线路",
            responsible_bodies="物业公司",
            budget=12000,
        )
        if status == "in_progress":
            return matter
        actions.add_milestone(
            matter, by=staff, title="完工", progress=100, reached_on=timezone.localdate()
        )
        if status == "done":
            return matter
        actions.rate_matter(matter, stars=5, by_tracking_code=True)
        matter.refresh_from_db()
        return matter


class MatterPhotoFactory(DjangoModelFactory):
    class Meta:
        model = MatterPhoto

    matter = factory.SubFactory(MatterFactory)
    image = factory.LazyFunction(lambda: clean_photo(upload(jpeg_with_gps())))


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    matter = factory.SubFactory(MatterFactory, status="accepted")
    held_on = factory.LazyFunction(timezone.localdate)
    attendee_kinds = factory.LazyFunction(lambda: ["residents", "grid_worker"])
    minutes = "讨论了改造方案"


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    matter = factory.SubFactory(MatterFactory, status="in_progress")
    title = "材料进场"
    progress = 30
    reached_on = factory.LazyFunction(timezone.localdate)


class MatterRatingFactory(DjangoModelFactory):
    class Meta:
        model = MatterRating

    matter = factory.SubFactory(MatterFactory, status="done")
    stars = 4
    by_tracking_code = True


class MatterEventFactory(DjangoModelFactory):
    class Meta:
        model = MatterEvent

    matter = factory.SubFactory(MatterFactory)
    kind = "meeting"
    note = "议事会召开"


# ---- care files, door-knocking rounds, volunteers ----------------------------------------


class CareFileFactory(DjangoModelFactory):
    """A care file opened through `save_care_file` (audited, its first visit planned): a
    resident living alone in a building, a volunteer of the same building as helper."""

    class Meta:
        model = CareFile

    area = factory.SubFactory(AreaFactory)
    person = factory.LazyAttribute(lambda f: PersonFactory(area=f.area, name="孙秀英"))
    kind = CareKind.LIVING_ALONE
    needs = "每周送餐，提醒服药"
    helper_person = factory.LazyAttribute(
        lambda f: (
            None
            if f.helper_user is not None
            else PersonFactory(area=f.area, name="周红", kind=PersonKind.VOLUNTEER)
        )
    )
    helper_user = None
    visit_every_days = 7

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from grids.actions.care import save_care_file

        return save_care_file(model_class(*args, **kwargs), by=None)


class CareVisitFactory(DjangoModelFactory):
    """A care visit done today (a meal delivered)."""

    class Meta:
        model = CareVisit

    care_file = factory.SubFactory(CareFileFactory)
    status = CareVisitStatus.DONE
    kind = CareVisitKind.MEAL
    visited_on = factory.LazyFunction(timezone.localdate)
    notes = "送午餐"


class DoorKnockRoundFactory(DjangoModelFactory):
    class Meta:
        model = DoorKnockRound

    grid = factory.SubFactory(AreaFactory, kind=AreaKind.GRID)
    date = factory.LazyFunction(timezone.localdate)
    households_visited = 24
    notes = "走访独居老人，排查飞线充电"


class DoorKnockIssueFactory(DjangoModelFactory):
    """An issue filed through `report_issue`: a door-knocking request linked to its round."""

    class Meta:
        model = DoorKnockIssue

    round = factory.SubFactory(DoorKnockRoundFactory)

    @classmethod
    def _create(cls, model_class, *args, round, **kwargs):
        from grids.actions.door_knocking import report_issue

        request = report_issue(
            round,
            by=None,
            category=RequestCategory.objects.get(code="corridor-clutter"),
            description="楼道堆放杂物",
        )
        return request.door_knock_issue


class SelfGovernanceTeamFactory(DjangoModelFactory):
    class Meta:
        model = SelfGovernanceTeam
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"自治队{n}")
    area = factory.SubFactory(AreaFactory, kind=AreaKind.GRID)
    description = "邻里互助"

    @factory.post_generation
    def members(self, create, people, **kwargs):
        if create and people:
            self.members.set(people)


class VolunteerHoursFactory(DjangoModelFactory):
    """Hours recorded through `record_volunteer_hours` (a team activity, no row of its own)."""

    class Meta:
        model = VolunteerHours

    person = factory.SubFactory(PersonFactory, kind=PersonKind.VOLUNTEER)
    hours = 2
    activity_kind = VolunteerActivityKind.TEAM_ACTIVITY
    date = factory.LazyFunction(timezone.localdate)

    @classmethod
    def _create(cls, model_class, *args, person, **kwargs):
        from grids.actions.volunteers import record_volunteer_hours

        return record_volunteer_hours(person, by=None, **kwargs)


class FigureSummaryFactory(DjangoModelFactory):
    """A day's sums of one summary for one grid (what refresh() writes)."""

    class Meta:
        model = FigureSummary

    name = "requests"
    span = FigureSummary.Span.DAY
    day = factory.LazyFunction(lambda: timezone.localdate())
    area = factory.SubFactory(AreaFactory, kind="grid")
    category = "报修"
    n0 = 3
    n1 = 1


class FigureSummaryStateFactory(DjangoModelFactory):
    class Meta:
        model = FigureSummaryState

    name = factory.Sequence(lambda n: f"summary-{n}")
    through = factory.LazyFunction(lambda: timezone.localdate())
    refreshed_at = factory.LazyFunction(timezone.now)
