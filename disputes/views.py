"""Pages of the disputes app: the mediator's workbench, disputes and their transitions,
follow-up visits, the legal clinic, screenings, the risk register and key-person files.

Every page starts from `Model.objects.visible_to(user[, "change"])`, so another area's
object answers 404 like a missing one; every state change is a call into disputes.actions.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, IntegerField, Prefetch, Value, When
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from disputes import actions, filtersets, forms
from disputes.choices import DisputeStatus, RiskStatus, Tier, Urgency, VisitStatus
from disputes.figures import dispute_figures
from disputes.models import (
    ClinicShift,
    Consultation,
    Dispute,
    DisputeEvent,
    DisputeParty,
    FollowUpVisit,
    KeyPerson,
    MediationPlan,
    MediationSession,
    RiskItem,
    ScreeningCampaign,
)
from grids.choices import SENSITIVE_ROLES
from grids.generic_views import Column, ObjectDetailView, ObjectEditView, ObjectListView
from grids.models import AuditEntry, ServiceRequest, User
from grids.models.requests import normalise_tracking_code
from grids.querysets import ACTION_CHANGE, ACTION_VIEW, roles_for


def mask_name(name: str) -> str:
    """张三 → 张*: lists never show a party's or a key person's whole name."""
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


def _may(user: User, model, action: str = ACTION_VIEW) -> bool:
    """Whether the user holds any role that opens `model` for `action` somewhere."""
    return user.is_superuser or bool(user.scope_ranges(roles_for(model, action)))


def _require(user: User, model, action: str) -> None:
    if not _may(user, model, action):
        raise Http404


def _nav(user: User) -> list[tuple[str, str]]:
    links = [
        ("disputes:workbench", _("Workbench")),
        ("disputes:dispute_list", _("Disputes")),
        ("disputes:clinicshift_list", _("Legal clinic")),
        ("disputes:consultation_list", _("Consultations")),
        ("disputes:screeningcampaign_list", _("Screenings")),
        ("disputes:riskitem_list", _("Risk register")),
        ("disputes:keyperson_list", _("Key people")),
    ]
    hidden = {
        "disputes:consultation_list": not _may(user, Consultation),
        "disputes:keyperson_list": not _may(user, KeyPerson),
    }
    return [(reverse(name), label) for name, label in links if not hidden.get(name)]


def _render(request: HttpRequest, template: str, ctx: dict, status: int = 200) -> HttpResponse:
    return render(request, template, {**ctx, "section_nav": _nav(request.user)}, status=status)


def _report(request: HttpRequest, form, exc: ValidationError | None = None) -> None:
    """Form or action errors as messages on the page the user goes back to."""
    if exc is not None:
        for message in exc.messages:
            messages.error(request, message)
        return
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def _post_action(request: HttpRequest, form, run: Callable, success: str) -> None:
    """Validate `form`, then `run(**cleaned_data)`; errors become messages, nothing changes."""
    if not form.is_valid():
        _report(request, form)
        return
    try:
        run(**form.cleaned_data)
    except ValidationError as exc:
        _report(request, form, exc)
    else:
        messages.success(request, success)


@dataclass(frozen=True)
class Computed:
    """A list column whose value a function computes from the row (masked names …)."""

    label: str
    fn: Callable[[Any], Any]
    link: bool = False

    def value(self, obj: Any) -> Any:
        return self.fn(obj)


class PageMixin:
    """The section's navigation on every page."""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["section_nav"] = _nav(self.request.user)
        return ctx


class ListView(PageMixin, ObjectListView):
    template_name = "disputes/list.html"
    add_label = gettext_lazy("Add")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["add_label"] = self.add_label
        return ctx


class DetailView(PageMixin, ObjectDetailView):
    def get_template_names(self):
        return [f"disputes/{self.model._meta.model_name}_detail.html"]


