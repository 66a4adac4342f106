"""The clinic rota, swaps and consultations."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from disputes.forms.base import DATE, TIME, active_users
from disputes.models import (
    ClinicShift,
    Consultation,
)
from grids.choices import AreaKind, Role
from grids.generic.forms import ScopedModelForm
from grids.models import Area, User
from grids.querysets import ACTION_CHANGE


class RotaForm(forms.Form):
    """律师轮流坐班: the arguments of actions.generate_rota."""

    community = forms.ModelChoiceField(label=_("community"), queryset=Area.objects.none())
    lawyers = forms.ModelMultipleChoiceField(
        label=_("lawyers, in turn"),
        queryset=active_users().filter(assignments__role=Role.LEGAL_ADVISOR).distinct(),
        widget=forms.CheckboxSelectMultiple,
    )
    first_day = forms.DateField(label=_("first day"), widget=DATE, initial=timezone.localdate)
    weeks = forms.IntegerField(label=_("weeks"), min_value=1, max_value=52, initial=4)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("clinic days"),
        choices=sorted(WEEKDAYS.items()),
        coerce=int,
        initial=[2],
        widget=forms.CheckboxSelectMultiple,
    )
    starts_at = forms.TimeField(label=_("from"), widget=TIME, initial="09:00")
    ends_at = forms.TimeField(label=_("until"), widget=TIME, initial="12:00")

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = Area.objects.where_user_may_change(
            user, ClinicShift
        ).filter(kind=AreaKind.COMMUNITY)


class SwapForm(forms.Form):
    first = forms.ModelChoiceField(label=_("shift"), queryset=ClinicShift.objects.none())
    second = forms.ModelChoiceField(label=_("swap with"), queryset=ClinicShift.objects.none())

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        shifts = ClinicShift.objects.visible_to(user, ACTION_CHANGE)
        self.fields["first"].queryset = self.fields["second"].queryset = shifts


class ConsultationForm(ScopedModelForm):
    class Meta:
        model = Consultation
        fields = ["shift", "area", "asked_by", "topic", "question", "advice", "follow_up_needed"]
        widgets = {
            "question": forms.Textarea(attrs={"rows": 3}),
            "advice": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        recent = timezone.localdate() - timedelta(days=90)
        self.fields["shift"].queryset = (
            ClinicShift.objects.visible_to(user)
            .filter(date__gte=recent)
            .select_related("community", "lawyer")
        )


# ---- source prevention ------------------------------------------------------------------------
