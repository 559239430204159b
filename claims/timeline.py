"""A claim's history as a fact-checker reads it: one timeline of the claim's records, its evidence's
(removed evidence too), its computed and its editorial verdicts, newest first. Plain data; the frontend
links and styles it.

Built here rather than from selectors.history_entries: the timeline shows changes the way a fact-checker
reads them (one "position" instead of start and end, labels instead of stored values, revision numbers
instead of ids), and puts the evidence and the verdicts on the same timeline as the claim.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from claims import selectors
from claims.models import (
    VERDICT_CHOICES,
    Assessment,
    Claim,
    ClaimStatus,
    EditorialVerdict,
    Evidence,
    EvidenceOrigin,
    SpeakerRole,
    Stance,
)
from claims.scoring import Verdict
from sources.models import Document, DocumentRevision

VERDICT_NAMES = dict(VERDICT_CHOICES)


@dataclass(frozen=True)
class Change:
    label: str
    old: str | None  # None: the value was set when the thing was created, or it stayed as it was
    new: str


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    who: str  # a user name; "" for a background job
    subject: str  # "Claim", "Evidence", "Computed verdict", "Editorial verdict"
    action: str  # "created", "changed", "deleted", "linked", "removed", "scored", "published"
    detail: str = ""  # which evidence, or the editorial explanation
    changes: tuple[Change, ...] = ()
    verdict: str = ""  # the verdict value, for its badge
    order: tuple[int, int] = (0, 0)  # breaks ties between entries written in the same instant


@dataclass(frozen=True)
class Timeline:
    quote: str  # the claim's words, from its latest record (it may be deleted)
    entries: list[TimelineEntry]
    document_id: int | None = None  # the claim's document, from the same record


Facet = tuple[str, Callable[[Any], str]]


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _claim_facets(revisions: dict[int, int]) -> tuple[Facet, ...]:
    roles, statuses = dict(SpeakerRole.choices), dict(ClaimStatus.choices)
    return (
        ("quote", lambda r: r.exact),
        ("position (code points)", lambda r: f"{r.start}–{r.end}"),
        ("revision", lambda r: f"revision {revisions.get(r.revision_id, '?')}"),
        ("orphaned", lambda r: _yes_no(r.orphaned)),
        ("anchor confidence", lambda r: f"{r.anchor_confidence:.2f}"),
        ("speaker", lambda r: r.speaker),
        ("speaker's role", lambda r: roles.get(r.speaker_role, r.speaker_role)),
        ("statement", lambda r: r.statement),
        ("status", lambda r: statuses.get(r.status, r.status)),
    )


def _evidence_facets(revisions: dict[int, int]) -> tuple[Facet, ...]:
    stances, origins = dict(Stance.choices), dict(EvidenceOrigin.choices)

    def passage(record: Any, value: Callable[[Any], str]) -> str:
        return value(record) if record.revision_id is not None else ""

    return (
        ("stance", lambda r: stances.get(r.stance, r.stance)),
        ("passage", lambda r: r.exact if r.revision_id is not None else "whole document"),
        ("position (code points)", lambda r: passage(r, lambda r: f"{r.start}–{r.end}")),
        ("revision", lambda r: passage(r, lambda r: f"revision {revisions.get(r.revision_id, '?')}")),
        ("orphaned", lambda r: passage(r, lambda r: _yes_no(r.orphaned))),
        ("anchor confidence", lambda r: passage(r, lambda r: f"{r.anchor_confidence:.2f}")),
        ("note", lambda r: r.note),
        ("origin", lambda r: origins.get(r.origin, r.origin)),
    )


# What every new span has: a creation lists only what is particular to it.
USUAL_AT_CREATION = {("orphaned", "no"), ("anchor confidence", "1.00"), ("origin", "Linked by an editor")}


def _changes(record: Any, previous: Any | None, facets: tuple[Facet, ...]) -> tuple[Change, ...]:
    if previous is None:
        initial = ((label, read(record)) for label, read in facets)
        return tuple(
            Change(label, None, value)
            for label, value in initial
            if value and (label, value) not in USUAL_AT_CREATION
        )
    changed = []
    for label, read in facets:
        old, new = read(previous), read(record)
        if old != new:
            changed.append(Change(label, old, new))
    return tuple(changed)


def _who(record: Any) -> str:
    return record.history_user.get_username() if record.history_user is not None else ""


def _record_entries(
    records: list[Any], facets: tuple[Facet, ...], subject: str, actions: dict[str, str], detail: str = ""
) -> list[TimelineEntry]:
    """Entries for one object's records, oldest first. A save that changed nothing shown is left out."""
    entries, previous = [], None
    for record in records:
        kind = record.history_type
        changes = () if kind == "-" else _changes(record, None if kind == "+" else previous, facets)
        if kind == "~" and not changes:
            previous = record
            continue
        entries.append(
            TimelineEntry(
                at=record.history_date,
                who=_who(record),
                subject=subject,
                action=actions[kind],
                detail=detail,
                changes=changes,
                order=(1, record.history_id),
            )
        )
        previous = record
    return entries


