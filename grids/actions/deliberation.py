"""Every state change of the deliberation hall: raising a matter, triage (accept, merge,
decline), meetings and their decision, milestones up to completion, ratings, closing.

Each action runs in one transaction, moves the status through MATTERS (compare-and-set, an
event row per step) and takes `at` so the demo can date a whole loop in order.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grids import notifications
from grids.choices import (
    EVALUATION_DAYS,
    MATTER_TRANSITIONS,
    QR_KINDS,
    AreaKind,
    AttendeeKind,
    MatterAlertKind,
    MatterEventKind,
    MatterSource,
    MatterStatus,
    Role,
)
from grids.models import (
    Area,
    Matter,
    MatterEvent,
    MatterPhoto,
    MatterRating,
    Meeting,
    Milestone,
    Person,
    User,
)
from grids.transitions import StateMachine, TransitionError, require_text

MATTERS = StateMachine(
    model=Matter,
    event_model=MatterEvent,
    subject="matter",
    allowed=MATTER_TRANSITIONS,
    status_label=lambda status: MatterStatus(status).label,
    kind_label=lambda kind: MatterEventKind(kind).label,
    refused=gettext_lazy("A matter that is “%(status)s” cannot be %(action)s."),
    raced=gettext_lazy("Someone else changed this matter just now; reload the page."),
)


def _at(at: datetime | None) -> datetime:
    return at or timezone.now()


def _move(matter: Matter, to_status: str, kind: str, *, by, at, note="", **updates) -> Matter:
    return MATTERS.move(
        matter,
        to_status,
        kind,
        by=by,
        note=note,
        updates=updates,
        event_fields=lambda _matter: {"at": at},
    )


# Accounts that stand for residents (volunteers, building heads): staff do not rate their work.
RESIDENT_ROLES = frozenset({Role.VOLUNTEER})


def is_resident_of(user: User, area: Area) -> bool:
    """A signed-in resident of the area: a volunteer or building head holding it."""
    return user.is_authenticated and user.holds_role_over(area, RESIDENT_ROLES)


def grid_staff(grid: Area) -> list[User]:
    """Who deliberates a grid's matters: its grid workers and its community's staff."""
    return list(
        User.objects.filter(is_active=True)
        .filter(
            assignments__role__in=[Role.GRID_WORKER, Role.COMMUNITY_STAFF],
            assignments__area_id__in=[grid.pk, grid.parent_id],
        )
        .distinct()
    )


@transaction.atomic
def raise_matter(
    *,
    area: Area,
    title: str,
    description: str,
    photos=(),
    resident_name: str = "",
    resident_phone: str = "",
    anonymous: bool = False,
    by: User | None = None,
    at: datetime | None = None,
) -> Matter:
    """居民提事: a matter for the hall, at a grid or building; its staff are alerted."""
    if area.kind not in QR_KINDS:
        raise ValidationError({"area": _("Choose a grid or a building.")})
    at = _at(at)
    matter = Matter(
        title=(title or "").strip(),
        description=(description or "").strip(),
        area=area,
        grid=area if area.kind == AreaKind.GRID else area.parent,
        source=MatterSource.STAFF if by is not None else MatterSource.RESIDENT,
        resident_name="" if anonymous else resident_name,
        resident_phone="" if anonymous else resident_phone,
        anonymous=anonymous,
        raised_by=by,
        raised_at=at,
    )
    matter.full_clean()
    matter.save()
    for photo in photos:
        if photo is not None:
            MatterPhoto.objects.create(
                matter=matter, image=photo, by_resident=by is None, uploaded_by=by, uploaded_at=at
            )
    MATTERS.event(matter, MatterEventKind.RAISED, by=by, to_status=MatterStatus.RAISED, at=at)
    notifications.notify(
        grid_staff(matter.grid),
        kind=MatterAlertKind.NEW_MATTER,
        obj=matter,
        area=matter.grid,
        text=f"{_('New matter for the deliberation hall')} · {matter.grid}: {matter.title}",
        dedupe_key=notifications.dedupe_key(MatterAlertKind.NEW_MATTER, matter),
    )
    return matter


@transaction.atomic
def accept_matter(matter: Matter, *, by: User, note: str = "", at=None) -> Matter:
    """Take the matter into the hall's deliberation."""
    at = _at(at)
    return _move(
        matter,
        MatterStatus.ACCEPTED,
        MatterEventKind.ACCEPTED,
        by=by,
        at=at,
        note=(note or "").strip(),
        accepted_at=at,
    )


