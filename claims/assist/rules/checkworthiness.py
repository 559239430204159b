"""Claim suggestions: which sentences of a document are worth checking, how much, and who asserts them.

Pure Python, no Django, no model: transparent rules an editor can read in the reasons of each suggestion.
A document is split into sentences (sentences.py: headline, headings, body, reader comments). Each
sentence scores the sum of the weights of what it contains, clamped to 0–1:

    numbers with units (quantities.py)          +0.35, +0.05 for each further one (at most +0.15)
    bare numbers only ("27 zu 4")                +0.15
    a comparison or superlative                  +0.35  ("übertrifft", "mehr als", "the first", "largest")
    an attribution, German reported speech       +0.20  ("laut", "sagte", "according to", "told"; "sei")
    an event verb or a narrated past             +0.20  ("vorgestellt", "wurde … gegründet", "unveiled",
                                                        "has been detected", "the police enquired")
    a property (descriptors.py)                  +0.25  ("rack-scale", "handheld", "Ökostrom", "air-cooled")
    a negated statement                          +0.10  ("nicht mit Ökostrom", "has not sold")
    names (names.py)                             +0.15, +0.05 with two or more
    when it happened                             +0.10  ("am Samstag", "um 23:50 Uhr", "yesterday", "Nov. 8")
    else a date or a year                        +0.05
    speculation in the writer's words            −0.30  ("vielleicht", "möglicherweise", "maybe", "not clear")
    else a hedge or a condition                  −0.15  ("könnte", "might", "would", "suggests", "If …")
    a quotation without figures, comparison or event   −0.15  (also the end of one begun before:
                                                        "… im Großen.“", "… system,” Lee said.")
    first person outside reader comments         −0.15  ("we", "our", "ich", "unser")
    an instruction or recipe                     −0.40  ("Mix …", "Gib …", "you", "du", "EL", "preheat",
                                                        "See …")
    else the reader addressed or asked           −0.40  ("Besuchen Sie", "Ihre", "please", "bitte")
    page furniture: notices, prompts, code       score 0 ("cookies", "©", "newsletter", "x = y", "read more",
                                                        "Weitere Informationen", a notice in capitals)
    a picture's caption or credit (sentences.py) score 0 ("… Foto: dpa", "(Picture by Jane Roe)")
    an opinion or exclamation                    −0.20  ("I think", "wow", "what a", "!")
    else an attitude or praise                   −0.20  ("leider", "hopefully", "lecker", "die schönsten")
    a heading (it sums up sentences below)       −0.20
    the headline (it sums up the article)        −0.10
    a question, also an indirect one             × 0.3  ("?", "I'm curious if", "makes me wonder how")

German sentences are also read with the grammar of the German dictionary (german.py, german_words.py): a
finite verb in the simple past, a perfect or a passive is an event (+0.20, "erzeugten", "wurden verprügelt",
"hat … stattgegeben", "konnten … fliehen"; not a participle before a noun), a present-tense verb a weak one
(+0.05, "ermittelt"), a Konjunktiv I reported speech ("überprüfe"), a quotation closed before its speaker
(„…“, erläuterte Fahimi) an attribution whatever the verb; comparisons in words ("viel seltener",
"vergleichbar") and full dates ("seit August 2015") count; legal references ("§ 15 Abs. 2", "BGHZ 156", "die
Beklagte zu 1") are no figures; a capital "I" is no first person, nor is a witness narrating the past or a
quoted speaker; "würden"/"könnten" in reported speech are no hedge; a short aside in parentheses and a lead-in
ending in a colon score 0.

The sentence forms (the reader addressed, praise, notices in capitals, the end of a quotation) are read in
sentence_forms.py. A superlative of praise ("die schönsten") is no comparison; praise beside a checkable
comparison costs nothing. Inside quoted or interviewed speech (voices.py: a quotation spanning sentences,
an interview's "Precht: …") "Sie" addresses whom the speaker talks to and "wir" is the speaker: neither
counts against the sentence nor makes the page a how-to; a speaker's speculation still counts.

Sentences scoring at least SUGGESTION_THRESHOLD are suggested. The page counts too (page_kinds.py): on a page
where a quarter of the sentences instruct or address the reader (a recipe, a how-to, a shop), or where
fewer than one in ten reach the threshold, only sentences scoring HOW_TO_THRESHOLD that also narrate an
event or report what someone said are (its figures and comparisons are measures and selling points), so a
page with nothing to check gets nothing; on a news report or a page dense with claims DENSE_THRESHOLD is
enough, and on a page in between, a score that falls with the share of its sentences reaching the threshold.

Who asserts a sentence: in a reader comment, the commenter (role "commenter"); with an attribution, the
person or organisation named next to the cue ("sagte Li Wen", "laut Halvard", "Tianmu says", "according to
analysts at ChipInsider"; role "quoted", name "" when none is given, as in "nach Angaben der Stadt");
otherwise the author (role "author", name "").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.assist.rules import cues, german, german_words
from claims.assist.rules.descriptors import find_descriptors
from claims.assist.rules.names import ATTRIBUTION_RE, Name, always_capitalised, find_names, speakers
from claims.assist.rules.page_kinds import is_claim_on_page, page_kind, page_threshold, reaching_share
from claims.assist.rules.quantities import extract_quantities
from claims.assist.rules.sentence_forms import (
    attitude,
    closes_quotation,
    is_indirect_question,
    is_praise,
    is_shouted,
    opinion,
    praise,
    reader_address,
    request,
)
from claims.assist.rules.sentences import Sentence, split_document
from claims.assist.rules.terms import NEGATION_RE
from claims.assist.rules.voices import spoken_spans

SUGGESTION_THRESHOLD = 0.35

# Set by hand, round by round. Each key is a feature sentence_scoring records, so tests/claims/assist/
# fit_weights.py can fit them (logistic regression on the labelled pages the rules were written on) and
# compare both by cross-validation; the fit was not adopted: its news recall did not rise and the other
# pages lost half their precision. A learned wording term (fit_wording.py) raised news recall but cost the
# pages that are not news a third of their precision; not adopted either, nor behind a learned page gate "is
# this a news report?" (fit_gate.py: the other pages kept, but the news once held out fell under precision
# 0.6), nor a small sentence model from PyPI in place of the words (fit_embedding.py). The figures are in
# tests/claims/assist/test_pages.py.
WEIGHTS = {
    "numbers": 0.35,
    "more numbers": 0.05,
    "bare numbers": 0.15,
    "comparison": 0.35,
    "attribution": 0.20,
    "event": 0.20,
    "present": 0.05,
    "property": 0.25,
    "negation": 0.10,
    "names": 0.15,
    "more names": 0.05,
    "date": 0.05,
    "dated event": 0.10,
    "speculation": -0.30,
    "hedge": -0.15,
    "instruction": -0.40,
    "reader": -0.40,
    "first person": -0.15,
    "quote": -0.15,
    "opinion": -0.20,
    "heading": -0.20,
    "headline": -0.10,
}
QUESTION_FACTOR = 0.3
# "more numbers" counts at most this many numbers after the first
MORE_NUMBERS_CAP = 3
_CUE_TRIM = ' ,“”„"'
_CLOSING_MARKS = "\"'”“»«’‘)"
_CAPITALISED = re.compile(r"\b[A-ZÄÖÜ][\w-]+")
_MIN_WORDS = 4


@dataclass(frozen=True)
class ClaimSuggestion:
    """A span proposed as a claim: offsets in code points of the document text, and why."""

    start: int
    end: int
    exact: str
    score: float  # 0–1
    reasons: tuple[str, ...]
    speaker: str
    speaker_role: str  # "author", "quoted", "commenter" (claims.models.SpeakerRole)


def suggest_claims(
    text: str, language: str, *, threshold: float = SUGGESTION_THRESHOLD
) -> list[ClaimSuggestion]:
    """Check-worthy sentences of a document, in order, each with a score, reasons and its speaker.

    `language` is the document's (ISO 639-1); reader comments get their own when their words tell.
    On a page that mostly tells the reader what to do (a recipe, a how-to, a shop page) only sentences
    scoring at least HOW_TO_THRESHOLD are suggested: its figures are measures, not claims."""
    return choose_claims(read_sentences(text, language), threshold)


@dataclass(frozen=True)
class Scoring:
    """What a sentence's score is made of: how often each WEIGHTS key fired in it, the reasons an editor
    reads, and the rules that set the score to 0 or scale it (a question)."""

    features: dict[str, int]  # WEIGHTS key → times it counts
    reasons: tuple[str, ...]
    zero: bool = False
    question: bool = False

    @property
    def score(self) -> float:
        """sum(weight × feature), clamped to 0–1; × QUESTION_FACTOR for a question."""
        if self.zero:
            return 0.0
        score = max(0.0, sum(WEIGHTS[feature] * count for feature, count in self.features.items()))
        return min(1.0, score * QUESTION_FACTOR if self.question else score)


@dataclass(frozen=True)
class ReadSentence:
    """A sentence of a document with the names found in it and what its score is made of."""

    sentence: Sentence
    names: list[Name]
    scoring: Scoring


def read_sentences(text: str, language: str) -> list[ReadSentence]:
    """Every sentence of a document with its names and features: the part of `suggest_claims` that does
    not depend on the weights or thresholds."""
    sentences = split_document(text, language)
    known = document_names(sentences)
    read = []
    for sentence, spoken in zip(sentences, spoken_spans(text, sentences), strict=True):
        names = find_names(sentence.text, sentence.language, known)
        read.append(ReadSentence(sentence, names, sentence_scoring(sentence, names, spoken=spoken)))
    return read


def choose_claims(read: list[ReadSentence], threshold: float = SUGGESTION_THRESHOLD) -> list[ClaimSuggestion]:
    """The sentences suggested as claims, scored with WEIGHTS and the thresholds of the page's kind."""
    scored = [(r.sentence, r.names, r.scoring.score, r.scoring.reasons) for r in read]
    kind = page_kind(scored, threshold)
    on_page = page_threshold(kind, threshold, reaching_share(scored, threshold))
    suggestions = []
    for sentence, names, score, reasons in scored:
        # A headline or heading sums up the sentences below: a lower bar for the page is not for it.
        needed = max(on_page, threshold) if sentence.kind in {"title", "heading"} else on_page
        if score < needed or not is_claim_on_page(kind, reasons):
            continue
        speaker, role = speaker_of(sentence, names)
        suggestions.append(
            ClaimSuggestion(
                sentence.start, sentence.end, sentence.text, round(score, 3), reasons, speaker, role
            )
        )
    return suggestions


