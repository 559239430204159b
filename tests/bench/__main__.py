"""Run every benchmark and print its figures: `python -m tests.bench [name ...]` (make bench)."""

from __future__ import annotations

import sys

from tests.bench import (
    bench_anchoring,
    bench_api,
    bench_digest,
    bench_evidence,
    bench_import,
    bench_reader,
    bench_reanchoring,
    bench_scoring,
    bench_suggestions,
    bench_verdicts,
)

BENCHMARKS = {
    "import": bench_import.main,
    "import-web": bench_import.main_web,
    "anchoring": bench_anchoring.main,
    "api": bench_api.main,
    "scoring": bench_scoring.main,
    "verdicts": bench_verdicts.main,
    "reanchoring": bench_reanchoring.main,
    "suggestions": bench_suggestions.main,
    "evidence": bench_evidence.main,
    "reader": bench_reader.main,
    "digest": bench_digest.main,
}

if __name__ == "__main__":
    chosen = sys.argv[1:] or list(BENCHMARKS)
    for name in chosen:
        BENCHMARKS[name]()
