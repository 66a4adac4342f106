"""Every state change of a resident request: filing, triage (分派), 接单, notes, resolving,
transfer, escalation, deferral, rating, and the 2-hour sweep."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grids import notifications
from grids.choices import (
    OPEN_STATUSES,
    REQUEST_TRANSITIONS,
    TRIAGE_ROLES,
    AlertKind,
    AreaKind,
    EventKind,
    RequestSource,
    RequestStatus,
    Role,
)
from grids.models import (
    Area,
    Open311Client,
    RequestCategory,
    RequestEvent,
    RequestPhoto,
    ServiceRequest,
    User,
)
from grids.transitions import StateMachine, TransitionError, require_text


def _raced(request: ServiceRequest, kind: str) -> TransitionError:
    """The loser of a race learns who won (two workers pressing 接单 at once)."""
    fresh = ServiceRequest.objects.select_related("accepted_by").get(pk=request.pk)
    if fresh.status == RequestStatus.ACCEPTED and kind == EventKind.ACCEPTED:
        return TransitionError(
            _("%(name)s accepted this request first.") % {"name": fresh.accepted_by}
        )
    return TransitionError(
        _("Someone else changed this request just now (it is “%(status)s”); reload the page.")
        % {"status": RequestStatus(fresh.status).label}
    )


REQUESTS = StateMachine(
    model=ServiceRequest,
    event_model=RequestEvent,
    subject="request",
    allowed=REQUEST_TRANSITIONS,
    status_label=lambda status: RequestStatus(status).label,
    kind_label=lambda kind: EventKind(kind).label,
    refused=gettext_lazy("A request that is “%(status)s” cannot be %(action)s."),
    raced=_raced,
)


def _recipients(grid: Area, roles: tuple[str, ...]) -> list[User]:
    """Users holding one of `roles` on the grid itself or on its community.

    For a request waiting for triage `grid` is the sub-district or community node: then the
    users holding the node or its parent (officials of the sub-district, staff of the
    community) are the ones to tell.
    """
    if grid.kind != AreaKind.GRID:
        roles = TRIAGE_ROLES
    return list(
        User.objects.filter(
            is_active=True,
            assignments__role__in=roles,
            assignments__area_id__in=[grid.pk, grid.parent_id],
        ).distinct()
    )


def _notify(request: ServiceRequest, kind: str, users: list[User], due_at) -> None:
    """Alert `users` about the acceptance deadline `due_at`, once per person and deadline:
    a transfer or an escalation sets a new deadline, so its breach is a new alert."""
    notifications.notify(
        users,
        kind=kind,
        obj=request,
        area=request.grid,
        text=f"{request.public_id} {request.category} · {request.grid}: {request.description}",
        due_at=due_at,
        dedupe_key=notifications.dedupe_key(kind, request, due_at),
    )


@transaction.atomic
def submit_request(
    *,
    area: Area,
    category: RequestCategory,
    description: str,
    source: str = RequestSource.QR,
    resident_name: str = "",
    resident_phone: str = "",
    anonymous: bool = False,
    photo=None,
    by: User | None = None,
    client: Open311Client | None = None,
    now=None,
    latitude: float | None = None,
    longitude: float | None = None,
    address_string: str = "",
    attributes: dict | None = None,
) -> ServiceRequest:
    """File a request at a grid or building; its grid worker is alerted in the same commit.

    Filed at a sub-district or community (the grid could not be told), it waits there for
    triage (待分派): the officials or community staff holding that node are alerted and its
    2-hour clock runs as for any other request until assign_grid() hands it to a grid.
    `attributes` are the answers to the category's extra questions, checked against them;
    None for a channel that does not ask them.
    """
    if area.kind in (AreaKind.GRID, AreaKind.BUILDING):
        grid = area if area.kind == AreaKind.GRID else area.parent
    else:
        grid = area  # 待分派
    # Only a channel that asks the category's questions (Open311) must answer the required ones.
    answers = category.clean_attribute_values(
        attributes or {}, enforce_required=attributes is not None
    )
    request = ServiceRequest(
        area=area,
        grid=grid,
        category=category,
        description=description,
        latitude=latitude,
        longitude=longitude,
        address_string=address_string,
        attributes=answers,
        source=source,
        resident_name="" if anonymous else resident_name,
        resident_phone="" if anonymous else resident_phone,
        anonymous=anonymous,
        created_by=by,
        open311_client=client,
        created_at=now or timezone.now(),
    )
    request.set_deadlines(request.created_at)
    request.full_clean()
    request.save()
    if photo is not None:
        RequestPhoto.objects.create(
            request=request, image=photo, by_resident=by is None, uploaded_by=by
        )
    REQUESTS.event(request, EventKind.CREATED, by=by, to_status=RequestStatus.NEW)
    _notify(
        request,
        AlertKind.NEW_REQUEST,
        _recipients(grid, (Role.GRID_WORKER,)),
        request.response_due_at,
    )
    return request


def _hand_to_grid(
    request: ServiceRequest, to_grid: Area, kind: str, *, by: User, note: str, guard=None
) -> ServiceRequest:
    """The request waits for `to_grid`'s worker, whose 2-hour clock starts now; they are told."""
    from_grid = request.grid
    request.set_deadlines(timezone.now())
    request = REQUESTS.move(
        request,
        RequestStatus.NEW,
        kind,
        by=by,
        note=note,
        guard=guard,
        event_fields=lambda _request: {"from_grid": from_grid},
        updates={
            "grid": to_grid,
            "area": to_grid,
            "response_due_at": request.response_due_at,
            "resolve_due_at": request.resolve_due_at,
            "breached_at": None,
            "accepted_at": None,
            "accepted_by": None,
        },
    )
    _notify(
        request,
        AlertKind.NEW_REQUEST,
        _recipients(to_grid, (Role.GRID_WORKER,)),
        request.response_due_at,
    )
    return request


