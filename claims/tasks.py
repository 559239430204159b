"""Celery tasks for claims: thin wrappers that load ids and call a service (suggestions' tasks are
claims.assist's, in claims/assist/tasks.py).

Jobs are idempotent (a new assessment only when the inputs changed; re-anchoring only moves what is
not yet in the current revision), so they are acknowledged late and retried on named transient errors.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from claims import document_jobs, services, verdicts
from sources.models import Document

log = logging.getLogger(__name__)

# A dropped or refused database connection: worth retrying; anything else is a bug to look at.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
RETRY = {
    "acks_late": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 2,
    "retry_backoff_max": 120,
    "retry_jitter": True,
    "max_retries": 6,
}


@shared_task(**RETRY)
def document_reanchor(document_id: int) -> dict[str, int] | None:
    """Re-anchor a document's claims and evidence after it got a new revision. Each run begun counts an
    attempt before it works, so that one a worker dies on every time is given up after its attempts."""
    with document_jobs.attempt(document_jobs.REANCHORING, document_id) as begun:
        if not begun:
            log.warning("Re-anchoring of document %s given up: it failed every attempt", document_id)
            return None
        try:
            report = services.document_reanchor(document_id=document_id)
        except Document.DoesNotExist:
            return None  # deleted meanwhile: nothing to re-anchor
        except TRANSIENT_ERRORS:
            document_jobs.attempt_undo(document_jobs.REANCHORING, document_id)
            raise  # retried, as the same attempt
    log.info("Re-anchored document %s: %s moved, %s orphaned", document_id, report.moved, report.orphaned)
    return {"moved": report.moved, "orphaned": report.orphaned}


@shared_task(**RETRY)
def claims_score(claim_ids: list[int]) -> int:
    """Score claims (a batch); claims deleted meanwhile are simply not found."""
    stored = verdicts.claims_score(claim_ids)
    log.info("Scored %s claims: %s new assessments", len(claim_ids), stored)
    return stored


@shared_task(acks_late=True)
def claims_sweep_pending() -> int:
    """Periodic (beat): re-enqueue claims whose scoring has been pending too long, e.g. because the
    broker lost the job or no worker ran. The database mark, not the broker, is the record of work."""
    ids = verdicts.claims_pending_too_long(older_than_seconds=settings.FACTCHECK_SCORING_SWEEP_AFTER)
    verdicts.enqueue_scoring(ids)
    if ids:
        log.info("Sweep re-enqueued %s pending claims", len(ids))
    return len(ids)


@shared_task(acks_late=True)
def documents_sweep_pending() -> int:
    """Periodic (beat): send the re-anchoring and suggestion jobs of documents whose new text has waited
    for them too long (the broker was down, or a worker lost the job), unless given up or an attempt begun
    may still be running."""
    after = timedelta(seconds=settings.FACTCHECK_DOCUMENT_JOBS_SWEEP_AFTER)
    reanchor = document_jobs.documents_due_take(document_jobs.REANCHORING, older_than=after)
    document_jobs.documents_send(document_jobs.REANCHORING, reanchor)
    suggest = document_jobs.documents_due_take(document_jobs.SUGGESTING, older_than=after)
    document_jobs.documents_send(document_jobs.SUGGESTING, suggest, only_pending=True)
    if reanchor or suggest:
        log.info("Sweep re-enqueued %s re-anchorings and %s suggestion searches", len(reanchor), len(suggest))
    return len(reanchor) + len(suggest)
