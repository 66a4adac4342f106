"""Self-governance teams (自治队伍), volunteer hours, and a volunteer's own history page."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from grids import filtersets
from grids.actions.volunteers import record_volunteer_hours
from grids.choices import VolunteerActivityKind
from grids.forms.volunteers import SelfGovernanceTeamForm, VolunteerHoursForm
from grids.generic.views import (
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    Transition,
    TransitionView,
)
from grids.models import Person, SelfGovernanceTeam, VolunteerHours
from grids.navigation import care_section


class SelfGovernanceTeamListView(ObjectListView):
    section_nav = staticmethod(care_section)
    model = SelfGovernanceTeam
    filterset_class = filtersets.SelfGovernanceTeamFilterSet
    select_related = ("area__parent", "leader")
    columns = [
        Column(gettext_lazy("name"), "name", link=True),
        Column(gettext_lazy("area"), "area.full_name"),
        Column(gettext_lazy("leader"), "leader"),
        Column(gettext_lazy("members"), "member_count"),
        Column(gettext_lazy("volunteer hours this year"), "hours_this_year"),
        Column(gettext_lazy("active"), "is_active"),
    ]

    def get_queryset(self):
        year = timezone.localdate().year
        return (
            super()
            .get_queryset()
            .annotate(
                member_count=Count("members", distinct=True),
                # A subquery: summed beside the members' join it would count once per member.
                hours_this_year=Subquery(
                    VolunteerHours.objects.filter(team=OuterRef("pk"), date__year=year)
                    .order_by()
                    .values("team")
                    .annotate(total=Sum("hours"))
                    .values("total")[:1]
                ),
            )
            .order_by("name", "pk")  # a grouped query keeps no default ordering
        )


class SelfGovernanceTeamDetailView(ObjectDetailView):
    section_nav = staticmethod(care_section)
    model = SelfGovernanceTeam
    select_related = ("area", "leader")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        year = timezone.localdate().year
        ctx["year"] = year
        ctx["members"] = self.object.members.annotate(
            year_hours=Sum("volunteer_hours__hours", filter=Q(volunteer_hours__date__year=year))
        ).order_by("name", "pk")
        return ctx


class SelfGovernanceTeamEditView(ObjectEditView):
    section_nav = staticmethod(care_section)
    model = SelfGovernanceTeam
    form_class = SelfGovernanceTeamForm


class SelfGovernanceTeamDeleteView(ObjectDeleteView):
    section_nav = staticmethod(care_section)
    model = SelfGovernanceTeam


class VolunteerHoursListView(ObjectListView):
    section_nav = staticmethod(care_section)
    model = VolunteerHours
    filterset_class = filtersets.VolunteerHoursFilterSet
    select_related = ("person", "team")
    table_id = "volunteer-hours"
    add_label = gettext_lazy("Record volunteer hours")
    columns = [
        Column(gettext_lazy("date"), "date"),
        Column(gettext_lazy("volunteer"), "person.name", link=True),
        Column(gettext_lazy("activity"), "activity_kind"),
        Column(gettext_lazy("what was done"), "description"),
        Column(gettext_lazy("hours"), "hours"),
        Column(gettext_lazy("team"), "team"),
    ]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if ctx["may_create"]:
            ctx["add_url"] = reverse("grids:volunteerhours_add")
        return ctx

    def get_table(self, objects):
        table = super().get_table(objects)
        for row in table.rows:  # a row opens its volunteer's history (no page of its own)
            row.cells = [
                (c, v, row.obj.get_absolute_url() if c.link else None) for c, v, _u in row.cells
            ]
        return table


class VolunteerHoursAddView(TransitionView):
    """A team's activity (or other hours without a row of their own) recorded by hand."""

    section_nav = staticmethod(care_section)

    model = VolunteerHours
    template_name = "grids/volunteers/volunteerhours_form.html"
    transitions = {
        "add": Transition(
            lambda *, by, person, **data: record_volunteer_hours(person, by=by, **data),
            VolunteerHoursForm,
            lambda obj, row: (
                gettext_lazy("Recorded %(hours)s hours for %(name)s.")
                % {"hours": row.hours, "name": row.person}
            ),
            title=gettext_lazy("Record volunteer hours"),
        )
    }

    def get_success_url(self, obj, result):
        return result.get_absolute_url()


class VolunteerHistoryView(ObjectDetailView):
    """A volunteer's own history: every activity with its hours, and the total per year."""

    section_nav = staticmethod(care_section)

    model = Person
    select_related = ("area",)
    template_name = "grids/volunteers/volunteer_history.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rows = VolunteerHours.objects.filter(person=self.object)
        ctx["years"] = (
            rows.annotate(year=ExtractYear("date"))
            .values("year")
            .annotate(total=Sum("hours"), activities=Count("pk"))
            .order_by("-year")
        )
        ctx["by_kind"] = [
            (VolunteerActivityKind(row["activity_kind"]).label, row["total"])
            for row in rows.values("activity_kind").annotate(total=Sum("hours")).order_by("-total")
        ]
        ctx["rows"] = rows.select_related("team", "content_type").order_by("-date", "-pk")[:200]
        ctx["teams"] = self.object.self_governance_teams.all()
        ctx["can_change"] = False  # the person's own page edits the person
        return ctx
