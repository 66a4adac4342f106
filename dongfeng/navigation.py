"""The project's own menu entry and homes: the overview (registered in DongfengConfig.ready())."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dongfeng.overview.scope import OVERVIEW_ROLES
from grids.choices import Role
from grids.menu import MenuItem, MenuSection, register_home, register_menu


def overview(user) -> str:
    return reverse("overview")


def register() -> None:
    register_menu(
        MenuSection(
            "overview",
            _("Overview"),
            weight=5,
            items=(MenuItem(_("Overview"), "overview", roles=OVERVIEW_ROLES),),
        )
    )
    # Community staff and officials start from the overview, which leads down to the rest.
    register_home(Role.OFFICIAL, overview)
    register_home(Role.COMMUNITY_STAFF, overview)
