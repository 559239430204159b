"""Digest reads: who gets a digest and when it is due, and the editor's week in six bulk queries.

Whose claims
    A digest covers the claims the editor created: those created in the week, those whose computed
    verdict changed, those still unverified after FACTCHECK_DIGEST_UNVERIFIED_DAYS, the orphaned spans
    among them and their evidence, and the most contradicted ones without a matching published verdict.
    Why not the whole newsroom: the digest is "what needs *your* attention"; past a handful of editors a
    newsroom-wide list is the same long email for everyone and says nothing about who should act, while
    the newsroom view already exists in the browser. It also keeps each digest's queries on the
    created_by index, so their cost does not grow with the newsroom.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, Window
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import Truncator

from claims.digests.content import ClaimLine, Digest, OrphanLine, Section, VerdictChange
from claims.digests.models import FINISHED, DeliveryStatus, DigestDelivery, DigestSubscription
from claims.digests.weeks import IsoWeek, due_week, zone_of
from claims.models import Claim, Evidence, Stance
from claims.scoring import Verdict
from claims.verdict_changes import changed_verdicts
from sources.permissions import EDITORS_GROUP

SECTION_LIMIT = 10  # items listed per section; the rest are counted ("and 12 more")
CONTRADICTED_LIMIT = 5
TEXT_LIMIT = 220

# --- Who gets digests -----------------------------------------------------------------------------------


def editors() -> QuerySet[AbstractBaseUser]:
    """Active editors with an email address (the rule of sources.permissions.is_editor, as a query)."""
    user_model = get_user_model()
    in_group = user_model.groups.through.objects.filter(user_id=OuterRef("pk"), group__name=EDITORS_GROUP)
    return (
        user_model.objects.filter(is_active=True)
        .exclude(email="")
        .filter(Q(is_staff=True) | Q(is_superuser=True) | Exists(in_group))
    )


def subscription_of(user: AbstractBaseUser) -> DigestSubscription:
    """The editor's subscription, or an unsaved one with the defaults (on, Monday 08:00)."""
    try:
        return user.digest_subscription  # type: ignore[attr-defined]
    except DigestSubscription.DoesNotExist:
        return DigestSubscription(user=user)


@dataclass(frozen=True)
class DueDigest:
    user_id: int
    week: IsoWeek


def digests_due(now: datetime) -> list[DueDigest]:
    """Editors whose digest is due (weeks.due_week: their weekday and hour have come this week, in their
    zone, less than a day ago, for a week that ended after they joined) and not finished. Hours missed
    (beat down, a crash) are caught up by the next hourly runs within that day."""
    rows = editors().values_list(
        "id",
        "date_joined",
        "digest_subscription__enabled",
        "digest_subscription__weekday",
        "digest_subscription__hour",
        "digest_subscription__time_zone",
    )
    due: list[DueDigest] = []
    for user_id, joined, enabled, weekday, hour, time_zone in rows:
        if enabled is False:
            continue
        subscription = DigestSubscription(enabled=True)  # the defaults, for editors without a row
        if enabled is not None:
            subscription.weekday, subscription.hour, subscription.time_zone = weekday, hour, time_zone
        week = due_week(subscription, joined, now)
        if week is not None:
            due.append(DueDigest(user_id, week))
    # A failed row is not retried by the fan-out every hour (send_digests can); a pending one is: its
    # worker may have died.
    closed = set(
        DigestDelivery.objects.filter(
            week__in={str(d.week) for d in due}, status__in=[*FINISHED, DeliveryStatus.FAILED]
        ).values_list("user_id", "week")
    )
    return [d for d in due if (d.user_id, str(d.week)) not in closed]


# --- The editor's week ---------------------------------------------------------------------------------

CLAIM_FIELDS = (
    "id",
    "document_id",
    "document__title",
    "exact",
    "statement",
    "speaker",
    "speaker_role",
    "created_at",
    "assessment__verdict",
    "assessment__support_score",
    "editorial__verdict",
    "editorial__published_at",
)