class EditView(PageMixin, ObjectEditView):
    """Create or change; 404 for users who may change none; 400 with the errors."""

    template_name = "disputes/edit.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            _require(request.user, self.model, ACTION_CHANGE)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        # ?dispute=12 or ?campaign=3 from the page the user came from
        fields = self.form_class.base_fields
        return {
            **super().get_initial(),
            **{k: v for k, v in self.request.GET.items() if k in fields},
        }

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_success_url(self):
        return reverse(f"{self.url_prefix}_detail", args=[self.object.pk])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        ctx["title"] = f"{_('Edit')} {obj}" if obj else f"{_('Add')} {ctx['verbose_name']}"
        ctx["cancel_url"] = (
            reverse(f"{self.url_prefix}_detail", args=[obj.pk])
            if obj
            else reverse(f"{self.url_prefix}_list")
        )
        return ctx


# ---- the workbench --------------------------------------------------------------------------


@login_required
def workbench(request: HttpRequest) -> HttpResponse:
    """调解员工作台: my open disputes, my visits due this week, my clinic days, the figures."""
    user, today = request.user, timezone.localdate()
    week_end = today + timedelta(days=6 - today.weekday())
    year_start = timezone.make_aware(datetime(today.year, 1, 1))
    disputes = Dispute.objects.visible_to(user)
    ctx = {
        "today": today,
        "my_disputes": disputes.filter(mediator=user, status=DisputeStatus.OPEN)
        .select_related("category", "area")
        .annotate(party_count=Count("party_links")),
        "my_visits": FollowUpVisit.objects.visible_to(user)
        .filter(assignee=user, status=VisitStatus.PLANNED, due_on__lte=week_end)
        .select_related("dispute__category", "dispute__area")
        .order_by("due_on", "pk"),
        "my_shifts": ClinicShift.objects.visible_to(user)
        .filter(lawyer=user, date__gte=today)
        .select_related("community")[:10],
        "figures": dispute_figures(disputes, start=year_start),
        "may_receive": _may(user, Dispute, ACTION_CHANGE),
    }
    return _render(request, "disputes/workbench.html", ctx)


# ---- disputes -------------------------------------------------------------------------------


def _parties(dispute: Dispute) -> str:
    return "、".join(mask_name(link.person.name) for link in dispute.party_links.all())


class DisputeListView(ListView):
    model = Dispute
    filterset_class = filtersets.DisputeFilterSet
    select_related = ("category", "area", "mediator")
    add_label = gettext_lazy("Receive a dispute")
    columns = [
        Computed(gettext_lazy("no."), lambda d: f"#{d.pk}", link=True),
        Column(gettext_lazy("category"), "category.name"),
        Column(gettext_lazy("place"), "area.name"),
        Computed(gettext_lazy("parties"), _parties),
        Column(gettext_lazy("tier"), "tier"),
        Column(gettext_lazy("status"), "get_status_display"),
        Column(gettext_lazy("mediator"), "mediator"),
        Computed(gettext_lazy("received"), lambda d: timezone.localdate(d.received_at)),
    ]

    def get_queryset(self):
        links = DisputeParty.objects.select_related("person").order_by("role", "pk")
        return super().get_queryset().prefetch_related(Prefetch("party_links", queryset=links))


@login_required
def dispute_add(request: HttpRequest) -> HttpResponse:
    """一站式接收: one form, one call to actions.receive_dispute; nothing saved on an error."""
    _require(request.user, Dispute, ACTION_CHANGE)
    form = forms.IntakeForm(request.POST or None, user=request.user, initial=_from_request(request))
    if request.method == "POST" and form.is_valid():
        try:
            dispute = actions.receive_dispute(by=request.user, **form.action_kwargs())
        except ValidationError as exc:
            forms.add_action_errors(form, exc)
        else:
            messages.success(request, _("Received: %(name)s") % {"name": dispute})
            return redirect(dispute)
    ctx = {
        "form": form,
        "title": _("Receive a dispute"),
        "cancel_url": reverse("disputes:workbench"),
    }
    return _render(request, "disputes/edit.html", ctx, status=400 if form.errors else 200)


