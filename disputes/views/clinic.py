"""The legal clinic: the rota, swaps, and consultations (法律答疑)."""

from datetime import timedelta
from itertools import groupby

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from disputes import filtersets
from disputes.actions.clinic import generate_rota, swap_shifts
from disputes.forms.clinic import ConsultationForm, RotaForm, SwapForm
from disputes.models import ClinicShift, Consultation
from disputes.views.base import DisputesPage
from grids.generic.views import (
    Column,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    Transition,
    TransitionView,
)


class ClinicShiftListView(DisputesPage, ObjectListView):
    """The rota by community and week, from this week on unless asked otherwise."""

    model = ClinicShift
    filterset_class = filtersets.ClinicShiftFilterSet
    select_related = ("community", "lawyer", "swapped_from")
    template_name = "disputes/clinic/clinicshift_list.html"
    paginate_by = 200
    # The page draws the rota by week; the file lists its days.
    export_columns = [
        Column(gettext_lazy("community"), "community.name"),
        Column(gettext_lazy("date"), "date"),
        Column(gettext_lazy("from"), "starts_at"),
        Column(gettext_lazy("until"), "ends_at"),
        Column(gettext_lazy("lawyer on duty"), "lawyer"),
        Column(gettext_lazy("swapped with"), "swapped_from"),
        Column(gettext_lazy("legal consultations"), "consultation_count"),
    ]

    def get_queryset(self):
        qs = super().get_queryset().annotate(consultation_count=Count("consultations"))
        if not self.request.GET.get("date_from"):
            today = timezone.localdate()
            qs = qs.filter(date__gte=today - timedelta(days=today.weekday()))
        return qs.order_by("community__tree_id", "community__lft", "date", "pk")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        shifts = list(ctx["object_list"])
        ctx["rota"] = [
            (
                community,
                [
                    (monday, list(week))
                    for monday, week in groupby(
                        rows, lambda s: s.date - timedelta(days=s.date.weekday())
                    )
                ],
            )
            for community, rows in groupby(shifts, lambda s: s.community)
        ]
        ctx["shifts"] = shifts
        return ctx


def _rota(*, by, community, lawyers, **data) -> list[ClinicShift]:
    return generate_rota(community, list(lawyers), **data)


def _swap(*, by, first: ClinicShift, second: ClinicShift) -> None:
    swap_shifts(first, second, by=by)


class ClinicRotaView(DisputesPage, TransitionView):
    """律师轮流坐班: lawyers take a community's clinic days in turn; existing days are kept.

    GET/POST on clinic/rota/ (a page: errors re-render it with 400); POST on clinic/swap/."""

    model = ClinicShift
    transitions = {
        "rota": Transition(
            _rota,
            RotaForm,
            lambda _none, made: _("%(n)s clinic days added.") % {"n": len(made)},
            title=gettext_lazy("Plan the clinic rota"),
        ),
        "swap": Transition(_swap, SwapForm, gettext_lazy("The two lawyers swapped their days.")),
    }

    @property
    def template_name(self):
        return "generic/object_edit.html" if self.kwargs["action"] == "rota" else None

    def get_success_url(self, obj, result):
        return reverse("disputes:clinicshift_list")

    def get_page_context(self, obj, transition, form):
        ctx = super().get_page_context(obj, transition, form)
        return {**ctx, "cancel_url": reverse("disputes:clinicshift_list")}


class ConsultationListView(DisputesPage, ObjectListView):
    model = Consultation
    filterset_class = filtersets.ConsultationFilterSet
    select_related = ("area",)
    add_label = gettext_lazy("Record a consultation")
    columns = [
        Column(gettext_lazy("topic"), "topic", link=True),
        Column(gettext_lazy("when"), "at"),
        Column(gettext_lazy("place"), "area.full_name"),
        Column(gettext_lazy("follow-up needed"), "follow_up_needed"),
    ]


class ConsultationDetailView(DisputesPage, ObjectDetailView):
    model = Consultation
    select_related = ("area", "shift__lawyer", "shift__community", "recorded_by")


class ConsultationEditView(DisputesPage, ObjectEditView):
    model = Consultation
    form_class = ConsultationForm

    def save(self, form):
        form.instance.recorded_by = self.request.user
        return super().save(form)


# ---- screenings and the risk register -------------------------------------------------------
