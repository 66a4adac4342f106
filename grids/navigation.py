"""The grids app's menu sections and the homes of its roles (registered in GridsConfig.ready)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from grids.choices import TRIAGE_ROLES, Role
from grids.context_processors import alerts
from grids.menu import MenuItem, MenuSection, register_home, register_menu
from grids.models import Area, Assignment, Person, ServicePoint, ServiceRequest, ServiceTeam
from grids.querysets import ACTION_CHANGE


def unread_alerts(request: HttpRequest) -> int:
    """The header badge: the alerts-page count the `alerts` context processor gives."""
    return alerts(request)["unread_alert_count"]()


def area_tree(user) -> str:
    return reverse("grids:area_list")


def inbox(user) -> str:
    return reverse("grids:inbox")


def volunteer_area(user) -> str | None:
    """A volunteer's own grid (or building): the page of the node they are assigned to."""
    code = (
        user.assignments.filter(role=Role.VOLUNTEER)
        .order_by("area__tree_id", "area__lft")
        .values_list("area__code", flat=True)
        .first()
    )
    return reverse("grids:area_detail", kwargs={"code": code}) if code else None


def register() -> None:
    register_menu(
        MenuSection(
            "work",
            _("My work"),
            weight=10,
            items=(
                # The inbox is the work of those who act on requests, not of every reader.
                MenuItem(_("Inbox"), "grids:inbox", model=ServiceRequest, action=ACTION_CHANGE),
                # 待分派: requests no grid could be told for wait for these roles.
                MenuItem(
                    _("Waiting for a grid (待分派)"),
                    "grids:request_triage",
                    roles=frozenset({*TRIAGE_ROLES, Role.ADMIN}),
                ),
                MenuItem(_("Alerts"), "grids:alerts", badge=unread_alerts),
            ),
        )
    )
    register_menu(
        MenuSection(
            "grids",
            _("Grids"),
            weight=20,
            items=(
                MenuItem(_("Area tree"), "grids:area_list", model=Area),
                MenuItem(_("People"), "grids:person_list", model=Person),
                MenuItem(_("Service teams"), "grids:serviceteam_list", model=ServiceTeam),
                MenuItem(_("Red stations"), "grids:servicepoint_list", model=ServicePoint),
                # Only those who may grant roles need the list of who holds which.
                MenuItem(
                    _("Assignments"),
                    "grids:assignment_list",
                    model=Assignment,
                    action=ACTION_CHANGE,
                ),
            ),
        )
    )
    register_menu(
        MenuSection(
            "admin",
            _("Administration"),
            weight=90,
            items=(MenuItem(_("Admin"), "admin:index", staff_only=True),),
        )
    )
    register_home(Role.ADMIN, area_tree)
    # Officials and community staff land on the overview: the dashboards (dongfeng) register
    # their home.
    register_home(Role.GRID_WORKER, inbox)
    register_home(Role.VOLUNTEER, volunteer_area)