def _claim_line(row: dict[str, Any], **extra: int) -> ClaimLine:
    return ClaimLine(
        claim_id=row["id"],
        document_id=row["document_id"],
        document_title=row["document__title"],
        text=Truncator(row["statement"] or row["exact"]).chars(TEXT_LIMIT),
        speaker=row["speaker"],
        speaker_role=row["speaker_role"],
        created_at=row["created_at"],
        verdict=row["assessment__verdict"] or "",
        support_score=row["assessment__support_score"],
        published_verdict=row["editorial__verdict"] or "",
        published_at=row["editorial__published_at"],
        **extra,
    )


def _page(queryset: QuerySet[Any], limit: int, *fields: str) -> tuple[list[dict[str, Any]], int]:
    """The first `limit` rows and the total, in one query (a window count over the whole filter)."""
    rows = list(queryset.annotate(total=Window(Count("pk"))).values(*fields, "total")[:limit])
    return rows, rows[0]["total"] if rows else 0


def _new_claims(user_id: int, start: datetime, end: datetime) -> Section[ClaimLine]:
    claims = Claim.objects.filter(created_by_id=user_id, created_at__gte=start, created_at__lt=end)
    rows, total = _page(claims.order_by("-created_at", "-id"), SECTION_LIMIT, *CLAIM_FIELDS)
    return Section([_claim_line(row) for row in rows], total)


# The verdict scale, for ranking changes; unverified (no usable evidence) sits in the middle, like disputed.
VERDICT_RATING = {
    Verdict.SUPPORTED: 5,
    Verdict.MOSTLY_SUPPORTED: 4,
    Verdict.DISPUTED: 3,
    Verdict.UNVERIFIED: 3,
    Verdict.MOSTLY_CONTRADICTED: 2,
    Verdict.CONTRADICTED: 1,
}


def _significance(old: str, new: str, new_score: float | None) -> tuple[int, float]:
    """The larger step on the verdict scale first (supported → contradicted before supported → mostly
    supported), then the more decisive new score."""
    step = abs(VERDICT_RATING[Verdict(new)] - VERDICT_RATING[Verdict(old)])
    return step, abs((0.5 if new_score is None else new_score) - 0.5)


def _verdict_changes(user_id: int, start: datetime, end: datetime) -> Section[VerdictChange]:
    """The editor's claims whose verdict at the end of the week differs from the one before it, as the
    dashboard counts them (claims.verdict_changes), the largest changes first.

    One query: the editor's claims changed in the week, ranked here. Its cost follows the editor's week,
    not the number of claims they ever made."""
    changed = changed_verdicts(start=start, end=end, claims=Claim.objects.filter(created_by_id=user_id))
    rows = list(
        changed.values(*CLAIM_FIELDS, "old_verdict", "old_score", "new_verdict", "new_score", "changed_at")
    )
    rows.sort(
        key=lambda row: (_significance(row["old_verdict"], row["new_verdict"], row["new_score"]), row["id"]),
        reverse=True,
    )
    changes = [
        VerdictChange(
            claim=_claim_line(row),
            old_verdict=row["old_verdict"],
            old_score=row["old_score"],
            new_verdict=row["new_verdict"],
            new_score=row["new_score"],
            changed_at=row["changed_at"],
        )
        for row in rows[:SECTION_LIMIT]
    ]
    return Section(changes, len(rows))


def _unverified(user_id: int, as_of: datetime, days: int) -> Section[ClaimLine]:
    claims = Claim.objects.filter(created_by_id=user_id, created_at__lte=as_of - timedelta(days=days)).filter(
        Q(assessment__isnull=True) | Q(assessment__verdict=Verdict.UNVERIFIED.value)
    )
    rows, total = _page(claims.order_by("created_at", "id"), SECTION_LIMIT, *CLAIM_FIELDS)
    lines = [_claim_line(row, days_waiting=(as_of - row["created_at"]).days) for row in rows]
    return Section(lines, total)


