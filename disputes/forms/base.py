"""Widgets and fields the disputes forms share."""

from django import forms

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


class PersonChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, person: Person) -> str:
        return f"{person.name} · {person.area.full_name} {person.room}".strip()
