"""Anchor spans of document text as W3C Web Annotation selectors and re-anchor them when the text changes.

An anchor keeps both selectors of a span: the position (start/end in code points, i.e. Python str indices)
and the quote (exact text plus up to CONTEXT_CHARS of prefix and suffix). Browsers count in UTF-16 code
units; `utf16_to_codepoint` and `codepoint_to_utf16` translate at the edge.

Re-anchoring in a new revision scores candidate places (sources.quote_matching) the way the Hypothesis
client's `match-quote.js` does: quote similarity (weight 50), prefix and suffix similarity (20 each) and
closeness to the old position (2), normalised to 0..1. The steps, cheapest first:
1. The quote with its whole context occurs exactly once: that is the span (confidence 1.0). In a batch
   these spans also tell how far each part of the text moved, which sharpens the position hint of the rest.
2. The quote occurs exactly with its whole context, several times: the position picks (confidence 1.0).
3. Otherwise rapidfuzz finds the best-aligned place of the quote, and of the quote with its context, in a
   window around the hint that widens to the whole text until something passes; a Levenshtein alignment
   of prefix+quote+suffix puts the boundaries. These candidates compete with any exact occurrences of the
   quote (whose confidence is 0.8 to 1.0 depending on how much context survived).
A fuzzy match must reach the threshold in its overall score *and* in quote similarity alone, and must keep
the quote's numbers: "erreicht 300 Petaflops" that became "erreicht 180 Petaflops" is a different claim,
so it is orphaned for an editor to confirm rather than moved. Nothing passing means orphaned, never a guess.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sources.quote_matching import Candidate, Matcher, occurrences

CONTEXT_CHARS = 32
CONFIDENCE_THRESHOLD = 0.75

Method = Literal["exact", "fuzzy", "orphaned"]


class AnchorError(ValueError):
    """A span that cannot be anchored; the message says what is wrong in the editor's terms."""


