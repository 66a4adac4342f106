"""What every disputes page shares: the section's navigation, from the menu registry."""

from grids.menu import section_links
from grids.models import User


def section_nav(user: User) -> list[tuple[str, str]]:
    """The mediation section's links the user may open (disputes/navigation.py)."""
    return section_links(user, "disputes")


class DisputesPage:
    """A page of the mediation section: its links above the content."""

    section_nav = staticmethod(section_nav)
