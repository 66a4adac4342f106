"""The period picker of the overview and the figures API: presets and a custom range."""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.generic.figures import Period
from grids.validators import validate_date_in_range

WEEK, MONTH, QUARTER, YEAR_TO_DATE, LAST_YEAR, CUSTOM = (
    "week",
    "month",
    "quarter",
    "ytd",
    "last_year",
    "custom",
)
CHOICES = (
    (WEEK, _("This week")),
    (MONTH, _("This month")),
    (QUARTER, _("This quarter")),
    (YEAR_TO_DATE, _("Year to date")),
    (LAST_YEAR, _("Last year")),
    (CUSTOM, _("Custom range")),
)
DEFAULT = YEAR_TO_DATE


def preset(name: str, today: date | None = None) -> Period:
    """The period a preset names, in local dates; `end` exclusive."""
    today = today or timezone.localdate()
    if name == WEEK:
        monday = today - timedelta(days=today.weekday())
        return Period(monday, monday + timedelta(days=7))
    if name == MONTH:
        first = today.replace(day=1)
        return Period(first, first + relativedelta(months=1))
    if name == QUARTER:
        first = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        return Period(first, first + relativedelta(months=3))
    if name == LAST_YEAR:
        return Period(date(today.year - 1, 1, 1), date(today.year, 1, 1))
    # Year to date: up to and including today, compared with the same days of last year.
    return Period(date(today.year, 1, 1), today + timedelta(days=1), year_on_year=True)


class PeriodForm(forms.Form):
    """?period=week|month|quarter|ytd|last_year|custom, with start and end (both days
    included) for a custom range."""

    period = forms.ChoiceField(label=_("Period"), choices=CHOICES, required=False)
    start = forms.DateField(
        label=_("From"),
        required=False,
        validators=[validate_date_in_range],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        validators=[validate_date_in_range],
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        name = data.get("period") or (CUSTOM if start or end else DEFAULT)
        data["period"] = name
        if name == CUSTOM and not self.errors:
            if not start:
                self.add_error("start", _("Give the first day of the range."))
            if not end:
                self.add_error("end", _("Give the last day of the range."))
            if start and end and end < start:
                self.add_error("end", _("The last day comes on or after the first day."))
        return data

    @property
    def chosen(self) -> Period:
        """The period of a valid form (the default when nothing was asked)."""
        data = self.cleaned_data
        if data["period"] == CUSTOM:
            return Period(data["start"], data["end"] + timedelta(days=1))
        return preset(data["period"])
