"""German words as Debian's hunspell-de-de knows them: which capitalised words are common nouns, which
lower-case words are finite verbs and of what kind, which short words are abbreviations.

Pure Python, no Django. The dictionary (igerman98, the one terms.py splits compounds with) lists each word
once with flags that say how it inflects; its affix file says what each flag adds. From those:

- **Common nouns** (`is_common_noun`): every form of a capitalised entry that inflects as a noun (plural or
  case flags, or compound flags: "Zimmer/NSMmij", "Inhalt/EPSTm", "Polizei/ijm", "Anfordern/SJm" →
  "Anforderungen"), or a compound whose head is one ("Wasserstoff", "Fußgängerzone"). Proper names carry
  at most the genitive-s ("Berlin/Sm", "Apple/S"). Every German noun is capitalised, so a capitalised word
  is a name only when it is not a common noun.
- **Finite verbs** (`verb_form`, `finite_verb`): the simple past, weak ("erzeugten": "erzeugen" has the
  past-tense flag Y) or strong ("bot", "verbrachten": entries with flag Z, with their prefix flags); the
  third person present ("ermittelt": flag X; "läuft/VX"); the Konjunktiv I of reported speech
  ("überprüfe", "biete": stem + e of a verb that is no adjective, after a subject that is not "ich"). A
  past form before a noun is an attributive participle ("im gut sortierten Handel"), not a verb; modals
  and auxiliaries are left to the sentence rules.
- **Abbreviations** (`is_abbreviation`): a short word unknown to the dictionary before a full stop and a
  number ("Rdn. 12", "Tz. 17", "Aufl. 3").

Without the dictionary installed, nothing is a common noun or a known verb and the rules fall back to their
word lists.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache

from claims.assist.rules.terms import HUNSPELL_DE, STOP_WORDS, compound_head, word_set
from sources.loading import load_once

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
DETERMINERS = word_set(
    """eine keine meine deine seine ihre unsere eure diese jene welche jede alle manche solche einige viele
    andere beide wenige mehrere sonstige"""
)
# Pronouns, which stand where a name would before a verb of saying ("Das bedeutet, dass …", "Er sagte,
# dass …") and name no one.
PRONOUNS = word_set(
    """das dies dieses es er sie man wir ich ihr du niemand jemand keiner keine nichts alles wer was"""
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


@load_once
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


@load_once
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


@load_once
def _nouns() -> tuple[frozenset[str], frozenset[str]]:
    """Every form of the capitalised entries: those that inflect as common nouns (flags beyond a proper
    name's), and those of proper names."""
    common: set[str] = set()
    proper: set[str] = set()
    for word, marks in _lexicon().items():
        if word[:1].isupper() and not marks & _NOT_ALONE_FLAGS:
            (common if marks - _PROPER_FLAGS else proper).update(_forms(word, marks))
    return frozenset(common), frozenset(proper - common)


@load_once
def _folded_common_nouns() -> frozenset[str]:
    return frozenset(noun.translate(_FOLD) for noun in _nouns()[0])


@load_once
def _adjectives() -> frozenset[str]:
    return frozenset(
        form
        for word, marks in _lexicon().items()
        if word.islower() and _ADJECTIVE_FLAG in marks
        for form in _forms(word, frozenset(_ADJECTIVE_FLAG))
    )


@load_once
def _verbs(flag: str) -> frozenset[str]:
    """Lower-case verb entries (infinitives) with the given inflection flag."""
    return frozenset(
        word for word, marks in _lexicon().items() if word.islower() and _VERB_FLAG in marks and flag in marks
    )


@load_once
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


def has_dictionary() -> bool:
    """Whether the German dictionary is installed (without it, rules fall back to their word lists)."""
    return bool(_lexicon())


def is_proper_name(word: str) -> bool:
    """Whether a capitalised word is a name the dictionary lists and uses as no common noun: "Matthias",
    "Friedrich", "Frankenstein", "Berlin"."""
    return word[:1].isupper() and word.lower() in _nouns()[1]


def is_listed_common_noun(word: str) -> bool:
    """Whether a capitalised word is a form of a common noun the dictionary lists ("Software", "Umlage"),
    not only one by its compound head ("Württemberg" would be one by "Berg")."""
    return word[:1].isupper() and word.lower() in _nouns()[0]


def is_lower_case_word(word: str) -> bool:
    """Whether a capitalised word is written in lower case inside a sentence: the dictionary lists it so
    ("während", "nachdem", "trotzdem") and not capitalised. At a sentence's start it opens no name."""
    lexicon = _lexicon()

    # "Neben" is listed only as the first part of compounds ("Neben-", flag NEEDAFFIX): no word of its own
    def alone(entry: str) -> bool:
        return entry in lexicon and not lexicon[entry] & _NOT_ALONE_FLAGS

    return not alone(word) and alone(word.lower())


def is_common_word(word: str) -> bool:
    """A common noun, or an adjective used as one ("die Beschäftigten", "Dritten"): no name on its own."""
    return is_common_noun(word) or (word[:1].isupper() and word.lower() in _adjectives())


@cache
def _word_verb_form(lower: str) -> str:
    if lower in DETERMINERS or lower in _AUXILIARIES or lower in STOP_WORDS:
        return ""
    if lower in _strong_past():
        return "past"
    weak = _verbs(_WEAK_PAST_FLAG)
    for ending in _WEAK_PAST_ENDINGS:
        stem = lower.removesuffix(ending)
        if stem != lower and (stem + "en" in weak or stem + "n" in weak):
            return "past"
    if lower.endswith("t") and is_present_form(lower):
        return "present"
    if (
        lower.endswith("e")
        and lower + "n" in _verbs(_VERB_FLAG)
        and lower not in _lexicon()
        and lower not in _adjectives()
    ):
        return "subjunctive"
    return ""


# Inseparable prefixes: their participles take no ge- ("verbracht", "erwähnt", "übertroffen").
_INSEPARABLE = ("be", "ver", "er", "ent", "zer", "emp", "miss", "über", "unter", "hinter", "wider")
_PARTICIPLE_MIN_CHARS = 5
_ADJECTIVE_ENDINGS = ("wert", "haft", "sam", "bar", "lich", "ig", "isch")


def is_participle(lower: str) -> bool:
    """Whether a lower-case word is a past participle: -iert ("informiert"), or listed as an adjective
    ending in -t or -en with a ge- inside ("stattgegeben", "festgenommen") or an inseparable prefix on a
    verb's stem ("verschärft" of "verschärfen", "übertroffen"); not "empfehlenswert"."""
    if len(lower) < _PARTICIPLE_MIN_CHARS or not lower.endswith(("t", "en")):
        return False
    if lower.endswith("iert"):
        return True
    if lower.startswith(_INSEPARABLE) and _weak_stem_is_verb(lower):
        return True  # "beantragt" of "beantragen", "verlegt"
    if any(lower[i : i + 2] == "ge" and _weak_stem_is_verb(lower[i + 2 :]) for i in range(1, len(lower) - 4)):
        return True  # "abgeplatzt": a separable prefix, ge-, a weak verb's stem
    marks = _lexicon().get(lower)
    if marks is None or _ADJECTIVE_FLAG not in marks:
        return False
    if "ge" in lower[:-2]:
        return True  # listed: "stattgegeben", "festgenommen"
    # listed strong forms with an inseparable prefix: "verbracht", "übertroffen"; not "empfehlenswert"
    return lower.startswith(_INSEPARABLE) and not lower.endswith(_ADJECTIVE_ENDINGS)


def _weak_stem_is_verb(lower: str) -> bool:
    """Whether a word ending in -t is a weak verb's stem + t: "beantragt" ("beantragen"), "platzt"."""
    return lower.endswith("t") and _VERB_FLAG in _lexicon().get(lower[:-1] + "en", frozenset())


def is_infinitive(lower: str) -> bool:
    """Whether a lower-case word is a verb's infinitive as the dictionary lists it ("fliehen", "bleiben")."""
    return _VERB_FLAG in _lexicon().get(lower, frozenset())


def is_present_form(lower: str) -> bool:
    """The third person singular present: "ermittelt" ("ermitteln" has the flag X), or a strong form listed
    with it ("läuft/VX", "sieht/VX")."""
    marks = _lexicon().get(lower)
    if marks is not None:
        return _PRESENT_FLAG in marks
    present = _verbs(_PRESENT_FLAG)
    return any(lower.endswith(ending) and lower.removesuffix(ending) + infinitive in present
               for ending in ("et", "t") for infinitive in ("en", "n"))  # fmt: skip


WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+")
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
    following = WORD.match(text, end + 1) if text[end : end + 1] == " " else None
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
    for match in WORD.finditer(text):
        if verb_form(text, match.start(), match.end()) == form:
            return match
    return None


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


@load_once
def comparatives() -> frozenset[str]:
    """Comparatives of the dictionary's adjectives (flag C): "seltener", "positiveren"."""
    forms: set[str] = set()
    for word, marks in _lexicon().items():
        if word.islower() and "C" in marks:
            forms.add(word.removesuffix("e") + "er")
            forms.update(_forms(word, frozenset("C")) - {word})
    return frozenset(forms)
