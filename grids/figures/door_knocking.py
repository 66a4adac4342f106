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
from grids.figures.subtree import children_of, grouped, in_subtree
from grids.generic.figures import BY_CATEGORY, BY_CHILD, FigureFamily, Measure, Section
from grids.models import DoorKnockIssue, DoorKnockRound


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
        rounds = DoorKnockRound.objects.filter(
            in_subtree(node, "grid"), date__gte=period.start, date__lt=period.end
        )
        issues = DoorKnockIssue.objects.filter(
            in_subtree(node, "round__grid"),
            round__date__gte=period.start,
            round__date__lt=period.end,
        )
        issue_aggregates = {
            "issues_found": Count("pk"),
            "issues_fixed": Count("pk", filter=Q(request__status=RequestStatus.RESOLVED)),
        }
        kw = {"by": by, "children": children_of(node) if by == BY_CHILD else None}
        if by == BY_CATEGORY:
            return grouped(
                issues,
                issue_aggregates,
                path="round__grid",
                category=("request__category__name", str),
                **kw,
            )
        round_rows = grouped(
            rounds,
            {"rounds": Count("pk"), "households": Sum("households_visited")},
            path="grid",
            month_field="date",
            **kw,
        )
        issue_rows = grouped(
            issues, issue_aggregates, path="round__grid", month_field="round__date", **kw
        )
        if by is None:
            return _finish({**round_rows, **issue_rows})
        return {
            key: _finish({**round_rows.get(key, {}), **issue_rows.get(key, {})})
            for key in set(round_rows) | set(issue_rows)
        }


def _finish(row: dict) -> dict:
    for key in ("rounds", "households", "issues_found", "issues_fixed"):
        row[key] = row.get(key) or 0
    return row
