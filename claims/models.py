"""Claims and the evidence linked to them, each anchored to a span of a document revision.

A span is kept as W3C Web Annotation selectors: a position (start, end in Unicode code points of
the revision's text) and a quote (exact, prefix, suffix). When the document gets a new revision,
spans are re-anchored; one that cannot be found with confidence is *orphaned*: it keeps its old
revision and quote until an editor confirms or re-places it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from claims.limits import (
    EXPLANATION_MAX,
    NOTE_MAX,
    QUOTE_MAX,
    SHORT_STATEMENT_HINT,
    SPEAKER_MAX,
    STATEMENT_MAX,
    length_constraints,
    span_constraints,
)
from claims.scoring import VERDICT_LABELS, Verdict
from sources.models import Document, DocumentRevision, LargeValueMixin

VERDICT_CHOICES = [(verdict.value, VERDICT_LABELS[verdict]) for verdict in Verdict]
VERDICTS = [verdict.value for verdict in Verdict]


class LargeJSONField(LargeValueMixin, models.JSONField):
    pass


class SpeakerRole(models.TextChoices):
    AUTHOR = "author", "Author"
    QUOTED = "quoted", "Quoted person"
    COMMENTER = "commenter", "Commenter"


class SpeakerKind(models.TextChoices):
    """Who the speaker is, for ClaimReview's Claim author: a person, an organisation, or the
    publisher of the document itself (an article's own claims)."""

    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organisation"
    PUBLISHER = "publisher", "The document's publisher"


def speaker_kind_default(speaker_role: str) -> str:
    """An article's own claims are its publisher's; quoted people and commenters are people."""
    return SpeakerKind.PUBLISHER if speaker_role == SpeakerRole.AUTHOR else SpeakerKind.PERSON


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    CONTRADICTS = "contradicts", "Contradicts"
    MIXED = "mixed", "Mixed"
    CONTEXT = "context", "Context"


class EvidenceOrigin(models.TextChoices):
    EDITOR = "editor", "Linked by an editor"
    SUGGESTION = "suggestion", "Accepted suggestion"


# Written only by the scoring job (claims.verdicts), never by saving a claim: see Claim.save().
SCORED_FIELDS = ("verdict", "support_score", "confidence")
# Written by their own services; a claim saved from an instance read earlier must not undo them.
NOT_SAVED_FIELDS = frozenset(
    {*SCORED_FIELDS, "assessment", "editorial", "scoring_pending_since", "suggestions_pending_since"}
)


class Claim(models.Model):
    """An anchored span that asserts something checkable, and who asserts it."""

    # Indexed by (document, start) below, which serves lookups by document too.
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="claims", db_index=False)
    revision = models.ForeignKey(DocumentRevision, on_delete=models.PROTECT, related_name="claims")
    start = models.PositiveIntegerField(
        help_text="Start offset in Unicode code points of the revision's text."
    )
    end = models.PositiveIntegerField(help_text="End offset (exclusive) in Unicode code points.")
    exact = models.TextField(max_length=QUOTE_MAX, help_text="The quoted text of the span.")
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)
    orphaned = models.BooleanField(
        default=False,
        help_text="Re-anchoring could not place the span in the current revision with confidence.",
    )
    anchor_confidence = models.FloatField(
        default=1.0, help_text="Confidence of the last (re-)anchoring, 0–1."
    )

    speaker = models.CharField(max_length=SPEAKER_MAX, blank=True)
    speaker_role = models.CharField(max_length=16, choices=SpeakerRole.choices, default=SpeakerRole.AUTHOR)
    statement = models.TextField(
        max_length=STATEMENT_MAX, blank=True, help_text="The claim reworded to stand on its own."
    )
    speaker_kind = models.CharField(
        max_length=16,
        choices=SpeakerKind.choices,
        default=SpeakerKind.PERSON,
        help_text="Whether the speaker is a person, an organisation, or the document's publisher.",
    )
    short_statement = models.CharField(
        max_length=200,
        blank=True,
        help_text=f"The claim in a few standalone words for search results (under {SHORT_STATEMENT_HINT} "
        "characters reads best); published as ClaimReview's claimReviewed.",
    )
    status = models.CharField(max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The current computed assessment and the current editorial verdict; both keep their history.
    # Indexed only where set (see Meta.indexes): a new claim has neither, and writes no entry for them.
    assessment = models.ForeignKey(
        "Assessment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    editorial = models.ForeignKey(
        "EditorialVerdict", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    # Set in the same transaction as any change that needs re-scoring; cleared by the scoring job.
    # The sweep re-enqueues claims pending too long, so the broker is never the only record of work.
    scoring_pending_since = models.DateTimeField(null=True, blank=True)
    # Set when the claim is marked; the evidence-suggestion job (claims.assist.pending) takes
    # claims by this mark, so one job serves many new claims and a lost job is swept up.
    suggestions_pending_since = models.DateTimeField(null=True, blank=True)
    # The current computed verdict, copied from `assessment` in the statement that sets it (the scoring
    # job), so lists filter by verdict and score on the claim's own indexed columns: filtering on the
    # joined assessment made PostgreSQL walk every claim to find a rare verdict.
    verdict = models.CharField(max_length=24, choices=VERDICT_CHOICES, default=Verdict.UNVERIFIED.value)
    support_score = models.FloatField(null=True, blank=True)
    confidence = models.FloatField(default=0.0)

    history = HistoricalRecords(
        # History is read by claim id (and by user and date); an index on each copied foreign key,
        # simple_history's default, only made each claim's first write slower.
        no_db_index=["document", "revision", "created_by", "updated_by"],
        excluded_fields=[
            "updated_at",
            "assessment",
            "editorial",
            "scoring_pending_since",
            "suggestions_pending_since",
            *SCORED_FIELDS,
        ],
    )

    class Meta:
        ordering = ["document_id", "start", "end", "id"]
        constraints = [
            *span_constraints("claim", optional=False),
            *length_constraints("claim", exact=QUOTE_MAX, statement=STATEMENT_MAX),
            models.CheckConstraint(
                condition=Q(speaker_role__in=SpeakerRole.values), name="claim_speaker_role_valid"
            ),
            models.CheckConstraint(condition=Q(status__in=ClaimStatus.values), name="claim_status_valid"),
            models.CheckConstraint(
                condition=Q(speaker_kind__in=SpeakerKind.values), name="claim_speaker_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(anchor_confidence__gte=0) & Q(anchor_confidence__lte=1),
                name="claim_confidence_0_1",
            ),
            models.CheckConstraint(condition=Q(verdict__in=VERDICTS), name="claim_verdict_valid"),
            models.CheckConstraint(
                condition=Q(verdict=Verdict.UNVERIFIED.value, support_score__isnull=True)
                | (~Q(verdict=Verdict.UNVERIFIED.value) & Q(support_score__gte=0) & Q(support_score__lte=1)),
                name="claim_unverified_has_no_score",
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1), name="claim_verdict_confidence_0_1"
            ),
        ]
        indexes = [
            models.Index(fields=["verdict", "-updated_at", "-id"]),
            models.Index(fields=["document", "start"]),
            models.Index(fields=["speaker"]),
            models.Index(fields=["status", "-updated_at"]),
            models.Index(fields=["-updated_at", "-id"]),
            models.Index(fields=["orphaned"], condition=Q(orphaned=True), name="claim_orphaned_idx"),
            models.Index(
                fields=["scoring_pending_since"],
                condition=Q(scoring_pending_since__isnull=False),
                name="claim_scoring_pending_idx",
            ),
            models.Index(
                fields=["assessment"], condition=Q(assessment__isnull=False), name="claim_assessment_idx"
            ),
            models.Index(
                fields=["editorial"], condition=Q(editorial__isnull=False), name="claim_editorial_idx"
            ),
            models.Index(
                fields=["suggestions_pending_since"],
                condition=Q(suggestions_pending_since__isnull=False),
                name="claim_suggestions_pending_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.exact[:80]

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A new claim's history row is written by the database. A change to an existing claim writes the
        editor's fields only: the assessment, the verdict columns, the editorial verdict and the pending
        mark have their own writers; a save from an instance read before one of them ran would otherwise
        put the old values back."""
        if self._state.adding:
            # The creation's history row is written by the INSERT's own trigger (migration 0019), so
            # marking a claim is one statement; django-simple-history records the changes after it.
            self.skip_history_when_saving = True
            try:
                super().save(*args, **kwargs)
            finally:
                del self.skip_history_when_saving
            return
        if kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in NOT_SAVED_FIELDS
            ]
        super().save(*args, **kwargs)


class Evidence(models.Model):
    """A link from a claim to a document, optionally to a passage in it, with a stance."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="cited_as_evidence")
    revision = models.ForeignKey(
        DocumentRevision, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    exact = models.TextField(max_length=QUOTE_MAX, blank=True)
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)
    orphaned = models.BooleanField(default=False)
    anchor_confidence = models.FloatField(default=1.0)

    stance = models.CharField(max_length=16, choices=Stance.choices)
    note = models.TextField(max_length=NOTE_MAX, blank=True)
    note_internal = models.BooleanField(
        default=False, help_text="The note is for editors only and never appears on the public page."
    )
    origin = models.CharField(max_length=16, choices=EvidenceOrigin.choices, default=EvidenceOrigin.EDITOR)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name_plural = "evidence"
        ordering = ["claim_id", "created_at", "id"]
        constraints = [
            *span_constraints("evidence", optional=True),
            *length_constraints("evidence", exact=QUOTE_MAX, note=NOTE_MAX),
            models.CheckConstraint(condition=Q(stance__in=Stance.values), name="evidence_stance_valid"),
            models.CheckConstraint(
                condition=Q(origin__in=EvidenceOrigin.values), name="evidence_origin_valid"
            ),
            # The same passage (or the same whole document) is linked to a claim at most once.
            models.UniqueConstraint(
                fields=["claim", "revision", "start", "end"],
                condition=Q(revision__isnull=False),
                name="evidence_passage_once_per_claim",
            ),
            models.UniqueConstraint(
                fields=["claim", "document"],
                condition=Q(revision__isnull=True),
                name="evidence_document_once_per_claim",
            ),
        ]
        indexes = [models.Index(fields=["document"]), models.Index(fields=["-updated_at", "-id"])]

    def __str__(self) -> str:
        return f"{self.get_stance_display()}: {self.exact[:60] or self.document}"

    @property
    def has_passage(self) -> bool:
        return self.revision_id is not None


class EvidenceCounts(models.Model):
    """How many evidence items a claim has, in all and by stance. Kept by database triggers on the
    evidence table (migration 0008), never written by Django: a page of claims reads its counts with
    one join instead of counting each claim's evidence. A claim without evidence has no row."""

    claim = models.OneToOneField(Claim, primary_key=True, on_delete=models.CASCADE, related_name="counts")
    total = models.PositiveIntegerField(default=0)
    supports = models.PositiveIntegerField(default=0)
    contradicts = models.PositiveIntegerField(default=0)
    mixed = models.PositiveIntegerField(default=0)
    context = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "evidence counts"

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.total}"


class Assessment(models.Model):
    """What a scoring job computed for a claim; kept as history (one row per change of inputs)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="assessments")
    verdict = models.CharField(max_length=24, choices=VERDICT_CHOICES)
    previous_verdict = models.CharField(
        max_length=24, choices=VERDICT_CHOICES, blank=True, help_text="The verdict before this assessment."
    )
    support_score = models.FloatField(null=True, blank=True, help_text="0–1; empty when unverified.")
    confidence = models.FloatField()
    breakdown = LargeJSONField(default=list, help_text="Each evidence item's contribution.")
    algorithm_version = models.CharField(max_length=32)
    fingerprint = models.CharField(max_length=64, help_text="Hash of the inputs and the algorithm version.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["claim_id", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(verdict__in=VERDICTS), name="assessment_verdict_valid"),
            models.CheckConstraint(
                condition=Q(support_score__isnull=True) | (Q(support_score__gte=0) & Q(support_score__lte=1)),
                name="assessment_score_0_1",
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1), name="assessment_confidence_0_1"
            ),
            # "No usable evidence" is unverified, never a score presented as a finding.
            models.CheckConstraint(
                condition=Q(verdict=Verdict.UNVERIFIED.value, support_score__isnull=True)
                | (~Q(verdict=Verdict.UNVERIFIED.value) & Q(support_score__isnull=False)),
                name="assessment_unverified_has_no_score",
            ),
        ]
        indexes = [models.Index(fields=["claim", "-created_at"]), models.Index(fields=["-created_at"])]

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.verdict}"

    @property
    def verdict_changed(self) -> bool:
        return self.verdict != self.previous_verdict


class EditorialVerdict(models.Model):
    """A verdict an editor publishes, with the explanation readers see; may differ from the computed one."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="editorial_verdicts")
    verdict = models.CharField(max_length=24, choices=VERDICT_CHOICES)
    explanation = models.TextField(max_length=EXPLANATION_MAX)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["claim_id", "-published_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(verdict__in=VERDICTS), name="editorial_verdict_valid"),
            models.CheckConstraint(condition=~Q(explanation=""), name="editorial_verdict_explained"),
            *length_constraints("editorial_verdict", explanation=EXPLANATION_MAX),
        ]
        indexes = [models.Index(fields=["claim", "-published_at"])]

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.verdict} (editorial)"


__all__ = [
    "Assessment",
    "Claim",
    "ClaimStatus",
    "EditorialVerdict",
    "Evidence",
    "EvidenceCounts",
    "EvidenceOrigin",
    "FactCheck",
    "SpeakerKind",
    "SpeakerRole",
    "Stance",
]
from claims.publication_models import FactCheck  # noqa: E402
