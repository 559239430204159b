"""What an import is, from input to outcome: the raw content and where it came from, what the user
states, the extracted document ready to be written, what became of it, and how an import says so.
Data, and the check of the URL a user states; the writes are in sources.services."""

from __future__ import annotations

import datetime
import enum
from collections.abc import Mapping
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


# --- What an import says of its files -----------------------------------------------------------------


@dataclass(frozen=True)
class ResultWords:
    """How one kind of a file's result is said: on its row, and counted in the import's summary."""

    label: str
    counted: str  # `{n}` is the count
    always: bool = True  # counted even when there are none


# Every kind of result a file of an import can have, in the summary's order: the import statuses, a
# refusal, a file like an existing document that waits for the editor to say what it is (refused with
# "possible_revision"; nothing failed), and in the browser an upload whose answer never came (it may have
# been stored all the same). The command, the import page and import.js (sent to it as JSON) say them so.
RESULT_WORDS = {
    ImportStatus.IMPORTED.value: ResultWords("Imported", "Imported {n}"),
    ImportStatus.UNCHANGED.value: ResultWords("Unchanged", "unchanged {n}"),
    ImportStatus.NEW_REVISION.value: ResultWords("New revision", "new revision {n}"),
    "failed": ResultWords("Failed", "failed {n}"),
    "needs_choice": ResultWords("Needs your choice", "{n} waiting for your choice", always=False),
    "no_answer": ResultWords("No answer", "no answer {n}", always=False),
}


def import_summary(counts: Mapping[str, int]) -> str:
    """The summary of an import from its files' results counted by kind (RESULT_WORDS' keys):
    "Imported 3, unchanged 0, new revision 0, failed 1."."""
    said = [
        words.counted.format(n=counts.get(kind, 0))
        for kind, words in RESULT_WORDS.items()
        if words.always or counts.get(kind, 0)
    ]
    return ", ".join(said) + "."
