"""Forms; each is given the signed-in user and offers only choices inside their scope."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from grids.actions import check_can_grant
from grids.choices import AreaKind
from grids.models import Area, Assignment, Person, ServicePoint, ServiceTeam, User


class ScopedModelForm(forms.ModelForm):
    """Limits every area and person choice to the user's scope."""

    # field name → area kinds allowed there (None: any kind)
    area_fields: dict[str, tuple[str, ...] | None] = {}
    person_fields: tuple[str, ...] = ()

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        for name, kinds in self.area_fields.items():
            qs = Area.objects.where_user_may_change(user, self._meta.model)
            if kinds:
                qs = qs.filter(kind__in=kinds)
            self.fields[name].queryset = qs
        for name in self.person_fields:
            self.fields[name].queryset = Person.objects.visible_to(user).select_related("area")


class AreaForm(ScopedModelForm):
    area_fields = {"parent": (AreaKind.SUBDISTRICT, AreaKind.COMMUNITY, AreaKind.GRID)}

    class Meta:
        model = Area
        fields = ["kind", "parent", "name", "code", "address", "households", "population"]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("parent") and not self.user.is_superuser and "parent" not in self.errors:
            self.add_error("parent", _("Choose the area this one belongs to."))
        return cleaned


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


class AssignmentForm(ScopedModelForm):
    area_fields = {"area": None}

    class Meta:
        model = Assignment
        fields = ["user", "role", "area"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["user"].queryset = User.objects.filter(is_active=True).order_by("username")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") and cleaned.get("area"):
            try:
                check_can_grant(self.user, cleaned["role"], cleaned["area"])
            except ValidationError as exc:
                self.add_error(None, exc)
        return cleaned
