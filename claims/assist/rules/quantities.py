"""Numbers with units in German and English text, normalised so that two statements can be compared.

Pure Python, no Django. The rules, in the order they apply:

- **Number formats depend on the language.** German (and the other decimal-comma languages) write "1.920"
  for 1920 and "52,4" for 52.4; English writes "1,920" and "52.4". A number with both separators is read
  by its last one ("1.234,5", "1,234.5"); a separator repeated ("1.234.567") or followed by anything but
  three digits ("52,4", "1.9") is unambiguous; only "1.920"/"1,920" needs the language. Thin spaces group
  thousands in both.
- **Scale words** multiply: "4 Milliarden", "1,4 Mrd.", "3.2 billion", "$440m" (German "Billion" is 10^12,
  English "billion" 10^9). **Units** are canonical and unprefixed ("300 Petaflops" is 3e17 FLOPS,
  "0,56 Megawatt" is 560,000 W); TOPS stays in TOPS, as the industry quotes it.
- **Words** stand for ranges: "single-digit TOPS"/"einstellige TOPS" is [1, 10) TOPS, "Dutzende" [24, 100),
  "tens of" [20, 100), "Hunderte"/"hundreds of" [200, 1000); number words ("zwölf Hektar", "four times")
  count when a unit or scale follows.
- **Qualifiers** before a number widen it: "mehr als"/"more than" → [x, ∞), "weniger als"/"less than" →
  [0, x], "rund"/"about" → x ± 10 %, "knapp"/"nearly" → [0.9x, x], "bis zu"/"up to" → [x/2, x] (a peak).
- **Not quantities:** dates ("14. Mai 2025", "May 14, 2025", "4. und 5. März"), times ("20 Uhr", "9 a.m."),
  years (1800–2100 without a unit), German ordinals ("im 3. Quartal"), footnotes ("(2)"), and numbers that
  belong to a name ("SkyRack 512", "H100", "910C").
- **Ranges** are written with a dash, "bis" or "to"; a bare hyphen only before a unit or scale ("10-15
  Cent"; "0631-3692150" is a telephone number).
- A scaled amount after an amount of money **keeps its currency** when it is not repeated ("9.5 million
  euros, of which the state paid 4 million").
- A rate **per** thing ("490 teraflops per accelerator") is never compared with a total; a rate per period
  ("16 GWh pro Jahr") is, as news copy often leaves the period out ("a 16 GWh plant").


Whether two quantities agree is comparison.py's `compare()`. The words around an amount (scale, unit,
qualifier) are read in amounts.py; amounts written in words in worded_amounts.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache

from claims.assist.rules.amounts import (
    DECIMAL_COMMA_LANGUAGES,
    LETTER,
    PEAK_RANGE,
    TOLERANCE,
    WORD_AFTER,
    Quantity,
    make_quantity,
    scale_at,
    unit_at,
)
from claims.assist.rules.terms import SENTENCE_STARTERS
from claims.assist.rules.units import (
    MONTHS,
    NOT_ADJECTIVES,
    NOT_NAMES,
    NOT_NOUNS,
    SCALES,
    UNITS,
    Unit,
    alternation,
)
from claims.assist.rules.worded_amounts import worded_quantities

# Imported from here by the callers (comparison.py, statements.py, ...), as before the reading was split.
__all__ = [
    "DECIMAL_COMMA_LANGUAGES",
    "PEAK_RANGE",
    "TOLERANCE",
    "Quantity",
    "extract_quantities",
    "parse_number",
]

# --- Reading ------------------------------------------------------------------------------------------

# Swiss German groups thousands with an apostrophe, often typographic: "80’000 Franken".
# Thousands are grouped by a dot, a comma, an apostrophe ("80’000", Swiss) or a space of any width ("30 000",
# as German print and SI write them); a group is three digits, so "2019 3 Menschen" stays two numbers.
_GROUP = "[., \u00a0\u202f\u2009'’]"
_NUMBER_RE = re.compile(
    rf"(?<![\w.,:/\-])(?<!\d['’])(?:\d{{1,3}}(?:{_GROUP}\d{{3}})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![.,:/]?\d)"
)
_RANGE_RE = re.compile(r"[ \t\u00a0]*(?:–|-|—|bis|to)[ \t\u00a0]*(?=\d)")
# The upper end of a range: a number as _NUMBER_RE reads one, though a hyphen stands right before it.
_RANGE_END_RE = re.compile(_NUMBER_RE.pattern.replace(r"(?<![\w.,:/\-])", r"(?<![\w.,:/])", 1))
# "14. Mai", and the first day of "4. und 5. März", "4.–5. März"
_DATE_AFTER = re.compile(
    rf"\.?(?:[ \t\u00a0]*(?:und|bis|or|and|–|-)[ \t\u00a0]*\d{{1,2}}\.?)?[ \t\u00a0]*(?:{MONTHS})\b\.?"
)
# A time of day: "um 20 Uhr", "12.45 Uhr", "at 9 a.m."; in English also "5pm", "9 am".
_TIME_AFTER = re.compile(r"[ \t\u00a0]?(?:Uhr\b|[ap]\.m\.)")
_TIME_AFTER_EN = re.compile(r"[ \t\u00a0]?[ap]m\b")
# A reference to a footnote or a numbered source: "(2)", "[3]".
_REFERENCE = re.compile(r"[(\[]\d{1,3}[)\]]")
_MONTH_BEFORE = re.compile(rf"\b(?:{MONTHS})\.?[ \t\u00a0]+\Z")
_ORDINAL_AFTER = re.compile(rf"\.[ \t\u00a0]+(?P<word>[A-ZÄÖÜ][{LETTER}]*)")
_WORD_BEFORE = re.compile(rf"(?P<word>[{LETTER}][\w\-]*)[ \t\u00a0]+\Z")
_CURRENCY_BEFORE = re.compile(r"(?P<cur>US\$|US-\$|\$|€|£|USD|EUR|CHF|CNY)[ \t\u00a0]?\Z")
_PRECISION_RE = re.compile(r"(?<![\w-])(?P<kind>FP|BF|INT|TF|MXFP)(?P<bits>4|6|8|16|32|64)(?![\w])")


def extract_quantities(text: str, language: str) -> list[Quantity]:
    """Every quantity stated in `text`, in order of position. `language` (ISO 639-1) decides how "1.920"
    and "1,920" read; other formats are unambiguous."""
    return list(_quantities(text, language))


# An evidence search reads one claim against a hundred passages, and the stance rules read both texts of
# each pair: the same texts are read again and again. Quantities are frozen, so the tuple can be shared.
@lru_cache(maxsize=4096)
def _quantities(text: str, language: str) -> tuple[Quantity, ...]:
    found = [q for m in _number_literals(text) if (q := _numeric(text, m, language)) is not None]
    found.extend(worded_quantities(text, language))
    found.extend(_precisions(text))
    found.sort(key=lambda q: (q.start, -(q.end - q.start)))
    # A worded amount can overlap a number read on its own ("eine Million"): keep the first, longest.
    result: list[Quantity] = []
    for quantity in found:
        if result and quantity.start < result[-1].end:
            continue
        result.append(_elliptic_currency(quantity, result))
    return tuple(result)


def _number_literals(text: str) -> Iterator[re.Match[str]]:
    """The number literals of a text. After a name, a space ends the number rather than grouping thousands:
    "Lingxi 7 128 GB" is a model and 128 GB, not 7,128 GB ("Top 5 100 Meter" likewise)."""
    match = _NUMBER_RE.search(text)
    while match is not None:
        literal = match.group()
        if " " in literal and _is_name_part(text[max(0, match.start() - 40) : match.start()]):
            match = _NUMBER_RE.search(text, match.start() + literal.index(" ") + 1)
            continue
        yield match
        match = _NUMBER_RE.search(text, match.end())


_SCALED_END = re.compile(rf"(?:{alternation(list(SCALES))})\Z")


def _elliptic_currency(quantity: Quantity, before: list[Quantity]) -> Quantity:
    """A scaled amount with no unit or noun of its own after an amount of money in the same text is money
    too: "9.5 million euros, of which the state paid 4 million", "9,5 Millionen Euro, davon 4 Millionen"
    (the currency is not repeated). An unscaled bare number ("3 of them") stays a count."""
    if quantity.unit or quantity.noun or not _SCALED_END.search(quantity.text):
        return quantity
    money = next((q for q in reversed(before) if q.dimension == "currency"), None)
    if money is None:
        return quantity
    return replace(quantity, unit=money.unit, dimension=money.dimension)


def parse_number(literal: str, language: str) -> float:
    """The value of a number literal written in `language`'s convention ("1.920" de → 1920.0)."""
    digits = literal.translate(_SPACES)
    dots, commas = digits.count("."), digits.count(",")
    if dots + commas == 0:
        return float(digits)
    if dots and commas:
        decimal = "." if digits.rfind(".") > digits.rfind(",") else ","
    else:
        separator = "." if dots else ","
        head, _, tail = digits.rpartition(separator)
        if dots + commas > 1:
            decimal = ""  # "1.234.567": grouping only
        elif len(tail) != 3 or head == "0":
            decimal = separator  # "52,4", "1.9", "0.560"
        elif (separator == ",") == (language in DECIMAL_COMMA_LANGUAGES):
            decimal = separator  # "1,920" in German is 1.92; "1.920" in English is 1.92
        else:
            decimal = ""
    if not decimal:
        return float(digits.replace(".", "").replace(",", ""))
    grouping = "," if decimal == "." else "."
    return float(digits.replace(grouping, "").replace(decimal, "."))


