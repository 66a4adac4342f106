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
    from grids.actions import submit_request
    from grids.models import RequestCategory

    return submit_request(
        area=building, category=RequestCategory.objects.get(code="repair"), description="漏水了"
    )


def _alert_for_everyone(world, grid, building):
    from grids.models import Alert

    req = _request(grid, building)
    users = [world.worker_a, world.worker_b, world.community_official, world.street_official]
    Alert.objects.bulk_create(
        [
            Alert(kind="overdue", request=req, recipient=u, due_at=req.response_due_at)
            for u in users
        ],
        ignore_conflicts=True,
    )
    return Alert.objects.filter(request=req).order_by("pk").first()  # worker_a's


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
        key=lambda obj: obj.request.tracking_code,
        api_key="request",
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
