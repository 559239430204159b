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

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace as Row
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import DatabaseError, connection, transaction
from django.db.models import Field
from django.utils import timezone

from claims import pending_suggestions, services
from claims.errors import ClaimRefused
from claims.models import Claim, ClaimStatus, SpeakerRole, Stance
from claims.selectors import stance_count_name
from sources import anchoring

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


def claim_mark(marking: Marking, *, user: AbstractBaseUser, utf16: bool) -> Row | None:
    """Mark the claim and return it as the API shows a new claim (a row like claims.api_rows'), or
    None, having written nothing, when the document, revision or span is not as the request says."""
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
        span = services.SpanInput(start, end, marking.exact, marking.prefix, marking.suffix)
        anchor = services.span_anchor(Row(text=text), span)
    except (anchoring.AnchorError, ClaimRefused):
        return None
    now = timezone.now()
    fields = {
        **_defaults(),
        "document_id": marking.document,
        "revision_id": revision_id,
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
    claim_id = _insert(fields, user)
    if claim_id is None:
        return None
    transaction.on_commit(pending_suggestions.job_send)  # at once, unless in a caller's transaction
    return _as_created(claim_id, fields, title=title, revision_number=number, text=text, user=user)


def _insert(fields: dict[str, Any], user: AbstractBaseUser) -> int | None:
    """Insert the claim and its first history row (by `user`, now) in one statement; None if the
    database refused it (a user or document deleted meanwhile), which then changed nothing."""
    sql, columns = _insert_statement()
    values = [prepare(fields[name]) for name, prepare in columns]
    # Inside a transaction (a test's, or a caller's) a refused statement must not spoil the rest of it.
    block = transaction.atomic() if connection.in_atomic_block else nullcontext()
    try:
        with block, connection.cursor() as cursor:
            cursor.execute(sql, [*values, user.pk])
            (claim_id,) = cursor.fetchone()
    except DatabaseError:
        return None
    return claim_id


def _as_created(
    claim_id: int,
    fields: dict[str, Any],
    *,
    title: str,
    revision_number: int,
    text: str,
    user: AbstractBaseUser,
) -> Row:
    """The new claim as claims.representations reads it: no evidence or verdicts yet."""
    claim = Row(
        id=claim_id,
        pk=claim_id,
        **fields,
        document=Row(title=title),
        revision_number=revision_number,
        revision_text=text,
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
    {"BooleanField", "CharField", "DateTimeField", "FloatField", "ForeignKey", "IntegerField", "TextField"}
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
    sql = (
        f"WITH c AS (INSERT INTO {quote(Claim._meta.db_table)} "
        f"({', '.join(quote(field.column) for field in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) RETURNING *) "
        f"INSERT INTO {quote(history._meta.db_table)} "
        f"({tracked}, history_date, history_type, history_user_id, history_change_reason) "
        f"SELECT {tracked}, c.created_at, '+', %s, NULL FROM c RETURNING id"
    )
    columns = [(field.attname, _preparer(field)) for field in fields]
    return sql, columns


def _as_is(value: Any) -> Any:
    return value


def _preparer(field: Field) -> Callable[[Any], Any]:
    if field.get_internal_type() in _PLAIN:
        return _as_is
    return lambda value: field.get_db_prep_save(value, connection)


def _defaults() -> dict[str, Any]:
    """Each column's default, as a new Claim() would have it."""
    return {field.attname: field.get_default() for field in _fields()}


@cache
def _fields() -> list[Field]:
    return [field for field in Claim._meta.concrete_fields if not field.primary_key]
