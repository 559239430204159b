"""Anchor spans of document text as W3C Web Annotation selectors and re-anchor them when the text changes.

An anchor keeps both selectors of a span: the position (start/end in code points, i.e. Python str indices)
and the quote (exact text plus up to CONTEXT_CHARS of prefix and suffix). Browsers count in UTF-16 code
units; `utf16_to_codepoint` and `codepoint_to_utf16` translate at the edge.

Re-anchoring in a new revision scores candidate places the way the Hypothesis client's `match-quote.js`
does: quote similarity (weight 50), prefix and suffix similarity (20 each) and closeness to the old
position (2), normalised to 0..1. The steps, cheapest first:
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
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein, Opcodes

CONTEXT_CHARS = 32
CONFIDENCE_THRESHOLD = 0.75

# The Hypothesis client's weights: the quote counts most, the context next, the position only breaks ties.
QUOTE_WEIGHT = 50
PREFIX_WEIGHT = 20
SUFFIX_WEIGHT = 20
POSITION_WEIGHT = 2
_MAX_SCORE = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT

# An exact quote is strong evidence by itself (sentences around a claim get rewritten all the time), so a
# changed context lowers its confidence only down to this floor, above the default threshold.
EXACT_CONFIDENCE_FLOOR = 0.8

# Fuzzy search looks this far (plus the quote's length) either side of the hint first, then widens by
# _WIDEN until the window is the whole text: most edits move a span little, and a small window is fast.
_FIRST_WINDOW = 2048
_WIDEN = 8
# A probe whose best place scores below this partial_ratio (0..100) is too unlike it to pass the threshold
# (for substitutions the ratio equals the Levenshtein similarity); aligning it would be wasted work.
_PROBE_CUTOFF = 50.0
# How far the final boundaries of a fuzzy match may move from where the alignment put them.
_NUDGE = 4

_DIGITS = re.compile(r"\d+")

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
    starts = _occurrences(text, exact)
    if not starts:
        raise AnchorError("the quote was not found in the text")
    at = hint if hint is not None else 0
    wanted = Anchor(start=at, end=at + len(exact), exact=exact, prefix=prefix, suffix=suffix)
    matcher = _Matcher(text)
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


def _occurrences(text: str, exact: str) -> list[int]:
    """Every start of `exact` in `text`, overlapping ones included ("aa" in "aaa" twice)."""
    starts = []
    found = text.find(exact)
    while found >= 0:
        starts.append(found)
        found = text.find(exact, found + 1)
    return starts


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
    matcher = _Matcher(new_text)
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
            results[index] = matcher.search(old, hint, threshold)
    return [result if result is not None else ORPHANED for result in results]


def _nearest_move(moves: list[tuple[int, int]], move_starts: list[int], start: int) -> int:
    if not moves:
        return 0
    right = bisect.bisect_left(move_starts, start)
    near = [i for i in (right - 1, right) if 0 <= i < len(moves)]
    return moves[min(near, key=lambda i: abs(move_starts[i] - start))][1]


@dataclass(frozen=True)
class _Candidate:
    """One possible place of an old span in the new text, with its match-quote.js part scores (each 0..1)."""

    start: int
    end: int
    quote: float
    prefix: float
    suffix: float
    position: float
    exact: bool
    same_numbers: bool

    @property
    def rank(self) -> float:
        weighted = (
            QUOTE_WEIGHT * self.quote
            + PREFIX_WEIGHT * self.prefix
            + SUFFIX_WEIGHT * self.suffix
            + POSITION_WEIGHT * self.position
        )
        return weighted / _MAX_SCORE

    @property
    def confidence(self) -> float:
        if self.exact:
            context = (self.prefix + self.suffix) / 2
            return EXACT_CONFIDENCE_FLOOR + (1.0 - EXACT_CONFIDENCE_FLOOR) * context
        return self.rank

    def acceptable(self, threshold: float) -> bool:
        # The quote must pass on its own too: a perfect context cannot carry a rewritten quote.
        return self.quote >= threshold and self.same_numbers and self.confidence >= threshold


class _Matcher:
    """Searches one new text; built once per revision and shared by all its spans."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.length = len(text)

    def unique_in_context(self, old: Anchor) -> int | None:
        """The new start when prefix+quote+suffix occurs exactly once: no scoring needed then."""
        if not old.exact:
            return None
        needle = old.prefix + old.exact + old.suffix
        found = self.text.find(needle)
        if found < 0 or self.text.find(needle, found + 1) >= 0:
            return None
        return found + len(old.prefix)

    def score(self, old: Anchor, start: int, end: int, hint: int | None) -> _Candidate:
        found = self.text[start:end]
        exact = found == old.exact
        position = 1.0 if hint is None else max(0.0, 1.0 - abs(start - hint) / max(1, self.length))
        return _Candidate(
            start=start,
            end=end,
            quote=1.0 if exact else _similarity(old.exact, found),
            prefix=_similarity(old.prefix, self.text[max(0, start - len(old.prefix)) : start]),
            suffix=_similarity(old.suffix, self.text[end : end + len(old.suffix)]),
            position=position,
            exact=exact,
            same_numbers=exact or _DIGITS.findall(found) == _DIGITS.findall(old.exact),
        )

    def search(self, old: Anchor, hint: int, threshold: float) -> Reanchored:
        """Exact occurrences first; fuzzy candidates in widening windows when none has its whole context."""
        if not old.exact or not self.text:
            return ORPHANED
        hint = min(max(hint, 0), self.length)
        candidates = [
            self.score(old, s, s + len(old.exact), hint) for s in _occurrences(self.text, old.exact)
        ]
        best = _best(candidates, threshold)
        if best is None or best.prefix < 1.0 or best.suffix < 1.0:
            # The context changed (or the quote is gone): an edited copy with its context may rank higher.
            for low, high in self._windows(hint, len(old.prefix) + len(old.exact) + len(old.suffix)):
                candidates.extend(self._fuzzy_candidates(old, low, high, hint, threshold))
                best = _best(candidates, threshold)
                if best is not None:
                    break
        if best is None:
            return ORPHANED
        return Reanchored(
            anchor=_anchor_at(self.text, best.start, best.end),
            confidence=min(1.0, best.confidence),
            method="exact" if best.exact else "fuzzy",
        )

    def _windows(self, hint: int, needle_length: int) -> Iterator[tuple[int, int]]:
        half = _FIRST_WINDOW + needle_length
        while True:
            low, high = max(0, hint - half), min(self.length, hint + half)
            yield low, high
            if low == 0 and high == self.length:
                return
            half *= _WIDEN

    def _fuzzy_candidates(
        self, old: Anchor, low: int, high: int, hint: int, threshold: float
    ) -> list[_Candidate]:
        window = self.text[low:high]
        needle = old.prefix + old.exact + old.suffix
        candidates: list[_Candidate] = []
        # The quote with its context finds the passage even when the quote alone has a closer look-alike;
        # the quote alone finds it when the context was rewritten (only needed when the first fails).
        for probe, before, after in ((needle, 0, 0), (old.exact, len(old.prefix), len(old.suffix))):
            if candidates and candidates[0].acceptable(threshold):
                break
            found = fuzz.partial_ratio_alignment(probe, window, score_cutoff=_PROBE_CUTOFF)
            if found is None:
                continue
            span = self._align(old, needle, low + found.dest_start - before, low + found.dest_end + after)
            if span is not None:
                candidates.append(self._nudge(self.score(old, *span, hint), old, hint))
        return candidates

    def _nudge(self, candidate: _Candidate, old: Anchor, hint: int) -> _Candidate:
        """Move a boundary by up to _NUDGE characters where the quote matches better, unless context pins it.

        Where the context was rewritten the alignment has nothing to hold the boundary in place and may take
        in a letter of the next word. The quote's own similarity decides (the context only breaks ties):
        the context is compared position by position, so trading quote for context would follow a shift.
        """
        text, start, end = self.text, candidate.start, candidate.end
        if candidate.suffix < 1.0:
            ends = range(max(start + 1, end - _NUDGE), min(self.length, end + _NUDGE) + 1)
            end = max(
                sorted(ends, key=lambda e: abs(e - candidate.end)),  # ties keep the nearer place
                key=lambda e: (
                    _similarity(old.exact, text[start:e]),
                    _similarity(old.suffix, text[e : e + len(old.suffix)]),
                ),
            )
        if candidate.prefix < 1.0:
            starts = range(max(0, start - _NUDGE), min(end - 1, start + _NUDGE) + 1)
            start = max(
                sorted(starts, key=lambda s: abs(s - candidate.start)),
                key=lambda s: (
                    _similarity(old.exact, text[s:end]),
                    _similarity(old.prefix, text[max(0, s - len(old.prefix)) : s]),
                ),
            )
        if (start, end) == (candidate.start, candidate.end):
            return candidate
        return self.score(old, start, end, hint)

    def _align(self, old: Anchor, needle: str, low: int, high: int) -> tuple[int, int] | None:
        """The quote's boundaries inside the region that roughly holds prefix+quote+suffix.

        Aligning the whole needle (not the quote alone) puts the quote's boundaries in the middle of the
        alignment, where the unchanged context pins them down; the slack absorbs length changes.
        """
        slack = 8 + len(needle) // 8
        low, high = max(0, low - slack), min(self.length, high + slack)
        opcodes = Levenshtein.opcodes(needle, self.text[low:high])
        start = low + _map_start(opcodes, len(old.prefix))
        end = low + _map_end(opcodes, len(old.prefix) + len(old.exact))
        return (start, end) if start < end else None


