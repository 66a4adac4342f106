"""Screenings (摸排), the risk register (苗头隐患) and key-person files (重点人员档案)."""

from django.db.models import Case, Count, IntegerField, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from disputes import filtersets
from disputes.actions.prevention import log_key_person_reads, resolve_risk, save_key_person
from disputes.choices import KeyPersonCategory, RiskLevel, RiskStatus, Urgency
from disputes.forms.prevention import (
    KeyPersonForm,
    ResolveRiskForm,
    RiskItemForm,
    ScreeningCampaignForm,
)
from disputes.models import KeyPerson, RiskItem, ScreeningCampaign
from disputes.views.base import DisputesPage
from grids.generic.views import (
    Column,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    Transition,
    TransitionView,
    may,
)
from grids.masking import mask_name


def _label(choices, value) -> str:
    return choices(value).label if value in choices.values else (value or "—")


class ScreeningCampaignListView(DisputesPage, ObjectListView):
    model = ScreeningCampaign
    filterset_class = filtersets.ScreeningCampaignFilterSet
    select_related = ("area",)
    add_label = gettext_lazy("Record a screening")
    columns = [
        Column(gettext_lazy("date"), "date", link=True),
        Column(gettext_lazy("kind"), "kind"),
        Column(gettext_lazy("place"), "area.full_name"),
        Column(gettext_lazy("households visited"), "households_visited"),
        Column(gettext_lazy("risks found"), "risk_count"),
    ]

    def get_queryset(self):
        return super().get_queryset().annotate(risk_count=Count("risks")).order_by("-date", "-pk")


class ScreeningCampaignDetailView(DisputesPage, ObjectDetailView):
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


class ScreeningCampaignEditView(DisputesPage, ObjectEditView):
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


class RiskItemListView(DisputesPage, ObjectListView):
    """苗头隐患台账: open items first, the most urgent and nearest deadline on top."""

    model = RiskItem
    filterset_class = filtersets.RiskItemFilterSet
    select_related = ("area", "owner")
    add_label = gettext_lazy("Register a risk")
    columns = [
        Column(gettext_lazy("title"), "title", link=True),
        Column(gettext_lazy("urgency"), "urgency"),
        Column(gettext_lazy("nature"), "nature"),
        Column(gettext_lazy("place"), "area.full_name"),
        Column(gettext_lazy("owner"), "owner"),
        Column(gettext_lazy("deadline"), _deadline),
        Column(gettext_lazy("status"), "status"),
    ]

    def get_queryset(self):
        return super().get_queryset().order_by(OPEN_FIRST, URGENCY_RANK, "deadline", "pk")


class RiskItemDetailView(DisputesPage, ObjectDetailView):
    model = RiskItem
    select_related = ("area", "owner", "campaign", "dispute__category")

    def get_context_data(self, **kwargs):
        resolve = RiskResolveView.transitions["resolve"]
        form = resolve.make_form(self.object, self.request.user)
        return super().get_context_data(resolve_form=form, **kwargs)


class RiskItemEditView(DisputesPage, ObjectEditView):
    model = RiskItem
    form_class = RiskItemForm


class RiskResolveView(TransitionView):
    model = RiskItem
    transitions = {
        "resolve": Transition(resolve_risk, ResolveRiskForm, gettext_lazy("Resolved: %(title)s."))
    }


# ---- key-person files: restricted, masked in the list, every read logged ---------------------


class KeyPersonListView(DisputesPage, ObjectListView):
    model = KeyPerson
    filterset_class = filtersets.KeyPersonFilterSet
    select_related = ("person", "area", "responsible")
    add_label = gettext_lazy("Open a file")
    columns = [
        Column(gettext_lazy("name"), lambda kp: mask_name(kp.person.name), link=True),
        Column(gettext_lazy("resident ID number"), "person.masked_id_number"),
        Column(gettext_lazy("category"), "category"),
        Column(gettext_lazy("risk level"), "risk_level"),
        Column(gettext_lazy("place"), "area.full_name"),
        Column(gettext_lazy("responsible"), "responsible"),
        Column(gettext_lazy("active"), "is_active"),
    ]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may(request.user, KeyPerson):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        log_key_person_reads(ctx["object_list"], by=self.request.user, how="list")
        return ctx

    def get_export_rows(self):
        # An export reads every file it holds: each read logged, as for the page's rows.
        rows = super().get_export_rows()
        log_key_person_reads(
            rows.select_related(None).only("pk"), by=self.request.user, how="export"
        )
        return rows


class KeyPersonDetailView(DisputesPage, ObjectDetailView):
    model = KeyPerson
    select_related = ("person__area", "area", "responsible")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        log_key_person_reads([self.object], by=self.request.user, how="detail")
        ctx["revisions"] = revisions = list(self.object.revisions.select_related("by"))
        for rev in revisions:  # the snapshot keeps codes; people read labels
            rev.category_label = _label(KeyPersonCategory, rev.snapshot.get("category"))
            rev.risk_level_label = _label(RiskLevel, rev.snapshot.get("risk_level"))
        return ctx


class KeyPersonEditView(DisputesPage, ObjectEditView):
    model = KeyPerson
    form_class = KeyPersonForm

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.object:  # the edit form shows the whole file: a read like any other
            log_key_person_reads([self.object], by=request.user, how="edit")
        return response

    def save(self, form):
        return save_key_person(form.save(commit=False), by=self.request.user)