_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009'’")


def _numeric(text: str, match: re.Match[str], language: str) -> Quantity | None:
    """The quantity a number literal starts, or None when it is a date, a year, an ordinal or a name."""
    start, end = match.span()
    literal = match.group()
    before = text[max(0, start - 40) : start]
    if _MONTH_BEFORE.search(before) or _DATE_AFTER.match(text, end) or _is_time(text, end, language):
        return None  # "May 14", "14. Mai", "20 Uhr"
    if _REFERENCE.fullmatch(text, max(0, start - 1), end + 1):
        return None  # "(2)": a footnote
    low = parse_number(literal, language)
    high, position = _range_end(text, end, low, language)
    scale, position = scale_at(text, position, language)
    unit, per, after_unit = unit_at(text, position)
    if unit is None:
        unit, after_unit = _count_after_adjective(text, position)
    if unit is None and position == end and text[end : end + 1].isalpha():
        return None  # "910C", "3D", "1st": a name or an ordinal, not an amount
    currency = _CURRENCY_BEFORE.search(before)
    if currency is not None and (unit is None or unit.dimension == "currency"):
        unit = UNITS[currency.group("cur")]
        start = start - len(before) + currency.start()
    if (
        unit is None
        and scale == 1.0
        and (_is_year(literal) or _is_ordinal(text, end, language) or _is_name_part(before))
    ):
        return None
    noun = ""
    if unit is None:
        noun = _following_word(text, position)
        noun = "" if noun.lower() in NOT_NOUNS or not noun[:1].isalpha() else noun
    elif unit.dimension == "count":
        noun = text[position:after_unit].strip(" -")
    stated = (low + high) / 2
    factor = scale * (unit.factor if unit else 1.0)
    return make_quantity(
        text, start, max(position, after_unit), stated * factor, low * factor, high * factor, unit, per, noun
    )


