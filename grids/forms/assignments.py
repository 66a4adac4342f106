"""The assignment form: only roles the user may grant, only areas they may change."""

from django.core.exceptions import ValidationError
from django.db.models import Q

from grids.actions.areas import check_can_grant, check_can_revoke
from grids.generic.forms import ScopedModelForm, visible_users
from grids.models import Assignment, User


class AssignmentForm(ScopedModelForm):
    class Meta:
        model = Assignment
        fields = ["user", "role", "area"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # Besides the accounts working in or above the user's areas: new accounts that hold
        # no role yet, which an official is here to place.
        known = visible_users(user).values("pk")
        self.fields["user"].queryset = User.objects.filter(
            Q(pk__in=known) | Q(is_active=True, assignments__isnull=True)
        ).order_by("username")

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
