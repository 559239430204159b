"""No work is lost while Redis is down: for each kind of job (re-anchoring, scoring, suggestions for a new
text, evidence suggestions for a new claim, digests) the request made during the outage succeeds, and once
Redis is back the sweep (beat) has a real worker do the work from what the database kept.

Each test runs its own throwaway Redis server on a free port and stops it (never the machine's Redis,
which other tests share), with a worker and beat pointed at it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from aiosmtpd.controller import Controller
from celery.app.defaults import DEFAULTS
from rest_framework.test import APIClient

from claims import services
from claims.assist.models import ClaimSuggestion, EvidenceSuggestion, Passage
from claims.digests.models import DeliveryStatus, DigestDelivery
from claims.digests.tasks import digests_fan_out
from claims.models import Claim
from factcheck.celery import app
from sources import services as sources
from sources.models import Document
from tests.claims.assist.test_worker import ARTICLE, REPORT
from tests.claims.digests.test_delivery import (
    DUE,
    NEVER_UNVERIFIED_DAYS,
    Sink,
    editors_with_claims,
    smtp_server,
)
from tests.factories import PublisherFactory, editor
from tests.worker import RedisServer, WorkerProcess, broker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# Celery's own limit: a worker or beat gave up on Redis after this many connection attempts.
CELERY_DEFAULT_ATTEMPTS = DEFAULTS["broker_connection_max_retries"]


@dataclass
class Outage:
    """A Redis server of the test's own, with a worker and beat on it, and an SMTP sink for digests."""

    redis: RedisServer
    sink: Sink
    smtp: Controller
    worker: WorkerProcess | None = None
    beat: WorkerProcess | None = None

    def env(self) -> dict[str, str]:
        return {
            "REDIS_URL": self.redis.url,
            "EMAIL_URL": f"smtp://127.0.0.1:{self.smtp.port}",
            "FACTCHECK_DIGEST_UNVERIFIED_DAYS": NEVER_UNVERIFIED_DAYS,
            "FACTCHECK_SCORING_SWEEP_INTERVAL": "1",
            "FACTCHECK_SCORING_SWEEP_AFTER": "1",
            "FACTCHECK_SUGGESTIONS_SWEEP_INTERVAL": "1",
            "FACTCHECK_DOCUMENT_JOBS_SWEEP_INTERVAL": "1",
            "FACTCHECK_DOCUMENT_JOBS_SWEEP_AFTER": "1",
        }

    def begin(self) -> None:
        """From here on jobs go through the test's Redis, which then goes down; the data made so far had
        its jobs run in-process."""
        self.worker = WorkerProcess("outage", **self.env()).start()
        self.beat = WorkerProcess("outage-beat", kind="beat", **self.env()).start()
        app.conf.task_always_eager = False
        self.redis.stop()

    def end(self) -> None:
        """Redis is back, empty: whatever was sent to it before it went down is gone too."""
        self.redis.start()

    def wait_for(self, condition: object, *, what: str, timeout: float = 90.0) -> None:
        assert self.worker is not None
        self.worker.wait_for(condition, timeout=timeout, what=what)


@pytest.fixture
def outage(transactional_db: None, settings: object, monkeypatch: pytest.MonkeyPatch) -> Iterator[Outage]:
    settings.FACTCHECK_DIGEST_UNVERIFIED_DAYS = int(NEVER_UNVERIFIED_DAYS)
    redis_server = RedisServer().start()
    settings.REDIS_URL = redis_server.url  # the waiting-job key of evidence suggestions lives there too
    sink = Sink()
    controller: Controller = smtp_server(sink)
    state = Outage(redis_server, sink, controller)
    try:
        with broker(redis_server.url):
            yield state
    finally:
        for process in (state.beat, state.worker):
            if process is not None:
                process.stop()
        redis_server.stop()
        controller.stop()


def api_as(user: object) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_new_revision_imported_while_redis_is_down_is_reanchored_after(outage: Outage) -> None:
    anna = editor("anna")
    first = "Bericht\n\nDie Fähre schafft nur 8 km mit einer Ladung, sagt ein Leser.\n"
    document = sources.document_import(source=sources.source_from_text(first)).document
    claim = services.claim_create(document=document, user=anna, span=services.SpanInput(exact="nur 8 km"))
    outage.begin()

    changed = "Bericht (aktualisiert)\n\nEin Absatz davor.\n\n" + first.split("\n\n", 1)[1]
    answer = api_as(anna).post(
        "/api/v1/documents/", {"text": changed, "document": document.pk}, format="json"
    )

    assert answer.status_code == 201, answer.content
    assert answer.json()["import_status"] == "new_revision"
    document.refresh_from_db()
    assert document.reanchor_pending_since is not None  # the database remembers the work
    assert Claim.objects.get(pk=claim.pk).revision_id != document.current_revision_id

    outage.end()
    outage.wait_for(
        lambda: Claim.objects.get(pk=claim.pk).revision_id == document.current_revision_id,
        what="the claim to move to the new revision",
    )
    claim.refresh_from_db()
    assert not claim.orphaned and claim.exact == "nur 8 km"
    assert changed[claim.start : claim.end] == "nur 8 km"
    assert Document.objects.get(pk=document.pk).reanchor_pending_since is None


