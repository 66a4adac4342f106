"""What the overview shows for one node and one period, read from the figures registry.

Everything comes from `families()`: a new app's family appears here by registering. The
number of queries depends on the families, never on the rows: per family one compute()
overall, one for the previous period, one per breakdown (child, grid, month, category),
each a fixed number of grouped queries, and its overdue list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from dongfeng.overview.scope import OVERVIEW_KINDS
from grids.choices import AreaKind
from grids.generic import summaries
from grids.generic.figures import (
    BY_CATEGORY,
    BY_CHILD,
    BY_GRID,
    BY_MONTH,
    FigureFamily,
    Kind,
    Measure,
    Period,
    Section,
    families,
    node_and_period,
    node_params,
    register_shared,
    shared,
)
from grids.generic.tables import Column
from grids.models import Area


def show(measure: Measure, value: Any) -> str:
    """A value as the page prints it: 98.3%, 4.25, 360; an em dash when there is no base."""
    if value is None:
        return "—"
    if measure.kind == Kind.RATE:
        return f"{_trim(value * 100, 1)}%"
    if measure.kind == Kind.NUMBER:
        return _trim(value, 2)
    return str(value)


def _trim(value: float, places: int) -> str:
    text = f"{value:.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def chart_value(measure: Measure, value: Any) -> float | None:
    """The number a chart draws: rates in percent."""
    if value is None:
        return None
    return round(value * 100, 1) if measure.kind == Kind.RATE else value


def empty_value(measure: Measure) -> Any:
    """A child or month without rows: zero counts, no rate."""
    return 0 if measure.kind == Kind.COUNT else None


def export_value(measure: Measure, value: Any) -> Any:
    """A value as the files hold it: a number as the page shows it (rates in percent, 98.3,
    under a heading that says so), empty when there is no base."""
    if value is None:
        return None
    if measure.kind == Kind.RATE:
        return chart_value(measure, value)
    if measure.kind == Kind.NUMBER:
        return round(value, 2)
    return value


def export_heading(measure: Measure) -> str:
    """A column's heading in the files: rates say they are in percent, other numbers (hours)
    their unit; a count is a count."""
    if measure.kind == Kind.RATE:
        return _("%(label)s (%%)") % {"label": measure.label}
    if measure.kind == Kind.NUMBER and measure.unit:
        return _("%(label)s (%(unit)s)") % {"label": measure.label, "unit": measure.unit}
    return str(measure.label)


@dataclass
class Tile:
    family: FigureFamily
    measure: Measure
    value: Any
    text: str
    previous_text: str = ""
    change: str = ""  # "+12 (+8%)", "+3.2 pp"; "" when there is nothing to compare
    direction: str = ""  # up, down, same
    tone: str = ""  # good, bad or "" (neither)


def tile(family: FigureFamily, measure: Measure, value: Any, previous: Any | None) -> Tile:
    shown = Tile(family, measure, value, show(measure, value))
    if not family.period_based or previous is None or value is None:
        return shown
    shown.previous_text = show(measure, previous)
    diff = value - previous
    shown.direction = "up" if diff > 0 else "down" if diff < 0 else "same"
    if measure.kind == Kind.RATE:
        shown.change = _("%(diff)s pp") % {"diff": f"{diff * 100:+.1f}"}
    else:
        step = f"{diff:+d}" if measure.kind == Kind.COUNT else f"{diff:+.2f}"
        shown.change = f"{step} ({diff / previous:+.0%})" if previous else step
    if diff and measure.higher_is_better is not None:
        shown.tone = "good" if (diff > 0) == measure.higher_is_better else "bad"
    return shown


@dataclass
class Row:
    """A row of a table: what it is about (an area, a month, a category) and its cells."""

    label: str
    cells: list[str]
    url: str = ""
    rank: int | None = None
    values: list[Any] = field(default_factory=list)  # the cells before show(): for the files


def row(label: str, measures: list[Measure], values: list[Any], url: str = "", rank=None) -> Row:
    """A row of values of `measures`, shown as the page prints them and kept for the files."""
    cells = [show(m, value) for m, value in zip(measures, values, strict=True)]
    return Row(label, cells, url, rank, list(values))


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[Row]
    key: str = ""  # a stable name (exports, tests)
    first: str = ""  # the heading of the first column
    measures: list[Measure] = field(default_factory=list)  # one per column
    ranked: bool = False  # a league: the rank before the first column
    export_links: list[tuple[str, str]] = field(default_factory=list)  # (label, url), by the view

    def export_columns(self) -> list[Column]:
        """The file's columns, for export_response(rows=self.rows): the page's headings,
        numbers as numbers."""
        columns = [Column(_("Rank"), "rank")] if self.ranked else []
        columns.append(Column(self.first, "label"))
        columns += [
            Column(export_heading(m), lambda r, i=i, m=m: export_value(m, r.values[i]))
            for i, m in enumerate(self.measures)
        ]
        return columns


@dataclass
class Chart:
    """A chart and the table with its numbers (shown beside it for screen readers and print)."""

    id: str
    title: str
    kind: str  # line or bar
    labels: list[str]
    series: list[dict]
    table: Table
    percent: bool = False

    def spec(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "labels": self.labels,
            "series": self.series,
            "percent": self.percent,
        }


@dataclass
class FamilyBlock:
    family: FigureFamily
    tiles: list[Tile]
    children: Table | None = None


@dataclass
class Board:
    node: Area
    period: Period
    previous: Period
    sections: list[tuple[str, list[FamilyBlock]]] = field(default_factory=list)
    leagues: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    overdue: list[tuple[FigureFamily, list[dict]]] = field(default_factory=list)
    computed_at: datetime | None = None  # when the figures were read (they may be cached)

    @property
    def chart_specs(self) -> list[dict]:
        return [chart.spec() for chart in self.charts]

    @property
    def tables(self) -> list[Table]:
        """Every table of the page, in its order: by area, leagues, the charts' numbers."""
        children = [block.children for _l, blocks in self.sections for block in blocks]
        charts = [chart.table for chart in self.charts]
        return [table for table in children if table is not None] + self.leagues + charts

    def table(self, key: str) -> Table | None:
        return next((table for table in self.tables if table.key == key), None)


