"""The registry every scoped model and every route joins.

Two lists, one module:
- REGISTRY: one ScopedCase per scoped model (every model whose manager has `visible_to`):
  how to make one of it inside a given grid, who reads and who changes it, where its pages
  and API live. tests/test_scoping.py runs the scoping tests over it.
- ROUTES: one Route (or several, one per variant) per URL name of the project: which case's
  objects fill its URL, who may read it, a valid write and how to see it was saved, whether
  it deletes. tests/test_access_matrix.py walks the URL conf and runs every route against
  anonymous, an outsider, an in-scope reader and an in-scope editor. A route or a scoped
  model without an entry fails that test, so nothing new can be forgotten.

Entries name routes by URL name (`grids:person_edit`), never by view, so they survive views
moving between modules.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from grids.choices import AreaKind, Role
from grids.models import Area, Assignment, User
from patrols.models import (
    GuardDuty,
    GuardSlot,
    KeyPlace,
    PatrolLog,
    PatrolTeam,
    School,
    SchoolTerm,
    TeamMember,
)
from tests.disputes import factories as df
from tests.grids import factories as gf
from tests.patrols import factories as patf
from tests.publicity import factories as pf

Who = str | Callable[[Any], Any]


@dataclass(frozen=True)
class ScopedCase:
    name: str
    model: str  # app_label.ModelName: the scoped model this case stands for
    # make(world, grid, building) → an object that lives in that grid
    make: Callable[[Any, Area, Area], Any]
    api_list: str | None
    api_detail: Callable[[Any], str] | None
    page_detail: Callable[[Any], str] | None
    page_edit: Callable[[Any], str] | None
    page_delete: Callable[[Any], str] | None
    patch: dict = field(default_factory=dict)
    # change(api_client, obj) → response; defaults to PATCH with `patch`. None: read-only.
    change: Callable[[Any, Any], Any] | None = None
    read_only: bool = False
    page_list: str | None = None
    key: Callable[[Any], Any] = lambda obj: obj.pk
    api_key: str | Callable[[dict], Any] = "id"  # a field of the API rows, or a row -> key
    # Who plays "the user of grid GA" in the grid tests: a World attribute, or
    # make(world) → user. Models grid workers may not read name someone who may.
    viewer: Who = "worker_a"
    # Who looks at GB's object in the "another grid" test; None: the viewer. (Differs for
    # community-level objects, where GA's and GB's object share one community.)
    stranger: Who | None = None
    # Who changes GA's object in the access matrix; None: the viewer.
    editor: Who | None = None
    # Who tries to change another community's object in the matrix; None: the editor. Set
    # where the editor's scope is the whole sub-district (nothing is outside it).
    outside_editor: Who | None = None

    def row_key(self, row: dict):
        """The key of one row of the API list (compared with key(obj))."""
        return self.api_key(row) if callable(self.api_key) else row[self.api_key]


def player(world, who: Who):
    """The user a case or a route names as its viewer, editor or stranger."""
    return getattr(world, who) if isinstance(who, str) else who(world)


REGISTRY: list[ScopedCase] = []


def register(case: ScopedCase) -> ScopedCase:
    REGISTRY.append(case)
    return case


def case_named(name: str) -> ScopedCase:
    return next(case for case in REGISTRY if case.name == name)


def _url(name: str, attr: str = "pk") -> Callable[[Any], str]:
    return lambda obj: reverse(name, args=[getattr(obj, attr)])


# ---- grids ----


register(
    ScopedCase(
        name="area",
        model="grids.Area",
        # A building of its own, so that deleting it is not refused for its people.
        make=lambda world, grid, building: gf.AreaFactory(kind=AreaKind.BUILDING, parent=grid),
        api_list="/api/v1/areas/",
        api_detail=lambda obj: f"/api/v1/areas/{obj.code}/",
        page_detail=_url("grids:area_detail", "code"),
        page_edit=_url("grids:area_edit", "code"),
        page_delete=_url("grids:area_delete", "code"),
        patch={"name": "改名"},
        key=lambda obj: obj.code,
        api_key="code",
        editor="street_official",
        outside_editor="worker_a",
    )
)
register(
    ScopedCase(
        name="person",
        model="grids.Person",
        make=lambda world, grid, building: gf.PersonFactory(name="居民", area=building),
        api_list="/api/v1/people/",
        api_detail=lambda obj: f"/api/v1/people/{obj.pk}/",
        page_detail=_url("grids:person_detail"),
        page_edit=_url("grids:person_edit"),
        page_delete=_url("grids:person_delete"),
        page_list="/people/",
        patch={"name": "改名"},
    )
)
register(
    ScopedCase(
        name="assignment",
        model="grids.Assignment",
        make=lambda world, grid, building: gf.AssignmentFactory(role=Role.VOLUNTEER, area=grid),
        api_list="/api/v1/assignments/",
        api_detail=lambda obj: f"/api/v1/assignments/{obj.pk}/",
        page_detail=None,
        page_edit=_url("grids:assignment_edit"),
        page_delete=_url("grids:assignment_delete"),
        page_list="/assignments/",
        patch={"role": Role.COMMUNITY_STAFF},
        editor="street_official",
        outside_editor="worker_a",
    )
)
register(
    ScopedCase(
        name="service team",
        model="grids.ServiceTeam",
        make=lambda world, grid, building: gf.ServiceTeamFactory(name="巡逻队", area=grid),
        api_list="/api/v1/teams/",
        api_detail=lambda obj: f"/api/v1/teams/{obj.pk}/",
        page_detail=_url("grids:serviceteam_detail"),
        page_edit=_url("grids:serviceteam_edit"),
        page_delete=_url("grids:serviceteam_delete"),
        page_list="/teams/",
        patch={"name": "改名"},
        editor="community_official",
    )
)
register(
    ScopedCase(
        name="red station",
        model="grids.ServicePoint",
        make=lambda world, grid, building: gf.ServicePointFactory(name="红色驿站", area=grid),
        api_list="/api/v1/service-points/",
        api_detail=lambda obj: f"/api/v1/service-points/{obj.pk}/",
        page_detail=_url("grids:servicepoint_detail"),
        page_edit=_url("grids:servicepoint_edit"),
        page_delete=_url("grids:servicepoint_delete"),
        page_list="/service-points/",
        patch={"name": "改名"},
        editor="community_official",
    )
)


def _request(grid: Area, building: Area):
    return gf.ServiceRequestFactory(area=building, description="漏水了")


def _alert_for_everyone(world, grid, building):
    """An overdue alert about a request in `grid` to each user whose scope holds the grid (a
    notification is its recipient's alone); returns the grid worker's."""
    from django.contrib.contenttypes.models import ContentType

    from grids.models import Notification
    from grids.notifications import dedupe_key, notify

    req = _request(grid, building)
    users = [world.worker_a, world.worker_b, world.community_official, world.street_official]
    notify(
        [u for u in users if u.holds_role_over(grid)],
        kind="overdue",
        obj=req,
        area=grid,
        text=req.description,
        due_at=req.response_due_at,
        dedupe_key=dedupe_key("overdue", req, req.response_due_at),
    )
    return (
        Notification.objects.filter(
            content_type=ContentType.objects.get_for_model(req), object_id=req.pk, kind="overdue"
        )
        .order_by("pk")
        .first()
    )


register(
    ScopedCase(
        name="resident request",
        model="grids.ServiceRequest",
        make=lambda world, grid, building: _request(grid, building),
        api_list="/api/v1/requests/",
        api_detail=lambda obj: f"/api/v1/requests/{obj.pk}/",
        page_detail=_url("grids:request_detail"),
        page_edit=None,
        page_delete=None,
        page_list="/requests/",
        change=lambda api, obj: api.post(f"/api/v1/requests/{obj.pk}/accept/"),
    )
)
register(
    ScopedCase(
        # 待分派: filed where its grid could not be told, it waits at the community node for
        # the community's staff (a grid worker of the community never sees it).
        name="triage request",
        model="grids.ServiceRequest",
        make=lambda world, grid, building: gf.ServiceRequestFactory(
            area=grid.parent, description="不知哪个网格"
        ),
        api_list=None,
        api_detail=lambda obj: f"/api/v1/requests/{obj.pk}/",
        page_detail=_url("grids:request_detail"),
        page_edit=None,
        page_delete=None,
        page_list=None,  # the list test is a grid worker's; the matrix walks /requests/triage/
        change=lambda api, obj: api.post(
            f"/api/v1/requests/{obj.pk}/assign/",
            {"to_grid": obj.grid.get_children().filter(kind="grid").first().code},
            format="json",
        ),
        viewer="community_official",
        stranger="worker_b",
    )
)
register(
    ScopedCase(
        name="request event",
        model="grids.RequestEvent",
        make=lambda world, grid, building: _request(grid, building).events.get(),
        api_list="/api/v1/request-events/",
        api_detail=lambda obj: f"/api/v1/request-events/{obj.pk}/",
        page_detail=None,
        page_edit=None,
        page_delete=None,
        read_only=True,
    )
)
register(
    ScopedCase(
        name="alert",
        model="grids.Notification",
        make=_alert_for_everyone,
        api_list="/api/v1/alerts/",
        api_detail=lambda obj: f"/api/v1/alerts/{obj.pk}/",
        page_detail=None,
        page_edit=None,
        page_delete=None,
        read_only=True,
        # The request it is about (each user reads their own row about it), with its type:
        # a dispute or care visit may have the same id as the request.
        key=lambda obj: (f"{obj.content_type.app_label}.{obj.content_type.model}", obj.object_id),
        api_key=lambda row: (row["object_type"], row["object_id"]),
    )
)
register(
    ScopedCase(
        name="request photo",
        model="grids.RequestPhoto",
        make=lambda world, grid, building: gf.RequestPhotoFactory(request=_request(grid, building)),
        api_list=None,
        api_detail=None,
        page_detail=_url("grids:request_photo"),
        page_edit=None,
        page_delete=None,
        read_only=True,
    )
)


# The deliberation hall (网格议事厅).


def _matter(grid: Area, building: Area, status: str = "raised"):
    return gf.MatterFactory(area=building, status=status)


def _milestone_photo(world, grid, building):
    """A photo of a milestone of a project under way: staff and the public page show it."""
    matter = _matter(grid, building, "in_progress")
    return gf.MatterPhotoFactory(matter=matter, milestone=gf.MilestoneFactory(matter=matter))


def _hall_case(name: str, model: str, make, **fields) -> None:
    """A deliberation model shown on its matter's page (and the API's matter), not alone."""
    register(
        ScopedCase(
            name=name,
            model=model,
            make=make,
            **{
                "api_list": None,
                "api_detail": None,
                "page_detail": None,
                "page_edit": None,
                "page_delete": None,
                "read_only": True,
                **fields,
            },
        )
    )


_hall_case(
    "matter",
    "grids.Matter",
    lambda world, grid, building: _matter(grid, building),
    api_list="/api/v1/matters/",
    api_detail=lambda obj: f"/api/v1/matters/{obj.pk}/",
    page_detail=_url("grids:matter_detail"),
    page_list="/deliberation/",
    read_only=False,
    change=lambda api, obj: api.post(f"/api/v1/matters/{obj.pk}/accept/", {}, format="json"),
)
_hall_case(
    # On the community's public list of projects once accepted.
    "public matter",
    "grids.Matter",
    lambda world, grid, building: _matter(grid, building, "in_progress"),
    page_detail=_url("grids:matter_detail"),
)
_hall_case("matter photo", "grids.MatterPhoto", _milestone_photo)
_hall_case(
    "meeting",
    "grids.Meeting",
    lambda world, grid, building: gf.MeetingFactory(matter=_matter(grid, building, "accepted")),
)
_hall_case(
    "milestone",
    "grids.Milestone",
    lambda world, grid, building: gf.MilestoneFactory(
        matter=_matter(grid, building, "in_progress")
    ),
)
_hall_case(
    "matter rating",
    "grids.MatterRating",
    lambda world, grid, building: _matter(grid, building, "closed").ratings.get(),
)
_hall_case(
    "matter event",
    "grids.MatterEvent",
    lambda world, grid, building: _matter(grid, building).events.get(),
)


# ---- disputes ----


def _mediator(world, grid: Area) -> User:
    """A tier-1 mediator of the grid's community: the world's in C1, a new one elsewhere."""
    community = grid.parent
    if community == world.c1:
        return world.mediator_c1
    user, created = User.objects.get_or_create(username=f"mediator-{community.code.lower()}")
    if created:
        Assignment.objects.create(user=user, role=Role.MEDIATOR, area=community)
    return user


def grid_mediator(world) -> User:
    """A mediator on grid GA alone: reads what grid workers may not, still one grid's scope."""
    user, created = User.objects.get_or_create(username="mediator-ga")
    if created:
        Assignment.objects.create(user=user, role=Role.MEDIATOR, area=world.ga)
    return user


