"""Writes for sources: importing documents (new, unchanged or a new revision) and publishers.

Every way in (CLI, API, browser, demo) goes through `document_import` or, for many files,
`documents_import_batch`: extraction happens first and may refuse the input with
`ImportRefused`; only then is anything written, in one transaction per batch.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from sources import extraction, fetching, identity, matching
from sources.errors import ImportRefused
from sources.imports import ImportOutcome, ImportOverrides, ImportSource, ImportStatus, PreparedDocument
from sources.models import Document, Language, Publisher, RevisionOrigin
from sources.publishers import PublisherResolver
from sources.revisions import Plan, metadata_refresh, revisions_store
from sources.uris import uri_from

URL_MAX_LENGTH = Document._meta.get_field("url").max_length
PUBLISHER_NAME_MAX = Publisher._meta.get_field("name").max_length  # a page's site name may be longer
NO_OVERRIDES = ImportOverrides()  # frozen: one shared default is safe


def _domain_of(url: str) -> str:
    """The publisher's domain: an archived copy's is that of the site it was taken from."""
    host = (urlsplit(identity.original_url(url)).hostname or "").lower()
    return host.removeprefix("www.")


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def import_limit() -> str:
    """The import size limit in the words its refusals use ("5.2 MB"), for the pages that announce it."""
    return _megabytes(settings.FACTCHECK_IMPORT_MAX_BYTES)


def _check_size(size: int, *, name: str, field: str) -> None:
    if size > settings.FACTCHECK_IMPORT_MAX_BYTES:
        raise ImportRefused(
            f"{name}: {_megabytes(size)} is over the import limit of {import_limit()}",
            field=field,
            code="too_large",
        )


def document_prepare(source: ImportSource, overrides: ImportOverrides = NO_OVERRIDES) -> PreparedDocument:
    """Extract and validate one import without touching the database; raises ImportRefused."""
    field = {"file": "file", "url": "url"}.get(source.origin, "text")
    size = len(source.content) if isinstance(source.content, bytes) else len(source.content.encode("utf-8"))
    _check_size(size, name=source.name, field=field)
    if overrides.language and overrides.language not in Language.values:
        known = ", ".join(code for code in Language.values if code)
        raise ImportRefused(
            f"Unknown language {overrides.language!r}; use one of {known}", field="language", code="language"
        )
    try:
        found = extraction.extract(
            source.content, kind=source.kind, name=source.name, url=source.url, charset=source.charset
        )
    except ImportRefused as refusal:
        if refusal.field == "text" and field != "text":
            refusal.field = field
        raise
    return PreparedDocument(
        source_name=identity.strip_credentials(source.name),
        origin=source.origin,
        text=found.text,
        content_hash=extraction.content_hash(found.text),
        title=(overrides.title or found.title)[:500],
        url=(url := _document_url(source, overrides, found)),
        author=found.author[:300],
        published_on=found.published_on,
        language=overrides.language or found.language,
        publisher_name=(overrides.publisher or found.site_name)[:PUBLISHER_NAME_MAX],
        publisher_stated=bool(overrides.publisher),
        title_stated=bool(overrides.title),
        title_known=bool(overrides.title) or found.title_stated,
        domain=_domain_of(url),
        document_id=overrides.document_id,
        refuse_lookalike=overrides.refuse_lookalike,
    )


def _document_url(source: ImportSource, overrides: ImportOverrides, found: extraction.Extracted) -> str:
    """The document's URL from real signals, in order: what the user stated, the address the page was
    fetched from, the article address the page declares (see sources.identity). Never with credentials
    or a fragment (identity.document_url), and kept as a URI (`"<> ` and non-ASCII percent-encoded, see
    sources.uris)."""
    if overrides.url:
        url = uri_from(identity.document_url(overrides.url))
        if len(url) > URL_MAX_LENGTH:
            raise ImportRefused(
                f"The URL is {len(url)} characters long as a URI; at most {URL_MAX_LENGTH} are stored",
                field="url",
                code="too_long",
            )
        return url
    # An address too long to store (a redirect's, a canonical link's) is dropped, not refused.
    candidates = (uri_from(identity.document_url(url)) for url in (source.url, found.url) if url)
    return next((url for url in candidates if len(url) <= URL_MAX_LENGTH), "")


def document_import(
    *,
    source: ImportSource,
    overrides: ImportOverrides = NO_OVERRIDES,
    user: AbstractBaseUser | None = None,
) -> ImportOutcome:
    """Import one document: extract, then store it as new, unchanged or a new revision."""
    prepared = document_prepare(source, overrides)
    try:
        return documents_import_batch(prepared=[prepared], user=user)[0]
    except IntegrityError:
        # A concurrent import of the same URL won the race; it is now an existing document.
        return documents_import_batch(prepared=[prepared], user=user)[0]


@transaction.atomic
def documents_import_batch(
    *,
    prepared: Sequence[PreparedDocument],
    user: AbstractBaseUser | None = None,
    suggest: bool = True,
) -> list[ImportOutcome]:
    """Store prepared documents with a bounded number of queries, in one transaction.

    A document is matched by `document_id`, else by URL; a document without either that has
    exactly the text of an existing document's current revision is "unchanged". Within the batch,
    a later item sees the earlier ones.
    """
    ids = {p.document_id for p in prepared if p.document_id}
    urls = {p.url for p in prepared if p.url}
    hashes = {p.content_hash for p in prepared if not p.url and not p.document_id}
    matching.identities_lock(urls | hashes)
    existing = (
        Document.objects.select_for_update(of=("self",))
        .select_related("current_revision", "publisher")
        .filter(Q(id__in=ids) | Q(url__in=urls) | Q(current_revision__content_hash__in=hashes))
    )
    by_id = {doc.id: doc for doc in existing}
    missing = ids - by_id.keys()
    if missing:
        raise ImportRefused(f"No document with id {min(missing)}", field="document", code="not_found")
    by_url = {doc.url: doc for doc in by_id.values() if doc.url}
    by_hash = {doc.current_revision.content_hash: doc for doc in by_id.values() if doc.current_revision}
    publishers = PublisherResolver(prepared)

    plans: list[Plan] = []
    new_documents: list[Document] = []
    # The hash each document will have after the items so far: a URL can appear twice in a batch.
    latest_hash = {
        id(doc): doc.current_revision.content_hash for doc in by_id.values() if doc.current_revision
    }
    for item in prepared:
        document = (
            by_id.get(item.document_id) if item.document_id else by_url.get(item.url) if item.url else None
        )
        if document is None and not item.url and not item.document_id:
            document = by_hash.get(item.content_hash)
        if document is None and item.refuse_lookalike:
            matching.lookalike_refuse(
                title=item.title,
                title_known=item.title_known or item.origin != RevisionOrigin.TEXT,
                url=item.url,
                publisher=publishers.resolve(item),
            )
        if document is None:
            document = Document(
                title=item.title or "Untitled",
                url=item.url,
                author=item.author,
                published_on=item.published_on,
                language=item.language,
                publisher=publishers.resolve(item),
                created_by=user,
            )
            new_documents.append(document)
            status = ImportStatus.IMPORTED
            if item.url:
                by_url[item.url] = document
        elif latest_hash.get(id(document)) == item.content_hash:
            status = ImportStatus.UNCHANGED
        else:
            status = ImportStatus.NEW_REVISION
            if not item.document_id:
                matching.different_article_refuse(
                    document,
                    source_name=item.source_name,
                    title=item.title,
                    title_known=item.title_known,
                    text=item.text,
                )
            metadata_refresh(document, item, publishers.resolve(item))
        by_hash.setdefault(item.content_hash, document)
        latest_hash[id(document)] = item.content_hash
        plans.append((item, status, document))

    publishers.store()
    Document.objects.bulk_create(new_documents)
    revisions = revisions_store(plans, user=user, suggest=suggest)
    return [
        ImportOutcome(item.source_name, status, document, revisions.get(index, document.current_revision))
        for index, (item, status, document) in enumerate(plans)
    ]


def source_from_text(text: str, *, text_format: str = "text", name: str = "pasted text") -> ImportSource:
    return ImportSource(content=text, name=name, origin=RevisionOrigin.TEXT, kind=text_format)


def source_from_upload(upload: UploadedFile) -> ImportSource:
    name = upload.name or "upload"
    kind = extraction.kind_for(name, upload.content_type)
    _check_size(upload.size or 0, name=name, field="file")
    return ImportSource(content=upload.read(), name=name, origin=RevisionOrigin.FILE, kind=kind)


def source_from_path(path: str | Path, *, not_found_hint: str = "") -> ImportSource:
    """A file to import, named in messages as given (a `str` keeps "./a//b.txt" as typed)."""
    name, path = str(path), Path(path)
    if not path.is_file():
        hint = f" ({not_found_hint})" if not_found_hint else ""
        raise ImportRefused(f"{name}: no such file{hint}", field="file", code="not_found")
    kind = extraction.kind_for(name)  # the name as typed, as in every refusal here: the command strips it
    try:
        _check_size(path.stat().st_size, name=name, field="file")
        content = path.read_bytes()
    except OSError as exc:
        raise ImportRefused(
            f"{name}: cannot be read ({exc.strerror})", field="file", code="unreadable"
        ) from None
    return ImportSource(content=content, name=name, origin=RevisionOrigin.FILE, kind=kind)


def source_from_url(url: str) -> ImportSource:
    """Fetch a web page for import; private and internal addresses are refused (SSRF)."""
    fetched = fetching.fetch(
        url,
        max_bytes=settings.FACTCHECK_IMPORT_MAX_BYTES,
        timeout=settings.FACTCHECK_FETCH_TIMEOUT,
        max_redirects=settings.FACTCHECK_FETCH_MAX_REDIRECTS,
        allowed_hosts=settings.FACTCHECK_FETCH_ALLOWED_HOSTS,
    )
    # A web server's content type says what a page is; its path (".php", "/article/12") often does not.
    name = "" if fetched.content_type else PurePosixPath(urlsplit(fetched.url).path).name
    try:
        kind = extraction.kind_for(name, fetched.content_type or None)
    except ImportRefused:
        raise ImportRefused(
            f"{url}: the page is {fetched.content_type or 'of no stated type'}, not HTML or text",
            field="url",
            code="unsupported_type",
        ) from None
    return ImportSource(
        content=fetched.content,
        name=url,
        origin=RevisionOrigin.URL,
        kind=kind,
        url=fetched.url,
        charset=fetched.charset or "",
    )


def document_import_validated(
    *, data: Mapping[str, Any], user: AbstractBaseUser | None, refuse_lookalike: bool = False
) -> ImportOutcome:
    """Import what a DocumentImportSerializer validated (the API's and the browser's import): whichever
    of text, file or URL it gave, with the title, URL, language, publisher and document it states."""
    overrides = ImportOverrides(
        title=data["title"],
        url=data["url"],
        language=data["language"],
        publisher=data["publisher"],
        document_id=data.get("document"),
        # A new revision of a chosen document is no look-alike to ask about.
        refuse_lookalike=refuse_lookalike and not data.get("document"),
    )
    upload, url = data.get("file"), data.get("source_url")
    if upload is not None:
        source = source_from_upload(upload)
    elif url:
        source = source_from_url(url)
    else:
        source = source_from_text(data.get("text") or "", text_format=data["format"])
    return document_import(source=source, overrides=overrides, user=user)


@transaction.atomic
def document_publisher_confirm(*, document: Document, user: AbstractBaseUser) -> Document:
    """An admin confirms that the document is its publisher's, so it counts with the publisher's rating
    although its URL is not on the publisher's domains (claims.receivers re-scores the claims citing it)."""
    if not user.is_staff:
        raise ImportRefused("Only an admin can confirm a document's publisher.", code="permission_denied")
    if document.publisher_id is None:
        raise ImportRefused(
            "The document has no publisher to confirm.", field="publisher", code="no_publisher"
        )
    document.publisher_confirmed_by, document.publisher_confirmed_at = user, timezone.now()
    document.save(update_fields=["publisher_confirmed_by", "publisher_confirmed_at", "updated_at"])
    return document
