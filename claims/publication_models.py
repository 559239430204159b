"""The public fact-check page of a claim: its lasting address, and whether it is published or withdrawn."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

SLUG_WORDS_LENGTH = 60


def fact_check_slug(wording: str, claim_id: int) -> str:
    """A readable, lasting address: the claim's first words, then its id (which makes it unique)."""
    words = slugify(wording)[:SLUG_WORDS_LENGTH].strip("-")
    return f"{words}-{claim_id}" if words else f"claim-{claim_id}"


class FactCheck(models.Model):
    """A claim's public page at /fact-checks/<slug>/. Made when an editorial verdict is first published,
    kept when it is withdrawn (or the claim deleted) so that its address answers 410 Gone, not 404."""

    claim = models.OneToOneField(
        "claims.Claim", null=True, blank=True, on_delete=models.SET_NULL, related_name="fact_check"
    )
    slug = models.SlugField(max_length=80, unique=True)
    published_at = models.DateTimeField(default=timezone.now, help_text="When it was first published.")
    updated_at = models.DateTimeField(default=timezone.now, help_text="When its verdict last changed.")
    withdrawn_at = models.DateTimeField(null=True, blank=True, help_text="Set while it is unpublished.")

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(withdrawn_at__isnull=True),
                name="fact_check_public_idx",
            )
        ]

    def __str__(self) -> str:
        return self.slug

    @property
    def is_public(self) -> bool:
        return self.withdrawn_at is None and self.claim_id is not None