def _dispute(world, grid, building, factory=df.DisputeFactory):
    return factory(area=building, mediator=_mediator(world, grid), by=world.admin)


def _visit(world, grid, building):
    return df.FollowUpVisitFactory(
        dispute=_dispute(world, grid, building, df.SettledDisputeFactory)
    )


def _lawyer(name: str = "lawyer-1") -> User:
    return User.objects.get_or_create(username=name)[0]


def _swap(api, shift):
    """The change of a shift: swap days with another lawyer's shift of the same community."""
    other = df.ClinicShiftFactory(community=shift.community, lawyer=_lawyer("lawyer-2"))
    return api.post(f"/api/v1/clinic-shifts/{shift.pk}/swap/", {"second": other.pk})


def _api_urls(prefix: str) -> dict:
    return {
        "api_list": f"/api/v1/{prefix}/",
        "api_detail": lambda obj: f"/api/v1/{prefix}/{obj.pk}/",
    }


NO_PAGES = {"page_detail": None, "page_edit": None, "page_delete": None}


def _page(name: str) -> dict:
    """The disputes page that shows one object; edits are POST actions tested elsewhere."""
    return {"page_detail": _url(f"disputes:{name}"), "page_edit": None, "page_delete": None}


register(
    ScopedCase(
        name="dispute",
        model="disputes.Dispute",
        make=_dispute,
        **_api_urls("disputes"),
        **_page("dispute_detail"),
        change=lambda api, obj: api.post(
            f"/api/v1/disputes/{obj.pk}/plan/",
            {"plan": "分头做工作", "experts": "律师", "steps": "先调查再调解"},
        ),
        editor="mediator_c1",
    )
)
register(
    ScopedCase(
        name="follow-up visit",
        model="disputes.FollowUpVisit",
        make=_visit,
        **_api_urls("dispute-visits"),
        **_page("visit_record"),
        change=lambda api, obj: api.post(
            f"/api/v1/dispute-visits/{obj.pk}/record/", {"method": "phone", "result": "stable"}
        ),
        viewer=grid_mediator,
    )
)
register(
    ScopedCase(
        name="mediation session",
        model="disputes.MediationSession",
        make=lambda world, grid, building: df.MediationSessionFactory(
            dispute=_dispute(world, grid, building)
        ),
        **_api_urls("mediation-sessions"),
        **NO_PAGES,
        read_only=True,
        viewer=grid_mediator,
    )
)
register(
    ScopedCase(
        name="dispute event",
        model="disputes.DisputeEvent",
        make=lambda world, grid, building: _dispute(world, grid, building).events.get(),
        **_api_urls("dispute-events"),
        **NO_PAGES,
        read_only=True,
    )
)
register(
    ScopedCase(
        name="clinic shift",
        model="disputes.ClinicShift",
        make=lambda world, grid, building: df.ClinicShiftFactory(
            community=grid.parent, lawyer=_lawyer()
        ),
        **_api_urls("clinic-shifts"),
        **NO_PAGES,
        change=_swap,
        # A community's shift: GA's and GB's are both C1's, which worker_a does not hold.
        viewer="mediator_c1",
        stranger="worker_a",
    )
)
register(
    ScopedCase(
        name="legal consultation",
        model="disputes.Consultation",
        make=lambda world, grid, building: df.ConsultationFactory(
            area=building, recorded_by=world.admin
        ),
        **_api_urls("consultations"),
        **_page("consultation_detail"),
        patch={"topic": "改名"},
        viewer=grid_mediator,
    )
)
register(
    ScopedCase(
        name="screening",
        model="disputes.ScreeningCampaign",
        make=lambda world, grid, building: df.ScreeningCampaignFactory(area=grid),
        **_api_urls("screenings"),
        **_page("screeningcampaign_detail"),
        patch={"notes": "发现两处隐患"},
    )
)
register(
    ScopedCase(
        name="risk item",
        model="disputes.RiskItem",
        make=lambda world, grid, building: df.RiskItemFactory(area=building, owner=world.admin),
        **_api_urls("risks"),
        **_page("riskitem_detail"),
        patch={"title": "改名"},
    )
)
register(
    ScopedCase(
        name="key person",
        model="disputes.KeyPerson",
        make=lambda world, grid, building: df.KeyPersonFactory(
            area=building, responsible=world.admin
        ),
        **_api_urls("key-people"),
        **_page("keyperson_detail"),
        patch={"measures": "每周走访"},
        viewer=grid_mediator,
    )
)
# ---- publicity ----


def _publicity(name: str, model: str, make, **fields) -> ScopedCase:
    defaults = {
        "api_list": None,
        "api_detail": None,
        "page_detail": None,
        "page_edit": None,
        "page_delete": None,
        "read_only": True,
    }
    return register(ScopedCase(name=name, model=model, make=make, **{**defaults, **fields}))


_publicity(
    "campaign",
    "publicity.Campaign",
    lambda world, grid, building: pf.CampaignFactory(area=grid),
    **_api_urls("campaigns"),
    page_detail=_url("publicity:campaign_detail"),
    page_edit=_url("publicity:campaign_edit"),
    page_list="/publicity/campaigns/",
    editor="community_official",
)
_publicity(
    "campaign goal",
    "publicity.CampaignGoal",
    lambda world, grid, building: pf.CampaignGoalFactory(
        campaign=pf.CampaignFactory(area=grid, goals={})
    ),
)
_publicity(
    "activity",
    "publicity.Activity",
    lambda world, grid, building: pf.ActivityFactory(
        area=building, campaigns=[pf.CampaignFactory(area=grid)]
    ),
    **_api_urls("activities"),
    page_detail=_url("publicity:activity_detail"),
    page_edit=_url("publicity:activity_edit"),
    page_delete=_url("publicity:activity_delete"),
    page_list="/publicity/activities/",
)
_publicity(
    "activity photo",
    "publicity.ActivityPhoto",
    lambda world, grid, building: pf.ActivityPhotoFactory(activity=pf.ActivityFactory(area=grid)),
    page_detail=_url("publicity:activity_photo"),
)
_publicity(
    "publicity case",
    "publicity.Case",
    lambda world, grid, building: pf.CaseFactory(area=grid),
    **_api_urls("cases"),
    page_detail=_url("publicity:case_detail"),
    page_edit=_url("publicity:case_edit"),
    page_list="/publicity/cases/",
    read_only=False,
    change=lambda api, obj: api.post(f"/api/v1/cases/{obj.pk}/publish/"),
    editor="community_official",
)
_publicity(
    "case attachment",
    "publicity.CaseAttachment",
    lambda world, grid, building: pf.CaseAttachmentFactory(case=pf.CaseFactory(area=grid)),
    page_detail=_url("publicity:case_attachment"),
)
_publicity(
    "case event",
    "publicity.CaseEvent",
    lambda world, grid, building: pf.CaseFactory(area=grid).events.get(),
)
# ---- patrols ----


def _patrol_case(name: str, model: str, make, **pages) -> None:
    """A patrols model; without pages or API, its rows are proved through visible_to."""
    fields = {
        "api_list": None,
        "api_detail": None,
        "page_detail": None,
        "page_edit": None,
        "page_delete": None,
        "read_only": True,
        **pages,
    }
    register(ScopedCase(name=name, model=model, make=make, **fields))


def _log(grid):
    return patf.PatrolLogFactory(team=patf.PatrolTeamFactory(area=grid))


_patrol_case(
    "patrol team",
    "patrols.PatrolTeam",
    lambda w, grid, b: patf.PatrolTeamFactory(area=grid),
    **_api_urls("patrol-teams"),
    page_detail=_url("patrols:patrolteam_detail"),
    page_edit=_url("patrols:patrolteam_edit"),
    page_list="/patrols/teams/",
    patch={"name": "改名"},
    read_only=False,
    editor="community_official",
)
_patrol_case(
    "team member",
    "patrols.TeamMember",
    lambda w, grid, b: patf.TeamMemberFactory(team=patf.PatrolTeamFactory(area=grid)),
    page_edit=_url("patrols:teammember_edit"),
    page_delete=_url("patrols:teammember_delete"),
    editor="community_official",
)
_patrol_case(
    "key place",
    "patrols.KeyPlace",
    lambda w, grid, b: patf.KeyPlaceFactory(area=grid),
    **_api_urls("key-places"),
    page_detail=_url("patrols:keyplace_detail"),
    page_edit=_url("patrols:keyplace_edit"),
    page_list="/patrols/places/",
    patch={"name": "改名"},
    read_only=False,
    editor="community_official",
)
_patrol_case(
    "patrol log",
    "patrols.PatrolLog",
    lambda w, grid, b: _log(grid),
    **_api_urls("patrol-logs"),
    page_detail=_url("patrols:patrollog_detail"),
    page_edit=_url("patrols:patrollog_edit"),
    page_list="/patrols/logs/",
    # A retried stop of a finished patrol answers the patrol unchanged (idempotent).
    change=lambda api, obj: api.post(f"/api/v1/patrol-logs/{obj.pk}/stop/", {}, format="json"),
    read_only=False,
)
_patrol_case(
    "patrol stop", "patrols.PatrolStop", lambda w, grid, b: patf.PatrolStopFactory(log=_log(grid))
)
_patrol_case(
    "patrol participant",
    "patrols.PatrolParticipant",
    lambda w, grid, b: patf.PatrolParticipantFactory(log=_log(grid)),
)
_patrol_case("finding", "patrols.Finding", lambda w, grid, b: patf.FindingFactory(log=_log(grid)))
_patrol_case(
    "patrol event",
    "patrols.PatrolEvent",
    lambda w, grid, b: patf.PatrolEventFactory(log=_log(grid)),
)
_patrol_case(
    "school",
    "patrols.School",
    lambda w, grid, b: patf.SchoolFactory(area=grid),
    **_api_urls("schools"),
    page_detail=_url("patrols:school_detail"),
    page_edit=_url("patrols:school_edit"),
    page_delete=_url("patrols:school_delete"),
    page_list="/patrols/schools/",
    editor="community_official",
)
_patrol_case(
    "school term",
    "patrols.SchoolTerm",
    lambda w, grid, b: patf.SchoolTermFactory(area=grid),
    **_api_urls("school-terms"),
    page_detail=_url("patrols:schoolterm_detail"),
    page_edit=_url("patrols:schoolterm_edit"),
    page_delete=_url("patrols:schoolterm_delete"),
    page_list="/patrols/terms/",
    editor="community_official",
)
_patrol_case(
    "school holiday",
    "patrols.SchoolHoliday",
    lambda w, grid, b: patf.SchoolHolidayFactory(term=patf.SchoolTermFactory(area=grid)),
    page_edit=_url("patrols:schoolholiday_edit"),
    page_delete=_url("patrols:schoolholiday_delete"),
    editor="community_official",
)
_patrol_case(
    "guard slot",
    "patrols.GuardSlot",
    lambda w, grid, b: patf.GuardSlotFactory(school=patf.SchoolFactory(area=grid)),
    **_api_urls("guard-slots"),
    page_detail=_url("patrols:guardslot_detail"),
    page_list="/patrols/guard-posts/",
    change=lambda api, obj: api.post(f"/api/v1/guard-slots/{obj.pk}/check-in/", {}, format="json"),
    read_only=False,
    editor="community_official",
)
_patrol_case(
    "guard duty",
    "patrols.GuardDuty",
    lambda w, grid, b: patf.GuardDutyFactory(
        slot=patf.GuardSlotFactory(school=patf.SchoolFactory(area=grid))
    ),
)


