"""Which existing document an import meets, and when to stop and ask instead of merging or duplicating.

Called by `sources.services.documents_import_batch` inside its transaction.
"""

from __future__ import annotations

import unicodedata
from hashlib import sha256

from django.db import connection
from django.db.models import Q
from django.db.models.functions import Length

from sources import extraction, identity
from sources.errors import ImportRefused
from sources.models import Document, Publisher

# A site's name a <title> adds to a headline ("… | ZDNet.de") is at most this long: longer titles that merely
# start or end with the headline are other articles, and are not read.
SITE_SUFFIX_MAX_CHARS = 80
# At most this many lookalike candidates are compared, newest first (one is enough to ask).
LOOKALIKE_CANDIDATES = 20


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


def same_title(document: Document, title: str) -> bool:
    """Whether an import's title is the document's, with or without the site's name a page's <title> adds.

    Extraction leaves the site's name out of a title ("Artikel | ZDNet.de" is "Artikel"); documents
    imported before it did keep theirs. Both titles are compared without it, cut by the same rule for the
    document's site (its publisher's name, its URL's host), rather than rewriting stored titles: an
    editor may have stated a title with the site's name, and readers and published fact-checks show it.
    """
    site_name = document.publisher.name if document.publisher else ""
    return _title_key(extraction.title_without_site(document.title, site_name, document.url)) == _title_key(
        extraction.title_without_site(title, site_name, document.url)
    )


def _title_key(title: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", title).casefold().split())


def different_article_refuse(
    document: Document, *, source_name: str, title: str, title_known: bool, text: str
) -> None:
    """A re-import under another title that replaces most of the text is likely another article that
    shares the address (a site root, a listing page): refused unless a new revision is asked for by id."""
    current = document.current_revision
    # A title guessed from a pasted text's first line says too little to call it another article.
    if current is None or not title_known or same_title(document, title):
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
    headline = extraction.title_without_site(title.strip(), publisher.name if publisher else "", url)
    if not headline:
        return  # nothing to compare (and every title starts with "")
    # A title stored with the site's name still starts or ends with the headline (see same_title).
    candidates = (
        Document.objects.select_related("publisher")
        .annotate(title_length=Length("title"))
        .filter(
            Q(title__iexact=headline)
            | Q(title__istartswith=f"{headline} ")
            | Q(title__iendswith=f" {headline}")
        )
        .filter(title_length__lte=len(headline) + SITE_SUFFIX_MAX_CHARS)
        .order_by("-pk")
    )
    if publisher is not None:
        candidates = candidates.filter(publisher=publisher)
    elif url:
        candidates = candidates.filter(url=url)
    else:
        candidates = candidates.filter(publisher__isnull=True)
    match = next((doc for doc in candidates[:LOOKALIKE_CANDIDATES] if same_title(doc, title)), None)
    if match is not None:
        raise ImportRefused(
            f"“{match.title}” already exists (document {match.pk}"
            + (f", {match.publisher.name}" if match.publisher_id else "")
            + "). Import this as a new revision of it, or as a separate document.",
            field="document",
            code="possible_revision",
            document_id=match.pk,
        )