def _from_request(request: HttpRequest) -> dict:
    """?request=CODE: a resident request turned into a dispute starts from what it said."""
    code = request.GET.get("request")
    if not code:
        return {}
    found = (
        ServiceRequest.objects.visible_to(request.user)
        .filter(tracking_code=normalise_tracking_code(code))
        .first()
    )
    if found is None:
        return {}
    return {
        "source_request": found.tracking_code,
        "channel": "resident_request",
        "area": found.area_id,
        "summary": found.description,
    }


# name → (form, title, function called as run(dispute, by=user, **form.cleaned_data))
DISPUTE_ACTIONS: dict[str, tuple[type, str, Callable]] = {
    "session": (
        forms.SessionForm,
        gettext_lazy("Record a mediation session"),
        actions.record_session,
    ),
    "plan": (
        forms.PlanForm,
        gettext_lazy("One case, one plan (一案一策)"),
        actions.save_mediation_plan,
    ),
    "escalate": (
        forms.EscalateForm,
        gettext_lazy("Escalate to the next tier"),
        actions.escalate_dispute,
    ),
    "reassign": (
        forms.ReassignForm,
        gettext_lazy("Change the mediator"),
        actions.reassign_mediator,
    ),
    "settle": (forms.SettleForm, gettext_lazy("Settle with an agreement"), actions.settle_dispute),
    "refer": (forms.ReferForm, gettext_lazy("Refer out"), actions.refer_dispute),
    "withdraw": (
        forms.ReasonForm,
        gettext_lazy("Withdrawn by the parties"),
        actions.withdraw_dispute,
    ),
}


def _allowed(dispute: Dispute) -> set[str]:
    if dispute.status != DisputeStatus.OPEN:
        return set()
    allowed = set(DISPUTE_ACTIONS)
    if dispute.tier >= Tier.PROFESSIONAL:
        allowed.discard("escalate")
    return allowed


@login_required
def dispute_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    dispute = get_object_or_404(
        Dispute.objects.visible_to(user).select_related(
            "category", "area", "mediator", "source_request", "created_by"
        ),
        pk=pk,
    )
    parties = list(dispute.party_links.select_related("person__area").order_by("role", "pk"))
    # Whole names only for roles that open sensitive files, and each such read is logged.
    show_names = user.holds_role_over(dispute.area, SENSITIVE_ROLES)
    if show_names and parties:
        AuditEntry.record(user, AuditEntry.Action.VIEW, dispute, "parties")
    for link in parties:
        link.shown_name = link.person.name if show_names else mask_name(link.person.name)
    can_change = Dispute.objects.visible_to(user, ACTION_CHANGE).filter(pk=pk).exists()
    plan = MediationPlan.objects.filter(dispute=dispute).first()
    ctx = {
        "dispute": dispute,
        "parties": parties,
        "show_names": show_names,
        "handlings": dispute.handlings.select_related("mediator"),
        "sessions": MediationSession.objects.visible_to(user)
        .filter(dispute=dispute)
        .select_related("recorded_by"),
        "agreements": dispute.agreements.all(),
        "plan": plan,
        "events": DisputeEvent.objects.visible_to(user)
        .filter(dispute=dispute)
        .select_related("actor"),
        "visits": FollowUpVisit.objects.visible_to(user)
        .filter(dispute=dispute)
        .select_related("assignee")
        .order_by("settlement_round", "sequence"),
        "risks": RiskItem.objects.visible_to(user).filter(dispute=dispute),
        "can_change": can_change,
        "allowed": _allowed(dispute) if can_change else set(),
        "today": timezone.localdate(),
    }
    extra = {"plan": {"instance": plan}}
    ctx["action_forms"] = [
        # auto_id: several forms on one page have a "reason"; ids must stay unique
        (name, title, form_class(auto_id=f"{name}-%s", **extra.get(name, {})))
        for name, (form_class, title, _run) in DISPUTE_ACTIONS.items()
        if name in ctx["allowed"]
    ]
    return _render(request, "disputes/dispute_detail.html", ctx)