def _is_time(text: str, end: int, language: str) -> bool:
    """Whether the number ending at `end` is a time of day ("20 Uhr"; "9 am" only in English: German "am"
    is "at the")."""
    return bool(_TIME_AFTER.match(text, end) or (language == "en" and _TIME_AFTER_EN.match(text, end)))


def _range_end(text: str, end: int, low: float, language: str) -> tuple[float, int]:
    """The upper end of a range after a number and where it ends ("10–20 Prozent", "2 bis 3 Milliarden",
    "10-15 Cent"), else (low, end). A bare hyphen makes a range only before a unit or scale: "0631-3692150"
    is a telephone number, "27-4" a score."""
    separator = _RANGE_RE.match(text, end)
    second = _RANGE_END_RE.match(text, separator.end()) if separator else None
    if separator is None or second is None or (upper := parse_number(second.group(), language)) <= low:
        return low, end
    bare_hyphen = separator.group() == "-"
    if (
        bare_hyphen
        and scale_at(text, second.end(), language)[0] == 1.0
        and unit_at(text, second.end())[0] is None
    ):
        return low, end
    return upper, second.end()


_ADJECTIVE = re.compile(rf"[ \t\u00a0]+[a-zäöüß][{LETTER}]*(?=[ \t\u00a0])")


def _count_after_adjective(text: str, position: int) -> tuple[Unit | None, int]:
    """A counted noun after one lower-case word: "300 neue Arbeitsplätze", "20 new jobs"."""
    adjective = _ADJECTIVE.match(text, position)
    if adjective is None or adjective.group().strip() in NOT_ADJECTIVES:
        return None, position
    unit, _, end = unit_at(text, adjective.end())
    if unit is None or unit.dimension != "count":
        return None, position
    return unit, end


def _following_word(text: str, position: int) -> str:
    match = WORD_AFTER.match(text, position)
    return match.group("word") if match else ""


def _is_year(literal: str) -> bool:
    return literal.isdigit() and len(literal) == 4 and 1800 <= int(literal) <= 2100


def _is_ordinal(text: str, end: int, language: str) -> bool:
    """German ordinals: "im 3. Quartal", "der 5. Generation" (a number, a full stop, a capitalised noun)."""
    if language not in DECIMAL_COMMA_LANGUAGES:
        return False
    match = _ORDINAL_AFTER.match(text, end)
    return bool(match) and match.group("word").lower() not in SENTENCE_STARTERS


def _is_name_part(before: str) -> bool:
    """A number right after a capitalised word that is not a preposition or qualifier is part of a name:
    "SkyRack 512", "Lingxi 7", "Atlas 64" (unless a unit follows, which the caller has checked)."""
    match = _WORD_BEFORE.search(before)
    if not match:
        return False
    word = match.group("word")
    return word[0].isupper() and word.lower().rstrip(".") not in NOT_NAMES


def _precisions(text: str) -> list[Quantity]:
    """Number formats named like "FP8", "BF16", "INT4": a precision in bits."""
    unit = UNITS["bit"]
    found = []
    for match in _PRECISION_RE.finditer(text):
        bits = float(match.group("bits"))
        found.append(make_quantity(text, match.start(), match.end(), bits, bits, bits, unit))
    return found
