"""Where a quote stands in a text: candidate places scored the way the Hypothesis client's
`match-quote.js` does (quote similarity, prefix and suffix similarity, closeness to a position hint),
exact occurrences first and rapidfuzz alignments in widening windows after. Pure; sources.anchoring
turns the best place into an anchor.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein, Opcodes

# The Hypothesis client's weights: the quote counts most, the context next, the position only breaks ties.
QUOTE_WEIGHT = 50
PREFIX_WEIGHT = 20
SUFFIX_WEIGHT = 20
POSITION_WEIGHT = 2
MAX_SCORE = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT

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


class Quote(Protocol):
    """What the matcher reads of an anchor (sources.anchoring.Anchor): the old place and its words."""

    @property
    def start(self) -> int: ...
    @property
    def exact(self) -> str: ...
    @property
    def prefix(self) -> str: ...
    @property
    def suffix(self) -> str: ...


def occurrences(text: str, exact: str) -> list[int]:
    """Every start of `exact` in `text`, overlapping ones included ("aa" in "aaa" twice)."""
    starts = []
    found = text.find(exact)
    while found >= 0:
        starts.append(found)
        found = text.find(exact, found + 1)
    return starts


@dataclass(frozen=True)
class Candidate:
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
        return weighted / MAX_SCORE

    @property
    def confidence(self) -> float:
        if self.exact:
            context = (self.prefix + self.suffix) / 2
            return EXACT_CONFIDENCE_FLOOR + (1.0 - EXACT_CONFIDENCE_FLOOR) * context
        return self.rank

    def acceptable(self, threshold: float) -> bool:
        # The quote must pass on its own too: a perfect context cannot carry a rewritten quote.
        return self.quote >= threshold and self.same_numbers and self.confidence >= threshold


class Matcher:
    """Searches one new text; built once per revision and shared by all its spans."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.length = len(text)

    def unique_in_context(self, old: Quote) -> int | None:
        """The new start when prefix+quote+suffix occurs exactly once: no scoring needed then."""
        if not old.exact:
            return None
        needle = old.prefix + old.exact + old.suffix
        found = self.text.find(needle)
        if found < 0 or self.text.find(needle, found + 1) >= 0:
            return None
        return found + len(old.prefix)

    def score(self, old: Quote, start: int, end: int, hint: int | None) -> Candidate:
        found = self.text[start:end]
        exact = found == old.exact
        position = 1.0 if hint is None else max(0.0, 1.0 - abs(start - hint) / max(1, self.length))
        return Candidate(
            start=start,
            end=end,
            quote=1.0 if exact else _similarity(old.exact, found),
            prefix=_similarity(old.prefix, self.text[max(0, start - len(old.prefix)) : start]),
            suffix=_similarity(old.suffix, self.text[end : end + len(old.suffix)]),
            position=position,
            exact=exact,
            same_numbers=exact or _DIGITS.findall(found) == _DIGITS.findall(old.exact),
        )

    def search(self, old: Quote, hint: int, threshold: float) -> Candidate | None:
        """The best place that passes the threshold, or None: exact occurrences first; fuzzy candidates in
        widening windows when none has its whole context."""
        if not old.exact or not self.text:
            return None
        hint = min(max(hint, 0), self.length)
        candidates = [self.score(old, s, s + len(old.exact), hint) for s in occurrences(self.text, old.exact)]
        best = _best(candidates, threshold)
        if best is None or best.prefix < 1.0 or best.suffix < 1.0:
            # The context changed (or the quote is gone): an edited copy with its context may rank higher.
            for low, high in self._windows(hint, len(old.prefix) + len(old.exact) + len(old.suffix)):
                candidates.extend(self._fuzzy_candidates(old, low, high, hint, threshold))
                best = _best(candidates, threshold)
                if best is not None:
                    break
        return best

    def _windows(self, hint: int, needle_length: int) -> Iterator[tuple[int, int]]:
        half = _FIRST_WINDOW + needle_length
        while True:
            low, high = max(0, hint - half), min(self.length, hint + half)
            yield low, high
            if low == 0 and high == self.length:
                return
            half *= _WIDEN

    def _fuzzy_candidates(
        self, old: Quote, low: int, high: int, hint: int, threshold: float
    ) -> list[Candidate]:
        window = self.text[low:high]
        needle = old.prefix + old.exact + old.suffix
        candidates: list[Candidate] = []
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

    def _nudge(self, candidate: Candidate, old: Quote, hint: int) -> Candidate:
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

    def _align(self, old: Quote, needle: str, low: int, high: int) -> tuple[int, int] | None:
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


def _best(candidates: list[Candidate], threshold: float) -> Candidate | None:
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