# ---- grids: care files, door-knocking rounds, volunteers ----


def _care_file(world, grid, building, **fields):
    return gf.CareFileFactory(area=building, **fields)


register(
    ScopedCase(
        name="care file",
        model="grids.CareFile",
        make=_care_file,
        **_api_urls("care-files"),
        page_detail=_url("grids:carefile_detail"),
        page_edit=_url("grids:carefile_edit"),
        page_delete=None,
        # No page_list: the list is closed to grid workers, whom the shared list test signs in
        # as; tests/grids/test_care_views.py proves its scope.
        patch={"needs": "每天送餐"},
        # Sensitive: a grid worker (without the grant) reads only the files they help with.
        viewer=grid_mediator,
    )
)
register(
    ScopedCase(
        name="care visit",
        model="grids.CareVisit",
        make=lambda world, grid, building: gf.CareVisitFactory(
            care_file=_care_file(world, grid, building)
        ),
        **_api_urls("care-visits"),
        **NO_PAGES,
        read_only=True,
        viewer=grid_mediator,
    )
)
register(
    ScopedCase(
        name="door-knocking round",
        model="grids.DoorKnockRound",
        make=lambda world, grid, building: gf.DoorKnockRoundFactory(grid=grid),
        **_api_urls("door-knocking-rounds"),
        page_detail=_url("grids:doorknockround_detail"),
        page_edit=_url("grids:doorknockround_edit"),
        page_delete=None,
        page_list="/door-knocking/",
        patch={"notes": "改"},
    )
)
register(
    ScopedCase(
        name="door-knocking issue",
        model="grids.DoorKnockIssue",
        make=lambda world, grid, building: gf.DoorKnockIssueFactory(
            round=gf.DoorKnockRoundFactory(grid=grid)
        ),
        api_list=None,
        api_detail=None,
        **NO_PAGES,
        read_only=True,
    )
)
register(
    ScopedCase(
        name="self-governance team",
        model="grids.SelfGovernanceTeam",
        make=lambda world, grid, building: gf.SelfGovernanceTeamFactory(area=grid),
        **_api_urls("self-governance-teams"),
        page_detail=_url("grids:selfgovernanceteam_detail"),
        page_edit=_url("grids:selfgovernanceteam_edit"),
        page_delete=_url("grids:selfgovernanceteam_delete"),
        page_list="/self-governance-teams/",
        patch={"name": "改名"},
        editor="community_official",
    )
)
register(
    ScopedCase(
        name="volunteer hours",
        model="grids.VolunteerHours",
        make=lambda world, grid, building: gf.VolunteerHoursFactory(
            person=gf.PersonFactory(area=building, kind="volunteer")
        ),
        **_api_urls("volunteer-hours"),
        **NO_PAGES,
        read_only=True,
    )
)

# ==== routes ==================================================================================

PUBLIC = "public"  # no account needed, by design (resident pages, Open311, sign-in pages)
SIGNED_IN = "signed in"  # any account; shows only the user's own rows or nothing scoped
SCOPED = "scoped"  # what it shows or changes lies in the user's subtree

OBJECT = "object"  # the URL names one object: another community's answers 404
LIST = "list"  # a list: another community's objects never appear in it
ADD = "add"  # a page or endpoint that creates: 404 for whoever may create nowhere
PLAIN = "plain"  # no object, no list (home, figures, schema …)


@dataclass(frozen=True)
class Write:
    """A valid change through the route, and how to see in the database that it was saved."""

    # data(world, obj) → the form or JSON payload; obj is the route's object (None on ADD)
    data: Callable[[Any, Any], dict]
    # saved(world, before) → True once the change is in the database (re-read, never trusted
    # from the response); `before` is the object as it was read before the write.
    saved: Callable[[Any, Any], bool]
    method: str = "post"
    # prepare(world, obj): move the object into the state the write needs (accept a request
    # before resolving it …); runs inside the test's transaction.
    prepare: Callable[[Any, Any], None] | None = None
    # The answer of a successful write; None: 302 for pages, 200 for the API.
    status: int | None = None
    # Whether an outsider's attempt must be refused (False where anyone acts on their own rows).
    outsiders_refused: bool = True


@dataclass(frozen=True)
class Route:
    """How the access matrix exercises one URL name (one variant of it, when `label` is set)."""

    name: str
    access: str = SCOPED
    shape: str = OBJECT
    case: str | None = None  # the ScopedCase whose objects fill the URL or fill the list
    kwargs: Callable[[Any, Any], dict] | None = None  # (world, obj) → URL kwargs; None: pk
    label: str = ""  # tells variants of one URL name apart (request actions …)
    read: bool = True  # GET shows something; False: POST only
    status: int = 200  # a reader's (or, for PUBLIC, anonymous') answer to GET
    reader: Who | None = None  # None: the case's viewer (its editor on ADD and edit pages)
    editor: Who | None = None  # None: the case's editor, else its viewer
    write: Write | None = None
    # "yes": the route deletes (POST on a page, DELETE in the API); "no": the API refuses
    # DELETE with 405 and the object stays; None: no delete here.
    delete: str | None = None
    # LIST: what an account without any assignment gets (200 with nothing of ours, or 404);
    # ADD: what a user who may create nowhere gets.
    outsider_status: int = 200
    marker: Callable[[Any], str] | None = None  # LIST pages: the text that shows an object
    api: bool | None = None  # None: from the namespace (api, disputes-api)
    # check name → reason: a known hole, expected to fail until it is fixed (strict xfail)
    known_holes: dict[str, str] = field(default_factory=dict)
    # Models without a scope of their own whose rows this route's write or read proves
    # (an intake writes DisputeParty rows, settling an Agreement …).
    covers: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.name}[{self.label}]" if self.label else self.name

    @property
    def is_api(self) -> bool:
        if self.api is not None:
            return self.api
        return self.name.split(":")[0] in ("api", "disputes-api", "patrols-api", "publicity-api")

    def url(self, world, obj) -> str:
        if self.kwargs is not None:
            return reverse(self.name, kwargs=self.kwargs(world, obj))
        if self.shape == OBJECT:
            return reverse(self.name, kwargs={"pk": obj.pk})
        return reverse(self.name)


ROUTES: list[Route] = []

# Models no route reaches, each with the reason. Every other model is scoped (a ScopedCase)
# or named in some Route's `covers`.
NOT_ROUTED = {
    "grids.User": "accounts are managed in the admin; users appear only as assignees",
    "grids.AuditEntry": "written by every sensitive read, read in the admin",
    "grids.Open311Client": "API keys are issued and revoked in the admin",
    "disputes.DisputeCategory": "edited in the admin, picked from in the intake form",
    "grids.FigureSummary": "sums written by the refresh task, read only through the figures "
    "of a node the overview, report and figures API have checked",
    "grids.FigureSummaryState": "how far each summary reaches, written by the refresh task",
    "publicity.ActivityTopic": "a read-only view of activities per topic, read only through "
    "the publicity figures of a checked node",
}

# URL names the matrix does not walk, each with the reason. Everything else needs a Route.
NOT_IN_MATRIX = {
    # Django's admin: its own staff-only permission system, tested by Django.
    "admin": "namespace",
    # Sets the language cookie for anyone, signed in or not; nothing scoped.
    "set_language": "name",
}


def route(name: str, **kwargs) -> Route:
    entry = Route(name=name, **kwargs)
    ROUTES.append(entry)
    return entry


def by_code(world, obj) -> dict:
    return {"code": obj.code}


def _fresh(obj):
    return type(obj).objects.filter(pk=obj.pk).first()


def _gone(world, obj) -> bool:
    return _fresh(obj) is None


def _changed(attr: str, value) -> Callable[[Any, Any], bool]:
    return lambda world, before: getattr(_fresh(before), attr) == value


def _exists(model_path: str, **lookup) -> Callable[[Any, Any], bool]:
    def saved(world, before) -> bool:
        from django.apps import apps

        return apps.get_model(model_path).objects.filter(**lookup).exists()

    return saved


def _today() -> str:
    return timezone.localdate().isoformat()


# ---- the project: sign-in, home, health, API root and schema -----------------------------------

route("home", access=SIGNED_IN, shape=PLAIN, status=302)  # → the user's home page
route("healthz", access=PUBLIC, shape=PLAIN)
# The overview and its API show only the nodes the user holds an overview role on (?area=
# outside them is 404: tests/dongfeng/test_overview.py); without such a role, nothing.
route("overview", access=SIGNED_IN, shape=PLAIN, reader="community_official")
route("api-figures", access=SIGNED_IN, shape=PLAIN, api=True, reader="community_official")
route("favicon", access=PUBLIC, shape=PLAIN, status=301)  # → the static icon
route("login", access=PUBLIC, shape=PLAIN)
route("logout", access=PUBLIC, shape=PLAIN, read=False, status=302)
route("password_change", access=SIGNED_IN, shape=PLAIN)
route("password_change_done", access=SIGNED_IN, shape=PLAIN)
route("password_reset", access=PUBLIC, shape=PLAIN)
route("password_reset_done", access=PUBLIC, shape=PLAIN)
route(
    "password_reset_confirm",
    access=PUBLIC,
    shape=PLAIN,
    kwargs=lambda world, obj: {"uidb64": "MQ", "token": "not-a-token"},
)
route("password_reset_complete", access=PUBLIC, shape=PLAIN)
route("api-schema", access=SIGNED_IN, shape=PLAIN, api=True)
route("api-docs", access=SIGNED_IN, shape=PLAIN, api=True)
route("api:api-root", access=SIGNED_IN, shape=PLAIN)

# ---- public resident pages and Open311: public by design ----

route(
    "grids:resident_form",
    access=PUBLIC,
    case="area",
    kwargs=lambda world, obj: {"token": obj.qr_token},
)
route("grids:request_lookup", access=PUBLIC, shape=PLAIN)
route(
    "grids:request_track",
    access=PUBLIC,
    case="resident request",
    kwargs=lambda world, obj: {"code": obj.tracking_code},
)
_json = {"fmt": "json"}
route("open311:discovery", access=PUBLIC, shape=PLAIN, kwargs=lambda w, o: _json)
route("open311:services", access=PUBLIC, shape=PLAIN, kwargs=lambda w, o: _json)
route(
    "open311:service_definition",
    access=PUBLIC,
    shape=PLAIN,
    kwargs=lambda w, o: {"code": "repair", **_json},
)
route(
    "open311:requests",
    access=PUBLIC,
    shape=PLAIN,
    kwargs=lambda w, o: _json,
)
route(
    "open311:request",
    access=PUBLIC,
    case="resident request",
    kwargs=lambda w, obj: {"request_id": obj.public_id, **_json},
)
route(
    "open311:token",
    access=PUBLIC,
    shape=PLAIN,
    kwargs=lambda w, o: {"token": "no-such-token", **_json},
    status=404,  # a token's read is public as the spec says; this one does not exist
)
route(
    "open311:not_found",
    access=PUBLIC,
    shape=PLAIN,
    kwargs=lambda w, o: {"path": "nothing-here"},
    status=404,
)

