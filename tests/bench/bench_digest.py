"""Benchmark: weekly digests for 1,000 editors over a week with 10,000 claim changes (4,000 claims made,
6,000 verdicts changed), built and delivered by one Celery worker (concurrency 1) through the beat's
fan-out to a local aiosmtpd sink; seconds, digests/s, and the queries per digest.

A fresh PostgreSQL database (factcheck_bench_digest) and Redis database BENCH_REDIS_URL (default
redis://127.0.0.1:6379/14, flushed) are used. The claims are spread unevenly (a few editors own
hundreds, most a handful), so the query count is shown for the heaviest and the lightest editor: it
must be the same. Run: `python -m tests.bench.bench_digest` (or make bench).
"""

from __future__ import annotations

import os
import random
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
BENCH_DB = "factcheck_bench_digest"
EDITORS = 1_000
NEW_CLAIMS = 4_000  # made in the week
CHANGED_VERDICTS = 6_000  # claims whose verdict changed in the week
OLDER_CLAIMS = 20_000  # made in the eight weeks before
DOCUMENTS = 20
UTC = ZoneInfo("UTC")
WEEK = (2026, 40)  # Monday 28 September to Sunday 4 October 2026
SENTENCES = [
    "Der Betreiber meldet eine Leistung von {n} Megawatt für die neue Anlage.",
    "Laut Bericht erreicht das System {n} Prozent mehr Kapazität als geplant.",
    "Die Stadt sagte, der Speicher liefere Strom für {n} Haushalte.",
    "Ein Leser schreibt, die Anlage koste {n} Millionen Euro weniger.",
    "The operator said the grid reaches {n} percent of its capacity.",
]


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from tests.bench.loadtest import admin_url, fresh_database, production_env

    # BENCH_REUSE=1 measures again on the database seeded by the last run.
    reuse = os.environ.get("BENCH_REUSE")
    url = admin_url().rsplit("/", 1)[0] + f"/{BENCH_DB}" if reuse else fresh_database(BENCH_DB)
    env = {
        **production_env(url),
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
    }
    subprocess.run(
        [sys.executable, "-m", "tests.bench.bench_digest", "--child"], cwd=ROOT, env=env, check=True
    )


# --- In the child process, with Django set up against the benchmark database --------------------------


