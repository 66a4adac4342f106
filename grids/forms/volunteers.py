"""Self-governance teams and volunteer hours recorded by hand (a team's activity)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from grids.choices import AreaKind, PersonKind, VolunteerActivityKind
from grids.generic.forms import DateField, ScopedModelForm
from grids.models import Person, SelfGovernanceTeam

# Activities with a row of their own (care visits, patrols) record their hours themselves.
BY_HAND = [
    VolunteerActivityKind.TEAM_ACTIVITY,
    VolunteerActivityKind.PUBLICITY,
    VolunteerActivityKind.DOOR_KNOCKING,
    VolunteerActivityKind.OTHER,
]


class SelfGovernanceTeamForm(ScopedModelForm):
    area_kinds = {"area": (AreaKind.COMMUNITY, AreaKind.GRID)}

    class Meta:
        model = SelfGovernanceTeam
        fields = ["name", "area", "leader", "members", "description", "founded_on", "is_active"]
        widgets = {
            "members": forms.SelectMultiple(attrs={"size": 8}),
            "founded_on": forms.DateInput(attrs={"type": "date"}),
        }


class VolunteerHoursForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("volunteer"), queryset=Person.objects.exclude(kind=PersonKind.RESIDENT)
    )
    date = DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.DecimalField(label=_("hours"), min_value=0.5, max_value=24, decimal_places=1)
    activity_kind = forms.ChoiceField(
        label=_("activity"), choices=[(k.value, k.label) for k in BY_HAND]
    )
    team = forms.ModelChoiceField(
        label=_("team"), queryset=SelfGovernanceTeam.objects.all(), required=False
    )
    description = forms.CharField(label=_("what was done"), max_length=200, required=False)
