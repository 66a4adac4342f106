"""Volunteer hours: ONE function records them, whatever the activity.

Care visits (grids.actions.care), finished patrols (patrols.actions.logs.stop_patrol) and any
other app call it with the activity's own row, so a repeated call (a retried stop, a visit
corrected) updates that row's hours instead of adding them twice:

    from grids.actions.volunteers import record_volunteer_hours
    record_volunteer_hours(
        person, hours=Decimal("1.5"), activity_kind=VolunteerActivityKind.PUBLICITY,
        activity=activity, date=activity.date, by=user,
    )

Without `activity` (a team's afternoon of work recorded by hand) each call adds a row.
"""

from __future__ import annotations

from datetime import date as Date
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from grids.models import Person, SelfGovernanceTeam, User, VolunteerHours


@transaction.atomic
def record_volunteer_hours(
    person: Person,
    *,
    hours: Decimal | float | str,
    activity_kind: str,
    date: Date,
    by: User | None,
    activity: models.Model | None = None,
    team: SelfGovernanceTeam | None = None,
    description: str = "",
) -> VolunteerHours:
    """Record (or, for the same activity, correct) one volunteer's hours; field errors on bad
    input (hours not in 0.5–24, a date in the future or outside 2000–2100)."""
    try:
        hours = Decimal(str(hours)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise ValidationError({"hours": _("Give the hours as a number.")}) from None
    fields = {
        "hours": hours,
        "activity_kind": activity_kind,
        "date": date,
        "team": team,
        "description": description[:200],
        "recorded_by": by,
    }
    row = None
    if activity is not None:
        content_type = ContentType.objects.get_for_model(activity)
        row = (
            VolunteerHours.objects.select_for_update()
            .filter(person=person, content_type=content_type, object_id=activity.pk)
            .first()
        )
        if row is None:
            row = VolunteerHours(person=person, content_type=content_type, object_id=activity.pk)
    else:
        row = VolunteerHours(person=person)
    for name, value in fields.items():
        setattr(row, name, value)
    row.full_clean(validate_unique=False)
    row.save()
    return row
