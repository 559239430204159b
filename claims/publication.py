"""Publishing fact-checks: the writes that open and withdraw a claim's public page, and the reads of
what the public may see (only claims whose editorial verdict is published and not withdrawn)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from claims.errors import ClaimRefused
from claims.models import Claim, ClaimStatus, EditorialVerdict, Evidence, FactCheck
from claims.publication_models import fact_check_slug


def fact_check_publish(*, claim: Claim, editorial: EditorialVerdict) -> FactCheck:
    """Open (or reopen) the claim's public page for a newly published editorial verdict. Called inside
    editorial_verdict_publish's transaction; the address made at first publication never changes."""
    fact_check, created = FactCheck.objects.select_for_update().get_or_create(
        claim=claim,
        defaults={
            "slug": fact_check_slug(claim.short_statement or claim.statement or claim.exact, claim.pk),
            "published_at": editorial.published_at,
            "updated_at": editorial.published_at,
        },
    )
    if not created:
        fact_check.updated_at = editorial.published_at
        fact_check.withdrawn_at = None
        fact_check.save(update_fields=["updated_at", "withdrawn_at"])
    return fact_check


@transaction.atomic
def fact_check_withdraw(*, claim: Claim, user: AbstractBaseUser) -> FactCheck:
    """Unpublish a claim's fact-check: its page answers 410 Gone and it leaves the index, feed,
    sitemap and ClaimReview export. Publishing an editorial verdict again reopens it."""
    changed = FactCheck.objects.filter(claim=claim, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    if not changed:
        raise ClaimRefused("This claim has no published fact-check to withdraw.", code="not_published")
    if claim.status == ClaimStatus.PUBLISHED:
        # Withdrawn, the claim is no longer out: it goes back to review, as publishing moved it forward.
        claim.status, claim.updated_by = ClaimStatus.IN_REVIEW, user
        claim._history_user = user  # type: ignore[attr-defined]
        claim.save(update_fields=["status", "updated_by", "updated_at"])
    return FactCheck.objects.get(claim=claim)


def fact_check_withdraw_for_deletion(*, claim_id: int) -> None:
    """Deleting a claim leaves its page gone (the row keeps the slug, and says when it went)."""
    FactCheck.objects.filter(claim_id=claim_id, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())


def public_evidence() -> QuerySet[Evidence]:
    return Evidence.objects.select_related("document__publisher", "revision").order_by("created_at", "id")


def fact_checks_public(*, verdict: str = "") -> QuerySet[FactCheck]:
    """Published fact-checks, newest first, with what their pages and ClaimReview read."""
    checks = (
        FactCheck.objects.filter(withdrawn_at__isnull=True, claim__editorial__isnull=False)
        .select_related("claim__document__publisher", "claim__editorial", "claim__revision")
        .order_by("-published_at", "-id")
    )
    if verdict:
        checks = checks.filter(claim__editorial__verdict=verdict)
    return checks


def fact_check_by_slug(slug: str) -> FactCheck | None:
    """The fact-check at an address, public or withdrawn (None: there never was one)."""
    return (
        FactCheck.objects.select_related("claim__document__publisher", "claim__editorial", "claim__revision")
        .prefetch_related(Prefetch("claim__evidence", queryset=public_evidence()))
        .filter(slug=slug)
        .first()
    )


def claim_published(claim: Claim) -> FactCheck | None:
    """The claim's public fact-check, or None when it has none or it is withdrawn."""
    if claim.editorial_id is None:
        return None
    return FactCheck.objects.filter(claim=claim, withdrawn_at__isnull=True).first()
