"""Marking a claim through the API on PostgreSQL: the usual request in one statement.

`POST /api/v1/claims/` is what editors and programs send most. Through DRF's serializer and the ORM it
took eight round trips and about four times the work of the cheapest authenticated request: the
serializer, an ORM read of the document, a transaction around the claim's INSERT and its history row's
INSERT. Here a request that is plainly well formed is read by a plain function; the document's current
text is remembered from the last claim marked in it (CurrentTexts), else read with one fixed statement;
and the claim goes in with its history row in one `WITH … INSERT` (one statement, one transaction), which
writes nothing if the remembered revision is no longer the current one.

Anything else is left to the serializer and claims.services: `marking_read` and `claim_mark` return
None for any request they do not take (a missing or odd field, a stale revision, a span that does not
fit), having changed nothing, so every refusal keeps its one wording and shape. They only ever take
what the serializer would accept, with the same values: tests/claims/test_marking.py holds them to that.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace as Row
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import DataError, IntegrityError, connection, transaction
from django.db.models import Field
from django.utils import timezone

from claims import pending_suggestions, services
from claims.errors import ClaimRefused
from claims.models import QUOTE_MAX, SPEAKER_MAX, STATEMENT_MAX, Claim, ClaimStatus, SpeakerRole, Stance
from claims.selectors import stance_count_name
from sources import anchoring

_SPEAKER_ROLES = frozenset(SpeakerRole.values)
_STATUSES = frozenset(ClaimStatus.values)
# The text fields a request may give, with the longest each may be (claims.models, README "Limits").
_TEXTS = {
    "exact": QUOTE_MAX,
    "prefix": 1000,
    "suffix": 1000,
    "speaker": SPEAKER_MAX,
    "statement": STATEMENT_MAX,
}
_FIELDS = frozenset({"document", "revision", "start", "end", "speaker_role", "status", *_TEXTS})
_BIGINT = 2**63

DOCUMENT_SQL = """
SELECT r.id, r.number, r.text
FROM sources_document d JOIN sources_documentrevision r ON r.id = d.current_revision_id
WHERE d.id = %s
"""


@dataclass(frozen=True)
class CurrentText:
    """A document's current revision, as remembered; the INSERT checks it is still current."""

    revision_id: int
    number: int
    text: str


class CurrentTexts:
    """The current revision of the documents claims were lately marked in, kept by this process
    (least recently used out first, up to `max_chars` of text), so that marking the next claim in
    the same document does not read its text again. Revisions never change once written; a document
    that got a newer one is caught by the INSERT, which then writes nothing, and is read again."""

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars
        self._texts: OrderedDict[int, CurrentText] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()

    def get(self, document_id: int) -> CurrentText | None:
        with self._lock:
            found = self._texts.get(document_id)
            if found is not None:
                self._texts.move_to_end(document_id)
            return found

    def put(self, document_id: int, current: CurrentText) -> None:
        with self._lock:
            self._pop(document_id)
            if len(current.text) > self.max_chars:
                return
            self._texts[document_id] = current
            self._chars += len(current.text)
            while self._chars > self.max_chars:
                self._pop(next(iter(self._texts)))

    def _pop(self, document_id: int) -> None:
        gone = self._texts.pop(document_id, None)
        if gone is not None:
            self._chars -= len(gone.text)


CURRENT_TEXTS = CurrentTexts(max_chars=4_000_000)


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
    if type(data) is not dict or not data.keys() <= _FIELDS or any(v is None for v in data.values()):
        return None  # an unknown field is ignored by the serializer, a null refused: both its to say
    if not _is_id(data.get("document")) or not ("revision" not in data or _is_id(data["revision"])):
        return None
    start, end = data.get("start"), data.get("end")
    if (start is None) != (end is None) or not (start is None or type(start) is type(end) is int):
        return None
    if start is not None and end - start > QUOTE_MAX:
        return None  # perhaps too long a quote: the service says so
    for name, longest in _TEXTS.items():
        value = data.get(name, "")
        if type(value) is not str or (longest is not None and len(value) > longest) or not _storable(value):
            return None
    role = data.get("speaker_role", SpeakerRole.AUTHOR.value)
    status = data.get("status", ClaimStatus.DRAFT.value)
    if type(role) is not str or type(status) is not str:
        return None
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
        speaker_role=role,
        statement=data.get("statement", ""),
        status=status,
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


def claim_mark(marking: Marking, *, user: AbstractBaseUser, utf16: bool) -> Row | None:
    """Mark the claim and return it as the API shows a new claim (a row like claims.api_rows'), or
    None, having written nothing, when the document, revision or span is not as the request says."""
    current = CURRENT_TEXTS.get(marking.document)
    marked = None if current is None else _mark_in(marking, current, user=user, utf16=utf16)
    if marked is None:  # not remembered, or no longer current, or the request does not fit it
        current = _current_text(marking.document)
        marked = None if current is None else _mark_in(marking, current, user=user, utf16=utf16)
    if current is None or marked is None:
        return None
    fields, (claim_id, title) = marked
    transaction.on_commit(pending_suggestions.job_send)  # at once, unless in a caller's transaction
    return _as_created(claim_id, fields, title=title, revision=current, user=user)


def _mark_in(
    marking: Marking, current: CurrentText, *, user: AbstractBaseUser, utf16: bool
) -> tuple[dict[str, Any], tuple[int, str]] | None:
    fields = _claim_fields(marking, current, user=user, utf16=utf16)
    inserted = None if fields is None else _insert(fields, user)
    return None if inserted is None else (fields, inserted)