def build(node: Area, period: Period, link=None, now: datetime | None = None) -> Board:
    """The whole overview of `node` for `period`. `link(area)` gives the drill-down URL of an
    area (keeping the period), or "" where there is none."""
    link = link or (lambda area: "")
    previous = period.previous()
    board = Board(node, period, previous)
    registered = families()
    children = list(node.get_children().order_by("lft"))
    grids = []
    if node.kind == AreaKind.SUBDISTRICT:
        grids = list(Area.objects.within(node).filter(kind=AreaKind.GRID).select_related("parent"))
    computed, overdue, board.computed_at = figures_of(node, period, registered, bool(grids), now)
    _sections(board, registered, computed, children, link)
    _leagues(board, registered, computed, children, grids, link)
    _charts(board, registered, computed, children)
    for family in registered:
        rows = overdue.get(family.name)
        if rows:
            board.overdue.append((family, rows))
    return board


def figures_of(node: Area, period: Period, registered, with_grids: bool, now=None) -> tuple:
    """({family: {breakdown: figures}}, {family: overdue rows}, when computed): what the
    families say about `node` and `period`, shared (figures.shared(): the same node and
    period for every user who may open it; the view checks who may)."""
    if now is not None:  # a given moment (tests): computed for it, never shared
        return _compute(node, period, registered, with_grids, now)
    return shared(SHARED, {**node_params(node, period), "grids": int(with_grids)})


SHARED = "overview"


def _shared_for(node: int, start: str, end: str, yoy: int, grids: int) -> tuple:
    """What figures_of() shares, from plain values (the renewing task calls this)."""
    area, period = node_and_period(node, start, end, yoy)
    return _compute(area, period, families(), bool(grids), timezone.now())


