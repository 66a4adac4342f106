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
number of grouped queries, whatever the number of rows: one per date column, one for the
ratings, one for the projects completed before the period (and one for the children).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Avg, Case, Count, IntegerField, Q, Value, When
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from grids.generic.figures import (
    BY_CHILD,
    BY_MONTH,
    FigureFamily,
    Kind,
    Measure,
    Period,
    Section,
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


def _subtree(prefix: str, node: Area) -> Q:
    return Q(
        **{
            f"{prefix}area__tree_id": node.tree_id,
            f"{prefix}area__lft__gte": node.lft,
            f"{prefix}area__lft__lte": node.rght,
        }
    )


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
        children = list(node.get_children().values("pk", "lft", "rght")) if by == BY_CHILD else []

        def key(prefix: str, field: str):
            if by == BY_CHILD:
                return Case(
                    *[
                        When(
                            **{
                                f"{prefix}area__lft__gte": child["lft"],
                                f"{prefix}area__lft__lte": child["rght"],
                            },
                            then=Value(child["pk"]),
                        )
                        for child in children
                    ],
                    default=Value(None),
                    output_field=IntegerField(),
                )
            if by == BY_MONTH:
                return TruncMonth(field, tzinfo=ZoneInfo(settings.TIME_ZONE))
            return Value(0)

        def grouped(qs, prefix: str, field: str, **aggregates) -> dict:
            rows = (
                qs.filter(**{f"{field}__gte": period.start_at, f"{field}__lt": period.end_at})
                .annotate(k=key(prefix, field))
                .values("k")
                .annotate(**aggregates)
                .order_by()
            )
            return {self._label(row.pop("k"), by): row for row in rows}

        matters = Matter.objects.filter(_subtree("", node))
        ratings = MatterRating.objects.filter(_subtree("matter__", node))
        found: dict = {}
        for measure, field in DATED.items():
            for k, row in grouped(matters, "", field, n=Count("pk")).items():
                found.setdefault(k, {})[measure] = row["n"]
        for k, row in grouped(
            ratings,
            "matter__",
            "created_at",
            evaluated=Count("matter", distinct=True),
            satisfaction=Avg("stars"),
        ).items():
            found.setdefault(k, {}).update(row)
        # Projects completed before the period began, then those of the period on top.
        before = (
            matters.filter(done_at__lt=period.start_at)
            .annotate(k=key("", "done_at") if by == BY_CHILD else Value(0))
            .values("k")
            .annotate(n=Count("pk"))
            .order_by()
        )
        earlier = {
            (self._label(row["k"], by) if by == BY_CHILD else None): row["n"] for row in before
        }
        return self._assemble(found, earlier, period, by)

    @staticmethod
    def _label(k, by):
        if by == BY_MONTH:
            return k.strftime("%Y-%m") if k is not None else None
        if by == BY_CHILD:
            return k
        return None

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
