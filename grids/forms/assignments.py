"""The assignment form: only roles the user may grant, only areas they may change."""

from django.core.exceptions import ValidationError

from grids.actions.areas import check_can_grant, check_can_revoke
from grids.forms.base import ScopedModelForm
from grids.models import Assignment, User


class AssignmentForm(ScopedModelForm):
    area_fields = {"area": None}

    class Meta:
        model = Assignment
        fields = ["user", "role", "area"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["user"].queryset = User.objects.filter(is_active=True).order_by("username")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") and cleaned.get("area"):
            try:
                if self.instance.pk:  # what it was, before the form changed it
                    check_can_revoke(self.user, Assignment.objects.get(pk=self.instance.pk))
                check_can_grant(self.user, cleaned["role"], cleaned["area"])
            except ValidationError as exc:
                self.add_error(None, exc)
        return cleaned
