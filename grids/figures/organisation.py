"""Resources and organisation: the tree and the people who serve in it.

communities, grids, buildings   nodes of that kind in the subtree
grid_workers     distinct accounts holding the grid-worker role on a node of the subtree
volunteers       registered volunteers and building heads (楼栋长) living in the subtree
service_teams    special service teams (专项服务队) of the subtree
red_stations     red-station service points (红色驿站)

These are the state of the registry as it stands (it keeps no history of past states), so
the period only frames the question; the figures do not change with it and have no months.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from grids.choices import AreaKind, PersonKind, Role
from grids.generic.figures import (
    BY_CATEGORY,
    BY_CHILD,
    BY_MONTH,
    FigureFamily,
    Measure,
    Period,
    Section,
    breakdown_nodes,
    finish,
    grouped,
    in_subtree,
)
from grids.models import Area, Assignment, Person, ServicePoint, ServiceTeam

_ZERO = {
    "communities": 0,
    "grids": 0,
    "buildings": 0,
    "grid_workers": 0,
    "volunteers": 0,
    "service_teams": 0,
    "red_stations": 0,
}


class OrganisationFamily(FigureFamily):
    """The tree and its people, as they stand."""

    name = "organisation"
    label = _("Resources and organisation")
    section = Section.ORGANISATION
    weight = 10
    breakdowns = (BY_CHILD,)
    period_based = False
    measures = (
        Measure(
            "communities",
            _("Communities"),
            unit=pgettext_lazy("unit", "communities"),
            higher_is_better=None,
        ),
        Measure("grids", _("Grids"), unit=pgettext_lazy("unit", "grids"), higher_is_better=None),
        Measure(
            "buildings",
            _("Buildings"),
            unit=pgettext_lazy("unit", "buildings"),
            higher_is_better=None,
        ),
        Measure("grid_workers", _("Grid workers"), unit=pgettext_lazy("unit", "people")),
        Measure(
            "volunteers", _("Volunteers and building heads"), unit=pgettext_lazy("unit", "people")
        ),
        Measure("service_teams", _("Service teams"), unit=pgettext_lazy("unit", "teams")),
        Measure("red_stations", _("Red stations"), unit=pgettext_lazy("unit", "stations")),
    )

    def compute(self, node: Area, period: Period, *, by: str | None = None) -> dict:
        if by in (BY_MONTH, BY_CATEGORY):
            return {}  # no history, no categories
        children = breakdown_nodes(node, by)
        kinds = {
            "communities": Count("pk", filter=Q(kind=AreaKind.COMMUNITY)),
            "grids": Count("pk", filter=Q(kind=AreaKind.GRID)),
            "buildings": Count("pk", filter=Q(kind=AreaKind.BUILDING)),
        }
        parts = [
            # Areas are their own path (""); the node itself is not counted, a child is.
            grouped(
                Area.objects.filter(tree_id=node.tree_id, lft__gt=node.lft, lft__lt=node.rght),
                node,
                by,
                aggregates=kinds,
                path="",
                children=children,
            ),
            grouped(
                Assignment.objects.filter(in_subtree(node, "area"), role=Role.GRID_WORKER),
                node,
                by,
                aggregates={"grid_workers": Count("user", distinct=True)},
                path="area",
                children=children,
            ),
            grouped(
                Person.objects.filter(
                    in_subtree(node, "area"),
                    kind__in=(PersonKind.VOLUNTEER, PersonKind.BUILDING_HEAD),
                ),
                node,
                by,
                aggregates={"volunteers": Count("pk")},
                path="area",
                children=children,
            ),
            grouped(
                ServiceTeam.objects.filter(in_subtree(node, "area")),
                node,
                by,
                aggregates={"service_teams": Count("pk")},
                path="area",
                children=children,
            ),
            grouped(
                ServicePoint.objects.filter(in_subtree(node, "area")),
                node,
                by,
                aggregates={"red_stations": Count("pk")},
                path="area",
                children=children,
            ),
        ]
        return finish(parts, by, period, _ZERO, dict)
