"""Care files: opening and changing a file (audited), recording care visits (the next one is
planned from the file's plan), closing and reopening, audited reads, and the overdue sweep
that alerts once per planned visit however often it runs."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from grids import notifications
from grids.actions.volunteers import record_volunteer_hours
from grids.choices import (
    CareAlertKind,
    CareFileStatus,
    CareVisitStatus,
    Role,
    VolunteerActivityKind,
)
from grids.masking import mask_name
from grids.models import AuditEntry, CareFile, CareVisit, Person, User
from grids.models.care import grid_of
from grids.transitions import TransitionError, require_text

# A volunteer's visit counts this many hours unless the form says otherwise.
DEFAULT_VISIT_HOURS = Decimal("1.0")


def log_care_file_reads(files: Iterable[CareFile], *, by: User, how: str) -> None:
    """Every read of a care file (a list page, a detail, an edit form, the API) leaves an
    audit row per file shown."""
    AuditEntry.objects.bulk_create(
        AuditEntry(
            user=by if by and by.is_authenticated else None,
            action=AuditEntry.Action.VIEW,
            model=CareFile._meta.label_lower,
            object_id=str(care_file.pk),
            summary=how[:200],
        )
        for care_file in files
    )


def _last_visit_on(care_file: CareFile) -> date:
    done = care_file.visits.filter(status=CareVisitStatus.DONE).aggregate(last=Max("visited_on"))
    return done["last"] or care_file.opened_on


def _plan_next(care_file: CareFile, after: date) -> CareVisit | None:
    """The file's one planned visit, due `visit_every_days` after `after` (made or moved).

    A moved due date is a new deadline: its overdue alert may go out again.
    """
    if care_file.status != CareFileStatus.ACTIVE:
        return None
    due = after + timedelta(days=care_file.visit_every_days)
    planned = (
        CareVisit.objects.select_for_update()
        .filter(care_file=care_file, status=CareVisitStatus.PLANNED)
        .first()
    )
    if planned is None:
        return CareVisit.objects.create(
            care_file=care_file, status=CareVisitStatus.PLANNED, due_on=due
        )
    if planned.due_on != due:
        CareVisit.objects.filter(pk=planned.pk).update(due_on=due, overdue_alerted_at=None)
        planned.due_on, planned.overdue_alerted_at = due, None
    return planned


@transaction.atomic
def save_care_file(care_file: CareFile, *, by: User) -> CareFile:
    """Open or change a care file: checked, audited, its next visit planned from the plan."""
    created = care_file.pk is None
    care_file.full_clean()
    care_file.save()
    AuditEntry.record(
        by,
        AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
        care_file,
        "opened" if created else "changed",
    )
    _plan_next(care_file, _last_visit_on(care_file))
    return care_file


@transaction.atomic
def record_care_visit(
    care_file: CareFile,
    *,
    by: User,
    kind: str,
    visited_on: date,
    notes: str = "",
    systolic: int | None = None,
    diastolic: int | None = None,
    reading_note: str = "",
    visitor_person: Person | None = None,
    hours: Decimal | None = None,
) -> CareVisit:
    """Record a care visit: it fulfils the planned one and plans the next from its date.

    The visitor is the volunteer named, else the file's volunteer helper, else the account
    recording it. A volunteer's visit adds their hours (record_volunteer_hours).
    """
    care_file = CareFile.objects.select_for_update().get(pk=care_file.pk)
    if care_file.status != CareFileStatus.ACTIVE:
        raise TransitionError(_("This care file is closed; reopen it to record visits."))
    visitor_person = visitor_person or care_file.helper_person
    planned = (
        CareVisit.objects.select_for_update()
        .filter(care_file=care_file, status=CareVisitStatus.PLANNED)
        .first()
    )
    visit = planned or CareVisit(care_file=care_file)
    visit.status = CareVisitStatus.DONE
    visit.kind = kind
    visit.visited_on = visited_on
    visit.notes = notes
    visit.systolic, visit.diastolic, visit.reading_note = systolic, diastolic, reading_note
    visit.visitor_person = visitor_person
    visit.visitor_user = None if visitor_person else by
    visit.recorded_by = by
    visit.full_clean(validate_constraints=False)
    if planned is not None:
        # Compare-and-set: of two recordings at once, one fulfils the plan.
        claimed = CareVisit.objects.filter(pk=planned.pk, status=CareVisitStatus.PLANNED).update(
            status=CareVisitStatus.DONE, visited_on=visited_on, kind=kind
        )
        if not claimed:
            raise TransitionError(_("Someone recorded this visit just now; reload the page."))
    visit.save()
    AuditEntry.record(by, AuditEntry.Action.UPDATE, care_file, f"visit {visit.pk}")
    if visitor_person is not None:
        record_volunteer_hours(
            visitor_person,
            hours=hours or DEFAULT_VISIT_HOURS,
            activity_kind=VolunteerActivityKind.CARE_VISIT,
            activity=visit,
            date=visited_on,
            by=by,
            description=_("Care visit: %(kind)s") % {"kind": visit.get_kind_display()},
        )
    _plan_next(care_file, max(visited_on, _last_visit_on(care_file)))
    return visit


@transaction.atomic
def close_care_file(care_file: CareFile, *, by: User, reason: str) -> CareFile:
    """Close a file (moved away, in a care home …): its planned visit is cancelled."""
    reason = require_text(reason, "reason", _("Say why the file is closed."))
    changed = CareFile.objects.filter(pk=care_file.pk, status=CareFileStatus.ACTIVE).update(
        status=CareFileStatus.CLOSED, closed_reason=reason[:200]
    )
    if not changed:
        raise TransitionError(_("This care file is already closed."))
    CareVisit.objects.filter(care_file=care_file, status=CareVisitStatus.PLANNED).update(
        status=CareVisitStatus.CANCELLED
    )
    care_file.refresh_from_db()
    AuditEntry.record(by, AuditEntry.Action.UPDATE, care_file, "closed")
    return care_file


@transaction.atomic
def reopen_care_file(care_file: CareFile, *, by: User) -> CareFile:
    """Reopen a closed file; the next visit is planned from today."""
    changed = CareFile.objects.filter(pk=care_file.pk, status=CareFileStatus.CLOSED).update(
        status=CareFileStatus.ACTIVE, closed_reason=""
    )
    if not changed:
        raise TransitionError(_("This care file is open already."))
    care_file.refresh_from_db()
    AuditEntry.record(by, AuditEntry.Action.UPDATE, care_file, "reopened")
    _plan_next(care_file, timezone.localdate())
    return care_file


def _recipients(visit: CareVisit) -> list[int]:
    """The helper's account; for a volunteer helper (no account), the grid's workers."""
    care_file = visit.care_file
    if care_file.helper_user_id:
        return [care_file.helper_user_id]
    grid = grid_of(care_file.area)
    return list(
        User.objects.filter(
            is_active=True, assignments__role=Role.GRID_WORKER, assignments__area=grid
        ).values_list("pk", flat=True)
    )


def sweep_overdue_care_visits(today: date | None = None) -> int:
    """Alert once per planned visit that fell overdue: a compare-and-set on the visit row and
    a dedupe key per due date, so a second run (or a retried task) alerts nobody again."""
    today = today or timezone.localdate()
    alerted = 0
    due = CareVisit.objects.overdue(today).filter(overdue_alerted_at__isnull=True)
    with notifications.one_delivery_for_the_batch():
        for pk in due.values_list("pk", flat=True):
            with transaction.atomic():
                claimed = CareVisit.objects.filter(
                    pk=pk, status=CareVisitStatus.PLANNED, overdue_alerted_at__isnull=True
                ).update(overdue_alerted_at=timezone.now())
                if not claimed:
                    continue  # another sweep got there first, or the visit was recorded
                visit = CareVisit.objects.select_related(
                    "care_file__person", "care_file__area__parent"
                ).get(pk=pk)
                care_file = visit.care_file
                notifications.notify(
                    _recipients(visit),
                    kind=CareAlertKind.CARE_VISIT_OVERDUE,
                    obj=care_file,
                    area=care_file.area,
                    text=_("Care visit overdue since %(due)s: %(name)s, %(place)s")
                    % {
                        "due": visit.due_on.isoformat(),
                        "name": mask_name(care_file.person.name),
                        "place": care_file.area.full_name,
                    },
                    dedupe_key=notifications.dedupe_key(
                        CareAlertKind.CARE_VISIT_OVERDUE, visit, visit.due_on
                    ),
                )
                alerted += 1
    return alerted
