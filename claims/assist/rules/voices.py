"""Whose voice a passage of a document is in: the writer's, or a speaker's the writer reports. Claim
suggestions weigh the writer's voice (the reader addressed as "Sie", the writer's "wir") as signs of a
how-to or an opinion (sentence_forms.py, checkworthiness.py); in a speaker's voice the same words are the
speaker's ("Also Sie gehen ja im Regelfall nicht mehr zur Bank", said in an interview) and state what a
report quotes.

A speaker's voice is:
- the inside of a quotation, also one spanning several sentences of a paragraph ("„Wir bauen 2025. Dann
  sehen Sie …“, sagte sie": the second sentence is inside);
- a paragraph opened by a speaker's name and a colon, as interviews print answers and questions
  ("Precht: Besonders betroffen ist …", "Weber: „Auf den Tourismus bezogen …"): the name opens two or
  more paragraphs of the page, or a quotation follows it, and the page names the person in full
  elsewhere ("Franziska Weber", "Richard David Precht"). A label ("Merke: …", "Fazit: …") names no one.

Pure Python, no Django.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from claims.assist.rules.german_words import is_common_word
from claims.assist.rules.sentences import Sentence
from claims.assist.rules.terms import STOP_WORDS

# "Precht: …", "Richard David Precht: …", "Weber: „…": one to four capitalised words, a colon, a space.
_SPEAKER_PREFIX = re.compile(r"(?:[A-ZÄÖÜ][\w.'’-]*[ \t]+){0,3}[A-ZÄÖÜ][\w'’-]*:[ \t]+(?P<quote>[„“\"«»])?")
_MIN_TURNS = 2
# A full name: a capitalised word that is neither a function word nor a common word, then the surname.
_FULL_NAME = r"\b(?P<first>[A-ZÄÖÜ][\w'’-]+)[ \t]+{}\b(?![ \t]*:)"
# Quotation marks: „ only opens and ” only closes; “ " « » open or close by turns („…“, “…”, «…», »…«).
# Single marks (‚ ‘ ’) are left out: they double as apostrophes.
_OPENING = "„"
_CLOSING = "”"
_EITHER = '“"«»'
# Only the marks matter: the paragraph before each sentence is read again for it, so skip the rest in C.
_MARK = re.compile(f"[{re.escape(_OPENING + _CLOSING + _EITHER)}]")


def spoken_spans(text: str, sentences: Sequence[Sentence]) -> list[tuple[tuple[int, int], ...]]:
    """For each sentence, the spans of it (offsets within the sentence) that are in a speaker's voice."""
    turns = _turns(text)
    spans = []
    for sentence in sentences:
        paragraph = text.rfind("\n", 0, sentence.start) + 1
        prefix = _SPEAKER_PREFIX.match(text, paragraph)
        speaker = _speaker(prefix) if prefix else ""
        if speaker and (turns[speaker] >= _MIN_TURNS or prefix.group("quote")) and _named(speaker, text):
            spans.append(((0, len(sentence.text)),))
        else:
            spans.append(_quoted(text[paragraph : sentence.start], sentence.text))
    return spans


def is_spoken(spans: Sequence[tuple[int, int]], offset: int) -> bool:
    """Whether the character at `offset` of a sentence is in a speaker's voice."""
    return any(start <= offset < end for start, end in spans)


def _speaker(prefix: re.Match[str]) -> str:
    return prefix.group().split(":")[0]


def _turns(text: str) -> Counter[str]:
    """How many paragraphs of a document each "Name:" opens: the turns of an interview."""
    return Counter(
        _speaker(prefix)
        for start in (0, *(i + 1 for i, c in enumerate(text) if c == "\n"))
        if (prefix := _SPEAKER_PREFIX.match(text, start))
    )


def _named(speaker: str, text: str) -> bool:
    """Whether the document names the speaker in full somewhere other than before a colon."""
    surname = speaker.split()[-1]
    return any(
        m.group("first").lower() not in STOP_WORDS and not is_common_word(m.group("first"))
        for m in re.finditer(_FULL_NAME.format(re.escape(surname)), text)
    )


def _quoted(before: str, sentence: str) -> tuple[tuple[int, int], ...]:
    """The spans of a sentence inside quotation marks, given the paragraph's text before it."""
    is_open = False
    for mark in _MARK.finditer(before):
        is_open = _after(mark.group(), is_open)
    spans = []
    start = 0 if is_open else -1
    for mark in _MARK.finditer(sentence):
        i = mark.start()
        now_open = _after(mark.group(), is_open)
        if now_open and not is_open:
            start = i
        elif is_open and not now_open:
            spans.append((start, i + 1))
        is_open = now_open
    if is_open:
        spans.append((start, len(sentence)))
    return tuple(spans)


def _after(mark: str, is_open: bool) -> bool:
    """Whether a quotation is open after `mark`, given whether it was before."""
    if mark == _OPENING:
        return True
    if mark == _CLOSING:
        return False
    if mark in _EITHER:
        return not is_open
    return is_open
