"""What an import is, from input to outcome: the raw content and where it came from, what the user
states, the extracted document ready to be written, and what became of it. Data, and the check of the
URL a user states; the writes are in sources.services."""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass
from pathlib import PurePath

from sources.identity import stated_url_check
from sources.models import Document, DocumentRevision, RevisionOrigin


class ImportStatus(enum.StrEnum):
    IMPORTED = "imported"
    UNCHANGED = "unchanged"
    NEW_REVISION = "new_revision"


@dataclass(frozen=True)
class ImportSource:
    """What to import: the raw content and where it came from."""

    content: bytes | str
    name: str
    origin: RevisionOrigin
    kind: str  # one of extraction.KINDS
    url: str = ""  # where it was fetched from, after redirects
    charset: str = ""  # the charset the server declared for `content`


@dataclass(frozen=True)
class ImportOverrides:
    """What the user states, which wins over what extraction finds."""

    title: str = ""
    url: str = ""
    language: str = ""
    publisher: str = ""  # a publisher's name; created when new
    document_id: int | None = None  # import as a new revision of this document
    # The browser's paste and upload: a new document whose title and publisher (or URL) match an existing
    # one is refused with code "possible_revision" so the editor can choose; `separate` confirms a new one.
    refuse_lookalike: bool = False

    def __post_init__(self) -> None:
        # Checked here, where every way in (CLI, API, import page, demo) states it, before any file is read
        # or page fetched; raises ImportRefused(field="url").
        if self.url:
            stated_url_check(self.url)


@dataclass(frozen=True)
class PreparedDocument:
    """An extracted, validated document ready to be written."""

    source_name: str
    origin: RevisionOrigin
    text: str
    content_hash: str
    title: str
    url: str
    author: str
    published_on: datetime.date | None
    language: str
    publisher_name: str
    publisher_stated: bool
    title_stated: bool
    title_known: bool  # stated by the user or by the page itself, not guessed from the text
    domain: str
    document_id: int | None
    refuse_lookalike: bool = False

    @property
    def origin_name(self) -> str:
        """What a revision keeps of where its text came from: a file's name without its folders (the
        server's or the user's path is theirs, not the readers'), a URL or "pasted text" as it is."""
        if self.origin == RevisionOrigin.FILE:
            return PurePath(self.source_name).name
        return self.source_name


@dataclass(frozen=True)
class ImportOutcome:
    source_name: str
    status: ImportStatus
    document: Document
    revision: DocumentRevision
