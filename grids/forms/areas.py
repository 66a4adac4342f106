"""The area form (tree rules are in the model)."""

from django.utils.translation import gettext_lazy as _

from grids.choices import AreaKind
from grids.generic.forms import ScopedModelForm
from grids.models import Area


class AreaForm(ScopedModelForm):
    area_kinds = {"parent": (AreaKind.SUBDISTRICT, AreaKind.COMMUNITY, AreaKind.GRID)}

    class Meta:
        model = Area
        fields = ["kind", "parent", "name", "code", "address", "households", "population"]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("parent") and not self.user.is_superuser and "parent" not in self.errors:
            self.add_error("parent", _("Choose the area this one belongs to."))
        return cleaned
