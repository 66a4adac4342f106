"""The legal clinic (法律门诊): the weekly rota and swaps."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from disputes.models import (
    ClinicShift,
)
from grids.choices import AreaKind
from grids.models import Area, User
from grids.validators import validate_date_in_range


@transaction.atomic
def generate_rota(
    community: Area,
    lawyers: list[User],
    *,
    first_day: date,
    weeks: int,
    weekdays: Iterable[int] = (2,),
    starts_at: time = time(9, 0),
    ends_at: time = time(12, 0),
) -> list[ClinicShift]:
    """律师轮流坐班: lawyers take the clinic's weekly days in turn; existing days are kept."""
    if community.kind != AreaKind.COMMUNITY:
        raise ValidationError({"community": _("The legal clinic is held in a community.")})
    if not lawyers:
        raise ValidationError({"lawyers": _("Name at least one lawyer.")})
    if not 1 <= weeks <= 52:
        raise ValidationError({"weeks": _("Between 1 and 52 weeks.")})
    try:
        validate_date_in_range(first_day)
    except ValidationError as exc:
        raise ValidationError({"first_day": exc.error_list}) from exc
    weekdays = sorted(set(weekdays))
    if not weekdays or any(not 0 <= day <= 6 for day in weekdays):
        raise ValidationError({"weekdays": _("Weekdays are 0 (Monday) to 6 (Sunday).")})
    monday = first_day - timedelta(days=first_day.weekday())
    days = [
        monday + timedelta(weeks=week, days=day)
        for week in range(weeks)
        for day in weekdays
        if monday + timedelta(weeks=week, days=day) >= first_day
    ]
    taken = set(
        ClinicShift.objects.filter(community=community, date__in=days).values_list(
            "date", flat=True
        )
    )
    shifts = [
        ClinicShift(
            community=community,
            date=day,
            lawyer=lawyers[index % len(lawyers)],
            starts_at=starts_at,
            ends_at=ends_at,
        )
        for index, day in enumerate(d for d in days if d not in taken)
    ]
    return ClinicShift.objects.bulk_create(shifts)


@transaction.atomic
def swap_shifts(first: ClinicShift, second: ClinicShift, *, by: User) -> None:
    """Two lawyers swap their days."""
    if first.pk == second.pk or first.lawyer_id == second.lawyer_id:
        raise ValidationError({"second": _("Choose another lawyer's shift to swap with.")})
    a, b = first.lawyer_id, second.lawyer_id
    ClinicShift.objects.filter(pk=first.pk).update(lawyer_id=b, swapped_from_id=a)
    ClinicShift.objects.filter(pk=second.pk).update(lawyer_id=a, swapped_from_id=b)


# ---- risk register and key-person files ---------------------------------------------------