def _map_start(opcodes: Opcodes, position: int) -> int:
    # Text inserted right at the boundary belongs to the context, not the quote: take the block after it.
    for tag, src_start, src_end, dest_start, dest_end in opcodes:
        if tag != "insert" and src_start <= position < src_end:
            return dest_start + (min(position - src_start, dest_end - dest_start) if tag != "delete" else 0)
    return opcodes.dest_len


def _map_end(opcodes: Opcodes, position: int) -> int:
    # Likewise at the end: the block before an insertion at the boundary.
    for tag, src_start, src_end, dest_start, dest_end in opcodes:
        if tag != "insert" and src_start < position <= src_end:
            return dest_start + (min(position - src_start, dest_end - dest_start) if tag != "delete" else 0)
    return 0


def _best(candidates: list[_Candidate], threshold: float) -> _Candidate | None:
    acceptable = [candidate for candidate in candidates if candidate.acceptable(threshold)]
    return max(acceptable, key=lambda candidate: candidate.rank, default=None)


def _similarity(expected: str, actual: str) -> float:
    """1 - edits/len(expected), match-quote.js's score; an empty context (at the text's edge) counts as 1.

    For the context, the stretch of the same length beside the candidate is compared; match-quote.js
    searches for the context in it, which differs only when the context itself was edited.
    """
    if not expected:
        return 1.0
    edits = Levenshtein.distance(expected, actual, score_cutoff=len(expected))
    return max(0.0, 1.0 - edits / len(expected))