# ---- grids pages ----


def _area_form(world, obj, **changes) -> dict:
    data = {
        "kind": "building",
        "parent": world.ga.pk,
        "name": "新楼",
        "code": "MATRIX-NEW",
        "households": 0,
        "population": 0,
    }
    if obj is not None:
        data.update(parent=obj.parent_id, name=obj.name, code=obj.code)
    return {**data, **changes}


route(
    "grids:area_list",
    shape=LIST,
    case="area",
    # the tree shows communities and grids: a building is seen through its grid
    marker=lambda obj: f'href="{obj.parent.get_absolute_url()}"',
)
route(
    "grids:area_add",
    shape=ADD,
    case="area",
    write=Write(data=_area_form, saved=_exists("grids.Area", code="MATRIX-NEW")),
    outsider_status=404,
)
route(
    "grids:area_edit",
    case="area",
    kwargs=by_code,
    write=Write(
        data=lambda world, obj: _area_form(world, obj, name="改名"),
        saved=_changed("name", "改名"),
    ),
)
route("grids:area_delete", case="area", kwargs=by_code, delete="yes")
route("grids:area_detail", case="area", kwargs=by_code)
route(
    "grids:area_qr_regenerate",
    case="area",
    kwargs=by_code,
    read=False,
    write=Write(
        data=lambda world, obj: {},
        saved=lambda world, before: _fresh(before).qr_token != before.qr_token,
    ),
)
for _name in ("area_qr_svg", "area_qr_png", "area_qr_poster", "area_qr_print_run"):
    route(f"grids:{_name}", case="area", kwargs=by_code)


def _person_form(world, obj, **changes) -> dict:
    data = {"name": "矩阵新人", "kind": "resident", "area": world.ba1.pk, "gender": ""}
    if obj is not None:
        data.update(name=obj.name, kind=obj.kind, area=obj.area_id)
    return {**data, **changes}


def _team_form(world, obj, **changes) -> dict:
    data = {"name": "矩阵服务队", "focus": "patrol", "area": world.ga.pk}
    if obj is not None:
        data.update(name=obj.name, focus=obj.focus, area=obj.area_id)
    return {**data, **changes}


def _point_form(world, obj, **changes) -> dict:
    data = {
        "name": "矩阵驿站",
        "area": world.ga.pk,
        "location": "门岗",
        "services": "政策咨询",
        "opening_hours": "8-20",
    }
    if obj is not None:
        data.update(name=obj.name, area=obj.area_id)
    return {**data, **changes}


def _assignment_form(world, obj, **changes) -> dict:
    data = {"user": world.outsider.pk, "role": Role.VOLUNTEER, "area": world.ga.pk}
    if obj is not None:
        data.update(user=obj.user_id, role=obj.role, area=obj.area_id)
    return {**data, **changes}


def _crud_pages(prefix: str, case: str, form, added: dict, changes: dict, marker=None) -> None:
    """The list, add, edit, delete (and detail) pages of a model built on the generic views."""
    model = case_named(case).model
    route(f"grids:{prefix}_list", shape=LIST, case=case, marker=marker)
    route(
        f"grids:{prefix}_add",
        shape=ADD,
        case=case,
        write=Write(data=form, saved=_exists(model, **added)),
        outsider_status=404,
    )
    ((attr, value),) = changes.items()
    route(
        f"grids:{prefix}_edit",
        case=case,
        write=Write(
            data=lambda world, obj: form(world, obj, **changes), saved=_changed(attr, value)
        ),
    )
    route(f"grids:{prefix}_delete", case=case, delete="yes")


_crud_pages("person", "person", _person_form, {"name": "矩阵新人"}, {"name": "改名"})
route("grids:person_detail", case="person")
_crud_pages("serviceteam", "service team", _team_form, {"name": "矩阵服务队"}, {"name": "改名"})
route("grids:serviceteam_detail", case="service team")
_crud_pages("servicepoint", "red station", _point_form, {"name": "矩阵驿站"}, {"name": "改名"})
route("grids:servicepoint_detail", case="red station")
_crud_pages(
    "assignment",
    "assignment",
    _assignment_form,
    {"user__username": "outsider", "role": Role.VOLUNTEER},
    {"role": Role.COMMUNITY_STAFF},
    # An assignment's only page is its edit page: its row links there only for those who may
    # change it, so the row itself is the marker.
    marker=lambda assignment: f'data-pk="{assignment.pk}"',
)

# ---- resident requests: the inbox, a request's page and its actions ----


def _status(value: str) -> Callable[[Any, Any], bool]:
    return _changed("status", value)


def _accept(world, req) -> None:
    from grids.actions.requests import accept_request

    accept_request(req, by=world.worker_a)


def _accept_and_defer(world, req) -> None:
    from grids.actions.requests import defer_request

    _accept(world, req)
    defer_request(type(req).objects.get(pk=req.pk), by=world.worker_a, reason="等配件")


def _noted(world, before) -> bool:
    return before.events.filter(kind="note", note="矩阵进展").exists()


# name → (payload, saved, prepare): the same for the request page's POST and the API action
REQUEST_ACTIONS = {
    "accept": ({}, _status("accepted"), None),
    "defer": ({"reason": "等配件"}, _status("deferred"), _accept),
    "escalate": ({"reason": "需社区协调"}, _status("escalated"), None),
    "note": ({"note": "矩阵进展"}, _noted, None),
    "reject": ({"reason": "重复提交"}, _status("rejected"), None),
    "resolve": ({"resolution": "已修好"}, _status("resolved"), _accept),
    "resume": ({}, _status("accepted"), _accept_and_defer),
    "transfer": (
        {"reason": "属第二网格"},
        lambda world, before: _fresh(before).grid == world.gb,
        None,
    ),
}
_TO_GRID = {"transfer": lambda world: {"to_grid": world.gb.pk}}

route("grids:inbox", shape=LIST, case="resident request")
route(
    "grids:request_add",
    shape=ADD,
    case="resident request",
    write=Write(
        data=lambda world, obj: {
            "source": "hotline",
            "area": world.ba1.pk,
            "category": world.repair.pk,
            "description": "矩阵新单",
        },
        saved=_exists("grids.ServiceRequest", description="矩阵新单"),
    ),
    outsider_status=404,
)
route("grids:request_detail", case="resident request")
for _action, (_payload, _saved, _prepare) in REQUEST_ACTIONS.items():
    route(
        "grids:request_action",
        label=_action,
        case="resident request",
        kwargs=lambda world, obj, action=_action: {"pk": obj.pk, "action": action},
        read=False,
        write=Write(
            data=lambda world, obj, payload=_payload, action=_action: {
                **payload,
                **_TO_GRID.get(action, lambda world: {})(world),
            },
            saved=_saved,
            prepare=_prepare,
        ),
    )
route("grids:request_photo", case="request photo")
route(
    "grids:alerts",
    access=SIGNED_IN,
    shape=LIST,
    case="alert",
    marker=lambda alert: f'href="{alert.target.get_absolute_url()}"',
)
route(
    "grids:alert_read",
    case="alert",
    read=False,
    write=Write(
        data=lambda world, obj: {},
        saved=lambda world, before: _fresh(before).read_at is not None,
    ),
)
route(
    "grids:alerts_read",
    access=SIGNED_IN,
    shape=PLAIN,
    case="alert",
    read=False,
    write=Write(
        data=lambda world, obj: {},
        saved=lambda world, before: _fresh(before).read_at is not None,
        outsiders_refused=False,  # anyone marks their own alerts read
    ),
)

# ---- the grids API ----


def _api_pair(prefix: str, case: str, created: dict, made: dict, patch: dict, **detail) -> None:
    """A ModelViewSet: the list (with create) and the detail (with PATCH and DELETE)."""
    model = case_named(case).model
    route(
        f"api:{prefix}-list",
        shape=LIST,
        case=case,
        write=Write(data=lambda world, obj: created, saved=_exists(model, **made), status=201),
    )
    ((attr, value),) = patch.items()
    route(
        f"api:{prefix}-detail",
        case=case,
        write=Write(data=lambda world, obj: patch, saved=_changed(attr, value), method="patch"),
        delete="yes",
        **detail,
    )


_api_pair(
    "area",
    "area",
    {"code": "MATRIX-NEW", "kind": "building", "parent": "GA", "name": "新楼"},
    {"code": "MATRIX-NEW"},
    {"name": "改名"},
    kwargs=by_code,
)
_api_pair(
    "person", "person", {"name": "矩阵新人", "area": "BA1"}, {"name": "矩阵新人"}, {"name": "改名"}
)
_api_pair(
    "assignment",
    "assignment",
    {"user": "outsider", "role": "volunteer", "area": "GA"},
    {"user__username": "outsider"},
    {"role": Role.COMMUNITY_STAFF},
)
_api_pair(
    "serviceteam",
    "service team",
    {"name": "矩阵服务队", "focus": "patrol", "area": "GA"},
    {"name": "矩阵服务队"},
    {"name": "改名"},
)
_api_pair(
    "servicepoint",
    "red station",
    {
        "name": "矩阵驿站",
        "area": "GA",
        "location": "门岗",
        "services": "咨询",
        "opening_hours": "8-20",
    },
    {"name": "矩阵驿站"},
    {"name": "改名"},
)
# Request categories are not scoped: every account reads them, administrators change them.
route(
    "api:requestcategory-list",
    covers=("grids.RequestCategory",),
    access=SIGNED_IN,
    shape=PLAIN,
    editor="admin",
    write=Write(
        data=lambda world, obj: {"code": "matrix", "name": "矩阵类别"},
        saved=_exists("grids.RequestCategory", code="matrix"),
        status=201,
    ),
)
route(
    "api:requestcategory-detail",
    access=SIGNED_IN,
    shape=PLAIN,
    kwargs=lambda world, obj: {"code": "repair"},
    editor="admin",
    write=Write(
        data=lambda world, obj: {"name": "报修维修"},
        saved=_exists("grids.RequestCategory", code="repair", name="报修维修"),
        method="patch",
    ),
)
route(
    "api:request-list",
    shape=LIST,
    case="resident request",
    write=Write(
        data=lambda world, obj: {
            "area": "BA1",
            "category": "repair",
            "description": "矩阵新单",
            "source": "hotline",
        },
        saved=_exists("grids.ServiceRequest", description="矩阵新单"),
        status=201,
    ),
)
route("api:request-figures", access=SIGNED_IN, shape=PLAIN)
route("api:request-detail", case="resident request", delete="no")
for _action, (_payload, _saved, _prepare) in REQUEST_ACTIONS.items():
    route(
        f"api:request-{_action}",
        case="resident request",
        read=False,
        write=Write(
            data=lambda world, obj, payload=_payload, action=_action: {
                **payload,
                **({"to_grid": "GB"} if action == "transfer" else {}),
            },
            saved=_saved,
            prepare=_prepare,
        ),
    )
