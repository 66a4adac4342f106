"""The person form: phone and ID numbers stay masked for roles without the sensitive grant."""

from django import forms
from django.utils.translation import gettext_lazy as _

from grids.choices import SENSITIVE_ROLES, AreaKind
from grids.generic.forms import ScopedModelForm
from grids.models import AuditEntry, Person

WHOLE_NUMBER_FIELDS = {"phone": "masked_phone", "id_number": "masked_id_number"}


class WholeNumbersFormMixin:
    """A person's phone and ID number in an edit form, as the detail page shows them.

    Roles that grant sensitive files see the whole numbers, and each such read is written to
    the audit log. Everyone else sees them masked; sending the masked value back keeps the
    stored number, and changing it means typing the whole new one. Used by the page and the
    admin alike.
    """

    def setup_whole_numbers(self, user) -> None:
        person = self.instance
        self.shows_whole = (
            person.pk is None
            or user.is_superuser
            or user.holds_role_over(person.area, SENSITIVE_ROLES)
        )
        numbers = {name: getattr(person, name) for name in WHOLE_NUMBER_FIELDS}
        if person.pk is None or not any(numbers.values()):
            return
        if self.shows_whole:
            if not self.is_bound:
                AuditEntry.record(
                    user, AuditEntry.Action.VIEW, person, "phone, id_number (edit form)"
                )
            return
        for name, masked_attr in WHOLE_NUMBER_FIELDS.items():
            if name not in self.fields:
                continue
            masked = getattr(person, masked_attr)
            self.initial[name] = masked
            self.fields[name].help_text = _(
                "Hidden for your role; type the whole new number to change it."
            )
            key = self.add_prefix(name)
            if self.is_bound and masked and self.data.get(key) == masked:
                self.data = self.data.copy()
                self.data[key] = numbers[name]


class PersonForm(WholeNumbersFormMixin, ScopedModelForm):
    area_kinds = {"area": (AreaKind.GRID, AreaKind.BUILDING)}

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

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.setup_whole_numbers(user)
