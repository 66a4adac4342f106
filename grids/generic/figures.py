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

Rates are fractions in [0, 1] and None when their base is 0; counts are ints.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from grids.models import Area

__all__ = [
    "BY_CATEGORY",
    "BY_CHILD",
    "BY_MONTH",
    "FigureFamily",
    "Kind",
    "Measure",
    "Period",
    "Section",
    "families",
    "family",
    "register_family",
]

BY_CHILD = "child"
BY_MONTH = "month"
BY_CATEGORY = "category"


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
        """The period just before, of the same length (whole months stay whole months)."""
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
