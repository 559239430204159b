"""A quantity and the words around an amount: the scale and unit after it, the qualifier before it.

Pure Python, no Django. quantities.py (numbers in figures) and worded_amounts.py (numbers in words) both
read an amount's surroundings the same way, so the reading lives here and both import it (one way: this
module imports neither).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from claims.assist.rules.units import (
    PER_NOUNS,
    PER_WORDS,
    QUALIFIERS,
    SCALES,
    UNITS,
    Unit,
    alternation,
    format_amount,
)

# Relative tolerance within which two stated values agree (rounding in news copy: "rund 560 kW" vs 0.56 MW).
TOLERANCE = 0.10

# "up to 2,000 people" allows 1,000–2,000: far below a stated peak is a different figure, not the same one.
PEAK_RANGE = 2.0

DECIMAL_COMMA_LANGUAGES = frozenset({"de", "fr", "es", "it", "nl"})


@dataclass(frozen=True)
class Quantity:
    """A number with its unit as stated in a text, normalised. `low`/`high` bound what the text allows
    (equal to `value` for a plain number); values are in `unit`, which is canonical and unprefixed."""

    value: float
    low: float
    high: float
    unit: str  # "FLOPS", "TOPS", "token/s", "W", "Wh", "m", "EUR", "USD", "%", "GPU", "x", "" (bare count)
    dimension: str  # "compute", "power", "energy", "currency", "count", "factor", "precision", ...
    text: str  # the words it was read from
    start: int
    end: int
    per: str = ""  # a rate per thing: "chip", "year", ... ("" for a total)
    noun: str = ""  # for a count: the counted noun as written ("Racks", "Stimmen"), lower-cased

    def describe(self) -> str:
        """As written, and normalised when that says more: "300 Petaflops (= 300 PFLOPS)"."""
        normal = format_amount(self.low, self.high, self.unit, self.per)
        if _plain(normal) == _plain(self.text):  # "1-2 km" says what "1–2 km" does
            return self.text
        return f"{self.text} (= {normal})"


def _plain(amount: str) -> str:
    return amount.replace(" ", "").replace("-", "–").lower()


LETTER = "A-Za-zÄÖÜäöüß"
_UNIT_RE = re.compile(rf"(?P<unit>{alternation(list(UNITS))})(?![{LETTER}0-9²³])")
_SCALE_RE = re.compile(rf"(?P<scale>{alternation(list(SCALES))})(?![{LETTER}])")
_PER_RE = re.compile(
    rf"[ \t\u00a0]*(?:pro|per|je|a|an|/)[ \t\u00a0]*(?:(?:[A-Z][\w-]*|\d+)[ \t\u00a0]+){{0,2}}?"
    rf"(?P<per>(?i:{alternation(list(PER_NOUNS))}))(?:e?s)?(?![{LETTER}])"
)
_QUALIFIER_RE = re.compile(
    "(?:^|(?<=[\\s(]))(?:" + "|".join(f"(?P<q{i}>{p})" for i, (p, _) in enumerate(QUALIFIERS)) + ")"
    r"[ \t\u00a0]+(?:(?:das|the|a|an|den|dem)[ \t\u00a0]+)?\Z",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"[ \t\u00a0\u202f-]?")
WORD_AFTER = re.compile(rf"[ \t\u00a0]+(?P<word>[{LETTER}][\w\-]*)")


def make_quantity(
    text: str,
    start: int,
    end: int,
    value: float,
    low: float,
    high: float,
    unit: Unit | None,
    per: str = "",
    noun: str = "",
) -> Quantity:
    """The quantity, widened by a qualifier written right before it ("mehr als", "rund", "up to")."""
    low, high, start = _qualified(text, start, low, high)
    return Quantity(
        value=value,
        low=low,
        high=high,
        unit=unit.unit if unit else "",
        dimension=unit.dimension if unit else "count",
        text=text[start:end].strip(),
        start=start,
        end=end,
        per=per,
        noun=noun.lower(),
    )


def scale_at(text: str, position: int, language: str) -> tuple[float, int]:
    """A scale word at `position` ("Milliarden", "Mrd.", "billion", "bn", "m" glued to a number)."""
    separator = _SEPARATOR.match(text, position)
    at = separator.end() if separator else position
    match = _SCALE_RE.match(text, at)
    if not match:
        return 1.0, position
    word = match.group("scale")
    if word in {"m", "k"} and at != position:
        return 1.0, position  # "5 m" is metres; only "$440m" and "5k" are scales
    if word == "Billion" and language not in DECIMAL_COMMA_LANGUAGES:
        return 1e9, match.end()  # an English sentence that starts with "Billion"
    return SCALES[word], match.end()


def unit_at(text: str, position: int) -> tuple[Unit | None, str, int]:
    """The unit at `position` (after an optional space or hyphen), what it is per, and where it ends."""
    separator = _SEPARATOR.match(text, position)
    at = separator.end() if separator else position
    match = _UNIT_RE.match(text, at)
    if not match:
        return None, "", position
    unit = UNITS[match.group("unit")]
    end = match.end()
    per = ""
    per_match = _PER_RE.match(text, end)
    if per_match and (noun := per_match.group("per").lower()) in PER_NOUNS:
        per, end = PER_NOUNS[noun], per_match.end()
    elif (word := WORD_AFTER.match(text, end)) and word.group("word").lower() in PER_WORDS:
        per = PER_WORDS[word.group("word").lower()]
    return unit, per, end


def _qualified(text: str, start: int, low: float, high: float) -> tuple[float, float, int]:
    """Apply "mehr als", "rund", "up to", ... written right before `start`; returns the widened bounds and
    where the qualifier starts."""
    before = text[max(0, start - 30) : start]
    match = _QUALIFIER_RE.search(before)
    if not match:
        return low, high, start
    kind = next(kind for i, (_, kind) in enumerate(QUALIFIERS) if match.group(f"q{i}"))
    qualifier_start = start - len(before) + match.start()
    if kind == "above":
        return low, math.inf, qualifier_start
    if kind == "below":
        return 0.0, high, qualifier_start
    if kind == "just below":
        return low * 0.9, high, qualifier_start
    if kind == "about":
        return low * (1 - TOLERANCE), high * (1 + TOLERANCE), qualifier_start
    # "peak" ("bis zu", "up to", "maximal"): a maximum; what is typical lies within a factor of two below.
    return low / PEAK_RANGE, high, qualifier_start