@login_required
@require_POST
def dispute_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One small POST view for every transition; the action does the work and the checks."""
    if action not in DISPUTE_ACTIONS:
        raise Http404
    dispute = get_object_or_404(
        Dispute.objects.visible_to(request.user, ACTION_CHANGE).select_related("area", "category"),
        pk=pk,
    )
    form_class, _title, run = DISPUTE_ACTIONS[action]
    _post_action(
        request, form_class(request.POST), partial(run, dispute, by=request.user), _("Done.")
    )
    return redirect(dispute)


# ---- follow-up visits -----------------------------------------------------------------------


def _visit(request: HttpRequest, pk: int) -> FollowUpVisit:
    return get_object_or_404(
        FollowUpVisit.objects.visible_to(request.user, ACTION_CHANGE).select_related(
            "dispute__category", "dispute__area", "assignee"
        ),
        pk=pk,
    )


@login_required
def visit_record(request: HttpRequest, pk: int) -> HttpResponse:
    """回访: how the visit was made and how things stand; a relapse reopens the dispute."""
    visit = _visit(request, pk)
    form = forms.VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_visit(visit, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            forms.add_action_errors(form, exc)
        else:
            messages.success(request, _("Visit recorded."))
            return redirect(visit.dispute)
    ctx = {"visit": visit, "form": form, "reassign_form": forms.VisitReassignForm()}
    return _render(request, "disputes/visit_record.html", ctx, status=400 if form.errors else 200)


@login_required
@require_POST
def visit_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    run = partial(actions.reassign_visit, visit, by=request.user)
    _post_action(request, forms.VisitReassignForm(request.POST), run, _("Visit reassigned."))
    return redirect("disputes:visit_record", pk=pk)


# ---- the legal clinic -----------------------------------------------------------------------


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
    form = forms.RotaForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            made = actions.generate_rota(data.pop("community"), list(data.pop("lawyers")), **data)
        except ValidationError as exc:
            forms.add_action_errors(form, exc)
        else:
            messages.success(request, _("%(n)s clinic days added.") % {"n": len(made)})
            return redirect("disputes:clinicshift_list")
    ctx = {
        "form": form,
        "title": _("Plan the clinic rota"),
        "cancel_url": reverse("disputes:clinicshift_list"),
    }
    return _render(request, "disputes/edit.html", ctx, status=400 if form.errors else 200)


@login_required
@require_POST
def clinicshift_swap(request: HttpRequest) -> HttpResponse:
    form = forms.SwapForm(request.POST, user=request.user)
    run = partial(actions.swap_shifts, by=request.user)
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
    form_class = forms.ConsultationForm

    def form_valid(self, form):
        form.instance.recorded_by = self.request.user
        return super().form_valid(form)


# ---- screenings and the risk register -------------------------------------------------------


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
    form_class = forms.ScreeningCampaignForm


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
        return super().get_context_data(resolve_form=forms.ResolveRiskForm(), **kwargs)


class RiskItemEditView(EditView):
    model = RiskItem
    form_class = forms.RiskItemForm


@login_required
@require_POST
def riskitem_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(RiskItem.objects.visible_to(request.user, ACTION_CHANGE), pk=pk)
    run = partial(actions.resolve_risk, item, by=request.user)
    _post_action(request, forms.ResolveRiskForm(request.POST), run, _("Resolved."))
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
        actions.log_key_person_reads(ctx["object_list"], by=self.request.user, how="list")
        return ctx


class KeyPersonDetailView(DetailView):
    model = KeyPerson
    select_related = ("person__area", "area", "responsible")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        actions.log_key_person_reads([self.object], by=self.request.user, how="detail")
        ctx["revisions"] = self.object.revisions.select_related("by")
        return ctx


class KeyPersonEditView(EditView):
    model = KeyPerson
    form_class = forms.KeyPersonForm

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.object:  # the edit form shows the whole file: a read like any other
            actions.log_key_person_reads([self.object], by=request.user, how="edit")
        return response

    def form_valid(self, form):
        self.object = actions.save_key_person(form.save(commit=False), by=self.request.user)
        messages.success(self.request, _("Saved: %(name)s") % {"name": self.object})
        return HttpResponseRedirect(self.get_success_url())