def document_names(sentences: list[Sentence]) -> frozenset[str]:
    """Words the document uses as names somewhere; they count as names everywhere in it (a German
    sentence may open with "Tianmu", an English comment names it mid-sentence)."""
    known = set(always_capitalised([s.text for s in sentences if s.language != "de"]))
    for sentence in sentences:
        for name in find_names(sentence.text, sentence.language):
            known.update(name.terms)
    return frozenset(known)


def sentence_scoring(
    sentence: Sentence, names: list[Name], *, spoken: tuple[tuple[int, int], ...] = ()
) -> Scoring:
    """Which WEIGHTS keys one sentence has, how often, and the reasons an editor reads (see the module
    docstring); its `score` is the check-worthiness score. `spoken`: the spans of the sentence in a
    speaker's voice (voices.py), where "Sie" and "wir" are the speaker's, not the writer's."""
    text = sentence.text
    lowered = text.lower()
    if sentence.kind == "caption":
        return Scoring({}, ("a picture's caption or credit",), zero=True)
    if len(text.split()) < _MIN_WORDS:
        return Scoring({}, ("too short",), zero=True)
    features: dict[str, int] = {}
    reasons: list[str] = []
    in_german = sentence.language == "de"  # German grammar read from the dictionary: german.py
    if in_german and german.is_aside(text):
        return Scoring({}, ("a reference or aside in parentheses",), zero=True)
    if in_german and german.is_lead_in(text):
        return Scoring({}, ("a lead-in to a list or quotation",), zero=True)

    def add(reason: str, *counted: tuple[str, int]) -> None:
        """A reason with the features it counts (WEIGHTS key, times) and their weight together."""
        for feature, count in counted:
            if count:
                features[feature] = features.get(feature, 0) + count
        weight = sum(WEIGHTS[feature] * count for feature, count in counted)
        reasons.append(f"{reason} ({weight:+.2f})")

    quantities = extract_quantities(text, sentence.language)
    if in_german and (references := german.reference_spans(text)):
        # "§ 15 Abs. 2", "BGHZ 156", "die Beklagte zu 1": numbers that locate a text or name a party
        quantities = [q for q in quantities if not any(s <= q.start < e for s, e in references)]
    with_units = [q for q in quantities if q.unit]
    if with_units:
        add(
            "numbers: " + "; ".join(q.describe() for q in with_units),
            ("numbers", 1),
            ("more numbers", min(MORE_NUMBERS_CAP, len(with_units) - 1)),
        )
    elif quantities:
        add("numbers: " + ", ".join(q.text for q in quantities), ("bare numbers", 1))
    cue = cues.COMPARISON.search(lowered)
    if cue and cue.start() > 0 and text[cue.start()].isupper():
        cue = None  # "Anton Best": a name, not a superlative
    compared = cue or cues.SUPERLATIVE_DE.search(text) or (in_german and german.comparison(text))
    if compared and is_praise(compared.group()):
        compared = None  # "die schönsten Farben": praise (below), not a ranking
    if compared:
        add(f"comparison: “{compared.group().strip()}”", ("comparison", 1))
    # A quotation: opening the sentence, ending one begun before, or closed before its speaker in German
    # („…“, sagte Fahimi).
    quoted = bool(
        cues.QUOTE.search(text) or closes_quotation(text) or (in_german and german.closes_quotation(text))
    )
    quoted = quoted and not with_units and not compared
    attributed = True
    if cue := ATTRIBUTION_RE.search(lowered) or (in_german and german.attribution(text)):
        add(f"attributed: “{cue.group().strip(_CUE_TRIM)}”", ("attribution", 1))
    elif in_german and (cue := _reported_de(text, lowered)):
        add(f"reported speech: “{cue.group()}”", ("attribution", 1))
    else:
        attributed = False
    event = _event(text, lowered, in_german, cue.group().lower() if attributed and cue else "")
    if event:
        add(f"event: “{_short(event.group())}”", ("event", 1))
    elif in_german and (event := german_words.finite_verb(text, "present")):
        add(f"present tense: “{event.group()}”", ("present", 1))
    if descriptors := find_descriptors(text):
        listed = ", ".join(dict.fromkeys(("not " if d.negated else "") + d.group for d in descriptors))
        add(f"property: {listed}", ("property", 1))
    if cue := NEGATION_RE.search(lowered):
        add(f"negated: “{cue.group()}”", ("negation", 1))
    if names:
        listed = ", ".join(dict.fromkeys(name.text for name in names))
        add(f"names: {listed}", ("names", 1), ("more names", int(len(names) > 1)))
    if cue := cues.WHEN.search(lowered) or (in_german and german.when(text)):
        add(f"when: {cue.group()}", ("dated event", 1))
    elif not with_units and (cue := cues.DATE.search(lowered)):
        add(f"date: {cue.group()}", ("date", 1))
    if cue := cues.INSTRUCTION_START.search(lowered) or cues.INSTRUCTION.search(lowered):
        add(f"instruction or recipe: “{cue.group().strip(' .)0123456789')}”", ("instruction", 1))
    elif addressed := reader_address(text, spoken):
        add(f"addresses the reader: “{addressed}”", ("reader", 1))
    elif asked := request(lowered):
        add(f"a request to the reader: “{asked}”", ("reader", 1))
    if quoted and sentence.kind != "comment" and not event:
        add("a quotation without figures or comparison", ("quote", 1))
    if sentence.kind != "comment" and (
        cue := german.first_person(text, attributed=attributed or bool(spoken))
        if in_german
        else cues.FIRST_PERSON.search(text)
    ):
        add(f"first person: “{cue.group()}”", ("first person", 1))
    if cue := cues.SPECULATION.search(lowered):
        add(f"speculation: “{cue.group()}”", ("speculation", 1))
    elif (cue := cues.HEDGE.search(lowered)) and not (
        in_german and german.hedge_is_reported(cue.group(), text, cue.start(), attributed=attributed)
    ):
        add(f"hedged: “{cue.group()}”", ("hedge", 1))
    if exclaimed := opinion(lowered):
        add("opinion or exclamation" + (f": “{exclaimed}”" if exclaimed != "!" else ""), ("opinion", 1))
    elif judged := attitude(lowered) or (not compared and praise(lowered)):
        # praise beside a checkable comparison ("der größte Laubmischwald …, einzigartig") costs it nothing;
        # alone ("die schönsten Farben") it is all the sentence says. Beside a figure it still weighs: there
        # it is mostly a blurb's ("This delicious cake is ready in 40 minutes", "ist daher perfekt")
        add(f"opinion or praise: “{judged}”", ("opinion", 1))
    if sentence.kind in {"heading", "title"}:
        # A headline sums up the sentences below it, as a heading does; the body states what is checked.
        add(
            "the headline" if sentence.kind == "title" else "a heading",
            (sentence.kind.replace("title", "headline"), 1),
        )
    # A table row with a figure in a cell of its own is data ("| Rohbenzin | 10,72 Mio. t | 12,40 Mio. t |");
    # without, navigation or a header ("| Platform | x86_64 | arm (32-bit) |").
    data_row = bool(with_units and cues.FIGURE_CELL.search(text))
    if cues.BOILERPLATE.search(lowered) or (lowered.count("|") >= 2 and not data_row):
        return Scoring(features, (*reasons, "page furniture (notice, prompt or code)"), zero=True)
    if sentence.kind != "comment" and is_shouted(text):
        return Scoring(features, (*reasons, "written in capitals throughout, as a notice"), zero=True)
    if spoken == ((0, len(text)),):
        reasons.append("in a speaker's voice")  # quoted or interviewed throughout: no reader is addressed
    # "… asked, “What do you see as the biggest problem?”": a question inside quotation marks too
    question = text.rstrip().rstrip(_CLOSING_MARKS).endswith("?") or is_indirect_question(lowered)
    if question:
        reasons.append(f"a question (×{QUESTION_FACTOR})")
    return Scoring(features, tuple(reasons), question=bool(question))


