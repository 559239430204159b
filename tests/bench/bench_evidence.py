"""Benchmark: evidence suggestions for one claim over 100,000 passages on PostgreSQL (target p95 ≤ 100 ms).

A fresh database (factcheck_bench_evidence) gets 4,500 generated documents of 25 sentences each, made
from the sentences of the labelled sample articles (tests/claims/assist_corpus) with other figures, names
and word order, so that many passages share words, names and units with any claim: the search ranks
thousands of matches, not a handful. Each document is indexed as an import indexes it
(claims.assist.passages.document_passages_index), then VACUUM ANALYZE, as autovacuum would soon after (it
also folds GIN's list of pending entries into the index). Then, for 60 claims marked on sentences of
these documents, the whole suggestion job is timed (claims.assist.finding.claim_evidence_suggest:
full-text search, BM25 re-ranking, stance proposals, storing five suggestions), and the search alone.
"""

from __future__ import annotations

import json

from tests.bench.loadtest import fresh_database, run_django

DOCUMENTS = 4_500
SENTENCES_PER_DOCUMENT = 25
CLAIMS = 60

CHILD = f"""
import json, random, re, statistics, time
from pathlib import Path
from django.db import connection
from claims import services as claim_services
from claims.assist import finding, passages, pending
from claims.assist.models import EvidenceSuggestion, Passage
from claims.models import Claim
from claims.assist.rules.sentences import split_document
from sources import services, signals
from tests.factories import editor

signals.texts_stored.receivers = []  # indexed below, and the jobs are what is timed
signals.revisions_added.receivers = []
pending.job_send = lambda: None

rng = random.Random(20261201)
corpus = Path("tests/claims/assist_corpus")
labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
templates = []
for entry in labels["documents"]:
    text = (corpus / entry["file"]).read_text(encoding="utf-8")
    templates += [(s.text, entry["language"]) for s in split_document(text, entry["language"])
                  if len(s.text.split()) >= 6]
names = ["Tianmu", "Norvex", "Halvard", "Kestrel", "Lindenfeld", "Atlas", "Brennsee", "Aurelia", "Veltro",
         "Quorra", "Miravel", "Osterholm", "Calder", "Sorenta", "Pallas", "Ferrum", "Nordwerk", "Yarrow"]

def variant(sentence):
    figure = lambda m: str(rng.choice([rng.randint(1, 999), rng.randint(1000, 9999)]))
    sentence = re.sub(r"\\d+(?:[.,]\\d+)?", figure, sentence)
    name = lambda m: rng.choice(names) if rng.random() < 0.3 else m.group()
    sentence = re.sub(r"\\b[A-Z][a-z]{{3,}}\\b", name, sentence)
    return sentence

user = editor("bench")
started = time.perf_counter()
documents = []
for d in range({DOCUMENTS}):
    picked = [rng.choice(templates) for _ in range({SENTENCES_PER_DOCUMENT})]
    language = picked[0][1]
    text = " ".join(variant(s) for s, _ in picked) + "\\n"
    source = services.source_from_text(text, name=f"bench {{d}}")
    overrides = services.ImportOverrides(title=f"Bericht {{d}}", language=language)
    documents.append(services.document_import(source=source, overrides=overrides).document)
imported = time.perf_counter() - started
started = time.perf_counter()
for document in documents:
    passages.document_passages_index(document_id=document.pk)
indexed = time.perf_counter() - started
with connection.cursor() as cursor:
    cursor.execute("VACUUM ANALYZE claims_passage")
total = Passage.objects.count()

claims = []
for document in rng.sample(documents, {CLAIMS}):
    passage = rng.choice(list(Passage.objects.filter(document=document)))
    claims.append(claim_services.claim_create(document=document, user=user,
        span=claim_services.SpanInput(start=passage.start, end=passage.end)))
for claim in claims[:5]:  # warm-up: patterns compiled, statements prepared
    finding.claim_evidence_suggest(claim_id=claim.pk)
EvidenceSuggestion.objects.all().delete()

job, search, matched = [], [], []
for claim in claims:
    wanted = finding.claim_text(Claim.objects.select_related("document").get(pk=claim.pk))
    began = time.perf_counter()
    passages.passages_search(wanted)
    search.append((time.perf_counter() - began) * 1000)
    began = time.perf_counter()
    finding.claim_evidence_suggest(claim_id=claim.pk)
    job.append((time.perf_counter() - began) * 1000)
stored = EvidenceSuggestion.objects.count()
print(json.dumps({{"passages": total, "imported": imported, "indexed": indexed, "job": job, "search": search,
                  "stored": stored}}))
"""


def _describe(timings: list[float]) -> str:
    import statistics

    p95 = statistics.quantiles(timings, n=20)[-1]
    return f"median {statistics.median(timings):6.1f} ms   p95 {p95:6.1f} ms   max {max(timings):6.1f} ms"


def main() -> None:
    url = fresh_database("factcheck_bench_evidence")
    result = json.loads(run_django(url, CHILD).strip().splitlines()[-1])
    print(f"== Evidence suggestions over {result['passages']:,} passages on PostgreSQL ==")
    print(
        f"  seeded {DOCUMENTS:,} documents in {result['imported']:.1f} s, indexed their passages in "
        f"{result['indexed']:.1f} s ({result['passages'] / result['indexed']:,.0f} passages/s)"
    )
    print(f"  search alone (full-text search + BM25):     {_describe(result['search'])}")
    print(
        f"  whole job for one claim (search, stances, store): {_describe(result['job'])}"
        "   (target p95 <= 100 ms)"
    )
    print(f"  {result['stored']} suggestions stored for {CLAIMS} claims")


if __name__ == "__main__":
    main()