def _current_text(document_id: int) -> CurrentText | None:
    with connection.cursor() as cursor:
        cursor.execute(DOCUMENT_SQL, [document_id])
        found = cursor.fetchone()
    if found is None:
        return None
    revision_id, number, text = found
    current = CurrentText(revision_id=revision_id, number=number, text=text)
    CURRENT_TEXTS.put(document_id, current)
    return current


def _claim_fields(
    marking: Marking, current: CurrentText, *, user: AbstractBaseUser, utf16: bool
) -> dict[str, Any] | None:
    """Every column of the new claim, or None when the revision or the span is not as the request says."""
    if marking.revision is not None and marking.revision != current.revision_id:
        return None
    start, end = marking.start, marking.end
    try:
        if utf16 and start is not None and end is not None:
            start = anchoring.utf16_to_codepoint(current.text, start)
            end = anchoring.utf16_to_codepoint(current.text, end)
        span = services.SpanInput(start, end, marking.exact, marking.prefix, marking.suffix)
        anchor = services.span_anchor(current, span)
    except (anchoring.AnchorError, ClaimRefused):
        return None
    now = timezone.now()
    return {
        **_defaults(),
        "document_id": marking.document,
        "revision_id": current.revision_id,
        **services.claim_fields(
            anchor=anchor,
            user_id=user.pk,
            speaker=marking.speaker,
            speaker_role=marking.speaker_role,
            statement=marking.statement,
            status=marking.status,
        ),
        "created_at": now,
        "updated_at": now,
    }


def _insert(fields: dict[str, Any], user: AbstractBaseUser) -> tuple[int, str] | None:
    """Insert the claim and its first history row (by `user`, now) in one statement, if its revision
    is still the document's current one; its id and the document's title, or None if nothing was
    written (a newer revision, or the database refused the row: a user deleted meanwhile, say)."""
    sql, columns = _insert_statement()
    values = [prepare(fields[name]) for name, prepare in columns]
    # Inside a transaction (a test's, or a caller's) a refused statement must not spoil the rest of it.
    block = transaction.atomic() if connection.in_atomic_block else nullcontext()
    try:
        with block, connection.cursor() as cursor:
            cursor.execute(sql, [fields["document_id"], fields["revision_id"], *values, user.pk])
            return cursor.fetchone()
    except (IntegrityError, DataError):  # a broken statement (ProgrammingError) is a bug: let it show
        return None


def _as_created(
    claim_id: int, fields: dict[str, Any], *, title: str, revision: CurrentText, user: AbstractBaseUser
) -> Row:
    """The new claim as claims.representations reads it: no evidence or verdicts yet."""
    claim = Row(
        id=claim_id,
        pk=claim_id,
        **fields,
        document=Row(title=title),
        revision_number=revision.number,
        revision_text=revision.text,
        evidence_count=0,
        current_verdict=fields["verdict"],
        current_score=fields["support_score"],
        current_confidence=fields["confidence"],
        assessment=None,
        editorial=None,
        created_by=user,
        updated_by=user,
        evidence_items=[],
    )
    for stance in Stance.values:
        setattr(claim, stance_count_name(stance), 0)
    return claim


# Values psycopg takes as they are; a field of another kind is prepared by Django as the ORM would.
_PLAIN = frozenset(
    {
        "BooleanField",
        "CharField",
        "DateTimeField",
        "FloatField",
        "ForeignKey",
        "IntegerField",
        "PositiveIntegerField",
        "TextField",
    }
)


@cache
def _insert_statement() -> tuple[str, list[tuple[str, Callable[[Any], Any]]]]:
    """The INSERT of every column of a claim, and the history row django-simple-history would write,
    from the models' own fields: a field added to Claim is written here too."""
    quote = connection.ops.quote_name
    fields = _fields()
    history = Claim.history.model
    kept = [field for field in history._meta.concrete_fields if not field.name.startswith("history_")]
    tracked = ", ".join(quote(field.column) for field in kept)
    values = ", ".join(f"%s::{_cast(field)}" for field in fields)
    sql = (
        "WITH d AS (SELECT title FROM sources_document WHERE id = %s AND current_revision_id = %s), "
        f"c AS (INSERT INTO {quote(Claim._meta.db_table)} "
        f"({', '.join(quote(field.column) for field in fields)}) "
        f"SELECT {values} FROM d RETURNING *), "
        f"h AS (INSERT INTO {quote(history._meta.db_table)} "
        f"({tracked}, history_date, history_type, history_user_id, history_change_reason) "
        f"SELECT {tracked}, c.created_at, '+', %s, NULL FROM c) "
        "SELECT c.id, d.title FROM c CROSS JOIN d"
    )
    columns = [(field.attname, _preparer(field)) for field in fields]
    return sql, columns


def _cast(field: Field) -> str:
    """The SQL type a parameter is read as (INSERT … SELECT does not type them by their columns);
    text for text, so that a value too long for its column is refused rather than cut."""
    if field.get_internal_type() in {"CharField", "TextField"}:
        return "text"
    return field.db_type(connection)


def _as_is(value: Any) -> Any:
    return value


def _preparer(field: Field) -> Callable[[Any], Any]:
    if field.get_internal_type() in _PLAIN:
        return _as_is
    return lambda value: field.get_db_prep_save(value, connection)


def _defaults() -> dict[str, Any]:
    """Each column's default, as a new Claim() would have it: fixed ones worked out once, a callable
    one (none yet) called each time."""
    fixed, called = _default_kinds()
    return {**fixed, **{field.attname: field.get_default() for field in called}}


@cache
def _default_kinds() -> tuple[dict[str, Any], list[Field]]:
    called = [field for field in _fields() if field.has_default() and callable(field.default)]
    fixed = {field.attname: field.get_default() for field in _fields() if field not in called}
    return fixed, called


@cache
def _fields() -> list[Field]:
    return [field for field in Claim._meta.concrete_fields if not field.primary_key]
