"""Split an imported document into the sentences claims and evidence come from, and say who wrote each.

Pure Python, no Django. Imported texts are often scraped pages (see sources/extraction.py): navigation
crumbs, the headline (often twice), a dateline and a view count, the article, a "related articles" block,
then the reader comments, each under its author's name. The rules:

- The headline is the line `guess_title()` finds; lines before it (crumbs) and an exact repeat are skipped.
- Datelines ("14. Mai 2025", "By Hannah Cole, May 14, 2025"), bare numbers (view counts) and the boilerplate
  lines in `_BOILERPLATE` are never claims or evidence; neither is a "Verwandter Artikel"/"Related" block
  (the heading and the lines right under it, up to a blank line).
- Inside the article, a short line without a full stop is a *heading* (it sums up the body below it); a
  line ending in a picture credit ("Foto: dpa", "(Picture by Jane Roe)", "Bild: Reuters", "© GEPA") is a
  *caption*, its sentences describe a picture.
- From `comment_section_start()` on, lines are reader comments. "Name" followed by "Name <date> <time>", or
  "Name <date> <time>" alone, or a lone user name, starts a comment by Name; the lines after it are its
  text, and its language is guessed from its own words (English comments under German articles are common).
- A scraped page has a paragraph per line; in hard-wrapped text (Markdown, exports) lines run on until a
  blank line or block markup.
- Paragraphs split into sentences at . ! ? … before anything but a lower-case letter; not after
  abbreviations ("z. B.", "Mio.", "Nr.", "Dr."), initials, or German ordinals and dates ("14. Mai",
  "im 3. Quartal").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.assist.rules.german_words import is_abbreviation
from claims.assist.rules.terms import SENTENCE_STARTERS, guess_language, word_set
from sources.extraction import comment_section_start, guess_title

KINDS = ("title", "heading", "body", "comment", "caption")


def source_of(kind: str, speaker: str) -> str:
    """Who a sentence of a document speaks for, as evidence counts sources: each reader comment's
    commenter apart ("comment:" and the name), the article as one (its headline, body and quotes alike).
    A claim's evidence comes from another source: another document, or another voice in its own (a
    comment against the article, the article against a comment); the article's headline is no evidence
    for its own lead."""
    return f"comment:{speaker}" if kind == "comment" else ""


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document: its span (code points), kind, language, and the commenter who wrote it."""

    start: int
    end: int
    text: str
    kind: str  # one of KINDS
    language: str
    speaker: str = ""  # the commenter's name for comments, "" otherwise


_MONTHS = (
    "Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|January|"
    "February|March|May|June|July|October|December|Jan|Feb|Mär|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Okt|Oct|Nov|Dez|Dec"
)
_DATE = (
    rf"(?:\d{{1,2}}\.?\s*(?:{_MONTHS})\.?\s+\d{{4}}|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{2,4})"
)
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:Uhr|am|pm|AM|PM))?"
_ZONE = r"(?:MESZ|MEZ|CEST|CET|UTC|GMT|BST|EST|EDT|PST|PDT)"
_DATE_RE = re.compile(_DATE)
_COMMENT_HEADER = re.compile(rf"(?P<name>\S{{2,40}})\s+{_DATE}(?:,?\s+(?:um\s+)?{_TIME})?(?:\s+{_ZONE})?\s*")
_USER_NAME = re.compile(r"[^\s.!?:;,]{2,40}")
_NUMBERS_ONLY = re.compile(r"[\d\s.,:;/%+\-–()|]+")
_DATELINE_MAX_WORDS = 8
_HEADING_MAX_WORDS = 12
_BOILERPLATE = re.compile(
    r"zurück nach oben|nach oben|back to top|lade neue kommentare|load more comments|mehr kommentare laden"
    r"|(?:antwort(?:en)?|reply)(?:\s+\d+\s+likes?)?|\d+\s+likes?|[\d.,]+\s+kommentare\s+[\d.,]+\s+likes?"
    r"|werbung|anzeige|advertisement|schreibe einen kommentar|leave a comment|teilen|share"
    r"|(?:quelle|source|bildnachweis|foto|photo|pressekontakt|press contact)\b.*|quelle & bilder"
    r"|deine e-mail-adresse wird nicht veröffentlicht.*|your email address will not be published.*"
    r"|\S{1,2}",
    re.IGNORECASE,
)
# A picture credit ends a caption's line (or is the line): "Foto: dpa", "Photo: Reuters", "(Bild: Stadt
# Lindenfeld / Max Muster)", "(Picture by Jane Roe)", "Fotos: PR", "© GEPA", "(Symbolbild)". After "by"/"von"
# only a name may follow ("Fotos von Pamela und wundervolle Zitate" is no credit).
_CREDIT_WORD = (
    r"(?:photo(?:graph)?s?|pictures?|images?|fotos?|bild(?:er)?|bildquelle|bildnachweis|symbolbild"
    r"|(?:photo|image|picture|bild|foto)?\s*credits?)"
)
_NAME_WORD = r"(?-i:[A-ZÄÖÜ][\w’']*\.?)"  # a name is capitalised, whatever the pattern's flags
_NAME_WORDS = rf"{_NAME_WORD}(?:(?:[ \t]+|[ \t]*[&/,|-][ \t]*){_NAME_WORD})*"
_CREDIT = re.compile(
    rf"(?:^|[\s(\[|/]){_CREDIT_WORD}(?:\s*:|\s*©)(?:[^.!?\n]|\.(?=\w)|(?<=\b[A-Z])\.(?!\w)){{0,80}}[)\]]?\.?\s*\Z"
    rf"|(?:^|[\s(\[]){_CREDIT_WORD}\s+(?:by|von)\s+{_NAME_WORDS}[)\]]?\.?\s*\Z"
    r"|\((?:symbolbild|archivbild|foto|bild|photo|picture|image)\)\s*\Z"
    r"|(?:^|\s)(?:©|\(c\))\s*[\w .&/-]{1,40}\)?\s*\Z",
    re.IGNORECASE,
)
_RELATED = re.compile(
    r"verwandte[rn]? artikel|related(?: articles?| stories)?|mehr zum thema|weitere artikel|read more"
    r"|das könnte sie auch interessieren|lesen sie auch|auch interessant",
    re.IGNORECASE,
)
_MARKUP_START = re.compile(r"(?:#{1,6}\s+|[*_]{1,3}|>\s*|[-*•]\s+)+")
_MARKUP_END = re.compile(r"(?:[*_]{1,3}|\s+#+)+\Z")


