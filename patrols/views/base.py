"""What every patrols page shares: the section's navigation, from the menu registry."""

from grids.menu import section_links
from grids.models import User


def section_nav(user: User) -> list[tuple[str, str]]:
    """The patrols section's links the user may open (patrols/navigation.py)."""
    return section_links(user, "patrols")


class PatrolsPage:
    """A page of the patrols section: its links above the content."""

    section_nav = staticmethod(section_nav)
