"""Door-knocking forms: a round, and an issue it found (filed as a resident request)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grids.choices import AreaKind
from grids.generic.forms import ScopedModelForm
from grids.models import Area, DoorKnockRound, RequestCategory
from grids.models.care import within
from grids.models.requests import DESCRIPTION_MAX


class DoorKnockRoundForm(ScopedModelForm):
    area_kinds = {"grid": (AreaKind.GRID,)}

    class Meta:
        model = DoorKnockRound
        fields = [
            "date",
            "grid",
            "participants",
            "volunteers",
            "buildings",
            "households_visited",
            "notes",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        buildings = self.fields["buildings"]
        buildings.queryset = Area.objects.visible_to(self.user).filter(kind=AreaKind.BUILDING)

    def clean(self):
        data = super().clean()
        grid = data.get("grid")
        if grid is not None:
            outside = [b for b in data.get("buildings") or [] if not within(b, grid)]
            if outside:
                self.add_error(
                    "buildings",
                    _("%(name)s is not a building of this grid.") % {"name": outside[0]},
                )
        return data


class IssueForm(forms.Form):
    """What the round found: becomes a resident request in the same step."""

    category = forms.ModelChoiceField(
        label=gettext_lazy("category"), queryset=RequestCategory.objects.filter(is_active=True)
    )
    building = forms.ModelChoiceField(
        label=gettext_lazy("building"), queryset=Area.objects.none(), required=False
    )
    description = forms.CharField(
        label=gettext_lazy("description"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, round_: DoorKnockRound | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if round_ is not None:
            grid = round_.grid
            self.fields["building"].queryset = Area.objects.filter(
                kind=AreaKind.BUILDING, tree_id=grid.tree_id, lft__gt=grid.lft, lft__lt=grid.rght
            )
