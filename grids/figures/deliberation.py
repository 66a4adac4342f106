"""Figures of the deliberation hall (网格议事厅) for an area subtree and a period.

    raised         matters raised in the period
    accepted       matters accepted for deliberation in the period
    deliberated    matters a meeting decided in the period (the handling began)
    done           matters completed (a milestone reached 100 %) in the period
    evaluated      matters residents rated in the period (each matter once)
    satisfaction   mean rating (1–5 stars) of the period's ratings; None without one
    projects_done  livelihood projects completed by the end of the period (state at its end,
                   not period-based: the article's "9 livelihood projects")

A matter belongs to the subtree its place (grid or building) lies in. Each call runs a fixed
number of grouped queries, whatever the number of rows: overall or per child one for the
date columns and the projects completed before the period and one for the ratings; per
month one per date column, one for the projects before and one for the ratings.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Avg, Count, Q
from django.utils.translation import gettext_lazy as _

from grids.generic.figures import (
    BY_MONTH,
    FigureFamily,
    Kind,
    Measure,
    Period,
    Section,
    breakdown_nodes,
    grouped,
    in_subtree,
)
from grids.models import Area, Matter, MatterRating

COUNTS = ("raised", "accepted", "deliberated", "done", "evaluated", "projects_done")
# measure → the matter's date column it counts
DATED = {
    "raised": "raised_at",
    "accepted": "accepted_at",
    "deliberated": "decided_at",
    "done": "done_at",
}


class DeliberationFamily(FigureFamily):
    name = "deliberation"
    label = _("Deliberation hall")
    section = Section.SELF_GOVERNANCE
    weight = 10
    measures = (
        Measure("raised", _("Matters raised"), unit=_("items"), higher_is_better=None),
        Measure("accepted", _("Accepted for deliberation"), unit=_("items")),
        Measure("deliberated", _("Deliberated and decided"), unit=_("items")),
        Measure("done", _("Completed"), unit=_("items")),
        Measure("evaluated", _("Rated by residents"), unit=_("items"), headline=False),
        Measure(
            "satisfaction",
            _("Residents' satisfaction"),
            unit=_("stars"),
            kind=Kind.NUMBER,
            league=True,
        ),
        Measure("projects_done", _("Livelihood projects completed"), unit=_("items")),
    )

    def compute(self, node: Area, period: Period, *, by: str | None = None) -> dict:
        children = breakdown_nodes(node, by)
        matters = Matter.objects.filter(in_subtree(node, "area"))
        start_at, end_at = period.start_at, period.end_at

        def within(field: str) -> Q:
            return Q(**{f"{field}__gte": start_at, f"{field}__lt": end_at})

        found: dict = {}
        earlier: dict = {}
        done_before = Q(done_at__lt=start_at)
        if by == BY_MONTH:
            # Each date column has its own months: a grouped query per column.
            for measure, field in DATED.items():
                rows = grouped(
                    matters.filter(within(field)),
                    node,
                    by,
                    aggregates={"n": Count("pk")},
                    path="area",
                    when=field,
                )
                for k, row in rows.items():
                    found.setdefault(k, {})[measure] = row["n"]
            before = matters.filter(done_before).aggregate(n=Count("pk"))
            earlier[None] = before["n"]
        else:
            # Overall or per child: every date column and the projects completed before the
            # period began in one grouped query.
            counts = {measure: Count("pk", filter=within(f)) for measure, f in DATED.items()}
            counts["before"] = Count("pk", filter=done_before)
            chosen = reduce(or_, (within(f) for f in DATED.values()), done_before)
            rows = grouped(
                matters.filter(chosen),
                node,
                by,
                aggregates=counts,
                path="area",
                children=children,
            )
            for k, row in rows.items():
                earlier[k] = row.pop("before")
                found.setdefault(k, {}).update(row)
        ratings = grouped(
            MatterRating.objects.filter(in_subtree(node, "matter__area"), within("created_at")),
            node,
            by,
            aggregates={
                "evaluated": Count("matter", distinct=True),
                "satisfaction": Avg("stars"),
            },
            path="matter__area",
            when="created_at",
            children=children,
        )
        for k, row in ratings.items():
            found.setdefault(k, {}).update(row)
        return self._assemble(found, earlier, period, by)

    @staticmethod
    def _row(values: dict) -> dict:
        row = {measure: int(values.get(measure) or 0) for measure in COUNTS}
        mean = values.get("satisfaction")
        row["satisfaction"] = round(float(mean), 2) if mean is not None else None
        return row

    def _assemble(self, found: dict, earlier: dict, period: Period, by: str | None) -> dict:
        if by is None:
            values = found.get(None, {})
            row = self._row(values)
            row["projects_done"] = earlier.get(None, 0) + row["done"]
            return row
        if by == BY_MONTH:
            out, running = {}, earlier.get(None, 0)
            for month in period.months():
                row = self._row(found.get(month, {}))
                running += row["done"]
                row["projects_done"] = running
                out[month] = row
            return out
        out = {}
        for child in set(found) | set(earlier):
            if child is None:
                continue  # a matter at the node itself, under no child
            row = self._row(found.get(child, {}))
            row["projects_done"] = earlier.get(child, 0) + row["done"]
            out[child] = row
        return out