route("grids:request_triage", shape=LIST, case="triage request", outsider_status=404)
route("api:request-detail", label="triage", case="triage request", delete="no")
route(
    "api:request-assign",
    case="triage request",
    read=False,
    write=Write(
        data=lambda world, obj: {"to_grid": "GA"},
        saved=lambda world, before: _fresh(before).grid == world.ga,
    ),
)
route("api:requestevent-list", shape=LIST, case="request event")
route("api:requestevent-detail", case="request event", delete="no")
route("api:alert-list", shape=LIST, case="alert")
route("api:alert-detail", case="alert", delete="no")
route(
    "api:alert-read-one",
    case="alert",
    read=False,
    write=Write(
        data=lambda world, obj: {},
        saved=lambda world, before: _fresh(before).read_at is not None,
    ),
)
route(
    "api:alert-read",
    access=SIGNED_IN,
    shape=PLAIN,
    case="alert",
    read=False,
    write=Write(
        data=lambda world, obj: {},
        saved=lambda world, before: _fresh(before).read_at is not None,
        outsiders_refused=False,
    ),
)

# ---- disputes pages ----


def _intake(world, obj) -> dict:
    return {
        "area": world.ba1.pk,
        "category": world.neighbours.pk,
        "summary": "矩阵纠纷",
        "applicants": [world.person_a.pk],
        "respondents": [world.person_b.pk],
        "channel": "walk_in",
        "risk_level": "low",
        "mode": "volunteer_clinic",
        "tier": 1,
        "mediator": world.mediator_c1.pk,
    }


def _now() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


def _has_plan(world, before) -> bool:
    from disputes.models import MediationPlan

    return MediationPlan.objects.filter(dispute=before, steps="矩阵步骤").exists()


def _settled(world, before) -> bool:
    fresh = _fresh(before)
    return fresh.status == "settled" and fresh.agreements.filter(signed_by="甲方、乙方").exists()


def _handed_to(before, mediator, tier: int) -> bool:
    """The dispute is the mediator's at that tier, and its open tier handling says so."""
    fresh = _fresh(before)
    handling = fresh.handlings.filter(ended_at__isnull=True).get()
    return (fresh.mediator, fresh.tier, handling.mediator, handling.tier) == (
        mediator,
        tier,
        mediator,
        tier,
    )


# The models without a scope of their own that each dispute action writes.
DISPUTE_ACTION_COVERS = {
    "plan": ("disputes.MediationPlan",),
    "escalate": ("disputes.TierHandling",),
    "reassign": ("disputes.TierHandling",),
    "settle": ("disputes.Agreement",),
}


def _intake_saved(world, before) -> bool:
    """The dispute and its two parties, each with their role."""
    from disputes.models import Dispute

    dispute = Dispute.objects.filter(summary="矩阵纠纷").first()
    return dispute is not None and set(dispute.party_links.values_list("person_id", "role")) == {
        (world.person_a.pk, "applicant"),
        (world.person_b.pk, "respondent"),
    }


def _session_saved(world, before) -> bool:
    return before.sessions.filter(attendees="矩阵双方").exists()


# name → (payload(world), saved): the dispute page's POSTs and the API actions alike
DISPUTE_ACTIONS = {
    "session": (
        lambda world: {
            "held_at": _now(),
            "attendees": "矩阵双方",
            "notes": "陈述",
            "result": "progress",
        },
        _session_saved,
    ),
    "plan": (
        lambda world: {"plan": "分头做工作", "experts": "律师", "steps": "矩阵步骤"},
        _has_plan,
    ),
    "escalate": (
        lambda world: {"reason": "社区调解未果", "mediator": world.street_official.pk},
        lambda world, before: _handed_to(before, world.street_official, tier=2),
    ),
    "reassign": (
        lambda world: {"reason": "回避", "mediator": world.community_official.pk},
        lambda world, before: _handed_to(before, world.community_official, tier=1),
    ),
    "settle": (
        lambda world: {"terms": "赔偿五百元", "signed_on": _today(), "signed_by": "甲方、乙方"},
        _settled,
    ),
    "refer": (lambda world: {"reason": "涉嫌违法", "target": "court"}, _status("referred")),
    "withdraw": (lambda world: {"reason": "双方和解"}, _status("withdrawn")),
}
# The API names users by username where the pages send a pk.
_USERNAMES = {"mediator": lambda world, pk: User.objects.get(pk=pk).username}


def _as_api(world, payload: dict) -> dict:
    return {k: _USERNAMES[k](world, v) if k in _USERNAMES else v for k, v in payload.items()}


route("disputes:workbench", access=SIGNED_IN, shape=PLAIN)
# 我的回访: only the visits assigned to the user (tests/pages/test_visits_page.py).
route("disputes:visit_list", access=SIGNED_IN, shape=PLAIN)
# The parties' picker: only people the user may see (tests/pages/test_pickers.py).
route("disputes:person_search", access=SIGNED_IN, shape=PLAIN)
route("disputes:dispute_list", shape=LIST, case="dispute")
route(
    "disputes:dispute_add",
    shape=ADD,
    case="dispute",
    write=Write(data=_intake, saved=_intake_saved),
    outsider_status=404,
    covers=("disputes.DisputeParty",),
)
route("disputes:dispute_detail", case="dispute")
for _action, (_payload, _saved) in DISPUTE_ACTIONS.items():
    route(
        "disputes:dispute_action",
        label=_action,
        case="dispute",
        kwargs=lambda world, obj, action=_action: {"pk": obj.pk, "action": action},
        read=False,
        write=Write(data=lambda world, obj, payload=_payload: payload(world), saved=_saved),
        covers=DISPUTE_ACTION_COVERS.get(_action, ()),
    )

VISIT_RECORD = {"method": "phone", "result": "stable"}
route(
    "disputes:visit_record",
    case="follow-up visit",
    write=Write(data=lambda world, obj: VISIT_RECORD, saved=_status("done")),
)
route(
    "disputes:visit_reassign",
    case="follow-up visit",
    read=False,
    write=Write(
        data=lambda world, obj: {"assignee": world.worker_a.pk},
        saved=lambda world, before: _fresh(before).assignee == world.worker_a,
    ),
)


def _next_wednesday() -> str:
    today = timezone.localdate()
    return (today + timedelta(days=7 - today.weekday() + 2)).isoformat()


def _rota(world, obj, api: bool = False) -> dict:
    lawyer = world.lawyer_c1
    return {
        "community": "C1" if api else world.c1.pk,
        "lawyers": [lawyer.username if api else lawyer.pk],
        "first_day": _next_wednesday(),
        "weeks": 1,
        "weekdays": [2],
        "starts_at": "09:00",
        "ends_at": "12:00",
    }


def _rota_saved(world, before) -> bool:
    from disputes.models import ClinicShift

    return ClinicShift.objects.filter(lawyer=world.lawyer_c1, date=_next_wednesday()).exists()


def _other_shift(world, shift):
    return df.ClinicShiftFactory(community=shift.community, lawyer=_lawyer("lawyer-2"))


route(
    "disputes:clinicshift_list",
    shape=LIST,
    case="clinic shift",
    marker=lambda shift: f'data-shift="{shift.pk}"',
)
route(
    "disputes:clinicshift_rota",
    shape=ADD,
    case="clinic shift",
    write=Write(data=_rota, saved=_rota_saved),
    outsider_status=404,
)
route(
    "disputes:clinicshift_swap",
    shape=PLAIN,
    case="clinic shift",
    read=False,
    write=Write(
        data=lambda world, obj: {"first": obj.pk, "second": _other_shift(world, obj).pk},
        saved=lambda world, before: _fresh(before).lawyer.username == "lawyer-2",
    ),
)


def _consultation(world, obj) -> dict:
    return {
        "area": world.ba1.pk,
        "asked_by": "居民",
        "topic": "矩阵答疑",
        "question": "押金",
        "advice": "协商",
    }


def _screening(world, obj) -> dict:
    return {
        "kind": "mwf_visit",
        "date": _today(),
        "area": world.ga.pk,
        "leaders": [world.worker_a.pk],
        "households_visited": 3,
        "notes": "矩阵摸排",
    }


def _risk(world, obj) -> dict:
    return {
        "area": world.ba1.pk,
        "title": "矩阵隐患",
        "description": "堆物",
        "nature": "neighbourhood",
        "urgency": "medium",
        "owner": world.worker_a.pk,
        "deadline": (timezone.localdate() + timedelta(days=7)).isoformat(),
    }


def _key_person(world, obj, **changes) -> dict:
    data = {
        "person": world.person_a.pk,
        "area": world.ba1.pk,
        "category": "dispute",
        "risk_level": "medium",
        "reason": "矩阵档案",
        "measures": "",
        "responsible": world.mediator_c1.pk,
        "is_active": "on",
    }
    if obj is not None:
        data.update(
            person=obj.person_id,
            area=obj.area_id,
            category=obj.category,
            risk_level=obj.risk_level,
            reason=obj.reason,
            responsible=obj.responsible_id,
        )
    return {**data, **changes}


def _disputes_pages(prefix: str, case: str, form, added: dict) -> None:
    model = case_named(case).model
    route(f"disputes:{prefix}_list", shape=LIST, case=case, **_list_gate(prefix))
    route(
        f"disputes:{prefix}_add",
        shape=ADD,
        case=case,
        write=Write(data=form, saved=_exists(model, **added)),
        outsider_status=404,
    )
    route(f"disputes:{prefix}_detail", case=case)


def _list_gate(prefix: str) -> dict:
    # Key-person files are closed to roles without the grant: their list is a 404 to them.
    return {"outsider_status": 404} if prefix == "keyperson" else {}


_disputes_pages("consultation", "legal consultation", _consultation, {"topic": "矩阵答疑"})
_disputes_pages("screeningcampaign", "screening", _screening, {"notes": "矩阵摸排"})
_disputes_pages("riskitem", "risk item", _risk, {"title": "矩阵隐患"})
_disputes_pages("keyperson", "key person", _key_person, {"reason": "矩阵档案"})
route(
    "disputes:riskitem_resolve",
    case="risk item",
    read=False,
    write=Write(data=lambda world, obj: {"resolution": "已清理"}, saved=_status("resolved")),
)


def _revised(world, before) -> bool:
    """The file holds the new measures, and a new revision keeps that version."""
    fresh = _fresh(before)
    return fresh.measures == "矩阵措施" and (
        fresh.revisions.filter(snapshot__measures="矩阵措施").exists()
    )


route(
    "disputes:keyperson_edit",
    case="key person",
    write=Write(
        data=lambda world, obj: _key_person(world, obj, measures="矩阵措施"), saved=_revised
    ),
    covers=("disputes.KeyPersonRevision",),
)

# ---- the disputes API ----


def _api_intake(world, obj) -> dict:
    return {
        "area": "BA1",
        "category": "neighbours",
        "summary": "矩阵纠纷",
        "channel": "walk_in",
        "mediator": "mediator_c1",
        "parties": [
            {"person": world.person_a.pk, "role": "applicant"},
            {"person": world.person_b.pk, "role": "respondent"},
        ],
    }


route(
    "disputes-api:dispute-list",
    shape=LIST,
    case="dispute",
    write=Write(data=_api_intake, saved=_intake_saved, status=201),
    covers=("disputes.DisputeParty",),
)
route("disputes-api:dispute-figures", access=SIGNED_IN, shape=PLAIN)
route("disputes-api:dispute-detail", case="dispute", delete="no")
for _action, (_payload, _saved) in DISPUTE_ACTIONS.items():
    route(
        f"disputes-api:dispute-{'sessions' if _action == 'session' else _action}",
        case="dispute",
        read=False,
        write=Write(
            data=lambda world, obj, payload=_payload: _as_api(world, payload(world)),
            saved=_saved,
            status=201 if _action == "session" else 200,
        ),
        covers=DISPUTE_ACTION_COVERS.get(_action, ()),
    )
