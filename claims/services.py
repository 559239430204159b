"""Writes for claims and evidence: marking claims, linking evidence, confirming and re-anchoring spans.

Spans are placed in a document's current revision (claims.spans). Every write records who made it, for
the history (django-simple-history reads `_history_user`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from claims import document_jobs, publication
from claims.bulk import history_snapshot, spans_update
from claims.errors import ClaimRefused
from claims.models import (
    Claim,
    ClaimStatus,
    Evidence,
    EvidenceOrigin,
    SpeakerKind,
    SpeakerRole,
    Stance,
    speaker_kind_default,
)
from claims.signals import claim_marked, evidence_linked
from claims.spans import ANCHOR_FIELDS, SpanInput, anchored, current_revision, set_anchor, span_anchor
from claims.verdicts import claims_mark_for_scoring
from sources import anchoring
from sources.models import Document, DocumentRevision


def _save(instance: Claim | Evidence, user: AbstractBaseUser) -> None:
    """Save inside the caller's @transaction.atomic, if any; a refusal raised here leaves that block,
    which rolls it back, so no savepoint of its own is needed."""
    instance._history_user = user  # type: ignore[union-attr]
    try:
        instance.save()
    except IntegrityError as error:
        if _violates(error, "evidence_passage_once_per_claim", "claim_id, claims_evidence.revision_id"):
            raise ClaimRefused(
                "This passage is already linked to the claim.", field="span", code="duplicate"
            ) from None
        if _violates(error, "evidence_document_once_per_claim", "claim_id, claims_evidence.document_id"):
            raise ClaimRefused(
                "This document is already linked to the claim as a whole.", field="document", code="duplicate"
            ) from None
        raise


def _violates(error: IntegrityError, constraint: str, sqlite_columns: str) -> bool:
    """PostgreSQL names the unique constraint violated; SQLite lists its columns."""
    message = str(error)
    return constraint in message or f"UNIQUE constraint failed: claims_evidence.{sqlite_columns}" in message


# --- Claims ------------------------------------------------------------------------------------------


# No transaction of its own: the claim's one INSERT also writes its history row (a trigger), so it is
# atomic alone, and a BEGIN and COMMIT around it were two more round trips to the database per claim.
def claim_create(
    *,
    document: Document,
    user: AbstractBaseUser,
    span: SpanInput,
    revision: DocumentRevision | None = None,
    speaker: str = "",
    speaker_role: str = SpeakerRole.AUTHOR,
    statement: str = "",
    status: str = ClaimStatus.DRAFT,
) -> Claim:
    current = current_revision(document, revision)
    fields = claim_fields(
        anchor=span_anchor(current, span),
        user_id=user.pk,
        speaker=speaker,
        speaker_role=speaker_role,
        statement=statement,
        status=status,
    )
    claim = Claim(document=document, revision=current, **fields)
    claim.created_by = claim.updated_by = user  # the instance, for the answer
    _save(claim, user)
    # Not scored yet: without evidence a claim is unverified, which is what a claim without an
    # assessment shows; its first evidence link scores it. Evidence is looked for in the background.
    claim_marked.send(sender=Claim, claim=claim)
    return claim


def claim_fields(
    *, anchor: anchoring.Anchor, user_id: int, speaker: str, speaker_role: str, statement: str, status: str
) -> dict[str, Any]:
    """What marking a claim writes, besides its document and revision."""
    return {
        **anchored(anchor),
        "speaker": speaker.strip(),
        "speaker_role": speaker_role,
        "statement": statement.strip(),
        "speaker_kind": speaker_kind_default(speaker_role),
        "status": status,
        "created_by_id": user_id,
        "updated_by_id": user_id,
        "suggestions_pending_since": timezone.now(),
    }


@transaction.atomic
def claim_update(
    *, claim: Claim, user: AbstractBaseUser, span: SpanInput | None = None, **changes: Any
) -> Claim:
    """Change what an editor may change: speaker, role and kind, statement and its short wording,
    status, and the span (which is
    then placed in the current revision, confirming it if it was orphaned)."""
    allowed = {"speaker", "speaker_role", "speaker_kind", "statement", "short_statement", "status"}
    unknown = set(changes) - allowed
    if unknown:
        raise ClaimRefused(f"Cannot change {', '.join(sorted(unknown))}.", code="read_only")
    speaker_before = claim.speaker
    for name, value in changes.items():
        setattr(claim, name, value.strip() if isinstance(value, str) and name != "status" else value)
    if claim.speaker_kind not in SpeakerKind.values:
        raise ClaimRefused(
            f"Unknown speaker kind {claim.speaker_kind!r}; use one of {', '.join(SpeakerKind.values)}.",
            field="speaker_kind",
            code="invalid_choice",
        )
    if span is not None and span.given:
        current = current_revision(claim.document, None)
        set_anchor(claim, current, span_anchor(current, span))
    claim.updated_by = user
    _save(claim, user)
    # Of what an editor may change, scoring reads only the speaker (evidence by the claim's own speaker is
    # self-corroboration); a new note, statement, status or span leaves the verdict as it is.
    if claim.speaker != speaker_before:
        claims_mark_for_scoring([claim.pk])
    return claim


def _lock_or_gone(model: type[Claim] | type[Evidence], pk: int, what: str) -> None:
    """Lock the row for the rest of the transaction, or refuse (`not_found`) if it is gone meanwhile."""
    if not list(model.objects.select_for_update(of=("self",)).filter(pk=pk).values_list("pk", flat=True)):
        raise ClaimRefused(f"This {what} was deleted meanwhile.", code="not_found")


@transaction.atomic
def claim_delete(*, claim: Claim, user: AbstractBaseUser) -> None:
    """Delete a claim and its evidence; their history stays. The claim's row is locked first, so a job
    writing for it (scoring, suggestions) either finishes first and its rows are deleted with the claim,
    or waits and then finds the claim gone; and of two deletes at once the second is refused, so one
    deletion is recorded."""
    _lock_or_gone(Claim, claim.pk, "claim")
    for item in claim.evidence.all():
        item._history_user = user
        item.delete()
    claim._history_user = user
    publication.fact_check_withdraw_for_deletion(claim_id=claim.pk)  # its page answers 410 Gone
    claim.delete()


@transaction.atomic
def span_confirm(*, target: Claim | Evidence, user: AbstractBaseUser) -> Claim | Evidence:
    """An editor accepts where re-anchoring put a span (or keeps it where it is): full confidence."""
    if target.revision_id is None:
        raise ClaimRefused(
            "This evidence cites a whole document; there is no span to confirm.", code="no_span"
        )
    if target.orphaned:
        raise ClaimRefused(
            "The span could not be found in the current revision; place it again by selecting the text.",
            code="orphaned",
        )
    target.anchor_confidence = 1.0
    if isinstance(target, Claim):
        target.updated_by = user
    _save(target, user)
    return target


# --- Evidence ----------------------------------------------------------------------------------------


def _check_stance(stance: str) -> None:
    if stance not in Stance.values:
        raise ClaimRefused(
            f"Unknown stance {stance!r}; use one of {', '.join(Stance.values)}.",
            field="stance",
            code="invalid_choice",
        )


@transaction.atomic
def evidence_link(
    *,
    claim: Claim,
    document: Document,
    user: AbstractBaseUser,
    stance: str,
    span: SpanInput | None = None,
    revision: DocumentRevision | None = None,
    note: str = "",
    note_internal: bool = False,
    origin: str = EvidenceOrigin.EDITOR,
) -> Evidence:
    """Link a document (or a passage in it, when a span is given) to a claim as evidence."""
    _check_stance(stance)
    evidence = Evidence(
        claim=claim,
        document=document,
        stance=stance,
        note=note.strip(),
        note_internal=note_internal,
        origin=origin,
        created_by=user,
    )
    if span is not None and span.given:
        current = current_revision(document, revision)
        anchor = span_anchor(current, span)
        if document.pk == claim.document_id and anchor.start < claim.end and claim.start < anchor.end:
            raise ClaimRefused(
                "A claim cannot be evidence for itself: choose a passage outside the claim.",
                field="span",
                code="self_evidence",
            )
        set_anchor(evidence, current, anchor)
    _save(evidence, user)
    if evidence.revision_id is not None:
        evidence_linked.send(sender=Evidence, evidence=evidence, user=user)
    claims_mark_for_scoring([claim.pk])
    return evidence


@transaction.atomic
def evidence_update(
    *,
    evidence: Evidence,
    user: AbstractBaseUser,
    stance: str | None = None,
    note: str | None = None,
    note_internal: bool | None = None,
    span: SpanInput | None = None,
) -> Evidence:
    if note_internal is not None:
        evidence.note_internal = note_internal
    if stance is not None:
        _check_stance(stance)
        evidence.stance = stance
    if note is not None:
        evidence.note = note.strip()
    if span is not None and span.given:
        current = current_revision(evidence.document, None)
        set_anchor(evidence, current, span_anchor(current, span))
    _save(evidence, user)
    claims_mark_for_scoring([evidence.claim_id])
    return evidence


@transaction.atomic
def evidence_unlink(*, evidence: Evidence, user: AbstractBaseUser) -> None:
    _lock_or_gone(Evidence, evidence.pk, "evidence")  # of two unlinks at once, one is recorded
    evidence._history_user = user
    claim_id = evidence.claim_id
    evidence.delete()
    claims_mark_for_scoring([claim_id])


# --- Re-anchoring ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReanchorReport:
    moved: int
    orphaned: int
    claim_ids: frozenset[int]  # claims re-scored: an evidence passage of theirs was orphaned or found again


# What re-anchoring reads of each span: the id, the old anchor, whether it is orphaned (and, for
# evidence, its claim).
_SPAN_READ = ("id", *ANCHOR_FIELDS, "orphaned")


@transaction.atomic
def document_reanchor(*, document_id: int) -> ReanchorReport:
    """Re-anchor every claim and evidence passage of a document that is not in its current revision.

    Spans found with confidence move to the current revision; the rest are marked orphaned and keep
    their old revision and quote for an editor. Runs as a background job after each new revision.
    """
    document = (
        Document.objects.select_related("current_revision")
        .select_for_update(of=("self",))
        .get(pk=document_id)
    )
    # Done once this commits; the document is locked, so a newer revision marks it again after.
    if document.reanchor_pending_since is not None:
        document_jobs.document_job_done(document_jobs.REANCHORING, document_id)
    current = document.current_revision
    if current is None:
        return ReanchorReport(0, 0, frozenset())
    # Plain rows, not models: a document can hold thousands of spans, and the writes are bulk.
    claims = list(Claim.objects.filter(document=document).exclude(revision=current).values_list(*_SPAN_READ))
    evidence = list(
        Evidence.objects.filter(document=document, revision__isnull=False)
        .exclude(revision=current)
        .values_list(*_SPAN_READ, "claim_id")
    )
    spans = [*claims, *evidence]
    if not spans:
        return ReanchorReport(0, 0, frozenset())
    olds = [anchoring.Anchor(start=s, end=e, exact=x, prefix=p, suffix=f) for _, s, e, x, p, f, *_ in spans]
    results = anchoring.reanchor_all(olds, current.text)
    rows: list[tuple[object, ...]] = []
    orphans: list[int] = []  # index into spans of those newly orphaned (an orphan staying one is left alone)
    moved = orphaned = 0
    for index, (span, result) in enumerate(zip(spans, results, strict=True)):
        was_orphaned = span[6]
        if result.anchor is None:
            orphaned += 1
            if not was_orphaned:
                orphans.append(index)
            continue
        moved += 1
        a = result.anchor
        rows.append(
            (
                index,
                current.pk,
                a.start,
                a.end,
                a.exact,
                a.prefix,
                a.suffix,
                False,
                round(result.confidence, 4),
            )
        )
    split = len(claims)
    claim_rows = [(spans[i][0], *values) for i, *values in rows if i < split]
    evidence_rows = [(spans[i][0], *values) for i, *values in rows if i >= split]
    spans_update(Claim, claim_rows)
    _orphan(Claim, [spans[i][0] for i in orphans if i < split])
    _update_evidence_spans(evidence_rows)
    _orphan(Evidence, [spans[i][0] for i in orphans if i >= split])
    # Scoring reads whether an evidence passage is orphaned, not where a span is: only a passage
    # orphaned or found again changes a claim's score.
    rescored = {spans[i][7] for i in orphans if i >= split}
    rescored |= {spans[i][7] for i, *_ in rows if i >= split and spans[i][6]}
    claims_mark_for_scoring(rescored)
    return ReanchorReport(moved=moved, orphaned=orphaned, claim_ids=frozenset(rescored))


def _orphan(model: type[Claim] | type[Evidence], ids: list[int]) -> None:
    """Mark spans orphaned (zero confidence), keeping their old revision and quote."""
    if ids:
        model.objects.filter(id__in=ids).update(orphaned=True, anchor_confidence=0.0)
        _history(model, ids)


def _history(model: type[Claim] | type[Evidence], ids: list[int]) -> None:
    if connection.vendor == "postgresql":
        history_snapshot(model, ids)
    else:
        model.history.bulk_history_create(model.objects.filter(id__in=ids), update=True)


def _update_evidence_spans(rows: list[tuple[object, ...]]) -> None:
    if not rows:
        return
    try:
        with transaction.atomic():
            spans_update(Evidence, rows)
    except IntegrityError:
        # Two passages of one claim landed on the same place; keep the first, orphan the others.
        for row in rows:
            try:
                with transaction.atomic():
                    spans_update(Evidence, [row])
            except IntegrityError:
                _orphan(Evidence, [row[0]])
