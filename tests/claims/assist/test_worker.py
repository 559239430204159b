"""Suggestions made by a real Celery worker through Redis: an import through the API gets its claim
suggestions, and a claim marked through the API gets evidence suggestions, with nobody waiting for them;
new claims share jobs, and claims whose job was lost are swept up."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import redis
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from claims import document_jobs, services
from claims.assist import pending
from claims.assist.models import ClaimSuggestion, EvidenceSuggestion, Passage
from claims.assist.tasks import claims_sweep_suggestions
from claims.document_jobs import JobState
from claims.models import Claim
from claims.tasks import documents_sweep_pending
from sources import services as sources
from sources.models import Document
from tests.factories import editor
from tests.worker import WorkerProcess, flush_test_redis

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ARTICLE = (
    "Solarfähre Aurelia in Betrieb\n\n"
    "Die Fähre schafft laut Reederei 80 Kilometer mit einer Ladung, sagte Kapitänin Mara Lenz.\n"
)
REPORT = "Ferry report\n\nThe operator says one charge is good for 80 kilometres.\n"


def test_imports_and_claims_get_their_suggestions_from_the_worker(worker_process: WorkerProcess) -> None:
    client = APIClient()
    client.force_authenticate(editor("anna"))

    article = client.post("/api/v1/documents/", {"text": ARTICLE, "language": "de"}, format="json")
    report = client.post("/api/v1/documents/", {"text": REPORT, "language": "en"}, format="json")
    assert article.status_code == report.status_code == 201
    article_id, report_id = article.json()["id"], report.json()["id"]

    worker_process.wait_for(
        lambda: (
            ClaimSuggestion.objects.filter(document_id=article_id, speaker="Mara Lenz").exists()
            and Passage.objects.filter(document_id=report_id).exists()
        ),
        what="the claim suggestions and the passages of both documents",
    )
    marked = client.post(
        "/api/v1/claims/", {"document": article_id, "exact": "80 Kilometer mit einer Ladung"}, format="json"
    )
    assert marked.status_code == 201
    assert marked.json()["evidence_count"] == 0  # the answer does not wait for the suggestions

    # The job stores the suggestion, then takes the claim off the waiting list: wait for both.
    worker_process.wait_for(
        lambda: (
            _suggested([marked.json()["id"]], report_id)
            and EvidenceSuggestion.objects.filter(claim_id=marked.json()["id"], stance="supports").exists()
        ),
        what="an evidence suggestion from the English report, and the claim no longer waiting",
    )


def _documents(client: APIClient, worker_process: WorkerProcess) -> tuple[int, int]:
    ids = [
        client.post("/api/v1/documents/", {"text": text, "language": language}, format="json").json()["id"]
        for text, language in ((ARTICLE, "de"), (REPORT, "en"))
    ]
    worker_process.wait_for(
        lambda: Passage.objects.filter(document_id=ids[1]).exists(), what="the report's passages"
    )
    return ids[0], ids[1]


def _suggested(claim_ids: list[int], report_id: int) -> bool:
    waiting = Claim.objects.filter(pk__in=claim_ids, suggestions_pending_since__isnull=False).exists()
    found = EvidenceSuggestion.objects.filter(claim_id__in=claim_ids, document_id=report_id)
    return not waiting and found.values("claim_id").distinct().count() == len(claim_ids)


def _all_jobs_done(worker_process: WorkerProcess) -> bool:
    """No message waits in the queue, and the worker finished every job it received."""
    output = worker_process.output()
    received = len(re.findall(r"claims_suggest_evidence\[[^]]+\] received", output))
    succeeded = len(re.findall(r"claims_suggest_evidence\[[^]]+\] succeeded", output))
    return redis.Redis.from_url(settings.REDIS_URL).llen("celery") == 0 and received == succeeded


def test_a_burst_of_claims_shares_suggestion_jobs(worker_process: WorkerProcess) -> None:
    client = APIClient()
    anna = editor("anna")
    client.force_authenticate(anna)
    article_id, report_id = _documents(client, worker_process)
    article = Document.objects.get(pk=article_id)

    with transaction.atomic():  # committed together: twelve claims, one after another
        claims = [
            services.claim_create(
                document=article, user=anna, span=services.SpanInput(exact="80 Kilometer"), speaker=f"S{n}"
            )
            for n in range(12)
        ]
    claim_ids = [claim.pk for claim in claims]

    worker_process.wait_for(lambda: _suggested(claim_ids, report_id), what="suggestions for every claim")
    worker_process.wait_for(lambda: _all_jobs_done(worker_process), what="every job sent to be done")
    jobs = len(re.findall(r"claims_suggest_evidence\[[^]]+\] succeeded", worker_process.output()))
    assert 1 <= jobs < len(claim_ids)
    assert "Suggested evidence for" in worker_process.output()


def test_claims_whose_job_was_lost_are_swept_up(worker_process: WorkerProcess) -> None:
    client = APIClient()
    anna = editor("anna")
    client.force_authenticate(anna)
    article_id, report_id = _documents(client, worker_process)

    # A job is said to be waiting, but none is: lost with a Redis restart, say. No job is sent.
    redis.Redis.from_url(settings.REDIS_URL).set(pending.QUEUED_KEY, 1, ex=60)
    marked = client.post("/api/v1/claims/", {"document": article_id, "exact": "80 Kilometer"}, format="json")
    assert marked.status_code == 201
    claim_id = marked.json()["id"]
    assert not _suggested([claim_id], report_id)

    claims_sweep_suggestions.delay()  # too early: the claim has not waited long
    worker_process.wait_for(
        lambda: re.search(r"claims_sweep_suggestions\[[^]]+\] succeeded .*: False", worker_process.output()),
        what="the sweep to find nothing due",
    )
    assert Claim.objects.get(pk=claim_id).suggestions_pending_since is not None

    Claim.objects.filter(pk=claim_id).update(suggestions_pending_since=timezone.now() - timedelta(minutes=1))
    claims_sweep_suggestions.delay()
    worker_process.wait_for(lambda: _suggested([claim_id], report_id), what="the swept claim's suggestions")


def test_a_search_the_worker_dies_on_every_time_is_given_up_after_its_attempts(
    settings: object, transactional_db: None
) -> None:
    """The worker's process is killed on the document each time it searches it. The broker hands the
    job out again and beat's sweep sends it again as soon as it may (after 1 s, every second); after its
    third attempt the search is given up: no job begins it again and the sweep sends nothing more."""
    from factcheck.celery import app

    settings.FACTCHECK_DOCUMENT_JOBS_ATTEMPTS = 3
    settings.FACTCHECK_SUGGESTIONS_WAIT = 1
    quick = {"FACTCHECK_DOCUMENT_JOBS_SWEEP_AFTER": "1", "FACTCHECK_DOCUMENT_JOBS_SWEEP_INTERVAL": "1"}
    flush_test_redis()
    app.conf.task_always_eager = False  # through Redis, as deployed (the autouse fixture resets it)
    worker = WorkerProcess("killed", **quick).start()
    beat = WorkerProcess("killed-beat", kind="beat", **quick).start()
    try:
        client = APIClient()
        client.force_authenticate(editor("anna"))
        # Long enough that its search takes seconds: time to kill the process searching it.
        long_text = "\n\n".join(f"{ARTICLE.strip()} Absatz {n}: 2{n} Fähren." for n in range(3000))
        answer = client.post("/api/v1/documents/", {"text": long_text, "language": "de"}, format="json")
        assert answer.status_code == 201
        doomed = answer.json()["id"]

        def attempts() -> int:
            return Document.objects.get(pk=doomed).suggestions_attempts

        for attempt in (1, 2, 3):
            worker.wait_for(lambda: attempts() == attempt, what=f"attempt {attempt} begun")  # noqa: B023
            worker.kill_pool()
        worker.wait_for(lambda: "given up" in worker.output(), what="the job to give the search up")
        swept = len(re.findall(r"documents_sweep_pending\[[^]]+\] succeeded", worker.output()))
        worker.wait_for(
            lambda: (
                len(re.findall(r"documents_sweep_pending\[[^]]+\] succeeded .*: 0", worker.output()))
                >= swept + 3
            ),
            what="three more sweeps, which send nothing",
        )
    finally:
        beat.stop()
        worker.stop()
        flush_test_redis()

    document = Document.objects.get(pk=doomed)
    assert attempts() == 3  # no fourth
    assert not re.search(
        r"documents_sweep_pending\[[^]]+\] succeeded .*: [1-9]", worker.output().split("given up")[1]
    )
    assert not ClaimSuggestion.objects.filter(document=document).exists()
    # The tab calls it failed once its last attempt cannot be running any more (the hard time limit
    # since it began has passed); before, it waits for it.
    assert pending.suggestions_state(document) is JobState.LAST
    since = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 1)
    Document.objects.filter(pk=doomed).update(suggestions_pending_since=since)
    assert pending.suggestions_state(document) is JobState.FAILED


def test_a_late_last_attempt_that_finishes_fills_the_tab(worker_process: WorkerProcess) -> None:
    """Two attempts died on the document; the third and last runs longer than the tab waits. The tab
    says so and keeps asking, and shows the suggestions once it finishes: not "failed"."""
    browser = Client()
    browser.force_login(editor("anna"))
    # Long enough that its search takes seconds: time to look at the tab while it runs.
    long_text = "\n\n".join(f"{ARTICLE.strip()} Absatz {n}: 2{n} Fähren." for n in range(3000))
    (outcome,) = sources.documents_import_batch(
        prepared=[sources.document_prepare(sources.source_from_text(long_text))], suggest=False
    )
    slow = outcome.document.pk
    # The second attempt began longer ago than the hard time limit: it can no longer be running.
    long_ago = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 1)
    Document.objects.filter(pk=slow).update(suggestions_pending_since=long_ago, suggestions_attempts=2)
    url = f"/documents/{slow}/suggestions/"

    documents_sweep_pending.delay()  # beat's sweep sends the last attempt
    worker_process.wait_for(
        lambda: Document.objects.get(pk=slow).suggestions_attempts == 3, what="the last attempt begun"
    )
    # As if it had run longer than the tab waits (the mark moved when it began).
    begun = timezone.now() - timedelta(seconds=settings.FACTCHECK_SUGGESTIONS_WAIT + 1)
    Document.objects.filter(pk=slow).update(suggestions_pending_since=begun)
    running = browser.get(url).content.decode()
    worker_process.wait_for(
        lambda: Document.objects.get(pk=slow).suggestions_pending_since is None,
        timeout=60,
        what="the last attempt to finish",
    )
    done = browser.get(url).content.decode()

    assert "its last attempt has not finished yet" in running and "failed" not in running
    assert 'data-pending="true"' in running  # the tab keeps asking
    assert 'class="suggestion-item"' in done and "failed" not in done
    assert ClaimSuggestion.objects.filter(document_id=slow).exists()


def test_a_search_running_longer_than_the_sweep_waits_is_not_sent_again_while_it_runs(
    worker_process: WorkerProcess,
) -> None:
    """A search begun on the worker runs longer than the sweep waits for a lost job, but under the hard
    time limit: beat's sweep leaves it alone (not a second search beside it), and it clears its own mark.
    Once the time limit since it began has passed, it can no longer be running: the sweep sends it again."""
    long_text = "\n\n".join(f"{ARTICLE.strip()} Absatz {n}: 2{n} Fähren." for n in range(3000))
    (outcome,) = sources.documents_import_batch(
        prepared=[sources.document_prepare(sources.source_from_text(long_text))], suggest=False
    )
    slow = outcome.document.pk
    document_jobs.document_job_request(document_jobs.SUGGESTING, slow)
    worker_process.wait_for(
        lambda: Document.objects.get(pk=slow).suggestions_attempts == 1, what="the search begun"
    )
    # As if it had begun longer ago than the sweep waits (its mark moved when it began).
    begun = timezone.now() - timedelta(seconds=settings.FACTCHECK_DOCUMENT_JOBS_SWEEP_AFTER + 1)
    Document.objects.filter(pk=slow).update(suggestions_pending_since=begun)

    swept = documents_sweep_pending()  # beat's sweep while it runs
    worker_process.wait_for(
        lambda: Document.objects.get(pk=slow).suggestions_pending_since is None,
        timeout=60,
        what="the search to clear its mark",
    )

    assert swept == 0
    assert len(re.findall(r"documents_suggest\[[^]]+\] succeeded", worker_process.output())) == 1
    assert ClaimSuggestion.objects.filter(document_id=slow).exists()
    # A search begun longer ago than the hard time limit, unfinished (its worker died): sent again.
    limit = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 1)
    Document.objects.filter(pk=slow).update(suggestions_pending_since=limit, suggestions_attempts=1)
    assert documents_sweep_pending() == 1
