"""The figures registry: what the dashboards, the exports and the work report can show.

Each app describes its figures as *families* (requests, mediation, patrols, publicity, the
deliberation hall, care …) and registers them from its `AppConfig.ready()`; the top layer
(`dongfeng`) reads `families()` and never imports an app's figures module by name. A new app
plugs into the overview and the report by registering, never by editing another app.

A family computes all its measures for one area subtree and one period in a few grouped
queries, overall or broken down:

    class RequestFamily(FigureFamily):
        name = "requests"
        label = _("Resident requests")
        section = Section.SERVICES
        measures = (
            Measure("received", _("Received"), unit=_("items")),
            Measure("completion_rate", _("Completion rate"), kind=Kind.RATE, league=True),
        )

        def compute(self, node, period, *, by=None):
            ...  # {"received": 360, "completion_rate": 0.983}, or keyed by child/month/category

    register_family(RequestFamily())

`node` is an `Area`: the figures cover its whole subtree (the caller has checked that the
user may see it). `period` is a `Period`: local dates, `end` exclusive. `by`:

- None          {measure key: value}
- BY_CHILD      {child area id: {measure key: value}}, one entry per child of `node` that
                has rows (a missing child means zeros / no base)
- BY_MONTH      {"YYYY-MM": {measure key: value}} for the months of the period
- BY_CATEGORY   {category label: {measure key: value}} (families with `categories` set)
- BY_GRID       {grid id: {measure key: value}} for every grid of the subtree that has rows
                (the league per grid of a sub-district); only families listing it in
                `breakdowns` are asked

Rates are fractions in [0, 1] and None when their base is 0; counts are ints.

Helpers for compute(), so every family groups the same way in the database:

    rows = grouped(Dispute.objects.filter(in_subtree(node, "area")), node, by,
                   path="area", when="received_at", category="tier",
                   aggregates={"received": Count("pk")})

`in_subtree(node, path)` selects the rows whose area (reached by `path`) lies in the node's
subtree (one indexed range on tree_id/lft); `grouped()` runs ONE grouped query keyed by
the child of `node` holding the row's area (a CASE over the children's lft ranges: right for
a sub-district, a community or a grid node alike), the local month (TruncMonth in
settings.TIME_ZONE) or a category field. Rows on the node itself have no child and are left
out of BY_CHILD.
"""

from __future__ import annotations

import contextvars
import json
import logging
import time as time_module
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from grids.models import Area

__all__ = [
    "BY_CATEGORY",
    "BY_CHILD",
    "BY_GRID",
    "BY_MONTH",
    "FigureFamily",
    "Kind",
    "Measure",
    "Period",
    "Section",
    "breakdown_nodes",
    "child_of",
    "families",
    "family",
    "finish",
    "grouped",
    "in_subtree",
    "month_key",
    "local_time",
    "month_of",
    "node_and_period",
    "node_params",
    "once",
    "rate",
    "reading",
    "register_family",
    "register_shared",
    "renew",
    "shared",
    "warm",
]

logger = logging.getLogger(__name__)

BY_CHILD = "child"
BY_MONTH = "month"
BY_CATEGORY = "category"
BY_GRID = "grid"


class Section(models.TextChoices):
    """The parts of the work report (and of the overview), in the article's order."""

    ORGANISATION = "organisation", _("Resources and organisation")
    SERVICES = "services", _("Services to residents")
    DISPUTES = "disputes", _("Dispute resolution")
    PREVENTION = "prevention", _("Group prevention and publicity")
    SELF_GOVERNANCE = "self_governance", _("Self-governance and care")


class Kind(models.TextChoices):
    """How a value is read and shown."""

    COUNT = "count", _("Count")  # an int, summed over areas and months
    RATE = "rate", _("Rate")  # a fraction in [0, 1] shown as a percentage
    NUMBER = "number", _("Number")  # a float (hours, average rating …)


@dataclass(frozen=True)
class Measure:
    """One figure of a family: its key, label, unit and how the overview treats it."""

    key: str
    label: Any  # a lazy string
    unit: Any = ""
    kind: str = Kind.COUNT
    higher_is_better: bool | None = True  # None: neither (e.g. received)
    headline: bool = True  # a tile on the overview
    league: bool = False  # a column of the league tables per community and grid


