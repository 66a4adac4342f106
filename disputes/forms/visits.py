"""Recording and reassigning a follow-up visit."""

from django import forms
from django.utils.translation import gettext_lazy as _

from disputes.choices import (
    VisitMethod,
    VisitResult,
)
from disputes.forms.base import _text, active_users


class VisitForm(forms.Form):
    method = forms.ChoiceField(label=_("how"), choices=VisitMethod.choices)
    result = forms.ChoiceField(label=_("result"), choices=VisitResult.choices)
    notes = _text(_("notes"), required=False)


class VisitReassignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("who visits"), queryset=active_users())


# ---- the legal clinic -------------------------------------------------------------------------
