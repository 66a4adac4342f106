"""Forms of the disputes pages; each offers only choices inside the signed-in user's scope.

The transition forms only collect input: their field names are the keyword arguments of the
matching function in disputes.actions, which does the checks (views call it with **data).
"""

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from disputes.choices import (
    IntakeChannel,
    MediationMode,
    PartyRole,
    ReferralTarget,
    RiskLevel,
    SessionResult,
    Tier,
    VisitMethod,
    VisitResult,
)
from disputes.models import (
    ClinicShift,
    Consultation,
    Dispute,
    DisputeCategory,
    KeyPerson,
    MediationPlan,
    RiskItem,
    ScreeningCampaign,
)
from grids.choices import AreaKind, Role
from grids.forms import ScopedModelForm
from grids.models import Area, Person, ServiceRequest, User
from grids.models.requests import normalise_tracking_code
from grids.querysets import ACTION_CHANGE

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def active_users():
    return User.objects.filter(is_active=True).order_by("username")


def add_action_errors(form: forms.Form, exc: ValidationError) -> None:
    """An action's error under the field it names, or on top of the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _text(label, rows=3, **kwargs):
    return forms.CharField(
        label=label, max_length=4000, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


class PersonChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, person: Person) -> str:
        return f"{person.name} · {person.area.name} {person.room}".strip()


class IntakeForm(forms.Form):
    """一站式接收: everything `actions.receive_dispute` needs, on one phone screen."""

    area = forms.ModelChoiceField(label=_("place"), queryset=Area.objects.none())
    category = forms.ModelChoiceField(
        label=_("category"), queryset=DisputeCategory.objects.filter(is_active=True)
    )
    summary = _text(_("summary"), rows=4)
    applicants = PersonChoices(
        label=_("applicants"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    respondents = PersonChoices(
        label=_("respondents"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    channel = forms.ChoiceField(label=_("intake channel"), choices=IntakeChannel.choices)
    risk_level = forms.ChoiceField(
        label=_("risk level"), choices=RiskLevel.choices, initial=RiskLevel.LOW
    )
    mode = forms.ChoiceField(label=_("mediation mode"), choices=MediationMode.choices)
    tier = forms.TypedChoiceField(label=_("tier"), choices=Tier.choices, coerce=int)
    mediator = forms.ModelChoiceField(label=_("responsible mediator"), queryset=active_users())
    source_request = forms.CharField(
        label=_("from resident request (tracking code)"), max_length=20, required=False
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["area"].queryset = Area.objects.where_user_may_change(user, Dispute).filter(
            kind__in=[AreaKind.COMMUNITY, AreaKind.GRID, AreaKind.BUILDING]
        )
        people = Person.objects.visible_to(user).select_related("area")
        self.fields["applicants"].queryset = self.fields["respondents"].queryset = people

    def clean_source_request(self) -> ServiceRequest | None:
        code = self.cleaned_data["source_request"]
        if not code:
            return None
        found = (
            ServiceRequest.objects.visible_to(self.user)
            .filter(tracking_code=normalise_tracking_code(code))
            .first()
        )
        if found is None:
            raise ValidationError(_("No request you can see has this tracking code."))
        return found

    def clean(self):
        cleaned = super().clean()
        both = set(cleaned.get("applicants") or ()) & set(cleaned.get("respondents") or ())
        if both:
            self.add_error("respondents", _("Nobody is on both sides of a dispute."))
        return cleaned

    def action_kwargs(self) -> dict:
        """The keyword arguments of actions.receive_dispute."""
        data = dict(self.cleaned_data)
        data["parties"] = [(p, PartyRole.APPLICANT) for p in data.pop("applicants")] + [
            (p, PartyRole.RESPONDENT) for p in data.pop("respondents")
        ]
        return data


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
    mediator = forms.ModelChoiceField(
        label=_("receiving mediator at the next tier"), queryset=active_users()
    )


class ReassignForm(ReasonForm):
    mediator = forms.ModelChoiceField(label=_("new responsible mediator"), queryset=active_users())


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


class VisitForm(forms.Form):
    method = forms.ChoiceField(label=_("how"), choices=VisitMethod.choices)
    result = forms.ChoiceField(label=_("result"), choices=VisitResult.choices)
    notes = _text(_("notes"), required=False)


class VisitReassignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("who visits"), queryset=active_users())


# ---- the legal clinic -------------------------------------------------------------------------


class RotaForm(forms.Form):
    """律师轮流坐班: the arguments of actions.generate_rota."""

    community = forms.ModelChoiceField(label=_("community"), queryset=Area.objects.none())
    lawyers = forms.ModelMultipleChoiceField(
        label=_("lawyers, in turn"),
        queryset=active_users().filter(assignments__role=Role.LEGAL_ADVISOR).distinct(),
        widget=forms.CheckboxSelectMultiple,
    )
    first_day = forms.DateField(label=_("first day"), widget=DATE, initial=timezone.localdate)
    weeks = forms.IntegerField(label=_("weeks"), min_value=1, max_value=52, initial=4)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("clinic days"),
        choices=sorted(WEEKDAYS.items()),
        coerce=int,
        initial=[2],
        widget=forms.CheckboxSelectMultiple,
    )
    starts_at = forms.TimeField(label=_("from"), widget=TIME, initial="09:00")
    ends_at = forms.TimeField(label=_("until"), widget=TIME, initial="12:00")

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = Area.objects.where_user_may_change(
            user, ClinicShift
        ).filter(kind=AreaKind.COMMUNITY)


class SwapForm(forms.Form):
    first = forms.ModelChoiceField(label=_("shift"), queryset=ClinicShift.objects.none())
    second = forms.ModelChoiceField(label=_("swap with"), queryset=ClinicShift.objects.none())

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        shifts = ClinicShift.objects.visible_to(user, ACTION_CHANGE)
        self.fields["first"].queryset = self.fields["second"].queryset = shifts


class ConsultationForm(ScopedModelForm):
    area_fields = {"area": None}

    class Meta:
        model = Consultation
        fields = ["shift", "area", "asked_by", "topic", "question", "advice", "follow_up_needed"]
        widgets = {
            "question": forms.Textarea(attrs={"rows": 3}),
            "advice": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        recent = timezone.localdate() - timedelta(days=90)
        self.fields["shift"].queryset = (
            ClinicShift.objects.visible_to(user)
            .filter(date__gte=recent)
            .select_related("community", "lawyer")
        )


# ---- source prevention ------------------------------------------------------------------------


class ScreeningCampaignForm(ScopedModelForm):
    area_fields = {"area": None}

    class Meta:
        model = ScreeningCampaign
        fields = ["kind", "date", "area", "leaders", "households_visited", "notes"]
        widgets = {"date": DATE, "leaders": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["leaders"].queryset = active_users()


class RiskItemForm(ScopedModelForm):
    area_fields = {"area": None}

    class Meta:
        model = RiskItem
        fields = [
            "area",
            "title",
            "description",
            "nature",
            "urgency",
            "owner",
            "deadline",
            "campaign",
            "dispute",
        ]
        # By number, not a select of every screening and dispute in scope.
        widgets = {
            "deadline": DATE,
            "campaign": forms.NumberInput,
            "dispute": forms.NumberInput,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["owner"].queryset = active_users()
        self.fields["campaign"].queryset = ScreeningCampaign.objects.visible_to(user)
        self.fields["dispute"].queryset = Dispute.objects.visible_to(user)


class ResolveRiskForm(forms.Form):
    resolution = _text(_("resolution"))


class KeyPersonForm(ScopedModelForm):
    area_fields = {"area": None}
    person_fields = ("person",)

    class Meta:
        model = KeyPerson
        fields = [
            "person",
            "area",
            "category",
            "risk_level",
            "reason",
            "measures",
            "responsible",
            "is_active",
        ]
        widgets = {
            "reason": forms.Textarea(attrs={"rows": 3}),
            "measures": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["responsible"].queryset = active_users()
