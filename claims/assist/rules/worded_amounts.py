"""Amounts written in words: vague amounts ("single-digit TOPS", "Dutzende", "tens of billions"), number
words followed by a unit or scale ("zwölf Hektar", "a million"), factors ("twice", "das Vierfache"), shares
("zwei Drittel der", "jeder dritte", "one in five": per cent) and none at all ("not a single rack", "keine
Racks").

Pure Python, no Django; quantities.py merges these with the numbers written in figures.
"""

from __future__ import annotations

import re

from claims.assist.rules.amounts import LETTER, Quantity, make_quantity, scale_at, unit_at
from claims.assist.rules.units import NUMBER_WORDS, UNITS, VAGUE_AMOUNTS, alternation

_NUMBER_WORD_RE = re.compile(
    rf"(?<![{LETTER}])(?P<word>{alternation(list(NUMBER_WORDS))})(?![{LETTER}])", re.IGNORECASE
)
# "das Vierfache", "dreifach", "zehnfach"
_FACH_RE = re.compile(
    r"(?<![\w-])(?P<word>zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|zwanzig|hundert|tausend)"
    r"fach(?:e|en|er|es)?\b",
    re.IGNORECASE,
)
_VAGUE_RE = re.compile(
    "(?<![\\w-])(?:" + "|".join(f"(?P<v{i}>{p})" for i, (p, _, _) in enumerate(VAGUE_AMOUNTS)) + ")(?![\\w])",
    re.IGNORECASE,
)
# "not a single rack", "kein einziges Rack", "keine Racks", "no jobs": a count of zero.
_NONE_RE = re.compile(
    r"\b(?:(?:not|never|nicht|nie)\b(?:[ \t]+\w+){0,2}?[ \t]+(?:a|one|ein\w*)[ \t]+(?:single|einzige\w*)"
    r"|kein\w*(?:[ \t]+einzige\w*)?|no)(?=[ \t])",
    re.IGNORECASE,
)

# Shares in words: "zwei Drittel der Beschäftigten", "die Hälfte", "jeder dritte", "two thirds of",
# "half of", "one in five": a share in per cent.
_PARTS = {
    "hälfte": 2, "drittel": 3, "viertel": 4, "fünftel": 5, "zehntel": 10, "half": 2, "halves": 2, "third": 3,
    "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10,
}  # fmt: skip
_ORDINALS = {
    "zweite": 2, "dritte": 3, "vierte": 4, "fünfte": 5, "zehnte": 10, "second": 2, "third": 3, "fourth": 4,
    "fifth": 5, "tenth": 10,
}  # fmt: skip
_COUNT = r"(?P<count>ein|eine|einem|einer|zwei|drei|vier|neun|one|two|three|a)"
_SHARE_RE = re.compile(
    # "zwei Drittel der …", "ein Viertel aller …", "die Hälfte der …", "two thirds of", "half of the"
    rf"(?<![\w-])(?:{_COUNT}[ \t]+|(?:die|der|the)[ \t]+)?"
    r"(?P<part>hälfte|drittel|viertel|fünftel|zehntel)(?=[ \t]+(?:der|des|aller|von)\b)"
    rf"|(?<![\w-])(?:{_COUNT.replace('count', 'count2')}[ \t]+)?"
    r"(?P<part2>half|halves|thirds?|quarters?|fifths?|tenths?)(?=[ \t]+of\b)"
    # "jeder dritte", "jede fünfte", "every fifth", "one in five"
    r"|(?<![\w-])(?:jede[rsnm]?|every)[ \t]+(?P<ordinal>zweite|dritte|vierte|fünfte|zehnte|second|third"
    r"|fourth|fifth|tenth)[nrs]?\b"
    r"|(?<![\w-])(?:one|einer?)[ \t]+(?:in|von)[ \t]+(?P<whole>two|three|four|five|ten|zwei|drei|vier"
    r"|fünf|zehn)\b",
    re.IGNORECASE,
)
# "die zweite Hälfte des Spiels", "the third quarter of 2023": a part of a time, not a share.
_PART_OF_TIME = re.compile(
    r"(?:erste|zweite|dritte|vierte|letzte|first|second|third|fourth|last)[nrs]?[ \t]+$", re.IGNORECASE
)
_ARTICLES = frozenset({"a", "an", "ein", "eine", "einer", "einen", "one"})
_FACTOR_WORDS = frozenset({"twice", "double", "doppelt", "triple"})


