"""Reads for the API's claim and evidence responses on PostgreSQL: rows by id from one fixed statement
each, shaped like the model instances claims.representations reads.

Why not the ORM: compiling a seven-way join of chosen columns took longer per request than running it,
and a statement whose text changes cannot be prepared. These texts never change, so each connection
plans them once; `force_generic_plan` keeps PostgreSQL from planning them anew for each page of ids.
The as-of views and SQLite use the ORM selectors (claims.selectors); tests/claims/test_api_rows.py
checks that both give the same answers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import SimpleNamespace as Row
from typing import Any

from django.db import connection, transaction

from claims.models import Stance
from claims.selectors import stance_count_name
from claims.serializers import SPAN_RESPONSE_FIELDS

_STANCES = Stance.values

CLAIMS_SQL = f"""
SELECT c.id, c.document_id, d.title, c.revision_id, r.number, c.start, c."end", c.exact, c.prefix, c.suffix,
    c.orphaned, c.anchor_confidence, c.speaker, c.speaker_role, c.statement, c.status, c.speaker_kind,
    c.short_statement,
    COALESCE(n.total, 0), {", ".join(f"COALESCE(n.{s}, 0)" for s in _STANCES)},
    c.verdict, c.support_score, c.confidence, c.scoring_pending_since,
    c.assessment_id, {{breakdown}}, a.created_at, a.algorithm_version,
    c.editorial_id, e.verdict, e.explanation, e.published_at, ep.username,
    c.created_by_id, cu.username, uu.username, c.created_at, c.updated_at
FROM unnest(%s::bigint[]) WITH ORDINALITY AS page(id, n)
JOIN claims_claim c ON c.id = page.id
JOIN sources_document d ON d.id = c.document_id
JOIN sources_documentrevision r ON r.id = c.revision_id
JOIN auth_user cu ON cu.id = c.created_by_id
JOIN auth_user uu ON uu.id = c.updated_by_id
LEFT JOIN claims_evidencecounts n ON n.claim_id = c.id
LEFT JOIN claims_assessment a ON a.id = c.assessment_id
LEFT JOIN claims_editorialverdict e ON e.id = c.editorial_id
LEFT JOIN auth_user ep ON ep.id = e.published_by_id
ORDER BY page.n
"""

_EVIDENCE_COLUMNS = """
SELECT v.id, v.claim_id, v.document_id, d.title, p.id, p.name, p.domain, p.reliability,
    v.revision_id, r.number, v.start, v."end", v.exact, v.prefix, v.suffix, v.orphaned, v.anchor_confidence,
    v.stance, v.note, v.note_internal, v.origin, v.created_by_id, u.username, v.created_at, v.updated_at
"""
_EVIDENCE_JOINS = """
JOIN sources_document d ON d.id = v.document_id
LEFT JOIN sources_publisher p ON p.id = d.publisher_id
LEFT JOIN sources_documentrevision r ON r.id = v.revision_id
JOIN auth_user u ON u.id = v.created_by_id
"""
# Each claim's evidence, oldest link first.
EVIDENCE_OF_CLAIMS_SQL = f"""{_EVIDENCE_COLUMNS}
FROM claims_evidence v {_EVIDENCE_JOINS}
WHERE v.claim_id = ANY(%s::bigint[])
ORDER BY v.claim_id, v.created_at, v.id
"""
EVIDENCE_SQL = f"""{_EVIDENCE_COLUMNS}
FROM unnest(%s::bigint[]) WITH ORDINALITY AS page(id, n)
JOIN claims_evidence v ON v.id = page.id {_EVIDENCE_JOINS}
ORDER BY page.n
"""


def available() -> bool:
    return connection.vendor == "postgresql"


@contextmanager
def _generic_plans() -> Iterator[Any]:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        yield cursor


def claims(ids: Sequence[int], *, detail: bool = False) -> list[Row]:
    """The claims with these ids, in this order (ids not found are left out), with what the API lists:
    the document title, revision number, evidence counts, verdict columns, the current assessment's
    time and version, the editorial verdict. With `detail`, also the breakdown and (`evidence_items`)
    each claim's evidence, oldest link first."""
    if not ids:
        return []
    sql = CLAIMS_SQL.format(breakdown="a.breakdown" if detail else "NULL::jsonb")
    with _generic_plans() as cursor:
        cursor.execute(sql, [list(ids)])
        found = [_claim(row) for row in cursor.fetchall()]
        if detail and found:
            by_claim: dict[int, list[Row]] = {claim.id: [] for claim in found}
            cursor.execute(EVIDENCE_OF_CLAIMS_SQL, [list(by_claim)])
            for row in cursor.fetchall():
                item = _evidence(row)
                by_claim[item.claim_id].append(item)
            for claim in found:
                claim.evidence_items = by_claim[claim.id]
    return found