def split_document(text: str, language: str) -> list[Sentence]:
    """The sentences of a document that can hold claims or evidence, in order (see the module docstring)."""
    comments_at = comment_section_start(text)
    article_end = len(text) if comments_at is None else comments_at
    title = guess_title(text)
    title_at = text.find(title) if title else -1
    sentences: list[Sentence] = []
    in_related = False
    previous_end = 0
    for start, end in _paragraphs(text, _lines(text, 0, article_end), title_at):
        line = text[start:end]
        if in_related and text.count("\n", previous_end, start) > 1:
            in_related = False  # a "related articles" block runs to the next blank line
        previous_end = end
        if start < title_at:
            continue  # navigation crumbs above the headline
        if title and line == title and start != title_at:
            continue  # the headline repeated
        if _RELATED.fullmatch(line):
            in_related = True
        if in_related or _is_meta(line):
            continue
        if start == title_at:
            sentences.append(Sentence(start, end, line, "title", language))
        elif _CREDIT.search(line):
            sentences.extend(
                Sentence(s, e, text[s:e], "caption", language)
                for s, e in split_sentences(text, start, end, language)
            )
        elif _is_heading(line):
            sentences.append(Sentence(start, end, line, "heading", language))
        else:
            sentences.extend(
                Sentence(s, e, text[s:e], "body", language)
                for s, e in split_sentences(text, start, end, language)
            )
    if comments_at is not None:
        sentences.extend(_comments(text, comments_at, language))
    return sentences


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Non-blank lines in text[start:end] as (start, end), trimmed of spaces and Markdown markup."""
    spans = []
    position = start
    while position < end:
        newline = text.find("\n", position, end)
        line_end = end if newline == -1 else newline
        line_start = position
        markup = _MARKUP_START.match(text, line_start, line_end)
        if markup:
            line_start = markup.end()
        line = text[line_start:line_end]
        stripped_end = line_start + len(_MARKUP_END.sub("", line.rstrip()))
        while line_start < stripped_end and text[line_start].isspace():
            line_start += 1
        if line_start < stripped_end:
            spans.append((line_start, stripped_end))
        position = line_end + 1
    return spans


# Hard-wrapped text (Markdown, e-mail, plain-text exports) keeps every line under this many characters, with
# several lines near it; its paragraphs run over line ends. Scraped pages put a paragraph on one line.
_WRAP_MAX_CHARS = 120
_WRAP_LONG_CHARS = 60
_WRAP_MIN_LONG_LINES = 3
_LINE_ENDS = (".", "!", "?", "…", ":", '"', "“", "”", "»", ")")


def _paragraphs(text: str, lines: list[tuple[int, int]], title_at: int) -> list[tuple[int, int]]:
    """Lines joined into paragraphs: in hard-wrapped text every line that follows another without a blank
    line or Markdown block markup continues it; elsewhere only a line that starts in lower case after one
    without a full stop does ("… to Seetal-Schifffahrt for" / "service on Lake Brenn.")."""
    lengths = [end - start for start, end in lines]
    wrapped = bool(lines) and max(lengths) <= _WRAP_MAX_CHARS
    wrapped = wrapped and sum(length >= _WRAP_LONG_CHARS for length in lengths) >= _WRAP_MIN_LONG_LINES
    paragraphs: list[tuple[int, int]] = []
    for start, end in lines:
        if paragraphs:
            previous_start, previous_end = paragraphs[-1]
            gap = text[previous_end:start]
            next_line = gap[gap.rfind("\n") + 1 :]
            adjacent = gap.count("\n") == 1 and previous_start != title_at and not next_line.strip()
            lower = text[start].islower() and not text[previous_start:previous_end].endswith(_LINE_ENDS)
            if adjacent and (wrapped or lower):
                paragraphs[-1] = (previous_start, end)
                continue
        paragraphs.append((start, end))
    return paragraphs


def _is_meta(line: str) -> bool:
    if _NUMBERS_ONLY.fullmatch(line) or _BOILERPLATE.fullmatch(line):
        return True
    return len(line.split()) <= _DATELINE_MAX_WORDS and _DATE_RE.search(line) is not None


def _is_heading(line: str) -> bool:
    return not line.endswith((".", "!", "?", "…", '"', "“", "”", "»", ")")) and (
        len(line.split()) <= _HEADING_MAX_WORDS
    )


def _comments(text: str, start: int, language: str) -> list[Sentence]:
    """The sentences of the reader comments from `start` (the comment heading) to the end of the text."""
    lines = _lines(text, start, len(text))[1:]  # the first line is the heading itself
    sentences: list[Sentence] = []
    speaker = ""
    waiting_for_text = False  # a header was seen; badges and counters may follow before the comment text
    for index, (line_start, line_end) in enumerate(lines):
        line = text[line_start:line_end]
        header = _COMMENT_HEADER.fullmatch(line)
        if header:
            speaker, waiting_for_text = header.group("name"), True
            continue
        if _is_meta(line):
            continue
        following = text[lines[index + 1][0] : lines[index + 1][1]] if index + 1 < len(lines) else ""
        if _USER_NAME.fullmatch(line):
            if _COMMENT_HEADER.fullmatch(following) and following.startswith(line):
                continue  # "Name" above "Name 23. August 2025 09:01:19 MESZ"
            if not waiting_for_text:
                speaker, waiting_for_text = line, True
            continue  # a badge ("Urgestein") under a name
        waiting_for_text = False
        comment_language = guess_language(line, language)
        sentences.extend(
            Sentence(s, e, text[s:e], "comment", comment_language, speaker)
            for s, e in split_sentences(text, line_start, line_end, comment_language)
        )
    return sentences


# --- Sentences ------------------------------------------------------------------------------------------

_BOUNDARY = re.compile(r"[.!?…]+[\"'“”»’)\]]*(?=\s)")
_WORD_BEFORE = re.compile(r"(\S+)\Z")
_ABBREVIATIONS = word_set(
    "z b d h u a o ä s bzw ca etc usw vgl ggf inkl exkl evtl sog nr dr prof dipl ing st mr mrs ms jr sr vs "
    "no co corp inc ltd jan feb mär mar apr jun jul aug sep sept okt oct nov dez dec abs art jh bd hrsg max "
    "min rd tel fig kap e.v u.a z.b d.h u.s o.ä s.o rep sen gov gen lt col capt sgt rev hon atty supt"
)
# After these a full stop ends the sentence only if a sentence-opening word follows ("… 3 Mrd. Das …").
_SCALE_ABBREVIATIONS = frozenset({"mio", "mrd", "tsd", "bio"})
_NEXT_WORD = re.compile(r"\s*([^\s]+)")


def split_sentences(text: str, start: int, end: int, language: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) within text[start:end], a paragraph; spaces trimmed."""
    spans: list[tuple[int, int]] = []
    sentence_start = start
    for match in _BOUNDARY.finditer(text, start, end):
        if _ends_sentence(text, match, end, language):
            spans.append((sentence_start, match.end()))
            sentence_start = match.end()
    spans.append((sentence_start, end))
    trimmed = []
    for span_start, span_end in spans:
        while span_start < span_end and text[span_start].isspace():
            span_start += 1
        while span_end > span_start and text[span_end - 1].isspace():
            span_end -= 1
        if any(c.isalpha() for c in text[span_start:span_end]):
            trimmed.append((span_start, span_end))
    return trimmed