@transaction.atomic
def assign_grid(
    request: ServiceRequest, *, by: User, to_grid: Area, note: str = ""
) -> ServiceRequest:
    """分派: give a request waiting for triage its grid; the grid's 2-hour clock starts now.

    Of two staff assigning at once exactly one wins: the move also compares the node the
    request still waits at.
    """
    node = request.grid
    if not request.needs_triage:
        raise TransitionError(_("This request already has a grid; transfer it instead."))
    if to_grid.kind != AreaKind.GRID:
        raise ValidationError({"to_grid": _("Choose a grid.")})
    if not (to_grid.tree_id == node.tree_id and node.lft < to_grid.lft < node.rght):
        raise ValidationError({"to_grid": _("Choose a grid of %(node)s.") % {"node": node.name}})
    return _hand_to_grid(
        request, to_grid, EventKind.ASSIGNED, by=by, note=(note or "").strip(), guard={"grid": node}
    )


@transaction.atomic
def accept_request(request: ServiceRequest, *, by: User, now=None) -> ServiceRequest:
    """线上接单: exactly one of two workers pressing at once wins."""
    return REQUESTS.move(
        request,
        RequestStatus.ACCEPTED,
        EventKind.ACCEPTED,
        by=by,
        updates={"accepted_at": now or timezone.now(), "accepted_by": by},
    )


@transaction.atomic
def add_note(
    request: ServiceRequest, *, by: User, note: str, photos=(), public: bool = False
) -> RequestEvent:
    """A progress note; `public` makes it a reply the resident reads on the tracking page."""
    if request.status not in OPEN_STATUSES:
        raise TransitionError(_("This request is closed; notes can no longer be added."))
    note = (note or "").strip()
    if not note and not photos:
        raise ValidationError({"note": _("Write a note or attach a photo.")})
    if public and not note:
        raise ValidationError({"note": _("Write the reply the resident will read.")})
    for photo in photos:
        RequestPhoto.objects.create(request=request, image=photo, uploaded_by=by)
    return REQUESTS.event(request, EventKind.NOTE, by=by, note=note, public=public)


@transaction.atomic
def resolve_request(
    request: ServiceRequest, *, by: User, resolution: str, now=None
) -> ServiceRequest:
    resolution = require_text(resolution, "resolution", _("Say how the request was resolved."))
    return REQUESTS.move(
        request,
        RequestStatus.RESOLVED,
        EventKind.RESOLVED,
        by=by,
        note=resolution,
        updates={"resolved_at": now or timezone.now(), "resolution": resolution},
    )


@transaction.atomic
def transfer_request(
    request: ServiceRequest, *, by: User, to_grid: Area, reason: str
) -> ServiceRequest:
    """Hand the request to another grid; its 2-hour clock starts again there."""
    reason = require_text(reason, "reason", _("Give a reason for the transfer."))
    if to_grid.kind != AreaKind.GRID:
        raise ValidationError({"to_grid": _("Choose a grid.")})
    if to_grid.pk == request.grid_id:
        raise ValidationError({"to_grid": _("The request is already in this grid.")})
    return _hand_to_grid(request, to_grid, EventKind.TRANSFERRED, by=by, note=reason)


