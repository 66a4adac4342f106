"""The registry of scoped models for the generic scoping test.

A model joins the test by registering a ScopedCase here (or from its own test module
imported by tests/test_scoping.py): how to make one of it inside a given grid, where its
pages and API live, and a valid change to send.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from grids.choices import Role, TeamFocus
from grids.models import Area, Assignment, Person, ServicePoint, ServiceTeam, User


@dataclass(frozen=True)
class ScopedCase:
    name: str
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
    api_key: str = "id"
    # Who plays "the user of grid GA" in the grid tests: a World attribute, or
    # make(world) → user. Models grid workers may not read name someone who may.
    viewer: str | Callable[[Any], Any] = "worker_a"
    # Who looks at GB's object in the "another grid" test; None: the viewer. (Differs for
    # community-level objects, where GA's and GB's object share one community.)
    stranger: str | Callable[[Any], Any] | None = None


def player(world, who: str | Callable[[Any], Any]):
    """The user a case names as its viewer or stranger."""
    return getattr(world, who) if isinstance(who, str) else who(world)


REGISTRY: list[ScopedCase] = []


def register(case: ScopedCase) -> ScopedCase:
    REGISTRY.append(case)
    return case


def _url(name: str, attr: str = "pk") -> Callable[[Any], str]:
    return lambda obj: reverse(name, args=[getattr(obj, attr)])


register(
    ScopedCase(
        name="area",
        make=lambda world, grid, building: building,
        api_list="/api/v1/areas/",
        api_detail=lambda obj: f"/api/v1/areas/{obj.code}/",
        page_detail=_url("grids:area_detail", "code"),
        page_edit=_url("grids:area_edit", "code"),
        page_delete=_url("grids:area_delete", "code"),
        patch={"name": "改名"},
        key=lambda obj: obj.code,
        api_key="code",
    )
)
register(
    ScopedCase(
        name="person",
        make=lambda world, grid, building: Person.objects.create(name="居民", area=building),
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
        make=lambda world, grid, building: Assignment.objects.create(
            user=User.objects.create_user(f"helper-{User.objects.count()}"),
            role=Role.VOLUNTEER,
            area=grid,
        ),
        api_list="/api/v1/assignments/",
        api_detail=lambda obj: f"/api/v1/assignments/{obj.pk}/",
        page_detail=None,
        page_edit=_url("grids:assignment_edit"),
        page_delete=_url("grids:assignment_delete"),
        page_list="/assignments/",
        patch={"role": Role.COMMUNITY_STAFF},
    )
)
register(
    ScopedCase(
        name="service team",
        make=lambda world, grid, building: ServiceTeam.objects.create(
            name="巡逻队", focus=TeamFocus.PATROL, area=grid
        ),
        api_list="/api/v1/teams/",
        api_detail=lambda obj: f"/api/v1/teams/{obj.pk}/",
        page_detail=_url("grids:serviceteam_detail"),
        page_edit=_url("grids:serviceteam_edit"),
        page_delete=_url("grids:serviceteam_delete"),
        page_list="/teams/",
        patch={"name": "改名"},
    )
)
register(
    ScopedCase(
        name="red station",
        make=lambda world, grid, building: ServicePoint.objects.create(
            name="红色驿站", area=grid, location="门岗", services="政策咨询", opening_hours="8-20"
        ),
        api_list="/api/v1/service-points/",
        api_detail=lambda obj: f"/api/v1/service-points/{obj.pk}/",
        page_detail=_url("grids:servicepoint_detail"),
        page_edit=_url("grids:servicepoint_edit"),
        page_delete=_url("grids:servicepoint_delete"),
        page_list="/service-points/",
        patch={"name": "改名"},
    )
)


def _request(grid: Area, building: Area):
    from grids.actions.requests import submit_request
    from grids.models import RequestCategory

    return submit_request(
        area=building, category=RequestCategory.objects.get(code="repair"), description="漏水了"
    )


def _alert_for_everyone(world, grid, building):
    """An overdue alert about a request in `grid` to each user whose scope holds the grid (a
    notification is its recipient's alone); returns the grid worker's."""
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
    return Notification.objects.filter(object_id=req.pk, kind="overdue").order_by("pk").first()


register(
    ScopedCase(
        name="resident request",
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
        name="request event",
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
        make=_alert_for_everyone,
        api_list="/api/v1/alerts/",
        api_detail=lambda obj: f"/api/v1/alerts/{obj.pk}/",
        page_detail=None,
        page_edit=None,
        page_delete=None,
        read_only=True,
        key=lambda obj: obj.object_id,  # the request: each user reads their own row about it
        api_key="object_id",
    )
)


def _photo(world, grid, building):
    from grids.images import clean_photo
    from grids.models import RequestPhoto
    from tests.grids.request_helpers import jpeg_with_gps, upload

    req = _request(grid, building)
    return RequestPhoto.objects.create(request=req, image=clean_photo(upload(jpeg_with_gps())))


register(
    ScopedCase(
        name="request photo",
        make=_photo,
        api_list=None,
        api_detail=None,
        page_detail=_url("grids:request_photo"),
        page_edit=None,
        page_delete=None,
        read_only=True,
    )
)


# ---- disputes ------------------------------------------------------------------------------


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


def _dispute(world, grid, building):
    from disputes.actions.disputes import receive_dispute
    from disputes.models import DisputeCategory

    parties = [Person.objects.create(name=name, area=building) for name in ("甲方", "乙方")]
    return receive_dispute(
        area=building,
        category=DisputeCategory.objects.get(code="neighbours"),
        summary="楼上漏水",
        channel="walk_in",
        mediator=_mediator(world, grid),
        parties=[(parties[0], "applicant"), (parties[1], "respondent")],
        by=world.admin,
    )


def _visit(world, grid, building):
    from django.utils import timezone

    from disputes.actions.disputes import settle_dispute

    dispute = settle_dispute(
        _dispute(world, grid, building),
        by=world.admin,
        terms="赔偿五百元",
        signed_on=timezone.localdate(),
        signed_by="甲方、乙方",
    )
    return dispute.visits.order_by("sequence").first()


def _session(world, grid, building):
    from django.utils import timezone

    from disputes.actions.disputes import record_session

    return record_session(
        _dispute(world, grid, building),
        by=world.admin,
        held_at=timezone.now(),
        attendees="甲方、乙方",
        notes="双方陈述",
        result="progress",
    )


def _lawyer(name: str = "lawyer-1") -> User:
    return User.objects.get_or_create(username=name)[0]


def _shift_in(community: Area, lawyer: User):
    """A clinic shift of the community, each on a day of its own."""
    from datetime import timedelta

    from django.utils import timezone

    from disputes.models import ClinicShift

    day = timezone.localdate() + timedelta(days=ClinicShift.objects.count())
    return ClinicShift.objects.create(community=community, date=day, lawyer=lawyer)


def _swap(api, shift):
    """The change of a shift: swap days with another lawyer's shift of the same community."""
    other = _shift_in(shift.community, _lawyer("lawyer-2"))
    return api.post(f"/api/v1/clinic-shifts/{shift.pk}/swap/", {"second": other.pk})


def _consultation(world, grid, building):
    from disputes.models import Consultation

    return Consultation.objects.create(
        area=building,
        asked_by="居民",
        topic="租房合同",
        question="押金不退",
        advice="协商或起诉",
        recorded_by=world.admin,
    )


def _screening(world, grid, building):
    from django.utils import timezone

    from disputes.models import ScreeningCampaign

    return ScreeningCampaign.objects.create(
        kind="mwf_visit", date=timezone.localdate(), area=grid, households_visited=12
    )


def _risk(world, grid, building):
    from datetime import timedelta

    from django.utils import timezone

    from disputes.models import RiskItem

    return RiskItem.objects.create(
        area=building,
        title="楼道堆物",
        description="邻里因堆物争吵",
        nature="neighbourhood",
        urgency="medium",
        owner=world.admin,
        deadline=timezone.localdate() + timedelta(days=7),
    )


def _key_person(world, grid, building):
    from disputes.models import KeyPerson

    return KeyPerson.objects.create(
        person=Person.objects.create(name="重点", area=building),
        area=building,
        category="petitioner",
        risk_level="medium",
        reason="多次越级上访",
        responsible=world.admin,
    )


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
        make=_dispute,
        **_api_urls("disputes"),
        **_page("dispute_detail"),
        change=lambda api, obj: api.post(
            f"/api/v1/disputes/{obj.pk}/plan/",
            {"plan": "分头做工作", "experts": "律师", "steps": "先调查再调解"},
        ),
    )
)
register(
    ScopedCase(
        name="follow-up visit",
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
        make=_session,
        **_api_urls("mediation-sessions"),
        **NO_PAGES,
        read_only=True,
        viewer=grid_mediator,
    )
)
register(
    ScopedCase(
        name="dispute event",
        make=lambda world, grid, building: _dispute(world, grid, building).events.get(),
        **_api_urls("dispute-events"),
        **NO_PAGES,
        read_only=True,
    )
)
register(
    ScopedCase(
        name="clinic shift",
        make=lambda world, grid, building: _shift_in(grid.parent, _lawyer()),
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
        make=_consultation,
        **_api_urls("consultations"),
        **_page("consultation_detail"),
        patch={"topic": "改名"},
        viewer=grid_mediator,
    )
)
register(
    ScopedCase(
        name="screening",
        make=_screening,
        **_api_urls("screenings"),
        **_page("screeningcampaign_detail"),
        patch={"notes": "发现两处隐患"},
    )
)
register(
    ScopedCase(
        name="risk item",
        make=_risk,
        **_api_urls("risks"),
        **_page("riskitem_detail"),
        patch={"title": "改名"},
    )
)
register(
    ScopedCase(
        name="key person",
        make=_key_person,
        **_api_urls("key-people"),
        **_page("keyperson_detail"),
        patch={"measures": "每周走访"},
        viewer=grid_mediator,
    )
)
