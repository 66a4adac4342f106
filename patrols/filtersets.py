"""Filters of the patrols pages and API, each a ScopedFilterSet (`within`, strict values)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from grids.generic.filters import BooleanFilter, ScopedFilterSet
from patrols.choices import HalfDay, PatrolMode, PatrolStatus, PlaceKind
from patrols.models import GuardSlot, KeyPlace, PatrolLog, PatrolTeam, School, SchoolTerm


def _teams(request):
    return PatrolTeam.objects.visible_to(getattr(request, "user", None))


def _schools(request):
    return School.objects.visible_to(getattr(request, "user", None))


class PatrolTeamFilterSet(ScopedFilterSet):
    is_active = BooleanFilter(label=_("active"))

    class Meta:
        model = PatrolTeam
        fields = ["is_active", "within"]


class KeyPlaceFilterSet(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(choices=PlaceKind.choices)

    class Meta:
        model = KeyPlace
        fields = ["kind", "within"]


class PatrolLogFilterSet(ScopedFilterSet):
    team = django_filters.ModelChoiceFilter(queryset=_teams, label=_("team"))
    mode = django_filters.ChoiceFilter(choices=PatrolMode.choices)
    status = django_filters.ChoiceFilter(choices=PatrolStatus.choices)
    red_armband = BooleanFilter(label=_("red-armband patrol"))
    started_from = django_filters.DateFilter(
        field_name="started_at", lookup_expr="date__gte", label=_("from")
    )
    started_until = django_filters.DateFilter(
        field_name="started_at", lookup_expr="date__lte", label=_("until")
    )

    class Meta:
        model = PatrolLog
        fields = [
            "team",
            "mode",
            "status",
            "red_armband",
            "started_from",
            "started_until",
            "within",
        ]


class GuardSlotFilterSet(ScopedFilterSet):
    school = django_filters.ModelChoiceFilter(queryset=_schools, label=_("school"))
    date = django_filters.DateFilter(label=_("date"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("from"))
    half_day = django_filters.ChoiceFilter(choices=HalfDay.choices)
    checked_in = BooleanFilter(method="filter_checked_in", label=_("checked in"))

    class Meta:
        model = GuardSlot
        fields = ["school", "date", "date_from", "half_day", "checked_in", "within"]

    def filter_checked_in(self, qs, name, value):
        return qs if value is None else qs.filter(checked_in_at__isnull=not value)


class SchoolFilterSet(ScopedFilterSet):
    is_active = BooleanFilter(label=_("active"))

    class Meta:
        model = School
        fields = ["is_active", "within"]


class SchoolTermFilterSet(ScopedFilterSet):
    class Meta:
        model = SchoolTerm
        fields = ["within"]
