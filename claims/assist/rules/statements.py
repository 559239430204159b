"""What a claim or a passage states, as the stance rules read it: its names, the subjects among them (not
who is speaking), its numbers each tied to a subject and its clause, and its content terms.

Pure Python, no Django. See stance.py's docstring for how a number finds its subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claims.assist.rules.names import Name, find_names, speakers
from claims.assist.rules.quantities import Quantity, extract_quantities
from claims.assist.rules.terms import content_terms, negated_before


@dataclass(frozen=True)
class StatedNumber:
    """A number as a text states it, tied to what it is about."""

    quantity: Quantity
    subject: frozenset[str]
    negated: bool
    design: bool  # a precision that describes a design ("4-bit architecture"), not a measuring condition
    context: frozenset[str]  # the other words of its clause: what the number is of
    role: str = ""  # "part" (a share: "of which", "beteiligte sich mit"), "total" ("cost", "insgesamt"), ""


@dataclass
class Statement:
    """A claim or passage as the stance rules read it."""

    text: str
    language: str
    names: list[Name]
    subjects: frozenset[str]  # name words, speakers left out
    numbers: list[StatedNumber] = field(default_factory=list)
    terms: frozenset[str] = frozenset()


CLAUSE_BREAK = re.compile(
    r"[,;:()–—]|\s(?:und|and|but|aber|while|während|whereas|sondern|or|oder)\s", re.IGNORECASE
)
_RELATIVE = re.compile(
    r"\s*(?:der|die|das|dem|den|dessen|deren|welche[rsnm]?|which|that|who|whose|where)\b", re.IGNORECASE
)
_DESIGN_WORDS = re.compile(
    r"[\s-]*(?:design|architecture|architektur|chip|prozessor|processor)", re.IGNORECASE
)
# What a figure's clause says it is: a share of something ("of which the state paid 4 million", "das Land
# beteiligte sich mit 4 Millionen") or the whole ("it cost 9.5 million", "insgesamt"). A share and a
# whole are different quantities: the stance rules do not set one against the other.
_PART = re.compile(
    r"\b(?:of\s+which|davon|share|anteil\w*|contribut\w*|beteilig\w*|beitrag|beiträge\w*|zuschuss\w*"
    r"|zuschüsse\w*|subsid\w*|grants?|the\s+rest|remaining|übrige\w*|restliche\w*)\b",
    re.IGNORECASE,
)
_TOTAL = re.compile(
    r"\b(?:total\w*|insgesamt|gesamt\w*|overall|in\s+all|all\s+told|cost|costs|costing|kostet\w*"
    r"|kosten)\b",
    re.IGNORECASE,
)
_SENTENCE_SUBJECT_TOKENS = 4
_NEGATION_WORDS_BEFORE = 3


def read_statement(text: str, language: str, known: frozenset[str]) -> Statement:
    """What `text` states: its names, the subjects among them, its numbers tied to subjects, its terms.
    `known` are name words of both texts compared, so a name is found in either."""
    names = find_names(text, language, known)
    speaking = speakers(text, names)
    subjects = [name for name in names if name not in speaking]
    analysed = Statement(text, language, names, frozenset().union(*(n.terms for n in subjects)))
    clauses = _clauses(text)
    opening = _opening_subject(text, subjects)
    quantities = extract_quantities(text, language)
    for quantity in quantities:
        if _when(text, quantity):
            continue  # "vor zwei Wochen", "two weeks ago": when something happened, not how long it took
        analysed.numbers.append(
            StatedNumber(
                quantity,
                _subject_of(text, quantity, clauses, subjects, opening),
                _is_negated(text, quantity.start),
                quantity.dimension == "precision" and bool(_DESIGN_WORDS.match(text, quantity.end)),
                _context_of(text, quantity, clauses),
                _role_of(text, quantity, clauses),
            )
        )
    analysed.terms = _terms(text)
    return analysed


_AGO_BEFORE = re.compile(r"\b(?:vor|nach)\s+\Z", re.IGNORECASE)
_AGO_AFTER = re.compile(r"\s+(?:ago|later|earlier|before|später|zuvor|danach|davor|früher)\b", re.IGNORECASE)


def _when(text: str, quantity: Quantity) -> bool:
    """Whether a duration says when, counted from another time: "vor zwei Wochen", "nach drei Tagen",
    "two weeks ago", "drei Tage später"."""
    if quantity.dimension != "duration":
        return False
    return bool(_AGO_BEFORE.search(text, 0, quantity.start) or _AGO_AFTER.match(text, quantity.end))


def _terms(text: str) -> frozenset[str]:
    return frozenset(term for term in content_terms(text) if not any(c.isdigit() for c in term))


def _clauses(text: str) -> list[tuple[int, int]]:
    bounds = [0, *(m.end() for m in CLAUSE_BREAK.finditer(text)), len(text) + 1]
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]


def _opening_subject(text: str, subjects: list[Name]) -> frozenset[str]:
    """Names among the first few words: the subject of the sentence ("Tianmu hatte im März …")."""
    words = list(re.finditer(r"\S+", text))
    limit = words[_SENTENCE_SUBJECT_TOKENS].start() if len(words) > _SENTENCE_SUBJECT_TOKENS else len(text)
    return frozenset().union(*(n.terms for n in subjects if n.start < limit))


_OF_NAME = re.compile(r"\s+(?:of|von|des|der)\s+(?:the\s+|dem\s+)?", re.IGNORECASE)


def _subject_of(
    text: str,
    quantity: Quantity,
    clauses: list[tuple[int, int]],
    subjects: list[Name],
    opening: frozenset[str],
) -> frozenset[str]:
    """The names a number is about: those before it in its clause ("Das SkyRack 512 benötigt 560 kW"), or
    the one it belongs to ("the 130 kW of the Atlas NV64"), or a relative clause's antecedent ("… Norvex,
    das maximal 160 Petaflops erreicht"), or the name opening the sentence."""
    index = next(i for i, (start, end) in enumerate(clauses) if start <= quantity.start < end)
    start, end = clauses[index]
    before = [n for n in subjects if start <= n.start and n.end <= quantity.start]
    if before:
        return frozenset().union(*(n.terms for n in before))
    owner = next((n for n in subjects if quantity.end <= n.start < end), None)
    if owner is not None and _OF_NAME.fullmatch(text[quantity.end : owner.start]):
        return owner.terms
    if index > 0 and _RELATIVE.match(text, start):
        antecedents = [n for n in subjects if clauses[index - 1][0] <= n.start < clauses[index - 1][1]]
        if antecedents:
            return antecedents[-1].terms
    return opening


def _context_of(text: str, quantity: Quantity, clauses: list[tuple[int, int]]) -> frozenset[str]:
    start, end = next((s, e) for s, e in clauses if s <= quantity.start < e)
    return _terms(text[start : quantity.start] + " " + text[quantity.end : end])


def _role_of(text: str, quantity: Quantity, clauses: list[tuple[int, int]]) -> str:
    """ "part", "total" or "" by the words of the number's clause; a share named there wins ("the
    state's share of the costs")."""
    start, end = next((s, e) for s, e in clauses if s <= quantity.start < e)
    clause = text[start:end]
    if _PART.search(clause):
        return "part"
    return "total" if _TOTAL.search(clause) else ""


def _is_negated(text: str, start: int) -> bool:
    return negated_before(text, start, reach=40, clause_break=CLAUSE_BREAK, words=_NEGATION_WORDS_BEFORE)