def _verdict_label(value: str) -> str:
    return VERDICT_NAMES.get(value, value)


def _score_text(score: float | None) -> str:
    return "none: no usable evidence" if score is None else f"{score:.2f}"


def _assessment_entries(claim_id: int) -> list[TimelineEntry]:
    """An entry for each scoring that changed what the claim shows: its verdict, score or confidence. A
    scoring whose inputs changed only in what none of them shows (a publisher renamed, an algorithm version
    giving the same result) adds none: it would read "Unverified → Unverified". A value that changed is
    shown old → new; one that stayed is stated."""
    entries = []
    # What the claim showed before each scoring; before the first, what a claim never scored shows.
    shown: tuple[str, float | None, float] = (Verdict.UNVERIFIED.value, None, 0.0)
    scored_before = False
    for assessment in Assessment.objects.filter(claim_id=claim_id).order_by("created_at", "id"):
        now = (assessment.verdict, assessment.support_score, assessment.confidence)
        if now == shown:
            continue
        (verdict_before, score_before, confidence_before), shown = shown, now
        changes = (
            Change(
                "verdict",
                _verdict_label(verdict_before) if verdict_before != assessment.verdict else None,
                _verdict_label(assessment.verdict),
            ),
            Change(
                "score",
                _score_text(score_before)
                if scored_before and score_before != assessment.support_score
                else None,
                _score_text(assessment.support_score),
            ),
            Change(
                "confidence",
                f"{confidence_before:.2f}"
                if scored_before and confidence_before != assessment.confidence
                else None,
                f"{assessment.confidence:.2f}",
            ),
        )
        scored_before = True
        entries.append(
            TimelineEntry(
                at=assessment.created_at,
                who="",
                subject="Computed verdict",
                action="scored",
                changes=changes,
                verdict=assessment.verdict,
                order=(2, assessment.pk),
            )
        )
    return entries


def _editorial_entries(claim_id: int) -> list[TimelineEntry]:
    entries, previous = [], None
    published = EditorialVerdict.objects.filter(claim_id=claim_id).select_related("published_by")
    for editorial in published.order_by("published_at", "id"):
        old = _verdict_label(previous.verdict) if previous else None
        entries.append(
            TimelineEntry(
                at=editorial.published_at,
                who=editorial.published_by.get_username(),
                subject="Editorial verdict",
                action="published",
                detail=editorial.explanation,
                changes=(Change("verdict", old, _verdict_label(editorial.verdict)),),
                verdict=editorial.verdict,
                order=(3, editorial.pk),
            )
        )
        previous = editorial
    return entries


def claim_timeline(claim_id: int) -> Timeline | None:
    """The claim's history and its evidence's (removed evidence too), assessments and editorial verdicts,
    newest first, in a handful of queries; None if no claim with this id ever existed."""
    claim_records = list(selectors.history_records(Claim, claim_id))
    if not claim_records:
        return None
    # An evidence item never moves to another claim, so its claim_id finds all of its records.
    evidence_records = list(
        Evidence.history.filter(claim_id=claim_id).select_related("history_user").order_by("id", "history_id")
    )
    revision_ids = {r.revision_id for r in [*claim_records, *evidence_records] if r.revision_id}
    revisions = dict(DocumentRevision.objects.filter(pk__in=revision_ids).values_list("pk", "number"))
    titles = dict(
        Document.objects.filter(pk__in={r.document_id for r in evidence_records}).values_list("pk", "title")
    )

    entries = _record_entries(
        claim_records,
        _claim_facets(revisions),
        "Claim",
        {"+": "created", "~": "changed", "-": "deleted"},
    )
    evidence_facets = _evidence_facets(revisions)
    by_item: dict[int, list[Any]] = {}
    for record in evidence_records:
        by_item.setdefault(record.id, []).append(record)
    for records in by_item.values():
        title = titles.get(records[-1].document_id, "a document that no longer exists")
        entries += _record_entries(
            records,
            evidence_facets,
            "Evidence",
            {"+": "linked", "~": "changed", "-": "removed"},
            detail=title,
        )
    entries += _assessment_entries(claim_id)
    entries += _editorial_entries(claim_id)
    entries.sort(key=lambda entry: (entry.at, entry.order), reverse=True)
    latest = claim_records[-1]
    return Timeline(quote=latest.statement or latest.exact, entries=entries, document_id=latest.document_id)
