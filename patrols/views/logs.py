"""Patrol logs: list, the open patrol on a phone (tick, finding, stop), corrections, and a
finding passed on as a request or a risk item."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from grids.generic.views import (
    Column,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    Transition,
    TransitionView,
)
from patrols import filtersets
from patrols.actions.logs import (
    add_finding,
    finding_to_request,
    finding_to_risk,
    start_patrol,
    stop_patrol,
    tick_place,
)
from patrols.forms import (
    FindingForm,
    FindingToRequestForm,
    FindingToRiskForm,
    PatrolLogForm,
    StopForm,
    TickForm,
)
from patrols.models import Finding, PatrolLog, PatrolParticipant, PatrolStop
from patrols.views.base import PatrolsPage


def _count(model, **extra):
    """Subquery: rows of `model` per outer log (one column, no join that multiplies rows)."""
    rows = (
        model.objects.filter(log=OuterRef("pk"), **extra)
        .order_by()
        .values("log")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def with_counts(qs):
    return qs.annotate(
        place_count=_count(PatrolStop),
        named_count=_count(PatrolParticipant),
        finding_count=_count(Finding),
    )


def _person_times(log: PatrolLog) -> int:
    return log.named_count + log.extra_volunteers


class PatrolLogListView(PatrolsPage, ObjectListView):
    model = PatrolLog
    filterset_class = filtersets.PatrolLogFilterSet
    select_related = ("team",)
    add_label = _("Start a patrol")
    columns = [
        Column(_("started at"), "started_at", link=True),
        Column(_("team"), "team.name"),
        Column(_("mode"), "mode"),
        Column(_("red-armband patrol"), "red_armband"),
        Column(_("places reached"), "place_count"),
        Column(_("person-times"), _person_times),
        Column(_("findings"), "finding_count"),
        Column(_("status"), "status"),
    ]

    def get_queryset(self):
        return with_counts(super().get_queryset())


class PatrolLogDetailView(PatrolsPage, ObjectDetailView):
    model = PatrolLog
    select_related = ("team__area", "started_by")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        log = self.object
        ctx["stops"] = log.stops.select_related("place")
        ctx["participants"] = log.participants.select_related("user", "person")
        ctx["findings"] = log.findings.select_related("place", "request", "risk_item")
        ctx["person_times"] = len(ctx["participants"]) + log.extra_volunteers
        if ctx["can_change"] and log.is_open:
            ctx["tick_form"] = TickForm(log=log)
            ctx["finding_form"] = FindingForm(log=log)
            ctx["stop_form"] = StopForm()
        if ctx["can_change"]:
            ctx["request_form"] = FindingToRequestForm()
            ctx["risk_form"] = FindingToRiskForm()
        return ctx


class PatrolLogEditView(PatrolsPage, ObjectEditView):
    """Start a patrol (through the action: the starter takes part) or correct a log."""

    model = PatrolLog
    form_class = PatrolLogForm

    def save(self, form):
        if form.instance.pk:
            return form.save()
        data = form.cleaned_data
        return start_patrol(
            team=data["team"],
            by=self.request.user,
            mode=data["mode"],
            red_armband=data["red_armband"],
            extra_volunteers=data["extra_volunteers"],
            weather=data["weather"],
            notes=data["notes"],
            users=data["users"],
            people=data["people"],
        )


class PatrolLogTransitionView(TransitionView):
    model = PatrolLog
    select_related = ("team__area",)
    transitions = {
        "tick": Transition(
            tick_place,
            TickForm,
            lambda log, stop: gettext("Reached %(place)s.") % {"place": stop.place},
            form_kwargs=lambda log: {"log": log},
        ),
        "finding": Transition(
            add_finding, FindingForm, _("Finding recorded."), form_kwargs=lambda log: {"log": log}
        ),
        "stop": Transition(stop_patrol, StopForm, _("Patrol finished.")),
    }


class FindingTransitionView(TransitionView):
    model = Finding
    select_related = ("log",)
    transitions = {
        "request": Transition(
            finding_to_request,
            FindingToRequestForm,
            lambda finding, request: (
                gettext("Filed as request %(id)s.") % {"id": request.public_id}
            ),
        ),
        "risk": Transition(finding_to_risk, FindingToRiskForm, _("Entered in the risk register.")),
    }

    def get_success_url(self, obj, result):
        return obj.log.get_absolute_url()
