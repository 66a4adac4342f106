"""The case library's life: writing a case (also from a closed dispute), attaching files,
publishing it once the shared masking module finds no phone or ID number, withdrawing it.

Status moves go through CASES (grids.transitions: checked against CASE_TRANSITIONS,
compare-and-set, an event row)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grids.masking import contains_personal_data, redact
from grids.models import Area, User
from grids.transitions import StateMachine, TransitionError
from publicity.choices import CASE_TRANSITIONS, CaseEventKind, CaseStatus
from publicity.models import Case, CaseAttachment, CaseEvent
from publicity.models.cases import clean_attachment

CASES = StateMachine(
    model=Case,
    event_model=CaseEvent,
    subject="case",
    allowed=CASE_TRANSITIONS,
    status_label=lambda status: CaseStatus(status).label,
    kind_label=lambda kind: CaseEventKind(kind).label,
    refused=gettext_lazy("A case that is “%(status)s” cannot be %(action)s."),
    raced=gettext_lazy("Someone else changed this case just now; reload the page."),
)


def _check_editor(case_or_area, by: User) -> None:
    area = getattr(case_or_area, "area", case_or_area)
    area = Area.objects.get(pk=area.pk)  # fresh tree numbers: a caller's copy may be stale
    if not by.holds_role_over(area, Case.edit_roles):
        raise PermissionDenied(_("You may write cases only for your own area."))


@transaction.atomic
def write_case(
    *, by: User, title: str, topic, area, summary: str, lesson: str, source_dispute=None
):
    """A draft case; personal data may still be in it (publishing checks)."""
    _check_editor(area, by)
    case = Case(
        title=title,
        topic=topic,
        area=area,
        summary=summary,
        lesson=lesson,
        source_dispute=source_dispute,
        created_by=by,
    )
    case.full_clean()
    case.save()
    CASES.event(case, CaseEventKind.CREATED, by=by, to_status=case.status)
    return case


@transaction.atomic
def case_from_dispute(dispute, *, by: User, topic, title: str = "") -> Case:
    """A draft case from a dispute that is no longer being mediated, its text redacted.

    The parties' names are not copied (only the summary), and phone and ID numbers in the
    summary are masked; the writer still rewrites it into warning material before publishing.
    """
    if dispute.status == "open":
        raise ValidationError(
            {"source_dispute": _("Only a dispute that is no longer being mediated.")}
        )
    return write_case(
        by=by,
        title=title or _("Case from dispute #%(pk)s") % {"pk": dispute.pk},
        topic=topic,
        area=dispute.area,
        summary=redact(dispute.summary),
        lesson=_("(to be written)"),
        source_dispute=dispute,
    )


@transaction.atomic
def attach_to_case(case: Case, file, *, by: User, caption: str = "") -> CaseAttachment:
    """An image (re-encoded, metadata stripped) or PDF, ≤ 20 MB; nothing saved on error."""
    _check_editor(case, by)
    try:
        content = clean_attachment(file)
    except ValidationError as error:
        raise ValidationError({"file": error}) from None
    attachment = CaseAttachment(case=case, caption=caption)
    attachment.file.save(content.name, content, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def publish_case(case: Case, *, by: User) -> Case:
    """Publish a draft, refused while the text holds a phone or ID number."""
    _check_editor(case, by)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if contains_personal_data(case.text):
        raise TransitionError(
            _(
                "The case still contains a phone or ID number; remove it before publishing "
                "(shown masked: %(text)s)."
            )
            % {"text": redact(case.text)[:200]}
        )
    return CASES.move(
        case,
        CaseStatus.PUBLISHED,
        CaseEventKind.PUBLISHED,
        by=by,
        updates={"published_at": timezone.now()},
    )


@transaction.atomic
def withdraw_case(case: Case, *, by: User, reason: str = "") -> Case:
    """Back to draft, e.g. to correct it."""
    _check_editor(case, by)
    return CASES.move(
        case,
        CaseStatus.DRAFT,
        CaseEventKind.WITHDRAWN,
        by=by,
        note=reason,
        updates={"published_at": None},
    )