def test_evidence_linked_while_redis_is_down_is_scored_after(outage: Outage) -> None:
    anna = editor("anna")
    article = sources.document_import(
        source=sources.source_from_text("Ein Leser meint: Die Fähre schafft nur 8 km.\n")
    ).document
    claim = services.claim_create(document=article, user=anna, span=services.SpanInput(exact="nur 8 km"))
    source = sources.document_import(
        source=sources.source_from_text("Bericht: Die Fähre schafft 80 km mit einer Ladung.\n")
    ).document
    source.publisher = PublisherFactory(reliability=0.8)
    source.save()
    outage.begin()

    answer = api_as(anna).post(
        f"/api/v1/claims/{claim.pk}/evidence/",
        {"document": source.pk, "exact": "80 km mit einer Ladung", "stance": "contradicts"},
        format="json",
    )

    assert answer.status_code == 201, answer.content
    assert Claim.objects.get(pk=claim.pk).scoring_pending_since is not None

    outage.end()
    outage.wait_for(
        lambda: Claim.objects.get(pk=claim.pk).scoring_pending_since is None, what="the claim's scoring"
    )
    assert Claim.objects.get(pk=claim.pk).verdict in {"mostly_contradicted", "contradicted"}


def test_a_document_imported_while_redis_is_down_gets_its_suggestions_after(outage: Outage) -> None:
    anna = editor("anna")
    outage.begin()

    answer = api_as(anna).post("/api/v1/documents/", {"text": ARTICLE, "language": "de"}, format="json")

    assert answer.status_code == 201, answer.content
    document_id = answer.json()["id"]
    assert Document.objects.get(pk=document_id).suggestions_pending_since is not None

    outage.end()
    outage.wait_for(
        lambda: Document.objects.get(pk=document_id).suggestions_pending_since is None,
        what="the document's suggestion search",
    )
    assert ClaimSuggestion.objects.filter(document_id=document_id, speaker="Mara Lenz").exists()
    assert Passage.objects.filter(document_id=document_id).exists()


def test_a_claim_marked_while_redis_is_down_gets_evidence_suggestions_after(outage: Outage) -> None:
    anna = editor("anna")
    client = api_as(anna)
    article = client.post("/api/v1/documents/", {"text": ARTICLE, "language": "de"}, format="json").json()
    report = client.post("/api/v1/documents/", {"text": REPORT, "language": "en"}, format="json").json()
    outage.begin()

    mark = {"document": article["id"], "exact": "80 Kilometer mit einer Ladung"}
    marked = client.post("/api/v1/claims/", mark, format="json")

    assert marked.status_code == 201, marked.content
    claim_id = marked.json()["id"]
    assert Claim.objects.get(pk=claim_id).suggestions_pending_since is not None

    outage.end()
    # The sweep sends the job for claims that waited 30 s (claims.assist.pending.SWEEP_AFTER).
    outage.wait_for(
        lambda: EvidenceSuggestion.objects.filter(claim_id=claim_id, document_id=report["id"]).exists(),
        what="an evidence suggestion from the report",
    )
    outage.wait_for(
        lambda: Claim.objects.get(pk=claim_id).suggestions_pending_since is None, what="the mark cleared"
    )


def test_digests_due_while_redis_is_down_are_sent_after(outage: Outage) -> None:
    anna, bernd = editors_with_claims(2)
    outage.begin()

    sent = digests_fan_out(DUE.isoformat())  # beat's hourly run, while the broker is away

    assert sent == 2  # due, and not lost: their delivery rows are still to be made
    assert not DigestDelivery.objects.exists()

    outage.end()
    digests_fan_out.delay(DUE.isoformat())  # the next hourly run
    outage.wait_for(lambda: len(outage.sink.messages) == 2, what="both digests by SMTP")
    assert sorted(str(message["To"]) for message in outage.sink.messages) == [
        "editor0@example.org",
        "editor1@example.org",
    ]
    assert {anna.pk, bernd.pk} == set(DigestDelivery.objects.values_list("user_id", flat=True))