def _reported_de(text: str, lowered: str) -> re.Match[str] | None:
    """German reported speech: a Konjunktiv I from the list or by its form (german.py), not "ich habe"."""
    cue = cues.REPORTED_DE.search(lowered)
    if cue and not german_words.in_first_person_clause(text, cue.start(), cue.end()):
        return cue
    return german_words.finite_verb(text, "subjunctive")


def _event(text: str, lowered: str, in_german: bool, saying: str) -> re.Match[str] | None:
    """An event cue; in German one that holds (not a participle before a noun, not a passive after a
    modal), else a finite verb in the past (german.py) other than the verb of saying of an attribution."""
    if not in_german:
        return cues.EVENT.search(lowered) or cues.NARRATED.search(text)
    for event in cues.EVENT.finditer(lowered):
        if german.event_holds(text, event.start(), event.end()) and not _says(event, saying):
            return event
    past = german.narrates_past(text) or german.passive(text)
    return None if past and _says(past, saying) else past


def _says(event: re.Match[str], saying: str) -> bool:
    """Whether an event cue is the attribution's own verb ("sagte") or reported speech's perfect ("habe
    … gehandelt"), counted once as an attribution."""
    cue = event.group().lower()
    return bool(saying) and (cue in saying or cue.startswith(saying + " "))


