"""Amounts written in words: vague amounts ("single-digit TOPS", "Dutzende", "tens of billions"), number
words followed by a unit or scale ("zwölf Hektar", "a million"), factors ("twice", "das Vierfache") and
none at all ("not a single rack", "keine Racks").

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
