"""Benchmark: `assess()` for 10,000 claims × 10 evidence items, pure and in-process; claims/s.

The evidence is generated from a fixed seed (a mix of stances, a dozen publishers so independence discounts
apply, some unknown publishers, orphaned passages and own-speaker items), so runs are comparable.
The DB-backed scoring worker has its own benchmark; this one measures the formula alone.
"""

from __future__ import annotations

import random
import time
from collections import Counter

from claims.scoring import EvidenceInput, assess

CLAIMS = 10_000
ITEMS_PER_CLAIM = 10
PUBLISHERS = {i: (f"Publisher {i}", round(0.2 + 0.06 * i, 2)) for i in range(1, 13)}
STANCES = ["supports"] * 4 + ["contradicts"] * 3 + ["mixed", "context", "context"]


def claim_evidence(rng: random.Random, claim_index: int) -> list[EvidenceInput]:
    evidence = []
    for n in range(ITEMS_PER_CLAIM):
        publisher_id = rng.choice([None, *PUBLISHERS])
        name, reliability = PUBLISHERS.get(publisher_id, ("", None))
        has_passage = rng.random() < 0.7
        evidence.append(
            EvidenceInput(
                evidence_id=claim_index * ITEMS_PER_CLAIM + n + 1,
                stance=rng.choice(STANCES),
                publisher_id=publisher_id,
                publisher_name=name,
                reliability=reliability,
                document_id=rng.randint(1, 40),
                has_passage=has_passage,
                orphaned=has_passage and rng.random() < 0.05,
                same_document=rng.random() < 0.1,
                same_speaker=rng.random() < 0.05,
            )
        )
    return evidence


def main() -> None:
    rng = random.Random(20260101)
    claims = [claim_evidence(rng, i) for i in range(CLAIMS)]
    started = time.perf_counter()
    assessments = [assess(evidence) for evidence in claims]
    elapsed = time.perf_counter() - started
    verdicts = Counter(a.verdict.value for a in assessments)
    print(
        f"scoring: {CLAIMS:,} claims × {ITEMS_PER_CLAIM} evidence items in {elapsed:.2f} s = "
        f"{CLAIMS / elapsed:,.0f} claims/s ({CLAIMS * ITEMS_PER_CLAIM / elapsed:,.0f} items/s)"
    )
    print("  verdicts: " + ", ".join(f"{verdict} {count}" for verdict, count in verdicts.most_common()))


if __name__ == "__main__":
    main()
