"""Filters for pages and the API; `within` expands an area code to its whole subtree."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from grids.choices import AreaKind, PersonKind, Role, TeamFocus
from grids.models import Area, Assignment, Person, ServicePoint, ServiceTeam
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


class AreaFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=AreaKind.choices)
    parent = django_filters.CharFilter(field_name="parent__code", label=_("parent code"))
    within = WithinAreaFilter(label=_("within area (code)"))
    q = django_filters.CharFilter(method="search", label=_("search"))

    class Meta:
        model = Area
        fields = ["kind", "parent", "within", "code"]

    def search(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(code__icontains=value))


class PersonFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=PersonKind.choices)
    within = WithinAreaFilter(label=_("within area (code)"))
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("name"))

    class Meta:
        model = Person
        fields = ["kind", "is_party_member", "within"]


class AssignmentFilterSet(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(choices=Role.choices)
    within = WithinAreaFilter(label=_("within area (code)"))
    user = django_filters.CharFilter(field_name="user__username")

    class Meta:
        model = Assignment
        fields = ["role", "within", "user"]


class ServiceTeamFilterSet(django_filters.FilterSet):
    focus = django_filters.ChoiceFilter(choices=TeamFocus.choices)
    within = WithinAreaFilter(label=_("within area (code)"))

    class Meta:
        model = ServiceTeam
        fields = ["focus", "within"]


class ServicePointFilterSet(django_filters.FilterSet):
    within = WithinAreaFilter(label=_("within area (code)"))

    class Meta:
        model = ServicePoint
        fields = ["within"]
