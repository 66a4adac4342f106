"""Filters for pages and the API; `within` expands an area code to its whole subtree."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from grids.choices import (
    OPEN_STATUSES,
    AreaKind,
    PersonKind,
    RequestSource,
    RequestStatus,
    Role,
    TeamFocus,
)
from grids.filterlabels import LazyLabelsMixin
from grids.models import (
    Area,
    Assignment,
    Person,
    RequestCategory,
    ServicePoint,
    ServiceRequest,
    ServiceTeam,
)
from grids.querysets import subtree_q


class WithinAreaFilter(django_filters.CharFilter):
    """?within=<area code>: the node and everything under it, on the model's scope path."""

    def filter(self, qs, value):
        if not value:
            return qs
        area = Area.objects.filter(code=value).only("tree_id", "lft", "rght").first()
        if area is None:
            return qs.none()
        field = qs.model.scope_field
        return qs.filter(
            subtree_q([(area.tree_id, area.lft, area.rght)], f"{field}__" if field else "")
        )


class AreaFilterSet(LazyLabelsMixin, django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=AreaKind.choices)
    parent = django_filters.CharFilter(field_name="parent__code", label=_("parent code"))
    within = WithinAreaFilter(label=_("within area (code)"))
    q = django_filters.CharFilter(method="search", label=_("search"))

    class Meta:
        model = Area
        fields = ["kind", "parent", "within", "code"]

    def search(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(code__icontains=value))


class PersonFilterSet(LazyLabelsMixin, django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=PersonKind.choices)
    within = WithinAreaFilter(label=_("within area (code)"))
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("name"))

    class Meta:
        model = Person
        fields = ["kind", "is_party_member", "within"]


class AssignmentFilterSet(LazyLabelsMixin, django_filters.FilterSet):
    role = django_filters.ChoiceFilter(choices=Role.choices)
    within = WithinAreaFilter(label=_("within area (code)"))
    user = django_filters.CharFilter(field_name="user__username")

    class Meta:
        model = Assignment
        fields = ["role", "within", "user"]


class ServiceTeamFilterSet(LazyLabelsMixin, django_filters.FilterSet):
    focus = django_filters.ChoiceFilter(choices=TeamFocus.choices)
    within = WithinAreaFilter(label=_("within area (code)"))

    class Meta:
        model = ServiceTeam
        fields = ["focus", "within"]


class ServicePointFilterSet(LazyLabelsMixin, django_filters.FilterSet):
    within = WithinAreaFilter(label=_("within area (code)"))

    class Meta:
        model = ServicePoint
        fields = ["within"]


class RequestFilterSet(LazyLabelsMixin, django_filters.FilterSet):
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
    within = WithinAreaFilter(label=_("within area (code)"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("overdue"))
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

    def filter_overdue(self, qs, name, value):
        overdue = ServiceRequest.objects.overdue().values("pk")
        return qs.filter(pk__in=overdue) if value else qs.exclude(pk__in=overdue)
