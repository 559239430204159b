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

The sentence forms (the reader addressed, praise, notices in capitals, the end of a quotation) are read in
sentence_forms.py. A superlative of praise ("die schönsten") is no comparison.

Sentences scoring at least SUGGESTION_THRESHOLD are suggested. The page counts too (page_kinds.py): on a page
where a quarter of the sentences instruct or address the reader (a recipe, a how-to, a shop), or where
fewer than one in ten reach the threshold, only sentences scoring HOW_TO_THRESHOLD that also narrate an
event or report what someone said are (its figures and comparisons are measures and selling points), so a
page with nothing to check gets nothing; on a news report or a page dense with claims DENSE_THRESHOLD is
enough.

Who asserts a sentence: in a reader comment, the commenter (role "commenter"); with an attribution, the
person or organisation named next to the cue ("sagte Li Wen", "laut Halvard", "Tianmu says", "according to
analysts at ChipInsider"; role "quoted", name "" when none is given, as in "nach Angaben der Stadt");
otherwise the author (role "author", name "").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.assist.rules.descriptors import find_descriptors
from claims.assist.rules.names import ATTRIBUTION_RE, Name, find_names, speakers
from claims.assist.rules.page_kinds import is_claim_on_page, page_kind, page_threshold
from claims.assist.rules.quantities import extract_quantities
from claims.assist.rules.sentence_forms import (
    attitude,
    closes_quotation,
    is_indirect_question,
    is_praise,
    is_shouted,
    opinion,
    reader_address,
    request,
)
from claims.assist.rules.sentences import Sentence, split_document
from claims.assist.rules.terms import NEGATION_RE

SUGGESTION_THRESHOLD = 0.35

WEIGHTS = {
    "numbers": 0.35,
    "more numbers": 0.05,
    "more numbers cap": 0.15,
    "bare numbers": 0.15,
    "comparison": 0.35,
    "attribution": 0.20,
    "event": 0.20,
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


def _cues(*patterns: str) -> re.Pattern[str]:
    """One pattern of lower-case cues, matched against the lower-cased sentence (case-insensitive
    matching of long alternations costs Python's `re` about three times as much)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns))


_COMPARISON = _cues(
    # German
    r"\b(?:mehr|weniger|höher|niedriger|größer|kleiner|besser|schlechter|schneller|langsamer|stärker"
    r"|schwächer|teurer|billiger|günstiger|leistungsfähiger|leistungsstärker)\s+als\b",
    r"\b(?:übertr(?:ifft|effen|af|afen|offen)|übertrumpf\w*|überholt\w*|überflügel\w*|schlägt|überschreitet"
    r"|unterbietet|hinkt\w*)\b",
    r"\b(?:doppelt|halb|dreimal|zehnmal)\s+so\b",
    r"\b(?:erste[nrms]?|erstmals|einzige[nrms]?|rekord\w*|spitzenreiter|marktführer\w*|führende[nrms]?)\b",
    # English
    r"\b(?:more|less|fewer|higher|lower|bigger|larger|smaller|better|worse|faster|slower|cheaper"
    r"|stronger|weaker|more powerful)\s+than\b",
    r"\b(?:outperform\w*|outpac\w*|beats?|beating|surpass\w*|exceed\w*|overtak\w*|ahead of|lead over"
    r"|leads|trails?|lags? behind|falls? short of)\b",
    r"\b(?:the\s+first|first-ever|the\s+only|record|twice|half as|largest|biggest|fastest|slowest"
    r"|highest|lowest|best|worst|most\s+(?:powerful|advanced|efficient|expensive)|strongest|cheapest)\b",
)
# German superlatives after an article: "die größte", "das leistungsstärkste". Matched on the text as
# written, since a capital letter tells a noun ("die Kosten", "die Dienste") from an adjective.
_SUPERLATIVE_DE = re.compile(
    r"\b(?:[Dd]er|[Dd]ie|[Dd]as|[Dd]en|[Dd]em|[Dd]es)\s+(?:bisher\s+|weltweit\s+)?"
    # "die meisten" is a quantity, not a ranking; "die jüngsten Aussagen", "die neueste Version" date what
    # they name (as "the latest" does), they do not rank it
    r"(?!meiste|wenigste|jüngste|neueste|aktuellste)[a-zäöü]\w*(?:st|ßt)e[nrms]?\b"
)
# English simple past after a subject, on the text as written: "The police enquired", "the inspector
# intervened" (not "the Texas Retired Teachers"); verbs of saying are attributions, not events.
_NARRATED = re.compile(
    r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t|who|[Pp]olice|[Tt]he\s+[a-z]+)\s+(?:[a-z]+ly\s+)?"
    r"(?!(?:added|noted|warned|urged|claimed|stated|explained|insisted)\b)[a-z]{3,}ed\b"
)
_EVENT = _cues(
    r"\b(?:vorgestellt|stellt\b.{1,60}\bvor|präsentiert\w*|angekündigt|eingeführt|eingesammelt|investiert"
    r"|bestellt|verkauft\w*|geliefert|ausgeliefert|gebaut|baut|errichte\w*|zugestimmt|stimmt\b.{1,60}\bzu"
    r"|beschlossen|unterzeichnet|übernommen|gestartet|eröffnet|entlassen|beschäftigt|erreicht|benötigt"
    r"|gegründet|begonnen|begann|startet|veröffentlicht\w*|ersetzt|erstellt|festgenommen|verletzt|gestorben"
    r"|verurteilt|gewählt|gesunken|gestiegen|gewachsen|verzeichnet\w*|ereignete|kollidierte|verlor|entstand"
    r"|leitete|blieb|stieg|sank|fiel|wuchs|flog|starb|gewann|meldete\w*|mitteilte|teilte\b.{1,60}\bmit"
    r"|befindet|liegt|lag|führt|führte|erreichte|verkündete|entwickelt|übernahm|investierte|überholte|nahm"
    r"|kam|zog|besa(?:ss|ß)|durchfuhr|verzeichnete|vergab|ging|gingen|bot|boten|erhielt|erhielten|schaffte"
    r"|folgte|folgten|spielte|prägte|sprach|hie(?:ß|ss)|kamen|fand|fanden|gab|gaben|traf|hielt|schrieb"
    r"|brachte|geboren)\b",
    r"\b[a-zäöü]{3,}ierten?\b",  # German past tense of -ieren verbs: "kritisierte", "bezifferte" is below
    r"\b(?:bezifferte|äußerte|forderte|warnte|lehnte|wählte|stimmte|zählte|meldete|sanken|stiegen)\b",
    r"\bge[a-zäöüß]{3,}(?:t|en)\s+(?:werden|worden)\b",
    # German perfect and passive: "hat … veröffentlicht", "wurde … gelöst", "ist … gedonnert"
    r"\b(?:hat|haben|hatte|hatten|ist|sind|war|waren|wurde|wurden)\b[^.;:]{0,80}?\bge[a-zäöüß]{3,}(?:t|en)\b",
    r"\b(?:unveil\w*|announc\w*|launch(?:es|ed|ing)?|raised|invest(?:s|ed|ing)|ordered|sold|shipped|delivered"
    r"|built|build"
    r"|approved|signed|acquired|opened|hired|employs|reaches|reached|draws|weighs|covers|submitted|founded"
    r"|headquartered|began|started|found|published|released|detected|reported|recorded|closed|arrested"
    r"|killed|died|elected|confirmed|passed|fled|treated|assaulted|revealed|created|developed|discovered"
    r"|increased|decreased|declined|rose|fell|grew|won|lost|exiting|worked|deprecated|performed"
    r"|introduced|replaced|showed|shows|took|returns|includes|achieve[sd]?|born|spotted)\b",
    # English perfect and passive: "has been detected", "have since launched", "was found"
    r"\b(?:has|have|had|was|were)\s+(?:\w+\s+)?\w+(?:ed|en)\b",
)
_DATE = _cues(
    r"\b(?:1[89]|20)\d\d\b",
    r"\b(?:januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember|january"
    r"|february|march|june|july|october|december|montag|dienstag|mittwoch|donnerstag|freitag|samstag"
    r"|sonntag|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
)
# When something happened: a weekday, a clock time, "yesterday", "in der Nacht auf Samstag".
_WHEN = _cues(
    r"\b(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|monday|tuesday|wednesday|thursday"
    r"|friday|saturday|sunday|gestern|yesterday|vorgestern|this week|last week|diese[rn]? woche)\b",
    r"\b\d{1,2}[:.]\d\d\s*(?:uhr|a\.?m\.?|p\.?m\.?)",
    r"\b(?:am|on)\s+\d{1,2}\.?\s+(?:jan|feb|mär|apr|mai|may|jun|jul|aug|sep|okt|oct|nov|dez|dec)",
    r"\b(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?\s+\d{1,2}\b",
)
# Instructions and recipes: the reader is told what to do, or cooking measures are given.
_INSTRUCTION = _cues(
    # The reader told what to do: "you can", "you'll need", "kannst du", "du solltest", "dein Teig".
    r"\b(?:you|du|ihr)\s+(?:can|could|should|need|must|have to|may|will need|kannst|solltest|musst"
    r"|brauchst|könnt|solltet|müsst)\b|\b(?:kannst|solltest|musst|brauchst|könnt|solltet|müsst)\s+(?:du|ihr)\b"
    r"|\b(?:dein\w*|dich|dir|euch|euer\w*|eure\w*|yourself)\b",
    # German second person singular ends in -st: "findest du", "du kämpfst", "hast du"
    r"\b[a-zäöüß]+st\s+du\b|\bdu\s+[a-zäöüß]+st\b",
    r"\b(?:el|tl|tbsp|tsp|tablespoons?|teaspoons?|cups?|päckchen|prise|backofen|oven|umluft|preheat\w*"
    r"|vorheizen|teig|dough|simmer|saucepan|schlagsahne|backpulver)\b",
    r"\b(?:click|tap|select|scroll|download|install)\s+(?:the|on|a|an)\b",
)
_INSTRUCTION_START = _cues(
    r"^(?:\W|\d+[.)]\s*)*(?:add|bake|beat|blend|boil|bring|chop|combine|cook|cool|cover|cut|drain|fold|fry"
    r"|heat|knead|melt|mix|place|pour|preheat|remove|roast|serve|simmer|slice|spoon|sprinkle|stir|whisk"
    r"|click|tap|select|enter|open|install|download|press|scroll|run|save|type|check|make sure|try|use|keep"
    r"|don'?t|dont’|let's|lege|falte|schneide|messe|ziehe|nimm|gib|füge|mische|rühre|schlage|wasche|hebe"
    r"|löse|drücke|verstreiche|achte|prüfe|lass|lasse|lerne|wähle|denke|bringe|nähe|bügle|heize|fette"
    r"|verrühre"
    # what a web page asks of its reader: "See LICENSE …", "Refer to …", "Visit …", "Check out …"
    r"|see|refer|visit|read|learn|discover|explore|find|get|enjoy|follow|contact|choose|pick|buy|grab|imagine"
    r"|consider|remember|be sure|feel free|wear|wash|apply|avoid|attach|sew|measure|glue|decorate|sign up"
    r"|register|ask|stay|wait|check out|find out)\b(?!-)",
)
# Written by and about oneself: "we feel", "I'm going to", "unsere Kultur"; a view, a plan or an ad.
# Matched on the text as written: "US" and "USS" are no "us".
_FIRST_PERSON = re.compile(
    r"\b(?:(?i:i|i'm|i’m|i've|i’ve|we|we're|we’re|our|ours|my|me|ich|wir|unser\w*|mein(?:e[mnrs]?)?|mir|mich|uns)"
    r"|us)\b"
    r"(?!-)"
)
# A table cell that holds a figure: "| 10,72 Mio. t |", "| - 30,3 % |".
_FIGURE_CELL = re.compile(r"\|\s*[-+−–]?\s*\d")
# Page furniture: cookie and privacy notices, comment rules, newsletter and share prompts, code.
_BOILERPLATE = _cues(
    r"\b(?:cookies?|privacy|subscribe|newsletter|advertise with|advertising department|terms and conditions"
    r"|log ?in|register|sign up|all rights reserved|copyright|datenschutz\w*|impressum|anmelden|registrieren"
    r"|abonnieren|werbung"
    r"|leave a reply|related articles|share facebook|e-?mail:?\s+\S+@|feedback|reading time|lesezeit)\b",
    # a pointer to further reading
    r"\b(?:(?:for\s+)?(?:more|further)\s+(?:information|details)|(?:weitere|mehr)\s+informationen|read more"
    r"|learn more|find out more|mehr erfahren|erfahren sie mehr|lesen sie auch|see also|siehe auch|click here"
    r"|hier klicken)\b",
    r"©|\S+@\S+\.\w+|[{}]|\w\(|\s=\s|^update\b",
)

# German reported speech (Konjunktiv I): "Grok sei …", "der Bericht bescheinige …": an attributed statement.
_REPORTED_DE = _cues(r"\b(?:sei|seien|habe|verfüge|verfüg(?:t|e)n?|bescheinige|liege|gebe|würden? laut)\b")

# Speculation in the writer's own words: adverbs of doubt ("vielleicht", "möglicherweise", "maybe", "not
# clear"). Modal verbs ("könnte", "could", "would") are softer hedges: reports use them for what a source
# said (German Konjunktiv II, the English backshift), and such reports are claims.
_SPECULATION = _cues(
    r"\b(?:vielleicht|möglicherweise|eventuell|vermutlich|wahrscheinlich|unklar)\b",
    r"\b(?:maybe|perhaps|possibly|probably|not clear|unclear)\b",
)
_HEDGE = _cues(
    r"\b(?:wohl|könnte[n]?|dürfte[n]?|würde[n]?|scheint|offenbar|ob)\b",
    r"\b(?:might|could|would|likely|wonder\w*|curious|seems?|appears?|whether|suggests?|believes?)\b",
    r"^(?:if|wenn|falls)\b",  # a condition, not an assertion
)
# A direct quotation: what someone feels, hopes or plans, unless it carries a figure or a comparison.
_QUOTE = re.compile(r"^\W*[“„\"‚‘«»]")


def suggest_claims(
    text: str, language: str, *, threshold: float = SUGGESTION_THRESHOLD
) -> list[ClaimSuggestion]:
    """Check-worthy sentences of a document, in order, each with a score, reasons and its speaker.

    `language` is the document's (ISO 639-1); reader comments get their own when their words tell.
    On a page that mostly tells the reader what to do (a recipe, a how-to, a shop page) only sentences
    scoring at least HOW_TO_THRESHOLD are suggested: its figures are measures, not claims."""
    sentences = split_document(text, language)
    known = document_names(sentences)
    scored = []
    for sentence in sentences:
        names = find_names(sentence.text, sentence.language, known)
        scored.append((sentence, names, *score_sentence(sentence, names)))
    kind = page_kind(scored, threshold)
    on_page = page_threshold(kind, threshold)
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
    known: set[str] = set()
    for sentence in sentences:
        for name in find_names(sentence.text, sentence.language):
            known.update(name.terms)
    return frozenset(known)


def score_sentence(sentence: Sentence, names: list[Name]) -> tuple[float, tuple[str, ...]]:
    """The check-worthiness score of one sentence and the reasons for it (see the module docstring)."""
    text = sentence.text
    lowered = text.lower()
    if sentence.kind == "caption":
        return 0.0, ("a picture's caption or credit",)
    if len(text.split()) < _MIN_WORDS:
        return 0.0, ("too short",)
    score = 0.0
    reasons: list[str] = []

    def add(weight_name: str, reason: str, weight: float | None = None) -> None:
        nonlocal score
        weight = WEIGHTS[weight_name] if weight is None else weight
        score += weight
        reasons.append(f"{reason} ({weight:+.2f})")

    quantities = extract_quantities(text, sentence.language)
    with_units = [q for q in quantities if q.unit]
    if with_units:
        extra = min(WEIGHTS["more numbers cap"], WEIGHTS["more numbers"] * (len(with_units) - 1))
        add("numbers", "numbers: " + "; ".join(q.describe() for q in with_units), WEIGHTS["numbers"] + extra)
    elif quantities:
        add("bare numbers", "numbers: " + ", ".join(q.text for q in quantities))
    cue = _COMPARISON.search(lowered)
    if cue and cue.start() > 0 and text[cue.start()].isupper():
        cue = None  # "Anton Best": a name, not a superlative
    compared = cue or _SUPERLATIVE_DE.search(text)
    if compared and is_praise(compared.group()):
        compared = None  # "die schönsten Farben": praise (below), not a ranking
    if compared:
        add("comparison", f"comparison: “{compared.group().strip()}”")
    quoted = (bool(_QUOTE.search(text)) or closes_quotation(text)) and not with_units and not compared
    if cue := ATTRIBUTION_RE.search(lowered):
        add("attribution", f"attributed: “{cue.group().strip(' ,')}”")
    elif sentence.language == "de" and (cue := _REPORTED_DE.search(lowered)):
        add("attribution", f"reported speech: “{cue.group()}”")
    if event := _EVENT.search(lowered) or _NARRATED.search(text):
        add("event", f"event: “{_short(event.group())}”")
    if descriptors := find_descriptors(text):
        listed = ", ".join(dict.fromkeys(("not " if d.negated else "") + d.group for d in descriptors))
        add("property", f"property: {listed}")
    if cue := NEGATION_RE.search(lowered):
        add("negation", f"negated: “{cue.group()}”")
    if names:
        listed = ", ".join(dict.fromkeys(name.text for name in names))
        add("names", f"names: {listed}", WEIGHTS["names"] + (WEIGHTS["more names"] if len(names) > 1 else 0))
    if cue := _WHEN.search(lowered):
        add("dated event", f"when: {cue.group()}")
    elif not with_units and (cue := _DATE.search(lowered)):
        add("date", f"date: {cue.group()}")
    if cue := _INSTRUCTION_START.search(lowered) or _INSTRUCTION.search(lowered):
        add("instruction", f"instruction or recipe: “{cue.group().strip(' .)0123456789')}”")
    elif addressed := reader_address(text):
        add("reader", f"addresses the reader: “{addressed}”")
    elif asked := request(lowered):
        add("reader", f"a request to the reader: “{asked}”")
    if quoted and sentence.kind != "comment" and not event:
        add("quote", "a quotation without figures or comparison")
    if sentence.kind != "comment" and (cue := _FIRST_PERSON.search(text)):
        add("first person", f"first person: “{cue.group()}”")
    if cue := _SPECULATION.search(lowered):
        add("speculation", f"speculation: “{cue.group()}”")
    elif cue := _HEDGE.search(lowered):
        add("hedge", f"hedged: “{cue.group()}”")
    if exclaimed := opinion(lowered):
        add("opinion", "opinion or exclamation" + (f": “{exclaimed}”" if exclaimed != "!" else ""))
    elif judged := attitude(lowered):
        add("opinion", f"opinion or praise: “{judged}”")
    if sentence.kind in {"heading", "title"}:
        # A headline sums up the sentences below it, as a heading does; the body states what is checked.
        add(
            sentence.kind.replace("title", "headline"),
            "the headline" if sentence.kind == "title" else "a heading",
        )
    # A table row with a figure in a cell of its own is data ("| Rohbenzin | 10,72 Mio. t | 12,40 Mio. t |");
    # without, navigation or a header ("| Platform | x86_64 | arm (32-bit) |").
    data_row = bool(with_units and _FIGURE_CELL.search(text))
    if _BOILERPLATE.search(lowered) or (lowered.count("|") >= 2 and not data_row):
        return 0.0, (*reasons, "page furniture (notice, prompt or code)")
    if sentence.kind != "comment" and is_shouted(text):
        return 0.0, (*reasons, "written in capitals throughout, as a notice")
    score = max(0.0, score)
    if text.rstrip().endswith("?") or is_indirect_question(lowered):
        score *= QUESTION_FACTOR
        reasons.append(f"a question (×{QUESTION_FACTOR})")
    return min(1.0, score), tuple(reasons)


def _short(cue: str) -> str:
    words = cue.split()
    return cue if len(words) <= 3 else f"{words[0]} … {words[-1]}"


def speaker_of(sentence: Sentence, names: list[Name]) -> tuple[str, str]:
    """Who asserts a sentence and in which role (see the module docstring)."""
    if sentence.kind == "comment":
        return sentence.speaker, "commenter"
    if not ATTRIBUTION_RE.search(sentence.text):
        return "", "author"
    found = speakers(sentence.text, names)
    return (found[0].text.removesuffix("'s").removesuffix("’s") if found else ""), "quoted"
