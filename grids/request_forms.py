"""Forms of resident requests: the public QR form, the rating form, worker actions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from grids.choices import STAFF_SOURCES, AreaKind
from grids.images import clean_photo
from grids.models import Area, RequestCategory, ServiceRequest, User
from grids.validators import validate_phone


class PhotoField(forms.FileField):
    """A photo checked from its bytes and re-encoded without metadata."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        return clean_photo(upload) if upload else None


class ResidentRequestForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("What is it about?"),
        queryset=RequestCategory.objects.filter(is_active=True),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    description = forms.CharField(
        label=_("Describe the problem"),
        max_length=2000,
        min_length=5,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    photo = PhotoField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPEG, PNG or WebP, at most 10 MB. Location data is removed."),
    )
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


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=[(n, "★" * n) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TrackingLookupForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=20)


class StaffRequestForm(forms.Form):
    """A worker files a request found while door-knocking, on patrol, by phone, at the desk."""

    source = forms.ChoiceField(
        label=_("source"), choices=[(s.value, s.label) for s in STAFF_SOURCES]
    )
    area = forms.ModelChoiceField(label=_("place"), queryset=Area.objects.none())
    category = forms.ModelChoiceField(
        label=_("category"), queryset=RequestCategory.objects.filter(is_active=True)
    )
    description = forms.CharField(
        label=_("description"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    resident_name = forms.CharField(label=_("resident's name"), max_length=50, required=False)
    resident_phone = forms.CharField(
        label=_("resident's phone"), max_length=20, required=False, validators=[validate_phone]
    )
    photo = PhotoField(label=_("photo"), required=False)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.where_user_may_change(
            user, ServiceRequest
        ).filter(kind__in=[AreaKind.GRID, AreaKind.BUILDING])


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("progress note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photo = PhotoField(label=_("photo"), required=False)


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("result"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class TransferForm(ReasonForm):
    to_grid = forms.ModelChoiceField(
        label=_("to grid"), queryset=Area.objects.filter(kind=AreaKind.GRID)
    )

    def __init__(self, *args, request_obj: ServiceRequest, **kwargs):
        super().__init__(*args, **kwargs)
        # Any grid of the same sub-district: the receiving grid may be outside the worker's scope.
        self.fields["to_grid"].queryset = Area.objects.filter(
            kind=AreaKind.GRID, tree_id=request_obj.grid.tree_id
        ).exclude(pk=request_obj.grid_id)