@transaction.atomic
def decline_matter(matter: Matter, *, by: User, reason: str, at=None) -> Matter:
    """Decline, with the reason the resident reads on their page."""
    reason = require_text(reason, "reason", _("Give the reason the resident will read."))
    return _move(
        matter,
        MatterStatus.DECLINED,
        MatterEventKind.DECLINED,
        by=by,
        at=_at(at),
        note=reason,
        decline_reason=reason,
        closed_at=_at(at),
    )


@transaction.atomic
def merge_matter(matter: Matter, *, by: User, into: Matter, note: str = "", at=None) -> Matter:
    """A duplicate joins the surviving matter; its tracking page points there."""
    if into is None:
        raise ValidationError({"into": _("Choose the matter this one duplicates.")})
    if into.pk == matter.pk:
        raise ValidationError({"into": _("A matter cannot be merged into itself.")})
    if into.status in (MatterStatus.DECLINED, MatterStatus.MERGED):
        raise ValidationError({"into": _("Choose a matter that is still being dealt with.")})
    if into.grid.parent_id != matter.grid.parent_id:
        raise ValidationError({"into": _("Choose a matter of the same community.")})
    return _move(
        matter,
        MatterStatus.MERGED,
        MatterEventKind.MERGED,
        by=by,
        at=_at(at),
        note=(note or "").strip() or into.title,
        merged_into=into,
        closed_at=_at(at),
    )


@transaction.atomic
def record_meeting(
    matter: Matter,
    *,
    by: User,
    held_on: date,
    minutes: str,
    attendee_kinds=(),
    people=(),
    other_attendees: str = "",
    decision: str = "",
    responsible_bodies: str = "",
    budget: Decimal | None = None,
    at=None,
) -> Meeting:
    """网格议事: a meeting's record; its decision starts the handling (协同办事)."""
    if matter.status not in (MatterStatus.ACCEPTED, MatterStatus.IN_PROGRESS):
        raise TransitionError(
            _("Meetings are recorded once a matter is accepted and until it is completed.")
        )
    at = _at(at)
    decision = (decision or "").strip()
    if held_on and held_on > timezone.localdate(at):
        raise ValidationError({"held_on": _("The meeting cannot be in the future.")})
    if budget is not None and budget < 0:
        raise ValidationError({"budget": _("The budget cannot be negative.")})
    if matter.status == MatterStatus.ACCEPTED and decision and not responsible_bodies.strip():
        raise ValidationError({"responsible_bodies": _("Say who carries out the decision.")})
    for person in people:
        if not (
            person.area.tree_id == matter.grid.tree_id
            and matter.grid.parent.lft <= person.area.lft <= matter.grid.parent.rght
        ):
            raise ValidationError(
                {"people": _("%(name)s lives outside this community.") % {"name": person.name}}
            )
    meeting = Meeting(
        matter=matter,
        held_on=held_on,
        attendee_kinds=[AttendeeKind(kind).value for kind in attendee_kinds],
        other_attendees=(other_attendees or "").strip(),
        minutes=require_text(minutes, "minutes", _("Write the minutes of the meeting.")),
        decision=decision,
        responsible_bodies=(responsible_bodies or "").strip(),
        budget=budget,
        recorded_by=by,
        created_at=at,
    )
    meeting.full_clean()
    meeting.save()
    meeting.people.set(people)
    if decision and matter.status == MatterStatus.ACCEPTED:
        _move(
            matter,
            MatterStatus.IN_PROGRESS,
            MatterEventKind.DECIDED,
            by=by,
            at=at,
            note=decision,
            decided_at=at,
        )
    else:
        MATTERS.event(matter, MatterEventKind.MEETING, by=by, note=decision, at=at)
    return meeting


@transaction.atomic
def add_milestone(
    matter: Matter,
    *,
    by: User,
    title: str,
    progress: int,
    reached_on: date,
    reason: str = "",
    photos=(),
    at=None,
) -> Milestone:
    """A step of the handling; at 100 % the matter is completed and residents may rate it.

    The progress may go back (a setback) only with a reason. Of two workers recording at once
    exactly one wins: the matter's progress is compared and set.
    """
    if matter.status != MatterStatus.IN_PROGRESS:
        raise TransitionError(_("Milestones are recorded once a meeting has decided the matter."))
    at = _at(at)
    if progress is None or not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Give a progress between 0 and 100 %.")})
    reason = (reason or "").strip()
    if progress < matter.progress and not reason:
        raise ValidationError(
            {
                "reason": _("The progress goes back from %(old)d %% to %(new)d %%: say why.")
                % {"old": matter.progress, "new": progress}
            }
        )
    if reached_on and reached_on > timezone.localdate(at):
        raise ValidationError({"reached_on": _("The date cannot be in the future.")})
    milestone = Milestone(
        matter=matter,
        title=require_text(title, "title", _("Say what was done.")),
        progress=progress,
        reason=reason,
        reached_on=reached_on,
        recorded_by=by,
        created_at=at,
    )
    milestone.full_clean()
    changed = Matter.objects.filter(
        pk=matter.pk, status=MatterStatus.IN_PROGRESS, progress=matter.progress
    ).update(progress=progress)
    if not changed:
        raise TransitionError(str(MATTERS.raced))
    milestone.save()
    for photo in photos:
        if photo is not None:
            MatterPhoto.objects.create(
                matter=matter, milestone=milestone, image=photo, uploaded_by=by, uploaded_at=at
            )
    matter.progress = progress
    note = f"{milestone.title} ({progress}%)" + (f" · {reason}" if reason else "")
    if progress == 100:
        _move(
            matter,
            MatterStatus.DONE,
            MatterEventKind.DONE,
            by=by,
            at=at,
            note=note,
            done_at=at,
            evaluation_due_at=at + timedelta(days=EVALUATION_DAYS),
        )
    else:
        MATTERS.event(matter, MatterEventKind.MILESTONE, by=by, note=note, at=at)
    return milestone


