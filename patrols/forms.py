"""Forms of the patrols pages; every choice list holds only what the user may pick."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disputes.choices import RiskNature, Urgency
from grids.generic.forms import ScopedModelForm, visible_users
from grids.models import Person, RequestCategory, User
from patrols.models import (
    GuardDuty,
    GuardSlot,
    KeyPlace,
    PatrolLog,
    PatrolTeam,
    School,
    SchoolHoliday,
    SchoolTerm,
    TeamMember,
)
from patrols.models.teams import within

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PatrolTeamForm(ScopedModelForm):
    class Meta:
        model = PatrolTeam
        fields = ["name", "area", "leader", "is_active"]


class KeyPlaceForm(ScopedModelForm):
    class Meta:
        model = KeyPlace
        fields = [
            "name",
            "kind",
            "area",
            "address",
            "latitude",
            "longitude",
            "times_per_day",
            "set_hours",
        ]


class PatrolLogForm(ScopedModelForm):
    """Start a patrol (with its team and who takes part) or correct one (the team stays)."""

    users = forms.ModelMultipleChoiceField(
        User.objects.all(),
        label=_("accounts taking part"),
        required=False,
        help_text=_("Nobody chosen: you take part yourself."),
    )
    people = forms.ModelMultipleChoiceField(
        Person.objects.all(), label=_("registered people taking part"), required=False
    )

    class Meta:
        model = PatrolLog
        fields = ["team", "mode", "red_armband", "extra_volunteers", "weather", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = self.fields["team"].queryset.filter(is_active=True)
        self.fields["users"].queryset = visible_users(self.user)
        if self.instance.pk:
            for name in ("team", "users", "people"):  # who took part is kept as started
                del self.fields[name]


class TickForm(forms.Form):
    place = forms.ModelChoiceField(KeyPlace.objects.all(), label=_("place"))
    client_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, log: PatrolLog | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if log is not None:
            area = log.team.area
            self.fields["place"].queryset = KeyPlace.objects.filter(
                area__tree_id=area.tree_id, area__lft__gte=area.lft, area__lft__lte=area.rght
            )


class FindingForm(forms.Form):
    text = forms.CharField(
        label=_("what was found"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    place = forms.ModelChoiceField(KeyPlace.objects.all(), label=_("place"), required=False)
    photo = forms.FileField(label=_("photo"), required=False)
    client_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, log: PatrolLog | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if log is not None:
            self.fields["place"].queryset = TickForm(log=log).fields["place"].queryset


class StopForm(forms.Form):
    extra_volunteers = forms.IntegerField(label=_("extra volunteers"), min_value=0, required=False)
    notes = forms.CharField(
        label=_("notes"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_notes(self):
        return self.cleaned_data["notes"] or None


class FindingToRequestForm(forms.Form):
    category = forms.ModelChoiceField(
        RequestCategory.objects.filter(is_active=True), label=_("category")
    )


class FindingToRiskForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=100)
    nature = forms.ChoiceField(label=_("nature"), choices=RiskNature.choices)
    urgency = forms.ChoiceField(label=_("urgency"), choices=Urgency.choices)
    owner = forms.ModelChoiceField(User.objects.all(), label=_("owner"))
    deadline = forms.DateField(label=_("deadline"), widget=DATE)


class RotaForm(forms.Form):
    school = forms.ModelChoiceField(School.objects.all(), label=_("school"))
    term = forms.ModelChoiceField(SchoolTerm.objects.all(), label=_("term"))
    users = forms.ModelMultipleChoiceField(
        User.objects.all(), label=_("accounts on duty"), required=False
    )
    people = forms.ModelMultipleChoiceField(
        Person.objects.all(), label=_("people on duty"), required=False
    )
    per_slot = forms.IntegerField(label=_("people per post"), min_value=1, max_value=6, initial=2)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = visible_users(user)
        self.fields["school"].queryset = School.objects.visible_to(user, "change")

    def clean(self):
        data = super().clean()
        chosen = [*data.get("users", []), *data.get("people", [])]
        if not chosen:
            raise forms.ValidationError(_("Name at least one person for the rota."))
        return {
            "school": data["school"],
            "term": data["term"],
            "people": chosen,
            "per_slot": data.get("per_slot") or 2,
        }


class DutyChoiceField(forms.ModelChoiceField):
    """A duty named by its post: 03-02 上午 · 东风小学 · 张三."""

    def label_from_instance(self, duty: GuardDuty) -> str:
        slot = duty.slot
        return f"{slot.date:%m-%d} {slot.get_half_day_display()} · {slot.school} · {duty}"


class SwapForm(forms.Form):
    """Two duties of one school trade their people: one at this post, one at another."""

    first = DutyChoiceField(GuardDuty.objects.none(), label=_("on duty here"))
    second = DutyChoiceField(GuardDuty.objects.none(), label=_("swap with"))

    def __init__(self, *args, slot: GuardSlot, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        duties = GuardDuty.objects.select_related("slot__school", "user", "person")
        self.fields["first"].queryset = duties.filter(slot=slot)
        # Upcoming posts of the same school that the user may plan, not checked in yet.
        self.fields["second"].queryset = (
            duties.filter(
                pk__in=GuardDuty.objects.visible_to(user, "change").values("pk"),
                slot__school=slot.school_id,
                slot__date__gte=timezone.localdate(),
                slot__checked_in_at__isnull=True,
            )
            .exclude(slot=slot)
            .order_by("slot__date", "slot__starts_at", "pk")
        )


class TeamMemberForm(ScopedModelForm):
    """A member of a team the user may change: an account or a registered person."""

    class Meta:
        model = TeamMember
        fields = ["team", "kind", "user", "person"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = PatrolTeam.objects.visible_to(self.user, "change")
        if self.instance.pk:
            del self.fields["team"]  # a member moves by leaving one team and joining another


class SchoolForm(ScopedModelForm):
    class Meta:
        model = School
        fields = ["name", "area", "address", "place", "is_active"]

    def clean(self):
        data = super().clean()
        place, area = data.get("place"), data.get("area")
        if place and area and not within(place.area, area):
            self.add_error("place", _("This place lies outside the school's area."))
        return data


class SchoolTermForm(ScopedModelForm):
    class Meta:
        model = SchoolTerm
        fields = ["name", "area", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE, "ends_on": DATE}


class SchoolHolidayForm(ScopedModelForm):
    """Days off inside a term the user may change."""

    class Meta:
        model = SchoolHoliday
        fields = ["term", "name", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = SchoolTerm.objects.visible_to(self.user, "change")
        if self.instance.pk:
            del self.fields["term"]
