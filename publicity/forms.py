"""Forms of the publicity pages: a campaign with its goals, the few-taps activity form, a
case, an attachment. Every choice list is scoped (grids.generic.forms.ScopedModelForm)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.choices import AreaKind, Role
from grids.generic.forms import ScopedModelForm
from grids.images import clean_photo
from grids.models import Area
from publicity.choices import Channel, Metric
from publicity.models import Activity, Campaign, CampaignGoal, Case
from publicity.models.cases import clean_attachment


class CampaignForm(ScopedModelForm):
    """A campaign and one optional target per metric (blank: no goal for it)."""

    class Meta:
        model = Campaign
        fields = ["title", "area", "areas", "topics", "partners", "start", "end", "description"]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}),
            "end": forms.DateInput(attrs={"type": "date"}),
            "topics": forms.CheckboxSelectMultiple,
            "partners": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Target areas: anywhere the user may see (a community targets its grids).
        self.fields["areas"].queryset = Area.objects.visible_to(self.user).exclude(
            kind=AreaKind.BUILDING
        )
        current = {}
        if self.instance.pk:
            current = dict(self.instance.goals.values_list("metric", "target"))
        for metric in Metric:
            self.fields[f"goal_{metric.value}"] = forms.IntegerField(
                label=_("Goal: %(metric)s") % {"metric": metric.label},
                min_value=1,
                required=False,
                initial=current.get(metric.value),
            )

    def clean(self):
        data = super().clean()
        area, areas = data.get("area"), data.get("areas")
        if area and areas:
            outside = [
                a
                for a in areas
                if not (a.tree_id == area.tree_id and area.lft <= a.lft <= area.rght)
            ]
            if outside:
                self.add_error(
                    "areas", _("Target areas must lie inside %(area)s.") % {"area": area}
                )
        return data

    def goals(self) -> dict[str, int]:
        return {
            m.value: self.cleaned_data[f"goal_{m.value}"]
            for m in Metric
            if self.cleaned_data.get(f"goal_{m.value}")
        }

    def save_goals(self, campaign: Campaign) -> None:
        goals = self.goals()
        campaign.goals.exclude(metric__in=list(goals)).delete()
        for metric, target in goals.items():
            CampaignGoal.objects.update_or_create(
                campaign=campaign, metric=metric, defaults={"target": target}
            )


class ActivityForm(ScopedModelForm):
    """Few taps on a phone: WeChat push, today, the user's grid and its running campaigns
    are filled in; the counts and a photo are all that is left."""

    photo = forms.ImageField(label=_("photo"), required=False)

    class Meta:
        model = Activity
        fields = [
            "campaigns",
            "channel",
            "date",
            "area",
            "items_pushed",
            "people_reached",
            "copies_handed_out",
            "attendance",
            "reach_confirmed",
            "title",
            "material",
            "note",
        ]
        widgets = {
            "campaigns": forms.CheckboxSelectMultiple,
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "items_pushed": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "people_reached": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "copies_handed_out": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "attendance": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        running = Q(start__lte=today, end__gte=today)
        if self.instance.pk:  # a correction keeps its campaigns pickable, running or not
            running |= Q(pk__in=self.instance.campaigns.values("pk"))
        campaigns = self.fields["campaigns"].queryset.filter(running)
        self.fields["campaigns"].queryset = campaigns.order_by("-start", "pk")
        running = campaigns
        self.fields["material"].queryset = self.fields["material"].queryset.filter(
            status="published"
        )
        self.fields["channel"].initial = Channel.WECHAT_PUSH
        self.fields["items_pushed"].initial = 1
        if self.is_bound or self.instance.pk:
            return
        grids = self.fields["area"].queryset.filter(
            kind=AreaKind.GRID,
            pk__in=self.user.assignments.filter(role=Role.GRID_WORKER).values("area"),
        )
        if len(grids) == 1:
            (grid,) = grids
            self.initial.setdefault("area", grid.pk)
            ancestors = Q(
                areas__tree_id=grid.tree_id, areas__lft__lte=grid.lft, areas__rght__gte=grid.rght
            )
            self.initial.setdefault(
                "campaigns", list(running.filter(ancestors).values_list("pk", flat=True))
            )

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        return clean_photo(upload) if upload else None

    def _post_clean(self):
        # After the model's own checks, on the instance as the form changed it (a correction's
        # new date and area, not the ones it had): the campaigns' half of the rules.
        super()._post_clean()
        campaigns = self.cleaned_data.get("campaigns")
        if campaigns is not None and not self.errors:
            try:
                self.instance.clean_campaigns(list(campaigns))
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    self.add_error(field, messages)


class CaseForm(ScopedModelForm):
    class Meta:
        model = Case
        fields = ["title", "topic", "area", "summary", "lesson", "source_dispute"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 6}),
            "lesson": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = self.fields["topic"].queryset.filter(is_active=True)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("file (photo or PDF, at most 20 MB)"))
    caption = forms.CharField(label=_("caption"), max_length=200, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        clean_attachment(upload)  # raises the field's error; the action cleans it again
        upload.seek(0)
        return upload