route("disputes-api:visit-list", shape=LIST, case="follow-up visit")
route("disputes-api:visit-detail", case="follow-up visit", delete="no")
route(
    "disputes-api:visit-record",
    case="follow-up visit",
    read=False,
    write=Write(data=lambda world, obj: VISIT_RECORD, saved=_status("done")),
)
route(
    "disputes-api:visit-reassign",
    case="follow-up visit",
    read=False,
    write=Write(
        data=lambda world, obj: {"assignee": "worker_a"},
        saved=lambda world, before: _fresh(before).assignee == world.worker_a,
    ),
)
route("disputes-api:session-list", shape=LIST, case="mediation session")
route("disputes-api:session-detail", case="mediation session", delete="no")
route("disputes-api:event-list", shape=LIST, case="dispute event")
route("disputes-api:event-detail", case="dispute event", delete="no")
route("disputes-api:clinicshift-list", shape=LIST, case="clinic shift")
route("disputes-api:clinicshift-detail", case="clinic shift", delete="no")
route(
    "disputes-api:clinicshift-rota",
    shape=ADD,
    case="clinic shift",
    read=False,
    write=Write(data=lambda world, obj: _rota(world, obj, api=True), saved=_rota_saved, status=201),
    outsider_status=404,
)
route(
    "disputes-api:clinicshift-swap",
    case="clinic shift",
    read=False,
    write=Write(
        data=lambda world, obj: {"second": _other_shift(world, obj).pk},
        saved=lambda world, before: _fresh(before).lawyer.username == "lawyer-2",
    ),
)


def _api_model(prefix: str, case: str, created, made: dict, patch: dict, delete="yes") -> None:
    model = case_named(case).model
    route(
        f"disputes-api:{prefix}-list",
        shape=LIST,
        case=case,
        write=Write(data=created, saved=_exists(model, **made), status=201),
    )
    ((attr, value),) = patch.items()
    route(
        f"disputes-api:{prefix}-detail",
        case=case,
        write=Write(data=lambda world, obj: patch, saved=_changed(attr, value), method="patch"),
        delete=delete,
    )


_api_model(
    "consultation",
    "legal consultation",
    lambda world, obj: {**_consultation(world, obj), "area": "BA1"},
    {"topic": "矩阵答疑"},
    {"topic": "改名"},
)
_api_model(
    "screening",
    "screening",
    lambda world, obj: {**_screening(world, obj), "area": "GA", "leaders": ["worker_a"]},
    {"notes": "矩阵摸排"},
    {"notes": "发现两处隐患"},
)
_api_model(
    "risk",
    "risk item",
    lambda world, obj: {**_risk(world, obj), "area": "BA1", "owner": "worker_a"},
    {"title": "矩阵隐患"},
    {"title": "改名"},
)
route(
    "disputes-api:risk-resolve",
    case="risk item",
    read=False,
    write=Write(data=lambda world, obj: {"resolution": "已清理"}, saved=_status("resolved")),
)
_api_model(
    "keyperson",
    "key person",
    lambda world, obj: {
        "person": world.person_a.pk,
        "area": "BA1",
        "category": "petitioner",
        "risk_level": "high",
        "reason": "矩阵档案",
        "responsible": "mediator_c1",
    },
    {"reason": "矩阵档案"},
    {"measures": "矩阵措施"},
    delete="no",  # files are closed (is_active), never deleted: their history stays
)
route(
    "disputes-api:keyperson-revisions",
    case="key person",
    covers=("disputes.KeyPersonRevision",),
)


# ---- publicity pages ----


def _anti_fraud_pk() -> int:
    from publicity.models import Topic

    return Topic.objects.get(code="anti_fraud").pk


def _campaign_form(world, obj, **changes) -> dict:
    data = {
        "title": "矩阵宣传",
        "area": world.c1.pk,
        "areas": [world.ga.pk],
        "topics": [_anti_fraud_pk()],
        "start": _today(),
        "end": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "description": "",
        "goal_people_reached": 100,
    }
    if obj is not None:
        data.update(area=obj.area_id, areas=[obj.area_id], start=obj.start, end=obj.end)
    return {**data, **changes}


def _activity_form(world, obj) -> dict:
    campaign = pf.CampaignFactory(area=world.ga)
    return {
        "campaigns": [campaign.pk],
        "channel": "wechat_push",
        "date": _today(),
        "area": world.ga.pk,
        "items_pushed": 1,
        "people_reached": 7,
        "copies_handed_out": 0,
        "attendance": 0,
        "title": "矩阵推送",
    }


def _case_form(world, obj, **changes) -> dict:
    data = {
        "title": "矩阵案例",
        "topic": _anti_fraud_pk(),
        "area": world.ga.pk,
        "summary": "冒充客服",
        "lesson": "先核实",
    }
    if obj is not None:
        data.update(area=obj.area_id, topic=obj.topic_id)
    return {**data, **changes}


def _publish(world, case) -> None:
    from publicity.actions.cases import publish_case

    publish_case(case, by=world.street_official)


def _photo_upload(world, obj) -> dict:
    from tests.grids.request_helpers import jpeg_with_gps, upload

    return {"file": upload(jpeg_with_gps()), "caption": "矩阵附件"}


# Totals over the activities the user may see (any account: an outsider's are all 0);
# tests/publicity/test_pages.py proves another community's activity never counts.
route("publicity:topic_list", access=SIGNED_IN, shape=PLAIN)
route("publicity:campaign_list", shape=LIST, case="campaign")
route(
    "publicity:campaign_add",
    shape=ADD,
    case="campaign",
    write=Write(data=_campaign_form, saved=_exists("publicity.Campaign", title="矩阵宣传")),
    outsider_status=404,
)
route("publicity:campaign_detail", case="campaign")
route(
    "publicity:campaign_edit",
    case="campaign",
    write=Write(
        data=lambda world, obj: _campaign_form(world, obj, title="改名"),
        saved=_changed("title", "改名"),
    ),
    covers=("publicity.Partner",),
)
route("publicity:activity_list", shape=LIST, case="activity")
route(
    "publicity:activity_add",
    shape=ADD,
    case="activity",
    write=Write(data=_activity_form, saved=_exists("publicity.Activity", title="矩阵推送")),
    outsider_status=404,
)
route("publicity:activity_detail", case="activity")


def _activity_correction(world, obj) -> dict:
    return {
        "campaigns": list(obj.campaigns.values_list("pk", flat=True)),
        "channel": obj.channel,
        "date": obj.date.isoformat(),
        "area": obj.area_id,
        "items_pushed": obj.items_pushed,
        "people_reached": obj.people_reached,
        "copies_handed_out": obj.copies_handed_out,
        "attendance": obj.attendance,
        "title": "改名",
    }


# The editor roles of the activity's area (the grid worker here) and whoever recorded it.
route(
    "publicity:activity_edit",
    case="activity",
    write=Write(data=_activity_correction, saved=_changed("title", "改名")),
)
route("publicity:activity_delete", case="activity", delete="yes")
route("publicity:activity_photo", case="activity photo")
route("publicity:case_list", shape=LIST, case="publicity case")
route(
    "publicity:case_add",
    shape=ADD,
    case="publicity case",
    write=Write(data=_case_form, saved=_exists("publicity.Case", title="矩阵案例")),
    outsider_status=404,
)
route("publicity:case_detail", case="publicity case")
route(
    "publicity:case_edit",
    case="publicity case",
    write=Write(
        data=lambda world, obj: _case_form(world, obj, title="改名"),
        saved=_changed("title", "改名"),
    ),
)
route(
    "publicity:case_action",
    label="publish",
    case="publicity case",
    kwargs=lambda world, obj: {"pk": obj.pk, "action": "publish"},
    read=False,
    write=Write(data=lambda world, obj: {}, saved=_status("published")),
)
route(
    "publicity:case_action",
    label="withdraw",
    case="publicity case",
    kwargs=lambda world, obj: {"pk": obj.pk, "action": "withdraw"},
    read=False,
    write=Write(data=lambda world, obj: {}, saved=_status("draft"), prepare=_publish),
)
route(
    "publicity:case_action",
    label="attach",
    case="publicity case",
    kwargs=lambda world, obj: {"pk": obj.pk, "action": "attach"},
    read=False,
    write=Write(
        data=_photo_upload,
        saved=lambda world, before: before.attachments.filter(caption="矩阵附件").exists(),
    ),
)
route("publicity:case_attachment", case="case attachment")

# ---- the publicity API ----


def _first_topic(world, obj) -> dict:
    from publicity.models import Topic

    return {"pk": Topic.objects.order_by("pk").first().pk}


route("publicity-api:topic-list", access=SIGNED_IN, shape=PLAIN, covers=("publicity.Topic",))
route("publicity-api:topic-detail", access=SIGNED_IN, shape=PLAIN, kwargs=_first_topic)
route("publicity-api:campaign-list", shape=LIST, case="campaign")
route("publicity-api:campaign-detail", case="campaign", delete="no")
route("publicity-api:campaign-progress", case="campaign", covers=("publicity.CampaignGoal",))


def _activity_api(world, obj) -> dict:
    return {**_activity_form(world, obj), "area": "GA"}


route(
    "publicity-api:activity-list",
    shape=LIST,
    case="activity",
    write=Write(
        data=_activity_api, saved=_exists("publicity.Activity", title="矩阵推送"), status=201
    ),
)
route("publicity-api:activity-detail", case="activity", delete="no")
route("publicity-api:case-list", shape=LIST, case="publicity case")
route("publicity-api:case-detail", case="publicity case", delete="no")
route(
    "publicity-api:case-publish",
    case="publicity case",
    read=False,
    write=Write(data=lambda world, obj: {}, saved=_status("published")),
)
route(
    "publicity-api:case-withdraw",
    case="publicity case",
    read=False,
    write=Write(data=lambda world, obj: {}, saved=_status("draft"), prepare=_publish),
)


# ---- patrols pages and API ----


def _reopen_with_place(world, log) -> None:
    """An open patrol with a key place in its team's area, for ticks, findings and stops."""
    PatrolLog.objects.filter(pk=log.pk).update(status="open", ended_at=None)
    patf.KeyPlaceFactory(area=log.team.area, name="矩阵部位")


def _place_of(log) -> int:
    return KeyPlace.objects.get(area=log.team.area, name="矩阵部位").pk


def _stopped(world, before) -> bool:
    return before.stops.filter(place__name="矩阵部位").exists()


def _found(world, before) -> bool:
    return before.findings.filter(text="矩阵发现").exists()


def _checked_in(world, before) -> bool:
    return _fresh(before).checked_in_at is not None


def _team_in_ga(world) -> int:
    return PatrolTeam.objects.filter(area=world.ga).order_by("pk").first().pk


def _patrol_start(world, obj) -> dict:
    return {"team": _team_in_ga(world), "mode": "foot", "extra_volunteers": 0, "notes": "矩阵巡逻"}


def _patrol_team_form(world, obj) -> dict:
    return {"name": "改名" if obj else "矩阵巡逻队", "area": (obj.area_id if obj else world.ga.pk)}


def _place_form(world, obj) -> dict:
    return {
        "name": "改名" if obj else "矩阵部位",
        "kind": "park",
        "area": obj.area_id if obj else world.ga.pk,
        "times_per_day": 1,
    }


def _guard_rota(world, obj) -> dict:
    school, _ = School.objects.get_or_create(name="矩阵小学", area=world.ga)
    term = SchoolTerm.objects.filter(area=world.ga).order_by("pk").first()
    return {"school": school.pk, "term": term.pk, "people": [world.person_a.pk], "per_slot": 1}


def _rota_planned(world, before) -> bool:
    return GuardSlot.objects.filter(school__name="矩阵小学").exists()


