"""Care file forms: the file itself, a care visit, closing a file."""

from django import forms
from django.utils.translation import gettext_lazy as _

from grids.choices import AreaKind, CareVisitKind, PersonKind
from grids.generic.forms import DateField, ScopedModelForm
from grids.models import CareFile, Person


class CareFileForm(ScopedModelForm):
    area_kinds = {"area": (AreaKind.GRID, AreaKind.BUILDING)}

    class Meta:
        model = CareFile
        fields = [
            "person",
            "area",
            "kind",
            "needs",
            "helper_user",
            "helper_person",
            "visit_every_days",
            "opened_on",
        ]
        widgets = {"needs": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["helper_person"].queryset = self.fields["helper_person"].queryset.exclude(
            kind=PersonKind.RESIDENT
        )


class CareVisitForm(forms.Form):
    """A care visit as the helper records it from a phone."""

    kind = forms.ChoiceField(label=_("kind"), choices=CareVisitKind.choices)
    visited_on = DateField(label=_("visited on"), widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(
        label=_("notes"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    systolic = forms.IntegerField(
        label=_("blood pressure, systolic (mmHg)"), required=False, min_value=50, max_value=260
    )
    diastolic = forms.IntegerField(
        label=_("blood pressure, diastolic (mmHg)"), required=False, min_value=30, max_value=160
    )
    reading_note = forms.CharField(label=_("reading note"), max_length=200, required=False)
    visitor_person = forms.ModelChoiceField(
        label=_("visited by (volunteer)"),
        queryset=Person.objects.exclude(kind=PersonKind.RESIDENT),
        required=False,
        help_text=_("Empty: the file's volunteer helper, or you."),
    )
    hours = forms.DecimalField(
        label=_("volunteer hours"),
        required=False,
        min_value=0.5,
        max_value=24,
        decimal_places=1,
        help_text=_("For a volunteer's visit; 1 hour when empty."),
    )


class CloseCareFileForm(forms.Form):
    reason = forms.CharField(label=_("why closed"), max_length=200)