def _short(cue: str) -> str:
    words = cue.split()
    return cue if len(words) <= 3 else f"{words[0]} … {words[-1]}"


def speaker_of(sentence: Sentence, names: list[Name]) -> tuple[str, str]:
    """Who asserts a sentence and in which role (see the module docstring)."""
    if sentence.kind == "comment":
        return sentence.speaker, "commenter"
    if ATTRIBUTION_RE.search(sentence.text):
        found = speakers(sentence.text, names)
        return (found[0].text.removesuffix("'s").removesuffix("’s") if found else ""), "quoted"
    if sentence.language == "de" and (cue := german.attribution(sentence.text)):
        # „…“, erzählt der Chef Matthias Frankenstein / Die Stadt erklärt, dass …: whatever the verb, the
        # speaker is the name after it, or before it
        after = cue.group("after") is not None
        start, end = (cue.end("after"), cue.end()) if after else (cue.start(), cue.start("before"))
        named = [name.text for name in names if start <= name.start < end]
        return (named[0] if named else _named_after_verb(sentence.text[start:end])), "quoted"
    return "", "author"


def _named_after_verb(words: str) -> str:
    """The speaker the structure names though no rule knows the name ("…“, erläuterte Fahimi"): the
    capitalised words at the end that are no common words or pronouns ("der Sprecher", "Das" name no one)."""
    named: list[str] = []
    for word in reversed(_CAPITALISED.findall(words)):
        if german_words.is_common_word(word) or word.lower() in german_words.PRONOUNS:
            break
        named.insert(0, word)
    return " ".join(named)
