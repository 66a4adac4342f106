"""What every publicity page shares: the section's links, and edit pages whose save calls an
action (its errors shown on the form, nothing saved)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from grids.generic.forms import add_action_errors
from grids.menu import section_links


def section_nav(user) -> list[tuple[str, str]]:
    return section_links(user, "publicity")


class PublicityPage:
    """A page of the publicity section: its links above the content."""

    section_nav = staticmethod(section_nav)


class ActionFormMixin:
    """An ObjectEditView whose `save()` calls an action: a refusal re-renders the form (400)."""

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, PermissionDenied):
                error = ValidationError(str(error))
            add_action_errors(form, error)
            return self.form_invalid(form)
