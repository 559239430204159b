"""German sentences as the claim-suggestion rules read them, with the words of german_words.py (Debian's
hunspell-de-de) rather than lists of words seen on the pages the rules were written on.

Pure Python, no Django. What a German sentence does:

- **Narrates** (`narrates_past`, `passive`): a finite verb in the simple past, a perfect ("bin …
  gekommen", "hat … stattgegeben": a participle the dictionary lists, last in the clause), a passive with
  its participle at the clause end and no modal ("wurden verprügelt"), a modal's past before its verb
  ("konnten … fliehen").
- **Reports** (`attribution`, `closes_quotation`): a quotation followed by a verb and a name („…“,
  erläuterte Fahimi), a name and a verb before "dass" (Müller betonte, dass …), whatever the verb; in
  reported speech "würden"/"könnten" are its mood, not a hedge (`hedge_is_reported`).
- **Compares** (`comparison`) in words: "viel seltener", "positiver bewertet als", "vergleichbar";
  **dates** (`when`) with day and month or month and year ("seit August 2015").
- **Speaks of the writer** (`first_person`): "ich", "wir", "unser" (a capital "I" is a numeral), unless a
  quoted or attributed speaker says it or a witness narrates the past.
- Is **no claim**: numbers in legal references (`reference_spans`: "§ 15 Abs. 2", "BGHZ 156", "die
  Beklagte zu 1"), a short aside in parentheses (`is_aside`), a lead-in ending in a colon (`is_lead_in`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from claims.assist.rules import german_words
from claims.assist.rules.terms import word_set

# --- Legal references ----------------------------------------------------------------------------------

_REFERENCE = re.compile(
    # "§ 15 Abs. 2 Nr. 1", "§§ 8 bis 10", "Art. 12", "Rdn. 4", "Tz. 17", "S. 19 f."
    r"§§?\s*\d+\w*(?:\s*(?:,|bis|und|Abs\.|Nr\.|S\.|Satz|lit\.|Alt\.)\s*\d+\w*)*"
    r"|\b(?:Abs|Art|Nr|Rdn|Rn|Tz|Aufl|Kap|Bd|Az|S)\.\s*\d+(?:\s*(?:,|bis|und|f\.|ff\.)\s*\d*)*"
    # a court, a journal or a file code before numbers: "BGHZ 156, 1, 12", "GRUR 2007, 724", "VI ZR 101/06"
    r"|\b[A-Z][A-Z-]{1,}[A-Za-z-]*\s+\d+(?:/\d+)?(?:\s*,\s*\d+)*"
    # a party by its number: "die Beklagte zu 1", "die Beklagten zu 2 bis 4"
    r"|(?<=[a-zäöüß] )zu\s+\d{1,2}(?:\s+bis\s+\d{1,2})?\b(?!\s*(?:%|[.,]\d))"
)


def reference_spans(text: str) -> list[tuple[int, int]]:
    """Spans of legal references and party numbers (see the module docstring)."""
    return [match.span() for match in _REFERENCE.finditer(text)]


# --- Attribution by structure ---------------------------------------------------------------------------

_NAME = r"(?:(?:der|die|des|dem)\s+)?(?:[A-ZÄÖÜ][\w-]+\s+){0,2}[A-ZÄÖÜ][\w-]+"
_ATTRIBUTION = re.compile(
    # „…“, erläuterte Fahimi. / "…", sagt Halas' Kollege Peter Nordlander
    rf"(?<=[^\s„“])[“”\"»«‘’]\s*,\s*(?P<after>[a-zäöüß]{{3,}})\s+(?:auf\s+\w+\s+)?{_NAME}"
    # Fahimi betonte, dass … / Die Stadt erklärt, dass … (a finite verb: "-t", "-te", "-ten")
    rf"|{_NAME}\s+(?P<before>[a-zäöüß]{{3,}}(?:t|te|ten))\s*,\s*(?:dass|es\s+sei|man\s+habe)\b"
)


def closes_quotation(text: str) -> bool:
    """Whether the sentence is the end of a quotation followed by its speaker („…“, erläuterte Fahimi)."""
    match = attribution(text)
    return match is not None and match.group("after") is not None


def attribution(text: str) -> re.Match[str] | None:
    """A statement attributed by its structure (see the module docstring), whatever the verb of saying."""
    for match in _ATTRIBUTION.finditer(text):
        verb = match.group("after") or match.group("before")
        if verb not in german_words.DETERMINERS and verb not in {"und", "oder", "aber", "denn", "doch"}:
            return match
    return None


# --- What a sentence says: first person, past, comparison, date ------------------------------------------

# First person in German: "ich", "wir", "unser…"; a capital "I" is a numeral ("Hengstbuch I") or "i.V.".
_FIRST_PERSON = re.compile(r"\b(?i:ich|wir|unser\w*|mein(?:e[mnrs]?)?|mir|mich|uns)\b")
_QUOTATION_MARK = re.compile(r"[„“”\"«»‚‘]")
_PERFECT = re.compile(
    r"\b(?:bin|bist|habe|hab|hast|hat|haben|habt|ist|sind|seid|war|waren|wurde|wurden|hatte|hatten)\b"
    r"[^.;:]{0,80}?\bge[a-zäöüß]{3,}(?:t|en)\b",
    re.IGNORECASE,
)


def narrates_past(text: str) -> re.Match[str] | None:
    """A finite verb in the simple past ("erzeugten", "gaben"), a perfect ("bin … gekommen", "hat … der
    Klage stattgegeben", "wurden … verschärft"), or a modal in the past before its verb ("konnten einige
    Leute aus dem Lager fliehen")."""
    return (
        german_words.finite_verb(text, "past")
        or _PERFECT.search(text)
        or _clause_final(_PERFECT_AT_END, text, german_words.is_participle)
        or _clause_final(_MODAL_PAST, text, german_words.is_infinitive)
    )


# A clause's end: the participle or infinitive of a perfect, a passive or a modal stands last in it.
_CLAUSE_END = r"\s*(?=[,.;:!?„“”\"«»()–]|$)"
_IN_CLAUSE = r"[^,.;:!?„“”\"«»()–]{0,120}?"
# "hat … stattgegeben", "wurden … verschärft", "sind … abgeordnet worden": a participle without a leading
# ge- (a separable or inseparable prefix, -iert) last in the clause of "haben" or a passive. "sein" alone
# is left out: "ist angespannt" and "sind verbunden" describe a state.
_PERFECT_AT_END = re.compile(
    rf"\b(?:hat|haben|hatte|hatten|wurde|wurden)\b{_IN_CLAUSE}\b(?P<verb>[a-zäöüß]{{5,}})"
    rf"(?:\s+(?:worden|werden|sein|haben|gewesen|lassen))?{_CLAUSE_END}"
    rf"|\b(?:ist|sind|war|waren)\b{_IN_CLAUSE}\b(?P<passive>[a-zäöüß]{{5,}})\s+worden{_CLAUSE_END}"
)
# "konnten … fliehen", "mussten … bleiben": the past of a modal narrates what could or had to happen
# ("sollte" is advice as often as the past, and stays a hedge).
_MODAL_PAST = re.compile(
    rf"\b(?:konnte|konnten|musste|mussten|durfte|durften|wollte|wollten)\b{_IN_CLAUSE}"
    rf"\b(?P<verb>[a-zäöüß]{{4,}}en){_CLAUSE_END}"
)


def _clause_final(pattern: re.Pattern[str], text: str, holds: Callable[[str], bool]) -> re.Match[str] | None:
    for match in pattern.finditer(text):
        if holds(match.group("verb") or match.group("passive")):
            return match
    return None


_PASSIVE = re.compile(
    r"\b(?:wird|werden|wurde|wurden)\b[^,.;:!?]{0,80}?\b(?P<participle>[a-zäöüß]{4,}(?:t|en))(?=\s*(?:[,.;:!?]|$))"
)


_GE_PARTICIPLE = re.compile(r"ge[a-zäöüß]{2,}(?:t|en)$")


def passive(text: str) -> re.Match[str] | None:
    """A passive with its participle at the clause's end, not after a modal ("Anschließend werden die
    Batterien manuell auseinandergenommen", "Einige Migranten wurden verprügelt"); a participle is a
    ge- form or, for verbs with an inseparable prefix, the third person form ("verprügelt")."""
    if _MODAL.search(text.lower()):
        return None
    for match in _PASSIVE.finditer(text):
        word = match.group("participle")
        if _GE_PARTICIPLE.search(word) or (word.endswith("t") and german_words.is_present_form(word)):
            return match
    return None


def first_person(text: str, *, attributed: bool) -> re.Match[str] | None:
    """The writer speaking of themself, as a view, a plan or an ad would: not a quoted or attributed
    speaker's "wir", and not a witness narrating what happened ("Wir haben zwei Nächte auf See
    verbracht", "Dann verlegten sie uns nach Sizilien")."""
    cue = _FIRST_PERSON.search(text)
    if cue is None or attributed or _QUOTATION_MARK.search(text) or narrates_past(text):
        return None
    return cue


# Konjunktiv II of modals stands for reported speech as often as for a hedge: "… würden umfassend
# dokumentiert, erklärt der Sprecher".
_REPORTED_MODALS = word_set("würde würden könnte könnten dürfte dürften müssten")


def hedge_is_reported(cue: str, text: str, cue_start: int, *, attributed: bool) -> bool:
    """Whether a German hedge cue is the mood of reported speech, or an indirect question after a main
    clause ("geprüft, ob …"), rather than the writer's doubt."""
    if cue in _REPORTED_MODALS:
        return attributed or german_words.finite_verb(text, "subjunctive") is not None
    return cue == "ob" and text[:cue_start].rstrip().endswith(",")


_INTENSIFIER = re.compile(r"\b(?:viel|weitaus|deutlich|wesentlich|erheblich|etwas|noch|weit|kaum)\s+(\w+)")
_THAN = re.compile(r"(?:\s+[\w-]+){0,3}?\s+als\b")  # "seltener als", "positiver bewertet als"
_SIMILAR = re.compile(r"\bvergleichbar\w*|\bim\s+vergleich\s+(?:zu|mit)\b", re.IGNORECASE)


def comparison(text: str) -> re.Match[str] | None:
    """A comparison in words: an intensified comparative ("viel seltener", "deutlich positiver"), a
    comparative before "als", or "vergleichbar"."""
    comparatives = german_words.comparatives()
    for match in _INTENSIFIER.finditer(text):
        if match.group(1).lower() in comparatives or match.group(1).lower() in {"mehr", "weniger"}:
            return match
    for match in german_words.WORD.finditer(text):
        if match.group().islower() and match.group() in comparatives and _THAN.match(text, match.end()):
            return match
    return _SIMILAR.search(text)


_MONTH = r"(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)"
_WHEN = re.compile(
    rf"\b\d{{1,2}}\.\s*{_MONTH}\b|\b{_MONTH}\s+\d{{4}}\b"
    r"|\b(?:Jahreshälfte|Halbjahr|Quartal|Anfang|Ende|Mitte|Herbst|Frühjahr|Sommer|Winter)\s+\d{4}\b"
    r"|\b\d{1,2}\.\d{1,2}\.\d{2,4}\b"
)


def when(text: str) -> re.Match[str] | None:
    """A date that says when something happened: a day and month, a month and year ("seit August 2015"),
    a part of a year ("in der zweiten Jahreshälfte 2019")."""
    return _WHEN.search(text)


_ATTRIBUTIVE = re.compile(r"\s+[A-ZÄÖÜ][a-zäöüß]")
_MODAL = re.compile(
    r"\b(?:kann|können|könnte|könnten|muss|müssen|soll|sollen|sollte|sollten|darf|dürfen|will|wollen)\b"
)


def event_holds(text: str, start: int, end: int) -> bool:
    """Whether an event cue found in a German sentence is one: not a participle before a noun ("die
    kundenorientierten Dienste"), not a passive infinitive after a modal ("kann gewonnen werden")."""
    cue = text[start:end]
    if " " not in cue and cue.endswith(("te", "ten")) and _ATTRIBUTIVE.match(text, end):
        return False
    return not (cue.endswith(" werden") and _MODAL.search(text.lower(), 0, start))


def is_lead_in(text: str) -> bool:
    """A sentence that ends in a colon announces a list or a quotation ("Die FN nimmt dazu wie folgt
    Stellung:"); what follows is what may be checked."""
    return text.rstrip().endswith(":")


_ASIDE = re.compile(r"\(\s*[^()]*\)\W*")
_REFERENCE_MAX_WORDS = 6


def is_aside(text: str) -> bool:
    """A short sentence wholly in parentheses: a reference ("(Science, 2022; doi: …)"), not a report in
    brackets ("(Die Zeitung berichtete bereits 2019 über …)")."""
    return _ASIDE.fullmatch(text) is not None and len(text.split()) <= _REFERENCE_MAX_WORDS
