"""Who may open the overview of which node.

The overview is the work of community staff and officials (and administrators): their home.
A node's overview counts everything in its subtree, so it is open on the nodes inside the
user's assignments of those roles, down to a grid. Grid workers and the mediation roles
start from their inbox or workbench, which the overview's lists link to.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from grids.choices import AreaKind, Role
from grids.models import Area, User
from grids.querysets import subtree_q

OVERVIEW_ROLES = frozenset({Role.OFFICIAL, Role.COMMUNITY_STAFF, Role.ADMIN})
OVERVIEW_KINDS = (AreaKind.SUBDISTRICT, AreaKind.COMMUNITY, AreaKind.GRID)


def holds_overview(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or bool(user.scope_ranges(OVERVIEW_ROLES)))


def overview_areas(user: User) -> QuerySet[Area]:
    """The nodes whose overview `user` may open (visible_to, narrowed to the overview roles)."""
    areas = Area.objects.visible_to(user).filter(kind__in=OVERVIEW_KINDS)
    if user.is_superuser:
        return areas
    ranges = user.scope_ranges(OVERVIEW_ROLES)
    return areas.filter(subtree_q(ranges)) if ranges else areas.none()


def top_areas(user: User) -> list[Area]:
    """The highest nodes the user holds an overview role on (a sub-district for officials,
    the community for its staff), in tree order; roots for a superuser."""
    if user.is_superuser:
        return list(Area.objects.root_nodes().order_by("tree_id"))
    ranges = user.scope_ranges(OVERVIEW_ROLES)
    if not ranges:
        return []
    held = list(
        overview_areas(user)
        .filter(subtree_q([(t, lft, lft) for t, lft, _rght in ranges]))
        .order_by("tree_id", "lft")
    )
    # A node inside another held node is reached by drilling down from it.
    return [
        area
        for area in held
        if not any(
            other.tree_id == area.tree_id and other.lft < area.lft <= other.rght for other in held
        )
    ]


def area_for(user: User, code: str | None) -> Area | None:
    """The node asked for (404 when the user may not open it), else the user's top node."""
    if code:
        return get_object_or_404(overview_areas(user), code=code)
    tops = top_areas(user)
    return tops[0] if tops else None
