"""Suggestion work waiting in the database: evidence for newly marked claims, and documents' new texts.

Documents: a new text sets the document's `suggestions_pending_since` (sources' import does); the job
clears it when done, and claims' document sweep sends the job again for a mark left too long. Each job
that begins the search counts an attempt (`suggestions_attempts`), and a search that has had its attempts
is given up, by claims.document_jobs' one rule for every document job. While its last attempt may still
finish the Suggestions tab waits for it; once it cannot, the tab says the search failed; searching again
starts the count anew.

Claims: evidence suggestions for newly marked claims are queued in the database rather than one job a
claim.

Marking a claim sets its `suggestions_pending_since`; after the commit, one job is sent unless one is
already waiting (a Redis key says so). The job takes a batch of marked claims, oldest first, suggests
evidence for each and clears its mark. Sending a Celery message for every claim had cost a tenth of
each create; now a burst of claims shares a few jobs.

The mark, not the broker, is the record of work: taking a batch moves the marks LEASE into the future
instead of clearing them, so the claims of a job that died come due again, and the periodic sweep
sends a job whenever claims have waited SWEEP_AFTER (the broker was down, or a worker lost the job).
"""

from __future__ import annotations

import logging
import os
import threading
from datetime import datetime, timedelta

import redis
from celery import current_app
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

from claims import document_jobs, jobs
from claims.models import Claim
from sources.models import Document

log = logging.getLogger(__name__)

# The job that suggests evidence for marked claims (its name from before assist was an app of its own).
SUGGEST_EVIDENCE = "claims.tasks.claims_suggest_evidence"

QUEUED_KEY = "factcheck:claims:suggest-evidence-queued"
# How long the key keeps a second job from being sent; a job still waiting after this gets company.
QUEUED_FOR = 60
BATCH = 50
# Longer than any job may run, so that a batch is taken again only when its job has died.
LEASE = timedelta(seconds=2 * settings.CELERY_TASK_TIME_LIMIT)
SWEEP_AFTER = timedelta(seconds=30)


def job_send(*, anyway: bool = False) -> None:
    """Send the job that suggests evidence for marked claims, unless one is already waiting (or
    `anyway`, for the sweep: a job said to be waiting may be lost)."""
    if _shared():
        try:
            if not _redis().set(QUEUED_KEY, 1, nx=not anyway, ex=QUEUED_FOR):
                return
        except (OSError, RedisError) as error:
            # The mark stands; the sweep sends a job once Redis is back.
            log.warning("Could not queue evidence suggestions (%s)", error)
            return
    jobs.enqueue(SUGGEST_EVIDENCE)


def job_started() -> None:
    """A job that starts lets the next new claim send another: claims marked from now on may come
    after the batch this job takes."""
    if _shared():
        try:
            _redis().delete(QUEUED_KEY)
        except (OSError, RedisError) as error:
            log.warning("Could not clear the queued mark of evidence suggestions (%s)", error)


def _shared() -> bool:
    """Whether jobs go through a broker, with a Redis that web and worker processes share for the
    waiting-job key. Not when Celery runs jobs in the process (the embedded mode, and tests): each new
    claim runs its job at once, nothing to save. Not without REDIS_URL (a broker other than Redis):
    every new claim sends its job."""
    return not current_app.conf.task_always_eager and bool(settings.REDIS_URL)


_held = threading.local()


def _redis() -> redis.Redis:
    """This thread's connection to REDIS_URL, held open (and made anew in a forked child). Plain
    redis-py: through Django's cache and a connection pool the one SET cost a twentieth of a create."""
    key = (os.getpid(), settings.REDIS_URL)
    if getattr(_held, "key", None) != key:
        # One retry, at once and only on a connection error: a connection that Redis closed (a restart)
        # fails its next command, and connecting afresh is then all it takes. Not on a timeout: with Redis
        # unreachable a create would wait out each one; the sweep covers the miss.
        _held.client = redis.Redis.from_url(
            settings.REDIS_URL,
            socket_timeout=2,
            socket_connect_timeout=2,
            single_connection_client=True,
            retry=Retry(NoBackoff(), 1, supported_errors=(redis.ConnectionError,)),
        )
        _held.key = key
    return _held.client


def claims_take(limit: int = BATCH) -> list[int]:
    """Take up to `limit` claims due for suggestions, oldest first, leasing them to this job;
    concurrent jobs skip each other's claims."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            Claim.objects.select_for_update(skip_locked=True)
            .filter(suggestions_pending_since__lte=now)
            .order_by("suggestions_pending_since", "id")
            .values_list("pk", flat=True)[:limit]
        )
        Claim.objects.filter(pk__in=ids).update(suggestions_pending_since=now + LEASE)
    return ids


def claim_done(claim_id: int) -> None:
    Claim.objects.filter(pk=claim_id).update(suggestions_pending_since=None)


def claims_waiting() -> bool:
    """Whether claims have waited longer than a sent job would take to start (for the sweep)."""
    due = Claim.objects.filter(suggestions_pending_since__lte=timezone.now() - SWEEP_AFTER)
    return due.exists()


# --- Documents ---------------------------------------------------------------------------------------


def documents_still_pending(document_ids: list[int]) -> list[int]:
    """Of these documents, those whose suggestions are still to be made (a job sent again by the sweep
    skips the ones its first sending finished meanwhile)."""
    pending = set(
        Document.objects.filter(id__in=document_ids, suggestions_pending_since__isnull=False).values_list(
            "id", flat=True
        )
    )
    return [pk for pk in document_ids if pk in pending]


def document_suggestions_done(*, document_id: int, started: datetime) -> None:
    """Clear the document's mark and its attempts, unless a newer text set it again while the job ran."""
    document_jobs.document_job_done(document_jobs.SUGGESTING, document_id, begun=started)


def suggestions_state(document: Document) -> document_jobs.JobState:
    """Where the document's search stands: done, waiting for a job, in its last attempt, or failed."""
    return document_jobs.document_job_state(document_jobs.SUGGESTING, document.pk)


def suggestions_late(document: Document) -> bool:
    """Whether the document's search has waited longer than it should since it was sent or its last
    attempt began (the tab then says it is late and offers to search again at once)."""
    since = document.suggestions_pending_since
    wait = timedelta(seconds=settings.FACTCHECK_SUGGESTIONS_WAIT)
    return since is not None and timezone.now() - since > wait


def suggestions_sent_again_by(document: Document) -> datetime | None:
    """The latest the sweep sends the document's pending search again, unless it finishes first; None
    while this process runs it (jobs in-process), or when no search is pending."""
    return document_jobs.document_job_sent_again_by(document_jobs.SUGGESTING, document)