def worded_quantities(text: str, language: str) -> list[Quantity]:
    """Number words, "-fach" words and vague amounts ("single-digit", "Dutzende", "tens of")."""
    found: list[Quantity] = []
    for match in _VAGUE_RE.finditer(text):
        _, low, high = next(v for i, v in enumerate(VAGUE_AMOUNTS) if match.group(f"v{i}"))
        found.extend(_with_unit(text, match, low, high, language, vague=True))
    for match in _NUMBER_WORD_RE.finditer(text):
        word = match.group("word").lower()
        value = float(NUMBER_WORDS[word])
        if word in _FACTOR_WORDS:
            found.append(make_quantity(text, match.start(), match.end(), value, value, value, UNITS["x"]))
        else:
            found.extend(_with_unit(text, match, value, value, language, vague=False))
    for match in _NONE_RE.finditer(text):
        unit, per, end = unit_at(text, match.end())
        if unit is not None and unit.dimension == "count":
            found.append(make_quantity(text, match.start(), end, 0.0, 0.0, 0.0, unit, per))
    for match in _SHARE_RE.finditer(text):
        value = _share(match)
        if value is not None and not _PART_OF_TIME.search(text, 0, match.start()):
            unit = UNITS["%"]
            found.append(make_quantity(text, match.start(), match.end(), value, value, value, unit))
    for match in _FACH_RE.finditer(text):
        value = float(NUMBER_WORDS[match.group("word").lower()])
        found.append(make_quantity(text, match.start(), match.end(), value, value, value, UNITS["x"]))
    return found


def _with_unit(
    text: str, match: re.Match[str], low: float, high: float, language: str, *, vague: bool
) -> list[Quantity]:
    """A worded amount with the scale and unit after it ("tens of billions of dollars", "zwölf Hektar").
    A number word needs a unit or a scale to count; "a"/"ein" needs a scale ("a million")."""
    end = match.end()
    scale, position = scale_at(text, end, language)
    if scale == 1.0 and vague:
        scale, position = scale_at(text, _skip_of(text, end), language)
        position = position if scale != 1.0 else end
    unit, per, after_unit = unit_at(text, position)
    if unit is None and vague:
        unit, per, after_unit = unit_at(text, _skip_of(text, position))
    article = match.group().lower() in _ARTICLES
    if scale == 1.0 and (article or (unit is None and not vague)):
        return []
    factor = scale * (unit.factor if unit else 1.0)
    stated = (low + high) / 2
    return [
        make_quantity(
            text,
            match.start(),
            max(position, after_unit),
            stated * factor,
            low * factor,
            high * factor,
            unit,
            per,
        )
    ]


_OF_WORD = re.compile(r"[ \t\u00a0]+of(?=[ \t\u00a0])")


def _skip_of(text: str, position: int) -> int:
    match = _OF_WORD.match(text, position)
    return match.end() if match else position


def _share(match: re.Match[str]) -> float | None:
    """The share a match of _SHARE_RE states, in per cent; None for "zwei Hälften" and the like."""
    if match.group("ordinal"):
        return 100.0 / _ORDINALS[match.group("ordinal").lower()]
    if match.group("whole"):
        return 100.0 / NUMBER_WORDS[match.group("whole").lower()]
    part = (match.group("part") or match.group("part2")).lower()
    count_word = (match.group("count") or match.group("count2") or "").lower()
    count = NUMBER_WORDS.get(count_word, 1) if count_word not in {"", "a"} else 1
    whole = _PARTS[part]
    return 100.0 * count / whole if count < whole else None
