"""Intake and the transition forms of a dispute; each maps onto one action."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disputes.actions.disputes import eligible_mediators, mediators_near
from disputes.choices import (
    IntakeChannel,
    MediationMode,
    ReferralTarget,
    RiskLevel,
    SessionResult,
    Tier,
)
from disputes.forms.base import DATE, DATETIME, PersonChoices, _text, active_users
from disputes.models import (
    Dispute,
    DisputeCategory,
    MediationPlan,
)
from grids.choices import AreaKind
from grids.models import Area, Person, ServiceRequest, User
from grids.models.requests import normalise_public_id


class IntakeForm(forms.Form):
    """一站式接收: everything `actions.receive_dispute` needs, on one phone screen."""

    area = forms.ModelChoiceField(label=_("place"), queryset=Area.objects.none())
    category = forms.ModelChoiceField(
        label=_("category"), queryset=DisputeCategory.objects.filter(is_active=True)
    )
    summary = _text(_("summary"), rows=4)
    applicants = PersonChoices(
        label=_("applicants"), queryset=Person.objects.none(), required=False
    )
    respondents = PersonChoices(
        label=_("respondents"), queryset=Person.objects.none(), required=False
    )
    channel = forms.ChoiceField(label=_("intake channel"), choices=IntakeChannel.choices)
    risk_level = forms.ChoiceField(
        label=_("risk level"), choices=RiskLevel.choices, initial=RiskLevel.LOW
    )
    mode = forms.ChoiceField(label=_("mediation mode"), choices=MediationMode.choices)
    tier = forms.TypedChoiceField(label=_("tier"), choices=Tier.choices, coerce=int)
    mediator = forms.ModelChoiceField(label=_("responsible mediator"), queryset=active_users())
    source_request = forms.CharField(
        label=_("from resident request (request number)"), max_length=40, required=False
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["area"].queryset = Area.objects.where_user_may_change(user, Dispute).filter(
            kind__in=[AreaKind.COMMUNITY, AreaKind.GRID, AreaKind.BUILDING]
        )
        people = Person.objects.visible_to(user).select_related("area")
        self.fields["applicants"].queryset = self.fields["respondents"].queryset = people
        self.fields["mediator"].queryset = mediators_near(self.fields["area"].queryset)

    def clean_source_request(self) -> ServiceRequest | None:
        code = self.cleaned_data["source_request"]
        if not code:
            return None
        found = (
            ServiceRequest.objects.visible_to(self.user)
            .filter(public_id=normalise_public_id(code))
            .first()
        )
        if found is None:
            raise ValidationError(_("No request you can see has this number."))
        return found

    def clean(self):
        cleaned = super().clean()
        both = set(cleaned.get("applicants") or ()) & set(cleaned.get("respondents") or ())
        if both:
            self.add_error("respondents", _("Nobody is on both sides of a dispute."))
        return cleaned


# ---- transitions of a dispute (field names = the action's keyword arguments) ---------------


class SessionForm(forms.Form):
    held_at = forms.DateTimeField(label=_("held at"), widget=DATETIME, initial=timezone.now)
    attendees = forms.CharField(label=_("who attended"), max_length=500)
    notes = _text(_("notes"))
    result = forms.ChoiceField(label=_("result"), choices=SessionResult.choices)


class PlanForm(forms.ModelForm):
    class Meta:
        model = MediationPlan
        fields = ["plan", "experts", "steps"]
        widgets = {
            "plan": forms.Textarea(attrs={"rows": 3}),
            "steps": forms.Textarea(attrs={"rows": 3}),
        }


class ReasonForm(forms.Form):
    reason = _text(_("reason"), rows=2)


class EscalateForm(ReasonForm):
    """The receiving mediator from those who may mediate at the next tier for the place."""

    mediator = forms.ModelChoiceField(
        label=_("receiving mediator at the next tier"), queryset=active_users()
    )

    def __init__(self, *args, dispute: Dispute | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if dispute is not None and dispute.tier < Tier.PROFESSIONAL:
            self.fields["mediator"].queryset = eligible_mediators(dispute.area, dispute.tier + 1)


class ReassignForm(ReasonForm):
    """The new mediator from those who may mediate at the dispute's tier for the place."""

    mediator = forms.ModelChoiceField(label=_("new responsible mediator"), queryset=active_users())

    def __init__(self, *args, dispute: Dispute | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if dispute is not None:
            self.fields["mediator"].queryset = eligible_mediators(dispute.area, dispute.tier)


class SettleForm(forms.Form):
    terms = _text(_("terms of the agreement"), rows=4)
    signed_on = forms.DateField(label=_("signed on"), widget=DATE, initial=timezone.localdate)
    signed_by = forms.CharField(label=_("signed by"), max_length=300)


class ReferForm(ReasonForm):
    target = forms.ChoiceField(label=_("referred to"), choices=ReferralTarget.choices)
    civil_to_criminal = forms.BooleanField(
        label=_("became a criminal case (民转刑)"), required=False
    )


# ---- follow-up visits -------------------------------------------------------------------------
