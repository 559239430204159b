"""What a sentence asserts besides its numbers, descriptors and rankings, for the stance rules: that a state
goes on or has ended ("still depends on" / "nicht mehr angewiesen"), that something is the first or the
largest of its kind, and the day something happened ("am Dienstag" / "on Tuesday").

Pure Python, no Django. The cues are closed classes of function words in German and English (weekdays,
"still", "no longer", "the first"), not vocabulary; what the two texts are about is matched by their names
and content terms (terms.py, including its concepts shared by both languages).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.assist.rules.names import Name
from claims.assist.rules.statements import CLAUSE_BREAK, Statement
from claims.assist.rules.terms import NEGATION_RE, content_terms

# Confidence of each kind of finding, 0–1 (as in stance.py).
STATE_REVERSED = 0.6
SUPERLATIVE_DENIED = 0.6
SUPERLATIVE_ELSEWHERE = 0.55
SAME_DAY = 0.55
SAME_DAY_NAME_WORDS = 2  # name words both texts share ("Solvik Tidal", or "Solvik" and "Nordmoor")


@dataclass(frozen=True)
class Finding:
    supports: bool
    confidence: float
    reason: str


# --- A state that goes on, or has ended -----------------------------------------------------------------

_ENDED = re.compile(
    r"\b(?:no\s+longer|not\s+any\s?more|nicht\s+mehr|nicht\s+länger|nie\s+mehr|nicht\s+weiter"
    r"|kein\w*\s+(?:\w+\s+){0,3}?mehr)\b",
    re.IGNORECASE,
)
_GOES_ON = re.compile(
    r"\b(?:still|continues?\s+to|remains?|noch\s+immer|immer\s+noch|weiterhin|nach\s+wie\s+vor"
    r"|bleibt|weiter\s+auf)\b",
    re.IGNORECASE,
)


def _state(text: str) -> tuple[str, str] | None:
    """("ended" | "goes on", the cue) for a text saying a state has ended or still holds."""
    ended, goes_on = _ENDED.search(text), _GOES_ON.search(text)
    if ended and not goes_on:
        return "ended", ended.group()
    if goes_on and not ended:
        return "goes on", goes_on.group()
    return None


def states(a: Statement, b: Statement) -> list[Finding]:
    """One text says a state has ended ("nicht mehr auf Förderung angewiesen"), the other that it goes on
    ("still depends on a feed-in tariff"), and they share a word or a name: they conflict. Both saying the
    same is left to the other rules (it says little by itself)."""
    mine, theirs = _state(a.text), _state(b.text)
    if mine is None or theirs is None or mine[0] == theirs[0]:
        return []
    shared = _topic(a) & _topic(b)
    if not shared:
        return []
    listed = ", ".join(sorted(t.lstrip("~") for t in shared)[:5])
    return [
        Finding(
            False,
            STATE_REVERSED,
            f"the claim says “{mine[1]}”, the passage “{theirs[1]}” (about: {listed})",
        )
    ]


def _topic(text: Statement) -> frozenset[str]:
    return text.terms | text.subjects


# --- The first, the largest -----------------------------------------------------------------------------

_SUPERLATIVES = {
    "first": r"first|erste[nmrs]?",
    "largest": r"largest|biggest|größte[nmrs]?|grösste[nmrs]?|groesste[nmrs]?",
}
_SUPERLATIVE_RE = re.compile(
    r"\b(?:the|das|die|der|den|dem|its|their|sein\w*|ihr\w*)\s+(?P<word>"
    + "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _SUPERLATIVES.items())
    + r")\b",
    re.IGNORECASE,
)
_NEGATION_REACH = 2  # words between the negation and the article: "is not the first", "nicht das erste"


@dataclass(frozen=True)
class _Superlative:
    kind: str
    word: str
    holder: frozenset[str]  # the name words of what is said to be (or not to be) the first or largest
    denied: bool
    category: frozenset[str]  # the terms after it: of what it is the first or largest
    scope: frozenset[str]  # names after it: where ("in Europe", "der Welt" is no name)


def _superlatives(text: Statement) -> list[_Superlative]:
    found = []
    subjects = [n for n in text.names if n.terms & text.subjects]
    for match in _SUPERLATIVE_RE.finditer(text.text):
        holder = _holder(text.text, match.start(), subjects)
        if not holder:
            continue
        before = text.text[max(0, match.start() - 30) : match.start()]
        cues = list(NEGATION_RE.finditer(before))
        denied = bool(cues) and len(before[cues[-1].end() :].split()) <= _NEGATION_REACH
        end = CLAUSE_BREAK.search(text.text, match.end())
        after = text.text[match.end() : end.start() if end else len(text.text)]
        kind = next(k for k in _SUPERLATIVES if match.group(k))
        category = frozenset(content_terms(after)) - text.subjects
        stop = match.end() + len(after)
        scope = frozenset().union(*(n.terms for n in subjects if match.end() <= n.start < stop))
        found.append(_Superlative(kind, match.group("word"), holder, denied, category, scope))
    return found


def _holder(text: str, start: int, subjects: list[Name]) -> frozenset[str]:
    """The nearest name before the superlative in its sentence ("Nordmoor ist das erste …", "the Rance
    barrage, … the largest …"), speakers left out."""
    before = [n for n in subjects if n.end <= start]
    return before[-1].terms if before else frozenset()


def _said(superlative: _Superlative) -> str:
    return ("not " if superlative.denied else "") + superlative.word


def superlatives(a: Statement, b: Statement) -> list[Finding]:
    """ "X is the first/largest" against "X is not the first/largest" (conflict), against "Y is the
    first/largest" of the same kind of thing (conflict: only one can be), or the same (agrees)."""
    findings = []
    for mine in _superlatives(a):
        for theirs in _superlatives(b):
            if mine.kind != theirs.kind:
                continue
            said = f"claim: “{_said(mine)}”; passage: “{_said(theirs)}”"
            if mine.holder & theirs.holder:
                if mine.denied != theirs.denied:
                    findings.append(
                        Finding(False, SUPERLATIVE_DENIED, f"one denies what the other asserts ({said})")
                    )
                elif not mine.denied and mine.category & theirs.category:
                    findings.append(Finding(True, SUPERLATIVE_DENIED, f"the same {mine.kind} ({said})"))
            elif (
                not mine.denied
                and not theirs.denied
                and mine.category & theirs.category
                and not (mine.scope and theirs.scope and not mine.scope & theirs.scope)
            ):  # "the largest … in the US" and "the largest … in Japan" can both hold
                findings.append(
                    Finding(
                        False,
                        SUPERLATIVE_ELSEWHERE,
                        f"each names another {mine.kind} of the same kind ({said}; "
                        f"of: {', '.join(sorted(t.lstrip('~') for t in mine.category & theirs.category))})",
                    )
                )
    return findings


# --- The day of an event --------------------------------------------------------------------------------

_WEEKDAYS = {
    "monday": "montag",
    "tuesday": "dienstag",
    "wednesday": "mittwoch",
    "thursday": "donnerstag",
    "friday": "freitag",
    "saturday": "samstag",
    "sonnabend": "samstag",
    "sunday": "sonntag",
}
_WEEKDAY_RE = re.compile(
    r"\b(?:on|am|last|this|vergangenen|letzten|diesen)\s+(?P<day>"
    + "|".join({*_WEEKDAYS, *_WEEKDAYS.values()})
    + r")\b",
    re.IGNORECASE,
)


def _days(text: str) -> set[str]:
    return {_WEEKDAYS.get(day, day) for day in (m.group("day").lower() for m in _WEEKDAY_RE.finditer(text))}


def same_day(a: Statement, b: Statement) -> list[Finding]:
    """Both texts name the same things (two name words at least) on the same weekday, neither negated: a
    restatement ("Solvik Tidal hat am Dienstag …" / "Solvik Tidal started … on Tuesday")."""
    days = _days(a.text) & _days(b.text)
    shared = a.subjects & b.subjects
    if not days or len(shared) < SAME_DAY_NAME_WORDS:
        return []  # one name and a day are not enough: a company does many things on a Tuesday
    if bool(NEGATION_RE.search(a.text)) != bool(NEGATION_RE.search(b.text)):
        return []
    return [
        Finding(
            True,
            SAME_DAY,
            f"the same day ({', '.join(sorted(days))}) for the same name ({', '.join(sorted(shared))})",
        )
    ]
