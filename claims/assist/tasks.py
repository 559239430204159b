"""Celery tasks for suggestions: thin wrappers that load ids and call a service.

Registered under the names they had when they lived in claims/tasks.py ("claims.tasks.…"), so that
messages already queued, the beat schedule and claims.document_jobs, which sends them by name, still
find them.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

from claims import document_jobs
from claims.assist import finding, passages, pending, services
from claims.tasks import RETRY, TRANSIENT_ERRORS
from sources.models import Document

log = logging.getLogger(__name__)


@shared_task(name="claims.tasks.documents_suggest", **RETRY)
def documents_suggest(document_ids: list[int], only_pending: bool = False) -> int:
    """document_suggest for a few documents of one import: one job, where one a document made a large
    import wait on the broker. Sent again by the sweep (`only_pending`), it skips documents done since.
    Each document's search begun counts an attempt before it runs, so that one a worker dies on is given
    up after its attempts, and the documents after it in the batch still get theirs."""
    if only_pending:
        document_ids = pending.documents_still_pending(document_ids)
    searched = 0
    for document_id in document_ids:
        with document_jobs.attempt(document_jobs.SUGGESTING, document_id) as begun:
            if not begun:
                log.warning("Suggestions for document %s given up: it failed every attempt", document_id)
                continue
            try:
                document_suggest.run(document_id)
            except TRANSIENT_ERRORS:
                document_jobs.attempt_undo(document_jobs.SUGGESTING, document_id)
                raise  # retried; the documents not done keep their marks
            except Exception:
                # One document that breaks the rules must not hold up the others in its import; its mark
                # stays, so the sweep sends it again until its attempts run out.
                log.exception("Suggestions failed for document %s", document_id)
                continue
        searched += 1
    return searched


@shared_task(name="claims.tasks.document_suggest", **RETRY)
def document_suggest(document_id: int) -> dict[str, int] | None:
    """After a document's text is stored (a new document or revision): index its passages, propose its
    check-worthy claims, and look in it for evidence on recent claims elsewhere."""
    started = timezone.now()
    try:
        indexed = passages.document_passages_index(document_id=document_id)
        claims = finding.document_claims_suggest(document_id=document_id)
    except Document.DoesNotExist:
        return None
    evidence = finding.document_evidence_suggest(document_id=document_id)
    pending.document_suggestions_done(document_id=document_id, started=started)
    log.info(
        "Suggestions for document %s: %s passages, %s claims, %s evidence",
        document_id,
        indexed,
        claims,
        evidence,
    )
    return {"passages": indexed, "claims": claims, "evidence": evidence}


@shared_task(name="claims.tasks.claims_suggest_evidence", **RETRY)
def claims_suggest_evidence() -> int:
    """For newly marked claims (a batch, see claims.assist.pending): a suggestion of each one's
    sentence is settled, and evidence is suggested from every document's passages."""
    pending.job_started()
    claim_ids = pending.claims_take()
    for claim_id in claim_ids:
        try:
            claim_suggest_evidence.run(claim_id)
        except TRANSIENT_ERRORS:
            raise  # retried; this batch's claims come due again when their lease runs out
        except Exception:
            # One claim that breaks the rules must not hold up the others, nor come back forever.
            log.exception("Evidence suggestions failed for claim %s", claim_id)
        pending.claim_done(claim_id)
    if len(claim_ids) == pending.BATCH:
        pending.job_send()  # more may be waiting
    if claim_ids:
        log.info("Suggested evidence for %s new claims", len(claim_ids))
    return len(claim_ids)


@shared_task(name="claims.tasks.claim_suggest_evidence", **RETRY)
def claim_suggest_evidence(claim_id: int) -> int:
    """Suggestions for one claim; also takes the jobs sent one a claim before claims_suggest_evidence."""
    services.claim_suggestions_settle(claim_id=claim_id)
    return finding.claim_evidence_suggest(claim_id=claim_id)


@shared_task(name="claims.tasks.claims_sweep_suggestions", acks_late=True)
def claims_sweep_suggestions() -> bool:
    """Periodic (beat): send the suggestion job if marked claims have waited too long, e.g. because
    Redis was down when they were marked or a worker lost the job."""
    waiting = pending.claims_waiting()
    if waiting:
        pending.job_send(anyway=True)
    return waiting