def register() -> None:
    """Called from DongfengConfig.ready()."""
    register_shared(SHARED, _shared_for)


@summaries.reading()
def _compute(node: Area, period: Period, registered, with_grids: bool, now: datetime) -> tuple:
    previous = period.previous()
    computed: dict[str, dict] = {}
    for family in registered:
        figures = {None: family.compute(node, period)}
        if family.period_based:
            figures["previous"] = family.compute(node, previous)
        for by in (BY_CHILD, BY_MONTH, BY_CATEGORY):
            if by in family.breakdowns and (by != BY_CATEGORY or family.categories):
                figures[by] = family.compute(node, period, by=by)
        if with_grids and BY_GRID in family.breakdowns and _league(family):
            figures[BY_GRID] = family.compute(node, period, by=BY_GRID)
        computed[family.name] = figures
    overdue = {family.name: family.overdue(node, now, limit=10) for family in registered}
    return computed, overdue, now


def _league(family: FigureFamily) -> list[Measure]:
    return [measure for measure in family.measures if measure.league]


def _drill(area: Area, link) -> str:
    return link(area) if area.kind in OVERVIEW_KINDS else ""


def _sections(board, registered, computed, children, link) -> None:
    order = list(Section.values)
    by_section: dict[str, list[FamilyBlock]] = {}
    for family in registered:
        figures = computed[family.name]
        previous = figures.get("previous", {})
        tiles = [
            tile(family, m, figures[None].get(m.key), previous.get(m.key))
            for m in family.measures
            if m.headline
        ]
        block = FamilyBlock(family, tiles)
        rows_by_child = figures.get(BY_CHILD)
        if rows_by_child is not None and children:
            block.children = Table(
                title=_("%(family)s by area") % {"family": family.label},
                first=str(_("Area")),
                key=f"children-{family.name}",
                columns=[str(m.label) for m in family.measures],
                measures=list(family.measures),
                rows=[
                    row(
                        child.name,
                        family.measures,
                        [
                            rows_by_child.get(child.pk, {}).get(m.key, empty_value(m))
                            for m in family.measures
                        ],
                        _drill(child, link),
                    )
                    for child in children
                ],
            )
        by_section.setdefault(family.section, []).append(block)
    for section in sorted(by_section, key=lambda s: order.index(s) if s in order else 99):
        board.sections.append((Section(section).label, by_section[section]))


def _leagues(board, registered, computed, children, grids, link) -> None:
    columns = [(family, m) for family in registered for m in _league(family)]
    if not columns:
        return
    if board.node.kind == AreaKind.SUBDISTRICT:
        plans = [
            (_("League of the communities"), "league-communities", BY_CHILD, children, False),
            (_("League of the grids"), "league-grids", BY_GRID, grids, True),
        ]
    elif board.node.kind == AreaKind.COMMUNITY:
        plans = [(_("League of the grids"), "league-grids", BY_CHILD, children, False)]
    else:
        return
    for title, key, by, areas, full in plans:
        if not areas:
            continue
        values = []
        for area in areas:
            cells = []
            for family, measure in columns:
                rows = computed[family.name].get(by) or {}
                cells.append(rows.get(area.pk, {}).get(measure.key, empty_value(measure)))
            values.append((area, cells))
        # Ranked by the first league column, best first; areas without a value last.
        first = columns[0][1]
        best_high = first.higher_is_better is not False
        values.sort(
            key=lambda item: (
                item[1][0] is None,
                -(item[1][0] or 0) if best_high else (item[1][0] or 0),
            )
        )
        measures = [m for _f, m in columns]
        rows = [
            row(
                f"{area.parent.name} · {area.name}" if full else area.name,
                measures,
                cells,
                _drill(area, link),
                rank=index + 1,
            )
            for index, (area, cells) in enumerate(values)
        ]
        board.leagues.append(
            Table(
                title=str(title),
                key=key,
                first=str(_("Area")),
                columns=[str(m.label) for m in measures],
                measures=measures,
                ranked=True,
                rows=rows,
            )
        )


