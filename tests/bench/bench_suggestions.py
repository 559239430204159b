"""Benchmark: claim suggestions for a 10 KB document (target ≤ 200 ms), quantity extraction throughput,
and the cost of evidence suggestions (BM25 retrieval and stance proposals).

Two 10 KB documents: the labelled sample articles run together (scraped pages, reader comments, German and
English), and a number-heavy one generated from a fixed seed, where every sentence has figures and names
(the worst case for the rules). Timings are after one warm-up call, which compiles the patterns.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from claims.assist.rules import names, quantities
from claims.assist.rules.checkworthiness import suggest_claims
from claims.assist.rules.evaluation import Bm25Ranker, load_corpus, overlaps
from claims.assist.rules.quantities import extract_quantities
from claims.assist.rules.stance import propose_stance

CORPUS = Path(__file__).resolve().parent.parent / "claims" / "assist_corpus"
DOCUMENT_BYTES = 10 * 1024
RUNS = 50


def sample_document() -> str:
    """The sample articles run together and cut at a line end near 10 KB."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt"))]
    document = ""
    index = 0
    while len(document.encode("utf-8")) < DOCUMENT_BYTES:
        document += texts[index % len(texts)] + "\n\n"
        index += 1
    cut = document.encode("utf-8")[:DOCUMENT_BYTES].decode("utf-8", "ignore")
    return cut[: cut.rfind("\n")]


NAMES = ["Tianmu", "SkyRack 512", "Norvex", "Atlas NV64", "Halvard Cloud", "Lindenfeld", "Kestrel Cells"]
UNITS = ["Petaflops", "Kilowatt", "Megawattstunden", "Token pro Sekunde", "Milliarden Euro", "Prozent"]
VERBS = ["erreicht", "übertrifft mit", "benötigt laut Hersteller", "meldet", "sagte, es seien"]


def number_heavy_document(rng: random.Random) -> str:
    sentences = []
    while sum(len(s.encode("utf-8")) + 1 for s in sentences) < DOCUMENT_BYTES:
        figures = [f"{rng.randint(1, 9999):,}".replace(",", ".") + f" {rng.choice(UNITS)}" for _ in range(3)]
        sentences.append(
            f"{rng.choice(NAMES)} {rng.choice(VERBS)} {figures[0]}, mehr als {figures[1]} "
            f"des {rng.choice(NAMES)} und rund {figures[2]}."
        )
    return "\n".join(sentences)


def forget_texts() -> None:
    """Empty the rules' per-text caches, so a text read again is timed as read for the first time."""
    names.tokens.cache_clear()
    names.name_terms.cache_clear()
    quantities._quantities.cache_clear()


def timed(call: Callable[[], object], runs: int = RUNS) -> list[float]:
    call()  # warm-up: patterns compiled, word-level caches filled
    timings = []
    for _ in range(runs):
        forget_texts()
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def describe(timings: list[float]) -> str:
    p95 = statistics.quantiles(timings, n=20)[-1]
    return f"median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, min {min(timings):.1f} ms"


def main() -> None:
    print("suggestions:")
    for label, document, language in (
        ("sample articles", sample_document(), "de"),
        ("number-heavy", number_heavy_document(random.Random(20250514)), "de"),
    ):
        size = len(document.encode("utf-8"))
        count = len(suggest_claims(document, language))
        timings = timed(lambda document=document, language=language: suggest_claims(document, language))
        print(f"  claim suggestions, {label} ({size:,} bytes, {count} suggested): {describe(timings)}")

    corpus = load_corpus(CORPUS)
    passages = corpus.passages()
    characters = sum(len(p.text) for p in passages)
    rounds = 20
    found, elapsed = 0, 0.0
    for _ in range(rounds):
        forget_texts()
        started = time.perf_counter()
        found += sum(len(extract_quantities(p.text, p.language)) for p in passages)
        elapsed += time.perf_counter() - started
    print(
        f"  quantity extraction: {found / elapsed:,.0f} quantities/s, "
        f"{rounds * characters / 1024 / elapsed:,.0f} KB/s ({len(passages)} sentences × {rounds})"
    )

    started = time.perf_counter()
    ranker = Bm25Ranker(passages)
    indexing = (time.perf_counter() - started) * 1000
    claims = [claim for claim in corpus.claims if claim.evidence]
    timings = []
    for claim in claims:
        candidates = [p for p in passages if not overlaps(p, claim.passage)]
        started = time.perf_counter()
        ranker(claim.passage, candidates)
        timings.append((time.perf_counter() - started) * 1000)
    print(f"  BM25 over {len(passages)} passages: index {indexing:.0f} ms; per claim {describe(timings)}")

    pairs = [(claim, item) for claim in corpus.claims for item in claim.evidence]
    forget_texts()  # each claim is read against each of its passages, as in a search; passages once
    started = time.perf_counter()
    for claim, item in pairs:
        propose_stance(claim.passage.text, item.passage.text, claim.passage.language, item.passage.language)
    elapsed = time.perf_counter() - started
    print(f"  stance proposals: {len(pairs) / elapsed:,.0f} pairs/s ({len(pairs)} labelled pairs)")


if __name__ == "__main__":
    main()
