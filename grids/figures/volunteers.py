"""Volunteer figures (family `volunteers`):

volunteer_hours   hours given in the period (every activity)
volunteers        distinct people with hours in the period
teams             active self-governance teams founded before the period's end
"""

from __future__ import annotations

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from grids.choices import VolunteerActivityKind
from grids.generic.figures import (
    BY_CATEGORY,
    BY_MONTH,
    FigureFamily,
    Kind,
    Measure,
    Section,
    breakdown_nodes,
    finish,
    grouped,
    in_subtree,
)
from grids.models import SelfGovernanceTeam, VolunteerHours


class VolunteersFamily(FigureFamily):
    name = "volunteers"
    label = _("Volunteers and self-governance teams")
    section = Section.SELF_GOVERNANCE
    weight = 40
    categories = _("Activity")
    measures = (
        Measure(
            "volunteer_hours", _("Volunteer hours"), unit=_("hours"), kind=Kind.NUMBER, league=True
        ),
        Measure("volunteers", _("Volunteers with hours"), unit=_("people")),
        Measure("teams", _("Self-governance teams"), unit=_("teams")),
    )

    def compute(self, node, period, *, by=None) -> dict:
        hours = VolunteerHours.objects.filter(
            in_subtree(node, "person__area"), date__gte=period.start, date__lt=period.end
        )
        aggregates = {
            "volunteer_hours": Sum("hours"),
            "volunteers": Count("person", distinct=True),
        }
        if by == BY_CATEGORY:
            labels = dict(VolunteerActivityKind.choices)
            rows = grouped(
                hours,
                node,
                by,
                aggregates=aggregates,
                path="person__area",
                category="activity_kind",
            )
            return {str(labels.get(code, code)): _finish(row) for code, row in rows.items()}
        teams = SelfGovernanceTeam.objects.filter(
            in_subtree(node, "area"), is_active=True, founded_on__lt=period.end
        )
        kw = {"children": breakdown_nodes(node, by)}  # read once, shared by both queries
        hour_rows = grouped(
            hours, node, by, aggregates=aggregates, path="person__area", when="date", **kw
        )
        if by == BY_MONTH:
            founded = list(teams.values_list("founded_on", flat=True))
            out = {}
            for month in period.months():
                year, number = int(month[:4]), int(month[5:])
                ends = (year + number // 12, number % 12 + 1)
                row = _finish(hour_rows.get(month, {}))
                row["teams"] = sum(1 for day in founded if (day.year, day.month) < ends)
                out[month] = row
            return out
        team_rows = grouped(teams, node, by, aggregates={"teams": Count("pk")}, path="area", **kw)
        return finish([hour_rows, team_rows], by, period, ZERO, _finish)


ZERO = {"volunteer_hours": 0, "volunteers": 0, "teams": 0}


def _finish(row: dict) -> dict:
    row["volunteer_hours"] = float(row.get("volunteer_hours") or 0)
    row["volunteers"] = row.get("volunteers") or 0
    row.setdefault("teams", 0)
    row["teams"] = row["teams"] or 0
    return row
