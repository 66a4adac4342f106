"""Patrol teams: list, page with members and recent patrols, add and edit."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from grids.generic.views import (
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from patrols import filtersets
from patrols.forms import PatrolTeamForm, TeamMemberForm
from patrols.models import PatrolLog, PatrolTeam, TeamMember
from patrols.views.base import PartOfParentPage, PatrolsPage


class PatrolTeamListView(PatrolsPage, ObjectListView):
    model = PatrolTeam
    filterset_class = filtersets.PatrolTeamFilterSet
    select_related = ("area", "leader")
    columns = [
        Column(_("name"), "name", link=True),
        Column(_("area"), "area.name"),
        Column(_("leader"), "leader"),
        Column(_("members"), "member_count"),
        Column(_("active"), "is_active"),
    ]

    def get_queryset(self):
        members = super().get_queryset().annotate(member_count=Count("members"))
        return members.order_by("-is_active", "name", "pk")  # grouped: Meta.ordering is dropped


class PatrolTeamDetailView(PatrolsPage, ObjectDetailView):
    model = PatrolTeam
    select_related = ("area", "leader")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["members"] = self.object.members.select_related("user", "person")
        if ctx["can_change"]:
            ctx["add_member_url"] = f"{reverse('patrols:teammember_add')}?team={self.object.pk}"
        ctx["logs"] = PatrolLog.objects.visible_to(self.request.user).filter(team=self.object)[:10]
        return ctx


class PatrolTeamEditView(PatrolsPage, ObjectEditView):
    model = PatrolTeam
    form_class = PatrolTeamForm


class TeamMemberEditView(PartOfParentPage, PatrolsPage, ObjectEditView):
    """Add a member to a team (?team=ID from the team's page) or change their kind/person."""

    model = TeamMember
    form_class = TeamMemberForm
    parent_field = "team"


class TeamMemberDeleteView(PartOfParentPage, PatrolsPage, ObjectDeleteView):
    model = TeamMember
    parent_field = "team"
