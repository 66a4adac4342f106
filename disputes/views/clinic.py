"""The legal clinic: the rota, swaps, and consultations (法律答疑)."""

from datetime import timedelta
from functools import partial
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from disputes import filtersets
from disputes.actions.clinic import generate_rota, swap_shifts
from disputes.forms.base import add_action_errors
from disputes.forms.clinic import ConsultationForm, RotaForm, SwapForm
from disputes.models import (
    ClinicShift,
    Consultation,
)
from disputes.views.base import (
    Computed,
    DetailView,
    EditView,
    ListView,
    _post_action,
    _require,
)
from grids.generic_views import Column
from grids.querysets import ACTION_CHANGE


class ClinicShiftListView(ListView):
    """The rota by community and week, from this week on unless asked otherwise."""

    model = ClinicShift
    filterset_class = filtersets.ClinicShiftFilterSet
    select_related = ("community", "lawyer", "swapped_from")
    template_name = "disputes/clinicshift_list.html"
    paginate_by = 200

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


@login_required
def clinicshift_rota(request: HttpRequest) -> HttpResponse:
    """律师轮流坐班: lawyers take a community's clinic days in turn; existing days are kept."""
    _require(request.user, ClinicShift, ACTION_CHANGE)
    form = RotaForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            made = generate_rota(data.pop("community"), list(data.pop("lawyers")), **data)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("%(n)s clinic days added.") % {"n": len(made)})
            return redirect("disputes:clinicshift_list")
    ctx = {
        "form": form,
        "title": _("Plan the clinic rota"),
        "cancel_url": reverse("disputes:clinicshift_list"),
    }
    return render(request, "disputes/edit.html", ctx, status=400 if form.errors else 200)


@login_required
@require_POST
def clinicshift_swap(request: HttpRequest) -> HttpResponse:
    form = SwapForm(request.POST, user=request.user)
    run = partial(swap_shifts, by=request.user)
    _post_action(request, form, run, _("The two lawyers swapped their days."))
    return redirect("disputes:clinicshift_list")


class ConsultationListView(ListView):
    model = Consultation
    filterset_class = filtersets.ConsultationFilterSet
    select_related = ("area",)
    add_label = gettext_lazy("Record a consultation")
    columns = [
        Column(gettext_lazy("topic"), "topic", link=True),
        Computed(gettext_lazy("when"), lambda c: timezone.localtime(c.at).strftime("%m-%d %H:%M")),
        Column(gettext_lazy("place"), "area.name"),
        Column(gettext_lazy("follow-up needed"), "follow_up_needed"),
    ]


class ConsultationDetailView(DetailView):
    model = Consultation
    select_related = ("area", "shift__lawyer", "shift__community", "recorded_by")


class ConsultationEditView(EditView):
    model = Consultation
    form_class = ConsultationForm

    def form_valid(self, form):
        form.instance.recorded_by = self.request.user
        return super().form_valid(form)


# ---- screenings and the risk register -------------------------------------------------------
