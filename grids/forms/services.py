"""Service team and red station forms."""

from django import forms

from grids.forms.base import ScopedModelForm
from grids.models import ServicePoint, ServiceTeam


class ServiceTeamForm(ScopedModelForm):
    area_fields = {"area": None}
    person_fields = ("leader", "members")

    class Meta:
        model = ServiceTeam
        fields = ["name", "focus", "area", "leader", "members", "description"]
        widgets = {"members": forms.SelectMultiple(attrs={"size": 8})}


class ServicePointForm(ScopedModelForm):
    area_fields = {"area": None}

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