def _charts(board, registered, computed, children) -> None:
    months = board.period.months()
    month_labels = [_month_label(month) for month in months]
    # Monthly trend: the first count of every family that has months.
    trend = [
        (family, next(m for m in family.measures if m.kind == Kind.COUNT))
        for family in registered
        if family.period_based
        and BY_MONTH in computed[family.name]
        and any(m.kind == Kind.COUNT for m in family.measures)
    ]
    if trend:
        series = []
        for family, measure in trend:
            rows = computed[family.name][BY_MONTH]
            series.append(
                {
                    "name": str(measure.label),
                    "data": [rows.get(month, {}).get(measure.key, 0) for month in months],
                }
            )
        board.charts.append(
            Chart(
                id="chart-trend",
                title=_("Monthly trend"),
                kind="line",
                labels=month_labels,
                series=series,
                table=Table(
                    title=_("Monthly trend"),
                    key="trend",
                    first=str(_("Month")),
                    columns=[s["name"] for s in series],
                    measures=[m for _f, m in trend],
                    rows=[
                        row(label, [m for _f, m in trend], [s["data"][i] for s in series])
                        for i, label in enumerate(month_labels)
                    ],
                ),
            )
        )
    # Breakdowns by category, tier, mode, topic: the family's first count.
    for family in registered:
        rows = computed[family.name].get(BY_CATEGORY)
        if not rows:
            continue
        measure = next((m for m in family.measures if m.kind == Kind.COUNT), None)
        if measure is None:
            continue
        labels = [str(label) for label in rows]
        title = _("%(family)s by %(category)s") % {
            "family": family.label,
            "category": str(family.categories).lower(),
        }
        board.charts.append(
            Chart(
                id=f"chart-{family.name}-category",
                title=title,
                kind="bar",
                labels=labels,
                series=[
                    {
                        "name": str(measure.label),
                        "data": [values.get(measure.key, 0) for values in rows.values()],
                    }
                ],
                table=Table(
                    title=title,
                    key=f"category-{family.name}",
                    first=str(family.categories),
                    columns=[str(m.label) for m in family.measures],
                    measures=list(family.measures),
                    rows=[
                        row(
                            str(label),
                            family.measures,
                            [values.get(m.key) for m in family.measures],
                        )
                        for label, values in rows.items()
                    ],
                ),
            )
        )
    # Comparison of the children on the league's rates (one scale: percent).
    rates = [
        (family, m)
        for family in registered
        for m in _league(family)
        if m.kind == Kind.RATE and BY_CHILD in computed[family.name]
    ]
    if rates and children and board.node.kind != AreaKind.GRID:
        labels = [child.name for child in children]
        series = [
            {
                "name": str(m.label),
                "data": [
                    chart_value(m, computed[f.name][BY_CHILD].get(child.pk, {}).get(m.key))
                    for child in children
                ],
            }
            for f, m in rates
        ]
        if board.node.kind == AreaKind.SUBDISTRICT:
            title = _("Comparison of the communities")
        else:
            title = _("Comparison of the grids")
        board.charts.append(
            Chart(
                id="chart-comparison",
                title=title,
                kind="bar",
                labels=labels,
                series=series,
                percent=True,
                table=Table(
                    title=title,
                    key="comparison",
                    first=str(_("Area")),
                    columns=[str(m.label) for _f, m in rates],
                    measures=[m for _f, m in rates],
                    rows=[
                        row(
                            child.name,
                            [m for _f, m in rates],
                            [
                                computed[f.name][BY_CHILD].get(child.pk, {}).get(m.key)
                                for f, m in rates
                            ],
                        )
                        for child in children
                    ],
                ),
            )
        )


def _month_label(month: str) -> str:
    year, number = month.split("-")
    return _("%(year)s-%(month)s") % {"year": year, "month": int(number)}
