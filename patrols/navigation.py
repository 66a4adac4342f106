"""The patrols app's menu section (PatrolsConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from grids.menu import MenuItem, MenuSection, register_menu
from grids.querysets import ACTION_CHANGE


def register() -> None:
    from patrols.models import GuardSlot, KeyPlace, PatrolLog, PatrolTeam, School, SchoolTerm

    register_menu(
        MenuSection(
            "patrols",
            _("Patrols"),
            weight=40,
            items=(
                MenuItem(_("Patrol logs"), "patrols:patrollog_list", model=PatrolLog),
                MenuItem(
                    _("Start a patrol"),
                    "patrols:patrollog_add",
                    model=PatrolLog,
                    action=ACTION_CHANGE,
                ),
                MenuItem(_("Key places"), "patrols:keyplace_list", model=KeyPlace),
                MenuItem(_("Patrol teams"), "patrols:patrolteam_list", model=PatrolTeam),
                MenuItem(_("Guard posts"), "patrols:guardslot_list", model=GuardSlot),
                MenuItem(
                    _("Plan a guard rota"),
                    "patrols:guardslot_rota",
                    model=School,
                    action=ACTION_CHANGE,
                ),
                MenuItem(_("Schools"), "patrols:school_list", model=School),
                MenuItem(_("School terms"), "patrols:schoolterm_list", model=SchoolTerm),
            ),
        )
    )
