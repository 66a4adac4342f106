"""Widgets and fields the disputes forms share."""

import copy

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from grids.models import Person, User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def active_users():
    return User.objects.filter(is_active=True).order_by("username")


def _text(label, rows=3, **kwargs):
    return forms.CharField(
        label=label, max_length=4000, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


def person_label(person: Person) -> str:
    """张三 · 东风社区 · 第一网格 · 1号楼 301: a person told apart from namesakes."""
    return f"{person.name} · {person.area.full_name} {person.room}".strip()


class PersonPicker(forms.SelectMultiple):
    """A multi-select that holds only the people already chosen, not everyone the user may
    see; app.js puts a search box beside it that asks the scoped people search
    (disputes:person_search) and adds the picks as options."""

    def __init__(self, attrs=None):
        defaults = {
            "size": 3,
            "data-person-search": reverse_lazy("disputes:person_search"),
            "data-placeholder": _("Type a name to search"),
            "data-remove": _("Remove"),
        }
        super().__init__({**defaults, **(attrs or {})})

    def optgroups(self, name, value, attrs=None):
        chosen = [v for v in value if str(v).isdigit()]
        full = self.choices
        if hasattr(full, "queryset"):  # a ModelChoiceIterator: ask only for the chosen rows
            narrowed = copy.copy(full)
            narrowed.queryset = full.queryset.filter(pk__in=chosen)
            self.choices = narrowed
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = full


class PersonChoices(forms.ModelMultipleChoiceField):
    widget = PersonPicker

    def label_from_instance(self, person: Person) -> str:
        return person_label(person)