def test_worker_and_beat_outlast_more_connection_attempts_than_celerys_limit(transactional_db: None) -> None:
    """Redis away for longer than Celery's 100 connection attempts (46 minutes at its pace of one every
    30 s): worker and beat keep trying, and once it is back a claim marked meanwhile gets its verdict.

    Celery waits 2, 4, 6 … 30 s between attempts and no setting shortens that. It tries the broker URLs
    of a failover list one after the other without waiting, though, so the same URL listed 60 times makes
    the 100 attempts in seconds (the pauses between rounds: 2 + 4 s)."""
    app.conf.task_always_eager = False
    redis_server = RedisServer().start()
    env = {
        "REDIS_URL": redis_server.url,
        "CELERY_BROKER_URL": ";".join([redis_server.url] * 60),
        "FACTCHECK_SCORING_SWEEP_INTERVAL": "1",
        "FACTCHECK_SCORING_SWEEP_AFTER": "1",
    }
    worker = WorkerProcess("long-outage", **env).start()
    beat: WorkerProcess | None = None
    try:
        redis_server.stop()  # while the worker is idle: with a task running, see the test below
        beat = WorkerProcess("long-outage-beat", kind="beat", **env).start()  # started in the outage
        with broker(redis_server.url):
            claim = services.claim_create(
                document=sources.document_import(
                    source=sources.source_from_text("Ein Leser meint: Die Fähre schafft nur 8 km.\n")
                ).document,
                user=editor("anna"),
                span=services.SpanInput(exact="nur 8 km"),
            )
            source = sources.document_import(
                source=sources.source_from_text("Bericht: Die Fähre schafft 80 km mit einer Ladung.\n")
            ).document
            source.publisher = PublisherFactory(reliability=0.8)
            source.save()
            answer = api_as(claim.created_by).post(
                f"/api/v1/claims/{claim.pk}/evidence/",
                {"document": source.pk, "exact": "80 km mit einer Ladung", "stance": "contradicts"},
                format="json",
            )
        assert answer.status_code == 201, answer.content
        assert Claim.objects.get(pk=claim.pk).scoring_pending_since is not None

        for process, failure in ((worker, "consumer: Cannot connect to"), (beat, "beat: Connection error")):
            process.wait_for(
                lambda process=process, failure=failure: (
                    process.output().count(failure) > CELERY_DEFAULT_ATTEMPTS + 10
                ),
                timeout=60,
                what=f"more than {CELERY_DEFAULT_ATTEMPTS} failed connection attempts of the {process.kind}",
            )
        redis_server.start()
        worker.wait_for(
            lambda: Claim.objects.get(pk=claim.pk).scoring_pending_since is None,
            timeout=60,
            what="the claim's scoring once Redis is back",
        )
        assert beat.process is not None and beat.process.poll() is None, "beat exited"
    finally:
        for process in (beat, worker):
            if process is not None:
                process.stop()
        redis_server.stop()
    assert Claim.objects.get(pk=claim.pk).verdict in {"mostly_contradicted", "contradicted"}


# Celery 5.7.0 exits a worker that loses Redis while one process runs a job and it waits for more
# ("Unrecoverable error: AttributeError: 'NoneType' object has no attribute 'hostname'"). The Procfile runs
# the worker through bin/restart-on-failure, so honcho does not stop web and beat: the worker comes back,
# waits for Redis, and the digest goes out once.
def test_a_digest_being_sent_when_redis_goes_away_is_sent_once_it_is_back(outage: Outage) -> None:
    editors_with_claims(1)
    outage.sink.hold_number = 1  # the SMTP server holds the first message: the digest's task is mid-send
    # The Procfile's worker (two processes): one sends the digest while the worker still waits for more work.
    worker = outage.worker = WorkerProcess("in-flight", procfile=True, **outage.env()).start()
    app.conf.task_always_eager = False
    digests_fan_out.delay(DUE.isoformat())
    worker.wait_for(outage.sink.holding.is_set, what="the digest to be mid-send")

    outage.redis.stop()
    worker.wait_for(lambda: "Connection to broker lost" in worker.output(), what="the worker to notice")
    outage.sink.release.set()  # the held message is refused: that send never happened
    outage.end()
    digests_fan_out.delay(DUE.isoformat())  # the next hourly run

    outage.wait_for(lambda: len(outage.sink.messages) == 1, what="the digest by SMTP")
    assert DigestDelivery.objects.get().status == DeliveryStatus.SENT


def test_beat_logs_a_sweep_it_could_not_send_while_redis_is_down_in_one_line(transactional_db: None) -> None:
    """An operator reading beat's log during an outage sees one line a missed sweep, naming it and why, not
    a hundred-line traceback each (three sweeps a minute filled the log with thousands of lines)."""
    redis_server = RedisServer().start()
    env = {"REDIS_URL": redis_server.url, "FACTCHECK_SCORING_SWEEP_INTERVAL": "1"}
    beat = WorkerProcess("quiet-beat", kind="beat", **env).start()
    try:
        sending = "Sending due task sweep-pending-scoring"
        beat.wait_for(lambda: beat.output().count(sending) >= 2, what="beat to send sweeps")
        redis_server.stop()
        missed = "Couldn't apply scheduled task sweep-pending-scoring: Error 111 connecting to"
        beat.wait_for(lambda: beat.output().count(missed) >= 3, what="three sweeps missed")
    finally:
        beat.stop()
        redis_server.stop()
    output = beat.output()
    assert "Traceback" not in output, output[-3000:]
    assert f"WARNING/MainProcess] {missed}" in output
