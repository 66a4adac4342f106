"""Service team and red station forms."""

from django import forms

from grids.generic.forms import ScopedModelForm
from grids.models import ServicePoint, ServiceTeam


class ServiceTeamForm(ScopedModelForm):
    class Meta:
        model = ServiceTeam
        fields = ["name", "focus", "area", "leader", "members", "description"]
        widgets = {"members": forms.SelectMultiple(attrs={"size": 8})}


class ServicePointForm(ScopedModelForm):
    class Meta:
        model = ServicePoint
        fields = [
            "name",
            "area",
            "location",
            "latitude",
            "longitude",
            "services",
            "shared_tools",
            "opening_hours",
            "contact_phone",
        ]
