"""How well a claim is supported by its evidence: a pure function from evidence to an assessment.

No Django here: the caller turns Evidence rows into `EvidenceInput`s and stores the `Assessment`.

The formula, for a fact-checker
-------------------------------
1. Each piece of evidence gets a weight:
   ``publisher reliability × 1.0 for a passage (0.6 for a whole document) × 1/k``, where the strongest item
   from a publisher counts fully, its 2nd counts 1/2, its 3rd 1/3 (ranked by weight, then evidence id).
   An unknown publisher is taken as reliability 0.3, and each of its documents counts as a separate source.
   A document whose publisher is not verified (its URL is not on the publisher's domains and no admin
   confirmed it) is an unverified source: reliability 0.3, whatever the named publisher's rating, and
   such documents naming the same publisher rank together, so a pile of them is no confirmation either.
   An orphaned passage (re-anchoring lost it) counts as a whole document until an editor re-places it.
   Evidence from the claim's own speaker weighs 0 (self-corroboration proves nothing); evidence from the
   claim's own document counts fully and is marked so (an article can contradict a comment under it).
   Context evidence weighs 0 and takes no rank: it never moves the score.
2. S = weights of supporting items + half the weights of mixed ones; C = the same for contradicting items.
3. Support score = (S + 0.5) / (S + C + 1): as if half a fully reliable passage stood on each side, so one
   item alone never reaches the ends of the scale. Confidence = (S + C) / (S + C + 1).
4. Verdict: score ≥ 0.8 supported, ≥ 0.6 mostly supported, > 0.4 disputed, > 0.2 mostly contradicted,
   else contradicted. With S + C below 0.25 (a quarter of one fully reliable passage: none, only
   context, only the speaker's own words, or only very weak sources) the verdict is *unverified*, with no
   score and confidence 0. That threshold is exactly where one-sided evidence alone would otherwise land
   in "disputed": so "disputed" always means evidence on both sides (or mixed evidence).
5. Each item's delta is its share of (score − 0.5): ``±weight / (2 × (S + C + 1))``, + for supports,
   − for contradicts, 0 for mixed and context. The deltas add up, with 0.5, to the score (up to float
   rounding). Mixed items have delta 0 but, by adding to both sides, pull the score towards 0.5.

Why these properties hold exactly (the tests check them):
- Adding a supporting item raises S and can only lower C (it may push other items of its publisher
  one rank down). Inserting weight x at rank p into a publisher's ranked list changes that publisher's total
  by ``x/p − Σ_{k≥p} r_k (1/k − 1/(k+1))``; every r_k below it is ≤ x, and the brackets telescope to less
  than 1/p, so the change is positive: S grows even counting only the supporting share. The score rises
  in S and falls in C. Symmetrically for contradicting items.
- Raising a publisher's reliability scales all of its weights by the same factor (their ranks stay), so
  the score moves towards the side its evidence is on.
- Everything is computed from the items sorted by evidence id, so input order changes nothing, bit for bit.

Bump ``ALGORITHM_VERSION`` whenever a number or rule above changes; a command rescores every claim.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

ALGORITHM_VERSION = "2026.2"

PASSAGE_FACTOR = 1.0
WHOLE_DOCUMENT_FACTOR = 0.6
UNKNOWN_RELIABILITY = 0.3  # below a newly added, unrated publisher (0.5): not even the origin is known
OWN_SPEAKER_FACTOR = 0.0
PRIOR = 0.5  # pseudo-weight on each side
CONFIDENCE_HALF = 1.0  # total weight at which confidence is 0.5
# Below this total weight: unverified. At exactly PRIOR / 2, one-sided evidence scores 0.6 or 0.4, so a
# usable claim lands in "disputed" only with evidence on both sides (point 4 of the docstring).
MIN_USABLE_WEIGHT = PRIOR / 2

STANCES = ("supports", "contradicts", "mixed", "context")
# Share of an item's weight on the supporting and on the contradicting side.
_SIDES = {"supports": (1.0, 0.0), "contradicts": (0.0, 1.0), "mixed": (0.5, 0.5), "context": (0.0, 0.0)}
_DIRECTION = {"supports": 1.0, "contradicts": -1.0, "mixed": 0.0, "context": 0.0}


class Verdict(StrEnum):
    SUPPORTED = "supported"
    MOSTLY_SUPPORTED = "mostly_supported"
    DISPUTED = "disputed"
    MOSTLY_CONTRADICTED = "mostly_contradicted"
    CONTRADICTED = "contradicted"
    UNVERIFIED = "unverified"


VERDICT_LABELS: dict[Verdict, str] = {
    Verdict.SUPPORTED: "Supported",
    Verdict.MOSTLY_SUPPORTED: "Mostly supported",
    Verdict.DISPUTED: "Disputed",
    Verdict.MOSTLY_CONTRADICTED: "Mostly contradicted",
    Verdict.CONTRADICTED: "Contradicted",
    Verdict.UNVERIFIED: "Unverified",
}

# schema.org ClaimReview ratingValue (bestRating 5, worstRating 1); unverified has no rating.
VERDICT_RATING: dict[Verdict, int | None] = {
    Verdict.SUPPORTED: 5,
    Verdict.MOSTLY_SUPPORTED: 4,
    Verdict.DISPUTED: 3,
    Verdict.MOSTLY_CONTRADICTED: 2,
    Verdict.CONTRADICTED: 1,
    Verdict.UNVERIFIED: None,
}


@dataclass(frozen=True)
class EvidenceInput:
    evidence_id: int
    stance: str  # "supports" | "contradicts" | "mixed" | "context"
    publisher_id: int | None  # None: unknown publisher
    publisher_name: str  # "" when unknown
    reliability: float | None  # 0..1; None when unknown: UNKNOWN_RELIABILITY is used
    document_id: int
    has_passage: bool  # anchored to a passage (stronger) or citing the whole document (weaker)
    orphaned: bool = False  # passage lost on re-anchoring: counts as a whole document
    same_document: bool = False  # from the claim's own document: counts, and is marked so
    same_speaker: bool = False  # from the claim's own speaker: weight 0
    # The document's publisher is verified (URL on its domains, or an admin confirmed it). Unverified, the
    # publisher's rating is not lent to it: anyone may name a publisher when importing a text.
    publisher_verified: bool = True


@dataclass(frozen=True)
class Contribution:
    evidence_id: int
    delta: float  # this item's share of (score − 0.5); the deltas sum with 0.5 to the score
    weight: float  # effective weight after reliability, passage/whole-document and independence discounts
    stance: str
    reasons: tuple[str, ...]
    publisher_name: str = ""
    publisher_verified: bool = True

    def describe(self) -> str:
        """One line for editors: "+0.31: passage in Lakeside Courier, supports, publisher reliability 0.8"."""
        form, *rest = self.reasons
        if self.publisher_name and not self.publisher_verified:
            form = f"{form} attributed to {self.publisher_name}"
        elif self.publisher_name:
            form = f"{form} {'in' if form == 'passage' else 'from'} {self.publisher_name}"
        return f"{self.delta:+.2f}: " + ", ".join([form, self.stance, *rest])


@dataclass(frozen=True)
class Assessment:
    support_score: float | None  # 0..1; None when unverified
    confidence: float  # 0..1; 0 when unverified
    verdict: Verdict
    contributions: tuple[Contribution, ...]  # one per input item, sorted by evidence id
    algorithm_version: str
    fingerprint: str  # sha256 of the inputs and the algorithm version; independent of input order

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS[self.verdict]


def verdict_for(score: float) -> Verdict:
    if score >= 0.8:
        return Verdict.SUPPORTED
    if score >= 0.6:
        return Verdict.MOSTLY_SUPPORTED
    if score > 0.4:
        return Verdict.DISPUTED
    if score > 0.2:
        return Verdict.MOSTLY_CONTRADICTED
    return Verdict.CONTRADICTED


def assess(evidence: Sequence[EvidenceInput]) -> Assessment:
    """Score a claim from its evidence (any order); raises ValueError on input outside the vocabulary."""
    items = sorted(evidence, key=lambda item: item.evidence_id)
    _validate(items)

    raw = {item.evidence_id: _raw_weight(item) for item in items}
    weights: dict[int, float] = {}
    ranks: dict[int, int] = {}
    sources: dict[tuple[str, int], list[EvidenceInput]] = {}
    for item in items:
        if item.stance != "context" and raw[item.evidence_id] > 0:
            sources.setdefault(_source_key(item), []).append(item)
    for members in sources.values():
        members.sort(key=lambda item: (-raw[item.evidence_id], item.evidence_id))
        for rank, item in enumerate(members, start=1):
            ranks[item.evidence_id] = rank
            weights[item.evidence_id] = raw[item.evidence_id] / rank

    supporting = contradicting = 0.0
    for item in items:  # summed in evidence id order, so every input order gives the same floats
        weight = weights.get(item.evidence_id, 0.0)
        to_support, to_contradict = _SIDES[item.stance]
        supporting += to_support * weight
        contradicting += to_contradict * weight
    total = supporting + contradicting

    if total < MIN_USABLE_WEIGHT:
        score, confidence, verdict = None, 0.0, Verdict.UNVERIFIED
    else:
        score = (supporting + PRIOR) / (total + 2 * PRIOR)
        confidence = total / (total + CONFIDENCE_HALF)
        verdict = verdict_for(score)

    contributions = []
    for item in items:
        weight = weights.get(item.evidence_id, 0.0)
        delta = 0.0 if score is None else _DIRECTION[item.stance] * weight / (2 * (total + 2 * PRIOR))
        reasons = _reasons(item, ranks.get(item.evidence_id, 1))
        if score is None and weight > 0:
            reasons += (f"all evidence together weighs {total:.2f}, below {MIN_USABLE_WEIGHT:g}: no verdict",)
        contributions.append(
            Contribution(
                evidence_id=item.evidence_id,
                delta=delta + 0.0,  # no "-0.00" for a contradicting item of weight 0
                weight=weight,
                stance=item.stance,
                reasons=reasons,
                publisher_name=item.publisher_name,
                publisher_verified=item.publisher_id is None or item.publisher_verified,
            )
        )

    return Assessment(
        support_score=score,
        confidence=confidence,
        verdict=verdict,
        contributions=tuple(contributions),
        algorithm_version=ALGORITHM_VERSION,
        fingerprint=_fingerprint(items),
    )


def _validate(items: list[EvidenceInput]) -> None:
    seen: set[int] = set()
    for item in items:
        if item.stance not in _SIDES:
            raise ValueError(
                f"evidence {item.evidence_id}: stance {item.stance!r} is not one of {', '.join(STANCES)}"
            )
        if item.reliability is not None and not 0.0 <= item.reliability <= 1.0:  # also refuses NaN
            raise ValueError(f"evidence {item.evidence_id}: reliability {item.reliability!r} is not in 0..1")
        if item.evidence_id in seen:
            raise ValueError(f"evidence {item.evidence_id} is given twice")
        seen.add(item.evidence_id)


def _reliability(item: EvidenceInput) -> float:
    if item.reliability is None or not item.publisher_verified:
        return UNKNOWN_RELIABILITY
    return item.reliability


def _raw_weight(item: EvidenceInput) -> float:
    """The weight before the independence discount."""
    form = PASSAGE_FACTOR if item.has_passage and not item.orphaned else WHOLE_DOCUMENT_FACTOR
    speaker = OWN_SPEAKER_FACTOR if item.same_speaker else 1.0
    return _reliability(item) * form * speaker


def _source_key(item: EvidenceInput) -> tuple[str, int]:
    """Items sharing a key are not independent. Without a publisher each document is its own source."""
    if item.publisher_id is not None:
        return ("publisher" if item.publisher_verified else "unverified", item.publisher_id)
    return ("document", item.document_id)


def _reasons(item: EvidenceInput, rank: int) -> tuple[str, ...]:
    if item.has_passage and item.orphaned:
        reasons = ["whole document", "orphaned passage: counts as whole document"]
    else:
        reasons = ["passage" if item.has_passage else "whole document"]

    if item.publisher_id is None:
        reasons.append(f"unknown publisher: reliability {_number(UNKNOWN_RELIABILITY)} assumed")
    elif not item.publisher_verified:
        reasons.append(
            "unverified source: not on the publisher's domains, not confirmed by an admin: "
            f"reliability {_number(UNKNOWN_RELIABILITY)} assumed"
        )
    elif item.reliability is None:
        reasons.append(f"publisher reliability unknown: {_number(UNKNOWN_RELIABILITY)} assumed")
    else:
        reasons.append(f"publisher reliability {_number(item.reliability)}")

    if rank > 1:
        if item.publisher_id is None:
            source = "the same document"
        else:
            source = item.publisher_name or "the same publisher"
            if not item.publisher_verified:
                source = f"unverified sources naming {source}"
        reasons.append(f"{_ordinal(rank)} item from {source}: counts 1/{rank}")
    if item.same_document:
        reasons.append("claim's own document")
    if item.same_speaker and item.stance != "context":
        reasons.append("own speaker: ignored")
    if item.stance == "context":
        reasons.append("context: does not move the score")
    elif item.stance == "mixed":
        reasons.append("mixed: counts half on each side")
    return tuple(reasons)


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _fingerprint(items: list[EvidenceInput]) -> str:
    """sha256 over every input field (names too: they appear in the breakdown) and the algorithm version."""
    rows = [
        [
            item.evidence_id,
            item.stance,
            item.publisher_id,
            item.publisher_name,
            None if item.reliability is None else float(item.reliability).hex(),
            item.document_id,
            bool(item.has_passage),
            bool(item.orphaned),
            bool(item.same_document),
            bool(item.same_speaker),
            bool(item.publisher_verified),
        ]
        for item in items
    ]
    payload = json.dumps({"algorithm_version": ALGORITHM_VERSION, "evidence": rows}, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


__all__ = [
    "ALGORITHM_VERSION",
    "VERDICT_LABELS",
    "VERDICT_RATING",
    "Assessment",
    "Contribution",
    "EvidenceInput",
    "Verdict",
    "assess",
    "verdict_for",
]
