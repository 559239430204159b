"""Words of German and English sentences as the suggestion rules see them: content terms, negation, language.

Pure Python, no Django, no model. The rules:

- **Terms** (`content_terms`): lower-cased words without stop words, folded (ä → a), with a crude suffix
  stemmer, and words of one meaning in both languages mapped to one concept ("Rechenzentrum" and "data
  centre" → "~datacenter"), so a German passage can be found for an English claim.
- **Negation** (`negations`): "nicht", "kein…", "nie", "ohne", "not", "no", "never", "n't", "without".
- **Language** of a short text such as a reader comment (`guess_language`), by function words.

Names and who is speaking are in names.py.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from sources.loading import load_once

LETTERS = "A-Za-zÄÖÜäöüßÀ-ÿ"
TOKEN_RE = re.compile(r"\w+(?:[-'’.&]\w+)*")


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text`, for writing word lists as prose."""
    return frozenset(text.split())


STOP_WORDS = word_set(
    """der die das und ist nicht ein eine einen einem einer eines mit von den dem des zu auf für sich auch es
    im sie er wird werden wurde wurden hat haben sind war bei nach aus wie noch dass daß oder aber nur um über
    vor kann mehr durch zum zur ihre ihr sein seine wenn als sei soll sollen bereits diese dieser dieses damit
    dann schon gegen bis ich wir uns man jedoch sowie zwischen unter laut da dort hier so am an in ins ob
    allerdings noch etwa rund beim vom zum zur ins aufs ab seit weil denn sondern doch nun mal dazu deshalb
    jede jeder jedes alle
    the and of to is that it for on are with as be by this from at have has had not but or they which you
    were their its would been there can more than said about after into we he she his her could what who how
    if just like our these those them other when should does did only a an in was also will so such any all
    than then its it's i my me your us one""".replace("rund rund", "rund")
)

# Capitalised words that open sentences rather than name things; used here and by the sentence splitter.
SENTENCE_STARTERS = word_set(
    """der die das es er sie wir ich ihr man doch aber und auch damit dann danach dies diese dieser dieses
    im in am an mit nach laut bei für zudem außerdem ein eine einer so nun jetzt hier dort the it this
    that he she they we"""
)

# Organisations named often enough in tech and business news to know without a document to learn from.
# --- Terms ----------------------------------------------------------------------------------------------

_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "é": "e", "è": "e"})
# Phrases that are one word in the other language, joined before tokenising.
_PHRASES = [
    (re.compile(r"\bdata[- ]?cent(?:re|er)s?\b"), "datacenter"),
    (re.compile(r"\bwaste heat\b"), "abwarme"),
    (re.compile(r"\bwind ?farms?\b|\bwind ?parks?\b"), "windpark"),
    (re.compile(r"\bgrid connection\b"), "anschlussleistung"),
    (re.compile(r"\bform factor\b"), "formfaktor"),
    (re.compile(r"\bgreen (?:power|electricity)\b"), "okostrom"),
]
# Word beginnings (folded, lower case) that mean one concept in both languages: "concept: beginnings".
_CONCEPT_LEXICON = """
datacenter: datacenter rechenzentr
invest: investition invest investier
job: arbeitsplatz arbeitsplatze job mitarbeit beschaftigt employ staff worker people
household: haushalt household home wohnung
heat: abwarm fernwarm heiz heat warm
renewable: okostrom erneuerbar renewabl windpark
fossil: gasturbin gas kohle coal diesel fossil
cooling: kuhl gekuhlt cool
water: wasser water
evaporative: verdunst evapor
air: luft air
liquid: flussig liquid
electricity: strom electric power
consumption: verbrauch stromverbrauch draw consum benotigt
grid: anschlussleistung netzanschluss
council: stadtrat council gemeinderat
vote: stimm vote
approve: zugestimmt zustimm approv
build: bau construct errichte build
site: grundstuck site gelande
hectare: hektar hectare
mayor: burgermeister mayor
town: stadt town city gemeinde
chip: chip beschleunig accelerat prozessor processor gpu npu
maker: herstell chipherstell chipmaker manufactur
unveil: vorgestellt vorstell unveil present launch stellt
fair: messe fachmesse fair
funding: finanzierung funding raise eingesammelt investor
customer: kunde customer client
order: bestell order
sell: verkauf sold sell sale
deliver: ausgeliefert deliver ship liefer
performance: rechenleistung leistung performanc compute
outperform: schneller faster ubertrifft ubertreff outperform ahead lead surpass beat schlagt uberhol
model: sprachmodell model modell
second: sekunde second
independent: unabhangig independent
depend: angewiesen abhangig depend
benchmark: messung benchmark mlperf
weight: gewicht wiegt weigh
autumn: herbst autumn
china: chinesisch chinese china
germany: deutsch german
mobile: smartphone handheld mobil
rack: serverschrank rack
precision: genauigkeit prazision precision
cost: preis price cost kost
announce: mitteilung announc angekundigt
first: erst first
largest: grosst largest biggest
history: geschicht history
"""
_CONCEPTS = {
    beginning: concept.strip()
    for concept, beginnings in (line.split(":") for line in _CONCEPT_LEXICON.strip().splitlines())
    for beginning in beginnings.split()
}
_CONCEPT_RE = re.compile("|".join(sorted(_CONCEPTS, key=len, reverse=True)))
_SUFFIXES = ("ing", "ed", "en", "er", "es", "em", "e", "s", "n")
_MIN_STEM = 4


