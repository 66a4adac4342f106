"""Screenings, risks and key-person files."""

from django import forms
from django.utils.translation import gettext_lazy as _

from disputes.forms.base import DATE, _text, active_users
from disputes.models import (
    Dispute,
    KeyPerson,
    RiskItem,
    ScreeningCampaign,
)
from grids.forms.base import ScopedModelForm
from grids.models import User


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
