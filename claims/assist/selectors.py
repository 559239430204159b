"""Reads of suggestions for the pages and the API: what is open, and whether a document was searched."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from claims.assist.models import (
    ClaimSuggestion,
    EvidenceSuggestion,
    Passage,
    SuggestionStatus,
    spans_overlap,
    spans_shared,
)
from claims.models import Claim
from sources.models import Document


def document_searched(document: Document) -> bool:
    """Whether the suggestion job has run on the document's current text (its passages are indexed)."""
    return Passage.objects.filter(revision_id=document.current_revision_id).exists()


def open_claim_suggestions(document: Document) -> QuerySet[ClaimSuggestion]:
    return ClaimSuggestion.objects.filter(document=document, status=SuggestionStatus.OPEN).order_by("start")


def claim_suggestion_covering(
    suggestions: Iterable[ClaimSuggestion], *, revision_id: int, start: int, end: int
) -> ClaimSuggestion | None:
    """Of these suggestions, the one a claim marked at `start`-`end` of the revision would settle
    (spans_overlap, as claim_suggestions_settle judges) and, of several, the one sharing the most text:
    whose speaker the reader's Mark as claim popover starts from."""
    span = (start, end)
    covering = [
        suggestion
        for suggestion in suggestions
        if suggestion.revision_id == revision_id and spans_overlap(span, (suggestion.start, suggestion.end))
    ]
    return max(
        covering, key=lambda suggestion: spans_shared(span, (suggestion.start, suggestion.end)), default=None
    )


def open_evidence_suggestions(claim: Claim) -> QuerySet[EvidenceSuggestion]:
    return (
        EvidenceSuggestion.objects.filter(claim=claim, status=SuggestionStatus.OPEN)
        .select_related("document__publisher")
        .order_by("-score", "id")
    )