@cache
def term(word: str) -> str:
    """The comparable form of one word: a concept ("~datacenter"), or the folded word's crude stem."""
    folded = word.lower().translate(_FOLD)
    for suffix in ("'s", "’s"):
        folded = folded.removesuffix(suffix)
    match = _CONCEPT_RE.match(folded)
    if match:
        return "~" + _CONCEPTS[match.group()]
    if any(c.isdigit() for c in folded):
        # "2.100" and "2,100" are the same number; "nv64" stays as it is.
        return re.sub(r"(?<=\d)[.,](?=\d{3}\b)", "", folded)
    for suffix in _SUFFIXES:
        if folded.endswith(suffix) and len(folded) - len(suffix) >= _MIN_STEM:
            return folded[: -len(suffix)]
    return folded


def content_terms(text: str) -> list[str]:
    """The content words of `text` as terms (see `term`), in order, stop words left out."""
    lowered = text.lower()
    for pattern, replacement in _PHRASES:
        lowered = pattern.sub(replacement, lowered)
    found: list[str] = []
    for word in TOKEN_RE.findall(lowered):
        if word in STOP_WORDS or (len(word) < 2 and not word.isdigit()):
            continue
        found.append(whole := term(word))
        # "Wärmepumpen" is "~heat" by its first part; its head adds "pump".
        if (head := compound_head(word)) and term(head) != whole:
            found.append(term(head))
        if "-" in word:
            found.extend(term(part) for part in word.split("-") if part and part not in STOP_WORDS)
    return found


# --- German compounds ----------------------------------------------------------------------------------

# Debian's hunspell-de-de (igerman98): its stems tell where a German compound splits, so "Rechenleistung"
# also yields "leistung" and "Gasturbinen" "turbinen". Without the package, compounds stay whole.
HUNSPELL_DE = Path("/usr/share/hunspell/de_DE.dic")
_COMPOUND_MIN = 9  # shorter words are rarely compounds of two known stems
_PART_MIN = 3  # "gas", "bau"
_HEAD_ENDINGS = ("", "s", "e", "n", "en", "er", "es")


@load_once
def german_stems() -> frozenset[str]:
    """The folded, lower-cased stems of the German hunspell dictionary (empty when it is not installed)."""
    try:
        lines = HUNSPELL_DE.read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    stems = (line.split("/", 1)[0].strip().lower().translate(_FOLD) for line in lines[1:])
    return frozenset(stem for stem in stems if len(stem) >= _PART_MIN and stem.isalpha())


def _known(part: str, stems: frozenset[str]) -> bool:
    return any(part + ending in stems or (ending and part.endswith(ending) and part[: -len(ending)] in stems)
               for ending in _HEAD_ENDINGS)  # fmt: skip


def _modifier(part: str, stems: frozenset[str]) -> bool:
    """Whether the part before a compound's head is a stem or a compound of stems, a linking "s" allowed."""
    bare = part[:-1] if part.endswith("s") else part
    return part in stems or bare in stems or compound_head(bare) is not None


@cache
def compound_head(word: str) -> str | None:
    """The last part of a German compound ("rechenleistung" → "leistung"), when both it and what comes
    before it (a linking "s" allowed) are stems of the dictionary, or what comes before is a compound
    itself ("handdesinfektionsmittel" → "mittel"); else None."""
    folded = word.lower().translate(_FOLD)
    if len(folded) < _COMPOUND_MIN or not folded.isalpha():
        return None
    stems = german_stems()
    if not stems or folded in stems:
        return None
    for split in range(_PART_MIN, len(folded) - _PART_MIN - 1):
        modifier, head = folded[:split], folded[split:]
        if len(head) >= _PART_MIN + 1 and _known(head, stems) and _modifier(modifier, stems):
            return head
    return None


# --- Negation -------------------------------------------------------------------------------------------

NEGATION_RE = re.compile(
    r"\b(?:nicht|kein|keine|keinen|keinem|keiner|keines|nie|niemals|ohne|weder|not|no|never|none|without"
    r"|neither|nor|nobody)\b|n['’]t\b",
    re.IGNORECASE,
)


def negations(text: str) -> list[re.Match[str]]:
    """Negation cues in `text`."""
    return list(NEGATION_RE.finditer(text))


def negated_before(text: str, start: int, *, reach: int, clause_break: re.Pattern[str], words: int) -> bool:
    """Whether a negation cue stands at most `words` words before `start`, in the same clause (the text
    after the last `clause_break` within `reach` characters): "nicht mit Ökostrom", "has not sold"."""
    before = text[max(0, start - reach) : start]
    breaks = list(clause_break.finditer(before))
    if breaks:
        before = before[breaks[-1].end() :]
    cues = list(NEGATION_RE.finditer(before))
    return bool(cues) and len(before[cues[-1].end() :].split()) <= words


# --- Language -------------------------------------------------------------------------------------------

_GERMAN = word_set(
    "der die das und ist nicht ein eine mit von den dem des zu auf für sich auch es im wird hat sind"
)
_ENGLISH = word_set(
    "the and of to is that it for on are with as be by this from at have has not but or was i"
)


def guess_language(text: str, default: str) -> str:
    """ "de" or "en" by function words, or `default` when a short text does not tell (a comment of three
    words under a German article may be English)."""
    german = english = 0
    for word in TOKEN_RE.findall(text.lower()):
        german += word in _GERMAN
        english += word in _ENGLISH
    if german >= 2 and german > 2 * english:
        return "de"
    if english >= 2 and english > 2 * german:
        return "en"
    return default
