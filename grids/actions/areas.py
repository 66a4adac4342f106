"""State changes of the area tree and of who may do what on it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from grids.choices import (
    Role,
)
from grids.models import (
    Area,
    Assignment,
    AuditEntry,
    User,
)


@transaction.atomic
def regenerate_qr_token(area: Area, *, by: User) -> str:
    """Issue a new QR token for a grid or building; the printed old code stops working."""
    area.regenerate_qr_token()
    AuditEntry.record(by, AuditEntry.Action.UPDATE, area, _("QR code regenerated"))
    return area.qr_token


def check_can_grant(granter: User, role: str, area: Area) -> None:
    """Only someone holding `admin` above the node (or a superuser) may grant admin or official.

    Keeps a community's staff from minting themselves wider powers.
    """
    if granter.is_superuser:
        return
    needed = frozenset({Role.ADMIN}) if role in (Role.ADMIN, Role.OFFICIAL) else None
    if needed and not granter.holds_role_over(area, needed):
        raise ValidationError({"role": _("You may not grant this role on this area.")})


# ---- resident requests ---------------------------------------------------------------


def check_can_revoke(by: User, assignment: Assignment) -> None:
    """An official's or an administrator's assignment is changed or removed by administrators
    only (an official must not strip a peer, or themselves, of the whole sub-district)."""
    try:
        check_can_grant(by, assignment.role, assignment.area)
    except ValidationError as exc:
        raise ValidationError(
            {"role": _("Only an administrator may change or remove this assignment.")}
        ) from exc


@transaction.atomic
def delete_assignment(assignment: Assignment, *, by: User) -> None:
    """Remove a role; nobody removes their own last assignment (they would see nothing)."""
    check_can_revoke(by, assignment)
    others = Assignment.objects.filter(user_id=assignment.user_id).exclude(pk=assignment.pk)
    if assignment.user_id == by.pk and not others.exists():
        raise ValidationError(_("You cannot remove your own last assignment."))
    AuditEntry.record(by, AuditEntry.Action.DELETE, assignment, str(assignment))
    assignment.delete()
