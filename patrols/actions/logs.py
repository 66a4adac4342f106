"""Every state change of a patrol log: start, tick a place, add a finding, stop; and a
finding turned into a resident request or a risk-register item.

Ticks and findings come from a phone that may lose its connection: each carries the
client's idempotency key (a UUID made in the browser), so a send retried after a timeout
finds the row the first send made instead of writing a second one.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from disputes.models import RiskItem
from grids.actions.requests import submit_request
from grids.actions.volunteers import record_volunteer_hours
from grids.choices import RequestSource, VolunteerActivityKind
from grids.models import Person, RequestCategory, ServiceRequest, User
from grids.models.volunteers import HOURS_MAX
from grids.transitions import StateMachine, TransitionError, require_text
from patrols.choices import PATROL_TRANSITIONS, PatrolEventKind, PatrolStatus
from patrols.models import (
    Finding,
    KeyPlace,
    PatrolEvent,
    PatrolLog,
    PatrolParticipant,
    PatrolStop,
    PatrolTeam,
)

PATROLS = StateMachine(
    model=PatrolLog,
    event_model=PatrolEvent,
    subject="log",
    allowed=PATROL_TRANSITIONS,
    status_label=lambda status: PatrolStatus(status).label,
    kind_label=lambda kind: PatrolEventKind(kind).label,
    refused=gettext_lazy("A patrol that is “%(status)s” cannot be %(action)s."),
    raced=gettext_lazy("Someone else changed this patrol just now; reload the page."),
)


def _once(model: type[models.Model], client_key, make: Callable[[], models.Model]):
    """The row the client's key already made, or a new one from `make()`.

    Two sends of one key racing each other: the unique key lets one insert win; the other
    rolls back to its savepoint and returns the winner's row.
    """
    if client_key is None:
        return make(), True
    client_key = uuid.UUID(str(client_key))
    existing = model.objects.filter(client_key=client_key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return make(), True
    except IntegrityError:
        existing = model.objects.filter(client_key=client_key).first()
        if existing is None:
            raise
        return existing, False


def _check_open(log: PatrolLog) -> None:
    if log.status != PatrolStatus.OPEN:
        raise TransitionError(_("This patrol has already finished."))


@transaction.atomic
def start_patrol(
    *,
    team: PatrolTeam,
    by: User | None,
    mode: str,
    red_armband: bool = False,
    started_at: datetime | None = None,
    users: Iterable[User] = (),
    people: Iterable[Person] = (),
    extra_volunteers: int = 0,
    weather: str = "",
    notes: str = "",
    client_key=None,
) -> PatrolLog:
    """Open a patrol log for `team`; the one who starts it takes part unless named otherwise."""

    def make() -> PatrolLog:
        log = PatrolLog(
            team=team,
            mode=mode,
            red_armband=red_armband,
            started_at=started_at or timezone.now(),
            extra_volunteers=extra_volunteers,
            weather=weather,
            notes=notes,
            started_by=by,
            client_key=uuid.UUID(str(client_key)) if client_key else None,
        )
        log.full_clean()
        log.save()
        named_users = {u.pk for u in users} or ({by.pk} if by else set())
        PatrolParticipant.objects.bulk_create(
            [PatrolParticipant(log=log, user_id=pk) for pk in sorted(named_users)]
            + [PatrolParticipant(log=log, person=p) for p in people]
        )
        PATROLS.event(log, PatrolEventKind.STARTED, by=by, to_status=PatrolStatus.OPEN)
        return log

    log, _created = _once(PatrolLog, client_key, make)
    return log


@transaction.atomic
def tick_place(
    log: PatrolLog,
    *,
    place: KeyPlace,
    by: User | None,
    reached_at: datetime | None = None,
    client_key=None,
) -> PatrolStop:
    """Record that the patrol reached `place`; the same key twice records it once."""

    def make() -> PatrolStop:
        _check_open(log)
        now = timezone.now()
        stop = PatrolStop(
            log=log,
            place=place,
            # The phone's clock says when the place was reached (the send may come later),
            # but never a time still to come.
            reached_at=min(reached_at or now, now),
            client_key=uuid.UUID(str(client_key)) if client_key else None,
        )
        if stop.reached_at < log.started_at:
            raise ValidationError({"reached_at": _("A place cannot be reached before the start.")})
        stop.full_clean()
        stop.save()
        return stop

    stop, _created = _once(PatrolStop, client_key, make)
    if stop.log_id != log.pk:
        raise ValidationError(_("This key belongs to another patrol."))
    return stop


@transaction.atomic
def add_finding(
    log: PatrolLog,
    *,
    text: str,
    by: User | None,
    place: KeyPlace | None = None,
    photo=None,
    created_at: datetime | None = None,
    client_key=None,
) -> Finding:
    """Record something the patrol found, with an optional photo (only real images)."""

    def make() -> Finding:
        _check_open(log)
        finding = Finding(
            log=log,
            text=require_text(text, "text", _("Say what was found.")),
            place=place,
            created_at=created_at or timezone.now(),
            client_key=uuid.UUID(str(client_key)) if client_key else None,
        )
        if photo is not None:
            finding.photo = photo
        finding.full_clean()  # re-encodes the photo or refuses a file that is not one
        finding.save()
        return finding

    finding, _created = _once(Finding, client_key, make)
    if finding.log_id != log.pk:
        raise ValidationError(_("This key belongs to another patrol."))
    return finding


@transaction.atomic
def stop_patrol(
    log: PatrolLog,
    *,
    by: User | None,
    ended_at: datetime | None = None,
    extra_volunteers: int | None = None,
    notes: str | None = None,
) -> PatrolLog:
    """Close the patrol. A retried stop of a closed patrol changes nothing and returns it."""
    log.refresh_from_db()
    if log.status == PatrolStatus.CLOSED:
        return log
    ended_at = ended_at or timezone.now()
    updates: dict = {"ended_at": ended_at}
    if extra_volunteers is not None:
        updates["extra_volunteers"] = extra_volunteers
    if notes is not None:
        updates["notes"] = notes
    check = PatrolLog(**{**_fields(log), **updates})
    check.full_clean(exclude=["client_key"], validate_unique=False)
    log = PATROLS.move(log, PatrolStatus.CLOSED, PatrolEventKind.STOPPED, by=by, updates=updates)
    _volunteer_hours(log, by=by)
    return log


def _volunteer_hours(log: PatrolLog, *, by: User | None) -> None:
    """The patrol's hours for each registered volunteer who took part (grids' one function;
    keyed by the patrol, so a retried stop records nothing twice)."""
    span = (log.ended_at - log.started_at).total_seconds() / 3600
    hours = min(max(Decimal(str(round(span, 1))), Decimal("0.5")), HOURS_MAX)
    for participant in log.participants.filter(person__isnull=False).select_related("person"):
        record_volunteer_hours(
            participant.person,
            hours=hours,
            activity_kind=VolunteerActivityKind.PATROL,
            activity=log,
            date=timezone.localdate(log.started_at),
            by=by,
            description=str(log.team)[:200],
        )


def _fields(log: PatrolLog) -> dict:
    return {f.attname: getattr(log, f.attname) for f in PatrolLog._meta.concrete_fields}


def _locked_unconverted(finding: Finding) -> Finding:
    """The finding re-read under a row lock: two clicks at once convert it once."""
    locked = Finding.objects.select_for_update(of=("self",)).select_related(
        "log__team__area", "place__area"
    )
    finding = locked.get(pk=finding.pk)
    if finding.request_id or finding.risk_item_id:
        raise TransitionError(_("This finding has already been passed on."))
    return finding


def _copy(photo) -> ContentFile:
    """The request keeps its own copy: deleting one photo never breaks the other."""
    with photo.open("rb"):
        return ContentFile(photo.read(), name=photo.name.rsplit("/", 1)[-1])


@transaction.atomic
def finding_to_request(finding: Finding, *, by: User, category: RequestCategory) -> ServiceRequest:
    """File the finding as a resident request at its place's grid (or the team's area, where
    it waits for triage); the grid worker is alerted by grids' own action."""
    finding = _locked_unconverted(finding)
    area = finding.place.area if finding.place_id else finding.log.team.area
    request = submit_request(
        area=area,
        category=category,
        description=finding.text,
        source=RequestSource.PATROL,
        by=by,
        address_string=finding.place.address if finding.place_id else "",
        photo=_copy(finding.photo) if finding.photo else None,
    )
    Finding.objects.filter(pk=finding.pk).update(request=request)
    return request


@transaction.atomic
def finding_to_risk(
    finding: Finding,
    *,
    by: User,
    title: str,
    nature: str,
    urgency: str,
    owner: User,
    deadline: date,
):
    """Enter the finding in the disputes app's risk register (苗头隐患).

    patrols → disputes: a patrol's finding may be an early sign of a dispute, and the risk
    register lives in disputes. disputes has no action for creating an item (its pages use a
    model form), so the model is validated with full_clean() as that form does.
    """
    finding = _locked_unconverted(finding)
    area = finding.place.area if finding.place_id else finding.log.team.area
    item = RiskItem(
        area=area,
        title=title,
        description=finding.text,
        nature=nature,
        urgency=urgency,
        owner=owner,
        deadline=deadline,
    )
    item.full_clean()
    item.save()
    Finding.objects.filter(pk=finding.pk).update(risk_item=item)
    return item
