"""The revisions an import batch stores: numbered per document, the documents pointed at their newest
one, the work a new text brings marked, and sources' signals sent once the batch commits. Called by
sources.services.documents_import_batch inside its transaction, after it planned each item."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from sources.imports import ImportStatus, PreparedDocument
from sources.models import Document, DocumentRevision, Publisher
from sources.signals import revisions_added, texts_stored

# One item of a batch as planned: what to store, whether it is new, unchanged or a new revision, and
# the document it goes to (new documents are already created).
Plan = tuple[PreparedDocument, ImportStatus, Document]


def revisions_store(
    plans: Sequence[Plan], *, user: AbstractBaseUser | None, suggest: bool
) -> dict[int, DocumentRevision]:
    """Store the planned revisions; returns them by plan index (an unchanged item has none)."""
    revisions: dict[int, DocumentRevision] = {}  # plan index → the revision it stores
    next_number: dict[int, int] = {}
    for index, (item, status, document) in enumerate(plans):
        if status is ImportStatus.UNCHANGED:
            continue
        if document.id not in next_number:
            current = document.current_revision
            next_number[document.id] = current.number + 1 if current else 1
        revisions[index] = DocumentRevision(
            document=document,
            number=next_number[document.id],
            text=item.text,
            length=len(item.text),
            content_hash=item.content_hash,
            origin=item.origin,
            origin_name=item.origin_name[:2000],
            created_by=user,
        )
        next_number[document.id] += 1
    DocumentRevision.objects.bulk_create(revisions.values())

    # One statement points every changed document at its newest revision (bulk_update would
    # build a CASE expression per row and field, which dominated the import's time).
    changed = {doc.id: doc for _, status, doc in plans if status is not ImportStatus.UNCHANGED}
    newest = DocumentRevision.objects.filter(document=OuterRef("pk")).order_by("-number").values("id")[:1]
    # The work a new text brings is marked with it, in this transaction: its jobs clear the marks, and a
    # job lost (the broker down) is sent again by the sweep (claims/document_jobs.py).
    now = timezone.now()
    pending = {"suggestions_pending_since": now, "suggestions_attempts": 0} if suggest else {}
    Document.objects.filter(id__in=changed).update(current_revision=Subquery(newest), **pending)
    refreshed = {doc.id: doc for _, status, doc in plans if status is ImportStatus.NEW_REVISION}
    if refreshed:
        for document in refreshed.values():
            document.reanchor_pending_since, document.reanchor_attempts = now, 0
        fields = ["title", "author", "published_on", "language", "publisher", "updated_at"]
        marks = ["reanchor_pending_since", "reanchor_attempts"]
        Document.objects.bulk_update(refreshed.values(), [*fields, *marks])
    if refreshed:
        document_ids = sorted(refreshed)
        transaction.on_commit(lambda: revisions_added.send(sender=Document, document_ids=document_ids))
    if changed:
        stored_ids = sorted(changed)
        transaction.on_commit(
            lambda: texts_stored.send(sender=Document, document_ids=stored_ids, suggest=suggest)
        )
    for revision in revisions.values():  # in plan order, so the newest is set last
        revision.document.current_revision = revision
    return revisions


def metadata_refresh(document: Document, item: PreparedDocument, publisher: Publisher | None) -> None:
    """A new revision brings its own metadata; keep the old value where the new import found none.
    The title changes only when stated: a title guessed from the new text must not replace a real one."""
    document.title = item.title if item.title_stated else document.title
    document.author = item.author or document.author
    document.published_on = item.published_on or document.published_on
    document.language = item.language or document.language
    document.publisher = publisher or document.publisher
    document.updated_at = timezone.now()
