"""Disputes: the list, one-stop intake, a dispute's page and its transitions."""

from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from disputes import filtersets
from disputes.actions.disputes import (
    escalate_dispute,
    reassign_mediator,
    receive_dispute,
    record_session,
    refer_dispute,
    save_mediation_plan,
    settle_dispute,
    withdraw_dispute,
)
from disputes.choices import DisputeStatus, Tier
from disputes.forms.base import add_action_errors
from disputes.forms.disputes import (
    EscalateForm,
    IntakeForm,
    PlanForm,
    ReasonForm,
    ReassignForm,
    ReferForm,
    SessionForm,
    SettleForm,
)
from disputes.models import (
    Dispute,
    DisputeEvent,
    DisputeParty,
    FollowUpVisit,
    MediationPlan,
    MediationSession,
    RiskItem,
)
from disputes.views.base import Computed, ListView, _post_action, _require
from grids.choices import SENSITIVE_ROLES
from grids.generic_views import Column
from grids.masking import mask_name
from grids.models import AuditEntry, ServiceRequest
from grids.models.requests import normalise_public_id
from grids.querysets import ACTION_CHANGE


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
    """一站式接收: one form, one call to receive_dispute; nothing saved on an error."""
    _require(request.user, Dispute, ACTION_CHANGE)
    form = IntakeForm(request.POST or None, user=request.user, initial=_from_request(request))
    if request.method == "POST" and form.is_valid():
        try:
            dispute = receive_dispute(by=request.user, **form.action_kwargs())
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("Received: %(name)s") % {"name": dispute})
            return redirect(dispute)
    ctx = {
        "form": form,
        "title": _("Receive a dispute"),
        "cancel_url": reverse("disputes:workbench"),
    }
    return render(request, "disputes/edit.html", ctx, status=400 if form.errors else 200)


def _from_request(request: HttpRequest) -> dict:
    """?request=CODE: a resident request turned into a dispute starts from what it said."""
    code = request.GET.get("request")
    if not code:
        return {}
    found = (
        ServiceRequest.objects.visible_to(request.user)
        .filter(public_id=normalise_public_id(code))
        .first()
    )
    if found is None:
        return {}
    return {
        "source_request": found.public_id,
        "channel": "resident_request",
        "area": found.area_id,
        "summary": found.description,
    }


# name → (form, title, function called as run(dispute, by=user, **form.cleaned_data))
DISPUTE_ACTIONS: dict[str, tuple[type, str, Callable]] = {
    "session": (
        SessionForm,
        gettext_lazy("Record a mediation session"),
        record_session,
    ),
    "plan": (
        PlanForm,
        gettext_lazy("One case, one plan (一案一策)"),
        save_mediation_plan,
    ),
    "escalate": (
        EscalateForm,
        gettext_lazy("Escalate to the next tier"),
        escalate_dispute,
    ),
    "reassign": (
        ReassignForm,
        gettext_lazy("Change the mediator"),
        reassign_mediator,
    ),
    "settle": (SettleForm, gettext_lazy("Settle with an agreement"), settle_dispute),
    "refer": (ReferForm, gettext_lazy("Refer out"), refer_dispute),
    "withdraw": (
        ReasonForm,
        gettext_lazy("Withdrawn by the parties"),
        withdraw_dispute,
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
    return render(request, "disputes/dispute_detail.html", ctx)


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
