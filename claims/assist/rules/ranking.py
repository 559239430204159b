"""Ranking passages as evidence for a claim: the terms they are matched on, Okapi BM25 over those terms,
and moving passages on which the stance rules find something to the front.

Pure Python, no Django. Used by the evidence suggestions (claims/passages.py: on SQLite for the whole
ranking, on PostgreSQL to re-rank what full-text search retrieved) and by the evaluation
(evaluation.py). A passage is anything with `text` and `language` that can be hashed.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from typing import Protocol, TypeVar

from claims.assist.rules.bilingual import translated_terms
from claims.assist.rules.descriptors import find_descriptors
from claims.assist.rules.names import name_terms
from claims.assist.rules.quantities import extract_quantities
from claims.assist.rules.stance import propose_stance
from claims.assist.rules.terms import content_terms


class Text(Hashable, Protocol):
    @property
    def text(self) -> str: ...

    @property
    def language(self) -> str: ...


T = TypeVar("T", bound=Text)


def retrieval_terms(text: str, language: str) -> list[str]:
    """What passages are matched on: content terms (terms.py: stemmed, stop words out, one concept
    for both languages), names (`@name`), normalised numbers (`#dimension`, `=value unit`: so
    "0,56 Megawatt" finds "560 kW") and descriptor facets (`%facet`: so "smartphone form factor" finds
    "rack-scale system")."""
    terms = content_terms(text)
    terms.extend(f"@{name}" for name in name_terms(text, language))
    for quantity in extract_quantities(text, language):
        terms.append(f"#{quantity.dimension}")
        if quantity.low == quantity.high:
            terms.append(f"={quantity.value:.3g}{quantity.unit}")
    # One word per term: stored terms are split at spaces ("%form factor" would never match).
    terms.extend(f"%{descriptor.facet.replace(' ', '-')}" for descriptor in find_descriptors(text))
    return terms


# A passage in the other language sharing a term only through the dictionary (bilingual.py) counts this
# much of one sharing it in so many words: a translation may be a sense the text does not mean.
TRANSLATED_WEIGHT = 0.3


def query_terms(text: str, language: str) -> dict[str, float]:
    """What a claim is searched with, each term with its weight: its `retrieval_terms` (1), and the other
    language's terms for its words (TRANSLATED_WEIGHT), so an English comment is found for a German claim
    and a German passage for an English one. Passages keep only their own terms: the dictionary's reach
    lives in the query, so stored passages need no re-indexing when it changes."""
    weights = dict.fromkeys(retrieval_terms(text, language), 1.0)
    for translated in translated_terms(text, language):
        weights.setdefault(translated, TRANSLATED_WEIGHT)
    return weights


def is_number_term(term: str) -> bool:
    """Whether a term only says a number was written: a bare number ("4", "9.5") or a kind of quantity
    (`#currency`). A passage sharing only these with a claim may be on any topic ("$4 billion" against
    "4 Millionen Euro"). The same quantity (`=4e+06EUR`: "4 Millionen Euro", "4 million euros") is a
    fact, not such a term; so are a year ("gegründet 2021" / "founded in 2021") and the words of a
    quantity ("Millionen", "megawatt")."""
    if term.startswith("#"):
        return True
    digits = term.replace(".", "").replace(",", "")
    return digits.isdigit() and not (len(digits) == 4 and YEARS[0] <= int(digits) <= YEARS[1])


YEARS = (1800, 2100)  # as quantities.py reads a four-digit number without a unit


class Bm25Ranker:
    """Okapi BM25 over `retrieval_terms` of a fixed set of passages (k1 = 1.2, b = 0.75).

    Numbers alone do not make a passage relevant: one that shares with the claim only number terms
    (`is_number_term`) counts when its document is on the claim's topic, that is the claim's own document
    (a reader comment under the article) or one with a passage sharing a word, name or quantity with the
    claim among the candidates; otherwise it scores 0. `document_of` says which document a passage (or
    the claim) is in."""

    K1 = 1.2
    B = 0.75

    def __init__(
        self,
        passages: Sequence[Text],
        *,
        terms_of: Callable[[Text], Sequence[str]] | None = None,
        document_of: Callable[[Text], Hashable] | None = None,
    ) -> None:
        """`terms_of` gives a passage's retrieval terms when they were computed before (stored)."""
        terms_of = terms_of or (lambda passage: retrieval_terms(passage.text, passage.language))
        self._document_of = document_of or (lambda passage: passage)
        self._terms = {passage: Counter(terms_of(passage)) for passage in passages}
        lengths = [sum(counts.values()) for counts in self._terms.values()]
        self._average_length = statistics.fmean(lengths) if lengths else 1.0
        frequency: Counter[str] = Counter()
        for counts in self._terms.values():
            frequency.update(counts.keys())
        total = len(self._terms)
        self._idf = {term: math.log(1 + (total - n + 0.5) / (n + 0.5)) for term, n in frequency.items()}

    def score(self, query: dict[str, float], numbers: frozenset[str], passage: Text) -> tuple[float, float]:
        """BM25 of the passage for the query (terms and their weights): the part from topic terms, and the
        part from `numbers`."""
        counts = self._terms.get(passage) or Counter(retrieval_terms(passage.text, passage.language))
        length = sum(counts.values())
        topic = number = 0.0
        for term in query:
            tf = counts.get(term, 0)
            if tf:
                norm = (
                    query[term]
                    * tf
                    * (self.K1 + 1)
                    / (tf + self.K1 * (1 - self.B + self.B * length / self._average_length))
                )
                if term in numbers:
                    number += self._idf.get(term, 0.0) * norm
                else:
                    topic += self._idf.get(term, 0.0) * norm
        return topic, number

    def scored(self, claim: Text, candidates: Sequence[T]) -> list[tuple[float, T]]:
        """The candidates sharing a term with the claim (numbers only as the class says), best first (ties
        in the candidates' order)."""
        query = query_terms(claim.text, claim.language)
        numbers = frozenset(term for term in query if is_number_term(term))
        parts = [(*self.score(query, numbers, candidate), candidate) for candidate in candidates]
        on_topic = {self._document_of(c) for topic, _, c in parts if topic > 0}
        on_topic.add(self._document_of(claim))
        scored = [
            (topic + number, candidate)
            for topic, number, candidate in parts
            if topic > 0 or (number > 0 and self._document_of(candidate) in on_topic)
        ]
        scored.sort(key=lambda pair: -pair[0])
        return scored

    def __call__(self, claim: Text, candidates: Sequence[T]) -> list[T]:
        return [candidate for _, candidate in self.scored(claim, candidates)]


STANCE_RERANK_DEPTH = 20
# A proposal this confident rests on a finding (numbers, descriptors, a ranking), not on shared words alone.
FINDING_CONFIDENCE = 0.55


def rerank_by_stance(claim: Text, ranked: Sequence[T], *, depth: int = STANCE_RERANK_DEPTH) -> list[T]:
    """The retrieved passages with those among the first `depth` on which `propose_stance` finds evidence
    (agreeing or conflicting numbers, descriptors, rankings) moved to the front, in retrieval order."""
    head, tail = list(ranked[:depth]), list(ranked[depth:])
    findings = [
        propose_stance(claim.text, passage.text, claim.language, passage.language).confidence
        >= FINDING_CONFIDENCE
        for passage in head
    ]
    return (
        [p for p, found in zip(head, findings, strict=True) if found]
        + [p for p, found in zip(head, findings, strict=True) if not found]
        + tail
    )
