"""Forms of the staff side of resident requests: filing, notes, resolving, reasons, transfer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from grids.choices import STAFF_SOURCES, AreaKind
from grids.images import clean_photo
from grids.models import Area, RequestCategory, ServiceRequest, User
from grids.models.requests import DESCRIPTION_MAX
from grids.validators import validate_phone


class PhotoField(forms.FileField):
    """A photo checked from its bytes and re-encoded without metadata."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        return clean_photo(upload) if upload else None


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
        label=_("description"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
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
    public = forms.BooleanField(
        label=_("reply to the resident"),
        required=False,
        help_text=_("The resident reads this note on their tracking page."),
    )


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


class AssignGridForm(forms.Form):
    """分派: the grid a request waiting for triage goes to, one of the node's grids."""

    to_grid = forms.ModelChoiceField(label=_("grid"), queryset=Area.objects.none())
    note = forms.CharField(
        label=_("note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, request_obj: ServiceRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_grid"].queryset = (
            Area.objects.within(request_obj.grid).filter(kind=AreaKind.GRID).order_by("lft")
        )