@dataclass(frozen=True)
class Period:
    """Local dates [start, end): the span every figure of one overview or report covers."""

    start: date
    end: date  # exclusive
    # Compared with the same dates a year before (同比), not the span just before (环比):
    # the year to date, whose span just before would straddle two years.
    year_on_year: bool = False

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError("a period ends after it starts")

    @property
    def start_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def end_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.end, time.min))

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def previous(self) -> Period:
        """The period just before, of the same length (whole months stay whole months); the
        same dates a year before for a year-on-year period."""
        if self.year_on_year:
            year = relativedelta(years=1)
            return Period(self.start - year, self.end - year, year_on_year=True)
        months = relativedelta(self.end, self.start)
        if self.start.day == 1 and self.end.day == 1 and not months.days:
            span = relativedelta(years=months.years, months=months.months)
            return Period(self.start - span, self.start)
        return Period(self.start - timedelta(days=self.days), self.start)

    def months(self) -> list[str]:
        """ "YYYY-MM" of every month the period touches, in order."""
        out, month = [], self.start.replace(day=1)
        while month < self.end:
            out.append(month.strftime("%Y-%m"))
            month += relativedelta(months=1)
        return out


class FigureFamily:
    """A group of measures computed together. Subclass, fill the attributes, implement
    `compute()`; optionally `overdue()` for the overview's overdue lists."""

    name: str = ""  # unique key, e.g. "requests"; a measure is addressed "requests.received"
    label: Any = ""
    section: str = Section.SERVICES
    weight: int = 100  # lower comes first within its section
    measures: tuple[Measure, ...] = ()
    categories: Any = None  # label of the BY_CATEGORY breakdown ("Category", "Tier" …) or None
    breakdowns: tuple[str, ...] = (BY_CHILD, BY_MONTH, BY_CATEGORY)  # what compute() answers
    period_based: bool = True  # False: a state (the organisation), the same for any period

    def compute(self, node: Area, period: Period, *, by: str | None = None) -> dict:
        raise NotImplementedError

    def overdue(self, node: Area, now: datetime, *, limit: int = 20) -> list[dict]:
        """Items past their deadline in the subtree, most overdue first:
        [{"label": str, "url": str, "area": str, "due_at": datetime}]. None by default."""
        return []

    def measure(self, key: str) -> Measure:
        for measure in self.measures:
            if measure.key == key:
                return measure
        raise KeyError(f"{self.name} has no measure {key!r}")

    def __repr__(self) -> str:
        return f"<FigureFamily {self.name}>"


_families: dict[str, FigureFamily] = {}


def register_family(family: FigureFamily) -> None:
    """Called from an app's `AppConfig.ready()`; registering the same name twice is an error
    (unless it is the same object: `ready()` may run twice in tests)."""
    if not family.name:
        raise ValueError("a figure family needs a name")
    known = _families.get(family.name)
    if known is not None and known is not family and type(known) is not type(family):
        raise ValueError(f"figure family {family.name!r} is already registered")
    _families[family.name] = family


def families(section: str | None = None) -> list[FigureFamily]:
    """Registered families, in report order (section, then weight, then name)."""
    order = {value: index for index, value in enumerate(Section.values)}
    found = [f for f in _families.values() if section is None or f.section == section]
    return sorted(found, key=lambda f: (order.get(f.section, 99), f.weight, f.name))


def family(name: str) -> FigureFamily:
    return _families[name]


# Helpers for compute(): the subtree, the child, the month, one grouped query.

KEY = "figure_key"


def in_subtree(node: Area, path: str) -> Q:
    """Rows whose area (the FK at `path`) lies in `node`'s subtree, `node` included."""
    return Q(
        **{
            f"{path}__tree_id": node.tree_id,
            f"{path}__lft__gte": node.lft,
            f"{path}__lft__lte": node.rght,
        }
    )


_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("figures_memo", default=None)


