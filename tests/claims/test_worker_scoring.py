"""Scoring with a real Celery worker and Redis: nothing is lost or doubled, whatever crashes."""

from __future__ import annotations

import psycopg
import pytest
from django.db import connection
from rest_framework.test import APIClient

from claims import services
from claims.models import Assessment, Claim
from sources import services as sources
from tests.factories import PublisherFactory, editor
from tests.worker import RedisServer, WorkerProcess, broker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def make_claim(
    text: str = "Ein Leser meint: Die Fähre schafft nur 8 km.\n", quote: str = "nur 8 km"
) -> Claim:
    document = sources.document_import(source=sources.source_from_text(text)).document
    return services.claim_create(document=document, user=editor(), span=services.SpanInput(exact=quote))


def make_source(number: int = 0) -> object:
    document = sources.document_import(
        source=sources.source_from_text(f"Bericht {number}: Die Fähre schafft 80 km mit einer Ladung.\n")
    ).document
    document.publisher = PublisherFactory(reliability=0.8)
    document.save()
    return document


def test_evidence_linked_through_the_api_gets_an_assessment_from_the_worker(
    worker_process: WorkerProcess,
) -> None:
    claim = make_claim()
    source = make_source()
    client = APIClient()
    client.force_authenticate(claim.created_by)

    response = client.post(
        f"/api/v1/claims/{claim.pk}/evidence/",
        {"document": source.pk, "exact": "80 km mit einer Ladung", "stance": "contradicts"},
        format="json",
    )

    assert response.status_code == 201, response.content
    worker_process.wait_for(
        lambda: (
            Claim.objects.get(pk=claim.pk).assessment_id is not None
            and Claim.objects.get(pk=claim.pk).assessment.verdict != "unverified"
        ),
        what="the claim's assessment",
    )
    claim.refresh_from_db()
    assert claim.assessment.verdict in {"mostly_contradicted", "contradicted"}
    assert claim.scoring_pending_since is None


def test_a_worker_killed_mid_task_loses_nothing_and_doubles_nothing(transactional_db: None) -> None:
    from claims.tasks import claims_sweep_pending
    from factcheck.celery import app
    from tests.worker import flush_test_redis

    app.conf.task_always_eager = False
    flush_test_redis()
    claim = make_claim()
    # The job is queued while no worker runs...
    services.evidence_link(
        claim=claim,
        document=make_source(),
        user=claim.created_by,
        stance="supports",
        span=services.SpanInput(exact="80 km mit einer Ladung"),
    )
    database = connection.settings_dict
    blocker = psycopg.connect(
        host=database["HOST"] or "127.0.0.1",
        port=database["PORT"] or 5432,
        user=database["USER"] or "postgres",
        dbname=database["NAME"],
    )
    first = WorkerProcess("doomed", FACTCHECK_SCORING_SWEEP_AFTER="0")
    try:
        # ...and the claim's row is locked, so the job stops inside its transaction: mid-task.
        blocker.execute("SELECT id FROM claims_claim WHERE id = %s FOR UPDATE", [claim.pk])
        first.start()
        first.wait_for(lambda: "Task claims.tasks.claims_score" in first.output(), what="the job to start")
        first.wait_for(lambda: _waiting_for_lock(blocker), what="the job to wait for the claim's lock")
    finally:
        first.kill()  # also when a wait above failed: a stray worker would take later tests' jobs
        blocker.rollback()
        blocker.close()

    assert Claim.objects.get(pk=claim.pk).scoring_pending_since is not None  # the database remembers
    assert Assessment.objects.filter(claim=claim).count() == 0

    second = WorkerProcess("rescuer", FACTCHECK_SCORING_SWEEP_AFTER="0").start()
    try:
        claims_sweep_pending.delay()
        second.wait_for(
            lambda: Claim.objects.get(pk=claim.pk).scoring_pending_since is None, what="the rescore"
        )
    finally:
        second.stop()
        flush_test_redis()
    assert Assessment.objects.filter(claim=claim).count() == 1
    assert Claim.objects.get(pk=claim.pk).assessment.verdict != "unverified"


def _waiting_for_lock(blocker: psycopg.Connection) -> bool:
    """Whether some other session waits for a lock the blocker holds."""
    row = blocker.execute(
        "SELECT count(*) FROM pg_locks WHERE NOT granted AND pid <> pg_backend_pid()"
    ).fetchone()
    return bool(row and row[0])


def test_claims_pending_while_redis_restarts_are_finished_by_the_sweep(transactional_db: None) -> None:
    from factcheck.celery import app

    app.conf.task_always_eager = False
    redis_server = RedisServer().start()
    env = {
        "REDIS_URL": redis_server.url,
        "FACTCHECK_SCORING_SWEEP_INTERVAL": "1",
        "FACTCHECK_SCORING_SWEEP_AFTER": "1",
    }
    worker = WorkerProcess("survivor", **env).start()
    beat = WorkerProcess("beat", kind="beat", **env).start()
    try:
        redis_server.stop()  # the broker goes away; editors keep working
        with broker(redis_server.url):
            claims = [make_claim(f"Leser {n}: Die Fähre schafft nur 8 km.\n") for n in range(5)]
            for n, claim in enumerate(claims):
                services.evidence_link(
                    claim=claim,
                    document=make_source(n),
                    user=claim.created_by,
                    stance="contradicts",
                    span=services.SpanInput(exact="80 km mit einer Ladung"),
                )
        assert Claim.objects.filter(scoring_pending_since__isnull=False).count() == 5

        redis_server.start()  # back, empty: every queued message is gone
        worker.wait_for(
            lambda: not Claim.objects.filter(scoring_pending_since__isnull=False).exists(),
            timeout=60,
            what="the sweep to finish the pending claims",
        )
    finally:
        beat.stop()
        worker.stop()
        redis_server.stop()
    for claim in claims:
        assert Assessment.objects.filter(claim=claim).count() == 1
        claim.refresh_from_db()
        assert claim.assessment.verdict in {"mostly_contradicted", "contradicted"}
