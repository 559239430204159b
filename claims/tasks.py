"""Celery tasks for claims: thin wrappers that load ids and call a service."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import OperationalError

from claims import services
from sources.models import Document

log = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),  # a dropped database connection; the job is idempotent
    retry_backoff=5,
    retry_jitter=True,
    max_retries=5,
)
def document_reanchor(document_id: int) -> dict[str, int] | None:
    """Re-anchor a document's claims and evidence after it got a new revision."""
    try:
        report = services.document_reanchor(document_id=document_id)
    except Document.DoesNotExist:
        return None  # deleted meanwhile: nothing to re-anchor
    log.info("Re-anchored document %s: %s moved, %s orphaned", document_id, report.moved, report.orphaned)
    return {"moved": report.moved, "orphaned": report.orphaned}