@contextmanager
def reading():
    """Within the block (one overview, one report, one API answer) what the families read
    alike is read once: the breakdown nodes, the summaries' reach and their rows
    (grids/generic/summaries.py). Outside it every call reads afresh."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def memo() -> dict | None:
    """The dict of the enclosing `reading()` block, or None outside one."""
    return _memo.get()


def once(key, compute):
    """`compute()`, read once per `key` within the enclosing `reading()` block (every time
    outside one)."""
    cache = _memo.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


_sharers: dict[str, Any] = {}


def register_shared(kind: str, compute_for) -> None:
    """`compute_for(**params)` computes the value of every `shared(kind, params)` entry; the
    Celery task that renews a stale entry calls it (registered from an AppConfig.ready())."""
    _sharers[kind] = compute_for


def shared(kind: str, params: dict):
    """The value of `kind` for `params` (plain values: ids, ISO dates), shared by whoever
    asks for the same: the overview and the report of one node and period. The caller has
    checked who may see it; the value must pickle (plain dicts and lists).

    Fresh for settings.FIGURES_CACHE_SECONDS (0: never kept, always computed). Older, up to
    FIGURES_STALE_SECONDS, it is still answered at once while a Celery task computes it
    anew (stale while revalidate: the overview says when its figures were read). Older
    still, or never computed, it is computed in the request. A cache that is down only
    means computing."""
    fresh = settings.FIGURES_CACHE_SECONDS
    if fresh <= 0:
        return _sharers[kind](**params)
    key = _shared_key(kind, params)
    _note_view(kind, params)
    found = _cache_call("get", key)
    if found is not None:
        at, value = found
        age = time_module.time() - at
        if age <= fresh:
            return value
        if age <= settings.FIGURES_STALE_SECONDS:
            _renew_later(kind, params, key)
            return value
    return renew(kind, params)


def renew(kind: str, params: dict):
    """Compute `kind` for `params` now and keep it (what the renewing task runs)."""
    value = _sharers[kind](**params)
    keep = max(settings.FIGURES_CACHE_SECONDS, settings.FIGURES_STALE_SECONDS)
    _cache_call("set", _shared_key(kind, params), (time_module.time(), value), keep)
    return value


VIEWS_KEY = "figures:2:views"
VIEWS_KEPT = 50  # the most recently viewed entries warm() keeps from going cold


def _note_view(kind: str, params: dict) -> None:
    """Remember that `kind` for `params` was viewed now (best effort: two processes noting at
    the same moment may lose one note; the next view notes it again)."""
    views = _cache_call("get", VIEWS_KEY) or {}
    noted, now = json.dumps([kind, params], sort_keys=True), time_module.time()
    if now - views.get(noted, 0) < settings.FIGURES_WARM_EVERY / 2:
        return  # noted lately: warm() will see it either way, no write on every view
    views[noted] = now
    newest = sorted(views.items(), key=lambda item: item[1], reverse=True)[:VIEWS_KEPT]
    _cache_call("set", VIEWS_KEY, dict(newest), settings.FIGURES_WARM_SECONDS)


def warm(now: float | None = None) -> int:
    """Renew every entry viewed within FIGURES_WARM_SECONDS that is missing or would turn
    older than FIGURES_STALE_SECONDS before the next run (beat runs this every
    FIGURES_WARM_EVERY seconds): what was looked at today is never computed in a request
    again. Returns how many were renewed."""
    if settings.FIGURES_CACHE_SECONDS <= 0:
        return 0
    now = now if now is not None else time_module.time()
    views = _cache_call("get", VIEWS_KEY) or {}
    renewed = 0
    for noted, seen in views.items():
        if now - seen > settings.FIGURES_WARM_SECONDS:
            continue
        kind, params = json.loads(noted)
        if kind not in _sharers:
            continue
        found = _cache_call("get", _shared_key(kind, params))
        turns_cold = settings.FIGURES_STALE_SECONDS - settings.FIGURES_WARM_EVERY
        if found is None or now - found[0] > turns_cold:
            try:
                renew(kind, params)
            except Exception as exc:  # noqa: BLE001 - a node deleted since: forget it
                logger.warning("could not renew %s %s: %s", kind, params, exc)
                continue
            renewed += 1
    return renewed


def _shared_key(kind: str, params: dict) -> str:
    return f"figures:2:{kind}:" + ":".join(f"{name}={params[name]}" for name in sorted(params))


def _renew_later(kind: str, params: dict, key: str) -> None:
    """One renewal at a time per entry (the first stale reader claims it for two minutes)."""
    if not _cache_call("add", f"{key}:renewing", 1, 120):
        return
    from grids.tasks import renew_shared_figures_task, send_after_commit

    send_after_commit(renew_shared_figures_task, kind, params)


def _cache_call(method: str, *args):
    from django.core.cache import cache

    try:
        return getattr(cache, method)(*args)
    except Exception as exc:  # noqa: BLE001 - any cache failure: compute instead
        logger.warning("figures cache unavailable (%s): %s", method, exc)
        return None


def node_params(node: Area, period: Period) -> dict:
    """The `shared()` params naming a node and a period."""
    return {
        "node": node.pk,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "yoy": int(period.year_on_year),
    }


def node_and_period(node: int, start: str, end: str, yoy: int) -> tuple:
    """(Area, Period) back from node_params()."""
    from grids.models import Area

    period = Period(date.fromisoformat(start), date.fromisoformat(end), year_on_year=bool(yoy))
    return Area.objects.get(pk=node), period


def breakdown_nodes(node: Area, by: str | None) -> list | None:
    """[(id, lft, rght)] of the nodes BY_CHILD (the children) or BY_GRID (every grid of the
    subtree, the node itself if it is one) groups on; one query, None for other breakdowns
    (read once per node and breakdown within `reading()`)."""
    if by not in (BY_CHILD, BY_GRID):
        return None
    return once(("nodes", node.pk, by), lambda: _breakdown_nodes(node, by))


def _breakdown_nodes(node: Area, by: str | None) -> list | None:
    from grids.choices import AreaKind
    from grids.models import Area

    if by == BY_CHILD:
        return list(node.get_children().values_list("pk", "lft", "rght"))
    if by == BY_GRID:
        grids = Area.objects.within(node).filter(kind=AreaKind.GRID).order_by("lft")
        return list(grids.values_list("pk", "lft", "rght"))
    return None


def child_of(node: Area, path: str, children=None, lft_alias: str | None = None) -> Case:
    """The id of the child of `node` whose subtree holds the row's area (NULL on the node).

    `children` is [(id, lft, rght)] of the node's children (read in one query if not given).
    `lft_alias` names an annotation holding the area's lft already (grouped() joins the
    path once that way instead of once per child).
    """
    if children is None:
        children = list(node.get_children().values_list("pk", "lft", "rght"))
    prefix = f"{path}__" if path else ""  # "": the rows are areas themselves
    field = f"{prefix}lft" if lft_alias is None else lft_alias
    whens = [
        When(**{f"{field}__gte": lft, f"{field}__lte": rght}, then=Value(pk))
        for pk, lft, rght in children
    ]
    return Case(*whens, default=Value(None), output_field=models.IntegerField())


def month_of(field: str) -> TruncMonth:
    """The month of a date or datetime field; a datetime's month is local when evaluated
    under `local_time()` (grouped() does), whatever timezone a request activated."""
    return TruncMonth(field)


def local_time():
    """The project's time zone (settings.TIME_ZONE) for the queries inside the block."""
    from zoneinfo import ZoneInfo

    return timezone.override(ZoneInfo(settings.TIME_ZONE))


