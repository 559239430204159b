"""Names in German and English sentences, found without a model, and who a sentence is attributed to.

Pure Python, no Django. The rules of `find_names`:

- a token shaped like a name anywhere: digits in a word ("H100", "Qilin-R1", "910C"), CamelCase
  ("CloudMatrix"), all capitals ("NVIDIA");
- a run of two or more capitalised tokens ("Tianmu Systems", "Sabine Kroll"); a number after a name joins
  it ("SkyRack 512", "Typ Lingxi 7"), not after a noun ("Angaben 20 Racks");
- in English, a capitalised word inside a sentence, unless Debian's hunspell-en-us lists it in lower case
  only (english_words.py: "Mayor", "Director") and the document does not always capitalise it ("Docker" on
  a page about it); an ordinary word before a person's name is a title, not part of it ("Mayor John
  Smith" names "John Smith"); in a title-case headline a name loses the ordinary words it opens or ends
  with ("Google Pulls Funds" names "Google"); an initial, a people's adjective and a weekday go on a name
  ("Carissa F. Etienne", "Pan American Health Organization", "Super Tuesday"); a clause's opening word
  ("While Meadows …"), months' and titles' abbreviations ("Dec.", "Sen.") are none; an English title or
  office before a person's name is not part of it ("Transport Secretary Grant Shapps");
- a word from a small list of well-known organisations, or one the caller knows is a name (`known`: the
  document's names, so "Tianmu" counts at the start of a sentence and in German, where every noun is
  capitalised);
- a German run drops a leading common noun or title ("Bürgermeisterin Sabine Kroll" names "Sabine Kroll",
  "Kollege Andreas Jung" "Andreas Jung", "im Gewerbegebiet Auwiesen" "Auwiesen", "DGB-Vorsitzende Yasmin
  Fahimi" "Yasmin Fahimi"), unless only a legal form would be left ("Meeresenergie-Management GmbH"); a
  German run opening a sentence needs a name-shaped, known or listed name word ("Erster Kunde ist …" names
  nobody, "Ursula Heinen-Esser sagte …" her);
- a German compound whose head is a common noun of the dictionary names only the name-shaped or known parts
  before it ("FSD-Software" names "FSD", "OECD-Durchschnitt" "OECD", "Meeresenergie-Management" nothing),
  unless the document names its head too ("Heinen-Esser");
- acronyms that are common nouns ("PC", "LKW", "SMS") and the reader addressed formally ("Ihrer Umgebung")
  are no names; a few names open with a lower-case letter ("iPhone", "iOS", "eBay");
- an institution's name goes on after "of"/"für"/"der" ("Ministry of Education", "Bank of England",
  "Bundesministerium für Bildung"), not a person's ("Sabine Kroll of Tianmu Systems" is two names).

`speakers` finds the names an attribution cue points at ("sagte Li Wen", "laut Halvard", "Tianmu says",
"according to analysts at ChipInsider"); not a name where or to whom it was said ("said on Twitter").
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from claims.assist.rules import english_words
from claims.assist.rules.german_words import (
    has_dictionary,
    is_common_noun,
    is_common_word,
    is_listed_common_noun,
    is_lower_case_word,
    is_proper_name,
)
from claims.assist.rules.terms import SENTENCE_STARTERS, STOP_WORDS, TOKEN_RE, word_set

KNOWN_NAMES = word_set(
    """huawei nvidia amd intel google alphabet microsoft apple samsung tsmc alibaba tencent baidu deepseek
    openai anthropic meta amazon bloomberg reuters siemens sap bosch qualcomm broadcom arm ibm oracle xiaomi
    bytedance cambricon smic asml infineon"""
)

# Capitalised words that are not names: months, weekdays, titles, and acronyms that are common nouns.
_NOT_NAMES = word_set(
    """i i'm i've i'd i’m i’ve i’d mr mrs ms dr prof januar februar märz april mai juni juli august september
    oktober november dezember january february march may june july october december monday tuesday wednesday
    thursday friday saturday sunday montag dienstag mittwoch donnerstag freitag samstag sonntag ki ai ceo
    cto cfo gpu gpus cpu cpus npu npus tops flops pflops tflops mw kw gw mwh kwh gwh gb tb pb hbm llm llms it
    pr tv ok eur usd cny us usa uk eu mesz mez utc cet cest pue faq pdf api fp bf int euro dollar us-dollar
    yuan prozent percent megawatt kilowatt gigawatt petaflops teraflops hektar token pc pcs sms usb dvd dvds
    cd cds gps wlan suv lkw pkw kfz ihrer ihrem ihren ihres ihnen jan feb mar apr jun jul aug sep sept oct nov
    dec rep sen gov lt col capt sgt"""
)
# Peoples' adjectives name no one alone ("Chinese chips") but go on a name ("Pan American Health
# Organization", "American Airlines" after "Flug").
_DEMONYMS = word_set("chinese german american european english french japanese korean taiwanese indian")
_NOT_NAMES |= _DEMONYMS
# Weekdays go on a name ("Super Tuesday", "Black Friday") but start none.
_WEEKDAYS = word_set("monday tuesday wednesday thursday friday saturday sunday")
# English titles and offices before a name, listed capitalised in the dictionary too ("Secretary", "Justice"):
# "Transport Secretary Grant Shapps" names "Grant Shapps".
_ENGLISH_TITLES = word_set(
    """secretary minister president governor senator judge justice general attorney commissioner chairman
    chairwoman chair chancellor premier chief officer spokesman spokeswoman spokesperson professor inspector
    sergeant captain lieutenant detective constable superintendent sheriff deputy acting former prime vice
    executive head coach pastor bishop rabbi reverend queen king prince princess"""
)
# English words that open a clause and never a name: "While Meadows …", "After Trump …".
_ENGLISH_OPENERS = word_set(
    """while although though because since before after until unless whether once despite during unlike
    meanwhile however instead still yet now today yesterday tonight here there where why each every both
    either neither many most some several few another thanks according"""
)
# Short German nouns that stand before a name: "Typ Lingxi 7", "Modell Qilin-R1", "Stadt Lindenfeld".
_GERMAN_CATEGORY_NOUNS = word_set(
    """typ typs modell chef chefin firma firmen marke serie stadt region konzern projekt plattform system
    version anbieter sprecher sprecherin kunde partner gruppe dienst herr herrn frau kollege kollegen
    kollegin papst trainer trainerin sohn tochter bruder brüder schwester kreis raum land länder bereich
    thema name namen fall agentur magazin zeitung sender verein partei hafen gemeinde ortsteil"""
)
# Words that head an institution's name, which goes on after "of"/"für" ("Ministry of Education", "Bank of
# England", "Bundesministerium für Bildung", "Statistisches Bundesamt"): the name is kept whole.
_INSTITUTIONS = word_set(
    """ministry department bank university office bureau institute council court agency board commission
    college academy chamber federation association society union league museum foundation authority
    service secretary minister ministerium bundesministerium landesministerium amt bundesamt landesamt
    institut universität hochschule kammer verband gericht bundesgericht agentur behörde bundesagentur
    stiftung akademie zentrum bundesanstalt anstalt"""
)
_INSTITUTION_LINK = re.compile(r" (?:of|for|für|der|des)(?: the)? ")
# Name words that say nothing about which name it is ("Tianmu Systems" and "Halvard Cloud" share no name).
_GENERIC_NAME_TERMS = (
    word_set(
        """systems system group inc corp corporation ltd ag gmbh se as co company technologies technology ai
        ki labs holdings the der die das cloud"""
    )
    | _INSTITUTIONS
)
_PRECISION_TOKEN = re.compile(r"(?:FP|BF|INT|TF|MXFP)\d+")
# What may stand before a sentence or a list item: "2) Mix", "• Stir", "- Bake" open one too.
_SENTENCE_START_CHARS = frozenset(".!?:;\n\"“„‚‘'(«»—–|)•·*▪►→✓-")
# A lone number with C or F is a temperature ("400F"), not a model number ("Ascend 910C" joins a name).
_TEMPERATURE_TOKEN = re.compile(r"\d{1,3}[CF]")
# Verbs that open instructions ("Mix the flour", "Add 2 cups"): capitalised after a list mark or a comma
# they start no name (inside one they may: "Tim Cook").
_INSTRUCTION_VERBS = word_set(
    """add bake beat blend boil bring chop combine cook cool cover cut drain drizzle fold fry grate grill heat
    knead let melt mix place pour preheat remove rinse roast season serve simmer slice sprinkle stir store
    transfer whisk click tap select choose enter open go install download press scroll sign log type check
    make use try keep put take get see read note follow turn set"""
)
# Names that open with a lower-case letter: "iPhone", "iCloud", "eBay", "iOS" (not "nHost" of a stray "\n").
_LOWER_LED = re.compile(r"[ie](?:[A-Z][a-z]\w*|[A-Z]{2,3})")
# Two words that may be names after an ordinary one make it a title: "Mayor John Smith", not "Willow Lane".
_NAME_WORDS_AFTER_TITLE = 2
# How often a document capitalises an ordinary word inside sentences, and never writes it in lower case,
# for it to be a name there.
_ALWAYS_CAPITALISED = 2
# An English headline in title case capitalises every word longer than three letters.
_TITLE_CASE_MIN_CHARS = 3
_TITLE_CASE_MIN_WORDS = 3
# German common nouns long enough to be titles or categories rather than first names.
_GERMAN_TITLE_MIN_CHARS = 8


@dataclass(frozen=True)
class Name:
    """A name in a text: where it is, as written, and its distinctive lower-cased words."""

    start: int
    end: int
    text: str
    terms: frozenset[str]


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str
    sentence_start: bool


@lru_cache(maxsize=4096)  # the stance rules read a claim once for each passage compared with it
def tokens(text: str) -> tuple[_Token, ...]:
    """Word tokens with their offsets, and whether each opens a sentence (or a clause after ":" or a dash)."""
    found: list[_Token] = []
    for match in TOKEN_RE.finditer(text):
        position = match.start() - 1
        while position >= 0 and text[position] in " \t\u00a0":
            position -= 1
        starts = position < 0 or text[position] in _SENTENCE_START_CHARS
        found.append(_Token(match.start(), match.end(), match.group(), starts))
    return tuple(found)


@cache
def _shaped_like_name(word: str) -> bool:
    """Whether a word has a shape ordinary words never have: "H100", "Qilin-R1", "CloudMatrix", "NVIDIA",
    "910C"."""
    for part in word.split("-"):
        if not part or _PRECISION_TOKEN.fullmatch(part) or part.lower() in _NOT_NAMES:
            continue
        letters = [c for c in part if c.isalpha()]
        if not letters:
            continue
        if any(c.isdigit() for c in part) and (
            part[0].isalpha() or (part[0].isdigit() and part[-1].isupper())
        ):
            return True
        if any(a.islower() and b.isupper() for a, b in itertools.pairwise(part)):
            return True  # CamelCase: "SkyRack", "DeepSeek", "iPhone"
        if len(letters) >= 2 and all(c.isupper() for c in letters) and len(part) <= 12:
            return True
    return False


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _base(word: str) -> str:
    """Lower-cased, without a possessive ("Norvex's" → "norvex")."""
    lower = word.lower()
    for suffix in ("'s", "’s", "'"):
        if lower.endswith(suffix):
            return lower[: -len(suffix)]
    return lower


def _is_known(word: str, known: frozenset[str]) -> bool:
    base = _base(word)
    if base in known or base in KNOWN_NAMES:
        return True
    # German genitive without apostrophe: "Tianmus", "Huaweis", "Nvidias"
    return base.endswith("s") and (base[:-1] in known or base[:-1] in KNOWN_NAMES)


def find_names(text: str, language: str, known: frozenset[str] = frozenset()) -> list[Name]:
    """Names in `text` (see the module docstring); `known` holds lower-cased words known to be names."""
    words = tokens(text)
    names: list[Name] = []
    index = 0
    english = language != "de"
    while index < len(words):
        run = _name_run(text, words, index, english, known)
        if run:
            first, last = run
            start, end = words[first].start, words[last].end
            if not english and first == last:
                start, end = _named_part(text[start:end], start, known)
            if start < end:
                names.append(Name(start, end, text[start:end], _name_terms(text[start:end], known)))
            index = last + 1
        else:
            index += 1
    if english and _title_case(words):
        names = [trimmed for name in names if (trimmed := _without_ordinary_ends(text, name, known))]
    return [name for name in names if name.terms]


def always_capitalised(texts: list[str]) -> frozenset[str]:
    """Ordinary English words a document writes as names: capitalised inside a sentence at least twice and
    never in lower case ("Docker", "Rust" on a page about them), lower-cased. The sentences are English."""
    inside: dict[str, int] = {}
    lowered: set[str] = set()
    for text in texts:
        for token in tokens(text):
            word = _base(token.text)
            if token.text.islower():
                lowered.add(word)
            elif (
                _capitalised(token.text) and not token.sentence_start and english_words.is_ordinary_word(word)
            ):
                inside[word] = inside.get(word, 0) + 1
    return frozenset(w for w, count in inside.items() if count >= _ALWAYS_CAPITALISED and w not in lowered)


def _without_ordinary_ends(text: str, name: Name, known: frozenset[str]) -> Name | None:
    """A name of a title-case headline without the ordinary words it opens or ends with ("Google Pulls
    Funds" → "Google"); None when it is only ordinary words ("Council Meeting")."""
    kept = [
        token
        for token in tokens(text)
        if name.start <= token.start < name.end
        and (_strong(token.text, known) or not english_words.is_ordinary_word(token.text))
    ]
    if not kept:
        return None
    start, end = kept[0].start, kept[-1].end
    return Name(start, end, text[start:end], _name_terms(text[start:end], known))


def _name_run(
    text: str, words: tuple[_Token, ...], index: int, english: bool, known: frozenset[str]
) -> tuple[int, int] | None:
    """The first and last token of the name that starts at `index`, or None."""
    if not _may_start_name(words[index].text) or words[index].text.lower() in _INSTRUCTION_VERBS:
        return None
    if english and words[index].sentence_start and words[index].text.lower() in _ENGLISH_OPENERS:
        return None  # "While Meadows …": the name starts after it
    if text[words[index].start - 1 : words[index].start] == "°":
        return None  # "180 °C Ober- und Unterhitze": a unit, not "C Ober"
    last = index
    while last + 1 < len(words) and _joins(text, words[last], words[last + 1]):
        following = words[last + 1].text
        # A number joins a name ("SkyRack 512", "Typ Lingxi 7"), not a noun ("Angaben 20 Racks").
        if (
            following.isdigit()
            and last == index
            and not _name_like_before_number(words[last], english, known)
        ):
            break
        last += 1
    first = index
    while first < last and _describes(words[first], english, known):
        first += 1  # "Bürgermeisterin Sabine Kroll", "Hersteller Tianmu Systems", "Running Mingshu AI's"
    if not english and first + 1 < last and _genitive_before_role(words[first : last + 1], known):
        first += 2  # "Yuans Kollege Hossein Robatjazi": whose colleague is no part of the colleague's name
    while english and first < last and _english_title(words[first : last + 1], known):
        first += 1  # "Mayor John Smith", "Former President Donald Trump"; not "City Council"
    if all(_base(token.text) in _GENERIC_NAME_TERMS for token in words[first : last + 1]):
        first = index  # "Meeresenergie-Management GmbH": what is left says only what kind of name it is
    institution = _institution_end(text, words, index, last)
    if institution is not None:
        return index, institution
    run = words[first : last + 1]
    if all(token.text.isdigit() for token in run):
        return None
    if (
        not english
        and all(_german_common(token.text, len(run) > 1) for token in run)
        and not _known_speaker(text, run, known)
    ):
        return None  # "Inhalte", "Kläger Schöpfer": every German noun is capitalised, few are names
    if len(run) == 1:
        token = run[0]
        # After a describing noun a capitalised word is its name: "im Gewerbegebiet Auwiesen".
        # "Chinesisches Rack-System", "Unabhängige Messungen": no name; "Herr Lucke" at the start and "die
        # Länder Baden-Württemberg" are.
        after_category = words[index].text.lower() in _GERMAN_CATEGORY_NOUNS
        named = (
            first > index
            and (not words[index].sentence_start or after_category)
            and (
                "-" not in token.text
                or (after_category and not _common_head(token.text))
                or (english and all(map(_capitalised, token.text.split("-"))))  # "Judge Montoya-Lewis"
            )
            and _capitalised(token.text)
            and _base(token.text) not in _NOT_NAMES
            and (
                english or not is_common_noun(token.text)
            )  # "Bereich Reichenbacherhof", not "Thema Ehrenamt"
        )
        return (first, last) if named or _single_is_name(token, english, known) else None
    if (
        not english
        and run[0].sentence_start
        and not any(_strong(t.text, known) or is_proper_name(t.text) for t in run)
    ):
        return None  # "Erster Kunde ist ...": German nouns open sentences in pairs too
    return first, last


def _institution_end(text: str, words: tuple[_Token, ...], first: int, last: int) -> int | None:
    """The last token of an institution's name that goes on after "of"/"für" ("Ministry of Education",
    "Bundesministerium für Bildung"), when the capitalised run first..last is headed by an institution
    word; else None."""
    if not any(token.text.lower() in _INSTITUTIONS for token in words[first : last + 1]):
        return None
    end = None
    position = last + 1
    while position < len(words):
        link = next(
            (
                i
                for i in range(position + 1, min(position + 3, len(words)))
                if _INSTITUTION_LINK.fullmatch(text[words[last].end : words[i].start])
                and _capitalised(words[i].text)
                and words[i].text.lower() not in STOP_WORDS
            ),
            None,
        )
        if link is None:
            break
        last = link
        while last + 1 < len(words) and _joins(text, words[last], words[last + 1]):
            last += 1
        end, position = last, last + 1
    return end


def _german_common(word: str, in_run: bool) -> bool:
    """A German common word (german.py), not shaped like a name nor a well-known organisation. A name the
    document uses elsewhere counts only when it is no common noun: "Zimmer" in one name makes no other
    "Zimmer" a name."""
    if word.isdigit():
        return True
    if _shaped_like_name(word) or _base(word) in KNOWN_NAMES:
        return False
    if in_run and _common_head(word):
        return True  # "eine Art Gesundheits-Checkliste"
    return is_common_noun(word) if in_run else is_common_word(word)


def _known_speaker(text: str, run: list[_Token], known: frozenset[str]) -> bool:
    """A name of the document that is also a common noun ("Müller" after "Thomas Müller") where it stands
    as a speaker: right after a cue ("sagte Müller") or right before one ("Müller sagte")."""
    if len(run) != 1 or not _is_known(run[0].text, known):
        return False
    before = text[max(0, run[0].start - _SPEAKER_WINDOW) : run[0].start]
    cue = list(_SPEAKER_AFTER.finditer(before))
    if cue and not before[cue[-1].end() :].strip(" ,"):
        return True
    after = _SPEAKER_BEFORE.match(text, run[0].end + 1) if text[run[0].end : run[0].end + 1] == " " else None
    return after is not None


def _name_like_before_number(token: _Token, english: bool, known: frozenset[str]) -> bool:
    if _strong(token.text, known):
        return True
    return english and not token.sentence_start


@cache
def _may_start_name(word: str) -> bool:
    lower = word.lower()
    return (
        (_capitalised(word) or _shaped_like_name(word))
        and not word.isdigit()
        and lower not in SENTENCE_STARTERS
        and lower not in STOP_WORDS
        and _base(word) not in _NOT_NAMES
    )


def _joins(text: str, previous: _Token, following: _Token) -> bool:
    """Whether `following` continues the name `previous` is in: only a space between, and a capitalised
    word or a number after a word ("SkyRack 512")."""
    gap = text[previous.end : following.start]
    initial = len(previous.text) == 1 and previous.text.isupper() and gap == ". "  # "Carissa F. Etienne"
    if gap not in {" ", "\u00a0"} and not initial:
        return False
    word = following.text
    if word.isdigit():
        return not previous.text.isdigit() and not initial
    if _capitalised(word) and _base(word) in _WEEKDAYS:
        return not previous.sentence_start and _base(previous.text) not in _NOT_NAMES  # "Super Tuesday"
    return _may_start_name(word) or (_capitalised(word) and _base(word) in _DEMONYMS)


def _describes(token: _Token, english: bool, known: frozenset[str]) -> bool:
    """A leading word of a capitalised run that describes the name rather than being part of it."""
    word = token.text
    if not english and _common_head(word):
        return True  # "DGB-Vorsitzende Yasmin Fahimi": the compound says what she is, not who
    if _strong(word, known):
        return False
    if english:
        return token.sentence_start and word.lower().endswith(("ing", "ed", "ly"))
    return (
        word.lower() in _GERMAN_CATEGORY_NOUNS
        or _looks_like_german_noun(word)
        or (token.sentence_start and is_lower_case_word(word))  # "Nachdem Equinor …"
    )


def _genitive_before_role(run: tuple[_Token, ...], known: frozenset[str]) -> bool:
    """Whether a German run opens with a name in the genitive and a noun saying what the person after
    them is to them: "Yuans Kollege Hossein Robatjazi", "Büssings Tochter Hedwig"; not "Gerhards
    Mechaniker Frank" (a franc too) nor "Protos Automobile G.m.b.H" (a firm's name)."""
    owner, role, named = run[0].text, run[1], run[2].text
    return (
        owner.endswith("s")
        and owner[:-1].isalpha()
        and not is_common_word(owner[:-1])
        and is_common_noun(role.text)
        and not is_common_noun(named)
        and (is_proper_name(named) or _strong(named, known) or (len(run) > 3 and not is_common_word(named)))
        and named[1:].isalpha()
    )


def _common_head(word: str) -> bool:
    """Whether a German compound with a hyphen is a common noun by its head: "FSD-Software",
    "OECD-Durchschnitt"; not "Baden-Württemberg"."""
    return "-" in word and is_listed_common_noun(word.rsplit("-", 1)[-1])


def _named_part(word: str, start: int, known: frozenset[str]) -> tuple[int, int]:
    """The span a single German word names: the whole word, or in a compound whose head is a common noun
    only the name-shaped or known parts before it ("FSD-Software" names "FSD", "Meeresenergie-Management"
    nothing); (start, start) when it names nothing."""
    if not _common_head(word) or _is_known(word.rsplit("-", 1)[-1], known):
        return start, start + len(word)  # "Heinen-Esser": a head the document names is a name's part
    parts = word.split("-")[:-1]
    named = 0
    while named < len(parts) and _strong(parts[named], known):
        named += 1
    return start, start + len("-".join(parts[:named]))


def _strong(word: str, known: frozenset[str]) -> bool:
    return _shaped_like_name(word) or _is_known(word, known)


@cache
def _looks_like_german_noun(word: str) -> bool:
    """ "Bürgermeisterin", "Cloud-Anbieter", "Start-ups": a common noun or a title, not a first name
    ("Matthias", "Friedrich": names the dictionary lists)."""
    if "-" in word:
        head = word.rsplit("-", 1)[-1]
        if head.islower() or not has_dictionary():
            return head.islower() or (head[:1].isupper() and head[1:].islower())
        return _common_head(word)  # "Cloud-Anbieter", not "Hans-Peter"
    return len(word) >= _GERMAN_TITLE_MIN_CHARS and word[1:].islower() and not is_proper_name(word)


def _single_is_name(token: _Token, english: bool, known: frozenset[str]) -> bool:
    word = token.text
    if len(word) < 2 or _TEMPERATURE_TOKEN.fullmatch(word):
        return False  # "C" of "200 C", "400F": units, not names
    if _strong(word, known):
        return True
    if "-" in word:
        return any(_strong(part, known) for part in word.split("-"))
    # In English a capitalised word inside a sentence is a name, unless it is an ordinary word a heading
    # capitalised ("Mayor", "Director"); in German it is usually just a noun.
    return (
        english
        and not token.sentence_start
        and _capitalised(word)
        and not english_words.is_ordinary_word(word)
    )


def _english_title(run: list[_Token], known: frozenset[str]) -> bool:
    """Whether an English run's first word is an ordinary word before a person's or a firm's name ("Mayor
    Lewis", "Mayor John Smith"): the dictionary lists it in lower case only, and after it comes a word it
    lists only as a name or not at all, or two words it lists as names too ("Willow Lane" and "Drug
    Reaction" stay whole)."""
    title = _base(run[0].text) in _ENGLISH_TITLES
    if _strong(run[0].text, known) or not (title or english_words.is_ordinary_word(run[0].text)):
        return False
    rest = [
        token.text
        for token in run[1:]
        if len(token.text) > 1
        and token.text.replace("-", "").isalpha()
        and _base(token.text) not in _NOT_NAMES
    ]
    names = [word for word in rest if not english_words.is_ordinary_word(word)]
    return any(map(english_words.is_name_word, rest)) or len(names) >= _NAME_WORDS_AFTER_TITLE


def _title_case(words: tuple[_Token, ...]) -> bool:
    """Whether an English sentence capitalises nearly every word, as a headline does ("Budget Talks Stall
    As Mayor Walks Out"): there a run of ordinary words is no name."""
    long_words = [token.text for token in words if len(token.text) > _TITLE_CASE_MIN_CHARS]
    capitalised = sum(map(_capitalised, long_words))
    return capitalised >= _TITLE_CASE_MIN_WORDS and capitalised == len(long_words)


def _name_terms(name: str, known: frozenset[str]) -> frozenset[str]:
    terms = set()
    for word in TOKEN_RE.findall(name):
        for part in word.split("-"):
            base = _base(part)
            if base.endswith("s") and (base[:-1] in known or base[:-1] in KNOWN_NAMES):
                base = base[:-1]
            if (
                base
                and not base.isdigit()
                and base not in _GENERIC_NAME_TERMS
                and base not in _NOT_NAMES
                and not _PRECISION_TOKEN.fullmatch(part)
                and (part[:1].isupper() or any(c.isdigit() for c in part) or _LOWER_LED.fullmatch(part))
            ):
                terms.add(base)
    return frozenset(terms)


@lru_cache(maxsize=4096)
def name_terms(text: str, language: str, known: frozenset[str] = frozenset()) -> frozenset[str]:
    """The distinctive words of every name in `text`."""
    return frozenset().union(*(name.terms for name in find_names(text, language, known)))


# --- Attribution ----------------------------------------------------------------------------------------

ATTRIBUTION_RE = re.compile(
    r"\b(?:laut|zufolge|sagte|sagt|sagten|erklärte|erklärt|betonte|berichtete|berichtet|bestätigte"
    r"|meinte|teilten?\s+mit|teilten?(?=\s[^.;]{1,60}\smit\s*(?:[.,;:!]|$))|kündigte\s+an|bezeichnet(?:e)?|nannte|nennt|schätzt|schätzungen"
    r"|nach\s+(?:eigenen\s+)?(?:\w*angaben|auskunft)|,\s*so\s+[A-ZÄÖÜ]|(?:gibt|gab|geben)\b[^.;]{1,60}\ban)\b"
    # "should be reported in the tracker", "are to be confirmed": what is to be done, no one's statement
    # "states" as a verb, not "13 other states": after a name or pronoun, or before "that"
    r"|\b(?<!\bbe\s)(?:according\s+to|said|says|told|reported|reports|stated|claims|claimed|announced"
    r"|confirmed|estimated|estimates|added|noted|explained|wrote|declared)\b"
    r"|(?<=[A-Za-z]{2}\s)states(?=\s+that\b|[,:])|\b(?:he|she|it|they)\s+states\b",
    re.IGNORECASE,
)
# Cues after which a name names the speaker ("sagte Li Wen", "laut Halvard", "according to analysts at
# ChipInsider"), and cues right after a speaker's name ("Tianmu says", "ChipInsider bezeichnet").
_SPEAKER_AFTER = re.compile(
    r"(?:\b(?:sagte|sagt|erklärte|betonte|meinte|berichtete|bestätigte|teilte|laut|according\s+to(?:\s+\w+\s+at)?"
    r"|nach\s+angaben\s+von|nach\s+auskunft\s+von|said|told)\b|,\s*so\b)",
    re.IGNORECASE,
)
_SPEAKER_BEFORE = re.compile(
    r"\b(?:sagte|sagt|erklärte|betonte|meinte|berichtete|bestätigte|teilte|bezeichnet|bezeichnete|nennt|nannte"
    r"|zufolge|gibt|gab|says|said|told|claims|claimed|announced|reported|explained|added|declared)\b",
    re.IGNORECASE,
)
_SPEAKER_WINDOW = 60
# "sagte Bürgermeisterin Sabine Kroll", "laut der SCMP"; not "laut lokalen Medien ähnliche … von Nvidia".
_SPEAKER_GAP_WORDS = 2
# After a cue, a name behind one of these is where or to whom it was said, not who said it: "said on
# Twitter", "said in Hangzhou", "sagte gegenüber der Zeitung".
_NOT_SPEAKER_AFTER = word_set("on in to from with via into auf im gegenüber vor")


def speakers(text: str, names: list[Name]) -> list[Name]:
    """The names in `text` that stand as the source of an attribution, best first: a name within a clause
    after a cue ("sagte Li Wen"), then a name right before one ("Tianmu says")."""
    found: list[Name] = []
    for cue in _SPEAKER_AFTER.finditer(text):
        ends = [i for i in (text.find(",", cue.end() + 2), text.find(".", cue.end())) if i > 0]
        limit = min(cue.end() + _SPEAKER_WINDOW, min(ends, default=len(text)) + 1)
        after = next(
            (
                name
                for name in names
                if cue.end() <= name.start < limit
                and len(text[cue.end() : name.start].split()) <= _SPEAKER_GAP_WORDS
                and not _NOT_SPEAKER_AFTER & {word.lower() for word in text[cue.end() : name.start].split()}
            ),
            None,
        )
        if (
            after is not None
            and cue.group().startswith(",")
            and text[after.end :].strip()[:1] not in ("", ".", ",", ";")
        ):
            after = None  # German ", so Müller." ends the clause; English ", so Nordmoor is …" goes on
        if after is not None and after not in found:
            found.append(after)
    for cue in _SPEAKER_BEFORE.finditer(text):
        found.extend(
            name
            for name in names
            if name.end <= cue.start() and not text[name.end : cue.start()].strip() and name not in found
        )
    return found
