"""Celery tasks for claims: thin wrappers that load ids and call a service.

Jobs are idempotent (a new assessment only when the inputs changed; re-anchoring only moves what is
not yet in the current revision), so they are acknowledged late and retried on named transient errors.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from claims import jobs, passages, pending_suggestions, services, suggestions, verdicts
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
    """Re-anchor a document's claims and evidence after it got a new revision."""
    try:
        report = services.document_reanchor(document_id=document_id)
    except Document.DoesNotExist:
        return None  # deleted meanwhile: nothing to re-anchor
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


@shared_task(**RETRY)
def documents_suggest(document_ids: list[int], only_pending: bool = False) -> int:
    """document_suggest for a few documents of one import: one job, where one a document made a large
    import wait on the broker. Sent again by the sweep (`only_pending`), it skips documents done since."""
    if only_pending:
        document_ids = jobs.documents_still_pending(document_ids)
    for document_id in document_ids:
        document_suggest.run(document_id)
    return len(document_ids)


@shared_task(**RETRY)
def document_suggest(document_id: int) -> dict[str, int] | None:
    """After a document's text is stored (a new document or revision): index its passages, propose its
    check-worthy claims, and look in it for evidence on recent claims elsewhere."""
    started = timezone.now()
    try:
        indexed = passages.document_passages_index(document_id=document_id)
        claims = suggestions.document_claims_suggest(document_id=document_id)
    except Document.DoesNotExist:
        return None
    evidence = suggestions.document_evidence_suggest(document_id=document_id)
    jobs.document_suggestions_done(document_id=document_id, started=started)
    log.info(
        "Suggestions for document %s: %s passages, %s claims, %s evidence",
        document_id,
        indexed,
        claims,
        evidence,
    )
    return {"passages": indexed, "claims": claims, "evidence": evidence}


@shared_task(**RETRY)
def claims_suggest_evidence() -> int:
    """For newly marked claims (a batch, see claims.pending_suggestions): a suggestion of each one's
    sentence is settled, and evidence is suggested from every document's passages."""
    pending_suggestions.job_started()
    claim_ids = pending_suggestions.claims_take()
    for claim_id in claim_ids:
        try:
            claim_suggest_evidence.run(claim_id)
        except TRANSIENT_ERRORS:
            raise  # retried; this batch's claims come due again when their lease runs out
        except Exception:
            # One claim that breaks the rules must not hold up the others, nor come back forever.
            log.exception("Evidence suggestions failed for claim %s", claim_id)
        pending_suggestions.claim_done(claim_id)
    if len(claim_ids) == pending_suggestions.BATCH:
        pending_suggestions.job_send()  # more may be waiting
    if claim_ids:
        log.info("Suggested evidence for %s new claims", len(claim_ids))
    return len(claim_ids)


@shared_task(**RETRY)
def claim_suggest_evidence(claim_id: int) -> int:
    """Suggestions for one claim; also takes the jobs sent one a claim before claims_suggest_evidence."""
    suggestions.claim_suggestions_settle(claim_id=claim_id)
    return suggestions.claim_evidence_suggest(claim_id=claim_id)


@shared_task(acks_late=True)
def claims_sweep_suggestions() -> bool:
    """Periodic (beat): send the suggestion job if marked claims have waited too long, e.g. because
    Redis was down when they were marked or a worker lost the job."""
    waiting = pending_suggestions.claims_waiting()
    if waiting:
        pending_suggestions.job_send(anyway=True)
    return waiting


@shared_task(acks_late=True)
def documents_sweep_pending() -> int:
    """Periodic (beat): send the re-anchoring and suggestion jobs of documents whose new text has waited
    for them too long (the broker was down, or a worker lost the job)."""
    after = timedelta(seconds=settings.FACTCHECK_DOCUMENT_JOBS_SWEEP_AFTER)
    reanchor = jobs.documents_due_take("reanchor_pending_since", older_than=after)
    for document_id in reanchor:
        jobs.enqueue(jobs.REANCHOR, document_id)
    suggest = jobs.documents_due_take("suggestions_pending_since", older_than=after)
    for first in range(0, len(suggest), jobs.SUGGEST_BATCH):
        jobs.enqueue(jobs.SUGGEST_DOCUMENTS, suggest[first : first + jobs.SUGGEST_BATCH], True)
    if reanchor or suggest:
        log.info("Sweep re-enqueued %s re-anchorings and %s suggestion searches", len(reanchor), len(suggest))
    return len(reanchor) + len(suggest)
