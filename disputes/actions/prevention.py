"""Source prevention: resolving risk-register items, key-person files with their revisions and
audited reads."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from disputes.choices import (
    RiskStatus,
)
from disputes.models import (
    KeyPerson,
    KeyPersonRevision,
    RiskItem,
)
from grids.models import AuditEntry, User
from grids.transitions import TransitionError, require_text


@transaction.atomic
def resolve_risk(item: RiskItem, *, by: User, resolution: str) -> RiskItem:
    resolution = require_text(resolution, "resolution", _("Say how the risk was resolved."))
    changed = RiskItem.objects.filter(pk=item.pk, status=RiskStatus.OPEN).update(
        status=RiskStatus.RESOLVED, resolution=resolution, resolved_at=timezone.now()
    )
    if not changed:
        raise TransitionError(_("This risk is already resolved."))
    item.refresh_from_db()
    return item


KEY_PERSON_FIELDS = [
    "person_id",
    "area_id",
    "category",
    "risk_level",
    "reason",
    "measures",
    "responsible_id",
    "is_active",
]


def _snapshot(key_person: KeyPerson) -> dict:
    return {field: getattr(key_person, field) for field in KEY_PERSON_FIELDS}


@transaction.atomic
def save_key_person(key_person: KeyPerson, *, by: User) -> KeyPerson:
    """Create or change a key-person file: a revision with the new content, an audit entry."""
    created = key_person.pk is None
    key_person.full_clean()
    key_person.save()
    KeyPersonRevision.objects.create(key_person=key_person, by=by, snapshot=_snapshot(key_person))
    AuditEntry.record(
        by,
        AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
        key_person,
        ", ".join(KEY_PERSON_FIELDS) if created else "changed",
    )
    return key_person


def log_key_person_reads(key_people: Iterable[KeyPerson], *, by: User, how: str) -> None:
    """Every read of a key-person file (a page, an API list, a detail) leaves an audit row."""
    AuditEntry.objects.bulk_create(
        AuditEntry(
            user=by,
            action=AuditEntry.Action.VIEW,
            model=KeyPerson._meta.label_lower,
            object_id=str(kp.pk),
            summary=how[:200],
        )
        for kp in key_people
    )
