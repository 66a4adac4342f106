"""Filters of the grids pages and API, each a ScopedFilterSet (`within`, strict values)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from grids.choices import (
    OPEN_MATTER_STATUSES,
    OPEN_STATUSES,
    AreaKind,
    CareFileStatus,
    CareKind,
    CareVisitKind,
    CareVisitStatus,
    MatterStatus,
    PersonKind,
    RequestSource,
    RequestStatus,
    Role,
    TeamFocus,
    VolunteerActivityKind,
)
from grids.generic.filters import BooleanFilter, ScopedFilterSet
from grids.models import (
    Area,
    Assignment,
    CareFile,
    CareVisit,
    DoorKnockRound,
    Matter,
    Person,
    RequestCategory,
    SelfGovernanceTeam,
    ServicePoint,
    ServiceRequest,
    ServiceTeam,
    VolunteerHours,
)
from grids.models.requests import normalise_tracking_code


class AreaFilterSet(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(choices=AreaKind.choices)
    parent = django_filters.CharFilter(field_name="parent__code", label=_("parent code"))
    q = django_filters.CharFilter(method="search", label=_("search"))

    class Meta:
        model = Area
        fields = ["kind", "parent", "within", "code"]

    def search(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(code__icontains=value))


class PersonFilterSet(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(choices=PersonKind.choices)
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("name"))

    class Meta:
        model = Person
        fields = ["kind", "is_party_member", "within"]


class AssignmentFilterSet(ScopedFilterSet):
    role = django_filters.ChoiceFilter(choices=Role.choices)
    user = django_filters.CharFilter(field_name="user__username")

    class Meta:
        model = Assignment
        fields = ["role", "within", "user"]


class ServiceTeamFilterSet(ScopedFilterSet):
    focus = django_filters.ChoiceFilter(choices=TeamFocus.choices)

    class Meta:
        model = ServiceTeam
        fields = ["focus", "within"]


class ServicePointFilterSet(ScopedFilterSet):
    class Meta:
        model = ServicePoint
        fields = ["within"]


class RequestFilterSet(ScopedFilterSet):
    state = django_filters.ChoiceFilter(
        choices=[("open", _("open")), ("closed", _("closed")), ("all", _("all"))],
        method="filter_state",
        label=_("open or closed"),
    )
    status = django_filters.ChoiceFilter(choices=RequestStatus.choices)
    category = django_filters.ModelChoiceFilter(
        queryset=RequestCategory.objects.all(), to_field_name="code", label=_("category")
    )
    source = django_filters.ChoiceFilter(choices=RequestSource.choices)
    overdue = BooleanFilter(method="filter_overdue", label=_("overdue"))
    tracking_code = django_filters.CharFilter(
        method="filter_tracking_code", label=_("tracking code")
    )
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = ServiceRequest
        fields = ["status", "category", "source", "within", "overdue"]

    def filter_state(self, qs, name, value):
        if value == "open":
            return qs.filter(status__in=OPEN_STATUSES)
        if value == "closed":
            return qs.exclude(status__in=OPEN_STATUSES)
        return qs

    def filter_tracking_code(self, qs, name, value):
        return qs.filter(tracking_code=normalise_tracking_code(value))

    def filter_overdue(self, qs, name, value):
        overdue = ServiceRequest.objects.overdue().values("pk")
        return qs.filter(pk__in=overdue) if value else qs.exclude(pk__in=overdue)


class MatterFilterSet(ScopedFilterSet):
    """The deliberation hall's matters: by status, open or not, title, area."""

    state = django_filters.ChoiceFilter(
        choices=[("open", _("open")), ("closed", _("closed")), ("all", _("all"))],
        method="filter_state",
        label=_("open or closed"),
    )
    status = django_filters.ChoiceFilter(choices=MatterStatus.choices)
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("title"))

    class Meta:
        model = Matter
        fields = ["state", "status", "within", "q"]

    def filter_state(self, qs, name, value):
        if value == "open":
            return qs.filter(status__in=OPEN_MATTER_STATUSES)
        if value == "closed":
            return qs.exclude(status__in=OPEN_MATTER_STATUSES)
        return qs


# ---- care files, door-knocking rounds, volunteers ----------------------------------------


class CareFileFilterSet(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(choices=CareKind.choices)
    status = django_filters.ChoiceFilter(choices=CareFileStatus.choices)
    overdue = BooleanFilter(method="filter_overdue", label=_("visit overdue"))

    class Meta:
        model = CareFile
        fields = ["kind", "status", "overdue", "within"]

    def filter_overdue(self, qs, name, value):
        late = CareVisit.objects.overdue().values("care_file")
        return qs.filter(pk__in=late) if value else qs.exclude(pk__in=late)


class CareVisitFilterSet(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(choices=CareVisitKind.choices)
    status = django_filters.ChoiceFilter(choices=CareVisitStatus.choices)
    visited_after = django_filters.DateFilter(
        field_name="visited_on", lookup_expr="gte", label=_("from")
    )
    visited_before = django_filters.DateFilter(
        field_name="visited_on", lookup_expr="lte", label=_("until")
    )
    # By id: a picker would list (and name) every file.
    care_file = django_filters.NumberFilter(field_name="care_file", label=_("care file"))

    class Meta:
        model = CareVisit
        fields = ["kind", "status", "care_file", "within"]


class DoorKnockRoundFilterSet(ScopedFilterSet):
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("from"))
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("until"))

    class Meta:
        model = DoorKnockRound
        fields = ["within", "date_after", "date_before"]


class SelfGovernanceTeamFilterSet(ScopedFilterSet):
    class Meta:
        model = SelfGovernanceTeam
        fields = ["is_active", "within"]


class VolunteerHoursFilterSet(ScopedFilterSet):
    activity_kind = django_filters.ChoiceFilter(choices=VolunteerActivityKind.choices)
    year = django_filters.NumberFilter(field_name="date__year", label=_("year"))
    # By id: a picker would list every person of the area.
    person = django_filters.NumberFilter(field_name="person", label=_("volunteer"))

    class Meta:
        model = VolunteerHours
        fields = ["activity_kind", "person", "team", "year", "within"]
