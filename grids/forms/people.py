"""The person form."""

from django import forms

from grids.choices import AreaKind
from grids.forms.base import ScopedModelForm
from grids.models import Person


class PersonForm(ScopedModelForm):
    area_fields = {"area": (AreaKind.GRID, AreaKind.BUILDING)}

    class Meta:
        model = Person
        fields = [
            "name",
            "kind",
            "is_party_member",
            "gender",
            "birth_date",
            "area",
            "room",
            "phone",
            "id_number",
            "notes",
        ]
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"})}