# The API.
route(
    "patrols-api:patrolteam-list",
    shape=LIST,
    case="patrol team",
    write=Write(
        data=lambda world, obj: {"name": "矩阵巡逻队", "area": "GA"},
        saved=_exists("patrols.PatrolTeam", name="矩阵巡逻队"),
        status=201,
    ),
)
route(
    "patrols-api:patrolteam-detail",
    case="patrol team",
    write=Write(
        data=lambda world, obj: {"name": "改名"}, saved=_changed("name", "改名"), method="patch"
    ),
    delete="no",  # teams are made inactive, never deleted: their patrols stay
)
route(
    "patrols-api:keyplace-list",
    shape=LIST,
    case="key place",
    write=Write(
        data=lambda world, obj: {"name": "矩阵部位", "kind": "park", "area": "GA"},
        saved=_exists("patrols.KeyPlace", name="矩阵部位"),
        status=201,
    ),
)
route(
    "patrols-api:keyplace-detail",
    case="key place",
    write=Write(
        data=lambda world, obj: {"name": "改名"}, saved=_changed("name", "改名"), method="patch"
    ),
    delete="no",  # a place keeps its patrol history
)
route(
    "patrols-api:patrollog-list",
    shape=LIST,
    case="patrol log",
    write=Write(
        data=lambda world, obj: {"team": obj.team_id, "mode": "foot", "notes": "矩阵巡逻"},
        saved=_exists("patrols.PatrolLog", notes="矩阵巡逻"),
        status=201,
    ),
)
route("patrols-api:patrollog-detail", case="patrol log", delete="no")
route(
    "patrols-api:patrollog-tick",
    case="patrol log",
    read=False,
    write=Write(
        data=lambda world, obj: {"place": _place_of(obj), "client_key": str(uuid.uuid4())},
        saved=_stopped,
        prepare=_reopen_with_place,
    ),
)
route(
    "patrols-api:patrollog-finding",
    case="patrol log",
    read=False,
    write=Write(
        data=lambda world, obj: {"text": "矩阵发现"}, saved=_found, prepare=_reopen_with_place
    ),
)
route(
    "patrols-api:patrollog-stop",
    case="patrol log",
    read=False,
    write=Write(data=lambda world, obj: {}, saved=_status("closed"), prepare=_reopen_with_place),
)
route("patrols-api:guardslot-list", shape=LIST, case="guard slot")
route("patrols-api:guardslot-detail", case="guard slot", delete="no")
route(
    "patrols-api:guardslot-check-in",
    case="guard slot",
    read=False,
    write=Write(data=lambda world, obj: {}, saved=_checked_in),
)

# The pages.
route("patrols:patrolteam_list", shape=LIST, case="patrol team")
route(
    "patrols:patrolteam_add",
    shape=ADD,
    case="patrol team",
    write=Write(data=_patrol_team_form, saved=_exists("patrols.PatrolTeam", name="矩阵巡逻队")),
    outsider_status=404,
)
route("patrols:patrolteam_detail", case="patrol team")
route(
    "patrols:patrolteam_edit",
    case="patrol team",
    write=Write(data=_patrol_team_form, saved=_changed("name", "改名")),
)
route("patrols:keyplace_list", shape=LIST, case="key place")
route(
    "patrols:keyplace_add",
    shape=ADD,
    case="key place",
    write=Write(data=_place_form, saved=_exists("patrols.KeyPlace", name="矩阵部位")),
    outsider_status=404,
)
route("patrols:keyplace_detail", case="key place")
route(
    "patrols:keyplace_edit",
    case="key place",
    write=Write(data=_place_form, saved=_changed("name", "改名")),
)
route("patrols:patrollog_list", shape=LIST, case="patrol log")
route(
    "patrols:patrollog_add",
    shape=ADD,
    case="patrol log",
    write=Write(data=_patrol_start, saved=_exists("patrols.PatrolLog", notes="矩阵巡逻")),
    outsider_status=404,
)
route("patrols:patrollog_detail", case="patrol log")
route(
    "patrols:patrollog_edit",
    case="patrol log",
    write=Write(
        data=lambda world, obj: {"mode": "vehicle", "extra_volunteers": 2, "notes": "改过"},
        saved=_changed("notes", "改过"),
    ),
)
for _action, _data, _saved in (
    ("tick", lambda world, obj: {"place": _place_of(obj)}, _stopped),
    ("finding", lambda world, obj: {"text": "矩阵发现"}, _found),
    ("stop", lambda world, obj: {"extra_volunteers": 1}, _status("closed")),
):
    route(
        "patrols:patrollog_action",
        case="patrol log",
        label=_action,
        kwargs=lambda world, obj, a=_action: {"pk": obj.pk, "action": a},
        read=False,
        write=Write(data=_data, saved=_saved, prepare=_reopen_with_place),
    )
route(
    "patrols:finding_action",
    case="finding",
    label="request",
    kwargs=lambda world, obj: {"pk": obj.pk, "action": "request"},
    read=False,
    write=Write(
        data=lambda world, obj: {"category": world.repair.pk},
        saved=lambda world, before: _fresh(before).request_id is not None,
    ),
)
route(
    "patrols:finding_action",
    case="finding",
    label="risk",
    kwargs=lambda world, obj: {"pk": obj.pk, "action": "risk"},
    read=False,
    write=Write(
        data=lambda world, obj: {
            "title": "矩阵隐患",
            "nature": "neighbourhood",
            "urgency": "medium",
            "owner": world.worker_a.pk,
            "deadline": (timezone.localdate() + timedelta(days=7)).isoformat(),
        },
        saved=lambda world, before: _fresh(before).risk_item_id is not None,
    ),
)
route("patrols:guardslot_list", shape=LIST, case="guard slot")
route("patrols:guardslot_detail", case="guard slot")
route(
    "patrols:guardslot_checkin",
    case="guard slot",
    read=False,
    write=Write(data=lambda world, obj: {}, saved=_checked_in),
)
route(
    "patrols:guardslot_rota",
    shape=ADD,
    case="school",
    editor="community_official",
    write=Write(data=_guard_rota, saved=_rota_planned),
    outsider_status=404,
)


# ---- the deliberation hall: staff pages, public pages, API ----


def _hall_prepare(*steps):
    """Walk the route's matter to the state its write needs (accept, decide …)."""

    def prepare(world, matter) -> None:
        from grids.actions import deliberation as actions

        for step in steps:
            matter = type(matter).objects.get(pk=matter.pk)
            if step == "accept":
                actions.accept_matter(matter, by=world.admin)
            elif step == "decide":
                actions.record_meeting(
                    matter,
                    by=world.admin,
                    held_on=timezone.localdate(),
                    minutes="矩阵议事会",
                    decision="矩阵决定",
                    responsible_bodies="物业公司",
                )

    return prepare


def _survivor(world, matter) -> int:
    from grids.models import Matter

    other, _ = Matter.objects.get_or_create(
        title="矩阵原件", defaults={"area": matter.area, "grid": matter.grid, "description": "原件"}
    )
    return other.pk


def _met(world, before) -> bool:
    return before.meetings.filter(minutes="矩阵议事会").exists()


def _milestoned(world, before) -> bool:
    return before.milestones.filter(title="矩阵进展").exists()


# name → (payload(world, obj), saved, prepare): the same for the page's POST and the API action
MATTER_ACTIONS = {
    "accept": (lambda world, obj: {}, _status("accepted"), None),
    "decline": (lambda world, obj: {"reason": "不属议事范围"}, _status("declined"), None),
    "merge": (lambda world, obj: {"into": _survivor(world, obj)}, _status("merged"), None),
    "meeting": (
        lambda world, obj: {
            "held_on": _today(),
            "minutes": "矩阵议事会",
            "decision": "矩阵决定",
            "responsible_bodies": "物业公司",
            "budget": "5000",
        },
        _met,
        _hall_prepare("accept"),
    ),
    "milestone": (
        lambda world, obj: {"title": "矩阵进展", "progress": 40, "reached_on": _today()},
        _milestoned,
        _hall_prepare("accept", "decide"),
    ),
}

route(
    "grids:matter_propose",
    access=PUBLIC,
    case="area",
    kwargs=lambda world, obj: {"token": obj.qr_token},
)
route(
    "grids:matter_track",
    access=PUBLIC,
    case="matter",
    kwargs=lambda world, obj: {"code": obj.tracking_code},
)
route(
    "grids:project_list",
    access=PUBLIC,
    case="public matter",
    kwargs=lambda world, obj: {"code": obj.grid.parent.code},
)
route("grids:project_detail", access=PUBLIC, case="public matter")
route("grids:project_photo", access=PUBLIC, case="matter photo")
route("grids:matter_list", shape=LIST, case="matter")
route(
    "grids:matter_add",
    shape=ADD,
    case="matter",
    write=Write(
        data=lambda world, obj: {
            "area": world.ba1.pk,
            "title": "矩阵议事",
            "description": "楼道线路老化",
        },
        saved=_exists("grids.Matter", title="矩阵议事"),
    ),
    outsider_status=404,
)
route("grids:matter_detail", case="matter")
route("grids:matter_photo", case="matter photo")
for _action, (_payload, _saved, _prepare) in MATTER_ACTIONS.items():
    route(
        "grids:matter_action",
        label=_action,
        case="matter",
        kwargs=lambda world, obj, action=_action: {"pk": obj.pk, "action": action},
        read=False,
        write=Write(data=_payload, saved=_saved, prepare=_prepare),
    )
route(
    "api:matter-list",
    shape=LIST,
    case="matter",
    write=Write(
        data=lambda world, obj: {"area": "BA1", "title": "矩阵议事", "description": "线路老化"},
        saved=_exists("grids.Matter", title="矩阵议事"),
        status=201,
    ),
)
route("api:matter-detail", case="matter", delete="no")
for _action, (_payload, _saved, _prepare) in MATTER_ACTIONS.items():
    route(
        f"api:matter-{_action}",
        case="matter",
        read=False,
        write=Write(data=_payload, saved=_saved, prepare=_prepare),
    )

# Team members, schools and the term calendar (set up by community staff and officials).


def _member_form(world, obj) -> dict:
    if obj is not None:
        return {"kind": "police", "person": obj.person_id, "user": ""}
    return {"team": _team_in_ga(world), "kind": "volunteer", "person": world.person_a.pk}


def _member_added(world, before) -> bool:
    return TeamMember.objects.filter(team=_team_in_ga(world), person=world.person_a).exists()


route(
    "patrols:teammember_add",
    shape=ADD,
    case="team member",
    write=Write(data=_member_form, saved=_member_added),
    outsider_status=404,
)
route(
    "patrols:teammember_edit",
    case="team member",
    write=Write(data=_member_form, saved=_changed("kind", "police")),
)
route("patrols:teammember_delete", case="team member", delete="yes")


def _school_form(world, obj) -> dict:
    area = obj.area_id if obj else world.ga.pk
    return {"name": "改名" if obj else "矩阵新校", "area": area, "is_active": "on"}


route("patrols:school_list", shape=LIST, case="school")
route("patrols-api:school-list", shape=LIST, case="school")
route("patrols-api:school-detail", case="school", delete="no")
route("patrols-api:schoolterm-list", shape=LIST, case="school term")
route("patrols-api:schoolterm-detail", case="school term", delete="no")
route(
    "patrols:school_add",
    shape=ADD,
    case="school",
    write=Write(data=_school_form, saved=_exists("patrols.School", name="矩阵新校")),
    outsider_status=404,
)
route("patrols:school_detail", case="school")
route(
    "patrols:school_edit",
    case="school",
    write=Write(data=_school_form, saved=_changed("name", "改名")),
)
route("patrols:school_delete", case="school", delete="yes")


