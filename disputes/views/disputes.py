"""Disputes: the list, one-stop intake, a dispute's page and its transitions."""

from django.db.models import Prefetch
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
from disputes.choices import DisputeStatus, PartyRole, Tier, VisitStatus
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
from disputes.views.base import DisputesPage
from grids.choices import SENSITIVE_ROLES
from grids.generic.views import (
    Column,
    ObjectDetailView,
    ObjectListView,
    Transition,
    TransitionView,
)
from grids.masking import mask_name
from grids.models import AuditEntry, ServiceRequest
from grids.models.requests import normalise_public_id


def _parties(dispute: Dispute) -> str:
    return "、".join(mask_name(link.person.name) for link in dispute.party_links.all())


class DisputeListView(DisputesPage, ObjectListView):
    model = Dispute
    filterset_class = filtersets.DisputeFilterSet
    select_related = ("category", "area", "mediator")
    add_label = gettext_lazy("Receive a dispute")
    columns = [
        Column(gettext_lazy("no."), lambda d: f"#{d.pk}", link=True),
        Column(gettext_lazy("category"), "category.name"),
        Column(gettext_lazy("place"), "area.full_name"),
        Column(gettext_lazy("parties"), _parties),
        Column(gettext_lazy("tier"), "tier"),
        Column(gettext_lazy("status"), "status"),
        Column(gettext_lazy("mediator"), "mediator"),
        Column(gettext_lazy("received"), lambda d: timezone.localdate(d.received_at)),
    ]

    def get_queryset(self):
        links = DisputeParty.objects.select_related("person").order_by("role", "pk")
        return super().get_queryset().prefetch_related(Prefetch("party_links", queryset=links))


def _receive(*, by, applicants, respondents, **data) -> Dispute:
    parties = [(p, PartyRole.APPLICANT) for p in applicants]
    parties += [(p, PartyRole.RESPONDENT) for p in respondents]
    return receive_dispute(by=by, parties=parties, **data)


class DisputeIntakeView(DisputesPage, TransitionView):
    """一站式接收: one form, one call to receive_dispute; nothing saved on an error."""

    model = Dispute
    template_name = "generic/object_edit.html"
    transitions = {
        "receive": Transition(
            _receive,
            IntakeForm,
            lambda _none, dispute: _("Received: %(name)s") % {"name": dispute},
            title=gettext_lazy("Receive a dispute"),
        )
    }

    def get_form_kwargs(self, obj):
        return {"initial": _from_request(self.request)}

    def get_success_url(self, obj, dispute):
        return dispute.get_absolute_url()

    def get_page_context(self, obj, transition, form):
        ctx = super().get_page_context(obj, transition, form)
        return {**ctx, "cancel_url": reverse("disputes:workbench")}


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


def _settled(dispute: Dispute, _result) -> str:
    """已调解成功，已生成 9 次回访，首次 12-04."""
    planned = FollowUpVisit.objects.filter(dispute=dispute, status=VisitStatus.PLANNED).order_by(
        "due_on"
    )
    first = planned.first()
    if first is None:
        return _("Settled.")
    return _("Settled; %(n)s follow-up visits planned, the first on %(first)s.") % {
        "n": planned.count(),
        "first": first.due_on.strftime("%m-%d"),
    }


class DisputeTransitionView(DisputesPage, TransitionView):
    """One small POST view for every transition; the action does the work and the checks."""

    model = Dispute
    select_related = ("area", "category")
    transitions = {
        "session": Transition(
            record_session,
            SessionForm,
            gettext_lazy("Mediation session recorded."),
            title=gettext_lazy("Record a mediation session"),
        ),
        "plan": Transition(
            save_mediation_plan,
            PlanForm,
            gettext_lazy("Plan saved."),
            title=gettext_lazy("One case, one plan (一案一策)"),
            form_kwargs=lambda d: {"instance": MediationPlan.objects.filter(dispute=d).first()},
        ),
        "escalate": Transition(
            escalate_dispute,
            EscalateForm,
            gettext_lazy("Escalated to %(tier)s; %(mediator)s is now responsible."),
            title=gettext_lazy("Escalate to the next tier"),
            form_kwargs=lambda d: {"dispute": d},
        ),
        "reassign": Transition(
            reassign_mediator,
            ReassignForm,
            gettext_lazy("%(mediator)s is now the responsible mediator."),
            title=gettext_lazy("Change the mediator"),
            form_kwargs=lambda d: {"dispute": d},
        ),
        "settle": Transition(
            settle_dispute, SettleForm, _settled, title=gettext_lazy("Settle with an agreement")
        ),
        "refer": Transition(
            refer_dispute,
            ReferForm,
            gettext_lazy("Referred out."),
            title=gettext_lazy("Refer out"),
        ),
        "withdraw": Transition(
            withdraw_dispute,
            ReasonForm,
            gettext_lazy("Closed: withdrawn by the parties."),
            title=gettext_lazy("Withdrawn by the parties"),
        ),
    }

    def allowed(self, dispute: Dispute) -> list[str]:
        if dispute.status != DisputeStatus.OPEN:
            return []
        return [
            name
            for name in self.transitions
            if not (name == "escalate" and dispute.tier >= Tier.PROFESSIONAL)
        ]


class DisputeDetailView(DisputesPage, ObjectDetailView):
    model = Dispute
    context_object_name = "dispute"
    select_related = ("category", "area", "mediator", "source_request", "created_by")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        dispute, user = self.object, self.request.user
        parties = list(dispute.party_links.select_related("person__area").order_by("role", "pk"))
        # Whole names only for roles that open sensitive files, and each such read is logged.
        show_names = user.holds_role_over(dispute.area, SENSITIVE_ROLES)
        if show_names and parties:
            AuditEntry.record(user, AuditEntry.Action.VIEW, dispute, "parties")
        for link in parties:
            link.shown_name = link.person.name if show_names else mask_name(link.person.name)
        transitions = DisputeTransitionView.transitions
        allowed = DisputeTransitionView().allowed(dispute) if ctx["can_change"] else []
        ctx.update(
            parties=parties,
            show_names=show_names,
            handlings=dispute.handlings.select_related("mediator"),
            sessions=MediationSession.objects.visible_to(user)
            .filter(dispute=dispute)
            .select_related("recorded_by"),
            agreements=dispute.agreements.all(),
            plan=MediationPlan.objects.filter(dispute=dispute).first(),
            events=DisputeEvent.objects.visible_to(user)
            .filter(dispute=dispute)
            .select_related("actor"),
            visits=FollowUpVisit.objects.visible_to(user)
            .filter(dispute=dispute)
            .select_related("assignee")
            .order_by("settlement_round", "sequence"),
            risks=RiskItem.objects.visible_to(user).filter(dispute=dispute),
            allowed=set(allowed),
            today=timezone.localdate(),
            # auto_id: several forms on one page have a "reason"; ids must stay unique
            action_forms=[
                (
                    name,
                    transitions[name].title,
                    transitions[name].make_form(dispute, user, auto_id=f"{name}-%s"),
                )
                for name in allowed
            ],
        )
        return ctx
