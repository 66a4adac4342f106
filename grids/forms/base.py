"""The scoped model form every app's edit pages use."""

from django import forms

from grids.models import Area, Person, User


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
