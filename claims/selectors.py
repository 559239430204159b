"""Reads for claims and evidence: querysets with what the API needs joined and counted in,
so a page of claims costs the same few queries whatever its size, and their change history."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, F, Model, Prefetch, Q, QuerySet

from claims.models import Claim, Evidence, Stance
from sources.models import DocumentRevision


def stance_count_name(stance: str) -> str:
    """The annotation holding a claim's number of evidence items with this stance."""
    return f"evidence_{stance}_count"


def claim_list() -> QuerySet[Claim]:
    """Claims with document, publisher and users joined, the revision number, and evidence counted in
    total and by stance; most recently changed first."""
    stance_counts = {
        stance_count_name(stance): Count("evidence", filter=Q(evidence__stance=stance))
        for stance in Stance.values
    }
    return (
        Claim.objects.select_related("document__publisher", "created_by", "updated_by")
        .annotate(revision_number=F("revision__number"), evidence_count=Count("evidence"), **stance_counts)
        .order_by("-updated_at", "-id")
    )


def evidence_list() -> QuerySet[Evidence]:
    """Evidence with its document, publisher and creator joined; most recently changed first."""
    return (
        Evidence.objects.select_related("document__publisher", "created_by")
        .annotate(revision_number=F("revision__number"))
        .order_by("-updated_at", "-id")
    )


def claim_detail() -> QuerySet[Claim]:
    """Claims as in claim_list, each with its evidence (oldest link first) prefetched."""
    return claim_list().prefetch_related(
        Prefetch("evidence", queryset=evidence_list().order_by("created_at", "id"))
    )


def revision_texts(revision_ids: Iterable[int]) -> dict[int, str]:
    """The texts of some revisions, in one query (for converting offsets to UTF-16)."""
    return dict(DocumentRevision.objects.filter(pk__in=set(revision_ids)).values_list("pk", "text"))


# --- History -------------------------------------------------------------------------------------------

HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}

# What an editor changes, or re-anchoring moves. Left out: the user (shown as who made each change),
# the document and claim (they never change) and the timestamps (shown as when).
CLAIM_HISTORY_FIELDS = (
    "revision",
    "start",
    "end",
    "exact",
    "prefix",
    "suffix",
    "orphaned",
    "anchor_confidence",
    "speaker",
    "speaker_role",
    "statement",
    "status",
)
EVIDENCE_HISTORY_FIELDS = (
    "revision",
    "start",
    "end",
    "exact",
    "prefix",
    "suffix",
    "orphaned",
    "anchor_confidence",
    "stance",
    "note",
    "origin",
)


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
