"""Validators for Chinese phone and resident ID numbers (masking is grids/masking.py), and the
range every incoming date must fall in."""

import re
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
_ID = re.compile(r"^\d{17}[\dX]$")
_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"


def validate_phone(value: str) -> None:
    if not (_MOBILE.match(value) or _LANDLINE.match(value)):
        raise ValidationError(
            _("Enter an 11-digit mobile number (13812341234) or a landline (0370-1234567)."),
            code="phone",
        )


def id_check_character(body: str) -> str:
    """GB 11643's check character for the first 17 digits."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]


def validate_id_number(value: str) -> None:
    """GB 11643: 17 digits and a check character."""
    value = value.upper()
    if not _ID.match(value):
        raise ValidationError(_("A resident ID number has 18 characters."), code="id_number")
    if id_check_character(value[:17]) != value[17]:
        raise ValidationError(
            _("This resident ID number's check digit is wrong."), code="id_number"
        )


# Dates the portal can store, compare and show: far-off years (0001, 9999) overflow when a
# datetime moves between time zones (Asia/Shanghai's old +08:05:43, offsets of ±14:00) or
# when a rota adds weeks to them (issue 8 §1.5). Every date and datetime that comes in —
# filters, forms, API fields, actions — is held to this range.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)


def validate_date_in_range(value: date | datetime | None) -> None:
    """A date or datetime between 2000-01-01 and 2100-12-31 (its own calendar day)."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="date_range",
            params={"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
        )
