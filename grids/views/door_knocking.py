"""Door-knocking rounds (敲门行动): the list, a round's page with its issues, recording a round,
and an issue found filed as a resident request in one step."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grids import filtersets
from grids.actions.door_knocking import report_issue, save_round
from grids.choices import RequestStatus
from grids.forms.door_knocking import DoorKnockRoundForm, IssueForm
from grids.generic.views import (
    Column,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    Transition,
    TransitionView,
)
from grids.models import DoorKnockRound
from grids.navigation import care_section


class DoorKnockRoundListView(ObjectListView):
    section_nav = staticmethod(care_section)
    model = DoorKnockRound
    filterset_class = filtersets.DoorKnockRoundFilterSet
    select_related = ("grid__parent",)
    add_label = gettext_lazy("Record a round")
    columns = [
        Column(gettext_lazy("date"), "date", link=True),
        Column(gettext_lazy("grid"), "grid.full_name"),
        Column(gettext_lazy("households visited"), "households_visited"),
        Column(gettext_lazy("issues found"), "issue_count"),
        Column(gettext_lazy("issues fixed"), "fixed_count"),
    ]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .annotate(
                issue_count=Count("issues"),
                fixed_count=Count(
                    "issues", filter=Q(issues__request__status=RequestStatus.RESOLVED)
                ),
            )
            .order_by("-date", "-pk")  # a grouped query keeps no default ordering
        )


class DoorKnockRoundDetailView(ObjectDetailView):
    section_nav = staticmethod(care_section)
    model = DoorKnockRound
    select_related = ("grid", "created_by")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        round_ = self.object
        ctx["issues"] = round_.issues.select_related("request__category", "request__area")
        ctx["participants"] = round_.participants.all()
        ctx["volunteers"] = round_.volunteers.all()
        ctx["buildings"] = round_.buildings.all()
        if ctx["can_change"]:
            ctx["issue_form"] = IssueForm(round_=round_)
        return ctx


class DoorKnockRoundEditView(ObjectEditView):
    section_nav = staticmethod(care_section)
    model = DoorKnockRound
    form_class = DoorKnockRoundForm

    def get_initial(self):
        initial = super().get_initial()
        if self.object is None:  # who records the round usually took part in it
            initial.setdefault("participants", [self.request.user.pk])
        return initial

    def save(self, form):
        data = form.cleaned_data
        return save_round(
            form.save(commit=False),
            by=self.request.user,
            participants=data.get("participants"),
            volunteers=data.get("volunteers"),
            buildings=data.get("buildings"),
        )


def _filed(round_, request) -> str:
    return _("Filed as resident request %(number)s; the grid worker is alerted.") % {
        "number": request.public_id
    }


class DoorKnockRoundTransitionView(TransitionView):
    """door-knocking/<pk>/issue/: what the round found becomes a resident request."""

    section_nav = staticmethod(care_section)

    model = DoorKnockRound
    select_related = ("grid",)
    transitions = {
        "issue": Transition(
            report_issue,
            IssueForm,
            _filed,
            form_kwargs=lambda round_: {"round_": round_},
        )
    }