# The span columns, in the order both statements select them: the response's span fields.
_SPAN = ("revision_id", *SPAN_RESPONSE_FIELDS[1:])


def _span(values: Sequence[Any]) -> dict[str, Any]:
    return dict(zip(_SPAN, values, strict=True))


def _claim(row: tuple[Any, ...]) -> Row:
    id_, document_id, title = row[:3]
    speaker, role, statement, status, speaker_kind, short_statement, total, *rest = row[3 + len(_SPAN) :]
    counts, rest = rest[: len(_STANCES)], rest[len(_STANCES) :]
    (verdict, score, verdict_confidence, pending, assessment_id, breakdown, assessed_at, version,
     editorial_id, e_verdict, explanation, published_at, publisher, created_by_id, creator, updater,
     created_at, updated_at) = rest  # fmt: skip
    claim = Row(
        id=id_,
        pk=id_,
        document_id=document_id,
        document=Row(title=title),
        **_span(row[3 : 3 + len(_SPAN)]),
        speaker=speaker,
        speaker_role=role,
        statement=statement,
        status=status,
        speaker_kind=speaker_kind,
        short_statement=short_statement,
        evidence_count=total,
        current_verdict=verdict,
        current_score=score,
        current_confidence=verdict_confidence,
        scoring_pending_since=pending,
        assessment=None
        if assessment_id is None
        # Django has psycopg hand JSON over as text, for JSONField to decode.
        else Row(
            breakdown=None if breakdown is None else json.loads(breakdown),
            created_at=assessed_at,
            algorithm_version=version,
        ),
        editorial=None
        if editorial_id is None
        else Row(
            verdict=e_verdict,
            explanation=explanation,
            published_at=published_at,
            published_by=Row(username=publisher),
        ),
        created_by_id=created_by_id,
        created_by=Row(username=creator),
        updated_by=Row(username=updater),
        created_at=created_at,
        updated_at=updated_at,
    )
    for stance, count in zip(_STANCES, counts, strict=True):
        setattr(claim, stance_count_name(stance), count)
    return claim


def evidence(ids: Sequence[int]) -> list[Row]:
    """The evidence items with these ids, in this order."""
    if not ids:
        return []
    with _generic_plans() as cursor:
        cursor.execute(EVIDENCE_SQL, [list(ids)])
        return [_evidence(row) for row in cursor.fetchall()]


def _evidence(row: tuple[Any, ...]) -> Row:
    id_, claim_id, document_id, title, publisher_id, name, domain, reliability = row[:8]
    stance, note, note_internal, origin, created_by_id, creator, created_at, updated_at = row[
        8 + len(_SPAN) :
    ]
    return Row(
        id=id_,
        pk=id_,
        claim_id=claim_id,
        document_id=document_id,
        document=Row(
            title=title,
            publisher=None
            if publisher_id is None
            else Row(id=publisher_id, name=name, domain=domain, reliability=reliability),
        ),
        **_span(row[8 : 8 + len(_SPAN)]),
        stance=stance,
        note=note,
        note_internal=note_internal,
        origin=origin,
        created_by_id=created_by_id,
        created_by=Row(username=creator),
        created_at=created_at,
        updated_at=updated_at,
    )
