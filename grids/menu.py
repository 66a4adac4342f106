"""The menu and the homes by role: registries each app fills from its `AppConfig.ready()`.

NetBox's navigation menu is the anchor: sections of items, each item naming a URL and what a
user needs to see it. Here "what a user needs" is a role on some node of the tree (the same
`roles_for(model, action)` + `user.scope_ranges()` the pages use), so the header shows only
what the user may open, and deciding costs no query beyond the user's assignments (read once
per request and cached on the user object).

    register_menu(MenuSection("disputes", _("Mediation"), items=(
        MenuItem(_("Disputes"), "disputes:dispute_list", model=Dispute),
        ...
    )))
    register_home(Role.MEDIATOR, lambda user: reverse("disputes:workbench"))

Where a signed-in user lands (`home_url`) is the home of the first role they hold in
`HOME_PRIORITY`; a later app may replace a role's home (`register_home(..., replace=True)`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import models
from django.http import HttpRequest
from django.urls import reverse

from grids.choices import Role
from grids.querysets import ACTION_VIEW, roles_for

if TYPE_CHECKING:
    from grids.models import User

__all__ = [
    "HOME_PRIORITY",
    "MenuItem",
    "MenuSection",
    "home_url",
    "register_home",
    "register_menu",
    "section_links",
    "user_roles",
    "visible_menu",
]


@dataclass(frozen=True)
class MenuItem:
    """One link. The user sees it when every condition given holds (superusers: always).

    - `model` (+ `action`): the user holds a role that opens that model somewhere;
    - `roles`: the user holds one of these roles somewhere (the item is their work);
    - `permission`: a function of the user, for anything else;
    - `staff_only`: Django's `is_staff` (the admin site).
    `badge(request)` gives a count shown beside the label (none when 0).
    """

    label: str
    url_name: str
    model: type[models.Model] | None = None
    action: str = ACTION_VIEW
    roles: frozenset[str] | None = None
    permission: Callable[[User], bool] | None = None
    staff_only: bool = False
    badge: Callable[[HttpRequest], int] | None = None

    def is_visible_to(self, user: User) -> bool:
        if self.staff_only and not user.is_staff:
            return False
        if user.is_superuser:
            return True
        if self.model is not None and not user.scope_ranges(roles_for(self.model, self.action)):
            return False
        if self.roles is not None and not user.scope_ranges(self.roles):
            return False
        if self.permission is not None:
            return self.permission(user)
        if self.model is None and self.roles is None and not self.staff_only:
            return bool(user.scope_ranges())  # no condition given: anyone holding a role
        return True

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class MenuSection:
    """A titled group of items; `name` is its key (`menu.by_name.disputes` in templates)."""

    name: str
    label: str
    items: tuple[MenuItem, ...]
    weight: int = 100  # lower comes first in the header


@dataclass(frozen=True)
class ShownItem:
    """An item as one user sees it on one page."""

    label: str
    url: str
    active: bool
    badge: str | None


@dataclass(frozen=True)
class ShownSection:
    name: str
    label: str
    items: list[ShownItem]


@dataclass
class VisibleMenu:
    """The menu for one request: sections with only the items the user may open."""

    sections: list[ShownSection] = field(default_factory=list)

    @property
    def by_name(self) -> dict[str, ShownSection]:
        """Sections by name, for a section's own navigation: `menu.by_name.disputes`."""
        return {section.name: section for section in self.sections}

    def __bool__(self) -> bool:
        return bool(self.sections)


_sections: dict[str, MenuSection] = {}
_homes: dict[str, Callable[[User], str | None]] = {}

# Where a user with several roles lands: the widest responsibility first (an official who is
# also a mediator starts from the overview, which leads down to the rest), then the work with
# a clock on it (the grid worker's 2-hour acceptance rule), the mediation roles, volunteers.
HOME_PRIORITY: tuple[str, ...] = (
    Role.ADMIN,
    Role.OFFICIAL,
    Role.COMMUNITY_STAFF,
    Role.GRID_WORKER,
    Role.MEDIATOR,
    Role.LEGAL_ADVISOR,
    Role.POLICE,
    Role.VOLUNTEER,
)


def register_menu(section: MenuSection) -> None:
    """Add a section; registering the same name twice is a programming error."""
    if section.name in _sections and _sections[section.name] != section:
        raise ValueError(f"menu section {section.name!r} is already registered")
    _sections[section.name] = section


def registered_sections() -> list[MenuSection]:
    return sorted(_sections.values(), key=lambda s: (s.weight, s.name))


def register_home(
    role: str, resolver: Callable[[User], str | None], *, replace: bool = False
) -> None:
    """`resolver(user)` gives the URL a user holding `role` lands on (None: try the next)."""
    if role not in HOME_PRIORITY:
        raise ValueError(f"unknown role {role!r}")
    if role in _homes and not replace and _homes[role] is not resolver:
        raise ValueError(f"the home of {role!r} is already registered; pass replace=True")
    _homes[role] = resolver


def user_roles(user: User) -> set[str]:
    """The roles the user holds anywhere, from the assignments already read for scoping."""
    return {role for role in HOME_PRIORITY if user.scope_ranges(frozenset({role}))}


def home_url(user: User) -> str:
    """Where `user` starts: the home of their first role in HOME_PRIORITY."""
    if user.is_superuser:
        return reverse("grids:area_list")
    held = user_roles(user)
    for role in HOME_PRIORITY:
        resolver = _homes.get(role)
        if role in held and resolver is not None:
            url = resolver(user)
            if url:
                return url
    return reverse("grids:area_list")  # no assignment: an empty tree, nothing else to do


def visible_menu(request: HttpRequest) -> VisibleMenu:
    """The sections and items the request's user may open, the current one marked active.

    Computed once per request (the header and a section's own navigation share it).
    """
    cached = getattr(request, "_visible_menu", None)
    if cached is not None:
        return cached
    user = getattr(request, "user", None)
    shown: list[ShownSection] = []
    if user is not None and user.is_authenticated:
        for section in registered_sections():
            items = [item for item in section.items if item.is_visible_to(user)]
            if items:
                shown.append(ShownSection(section.name, section.label, _shown(items, request)))
    request._visible_menu = VisibleMenu(shown)
    return request._visible_menu


def section_links(user: User, name: str) -> list[tuple[str, str]]:
    """(url, label) of the entries of section `name` the user may open: a section's own
    navigation for views that hand a list to a template (the generic views' `section_nav`)."""
    section = _sections.get(name)
    if section is None or not user.is_authenticated:
        return []
    return [(item.url, str(item.label)) for item in section.items if item.is_visible_to(user)]


def _shown(items: Iterable[MenuItem], request: HttpRequest) -> list[ShownItem]:
    urls = [(item, item.url) for item in items]
    # The active item is the longest URL the current path starts with ("/disputes/" is the
    # workbench, "/disputes/all/" the list: on the list only the list is active).
    matches = [url for _item, url in urls if request.path.startswith(url)]
    active = max(matches, key=len) if matches else None
    return [
        ShownItem(str(item.label), url, url == active, _badge(item, request)) for item, url in urls
    ]


def _badge(item: MenuItem, request: HttpRequest) -> str | None:
    count = item.badge(request) if item.badge is not None else 0
    return str(count) if count else None
