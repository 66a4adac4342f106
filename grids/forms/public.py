"""The resident's forms: the QR request form, the rating, the tracking-code lookup."""

from django import forms
from django.utils.translation import gettext_lazy as _

from grids.forms.requests import PhotoField
from grids.models import RequestCategory
from grids.validators import validate_phone


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
