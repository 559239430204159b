"""Benchmarks for verdicts on PostgreSQL and a real worker.

1. Scoring 10,000 claims with 10 evidence items each through one Celery worker process (concurrency 1):
   the claims are marked pending and enqueued in batches of 500 after the worker is ready; the clock
   runs until no claim is pending.
2. Load on the claims list filtered by verdict (a full page of 50 with verdicts and evidence counts) and
   on a claim's detail with its breakdown: gunicorn 4 sync workers, token auth, 16 connections, in
   alternating rounds against the one-query ceiling view GET /api/v1/me/.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request

import psycopg
import redis

from tests.bench.loadtest import ROOT, fresh_database, gunicorn, production_env, run_django, wrk

CLAIMS = 10_000
EVIDENCE_PER_CLAIM = 10
BENCH_REDIS = "redis://127.0.0.1:6379/7"

SEED = f"""
import json, random
from django.db import transaction
from claims.models import Claim, Evidence
from claims.tokens.services import api_token_create
from sources import services
from sources.models import Publisher
from tests.factories import editor

rng = random.Random(7)
user = editor("bench")
sentence = "Die Fähre schafft 80 km mit einer Ladung, sagte der Kapitän am Montag. "
article = services.document_import(source=services.source_from_text(sentence * 200)).document
publishers = [Publisher.objects.create(name=f"Outlet {{n}}", reliability=rng.choice([0.3, 0.5, 0.7, 0.9]))
              for n in range(20)]
sources = []
for n in range(100):
    doc = services.document_import(source=services.source_from_text(f"Quelle {{n}}: " + sentence)).document
    doc.publisher = publishers[n % 20]
    doc.save()
    sources.append(doc)
revision = article.current_revision
with transaction.atomic():
    claims = Claim.objects.bulk_create(
        Claim(document=article, revision=revision, start=(i % 100) * 71, end=(i % 100) * 71 + 20,
              exact=revision.text[(i % 100) * 71:(i % 100) * 71 + 20], created_by=user, updated_by=user)
        for i in range({CLAIMS})
    )
    Evidence.objects.bulk_create(
        Evidence(claim=claim, document=doc, created_by=user,
                 stance=rng.choice(["supports", "contradicts", "mixed", "context"]))
        for claim in claims for doc in rng.sample(sources, {EVIDENCE_PER_CLAIM})
    )
print(json.dumps({{"token": api_token_create(user=user, name="bench")[1], "claim": claims[0].pk}}))
"""

ENQUEUE = """
from django.utils import timezone
from claims.models import Claim
from claims.verdicts import enqueue_scoring
ids = list(Claim.objects.order_by("id").values_list("id", flat=True))
Claim.objects.update(scoring_pending_since=timezone.now())
enqueue_scoring(ids, batch_size=500)
print(len(ids))
"""

PENDING_SQL = "SELECT count(*) FROM claims_claim WHERE scoring_pending_since IS NOT NULL"


def score_all(url: str) -> float:
    redis.Redis.from_url(BENCH_REDIS).flushdb()
    env = {**production_env(url), "REDIS_URL": BENCH_REDIS, "LOG_LEVEL": "WARNING"}
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "factcheck",
            "worker",
            "--concurrency=1",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"bench-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        time.sleep(5)  # the worker connects; the jobs wait in Redis meanwhile anyway
        started = time.perf_counter()
        run_django(url, ENQUEUE, env_extra={"REDIS_URL": BENCH_REDIS})
        # Polled with a plain connection: starting Django for each look took CPU from the worker.
        with psycopg.connect(url, autocommit=True) as conn:
            while conn.execute(PENDING_SQL).fetchone()[0] > 0:
                time.sleep(0.2)
        return time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(timeout=30)


# The verdict the listed claims have: the most common one the scoring gave, so that the page is full.
COMMON_VERDICT_SQL = (
    "SELECT verdict FROM claims_claim WHERE verdict <> 'unverified' "
    "GROUP BY verdict ORDER BY count(*) DESC LIMIT 1"
)


def main(seconds: int = 4, rounds: int = 5) -> None:
    url = fresh_database("factcheck_bench_verdicts")
    seed = json.loads(run_django(url, SEED).strip().splitlines()[-1])
    print(
        f"== Scoring {CLAIMS:,} claims x {EVIDENCE_PER_CLAIM} evidence, one worker process (concurrency 1) =="
    )
    elapsed = score_all(url)
    print(
        f"{elapsed:6.2f} s   {CLAIMS / elapsed:8.0f} claims/s   (target >= 1,000 claims/s per worker process)"
    )
    with psycopg.connect(url, autocommit=True) as conn:
        verdict = conn.execute(COMMON_VERDICT_SQL).fetchone()[0]

    print("== Verdict API under load: gunicorn 4 sync workers, token auth, 16 connections ==")
    token = seed["token"]
    listing_url = f"/api/v1/claims/?verdict={verdict}&page_size=50"
    detail_url = f"/api/v1/claims/{seed['claim']}/"
    shares: dict[str, list[float]] = {"list": [], "detail": []}
    with gunicorn(url) as base:
        with urllib.request.urlopen(
            urllib.request.Request(base + listing_url, headers={"Authorization": f"Token {token}"})
        ) as page:
            listed = len(json.load(page)["results"])
        assert listed == 50, f"the page lists {listed} claims, not 50"
        for path in ("/api/v1/me/", listing_url, detail_url):  # each worker imports and connects first
            wrk(base + path, token=token, connections=16, seconds=2)
        # Rounds of the ceiling then each endpoint, so that whatever else the machine does weighs on all.
        for number in range(1, rounds + 1):
            ceiling = wrk(f"{base}/api/v1/me/", token=token, connections=16, seconds=seconds)
            listing = wrk(base + listing_url, token=token, connections=16, seconds=seconds)
            detail = wrk(base + detail_url, token=token, connections=16, seconds=seconds)
            print(ceiling.line(f"{number}. ceiling: GET /api/v1/me/"))
            print(listing.line(f"{number}. GET /claims/?verdict={verdict} (50/page)"))
            print(detail.line(f"{number}. GET /claims/{{id}}/ (10 evidence, breakdown)"))
            shares["list"].append(listing.per_second / ceiling.per_second)
            shares["detail"].append(detail.per_second / ceiling.per_second)
    for name, target in (("list", 0.3), ("detail", 0.6)):
        each = ", ".join(f"{share:.0%}" for share in shares[name])
        median = statistics.median(shares[name])
        print(
            f"{name} = {median:.0%} of the ceiling, median of {rounds} rounds ({each}); "
            f"target >= {target:.0%}"
        )


if __name__ == "__main__":
    main()
