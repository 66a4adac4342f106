"""What every patrols page shares: the section's navigation, from the menu registry."""

from grids.menu import section_links
from grids.models import User


def section_nav(user: User) -> list[tuple[str, str]]:
    """The patrols section's links the user may open (patrols/navigation.py)."""
    return section_links(user, "patrols")


class PatrolsPage:
    """A page of the patrols section: its links above the content."""

    section_nav = staticmethod(section_nav)


class PartOfParentPage:
    """Add, edit and delete pages of a row shown on its parent's page (a team's member, a
    term's holiday): saving, deleting and cancelling lead back to that page, which the row's
    get_absolute_url() names; a new row names its parent in the URL (?team=3)."""

    parent_field: str

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if self.object is not None:
            ctx["cancel_url"] = self.object.get_absolute_url()
        else:
            parent_model = self.model._meta.get_field(self.parent_field).related_model
            raw = self.request.GET.get(self.parent_field, "")
            visible = parent_model.objects.visible_to(self.request.user)
            parent = visible.filter(pk=raw).first() if raw.isdigit() else None
            ctx["cancel_url"] = parent.get_absolute_url() if parent else ctx.get("cancel_url")
        return ctx

    def get_success_url(self):
        return self.object.get_absolute_url()
