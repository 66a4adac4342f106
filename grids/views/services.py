"""Special service teams (特色服务队) and red stations (红色驿站)."""

from django.db.models import Count
from django.utils.translation import gettext_lazy

from grids import filtersets
from grids.forms.services import ServicePointForm, ServiceTeamForm
from grids.generic.views import (
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from grids.models import ServicePoint, ServiceTeam


class ServiceTeamListView(ObjectListView):
    model = ServiceTeam
    filterset_class = filtersets.ServiceTeamFilterSet
    select_related = ("area", "leader")

    columns = [
        Column(gettext_lazy("name"), "name", link=True),
        Column(gettext_lazy("focus"), "focus"),
        Column(gettext_lazy("area"), "area.full_name"),
        Column(gettext_lazy("leader"), "leader.name"),
        Column(gettext_lazy("members"), "member_count"),
    ]

    def get_queryset(self):
        # GROUP BY drops Meta.ordering; keep pages stable.
        return super().get_queryset().annotate(member_count=Count("members")).order_by("name", "pk")


class ServiceTeamDetailView(ObjectDetailView):
    model = ServiceTeam
    select_related = ("area", "leader")


class ServiceTeamEditView(ObjectEditView):
    model = ServiceTeam
    form_class = ServiceTeamForm


class ServiceTeamDeleteView(ObjectDeleteView):
    model = ServiceTeam


class ServicePointListView(ObjectListView):
    model = ServicePoint
    filterset_class = filtersets.ServicePointFilterSet
    select_related = ("area",)
    columns = [
        Column(gettext_lazy("name"), "name", link=True),
        Column(gettext_lazy("area"), "area.full_name"),
        Column(gettext_lazy("location"), "location"),
        Column(gettext_lazy("opening hours"), "opening_hours"),
    ]


class ServicePointDetailView(ObjectDetailView):
    model = ServicePoint
    select_related = ("area",)


class ServicePointEditView(ObjectEditView):
    model = ServicePoint
    form_class = ServicePointForm


class ServicePointDeleteView(ObjectDeleteView):
    model = ServicePoint


# ---- assignments ------------------------------------------------------------------------
