"""Door-knocking figures (family `door_knocking`), for rounds dated in the period:

rounds         rounds
households     households visited (sum)
issues_found   issues those rounds found (each a resident request)
issues_fixed   of those, the ones whose request is resolved
"""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from grids.choices import RequestStatus
from grids.generic.figures import (
    BY_CATEGORY,
    FigureFamily,
    Measure,
    Section,
    breakdown_nodes,
)
from grids.generic.summaries import Summary, register_summary, summed
from grids.models import DoorKnockIssue, DoorKnockRound

# Rounds by their day under their grid; the issues they found, by the round's day and the
# category of the request each became.
ROUNDS = register_summary(
    Summary(
        name="door_knocking",
        queryset=lambda: DoorKnockRound.objects.all(),
        path="grid",
        when="date",
        aggregates=lambda: {"rounds": Count("pk"), "households": Sum("households_visited")},
    )
)
ISSUES = register_summary(
    Summary(
        name="door_knocking.issues",
        queryset=lambda: DoorKnockIssue.objects.all(),
        path="round__grid",
        when="round__date",
        category="request__category__name",
        aggregates=lambda: {
            "issues_found": Count("pk"),
            "issues_fixed": Count("pk", filter=Q(request__status=RequestStatus.RESOLVED)),
        },
    )
)


class DoorKnockingFamily(FigureFamily):
    name = "door_knocking"
    label = _("Door-knocking rounds")
    section = Section.SELF_GOVERNANCE
    weight = 30
    categories = _("Request category")
    measures = (
        Measure("rounds", _("Door-knocking rounds"), unit=_("rounds")),
        Measure("households", _("Households visited"), unit=_("households")),
        Measure("issues_found", _("Issues found"), unit=_("items"), higher_is_better=None),
        Measure("issues_fixed", _("Issues fixed"), unit=_("items"), league=True),
    )

    def compute(self, node, period, *, by=None) -> dict:
        children = breakdown_nodes(node, by)
        if by == BY_CATEGORY:
            return summed(ISSUES, node, period, by)
        round_rows = summed(ROUNDS, node, period, by, children=children)
        issue_rows = summed(ISSUES, node, period, by, children=children)
        merged = {
            key: _finish({**round_rows.get(key, {}), **issue_rows.get(key, {})})
            for key in set(round_rows) | set(issue_rows)
        }
        return merged[None] if by is None else merged


def _finish(row: dict) -> dict:
    for key in ("rounds", "households", "issues_found", "issues_fixed"):
        row[key] = row.get(key) or 0
    return row
