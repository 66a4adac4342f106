"""How the work report says a number: the article's rounding, in one place.

The article says "累计处理报修、咨询等事项350余件，办结率达98%", "调处各类矛盾纠纷30余件",
"累计参与巡逻1000余人次", "覆盖居民6500余人次" — and, exactly, "9个社区", "43个网格",
"重点人员档案78份", "苗头性隐患16起". The rules, chosen to read like it:

- A **count of things done in the period** (`about()`) is said exactly below 20 ("16起",
  "9次"); from 20 up it is floored to a round number and "余" ("more than") is added:
  to tens below 100 (52 → "50余", 99 → "90余"), to halves of the leading unit from 100 up
  (352 → "350余", 215 → "200余", 1001 → "1000余", 6532 → "6500余", 12,400 → "10000余").
  A count that is already round is said as it is (100 → "100", 350 → "350"): "余" would
  claim more than there was. Flooring never overstates.
- A **count of what exists** (`exact()`: communities, grids, files) is always exact.
- A **rate** (`percent()`) is a whole percentage, **floored**: 98.3% → "98%", 99.6% → "99%".
  Rounding would turn 99.6% into "100%", a claim that nothing failed; the floor never says
  more than the data. None (no base: nothing to rate) → None, and the sentence that would
  carry it is left out — never "None%".
- A **mean** (`decimal()`, e.g. a rating of 1–5) keeps one decimal: 4.86 → "4.8" (floored).
"""

from __future__ import annotations

import math
from decimal import ROUND_FLOOR, Decimal

__all__ = ["APPROXIMATE_FROM", "about", "decimal", "exact", "percent", "rate_phrase", "step"]

# Below this a count is said exactly ("16起"); the article's smallest "余" is "20余次".
APPROXIMATE_FROM = 20


def step(value: int) -> int:
    """The round unit a count is floored to: 10 below 100, then half its leading unit
    (50 for 100–999, 500 for 1,000–9,999, 5,000 for 10,000–99,999 …)."""
    if value < 100:
        return 10
    return 5 * 10 ** (len(str(value)) - 2)


def about(value: int | None, unit: str = "") -> str | None:
    """A count of things done: "350余件", "16起", "100次"; None for None."""
    if value is None:
        return None
    value = int(value)
    if value < APPROXIMATE_FROM:
        return f"{value}{unit}"
    unit_size = step(value)
    floor = value // unit_size * unit_size
    return f"{floor}{'' if floor == value else '余'}{unit}"


def exact(value: int | None, unit: str = "") -> str | None:
    """A count of what exists, exactly: "9个社区" is exact("9", "个") + "社区"."""
    if value is None:
        return None
    return f"{int(value)}{unit}"


def percent(fraction: float | None) -> str | None:
    """A rate in [0, 1] as a floored whole percentage: 0.983 → "98%"; None → None."""
    if fraction is None or (isinstance(fraction, float) and math.isnan(fraction)):
        return None
    # Decimal from the float's repr: 0.29 * 100 is 28.999… as a float, 29 as a decimal.
    whole = (Decimal(repr(float(fraction))) * 100).to_integral_value(rounding=ROUND_FLOOR)
    return f"{max(0, min(100, int(whole)))}%"


def decimal(value: float | None, places: int = 1) -> str | None:
    """A mean, floored to `places` decimals: 4.86 → "4.8"; None → None."""
    if value is None:
        return None
    quantum = Decimal(1).scaleb(-places)
    return str(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_FLOOR))


def rate_phrase(label: str, fraction: float | None, *, reach: bool = True) -> str | None:
    """ "办结率达98%" (reach: the article's 达 "reaches"), or "调解成功率100%"; None → None."""
    shown = percent(fraction)
    if shown is None:
        return None
    return f"{label}{'达' if reach else ''}{shown}"
