"""Reads for sources: querysets with what their callers need joined in."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from sources.models import Document, DocumentRevision, Publisher


def document_list(*, search: str = "") -> QuerySet[Document]:
    """Documents with their publisher and revision count, newest first; text is not loaded."""
    documents = (
        Document.objects.select_related("publisher")
        .annotate(revision_count=Count("revisions"))
        .order_by("-created_at", "-id")
    )
    if search:
        documents = documents.filter(Q(title__icontains=search) | Q(current_revision__text__icontains=search))
    return documents


def document_detail() -> QuerySet[Document]:
    """Documents with their current revision (and so their text) and publisher."""
    return Document.objects.select_related("publisher", "current_revision").annotate(
        revision_count=Count("revisions")
    )


def revision_list(document: Document) -> QuerySet[DocumentRevision]:
    return DocumentRevision.objects.filter(document=document).order_by("-number")


def publisher_list() -> QuerySet[Publisher]:
    return Publisher.objects.annotate(document_count=Count("documents")).order_by("name", "id")