def month_key(value) -> str | None:
    return value.strftime("%Y-%m") if value is not None else None


def grouped(
    qs: models.QuerySet,
    node: Area,
    by: str | None,
    *,
    aggregates: dict,
    path: str,
    when: str | None = None,
    category: str | None = None,
    children=None,
) -> dict:
    """One query: {key: {name: value}} for the breakdown `by` ({None: row} when by is None).

    `path` leads from the rows to their area, `when` to the date/datetime a month is taken
    from, `category` to the field BY_CATEGORY groups on (its raw value is the key).
    """
    qs = qs.order_by()
    if by is None:
        return {None: qs.aggregate(**aggregates)}
    if by in (BY_CHILD, BY_GRID):
        if children is None:
            children = breakdown_nodes(node, by)
        qs = qs.annotate(figure_lft=F(f"{path}__lft" if path else "lft"))
        expression = child_of(node, path, children, lft_alias="figure_lft")
    elif by == BY_MONTH:
        if when is None:
            return {}
        expression = month_of(when)
    elif by == BY_CATEGORY:
        if category is None:
            return {}
        expression = F(category)
    else:
        raise ValueError(f"unknown breakdown {by!r}")
    rows = qs.annotate(**{KEY: expression}).values(KEY).annotate(**aggregates).order_by()
    with local_time():
        rows = list(rows)
    out: dict = {}
    for row in rows:
        key = row.pop(KEY)
        if by == BY_MONTH:
            key = month_key(key)
        if key is None:
            continue
        out[key] = row
    return out


def rate(part: int | None, whole: int | None) -> float | None:
    """part ÷ whole rounded to 4 places, None when the base is 0."""
    return round((part or 0) / whole, 4) if whole else None


def finish(parts: list[dict], by: str | None, period: Period, zero: dict, complete) -> dict:
    """Merge the grouped queries' rows key by key, fill missing counts from `zero`, and
    turn each raw row into measures with `complete(row) -> dict`. By month every month of
    the period is present; overall the result is one row, not keyed."""
    raw: dict = {}
    for part in parts:
        for key, row in part.items():
            raw.setdefault(key, {}).update(row)
    if by is None:
        return complete({**zero, **{k: v for k, v in raw.get(None, {}).items() if v is not None}})
    if by == BY_MONTH:
        raw = {month: raw.get(month, {}) for month in period.months()}
    return {
        key: complete({**zero, **{k: v for k, v in row.items() if v is not None}})
        for key, row in raw.items()
    }
