"""Writes for verdicts: marking claims for scoring, scoring them (one or a batch), editorial verdicts.

A change that needs re-scoring marks the claim "pending" in its own transaction and enqueues the
job after commit. The job locks the claim, reads its evidence, and stores a new Assessment only when
the inputs' fingerprint differs from the current one. Because both the change and the job touch the
claim row, a job either sees a change or runs before it, and then the change enqueues another job:
no result computed from older inputs can overwrite a newer one.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from claims import bulk, jobs, publication, scoring
from claims.errors import ClaimRefused
from claims.models import Assessment, Claim, ClaimStatus, EditorialVerdict, Evidence
from sources.attribution import attribution_verified

log = logging.getLogger(__name__)


def claims_mark_for_scoring(claim_ids: Iterable[int]) -> None:
    """Mark claims pending (keeping an earlier mark) and enqueue their scoring after commit."""
    ids = sorted(set(claim_ids))
    if not ids:
        return
    Claim.objects.filter(id__in=ids).update(
        scoring_pending_since=Coalesce("scoring_pending_since", timezone.now())
    )
    transaction.on_commit(lambda: enqueue_scoring(ids))


def enqueue_scoring(claim_ids: Sequence[int], *, batch_size: int = 500) -> None:
    """Send scoring jobs. If the broker is unreachable the edit still stands: the claims stay marked
    pending in the database and the periodic sweep enqueues them again once the broker is back."""
    for start in range(0, len(claim_ids), batch_size):
        if not jobs.enqueue(jobs.SCORE, list(claim_ids[start : start + batch_size])):
            return  # the broker is away (or in-process, the job failed): the rest waits for the sweep too


def evidence_inputs(claims: Sequence[Claim]) -> dict[int, list[scoring.EvidenceInput]]:
    """The scoring inputs of each claim's evidence, read in one query."""
    by_id = {claim.id: claim for claim in claims}
    rows = Evidence.objects.filter(claim_id__in=by_id).values_list(
        "id",
        "claim_id",
        "stance",
        "document_id",
        "document__author",
        "document__publisher_id",
        "document__publisher__name",
        "document__publisher__reliability",
        "revision_id",
        "orphaned",
        "document__url",
        "document__publisher__domain",
        "document__publisher__domains",
        "document__publisher_confirmed_at",
    )
    inputs: dict[int, list[scoring.EvidenceInput]] = defaultdict(list)
    for (
        evidence_id,
        claim_id,
        stance,
        document_id,
        author,
        publisher_id,
        name,
        reliability,
        revision,
        orphaned,
        url,
        domain,
        domains,
        confirmed_at,
    ) in rows:
        claim = by_id[claim_id]
        speaker = claim.speaker.casefold()
        inputs[claim_id].append(
            scoring.EvidenceInput(
                evidence_id=evidence_id,
                stance=stance,
                publisher_id=publisher_id,
                publisher_name=name or "",
                reliability=reliability,
                document_id=document_id,
                has_passage=revision is not None,
                orphaned=orphaned,
                same_document=document_id == claim.document_id,
                # Evidence written by the claim's own speaker is self-corroboration.
                same_speaker=bool(speaker) and (author or "").casefold() == speaker,
                publisher_verified=publisher_id is None
                or attribution_verified(
                    url=url, domain=domain or "", domains=domains or [], confirmed=confirmed_at is not None
                ),
            )
        )
    return inputs


def _breakdown(result: scoring.Assessment) -> list[dict[str, object]]:
    return [
        {
            "evidence": c.evidence_id,
            "delta": round(c.delta, 4),
            "weight": round(c.weight, 4),
            "stance": c.stance,
            "publisher": c.publisher_name,
            "publisher_verified": c.publisher_verified,
            "reasons": list(c.reasons),
            "description": c.describe(),
        }
        for c in result.contributions
    ]


