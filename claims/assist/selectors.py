"""Reads of suggestions for the pages and the API: what is open, and whether a document was searched."""

from __future__ import annotations

from django.db.models import QuerySet

from claims.assist.models import ClaimSuggestion, EvidenceSuggestion, Passage, SuggestionStatus
from claims.models import Claim
from sources.models import Document


def document_searched(document: Document) -> bool:
    """Whether the suggestion job has run on the document's current text (its passages are indexed)."""
    return Passage.objects.filter(revision_id=document.current_revision_id).exists()


def open_claim_suggestions(document: Document) -> QuerySet[ClaimSuggestion]:
    return ClaimSuggestion.objects.filter(document=document, status=SuggestionStatus.OPEN).order_by("start")


def open_evidence_suggestions(claim: Claim) -> QuerySet[EvidenceSuggestion]:
    return (
        EvidenceSuggestion.objects.filter(claim=claim, status=SuggestionStatus.OPEN)
        .select_related("document__publisher")
        .order_by("-score", "id")
    )
