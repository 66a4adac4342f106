"""The work report's menu entry (DongfengConfig.ready): for officials and community staff.

A section of its own, so that the overview's entries (another registration) merge beside it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dongfeng.report.forms import REPORT_ROLES
from grids.menu import MenuItem, MenuSection, register_menu


def register() -> None:
    register_menu(
        MenuSection(
            "report",
            _("Reports"),
            weight=15,
            items=(MenuItem(_("Work report"), "report:report", roles=REPORT_ROLES),),
        )
    )