def seed() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection

    from claims.models import Assessment, Claim, Evidence
    from sources import services
    from sources.permissions import EDITORS_GROUP

    rng = random.Random(20261001)
    user_model = get_user_model()
    # Joined before the week: no digest reports a week that ended before its editor joined.
    joined = datetime(2026, 7, 1, tzinfo=UTC)
    users = user_model.objects.bulk_create(
        user_model(
            username=f"editor{i:04d}", email=f"editor{i:04d}@example.org", password="!", date_joined=joined
        )
        for i in range(EDITORS)
    )
    group = Group.objects.create(name=EDITORS_GROUP)
    membership = user_model.groups.through
    membership.objects.bulk_create(membership(user_id=u.pk, group_id=group.pk) for u in users)

    documents = []
    for d in range(DOCUMENTS):
        text = " ".join(rng.choice(SENTENCES).format(n=rng.randint(2, 900)) for _ in range(40)) + "\n"
        source = services.source_from_text(text)
        overrides = services.ImportOverrides(title=f"Bericht {d}", language="de")
        documents.append(services.document_import(source=source, overrides=overrides).document)
    spans = []  # (document, revision, start, end, exact): whole sentences of the stored texts
    for document in documents:
        revision = document.current_revision
        start = 0
        for sentence in revision.text.rstrip("\n").split(". "):
            exact = sentence if sentence.endswith(".") else sentence + "."
            if revision.text[start : start + len(exact)] == exact:
                spans.append((document, revision, start, start + len(exact), exact))
            start += len(sentence) + 2

    # A few editors own many claims, most own a handful: weights 1/(rank+1)^0.8.
    weights = [1 / (rank + 1) ** 0.8 for rank in range(EDITORS)]
    start_of_week = datetime(2026, 9, 28, tzinfo=UTC)

    def claim(created: datetime) -> Claim:
        document, revision, start, end, exact = rng.choice(spans)
        owner = rng.choices(users, weights)[0]
        return Claim(
            document=document,
            revision=revision,
            start=start,
            end=end,
            exact=exact,
            speaker=rng.choice(["", "Betreiber", "Leser", "Stadt"]),
            created_by=owner,
            updated_by=owner,
            orphaned=rng.random() < 0.02,
        )

    new = [claim(start_of_week + timedelta(seconds=rng.randint(0, 7 * 86400 - 1))) for _ in range(NEW_CLAIMS)]
    older = [
        claim(start_of_week - timedelta(seconds=rng.randint(1, 56 * 86400))) for _ in range(OLDER_CLAIMS)
    ]
    created = Claim.objects.bulk_create(new + older, batch_size=2000)
    moments = [start_of_week + timedelta(seconds=rng.randint(0, 7 * 86400 - 1)) for _ in new]
    moments += [start_of_week - timedelta(seconds=rng.randint(1, 56 * 86400)) for _ in older]
    # created_at is auto_now_add: set the chosen times afterwards, in one statement.
    with connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE claims_claim SET created_at = %s WHERE id = %s",
            [(moment, c.pk) for moment, c in zip(moments, created, strict=True)],
        )

    verdicts = [
        ("supported", 0.85),
        ("mostly_supported", 0.68),
        ("disputed", 0.5),
        ("mostly_contradicted", 0.3),
        ("contradicted", 0.12),
    ]
    assessments = []

    def assessment(claim: Claim, verdict: tuple[str, float], previous: str, when: datetime) -> Assessment:
        return Assessment(
            claim=claim,
            verdict=verdict[0],
            previous_verdict=previous,
            support_score=verdict[1],
            confidence=0.6,
            algorithm_version="bench",
            fingerprint=f"{claim.pk}-{when.timestamp()}",
            created_at=when,
        )

    older_claims = created[NEW_CLAIMS:]
    before = {c.pk: rng.choice(verdicts) for c in older_claims[: OLDER_CLAIMS * 3 // 4]}
    for c in older_claims[: OLDER_CLAIMS * 3 // 4]:
        assessments.append(
            assessment(c, before[c.pk], "", start_of_week - timedelta(days=rng.randint(1, 30)))
        )
    made_at = {c.pk: moment for moment, c in zip(moments, created, strict=True)}
    end_of_week = start_of_week + timedelta(days=7)
    for c in rng.sample(created, CHANGED_VERDICTS):
        old = before.get(c.pk)
        new_verdict = rng.choice([v for v in verdicts if v != old])
        after = max(made_at[c.pk], start_of_week) + timedelta(seconds=rng.randint(60, 86400))
        when = min(after, end_of_week - timedelta(seconds=1))
        assessments.append(assessment(c, new_verdict, old[0] if old else "", when))
    Assessment.objects.bulk_create(assessments, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute(
            """UPDATE claims_claim c SET assessment_id = (
                   SELECT a.id FROM claims_assessment a WHERE a.claim_id = c.id
                   ORDER BY a.created_at DESC, a.id DESC LIMIT 1)"""
        )
    contradicted = Claim.objects.filter(assessment__verdict__in=["contradicted", "mostly_contradicted"])
    Evidence.objects.bulk_create(
        (
            Evidence(
                claim=c,
                document=rng.choice([d for d in documents if d.pk != c.document_id]),
                stance="contradicts",
                created_by_id=c.created_by_id,
            )
            for c in contradicted.only("id", "document_id", "created_by_id")
        ),
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def child() -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.mail import get_connection
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    from claims.digests import selectors, services, weeks
    from claims.digests.models import DigestDelivery
    from claims.models import Claim
    from factcheck.celery import app

    app.conf.task_always_eager = False
    started = time.perf_counter()
    if os.environ.get("BENCH_REUSE"):  # re-run the measurement on the data already seeded
        DigestDelivery.objects.all().delete()
    else:
        seed()
    print(
        f"digests: seeded {EDITORS:,} editors, {NEW_CLAIMS:,} claims made and {CHANGED_VERDICTS:,} verdicts "
        f"changed in week {WEEK[0]}-W{WEEK[1]} (+{OLDER_CLAIMS:,} older claims) in "
        f"{time.perf_counter() - started:.1f} s"
    )
    week = weeks.IsoWeek(*WEEK)
    due = datetime(2026, 10, 5, 8, 0, tzinfo=UTC)  # Monday after, 08:00 UTC: every editor's default time

    # Queries per digest, for the editors with the most and the fewest claims.
    by_volume = sorted(
        Claim.objects.values("created_by_id").annotate(n=Count("id")).values_list("n", "created_by_id")
    )
    samples = {"heaviest": by_volume[-1], "median": by_volume[len(by_volume) // 2], "lightest": by_volume[0]}
    measured = {}
    trial_week = week.previous()  # delivery rows for another week, deleted afterwards
    locmem = get_connection("django.core.mail.backends.locmem.EmailBackend")
    for label, (claims_owned, user_id) in samples.items():
        user = get_user_model().objects.select_related("digest_subscription").get(pk=user_id)
        with CaptureQueriesContext(connection) as build_queries:
            digest = selectors.digest_build(user=user, week=week, now=due)
        with CaptureQueriesContext(connection) as deliver_queries:
            services.digest_deliver(user_id=user_id, week=trial_week, now=due, connection=locmem)
        measured[label] = (claims_owned, digest, len(build_queries), len(deliver_queries))
    DigestDelivery.objects.all().delete()

    for label, (claims_owned, digest, build_count, deliver_count) in measured.items():
        print(
            f"  {label:<8} editor: {claims_owned:>4} claims ({digest.new_claims.total} new, "
            f"{digest.verdict_changes.total} changed, {digest.unverified.total} unverified): "
            f"build {build_count} queries; claim + build + send + mark {deliver_count} queries"
        )
    for concurrency in sorted({1, os.cpu_count() or 1}):
        deliver_all(due, concurrency)
    print(f"  (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; other processes share them)")


def deliver_all(due: datetime, concurrency: int) -> None:
    """The beat's fan-out, then one worker process until every editor's digest is sent or found empty."""
    from aiosmtpd.controller import Controller
    from django.db.models import Count

    from claims.digests.models import DigestDelivery
    from claims.digests.tasks import digests_fan_out
    from tests.worker import WorkerProcess, flush_test_redis

    class Sink:
        received = 0

        async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
            Sink.received += 1
            return "250 2.0.0 Accepted"

    DigestDelivery.objects.all().delete()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = Controller(Sink(), hostname="127.0.0.1", port=port)
    sink.start()
    flush_test_redis()
    worker = WorkerProcess(f"bench-digest-{concurrency}", EMAIL_URL=f"smtp://127.0.0.1:{port}")
    worker.start(concurrency=concurrency)
    try:
        cpu_before = worker_cpu_seconds(worker)
        started = time.perf_counter()
        digests_fan_out.delay(due.isoformat())
        worker.wait_for(
            lambda: DigestDelivery.objects.filter(status__in=["sent", "skipped"]).count() == EDITORS,
            timeout=900,
            what="every digest",
        )
        elapsed = time.perf_counter() - started
        cpu = worker_cpu_seconds(worker) - cpu_before
    finally:
        worker.stop()
        sink.stop()
        flush_test_redis()
    statuses = dict(DigestDelivery.objects.values_list("status").annotate(n=Count("id")))
    print(
        f"digests: {EDITORS:,} editors in {elapsed:.1f} s = {EDITORS / elapsed:.1f} digests/s with one "
        f"worker of concurrency {concurrency} (fan-out included; target <= 60 s): "
        f"sent {statuses.get('sent', 0):,}, "
        f"nothing to say {statuses.get('skipped', 0):,}; the SMTP sink received {Sink.received:,}; "
        f"the worker's processes used {cpu:.1f} CPU s ({cpu / EDITORS * 1000:.0f} ms per digest)"
    )


def worker_cpu_seconds(worker: object) -> float:
    """CPU time (user + system) of the worker and its pool processes so far: unlike the wall clock, it
    does not grow when other programs on the machine take the CPUs."""
    import psutil

    main = psutil.Process(worker.process.pid)
    return sum(sum(p.cpu_times()[:2]) for p in [main, *main.children(recursive=True)])


if __name__ == "__main__":
    if "--child" in sys.argv:
        child()
    else:
        main()