@dataclass(frozen=True)
class Anchor:
    """A span of a revision: TextPositionSelector (start, end), TextQuoteSelector (exact, prefix, suffix)."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True)
class Reanchored:
    """Where an anchor landed in a new revision; `anchor` is None when it is orphaned."""

    anchor: Anchor | None
    confidence: float
    method: Method

    @property
    def orphaned(self) -> bool:
        return self.anchor is None


ORPHANED = Reanchored(anchor=None, confidence=0.0, method="orphaned")


# --- Creating anchors -------------------------------------------------------------------------------------


def anchor_from_offsets(text: str, start: int, end: int, *, exact: str | None = None) -> Anchor:
    """The anchor of text[start:end]; when `exact` is given (what the editor saw) it must be that text."""
    _check_offsets(text, start, end)
    found = text[start:end]
    if exact is not None and exact != found:
        raise AnchorError(
            f"the quote {_show(exact)} does not match the text at {_span(start, end)} ({_show(found)})"
        )
    return _anchor_at(text, start, end)


def anchor_from_quote(
    text: str, exact: str, *, prefix: str = "", suffix: str = "", hint: int | None = None
) -> Anchor:
    """The anchor of an exact quote; prefix, suffix and the position hint choose between occurrences."""
    if not exact:
        raise AnchorError("the quote is empty")
    starts = occurrences(text, exact)
    if not starts:
        raise AnchorError("the quote was not found in the text")
    at = hint if hint is not None else 0
    wanted = Anchor(start=at, end=at + len(exact), exact=exact, prefix=prefix, suffix=suffix)
    matcher = Matcher(text)
    # Without a hint every occurrence is equally close (Hypothesis does the same); max() keeps the first.
    scored = (matcher.score(wanted, s, s + len(exact), hint) for s in starts)
    best = max(scored, key=lambda candidate: candidate.rank)
    return _anchor_at(text, best.start, best.end)


def _check_offsets(text: str, start: int, end: int) -> None:
    for offset in (start, end):
        if not isinstance(offset, int) or isinstance(offset, bool):
            raise AnchorError(f"offsets must be whole numbers, not {offset!r}")
    if start > end:
        raise AnchorError(f"offsets {_span(start, end)} are not in order")
    if start == end:
        raise AnchorError(f"offsets {_span(start, end)} select nothing; a span needs at least one character")
    if start < 0:
        raise AnchorError(f"start {start} is before the start of the text")
    if end > len(text):
        raise AnchorError(f"end {end} is past the end of the text ({len(text)} characters)")


def _anchor_at(text: str, start: int, end: int) -> Anchor:
    return Anchor(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
    )


def _span(start: int, end: int) -> str:
    """A range as editors write it, with an en dash: "10\u201315"."""
    return f"{start}\u2013{end}"


def _show(quote: str, limit: int = 60) -> str:
    """A quote for an error message: quoted, and shortened so a long selection does not drown the message."""
    return repr(quote if len(quote) <= limit else quote[: limit - 1] + "…")


# --- UTF-16 offsets (what browsers count) -----------------------------------------------------------------


def codepoint_to_utf16(text: str, offset: int) -> int:
    """The UTF-16 offset of a code point offset: characters outside the BMP (emoji) count twice."""
    if not 0 <= offset <= len(text):
        raise AnchorError(f"offset {offset} is outside the text, which has {len(text)} characters")
    # Encoding is done in C; counting astral characters in a Python loop would be far slower.
    return len(text[:offset].encode("utf-16-le", "surrogatepass")) // 2


def utf16_to_codepoint(text: str, offset: int) -> int:
    """The code point offset of a UTF-16 offset; one between the halves of a surrogate pair is refused."""
    units = text.encode("utf-16-le", "surrogatepass")
    length = len(units) // 2
    if offset < 0:
        raise AnchorError(f"UTF-16 offset {offset} is before the start of the text")
    if offset > length:
        raise AnchorError(f"UTF-16 offset {offset} is past the end of the text ({length} UTF-16 code units)")
    if 0 < offset < length:
        before = int.from_bytes(units[2 * offset - 2 : 2 * offset], "little")
        after = int.from_bytes(units[2 * offset : 2 * offset + 2], "little")
        if 0xD800 <= before <= 0xDBFF and 0xDC00 <= after <= 0xDFFF:
            character = units[2 * offset - 2 : 2 * offset + 2].decode("utf-16-le")
            raise AnchorError(
                f"UTF-16 offset {offset} falls inside a surrogate pair (the middle of {character!r})"
            )
    return len(units[: 2 * offset].decode("utf-16-le", "surrogatepass"))


# --- Re-anchoring -----------------------------------------------------------------------------------------


def reanchor(old: Anchor, new_text: str, *, threshold: float = CONFIDENCE_THRESHOLD) -> Reanchored:
    """Where `old` is in the new revision's text, or orphaned when no place is trustworthy enough."""
    return reanchor_all([old], new_text, threshold=threshold)[0]


def reanchor_all(
    olds: Sequence[Anchor], new_text: str, *, threshold: float = CONFIDENCE_THRESHOLD
) -> list[Reanchored]:
    """Re-anchor every span of a revision in its new text; results are in the order of `olds`."""
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, not {threshold}")
    matcher = Matcher(new_text)
    results: list[Reanchored | None] = [None] * len(olds)
    moves: list[tuple[int, int]] = []  # (old start, new start - old start) of unambiguous spans
    for index, old in enumerate(olds):
        start = matcher.unique_in_context(old)
        if start is not None:
            anchor = _anchor_at(new_text, start, start + len(old.exact))
            results[index] = Reanchored(anchor=anchor, confidence=1.0, method="exact")
            moves.append((old.start, start - old.start))
    moves.sort()
    move_starts = [old_start for old_start, _ in moves]
    for index, old in enumerate(olds):
        if results[index] is None:
            # Shift the hint the way the nearest unambiguous span moved: after an insertion of several
            # paragraphs, the old position alone would point at the wrong part of the text.
            hint = old.start + _nearest_move(moves, move_starts, old.start)
            best = matcher.search(old, hint, threshold)
            results[index] = ORPHANED if best is None else _reanchored(new_text, best)
    return [result if result is not None else ORPHANED for result in results]


def _nearest_move(moves: list[tuple[int, int]], move_starts: list[int], start: int) -> int:
    if not moves:
        return 0
    right = bisect.bisect_left(move_starts, start)
    near = [i for i in (right - 1, right) if 0 <= i < len(moves)]
    return moves[min(near, key=lambda i: abs(move_starts[i] - start))][1]


def _reanchored(text: str, best: Candidate) -> Reanchored:
    return Reanchored(
        anchor=_anchor_at(text, best.start, best.end),
        confidence=min(1.0, best.confidence),
        method="exact" if best.exact else "fuzzy",
    )
