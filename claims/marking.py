"""Marking a claim through the API on PostgreSQL: the usual request in two statements.

`POST /api/v1/claims/` is what editors and programs send most. Through DRF's serializer and the ORM it
took eight round trips and about four times the work of the cheapest authenticated request: the
serializer, an ORM read of the document, a transaction around the claim's INSERT and its history row's
INSERT. Here a request that is plainly well formed is read by a plain function, the document by one
fixed statement, and the claim goes in with its history row in one `WITH … INSERT` (one statement is
one transaction).

Anything else is left to the serializer and claims.services: `marking_read` and `claim_mark` return
None for any request they do not take (a missing or odd field, a stale revision, a span that does not
fit), having changed nothing, so every refusal keeps its one wording and shape. They only ever take
what the serializer would accept, with the same values: tests/claims/test_marking.py holds them to that.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import DatabaseError, connection, transaction

from claims import pending_suggestions, services
from claims.errors import ClaimRefused
from claims.models import Claim, ClaimStatus, SpeakerRole
from sources import anchoring
from sources.models import Document, DocumentRevision

_SPEAKER_ROLES = frozenset(SpeakerRole.values)
_STATUSES = frozenset(ClaimStatus.values)
# The text fields a request may give, with the longest each may be (None: no limit).
_TEXTS = {"exact": None, "prefix": 1000, "suffix": 1000, "speaker": 200, "statement": None}
_FIELDS = frozenset({"document", "revision", "start", "end", "speaker_role", "status", *_TEXTS})
_BIGINT = 2**63

DOCUMENT_SQL = """
SELECT d.title, r.id, r.number, r.text
FROM sources_document d JOIN sources_documentrevision r ON r.id = d.current_revision_id
WHERE d.id = %s
"""


@dataclass(frozen=True)
class Marking:
    """A request to mark a claim, as ClaimCreateSerializer would read it (offsets as sent)."""

    document: int
    revision: int | None
    start: int | None
    end: int | None
    exact: str | None
    prefix: str
    suffix: str
    speaker: str
    speaker_role: str
    statement: str
    status: str


def marking_read(data: Any) -> Marking | None:
    """The request body as a Marking, or None unless every field is plainly well formed."""
    if type(data) is not dict or not data.keys() <= _FIELDS:
        return None
    if not _is_id(data.get("document")) or not ("revision" not in data or _is_id(data["revision"])):
        return None
    start, end = data.get("start"), data.get("end")
    if (start is None) != (end is None) or not (start is None or type(start) is type(end) is int):
        return None
    for name, longest in _TEXTS.items():
        value = data.get(name, "")
        if type(value) is not str or (longest is not None and len(value) > longest) or not _storable(value):
            return None
    role, status = data.get("speaker_role", SpeakerRole.AUTHOR), data.get("status", ClaimStatus.DRAFT)
    if role not in _SPEAKER_ROLES or status not in _STATUSES:
        return None
    return Marking(
        document=data["document"],
        revision=data.get("revision"),
        start=start,
        end=end,
        exact=data.get("exact") or None,
        prefix=data.get("prefix", ""),
        suffix=data.get("suffix", ""),
        speaker=data.get("speaker", ""),
        speaker_role=str(role),
        statement=data.get("statement", ""),
        status=str(status),
    )


def _is_id(value: Any) -> bool:
    return type(value) is int and 0 < value < _BIGINT


def _storable(value: str) -> bool:
    """No NUL and no lone surrogate: what DRF's CharField refuses, and PostgreSQL cannot store."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def claim_mark(marking: Marking, *, user: AbstractBaseUser, utf16: bool) -> Claim | None:
    """Mark the claim and return it as inserted (with its document, revision and users), or None,
    having written nothing, when the document, revision or span is not as the request says."""
    with connection.cursor() as cursor:
        cursor.execute(DOCUMENT_SQL, [marking.document])
        found = cursor.fetchone()
    if found is None:
        return None
    title, revision_id, number, text = found
    if marking.revision is not None and marking.revision != revision_id:
        return None
    start, end = marking.start, marking.end
    try:
        if utf16 and start is not None and end is not None:
            start, end = anchoring.utf16_to_codepoint(text, start), anchoring.utf16_to_codepoint(text, end)
        revision = DocumentRevision(id=revision_id, document_id=marking.document, number=number, text=text)
        span = services.SpanInput(start, end, marking.exact, marking.prefix, marking.suffix)
        anchor = services.span_anchor(revision, span)
    except (anchoring.AnchorError, ClaimRefused):
        return None
    document = Document(id=marking.document, title=title, current_revision_id=revision_id)
    claim = services.claim_new(
        document=document,
        revision=revision,
        anchor=anchor,
        user=user,
        speaker=marking.speaker,
        speaker_role=marking.speaker_role,
        statement=marking.statement,
        status=marking.status,
    )
    if not _insert(claim, user):
        return None
    transaction.on_commit(pending_suggestions.job_send)  # at once, unless in a caller's transaction
    return claim


def _insert(claim: Claim, user: AbstractBaseUser) -> bool:
    """Insert the claim and its first history row (by `user`, now) in one statement; False if the
    database refused it (a user or document deleted meanwhile), which then changed nothing."""
    sql, fields = _insert_statement()
    values = [field.get_db_prep_save(field.pre_save(claim, True), connection) for field in fields]
    # Inside a transaction (a test's, or a caller's) a refused statement must not spoil the rest of it.
    block = transaction.atomic() if connection.in_atomic_block else nullcontext()
    try:
        with block, connection.cursor() as cursor:
            cursor.execute(sql, [*values, user.pk])
            (claim.pk,) = cursor.fetchone()
    except DatabaseError:
        return False
    claim._state.adding = False
    return True


@cache
def _insert_statement() -> tuple[str, list[Any]]:
    """The INSERT for every column of a claim, and the history row django-simple-history would write,
    from the models' own fields: a field added to Claim is written here too."""
    quote = connection.ops.quote_name
    fields = [field for field in Claim._meta.concrete_fields if not field.primary_key]
    history = Claim.history.model
    tracked = ", ".join(
        quote(field.column)
        for field in history._meta.concrete_fields
        if not field.name.startswith("history_")
    )
    sql = (
        f"WITH c AS (INSERT INTO {quote(Claim._meta.db_table)} "
        f"({', '.join(quote(field.column) for field in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) RETURNING *) "
        f"INSERT INTO {quote(history._meta.db_table)} "
        f"({tracked}, history_date, history_type, history_user_id, history_change_reason) "
        f"SELECT {tracked}, c.created_at, '+', %s, NULL FROM c RETURNING id"
    )
    return sql, fields
