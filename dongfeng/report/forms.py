"""The report page's two forms: which area and period (GET), and the edited text (POST)."""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dongfeng.report.compose import REPORT_SECTIONS
from grids.choices import Role
from grids.generic.figures import Period
from grids.models import Area, User
from grids.querysets import subtree_q
from grids.validators import validate_date_in_range

# Who writes the report: the sub-district's officials and the communities' staff.
REPORT_ROLES = frozenset({Role.OFFICIAL, Role.COMMUNITY_STAFF, Role.ADMIN})

YEAR_TO_DATE, LAST_12_MONTHS, LAST_YEAR, CUSTOM = "ytd", "12m", "last_year", "custom"
QUARTERS = "一二三四"


def may_report(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or bool(user.scope_ranges(REPORT_ROLES)))


def report_areas(user: User):
    """The nodes the user may report on: those they see (visible_to) under a node where they
    hold a reporting role."""
    areas = Area.objects.visible_to(user)
    if not user.is_superuser:
        areas = areas.filter(subtree_q(user.scope_ranges(REPORT_ROLES)))
    return areas


def top_area(user: User) -> Area | None:
    """The user's top node: the highest they may report on (the sub-district for officials)."""
    return report_areas(user).order_by("level", "tree_id", "lft").first()


def period_choices(today: date) -> list[tuple[str, str]]:
    """Year to date, last year, the quarters of this year begun so far and of last year,
    custom dates."""
    choices = [
        (YEAR_TO_DATE, pgettext_lazy("report", "Year to date")),
        (LAST_12_MONTHS, pgettext_lazy("report", "Last 12 months")),
        (LAST_YEAR, pgettext_lazy("report", "Last year")),
    ]
    for year in (today.year, today.year - 1):
        for quarter in range(4, 0, -1):
            if date(year, 3 * quarter - 2, 1) <= today:
                choices.append((f"{year}-Q{quarter}", f"{year}年第{QUARTERS[quarter - 1]}季度"))
    choices.append((CUSTOM, pgettext_lazy("report", "Custom dates")))
    return choices


def period_of(choice: str, today: date) -> Period:
    """The Period a (valid) choice names; end exclusive."""
    if choice == YEAR_TO_DATE:
        return Period(date(today.year, 1, 1), today + timedelta(days=1))
    if choice == LAST_12_MONTHS:
        return Period(today - relativedelta(years=1) + timedelta(days=1), today + timedelta(days=1))
    if choice == LAST_YEAR:
        return Period(date(today.year - 1, 1, 1), date(today.year, 1, 1))
    year, quarter = int(choice[:4]), int(choice[-1])
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return Period(start, end)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _check_dates(cleaned: dict, form: forms.Form) -> None:
    start, end = cleaned.get("start"), cleaned.get("end")
    if start and end and end < start:
        form.add_error("end", _("The last day comes before the first day."))


class ReportQueryForm(forms.Form):
    """Which area and which period: the page's GET parameters."""

    area = forms.ModelChoiceField(
        label=pgettext_lazy("report", "Area"),
        queryset=Area.objects.none(),
        to_field_name="code",
        required=False,
    )
    period = forms.ChoiceField(label=pgettext_lazy("report", "Period"), required=False)
    start = forms.DateField(
        label=pgettext_lazy("report", "First day"),
        required=False,
        validators=[validate_date_in_range],
        widget=DateInput(),
    )
    end = forms.DateField(
        label=pgettext_lazy("report", "Last day"),
        required=False,
        validators=[validate_date_in_range],
        widget=DateInput(),
        help_text=_("Counted in the report."),
    )

    def __init__(self, *args, user: User, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        # A report is about a sub-district, a community or a grid; no building is listed.
        self.fields["area"].queryset = (
            report_areas(user).exclude(kind="building").order_by("tree_id", "lft")
        )
        self.fields["area"].label_from_instance = lambda area: "\u3000" * area.level + area.name
        self.fields["period"].choices = period_choices(today)

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("period") or YEAR_TO_DATE
        cleaned["period"] = choice
        if choice == CUSTOM:
            for name in ("start", "end"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("Give the first and the last day."))
            _check_dates(cleaned, self)
        return cleaned

    def chosen_period(self) -> Period:
        """The chosen period (the form is valid)."""
        choice = self.cleaned_data["period"]
        if choice == CUSTOM:
            start, end = self.cleaned_data["start"], self.cleaned_data["end"]
            return Period(start, end + timedelta(days=1))
        return period_of(choice, self.today)


TITLE_MAX, INTRO_MAX, SECTION_MAX = 100, 2000, 8000


class ReportTextForm(forms.Form):
    """The report as the official edited it, and what it covers: the export's POST."""

    area = forms.CharField(widget=forms.HiddenInput, max_length=50)
    start = forms.DateField(widget=forms.HiddenInput, validators=[validate_date_in_range])
    end = forms.DateField(widget=forms.HiddenInput, validators=[validate_date_in_range])
    title = forms.CharField(label=pgettext_lazy("report", "Title"), max_length=TITLE_MAX)
    intro = forms.CharField(
        label=_("Opening paragraph"),
        max_length=INTRO_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    format = forms.ChoiceField(
        choices=[("docx", "Word (.docx)"), ("pdf", "PDF")], widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, heading, _sections in REPORT_SECTIONS:
            self.fields[f"section_{key}"] = forms.CharField(
                label=heading,
                max_length=SECTION_MAX,
                required=False,
                widget=forms.Textarea(attrs={"rows": 8}),
                help_text=_("One paragraph per line; an empty section is left out."),
            )
        # The field order on the page: title, opening, the sections; hidden ones anywhere.
        self.order_fields(["title", "intro"])

    def clean(self):
        cleaned = super().clean()
        _check_dates(cleaned, self)
        return cleaned

    def sections(self) -> list[tuple[str, list[str]]]:
        """(heading, paragraphs) of every non-empty section, as edited."""
        out = []
        for key, heading, _sections in REPORT_SECTIONS:
            text = self.cleaned_data.get(f"section_{key}", "")
            paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
            if paragraphs:
                out.append((heading, paragraphs))
        return out

    def section_fields(self):
        return [self[f"section_{key}"] for key, _h, _s in REPORT_SECTIONS]