@transaction.atomic
def rate_matter(
    matter: Matter,
    *,
    stars: int,
    comment: str = "",
    by_tracking_code: bool = False,
    user: User | None = None,
    at=None,
) -> MatterRating:
    """群众评事: the raiser (by tracking code) or a signed-in resident of the area rates the
    completed matter once. The raiser's rating closes it."""
    if isinstance(stars, bool) or not isinstance(stars, int) or not 1 <= stars <= 5:
        raise ValidationError({"rating": _("Give 1 to 5 stars.")})
    comment = (comment or "").strip()
    if len(comment) > 500:
        raise ValidationError({"comment": _("At most 500 characters.")})
    if not by_tracking_code and (user is None or not user.is_authenticated):
        raise ValidationError(_("Rate with the tracking code or sign in."))
    if user is not None and not by_tracking_code and not is_resident_of(user, matter.area):
        raise ValidationError(_("Only residents of the area rate this matter."))
    # Lock the row: a rating and the closing task never cross.
    current = Matter.objects.select_for_update().get(pk=matter.pk)
    if current.status == MatterStatus.CLOSED:
        raise TransitionError(_("This matter is closed; ratings are no longer taken."))
    if current.status != MatterStatus.DONE:
        raise TransitionError(_("A matter can be rated once it is completed."))
    mine = (
        MatterRating.objects.filter(matter=current, by_tracking_code=True)
        if by_tracking_code
        else MatterRating.objects.filter(matter=current, user=user)
    )
    if mine.exists():
        raise TransitionError(_("You have already rated this matter."))
    at = _at(at)
    try:
        with transaction.atomic():
            rating = MatterRating.objects.create(
                matter=current,
                stars=stars,
                comment=comment,
                by_tracking_code=by_tracking_code,
                user=None if by_tracking_code else user,
                created_at=at,
            )
    except IntegrityError:
        raise TransitionError(_("You have already rated this matter.")) from None
    MATTERS.event(current, MatterEventKind.RATED, by=user, note=f"{stars}★ {comment}", at=at)
    if by_tracking_code:
        _move(current, MatterStatus.CLOSED, MatterEventKind.CLOSED, by=None, at=at, closed_at=at)
    matter.refresh_from_db()
    return rating


@transaction.atomic
def close_matter(matter: Matter, *, by: User | None = None, at=None) -> Matter:
    """Close a completed matter whose evaluation window has passed."""
    at = _at(at)
    return MATTERS.move(
        matter,
        MatterStatus.CLOSED,
        MatterEventKind.CLOSED,
        by=by,
        note=_("The evaluation period ended."),
        updates={"closed_at": at},
        guard={"evaluation_due_at__lte": at},
        event_fields=lambda _matter: {"at": at},
    )


def close_expired_evaluations(now=None) -> int:
    """Close every completed matter whose evaluation window passed. Idempotent: each close is
    a compare-and-set, so a second run (or two at once) closes nothing twice."""
    now = now or timezone.now()
    closed = 0
    due = Matter.objects.filter(status=MatterStatus.DONE, evaluation_due_at__lte=now)
    for matter in due.iterator(chunk_size=500):
        try:
            close_matter(matter, at=now)
        except TransitionError:
            continue  # rated or closed meanwhile
        closed += 1
    return closed


def people_of_community(matter: Matter):
    """The registry's people a meeting may name: those of the matter's community."""
    community = matter.grid.parent
    return Person.objects.filter(
        area__tree_id=community.tree_id,
        area__lft__gte=community.lft,
        area__lft__lte=community.rght,
    )
