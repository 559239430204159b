"""Whether two quantities agree: the same dimension, convertible units, the same "per", and ranges that
overlap once widened by TOLERANCE; otherwise how far apart they are (`factor` ≥ 1). Pure Python, no Django.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from claims.assist.rules.quantities import TOLERANCE, Quantity
from claims.assist.rules.units import COMPATIBLE, PERIODS, TO_BASE

# Two values this many times apart differ strongly: not rounding, not a different measuring condition.
STRONG_FACTOR = 2.0


@dataclass(frozen=True)
class Comparison:
    relation: str  # "agrees", "differs", "incomparable"
    factor: float  # how many times apart (1.0 when they agree, inf when one is zero, nan if incomparable)
    explanation: str


def compare(a: Quantity, b: Quantity, *, tolerance: float = TOLERANCE) -> Comparison:
    """Whether `b` agrees with `a`: the same kind of quantity, and values within `tolerance` (relative) of
    each other or overlapping ranges. `factor` says how many times apart they are when they differ."""
    if a.dimension != b.dimension:
        return Comparison("incomparable", math.nan, f"{a.text} is {a.dimension}, {b.text} is {b.dimension}")
    unstated_period = ""
    if a.per != b.per:
        if {a.per, b.per} - {""} <= PERIODS and "" in {a.per, b.per}:
            # News copy drops "a year" ("a 16 GWh plant"); compare, and say the period was assumed.
            unstated_period = f"; the period ({a.per or b.per}) is stated for one only"
        else:
            what = f"per {a.per}" if a.per else "a total"
            other = f"per {b.per}" if b.per else "a total"
            return Comparison("incomparable", math.nan, f"{a.text} is {what}, {b.text} is {other}")
    if not _units_compatible(a, b):
        if a.dimension == "currency":
            return Comparison("incomparable", math.nan, f"{a.text} and {b.text} are in different currencies")
        return Comparison("incomparable", math.nan, f"{a.text} and {b.text} count different things")
    scale_a, scale_b = TO_BASE.get(a.unit, 1.0), TO_BASE.get(b.unit, 1.0)
    a_low, a_high = a.low * scale_a, a.high * scale_a
    b_low, b_high = b.low * scale_b, b.high * scale_b
    if a_low <= b_high * (1 + tolerance) and b_low <= a_high * (1 + tolerance):
        return Comparison("agrees", 1.0, f"{a.describe()} agrees with {b.describe()}{unstated_period}")
    low, high = (a_high, b_low) if a_high < b_low else (b_high, a_low)
    factor = high / low if low > 0 else math.inf  # "not a single rack" against "20 racks"
    strength = "differs strongly from" if factor >= STRONG_FACTOR else "differs from"
    return Comparison(
        "differs",
        factor,
        f"{a.describe()} {strength} {b.describe()} ({times(factor)} apart{unstated_period})",
    )


def _units_compatible(a: Quantity, b: Quantity) -> bool:
    if a.unit == b.unit:
        return a.unit != "" or not a.noun or not b.noun or _same_noun(a.noun, b.noun)
    if a.dimension == "compute":
        return True
    if a.dimension == "count":
        if "" in {a.unit, b.unit}:
            # A bare count may count anything, unless it names what it counts ("200.000 Elektroautos").
            bare, other = (a, b) if a.unit == "" else (b, a)
            return not bare.noun or (other.unit == "" and _same_noun(bare.noun, other.noun or bare.noun))
        return COMPATIBLE.get(a.unit, a.unit) == COMPATIBLE.get(b.unit, b.unit)
    return False


def _same_noun(a: str, b: str) -> bool:
    stem = min(len(a), len(b), 5)
    return a[:stem] == b[:stem]


def times(factor: float) -> str:
    """How many times apart, for a reason an editor reads: "1.3×", "4,000×", "infinitely"."""
    if math.isinf(factor):
        return "infinitely"
    return f"{factor:,.0f}×" if factor >= 10 else f"{factor:.1f}×"