def _contradicted(user_id: int) -> Section[ClaimLine]:
    """The editor's claims the evidence contradicts, unless the published verdict already says so."""
    contradicting = (
        Evidence.objects.filter(claim=OuterRef("pk"), stance=Stance.CONTRADICTS)
        .order_by()
        .values("claim")
        .annotate(n=Count("pk"))
        .values("n")
    )
    claims = (
        Claim.objects.filter(
            created_by_id=user_id,
            assessment__verdict__in=[Verdict.CONTRADICTED.value, Verdict.MOSTLY_CONTRADICTED.value],
        )
        .filter(Q(editorial__isnull=True) | ~Q(editorial__verdict=F("assessment__verdict")))
        .annotate(contradicting=Coalesce(Subquery(contradicting[:1]), Value(0)))
        .order_by("assessment__support_score", "-contradicting", "id")
    )
    rows, total = _page(claims, CONTRADICTED_LIMIT, *CLAIM_FIELDS, "contradicting")
    return Section([_claim_line(row, contradicting=row["contradicting"]) for row in rows], total)


def _orphans(user_id: int) -> Section[OrphanLine]:
    """Spans re-anchoring could not place: the editor's claims and the evidence on them (whoever linked
    it: the claim's editor is the one who needs it placed)."""
    claims = Claim.objects.filter(created_by_id=user_id, orphaned=True).order_by("-updated_at", "-id")
    claim_rows, claim_total = _page(claims, SECTION_LIMIT, "exact", "document__title")
    evidence = Evidence.objects.filter(claim__created_by_id=user_id, orphaned=True)
    evidence_rows, evidence_total = _page(
        evidence.order_by("-updated_at", "-id"), SECTION_LIMIT, "exact", "document__title"
    )
    lines = [
        OrphanLine(kind, Truncator(row["exact"]).chars(TEXT_LIMIT), row["document__title"])
        for kind, rows in (("claim", claim_rows), ("evidence", evidence_rows))
        for row in rows
    ]
    return Section(lines[:SECTION_LIMIT], claim_total + evidence_total)


def digest_build(*, user: AbstractBaseUser, week: IsoWeek, now: datetime | None = None) -> Digest:
    """The editor's digest for `week`: six queries whatever the number of claims (plus the
    subscription, when it was not loaded with the user)."""
    as_of = now or timezone.now()
    subscription = subscription_of(user)
    zone = zone_of(subscription)
    start, end = week.bounds(zone)
    days = settings.FACTCHECK_DIGEST_UNVERIFIED_DAYS
    return Digest(
        user_id=user.pk,
        email=user.email,  # type: ignore[attr-defined]
        name=user.get_full_name() or user.get_username(),  # type: ignore[attr-defined]
        week=week,
        time_zone=str(zone),
        start=start,
        end=end,
        as_of=as_of,
        unverified_days=days,
        new_claims=_new_claims(user.pk, start, end),
        verdict_changes=_verdict_changes(user.pk, start, end),
        unverified=_unverified(user.pk, as_of, days),
        orphans=_orphans(user.pk),
        contradicted=_contradicted(user.pk),
    )


# --- Deliveries -----------------------------------------------------------------------------------------


def recent_deliveries(user: AbstractBaseUser, limit: int = 5) -> Sequence[DigestDelivery]:
    return list(DigestDelivery.objects.filter(user=user).order_by("-week")[:limit])


def delivery_of(user: AbstractBaseUser, week: IsoWeek) -> DigestDelivery | None:
    """The delivery row of the editor's digest for `week`, if one was made."""
    return DigestDelivery.objects.filter(user=user, week=str(week)).first()


def finished_delivery_of(user: AbstractBaseUser, week: IsoWeek) -> DigestDelivery | None:
    """The delivery row when the digest for `week` was sent or found empty: nothing more to do."""
    return DigestDelivery.objects.filter(user=user, week=str(week), status__in=FINISHED).first()
