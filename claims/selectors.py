"""Reads for claims and evidence: querysets with what the API needs joined and counted in,
so a page of claims costs the same few queries whatever its size, and their change history."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import F, Model, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from claims.models import Assessment, Claim, EditorialVerdict, Evidence, Stance
from claims.scoring import Verdict
from claims.spans import SPAN_FIELDS
from sources.models import DocumentRevision


def stance_count_name(stance: str) -> str:
    """The annotation holding a claim's number of evidence items with this stance."""
    return f"evidence_{stance}_count"


def _joined(queryset: QuerySet[Any], relations: Sequence[str], only: Sequence[str]) -> QuerySet[Any]:
    """`relations` joined in; or, when `only` names the fields a caller reads ("document__title"), just
    those fields and the relations they need: a wide row costs more to build than to fetch."""
    if not only:
        return queryset.select_related(*relations)
    needed = {name.rsplit("__", 1)[0] for name in only if "__" in name}
    return queryset.select_related(*needed).only(*only)


# What the API's answers read (claims.serializers), for `only`: a field left out here would cost a
# query per row, which tests/claims/test_api_queries.py would notice.
CLAIM_API_FIELDS = (
    "document",
    "document__title",
    *SPAN_FIELDS,
    "speaker",
    "speaker_role",
    "statement",
    "status",
    "speaker_kind",
    "short_statement",
    "verdict",
    "support_score",
    "confidence",
    "scoring_pending_since",
    "created_by__username",
    "updated_by__username",
    "created_at",
    "updated_at",
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
# A claim's detail also shows its score's breakdown, which a list leaves out (one per claim, it was the
# largest part of a page to read and decode).
CLAIM_DETAIL_API_FIELDS = (*CLAIM_API_FIELDS, "assessment__breakdown")
EVIDENCE_API_FIELDS = (
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
CLAIM_RELATIONS = ("document__publisher", "created_by", "updated_by", "assessment", "editorial__published_by")
EVIDENCE_RELATIONS = ("document__publisher", "created_by")


def claim_list(*, as_of: datetime | None = None, only: Sequence[str] = ()) -> QuerySet[Claim]:
    """Claims with document, publisher and users joined, the revision number and evidence counted in
    total and by stance; most recently changed first. With `as_of`, only claims that existed then, with
    the verdicts as they were then (`current_verdict`, `current_score`, `current_confidence`, which
    claims_as_of() puts on the claims; `as_of_assessment_id`, `as_of_editorial_id` name the rows to
    show). `only`: see _joined()."""
    claims = _claims(tuple(only)).all()
    if as_of is None:
        return claims
    then = Assessment.objects.filter(claim=OuterRef("pk"), created_at__lte=as_of).order_by(
        "-created_at", "-id"
    )
    editorial_then = EditorialVerdict.objects.filter(claim=OuterRef("pk"), published_at__lte=as_of).order_by(
        "-published_at", "-id"
    )
    return claims.filter(created_at__lte=as_of).annotate(
        as_of_assessment_id=Subquery(then.values("id")[:1]),
        as_of_editorial_id=Subquery(editorial_then.values("id")[:1]),
        current_verdict=Coalesce(Subquery(then.values("verdict")[:1]), Value(Verdict.UNVERIFIED.value)),
        current_score=Subquery(then.values("support_score")[:1]),
        current_confidence=Coalesce(Subquery(then.values("confidence")[:1]), Value(0.0)),
    )


# Building a queryset (joins resolved, annotations checked) cost a fifth of reading a claim; each shape is
# built once per process and copied for each use (never evaluated itself, so it holds no rows).
@functools.cache
def _claims(only: tuple[str, ...]) -> QuerySet[Claim]:
    # The counts are kept by triggers in EvidenceCounts (a claim without evidence has no row): one join,
    # where counting each claim's evidence took five subqueries per row.
    stance_counts = {stance_count_name(stance): _count(stance) for stance in Stance.values}
    return (
        _joined(Claim.objects.all(), CLAIM_RELATIONS, only)
        .annotate(revision_number=F("revision__number"), evidence_count=_count("total"), **stance_counts)
        .order_by("-updated_at", "-id")
    )


def claim_as_created(claim: Claim) -> Claim:
    """A claim just created, annotated as claim_detail() would read it back, without reading it: it has
    no evidence, assessment or editorial verdict yet. Only the instance in memory changes."""
    claim.revision_number = claim.revision.number
    claim.evidence_count = 0
    for stance in Stance.values:
        setattr(claim, stance_count_name(stance), 0)
    no_evidence = Evidence.objects.none()
    no_evidence._result_cache, no_evidence._prefetch_done = [], True  # as a prefetch leaves it
    claim._prefetched_objects_cache = {"evidence": no_evidence}
    return claim


def _count(name: str) -> Coalesce:
    return Coalesce(F(f"counts__{name}"), Value(0))


def claims_as_of(claims: list[Claim]) -> list[Claim]:
    """Put on each claim (annotated by claim_list(as_of=...)) the verdict, assessment and editorial
    verdict it had then, so serializers show those: two queries for the whole page."""
    assessments = Assessment.objects.in_bulk([c.as_of_assessment_id for c in claims if c.as_of_assessment_id])
    editorials = EditorialVerdict.objects.select_related("published_by").in_bulk(
        [c.as_of_editorial_id for c in claims if c.as_of_editorial_id]
    )
    for claim in claims:
        # Only the instances in memory change; nothing is saved.
        claim.assessment = assessments.get(claim.as_of_assessment_id)
        claim.editorial = editorials.get(claim.as_of_editorial_id)
        claim.verdict, claim.support_score = claim.current_verdict, claim.current_score
        claim.confidence = claim.current_confidence
    return claims


@dataclass(frozen=True)
class VerdictEntry:
    """One line of a claim's verdict history: a computed assessment or an editor's published verdict."""

    kind: str  # "computed" | "editorial"
    verdict: str
    at: datetime
    assessment: Assessment | None = None
    editorial: EditorialVerdict | None = None


def verdict_history(claim: Claim) -> list[VerdictEntry]:
    """A claim's computed assessments and editorial verdicts, newest first (two queries)."""
    entries = [
        VerdictEntry("computed", a.verdict, a.created_at, assessment=a)
        for a in Assessment.objects.filter(claim=claim)
    ] + [
        VerdictEntry("editorial", e.verdict, e.published_at, editorial=e)
        for e in EditorialVerdict.objects.filter(claim=claim).select_related("published_by")
    ]
    return sorted(entries, key=lambda entry: entry.at, reverse=True)


def evidence_list(*, only: Sequence[str] = ()) -> QuerySet[Evidence]:
    """Evidence with its document, publisher and creator joined; most recently changed first."""
    return _evidence(tuple(only), ("-updated_at", "-id")).all()


@functools.cache
def _evidence(only: tuple[str, ...], order: tuple[str, ...]) -> QuerySet[Evidence]:
    """Built once per shape, as _claims()."""
    return (
        _joined(Evidence.objects.all(), EVIDENCE_RELATIONS, only)
        .annotate(revision_number=F("revision__number"))
        .order_by(*order)
    )


def claim_detail(
    *, as_of: datetime | None = None, only: Sequence[str] = (), evidence_only: Sequence[str] = ()
) -> QuerySet[Claim]:
    """Claims as in claim_list, each with its evidence (oldest link first) prefetched."""
    evidence = _evidence(tuple(evidence_only), ("created_at", "id")).all()
    return claim_list(as_of=as_of, only=only).prefetch_related(Prefetch("evidence", queryset=evidence))


def revision_texts(revision_ids: Iterable[int]) -> dict[int, str]:
    """The texts of some revisions, in one query (for converting offsets to UTF-16)."""
    return dict(DocumentRevision.objects.filter(pk__in=set(revision_ids)).values_list("pk", "text"))


# --- History -------------------------------------------------------------------------------------------

HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}

# What an editor changes, or re-anchoring moves. Left out: the user (shown as who made each change),
# the document and claim (they never change) and the timestamps (shown as when).
CLAIM_HISTORY_FIELDS = (*SPAN_FIELDS, "speaker", "speaker_role", "statement", "status")
EVIDENCE_HISTORY_FIELDS = (*SPAN_FIELDS, "stance", "note", "origin")


@dataclass(frozen=True)
class HistoryEntry:
    """One recorded change: its kind, who made it (None for a background job) and when, old → new."""

    id: int
    history_type: str
    user: AbstractBaseUser | None
    at: datetime
    changes: list[dict[str, Any]] = field(default_factory=list)


def history_records(model: type[Claim] | type[Evidence], object_id: int) -> QuerySet[Model]:
    """Every historical record of one claim or evidence item (deleted ones too), oldest first.
    `history_id` grows with each write, so it orders records even when two share a timestamp."""
    return model.history.filter(id=object_id).select_related("history_user").order_by("history_id")


def history_entries(
    records: list[Model], previous: Model | None, fields: tuple[str, ...]
) -> list[HistoryEntry]:
    """History entries for consecutive records; `previous` is the record before the first one, if any.
    A creation lists the initial values (old is None); a deletion lists nothing, as nothing changed."""
    entries = []
    for record in records:
        if record.history_type == "+" or previous is None:
            values = {name: getattr(record, _attname(record, name)) for name in fields}
            changes = [
                {"field": name, "old": None, "new": value}
                for name, value in values.items()
                if value not in (None, "")
            ]
        else:
            delta = record.diff_against(previous, included_fields=fields)
            changes = [{"field": c.field, "old": c.old, "new": c.new} for c in delta.changes]
        entries.append(
            HistoryEntry(
                id=record.history_id,
                history_type=HISTORY_TYPES[record.history_type],
                user=record.history_user,
                at=record.history_date,
                changes=changes,
            )
        )
        previous = record
    return entries


def _attname(record: Model, name: str) -> str:
    """`revision` is stored as `revision_id`; reading the id avoids loading the revision's text."""
    return record._meta.get_field(name).attname


def history_record_before(model: type[Claim] | type[Evidence], record: Model) -> Model | None:
    return (
        model.history.filter(id=record.id, history_id__lt=record.history_id).order_by("-history_id").first()
    )
