"""Forms of the deliberation hall: the resident's proposal, staff's matter, triage, meetings,
milestones."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from grids.choices import QR_KINDS, AttendeeKind, MatterStatus
from grids.generic.forms import ScopedModelForm
from grids.images import clean_photo
from grids.models import Matter, Person
from grids.models.deliberation import TEXT_MAX, TITLE_MAX
from grids.validators import validate_phone

MAX_PHOTOS = 3


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to three photos, each checked from its bytes and re-encoded without metadata."""

    widget = MultiplePhotoInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Photos (optional)"))
        kwargs.setdefault("help_text", _("Up to 3 JPEG, PNG or WebP photos, at most 10 MB each."))
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", "image/jpeg,image/png,image/webp")

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data]
        uploads = [upload for upload in uploads if upload]
        if len(uploads) > MAX_PHOTOS:
            raise ValidationError(_("At most %(n)d photos.") % {"n": MAX_PHOTOS})
        return [clean_photo(super(PhotosField, self).clean(upload, initial)) for upload in uploads]


class ResidentMatterForm(forms.Form):
    """提议事项: what a resident proposes for the grid deliberation hall (网格议事厅)."""

    title = forms.CharField(label=_("Your proposal in one line"), max_length=TITLE_MAX)
    description = forms.CharField(
        label=_("What should be done, and why?"),
        max_length=2000,
        min_length=5,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    photos = PhotosField()
    resident_name = forms.CharField(label=_("Your name (optional)"), max_length=50, required=False)
    resident_phone = forms.CharField(
        label=_("Your phone (optional)"),
        max_length=20,
        required=False,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )
    anonymous = forms.BooleanField(label=_("Keep me anonymous"), required=False)
    # A honeypot: hidden from people, filled by bots.
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"})
    )

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Please leave this field empty."))
        return ""


class MatterForm(ScopedModelForm):
    """Staff raise a matter (heard at the desk, at a meeting, on a door-knocking round)."""

    area_kinds = {"area": tuple(QR_KINDS)}
    photos = PhotosField()

    class Meta:
        model = Matter
        fields = ["area", "title", "description", "resident_name", "resident_phone", "anonymous"]
        labels = {"resident_name": _("resident's name"), "resident_phone": _("resident's phone")}
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class AcceptForm(forms.Form):
    note = forms.CharField(label=_("note (optional)"), max_length=2000, required=False)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("reason (the resident reads it)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(label=_("the matter it duplicates"), queryset=Matter.objects)
    note = forms.CharField(label=_("note (optional)"), max_length=2000, required=False)

    def __init__(self, *args, matter: Matter, **kwargs):
        super().__init__(*args, **kwargs)
        # Matters of the same community still being dealt with (scope_choices then keeps
        # only those the user may see).
        self.fields["into"].queryset = (
            Matter.objects.of_community(matter.grid.parent_id)
            .exclude(pk=matter.pk)
            .exclude(status__in=[MatterStatus.DECLINED, MatterStatus.MERGED])
        )


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("held on"), widget=forms.DateInput(attrs={"type": "date"}))
    attendee_kinds = forms.MultipleChoiceField(
        label=_("who attended"),
        choices=AttendeeKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    people = forms.ModelMultipleChoiceField(
        label=_("people from the registry"), queryset=Person.objects, required=False
    )
    other_attendees = forms.CharField(label=_("other attendees"), max_length=500, required=False)
    minutes = forms.CharField(
        label=_("minutes"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    decision = forms.CharField(
        label=_("decision"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A decision starts the handling."),
    )
    responsible_bodies = forms.CharField(
        label=_("responsible bodies"), max_length=300, required=False
    )
    budget = forms.DecimalField(
        label=_("budget (yuan)"), min_value=0, max_digits=12, decimal_places=2, required=False
    )

    def __init__(self, *args, matter: Matter, **kwargs):
        super().__init__(*args, **kwargs)
        community = matter.grid.parent
        self.fields["people"].queryset = Person.objects.filter(
            area__tree_id=community.tree_id,
            area__lft__gte=community.lft,
            area__lft__lte=community.rght,
        ).order_by("name")


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("what was done"), max_length=200)
    progress = forms.IntegerField(label=_("progress (%)"), min_value=0, max_value=100)
    reached_on = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label=_("reason for going back"),
        max_length=500,
        required=False,
        help_text=_("Only when the progress goes back."),
    )
    photos = PhotosField()
