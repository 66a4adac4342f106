"""The publicity app's menu section (registered from PublicityConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from grids.menu import MenuItem, MenuSection, register_menu
from grids.querysets import ACTION_CHANGE


def register() -> None:
    from publicity.models import Activity, Campaign, Case

    register_menu(
        MenuSection(
            "publicity",
            _("Publicity"),
            weight=40,
            items=(
                MenuItem(_("Campaigns"), "publicity:campaign_list", model=Campaign),
                MenuItem(_("Activities"), "publicity:activity_list", model=Activity),
                MenuItem(
                    _("Record an activity"),
                    "publicity:activity_add",
                    model=Activity,
                    action=ACTION_CHANGE,
                ),
                MenuItem(_("Case library"), "publicity:case_list", model=Case),
                # Reach by topic and channel, over the activities the user may see.
                MenuItem(_("Topics"), "publicity:topic_list", model=Activity),
            ),
        )
    )
