"""Screenings, risks and key-person files."""

from django import forms
from django.utils.translation import gettext_lazy as _

from disputes.forms.base import DATE, _text
from disputes.models import (
    KeyPerson,
    RiskItem,
    ScreeningCampaign,
)
from grids.generic.forms import ScopedModelForm


class ScreeningCampaignForm(ScopedModelForm):
    class Meta:
        model = ScreeningCampaign
        fields = ["kind", "date", "area", "leaders", "households_visited", "notes"]
        widgets = {"date": DATE, "leaders": forms.SelectMultiple(attrs={"size": 6})}


class RiskItemForm(ScopedModelForm):
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


class ResolveRiskForm(forms.Form):
    resolution = _text(_("resolution"))


class KeyPersonForm(ScopedModelForm):
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
