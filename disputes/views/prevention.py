"""Screenings (摸排), the risk register (苗头隐患) and key-person files (重点人员档案)."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, Count, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from disputes import filtersets
from disputes.actions.prevention import log_key_person_reads, resolve_risk, save_key_person
from disputes.choices import RiskStatus, Urgency
from disputes.forms.prevention import (
    KeyPersonForm,
    ResolveRiskForm,
    RiskItemForm,
    ScreeningCampaignForm,
)
from disputes.models import (
    KeyPerson,
    RiskItem,
    ScreeningCampaign,
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
from grids.masking import mask_name
from grids.querysets import ACTION_CHANGE, ACTION_VIEW


class ScreeningCampaignListView(ListView):
    model = ScreeningCampaign
    filterset_class = filtersets.ScreeningCampaignFilterSet
    select_related = ("area",)
    add_label = gettext_lazy("Record a screening")
    columns = [
        Column(gettext_lazy("date"), "date", link=True),
        Column(gettext_lazy("kind"), "get_kind_display"),
        Column(gettext_lazy("place"), "area.name"),
        Column(gettext_lazy("households visited"), "households_visited"),
        Column(gettext_lazy("risks found"), "risk_count"),
    ]

    def get_queryset(self):
        return super().get_queryset().annotate(risk_count=Count("risks")).order_by("-date", "-pk")


class ScreeningCampaignDetailView(DetailView):
    model = ScreeningCampaign
    select_related = ("area",)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["leaders"] = self.object.leaders.all()
        ctx["risks"] = (
            RiskItem.objects.visible_to(self.request.user)
            .filter(campaign=self.object)
            .select_related("owner")
        )
        return ctx


class ScreeningCampaignEditView(EditView):
    model = ScreeningCampaign
    form_class = ScreeningCampaignForm


URGENCY_RANK = Case(
    *[When(urgency=u, then=Value(rank)) for rank, u in enumerate(reversed(Urgency.values))],
    output_field=IntegerField(),
)
OPEN_FIRST = Case(When(status=RiskStatus.OPEN, then=Value(0)), default=Value(1))


def _deadline(item: RiskItem) -> str:
    late = item.status == RiskStatus.OPEN and item.deadline < timezone.localdate()
    return f"{item.deadline} · {_('overdue')}" if late else str(item.deadline)


class RiskItemListView(ListView):
    """苗头隐患台账: open items first, the most urgent and nearest deadline on top."""

    model = RiskItem
    filterset_class = filtersets.RiskItemFilterSet
    select_related = ("area", "owner")
    add_label = gettext_lazy("Register a risk")
    columns = [
        Column(gettext_lazy("title"), "title", link=True),
        Column(gettext_lazy("urgency"), "get_urgency_display"),
        Column(gettext_lazy("nature"), "get_nature_display"),
        Column(gettext_lazy("place"), "area.name"),
        Column(gettext_lazy("owner"), "owner"),
        Computed(gettext_lazy("deadline"), _deadline),
        Column(gettext_lazy("status"), "get_status_display"),
    ]

    def get_queryset(self):
        return super().get_queryset().order_by(OPEN_FIRST, URGENCY_RANK, "deadline", "pk")


class RiskItemDetailView(DetailView):
    model = RiskItem
    select_related = ("area", "owner", "campaign", "dispute__category")

    def get_context_data(self, **kwargs):
        return super().get_context_data(resolve_form=ResolveRiskForm(), **kwargs)


class RiskItemEditView(EditView):
    model = RiskItem
    form_class = RiskItemForm


@login_required
@require_POST
def riskitem_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(RiskItem.objects.visible_to(request.user, ACTION_CHANGE), pk=pk)
    run = partial(resolve_risk, item, by=request.user)
    _post_action(request, ResolveRiskForm(request.POST), run, _("Resolved."))
    return redirect("disputes:riskitem_detail", pk=pk)


# ---- key-person files: restricted, masked in the list, every read logged ---------------------


class KeyPersonListView(ListView):
    model = KeyPerson
    filterset_class = filtersets.KeyPersonFilterSet
    select_related = ("person", "area", "responsible")
    add_label = gettext_lazy("Open a file")
    columns = [
        Computed(gettext_lazy("name"), lambda kp: mask_name(kp.person.name), link=True),
        Column(gettext_lazy("resident ID number"), "person.masked_id_number"),
        Column(gettext_lazy("category"), "get_category_display"),
        Column(gettext_lazy("risk level"), "get_risk_level_display"),
        Column(gettext_lazy("place"), "area.name"),
        Column(gettext_lazy("responsible"), "responsible"),
        Column(gettext_lazy("active"), "is_active"),
    ]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            _require(request.user, KeyPerson, ACTION_VIEW)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        log_key_person_reads(ctx["object_list"], by=self.request.user, how="list")
        return ctx


class KeyPersonDetailView(DetailView):
    model = KeyPerson
    select_related = ("person__area", "area", "responsible")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        log_key_person_reads([self.object], by=self.request.user, how="detail")
        ctx["revisions"] = self.object.revisions.select_related("by")
        return ctx


class KeyPersonEditView(EditView):
    model = KeyPerson
    form_class = KeyPersonForm

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.object:  # the edit form shows the whole file: a read like any other
            log_key_person_reads([self.object], by=request.user, how="edit")
        return response

    def form_valid(self, form):
        self.object = save_key_person(form.save(commit=False), by=self.request.user)
        messages.success(self.request, _("Saved: %(name)s") % {"name": self.object})
        return HttpResponseRedirect(self.get_success_url())
