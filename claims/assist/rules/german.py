"""German grammar the claim-suggestion rules read from a real language resource rather than word lists.

Pure Python, no Django. Debian's hunspell-de-de (igerman98, the dictionary terms.py splits compounds with)
lists each word once with flags that say how it inflects; from those flags:

- **Common nouns** (`is_common_noun`): a capitalised entry that inflects as a noun (plural or case flags,
  or compound flags: "Zimmer/NSMmij", "Inhalt/EPSTm", "Polizei/ijm"), or a compound whose head is one
  ("Wasserstoff", "Fußgängerzone"). Proper names carry at most the genitive-s ("Berlin/Sm", "Apple/S").
  Every German noun is capitalised, so a capitalised word is a name only when it is not a common noun.
- **Finite verbs** (`verb_form`): the simple past, weak ("erzeugten": "erzeugen" has the past-tense flag Y)
  or strong ("bot", "erhielten": entries with flag Z), and the Konjunktiv I of reported speech ("überprüfe",
  "biete": stem + e of a verb, after a subject that is not "ich"). A past form before a noun is an
  attributive participle ("im gut sortierten Handel"), not a verb.

And patterns of German text that are not figures or sentence ends:

- **Legal references** (`reference_spans`): "§ 15 Abs. 2", "Rdn. 12", "BGHZ 156", "GRUR 2007, 724",
  "VI ZR 101/06", "die Beklagte zu 1": numbers that locate a text or name a party, not quantities.
- **Abbreviations** (`is_abbreviation`): a short word unknown to the dictionary before a full stop and a
  number ("Rdn. 12", "Tz. 17", "Aufl. 3") is an abbreviation, not a sentence end.
- **Attribution by structure** (`attribution`): a quotation followed by a verb and a name („…“, erläuterte
  Fahimi), a name and a verb before "dass" (Müller betonte, dass …), whatever the verb.

Without the dictionary installed, nothing is a common noun or a known verb and the rules fall back to their
word lists.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache

from claims.assist.rules.terms import HUNSPELL_DE, STOP_WORDS, compound_head, word_set

# Flags a proper name carries in igerman98 at most: genitive s, "may stand in a compound".
_PROPER_FLAGS = frozenset("SmM")
# Flags that make an entry no word of its own: only inside compounds, only with an affix, forbidden.
_NOT_ALONE_FLAGS = frozenset("ohd")
_VERB_FLAG = "I"  # the present-tense flag: every verb entry carries it
_WEAK_PAST_FLAG = "Y"
_PRESENT_FLAG = "X"  # second and third person singular present
_STRONG_PAST_FLAG = "Z"
_ADJECTIVE_FLAG = "A"
_WEAK_PAST_ENDINGS = ("test", "ten", "tet", "te")
# Closed-class words ending in -e whose stem + n is also a verb ("meine"/"meinen", "eine"/"einen").
_DETERMINERS = word_set(
    """eine keine meine deine seine ihre unsere eure diese jene welche jede alle manche solche einige viele
    andere beide wenige mehrere sonstige"""
)
# Modals and the present and subjunctive of the auxiliaries carry the mood of another verb, or no event
# ("konnten", "wäre", "möchte", "haben"); the indicative past of "sein"/"haben" narrates ("Es war nach
# dem 15. Tag", "In Italien waren wir fast 40 Tage").
_AUXILIARIES = word_set(
    """sein bin bist ist sind seid sei seist seien wäre wären haben habe hast hat habt hätte hätten werden
    wird würde würden kann können konnte konnten könnte könnten muss müssen musste mussten müsste müssten
    soll sollen sollte sollten darf dürfen durfte durften dürfte dürften will wollen wollte wollten möchte
    möchten mag mögen mochte mochten"""
)
_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})


@cache
def _lexicon() -> dict[str, frozenset[str]]:
    """Every entry of the German hunspell dictionary with the union of its flags."""
    try:
        lines = HUNSPELL_DE.read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    flags: dict[str, set[str]] = defaultdict(set)
    for line in lines[1:]:
        word, _, marks = line.strip().partition("/")
        if word and word.replace("-", "").isalpha():
            flags[word].update(marks)
    return {word: frozenset(marks) for word, marks in flags.items()}


Rules = dict[str, list[tuple[str, str, re.Pattern[str]]]]


@cache
def _affixes() -> tuple[Rules, Rules]:
    """The dictionary's suffix and prefix rules: flag → (strip, add, condition on the word's end)."""
    try:
        lines = HUNSPELL_DE.with_suffix(".aff").read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}, {}
    suffixes: Rules = defaultdict(list)
    prefixes: Rules = defaultdict(list)
    for line in lines:
        fields = line.split()
        if len(fields) >= 5 and fields[0] in {"SFX", "PFX"}:  # "SFX flag strip add condition"
            strip, add = ("" if f == "0" else f for f in (fields[2], fields[3].split("/")[0]))
            if fields[0] == "SFX":
                suffixes[fields[1]].append((strip, add, re.compile(f"(?:{fields[4]})$")))
            elif add.isalpha() and not strip:  # "ver", "un": a prefix of letters, as in "ver|brachte"
                prefixes[fields[1]].append((strip, add, re.compile(f"^(?:{fields[4]})")))
    return suffixes, prefixes


def _forms(word: str, marks: frozenset[str]) -> set[str]:
    """The word and the forms its suffix and prefix flags make of it, lower-cased."""
    suffixes, prefixes = _affixes()
    forms = {word.lower()}
    for mark in marks:
        for strip, add, condition in suffixes.get(mark, ()):
            if condition.search(word) and word.endswith(strip):
                forms.add((word[: len(word) - len(strip)] + add).lower())
    for mark in marks:
        forms.update(add + form for _, add, condition in prefixes.get(mark, ()) for form in list(forms))
    return forms


@cache
def _nouns() -> tuple[frozenset[str], frozenset[str]]:
    """Every form of the capitalised entries: those that inflect as common nouns (flags beyond a proper
    name's), and those of proper names."""
    common: set[str] = set()
    proper: set[str] = set()
    for word, marks in _lexicon().items():
        if word[:1].isupper() and not marks & _NOT_ALONE_FLAGS:
            (common if marks - _PROPER_FLAGS else proper).update(_forms(word, marks))
    return frozenset(common), frozenset(proper - common)


@cache
def _folded_common_nouns() -> frozenset[str]:
    return frozenset(noun.translate(_FOLD) for noun in _nouns()[0])


@cache
def _adjectives() -> frozenset[str]:
    return frozenset(
        form
        for word, marks in _lexicon().items()
        if word.islower() and _ADJECTIVE_FLAG in marks
        for form in _forms(word, frozenset(_ADJECTIVE_FLAG))
    )


@cache
def _verbs(flag: str) -> frozenset[str]:
    """Lower-case verb entries (infinitives) with the given inflection flag."""
    return frozenset(
        word for word, marks in _lexicon().items() if word.islower() and _VERB_FLAG in marks and flag in marks
    )


@cache
def _strong_past() -> frozenset[str]:
    """Forms of the strong simple past ("bot", "erhielten", "ging"): entries with flag Z, inflected."""
    return frozenset(
        form
        for word, marks in _lexicon().items()
        if word.islower() and _STRONG_PAST_FLAG in marks
        for form in _forms(word, marks & frozenset("ZEPUV"))
    )


@cache
def is_common_noun(word: str) -> bool:
    """Whether a capitalised word is a German common noun (see the module docstring): "Daten", "Inhalte",
    "Wasserstoff"; not "Berlin", "Fahimi", "Valendo"."""
    if not word[:1].isupper() or not word.isalpha():
        return False
    common, proper = _nouns()
    lower = word.lower()
    if lower in common:
        return True
    if lower in proper:
        return False
    head = compound_head(word)
    return head is not None and head in _folded_common_nouns()


def is_common_word(word: str) -> bool:
    """A common noun, or an adjective used as one ("die Beschäftigten", "Dritten"): no name on its own."""
    return is_common_noun(word) or (word[:1].isupper() and word.lower() in _adjectives())


@cache
def _word_verb_form(lower: str) -> str:
    if lower in _DETERMINERS or lower in _AUXILIARIES or lower in STOP_WORDS:
        return ""
    if lower in _strong_past():
        return "past"
    weak = _verbs(_WEAK_PAST_FLAG)
    for ending in _WEAK_PAST_ENDINGS:
        stem = lower.removesuffix(ending)
        if stem != lower and (stem + "en" in weak or stem + "n" in weak):
            return "past"
    if lower.endswith("t") and _is_present(lower):
        return "present"
    if (
        lower.endswith("e")
        and lower + "n" in _verbs(_VERB_FLAG)
        and lower not in _lexicon()
        and lower not in _adjectives()
    ):
        return "subjunctive"
    return ""


def _is_present(lower: str) -> bool:
    """The third person singular present: "ermittelt" ("ermitteln" has the flag X), or a strong form listed
    with it ("läuft/VX", "sieht/VX")."""
    marks = _lexicon().get(lower)
    if marks is not None:
        return _PRESENT_FLAG in marks
    present = _verbs(_PRESENT_FLAG)
    return any(lower.endswith(ending) and lower.removesuffix(ending) + infinitive in present
               for ending in ("et", "t") for infinitive in ("en", "n"))  # fmt: skip


_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+")
_CLAUSE = re.compile(r"[,;:.!?„“”\"«»()–]")
_FIRST_SINGULAR = re.compile(r"\b(?i:ich)\b")


def verb_form(text: str, start: int, end: int) -> str:
    """ "past" or "subjunctive" when text[start:end] is a finite German verb of that kind, else ""."""
    word = text[start:end]
    if not word.islower():
        return ""
    form = _word_verb_form(word)
    if not form:
        return ""
    if text[end : end + 1] == "." and text[end + 2 : end + 3].islower():
        return ""  # "sog. Staplerbatterien": an abbreviation
    following = _WORD.match(text, end + 1) if text[end : end + 1] == " " else None
    if following and following.group()[:1].isupper() and not following.group().isupper():
        return ""  # "im gut sortierten Zeitschriftenhandel", "eine Kontrolle": before a noun
    if form == "subjunctive":
        before = text[:start].split()
        if not before or before[-1][-1:] in '.:;„“"':
            return ""  # a sentence opening with the verb: "Finde …"
        if in_first_person_clause(text, start, end):
            return ""  # "ich finde", "freue ich mich", "weil ich niemanden kenne"
    return form


def in_first_person_clause(text: str, start: int, end: int) -> bool:
    """Whether the clause around text[start:end] has "ich" as its subject: "ich habe", "habe ich"."""
    clause = _CLAUSE.split(text[:start])[-1] + " " + _CLAUSE.split(text[end:])[0]
    return _FIRST_SINGULAR.search(clause) is not None


def finite_verb(text: str, form: str) -> re.Match[str] | None:
    """The first finite verb of the given form ("past", "subjunctive", "present") in a German sentence."""
    for match in _WORD.finditer(text):
        if verb_form(text, match.start(), match.end()) == form:
            return match
    return None


# --- Legal references and abbreviations ----------------------------------------------------------------

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


_ABBREVIATION_MAX = 6


def is_abbreviation(word: str, next_word: str) -> bool:
    """Whether `word`, before a full stop and `next_word`, is an abbreviation: short, unknown to the
    dictionary in any case, and followed by a number ("Rdn. 12", "Aufl. 3")."""
    lexicon = _lexicon()
    return (
        bool(lexicon)
        and next_word[:1].isdigit()
        and word.isalpha()
        and len(word) <= _ABBREVIATION_MAX
        and not any(form in lexicon for form in (word, word.lower(), word.capitalize()))
    )


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
        if verb not in _DETERMINERS and verb not in {"und", "oder", "aber", "denn", "doch"}:
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
    """A finite verb in the simple past ("erzeugten", "gaben") or a perfect ("bin … gekommen")."""
    return finite_verb(text, "past") or _PERFECT.search(text)


_PASSIVE = re.compile(
    r"\b(?:wird|werden|wurde|wurden)\b[^,.;:!?]{0,80}?\b(?P<participle>[a-zäöüß]{4,}(?:t|en))(?=\s*(?:[,.;:!?]|$))"
)


def passive(text: str) -> re.Match[str] | None:
    """A passive with its participle at the clause's end, not after a modal ("Anschließend werden die
    Batterien manuell auseinandergenommen", "Einige Migranten wurden verprügelt"); a participle is a
    ge- form or, for verbs with an inseparable prefix, the third person form ("verprügelt")."""
    if _MODAL.search(text.lower()):
        return None
    for match in _PASSIVE.finditer(text):
        word = match.group("participle")
        if re.search(r"ge[a-zäöüß]{2,}(?:t|en)$", word) or (word.endswith("t") and _is_present(word)):
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
        return attributed or finite_verb(text, "subjunctive") is not None
    return cue == "ob" and text[:cue_start].rstrip().endswith(",")


_INTENSIFIER = re.compile(r"\b(?:viel|weitaus|deutlich|wesentlich|erheblich|etwas|noch|weit|kaum)\s+(\w+)")
_THAN = re.compile(r"(?:\s+[\w-]+){0,3}?\s+als\b")  # "seltener als", "positiver bewertet als"
_SIMILAR = re.compile(r"\bvergleichbar\w*|\bim\s+vergleich\s+(?:zu|mit)\b", re.IGNORECASE)


@cache
def _comparative_forms() -> frozenset[str]:
    """Comparatives of the dictionary's adjectives (flag C): "seltener", "positiveren"."""
    forms: set[str] = set()
    for word, marks in _lexicon().items():
        if word.islower() and "C" in marks:
            forms.add(word.removesuffix("e") + "er")
            forms.update(_forms(word, frozenset("C")) - {word})
    return frozenset(forms)


def comparison(text: str) -> re.Match[str] | None:
    """A comparison in words: an intensified comparative ("viel seltener", "deutlich positiver"), a
    comparative before "als", or "vergleichbar"."""
    comparatives = _comparative_forms()
    for match in _INTENSIFIER.finditer(text):
        if match.group(1).lower() in comparatives or match.group(1).lower() in {"mehr", "weniger"}:
            return match
    for match in _WORD.finditer(text):
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