def _ends_sentence(text: str, match: re.Match[str], end: int, language: str) -> bool:
    following = _NEXT_WORD.match(text, match.end(), end)
    if following is None:
        return True
    next_word = following.group(1)
    if next_word[0].islower():
        return False
    if not match.group().startswith("."):
        return True  # "!", "?", "…"
    before = _WORD_BEFORE.search(text, max(0, match.start() - 40), match.start())
    word = before.group(1).lower().lstrip("(\"„“'") if before else ""
    if len(word) == 1 and word.isalpha():
        return False  # an initial or "z. B."
    if word in _SCALE_ABBREVIATIONS:
        return next_word.lower().strip("„“\"'") in SENTENCE_STARTERS
    if word in _ABBREVIATIONS or ("." in word and len(word) <= 6 and word.replace(".", "").isalpha()):
        return False  # "Dr.", "bzw.", "U.S."
    if language == "de" and is_abbreviation(word, next_word):
        return False  # "Rdn. 12", "Tz. 17": a short word the dictionary does not know, before a number
    if word.isdigit() and len(word) <= 3 and language == "de":
        # "14. Mai", "im 3. Quartal"; but "… stieg auf 3. Danach …" ends a sentence.
        return next_word.lower().strip("„“\"'") in SENTENCE_STARTERS
    return True