@transaction.atomic
def claims_score(claim_ids: Sequence[int]) -> int:
    """Score claims in one transaction with batched reads and writes; returns how many got a new
    assessment. Claims already scored with the same inputs only lose their pending mark."""
    claims = list(
        Claim.objects.select_for_update(of=("self",))
        .select_related("assessment")
        .defer("assessment__breakdown")  # only the fingerprint is compared
        .filter(id__in=claim_ids)
        .order_by("id")  # one lock order for every job: no deadlocks between batches
    )
    inputs = evidence_inputs(claims)
    now = timezone.now()
    new: list[tuple[Claim, scoring.Assessment, str]] = []  # claim, result, the verdict before
    for claim in claims:
        result = scoring.assess(inputs.get(claim.id, []))
        current = claim.assessment
        if current is not None and current.fingerprint == result.fingerprint:
            continue
        if current is None and not result.contributions:
            # Never scored and no evidence: unverified, as a claim without an assessment shows already.
            # An assessment now would only put "Unverified → Unverified" in the claim's history.
            continue
        # A claim never scored was shown as unverified, so that is what its verdict changes from.
        new.append((claim, result, current.verdict if current else scoring.Verdict.UNVERIFIED.value))
    stored = _store(new, now)
    # Queryset updates, not save(): scoring is not an editor's change, so it stays out of the claim's
    # history. Nobody is pending any more; the claims scored anew point at their new assessment and
    # carry its verdict (the claims are locked, so the new assessment is the newest).
    unchanged = [claim.id for claim in claims if claim.id not in stored]
    if unchanged:
        Claim.objects.filter(id__in=unchanged).update(scoring_pending_since=None)
    if connection.vendor == "postgresql":
        bulk.rows_update(Claim, CURRENT_COLUMNS, [(claim_id, *row, None) for claim_id, row in stored.items()])
    else:
        for claim, *_ in new:
            (claim.assessment_id, claim.verdict, claim.support_score, claim.confidence) = stored[claim.id]
            claim.scoring_pending_since = None
        changed = [claim for claim, *_ in new]
        Claim.objects.bulk_update(changed, [c for c, _ in CURRENT_COLUMNS], batch_size=500)
    return len(new)


# The claim's columns set by scoring, in the order of the rows written, and their SQL types.
CURRENT_COLUMNS = (
    ("assessment_id", "bigint"),
    ("verdict", "varchar(24)"),
    ("support_score", "double precision"),
    ("confidence", "double precision"),
    ("scoring_pending_since", "timestamp with time zone"),
)
ASSESSMENT_COLUMNS = (
    "id",
    "claim_id",
    "verdict",
    "previous_verdict",
    "support_score",
    "confidence",
    "breakdown",
    "algorithm_version",
    "fingerprint",
    "created_at",
)


def _store(
    new: list[tuple[Claim, scoring.Assessment, str]], now: datetime
) -> dict[int, tuple[int, str, float | None, float]]:
    """Store the new assessments; for each claim, (assessment id, verdict, score, confidence)."""
    rows = [
        (
            claim.id,
            result.verdict.value,
            previous,
            None if result.support_score is None else round(result.support_score, 4),
            round(result.confidence, 4),
            _breakdown(result),
            result.algorithm_version,
            result.fingerprint,
            now,
        )
        for claim, result, previous in new
    ]
    if connection.vendor == "postgresql":
        ids = bulk.allocate_ids(Assessment, len(rows))
        bulk.copy_rows(
            Assessment,
            ASSESSMENT_COLUMNS,
            [(pk, *row[:5], json.dumps(row[5]), *row[6:]) for pk, row in zip(ids, rows, strict=True)],
        )
    else:
        created = Assessment.objects.bulk_create(
            Assessment(**dict(zip(ASSESSMENT_COLUMNS[1:], row, strict=True))) for row in rows
        )
        ids = [a.pk for a in created]
    return {row[0]: (pk, row[1], row[3], row[4]) for pk, row in zip(ids, rows, strict=True)}


def claims_pending_too_long(*, older_than_seconds: int, limit: int = 10_000) -> list[int]:
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
    return list(
        Claim.objects.filter(scoring_pending_since__lt=cutoff)
        .order_by("scoring_pending_since", "id")
        .values_list("id", flat=True)[:limit]
    )


@transaction.atomic
def editorial_verdict_publish(
    *, claim: Claim, user: AbstractBaseUser, verdict: str, explanation: str
) -> EditorialVerdict:
    if verdict not in {v.value for v in scoring.Verdict}:
        allowed = ", ".join(v.value for v in scoring.Verdict)
        raise ClaimRefused(
            f"Unknown verdict {verdict!r}; use one of {allowed}.", field="verdict", code="invalid_choice"
        )
    if not explanation.strip():
        raise ClaimRefused(
            "Explain the verdict: readers see the explanation with it.", field="explanation", code="required"
        )
    # The stored row, locked, so the history row records the claim as it is, not as the caller last read it.
    current = Claim.objects.select_for_update(of=("self",)).get(pk=claim.pk)
    published = EditorialVerdict.objects.create(
        claim=claim, verdict=verdict, explanation=explanation.strip(), published_by=user
    )
    # Publishing is what "published" in the claim's status means: the claim leaves draft or review the
    # moment its verdict is out, as an editor expects, and the change is kept in the claim's history.
    current.editorial, current.status, current.updated_by = published, ClaimStatus.PUBLISHED, user
    current._history_user = user  # type: ignore[attr-defined]
    current.save(update_fields=["editorial", "status", "updated_by", "updated_at"])
    claim.editorial, claim.status, claim.updated_by = published, ClaimStatus.PUBLISHED, user
    publication.fact_check_publish(claim=claim, editorial=published)
    return published
