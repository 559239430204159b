"""Background jobs are sent one way: after the commit that recorded their work in the database, guarded.

The database, not the broker, is the record of work. Each kind of job has its mark: a claim's
`scoring_pending_since` (scoring) and `suggestions_pending_since` (evidence suggestions), a document's
`reanchor_pending_since` (re-anchoring after a new revision) and `suggestions_pending_since` (claim and
evidence suggestions after a new text), a digest's delivery row. A change sets the mark in its own
transaction; the job clears it when done; a periodic sweep (beat) sends the job again for marks left too
long. So `enqueue` may fail without losing anything: with the broker down the edit still stands, and with
jobs running in-process (the embedded mode) a job that fails after Celery's retries is logged and leaves
its mark, which the page concerned reports (the reader's Suggestions tab offers to search again) and
which claims/embedded_sweeps.py sweeps up there, standing in for beat. Suggestion jobs are
claims.assist's (claims/assist/pending.py, receivers.py); of them, claims core sends only the documents'
job, by name, from its document sweep (claims/tasks.py).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import RedisError

from claims import embedded_sweeps
from sources.models import Document

log = logging.getLogger(__name__)

# The broker unreachable: what sending a job raises then.
BROKER_ERRORS = (OSError, KombuOperationalError, RedisError)

# Task names (sending by name keeps this module below the tasks, which import the services; the
# suggestion tasks are claims.assist's, under the names they had before assist was an app).
SCORE = "claims.tasks.claims_score"
REANCHOR = "claims.tasks.document_reanchor"
SUGGEST_DOCUMENTS = "claims.tasks.documents_suggest"
DIGEST = "claims.digest_tasks.digest_send"

# Documents per suggestion job: enough that a large import sends few messages, few enough that several
# workers share the work.
SUGGEST_BATCH = 100


def enqueue(name: str, *args: object) -> bool:
    """Send the job `name`; False (and logged) when it could not be sent or, in-process, failed."""
    task = current_app.tasks[name]
    try:
        result = task.delay(*args)
    except BROKER_ERRORS as error:
        log.warning("Could not enqueue %s%s (%s); the sweep sends it again", name, args, error)
        return False
    if current_app.conf.task_always_eager and result.failed():
        # In-process the job ran here (transient errors retried in place first) and failed: the request
        # that sent it committed its work already and still answers success.
        log.error("Job %s%s failed; its work stays marked in the database:\n%s", name, args, result.traceback)
        return False
    return True


# --- Documents: re-anchoring and suggestions after a new text -----------------------------------------


@transaction.atomic
def documents_due_take(mark: str, *, older_than: timedelta, limit: int = 1000) -> list[int]:
    """Documents whose `mark` (reanchor_pending_since or suggestions_pending_since) is older than
    `older_than`, for the sweep to send their job again. Their mark moves to now: a job only slow to come
    (a long queue) is sent again once per `older_than`, not at every sweep. A search given up after its
    attempts (claims.assist.pending) is not sent again: its job would leave it alone."""
    if mark not in {"reanchor_pending_since", "suggestions_pending_since"}:
        raise ValueError(f"not a document job mark: {mark}")
    now = timezone.now()
    due = Document.objects.filter(**{f"{mark}__lt": now - older_than})
    if mark == "suggestions_pending_since":
        due = due.filter(suggestions_attempts__lt=settings.FACTCHECK_SUGGESTIONS_ATTEMPTS)
    ids = list(due.order_by(mark, "id").values_list("id", flat=True)[:limit])
    Document.objects.filter(id__in=ids).update(**{mark: now})
    return ids


def document_job_sent_again_by(since: datetime) -> datetime:
    """The latest the sweep sends a document's job again when the one sent at `since` (its mark) has not
    finished: once the mark is FACTCHECK_DOCUMENT_JOBS_SWEEP_AFTER old, at the next sweep (beat's, or in
    the embedded mode the web process's round)."""
    every = embedded_sweeps.every("sweep-pending-document-jobs")
    return since + timedelta(seconds=settings.FACTCHECK_DOCUMENT_JOBS_SWEEP_AFTER + every)