@transaction.atomic
def escalate_request(request: ServiceRequest, *, by: User, reason: str) -> ServiceRequest:
    """Pass the request up to the community, which must accept it within the same time."""
    if request.needs_triage:
        raise TransitionError(_("Assign this request to a grid first."))
    reason = require_text(reason, "reason", _("Give a reason for escalating."))
    request.set_deadlines(timezone.now())
    request = REQUESTS.move(
        request,
        RequestStatus.ESCALATED,
        EventKind.ESCALATED,
        by=by,
        note=reason,
        updates={
            "response_due_at": request.response_due_at,
            "breached_at": None,
            "accepted_at": None,
            "accepted_by": None,
        },
    )
    staff = _recipients(request.grid, (Role.COMMUNITY_STAFF,))
    _notify(request, AlertKind.NEW_REQUEST, staff, request.response_due_at)
    return request


@transaction.atomic
def defer_request(request: ServiceRequest, *, by: User, reason: str) -> ServiceRequest:
    """缓办: cannot be handled now (funding, a project); leaves the completion-rate base."""
    reason = require_text(reason, "reason", _("Give a reason for deferring."))
    return REQUESTS.move(request, RequestStatus.DEFERRED, EventKind.DEFERRED, by=by, note=reason)


@transaction.atomic
def resume_request(request: ServiceRequest, *, by: User) -> ServiceRequest:
    return REQUESTS.move(request, RequestStatus.ACCEPTED, EventKind.RESUMED, by=by)


@transaction.atomic
def reject_request(request: ServiceRequest, *, by: User, reason: str) -> ServiceRequest:
    """Close as spam or a duplicate, with the reason (e.g. the duplicate's tracking code)."""
    reason = require_text(
        reason, "reason", _("Give a reason (spam, or which request it duplicates).")
    )
    return REQUESTS.move(request, RequestStatus.REJECTED, EventKind.REJECTED, by=by, note=reason)


@transaction.atomic
def rate_request(request: ServiceRequest, *, stars: int, comment: str = "") -> ServiceRequest:
    """评单: once, after the request is resolved."""
    if not isinstance(stars, int) or not 1 <= stars <= 5:
        raise ValidationError({"rating": _("Give 1 to 5 stars.")})
    if len(comment) > 500:
        raise ValidationError({"comment": _("At most 500 characters.")})
    changed = ServiceRequest.objects.filter(
        pk=request.pk, status=RequestStatus.RESOLVED, rating__isnull=True
    ).update(rating=stars, rating_comment=comment.strip(), rated_at=timezone.now())
    if not changed:
        request.refresh_from_db()
        if request.rating is not None:
            raise TransitionError(_("This request has already been rated."))
        raise TransitionError(_("A request can be rated once it is resolved."))
    REQUESTS.event(request, EventKind.RATED, note=comment.strip())
    request.refresh_from_db()
    return request


def sweep_overdue(now=None) -> int:
    """Mark each request that missed its acceptance deadline, once, and alert its worker and
    community. Idempotent: a second run (or a retried task) finds nothing new."""
    now = now or timezone.now()
    breaches = 0
    candidates = (
        ServiceRequest.objects.overdue(now)
        .filter(breached_at__isnull=True)
        .select_related("grid", "category")
    )
    # Each breach commits on its own; one delivery run follows the whole sweep.
    with notifications.one_delivery_for_the_batch():
        for request in candidates.iterator(chunk_size=500):
            with transaction.atomic():
                # Compare-and-set: of two sweeps running at once, one marks the breach.
                marked = ServiceRequest.objects.filter(
                    pk=request.pk,
                    breached_at__isnull=True,
                    status=request.status,
                    response_due_at=request.response_due_at,
                ).update(breached_at=now)
                if not marked:
                    continue
                breaches += 1
                REQUESTS.event(request, EventKind.OVERDUE, note=str(request.response_due_at))
                roles = (
                    (Role.COMMUNITY_STAFF,)
                    if request.status == RequestStatus.ESCALATED
                    else (Role.GRID_WORKER, Role.COMMUNITY_STAFF)
                )
                _notify(
                    request,
                    AlertKind.OVERDUE,
                    _recipients(request.grid, roles),
                    request.response_due_at,
                )
    return breaches
