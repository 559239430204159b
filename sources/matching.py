"""Which existing document an import meets, and when to stop and ask instead of merging or duplicating.

Called by `sources.services.documents_import_batch` inside its transaction.
"""

from __future__ import annotations

from hashlib import sha256

from django.db import connection

from sources import identity
from sources.errors import ImportRefused
from sources.models import Document, Publisher


def identities_lock(keys: set[str]) -> None:
    """Serialise concurrent imports of the same URL or text until this transaction ends.

    Twenty parallel pastes of one new text all find no document and would all create one; a URL is
    unique in the database, a text is not. So each import first takes a PostgreSQL advisory lock per URL
    or text hash, in one order (no deadlocks): the others wait, then find the document and answer
    "unchanged". SQLite (the embedded mode) lets one writer in at a time already.
    """
    if not keys or connection.vendor != "postgresql":
        return
    numbers = sorted(
        {int.from_bytes(sha256(f"document:{key}".encode()).digest()[:8], "big", signed=True) for key in keys}
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(k) FROM unnest(%s::bigint[]) AS k ORDER BY k", [numbers])


def different_article_refuse(
    document: Document, *, source_name: str, title: str, title_known: bool, text: str
) -> None:
    """A re-import under another title that replaces most of the text is likely another article that
    shares the address (a site root, a listing page): refused unless a new revision is asked for by id."""
    current = document.current_revision
    # A title guessed from a pasted text's first line says too little to call it another article.
    if current is None or not title_known or identity.same_title(document.title, title):
        return
    if identity.replaces_most_of(current.text, text):
        raise ImportRefused(
            f"{source_name}: “{title}” looks like a different article from “{document.title}” "
            f"(document {document.pk}), which has the same URL: it would replace most of its text. "
            f"Nothing was imported. To store it as a new revision of “{document.title}” anyway, ask for "
            f"a new revision of document {document.pk} explicitly.",
            field="url",
            code="different_article",
        )


def lookalike_refuse(*, title: str, title_known: bool, url: str, publisher: Publisher | None) -> None:
    """A new paste or upload with the title and publisher (or URL) of an existing document is likely its
    new revision: say so, and let the editor choose (a revision, or a separate document)."""
    if not title_known:
        return  # an untitled paste's title is its first line or "pasted text": no sign of a revision
    if publisher is not None and publisher.pk is None:
        return  # a publisher this import names for the first time has no documents yet
    same_title = Document.objects.filter(title__iexact=title.strip())
    if publisher is not None:
        match = same_title.filter(publisher=publisher).first()
    elif url:
        match = same_title.filter(url=url).first()
    else:
        match = same_title.filter(publisher__isnull=True).first()
    if match is not None:
        raise ImportRefused(
            f"“{match.title}” already exists (document {match.pk}"
            + (f", {match.publisher.name}" if match.publisher_id else "")
            + "). Import this as a new revision of it, or as a separate document.",
            field="document",
            code="possible_revision",
            document_id=match.pk,
        )
