"""Claims whose computed verdict changed in a stretch of time: the verdict at its end differs from the one
before it. A claim that changed twice counts once (first → last); one that changed and changed back, not
at all. The dashboard's week and the editor's digest count and list them from here alike."""

from __future__ import annotations

from datetime import datetime

from django.db.models import F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf

from claims.models import Assessment, Claim
from claims.scoring import Verdict


def changed_verdicts(
    *, start: datetime, end: datetime | None = None, claims: QuerySet[Claim] | None = None
) -> QuerySet[Claim]:
    """The claims (of `claims`; all by default) assessed in [start, end) whose verdict at the end differs
    from before the start, each annotated with `old_verdict`, `old_score` (the score before the start; none
    for a claim first scored in it), `new_verdict`, `new_score` and `changed_at` (when it took its new
    verdict), the latest change first. A claim never scored before shows unverified, so its first
    assessment changes it from unverified; so does an assessment stored before previous verdicts were."""
    within = Assessment.objects.filter(created_at__gte=start)
    if end is not None:
        within = within.filter(created_at__lt=end)
    mine = within.filter(claim=OuterRef("pk"))
    first, last = mine.order_by("created_at", "id"), mine.order_by("-created_at", "-id")
    earlier = Assessment.objects.filter(claim=OuterRef("pk"), created_at__lt=start).order_by(
        "-created_at", "-id"
    )
    return (
        (claims if claims is not None else Claim.objects.all())
        .filter(pk__in=within.values("claim_id"))
        .annotate(
            old_verdict=Coalesce(
                NullIf(Subquery(first.values("previous_verdict")[:1]), Value("")),
                Value(Verdict.UNVERIFIED.value),
            ),
            old_score=Subquery(earlier.values("support_score")[:1]),
            new_verdict=Subquery(last.values("verdict")[:1]),
            new_score=Subquery(last.values("support_score")[:1]),
            changed_at=Subquery(last.exclude(verdict=F("previous_verdict")).values("created_at")[:1]),
        )
        .exclude(new_verdict=F("old_verdict"))
        .order_by(F("changed_at").desc(nulls_last=True), "-id")
    )
