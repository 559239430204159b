"""Benchmark: the re-anchoring job on PostgreSQL: 10,000 claims in a ~50 KB document, after an edit.

Case 1: a paragraph is inserted near the top (every quote survives exactly, all spans move).
Case 2: most sentences get a small edit (most quotes need fuzzy matching).
The clock covers the whole job: reading the spans, matching, writing spans and history rows.
"""

from __future__ import annotations

import json

from tests.bench.loadtest import fresh_database, run_django

SPANS = 10_000

CASE = """
import json, random, time
from django.db import transaction
from claims.models import Claim
from claims import services as claim_services
from sources import services
from tests.factories import editor

rng = random.Random(11)
words = ("Fähre Speicher Strom Netz Betreiber Leistung Kapazität Stadt Bericht Werft Kapitän See Ufer "
         "Batterie Ladung Fahrt Linie Hafen Wasser Wind Sonne Modul Zelle Motor").split()
sentences = [" ".join(rng.choice(words) for _ in range(rng.randint(8, 14))) + f" {{rng.randint(2, 999)}} km."
             for _ in range(700)]
text = " ".join(sentences) + "\\n"
user = editor("bench")
url = "https://bench.example/article"
document = services.document_import(source=services.source_from_text(text),
                                    overrides=services.ImportOverrides(url=url)).document
revision = document.current_revision
spans = []
for _ in range({spans}):
    start = rng.randrange(0, len(text) - 130)
    end = start + rng.randint(20, 120)
    spans.append((start, end))
Claim.objects.bulk_create(
    Claim(document=document, revision=revision, start=s, end=e, exact=text[s:e], created_by=user,
          updated_by=user, prefix=text[max(0, s - 32):s], suffix=text[e:e + 32])
    for s, e in spans
)
if "{case}" == "exact":
    new_text = "Eilmeldung: Die Fähre fährt wieder nach Plan. " + text
else:
    edited = []
    for sentence in sentences:
        tokens = sentence.split(" ")
        i = rng.randrange(len(tokens) - 1)
        tokens[i] = tokens[i][:-1] + "x" if len(tokens[i]) > 3 else tokens[i]
        edited.append(" ".join(tokens))
    new_text = " ".join(edited) + "\\n"
# The new revision without running the job yet, and no scoring afterwards: only re-anchoring is timed
# (without a broker, tasks would run in-process inside the timed call).
from claims import verdicts
from sources.signals import revisions_added
revisions_added.receivers = []
verdicts.enqueue_scoring = lambda ids, **kwargs: None
overrides = services.ImportOverrides(url=url)
services.document_import(source=services.source_from_text(new_text), overrides=overrides)
started = time.perf_counter()
report = claim_services.document_reanchor(document_id=document.pk)
elapsed = time.perf_counter() - started
print(json.dumps({{"seconds": elapsed, "moved": report.moved, "orphaned": report.orphaned}}))
"""


def main() -> None:
    print(f"== Re-anchoring job on PostgreSQL: {SPANS:,} claims in a ~50 KB document ==")
    for case, target in (("exact", 5000), ("fuzzy", 500)):
        url = fresh_database("factcheck_bench_reanchor")
        result = json.loads(run_django(url, CASE.format(spans=SPANS, case=case)).strip().splitlines()[-1])
        rate = SPANS / result["seconds"]
        print(
            f"{case:>6}: {result['seconds']:6.2f} s  {rate:8.0f} spans/s   moved {result['moved']:,}, "
            f"orphaned {result['orphaned']:,}   (target >= {target:,} spans/s)"
        )


if __name__ == "__main__":
    main()
