"""The API's JSON for claims and evidence, built by plain functions from model instances or from the
rows of claims.api_rows (objects with the same attributes).

claims.serializers describes these shapes (the OpenAPI schema is generated from them) and reads
requests; answering with DRF's field-by-field serializers cost more than the rest of a page of 50
claims together, so responses are built here. tests/claims/test_representations.py keeps the two
identical, field for field, so the schema stays true.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from claims import selectors
from claims.bulk import SPAN_FIELDS
from claims.models import Claim, EditorialVerdict, Evidence, Stance
from claims.scoring import VERDICT_LABELS, Verdict
from sources import anchoring
from sources.rest import OffsetUnit

# What these functions read, for the selectors' `only`: reading a field left out here would cost a
# query per row, which tests/claims/test_query_counts.py would notice.
CLAIM_FIELDS = (
    "document",
    "document__title",
    *SPAN_FIELDS,
    "speaker",
    "speaker_role",
    "statement",
    "status",
    "speaker_kind",
    "short_statement",
    "scoring_pending_since",
    "created_by__username",
    "updated_by__username",
    "created_at",
    "updated_at",
    "assessment__breakdown",
    "assessment__created_at",
    "assessment__algorithm_version",
    "assessment__verdict",
    "assessment__support_score",
    "assessment__confidence",
    "editorial__verdict",
    "editorial__explanation",
    "editorial__published_at",
    "editorial__published_by__username",
)
EVIDENCE_FIELDS = (
    "claim",
    "document",
    "document__title",
    "document__publisher__name",
    "document__publisher__domain",
    "document__publisher__reliability",
    *SPAN_FIELDS,
    "stance",
    "note",
    "note_internal",
    "origin",
    "created_by__username",
    "created_at",
    "updated_at",
)
STANCE_COUNTS = [(stance, selectors.stance_count_name(stance)) for stance in Stance.values]
VERDICT_LABEL = {verdict.value: label for verdict, label in VERDICT_LABELS.items()}


def when(value: datetime | None) -> str | None:
    """A time as DRF writes it: ISO 8601 in UTC, with Z."""
    if value is None:
        return None
    text = value.astimezone(UTC).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class Offsets:
    """Writes span offsets in the unit the request asked for, loading each revision's text once."""

    def __init__(self, unit: OffsetUnit, texts: Any) -> None:
        self.utf16 = unit == OffsetUnit.UTF16
        self.texts = texts  # claims.serializers.RevisionTexts

    def preload(self, spans: Iterable[Claim | Evidence]) -> None:
        if self.utf16:
            self.texts.preload(span.revision_id for span in spans)

    def span(self, item: Claim | Evidence) -> tuple[int | None, int | None]:
        if not self.utf16 or item.revision_id is None:
            return item.start, item.end
        text = self.texts.get(item.revision_id)
        return anchoring.codepoint_to_utf16(text, item.start), anchoring.codepoint_to_utf16(text, item.end)


def _span(item: Claim | Evidence, offsets: Offsets) -> dict[str, Any]:
    start, end = offsets.span(item)
    return {
        "revision": item.revision_id,
        "revision_number": item.revision_number,
        "start": start,
        "end": end,
        "exact": item.exact,
        "prefix": item.prefix,
        "suffix": item.suffix,
        "orphaned": item.orphaned,
        "anchor_confidence": item.anchor_confidence,
    }


def _editorial(editorial: EditorialVerdict | None) -> dict[str, Any] | None:
    if editorial is None:
        return None
    return {
        "verdict": editorial.verdict,
        "label": VERDICT_LABEL[editorial.verdict],
        "explanation": editorial.explanation,
        "published_by": editorial.published_by.username,
        "published_at": when(editorial.published_at),
    }


def claim_data(
    claim: Claim | Any, offsets: Offsets, *, evidence: Sequence[Evidence | Any] | None = None
) -> dict[str, Any]:
    """One claim as the API lists it (ClaimSerializer); given its evidence, as the API shows one claim
    (ClaimDetailSerializer), with the breakdown of its score and the evidence."""
    assessment = claim.assessment
    data = {
        "id": claim.id,
        "document": claim.document_id,
        "document_title": claim.document.title,
        **_span(claim, offsets),
        "speaker": claim.speaker,
        "speaker_role": claim.speaker_role,
        "statement": claim.statement,
        "status": claim.status,
        "speaker_kind": claim.speaker_kind,
        "short_statement": claim.short_statement,
        "evidence_count": claim.evidence_count,
        "evidence_counts": {stance: getattr(claim, name) for stance, name in STANCE_COUNTS},
        "verdict": claim.current_verdict,
        "verdict_label": VERDICT_LABEL[claim.current_verdict or Verdict.UNVERIFIED.value],
        "support_score": claim.current_score,
        "confidence": claim.current_confidence,
        "assessed_at": when(assessment.created_at) if assessment else None,
        "algorithm_version": assessment.algorithm_version if assessment else None,
        "scoring_pending_since": when(claim.scoring_pending_since),
        "editorial_verdict": _editorial(claim.editorial),
        "created_by": claim.created_by.username,
        "updated_by": claim.updated_by.username,
        "created_at": when(claim.created_at),
        "updated_at": when(claim.updated_at),
    }
    if evidence is not None:
        data["breakdown"] = assessment.breakdown if assessment else None
        offsets.preload(evidence)
        data["evidence"] = [evidence_data(item, offsets) for item in evidence]
    return data


def claims_data(claims: Sequence[Claim | Any], offsets: Offsets) -> list[dict[str, Any]]:
    offsets.preload(claims)
    return [claim_data(claim, offsets) for claim in claims]


def evidence_data(evidence: Evidence | Any, offsets: Offsets) -> dict[str, Any]:
    """One evidence item as the API shows it (EvidenceSerializer)."""
    publisher = evidence.document.publisher
    return {
        "id": evidence.id,
        "claim": evidence.claim_id,
        "document": evidence.document_id,
        "document_title": evidence.document.title,
        "publisher": None
        if publisher is None
        else {
            "id": publisher.id,
            "name": publisher.name,
            "domain": publisher.domain,
            "reliability": publisher.reliability,
        },
        "has_passage": evidence.revision_id is not None,
        **_span(evidence, offsets),
        "stance": evidence.stance,
        "note": evidence.note,
        "note_internal": evidence.note_internal,
        "origin": evidence.origin,
        "created_by": evidence.created_by.username,
        "created_at": when(evidence.created_at),
        "updated_at": when(evidence.updated_at),
    }


def evidence_list_data(items: Sequence[Evidence | Any], offsets: Offsets) -> list[dict[str, Any]]:
    offsets.preload(items)
    return [evidence_data(item, offsets) for item in items]
