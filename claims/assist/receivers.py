"""What assist does when sources or claims change: a new text (of a new document or a revision) is
searched for suggestions, a claim marked is queued for evidence suggestions, and evidence linked by hand
settles the open suggestion of the same passage."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import receiver

from claims import document_jobs
from claims.assist import pending, services
from claims.models import Evidence
from claims.signals import claim_marked, evidence_linked
from sources.signals import texts_stored


@receiver(texts_stored)
def suggest_after_new_texts(
    sender: Any, document_ids: list[int], suggest: bool = True, **kwargs: Any
) -> None:
    if not suggest:
        return
    document_jobs.documents_send(document_jobs.SUGGESTING, document_ids)


@receiver(claim_marked)
def suggest_evidence_after_marking(sender: Any, **kwargs: Any) -> None:
    # The claim carries its mark already; the job is sent once the mark is committed (one job serves a
    # burst of claims, see claims.assist.pending).
    transaction.on_commit(pending.job_send)


@receiver(evidence_linked)
def settle_after_linking(sender: Any, evidence: Evidence, user: Any, **kwargs: Any) -> None:
    services.evidence_suggestions_settle(evidence=evidence, user=user)