def _term_form(world, obj) -> dict:
    if obj is not None:
        return {
            "name": "改名",
            "area": obj.area_id,
            "starts_on": obj.starts_on,
            "ends_on": obj.ends_on,
        }
    return {
        "name": "矩阵学期",
        "area": world.ga.pk,
        "starts_on": "2027-02-22",
        "ends_on": "2027-07-02",
    }


route("patrols:schoolterm_list", shape=LIST, case="school term")
route(
    "patrols:schoolterm_add",
    shape=ADD,
    case="school term",
    write=Write(data=_term_form, saved=_exists("patrols.SchoolTerm", name="矩阵学期")),
    outsider_status=404,
)
route("patrols:schoolterm_detail", case="school term")
route(
    "patrols:schoolterm_edit",
    case="school term",
    write=Write(data=_term_form, saved=_changed("name", "改名")),
)
route("patrols:schoolterm_delete", case="school term", delete="yes")


def _holiday_form(world, obj) -> dict:
    if obj is not None:
        return {"name": "改名", "starts_on": obj.starts_on, "ends_on": obj.ends_on}
    term = SchoolTerm.objects.filter(area=world.ga).order_by("pk").first()
    day = term.starts_on
    return {"term": term.pk, "name": "矩阵假期", "starts_on": day, "ends_on": day}


route(
    "patrols:schoolholiday_add",
    shape=ADD,
    case="school holiday",
    write=Write(data=_holiday_form, saved=_exists("patrols.SchoolHoliday", name="矩阵假期")),
    outsider_status=404,
)
route(
    "patrols:schoolholiday_edit",
    case="school holiday",
    write=Write(data=_holiday_form, saved=_changed("name", "改名")),
)
route("patrols:schoolholiday_delete", case="school holiday", delete="yes")


def _two_duties(world, slot) -> None:
    """Someone on duty at the slot and someone else at the school's post tomorrow."""
    GuardSlot.objects.filter(pk=slot.pk).update(checked_in_at=None, checked_in_by=None)
    GuardDuty.objects.create(slot=slot, person=world.person_a)
    tomorrow = patf.GuardSlotFactory(school=slot.school, date=slot.date + timedelta(days=1))
    GuardDuty.objects.create(slot=tomorrow, person=world.person_b)


def _swap_form(world, slot) -> dict:
    duties = GuardDuty.objects.filter(slot__school=slot.school_id)
    return {
        "first": duties.get(slot=slot).pk,
        "second": duties.exclude(slot=slot).get().pk,
    }


def _swapped(world, before) -> bool:
    return GuardDuty.objects.filter(
        slot=before, person=world.person_b, swapped_by__isnull=False
    ).exists()


route(
    "patrols:guardslot_swap",
    case="guard slot",
    reader="community_official",  # the page belongs to whoever plans the rota
    write=Write(data=_swap_form, saved=_swapped, prepare=_two_duties),
)

# ---- grids: care files, door-knocking rounds, volunteers ----


def _care_form(world, obj, **changes) -> dict:
    data = {
        "person": world.person_a.pk,
        "area": world.ba1.pk,
        "kind": "living_alone",
        "needs": "矩阵帮扶",
        "helper_user": world.worker_a.pk,
        "visit_every_days": 7,
        "opened_on": _today(),
    }
    if obj is not None:
        data.update(
            person=obj.person_id,
            area=obj.area_id,
            kind=obj.kind,
            needs=obj.needs,
            helper_user=obj.helper_user_id or "",
            helper_person=obj.helper_person_id or "",
            opened_on=obj.opened_on.isoformat(),
        )
    return {**data, **changes}


def _close(world, care_file) -> None:
    from grids.actions.care import close_care_file

    close_care_file(care_file, by=world.admin, reason="搬离")


def _visited(world, before) -> bool:
    return before.visits.filter(status="done", notes="矩阵走访").exists()


CARE_ACTIONS = {
    "visit": ({"kind": "meal", "visited_on": None, "notes": "矩阵走访"}, _visited, None),
    "close": ({"reason": "搬离"}, _status("closed"), None),
    "reopen": ({}, _status("active"), _close),
}


def _care_payload(payload: dict) -> dict:
    return {**payload, "visited_on": _today()} if "visited_on" in payload else payload


route("grids:carefile_list", shape=LIST, case="care file", outsider_status=404)
route(
    "grids:carefile_add",
    shape=ADD,
    case="care file",
    write=Write(data=_care_form, saved=_exists("grids.CareFile", needs="矩阵帮扶")),
    outsider_status=404,
)
route("grids:carefile_detail", case="care file")
route(
    "grids:carefile_edit",
    case="care file",
    write=Write(
        data=lambda world, obj: _care_form(world, obj, needs="矩阵需求"),
        saved=_changed("needs", "矩阵需求"),
    ),
)
for _action, (_payload, _saved, _prepare) in CARE_ACTIONS.items():
    route(
        "grids:carefile_action",
        label=_action,
        case="care file",
        kwargs=lambda world, obj, action=_action: {"pk": obj.pk, "action": action},
        read=_action == "visit",  # the visit is a page (a phone form); the others POST
        write=Write(
            data=lambda world, obj, payload=_payload: _care_payload(payload),
            saved=_saved,
            prepare=_prepare,
        ),
    )
    route(
        f"api:carefile-{_action}",
        case="care file",
        read=False,
        write=Write(
            data=lambda world, obj, payload=_payload: _care_payload(payload),
            saved=_saved,
            prepare=_prepare,
        ),
    )
route("grids:carevisit_list", shape=LIST, case="care visit", outsider_status=404)
route("grids:care_my_visits", access=SIGNED_IN, shape=PLAIN)
route(
    "api:carefile-list",
    shape=LIST,
    case="care file",
    write=Write(
        data=lambda world, obj: {
            "person": world.person_a.pk,
            "area": "BA1",
            "kind": "disabled",
            "needs": "矩阵帮扶",
            "helper_user": "worker_a",
            "visit_every_days": 7,
        },
        saved=_exists("grids.CareFile", needs="矩阵帮扶"),
        status=201,
    ),
)
route(
    "api:carefile-detail",
    case="care file",
    write=Write(
        data=lambda world, obj: {"needs": "矩阵需求"},
        saved=_changed("needs", "矩阵需求"),
        method="patch",
    ),
    delete="no",
)
route("api:carevisit-list", shape=LIST, case="care visit")
route("api:carevisit-detail", case="care visit", delete="no")


def _round_form(world, obj, **changes) -> dict:
    data = {
        "date": _today(),
        "grid": world.ga.pk,
        "participants": [world.worker_a.pk],
        "buildings": [world.ba1.pk],
        "households_visited": 12,
        "notes": "矩阵敲门",
    }
    if obj is not None:
        data.update(date=obj.date.isoformat(), grid=obj.grid_id, buildings=[])
    return {**data, **changes}


def _issue_filed(world, before) -> bool:
    return before.issues.filter(request__description="矩阵飞线").exists()


def _issue(world, obj, api: bool = False) -> dict:
    from grids.models import RequestCategory

    category = RequestCategory.objects.get(code="flying-wire")
    return {"category": category.code if api else category.pk, "description": "矩阵飞线"}


route("grids:doorknockround_list", shape=LIST, case="door-knocking round")
route(
    "grids:doorknockround_add",
    shape=ADD,
    case="door-knocking round",
    write=Write(data=_round_form, saved=_exists("grids.DoorKnockRound", notes="矩阵敲门")),
    outsider_status=404,
)
route("grids:doorknockround_detail", case="door-knocking round")
route(
    "grids:doorknockround_edit",
    case="door-knocking round",
    write=Write(
        data=lambda world, obj: _round_form(world, obj, notes="矩阵改"),
        saved=_changed("notes", "矩阵改"),
    ),
)
route(
    "grids:doorknockround_action",
    case="door-knocking round",
    kwargs=lambda world, obj: {"pk": obj.pk, "action": "issue"},
    read=False,
    write=Write(data=_issue, saved=_issue_filed),
)
route(
    "api:doorknockround-list",
    shape=LIST,
    case="door-knocking round",
    write=Write(
        data=lambda world, obj: {
            "date": _today(),
            "grid": "GA",
            "participants": ["worker_a"],
            "buildings": ["BA1"],
            "households_visited": 8,
            "notes": "矩阵敲门",
        },
        saved=_exists("grids.DoorKnockRound", notes="矩阵敲门"),
        status=201,
    ),
)
route(
    "api:doorknockround-detail",
    case="door-knocking round",
    write=Write(
        data=lambda world, obj: {"notes": "矩阵改"},
        saved=_changed("notes", "矩阵改"),
        method="patch",
    ),
    delete="no",
)
route(
    "api:doorknockround-issue",
    case="door-knocking round",
    read=False,
    write=Write(data=lambda world, obj: _issue(world, obj, api=True), saved=_issue_filed),
)


def _team_form_sg(world, obj, **changes) -> dict:
    data = {
        "name": "矩阵自治队",
        "area": world.ga.pk,
        "description": "",
        "founded_on": _today(),
        "is_active": "on",
    }
    if obj is not None:
        data.update(name=obj.name, area=obj.area_id, founded_on=obj.founded_on.isoformat())
    return {**data, **changes}


_crud_pages(
    "selfgovernanceteam",
    "self-governance team",
    _team_form_sg,
    {"name": "矩阵自治队"},
    {"name": "改名"},
)
route("grids:selfgovernanceteam_detail", case="self-governance team")
_api_pair(
    "selfgovernanceteam",
    "self-governance team",
    {"name": "矩阵自治队", "area": "GA"},
    {"name": "矩阵自治队"},
    {"name": "改名"},
)


def _hours(world, obj) -> dict:
    return {
        "person": world.person_a.pk,
        "date": _today(),
        "hours": "2.5",
        "activity_kind": "team_activity",
        "description": "矩阵活动",
    }


route(
    "grids:volunteerhours_list",
    shape=LIST,
    case="volunteer hours",
    marker=lambda row: f'href="{row.get_absolute_url()}"',
)
route(
    "grids:volunteerhours_add",
    shape=ADD,
    case="volunteer hours",
    write=Write(data=_hours, saved=_exists("grids.VolunteerHours", description="矩阵活动")),
    outsider_status=404,
)
route("grids:volunteer_history", case="person")
route(
    "api:volunteerhours-list",
    shape=LIST,
    case="volunteer hours",
    write=Write(
        data=_hours,
        saved=_exists("grids.VolunteerHours", description="矩阵活动"),
        status=201,
    ),
)
route("api:volunteerhours-detail", case="volunteer hours", delete="no")

# ---- the work report (dongfeng/report) ---------------------------------------------------------
# ADD's checks are the report's: a 404 to whoever may report nowhere (an account without a
# role, a volunteer), and the export — a POST that writes its audit row — refused to them.
# That a community's report counts nothing of another is tests/report/test_report_scoping.py.


def _report_text(world, obj) -> dict:
    return {
        "area": world.c1.code,
        "start": "2026-01-01",
        "end": "2026-06-30",
        "title": "矩阵报告",
        "intro": "导语",
        "section_organisation": "第一段",
        "format": "docx",
    }


route("report:report", shape=ADD, reader="community_official", outsider_status=404)
route(
    "report:export",
    shape=ADD,
    read=False,
    editor="community_official",
    write=Write(
        data=_report_text,
        saved=_exists("grids.AuditEntry", model="grids.area", summary__contains="work report"),
        status=200,
    ),
    outsider_status=404,
)
# Like api-figures: to whoever reports nowhere the answer names no area (200, nothing).
route("report-api:report", access=SIGNED_IN, shape=PLAIN, api=True, reader="community_official")
