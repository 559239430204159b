"""Assist's data: the passages evidence is found in, and the suggestions editors accept or dismiss.

A suggestion is a proposal. Accepting a claim suggestion makes a claim; accepting an evidence suggestion
links evidence (origin "suggestion"); dismissing one keeps it, so it is not proposed again for the same
document (claims) or the same claim (evidence). Both are keyed by a hash of their quote, so a re-run after
a new revision recognises what an editor already decided.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length

from claims.models import Claim, Evidence, SpeakerRole, Stance
from sources.models import Document, DocumentRevision, LargeTextField


def quote_key(text: str) -> str:
    """What recognises the same quote again: its words, case and spacing aside (SHA-256, hex)."""
    return hashlib.sha256(" ".join(text.casefold().split()).encode("utf-8")).hexdigest()


def spans_shared(a: tuple[int, int], b: tuple[int, int]) -> int:
    """How many characters two spans have in common (0 when they do not meet)."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def spans_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two spans share at least half of the shorter one, as the evaluation counts a match."""
    shared = spans_shared(a, b)
    return shared > 0 and shared >= 0.5 * min(a[1] - a[0], b[1] - b[0])


class Passage(models.Model):
    """A sentence of a document's current revision (claims/assist/rules/sentences.py), searched for evidence.

    On PostgreSQL `search` holds the words as the document's language configuration (german, english,
    else simple) reads them, and claims/assist/rules/ranking.py's terms (names, normalised numbers, descriptor
    facets, concepts shared by both languages) as lexemes of their own; a GIN index on it
    (claims migration 0010, PostgreSQL only) serves the search. SQLite leaves it empty and ranks in Python.
    """

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="passages")
    revision = models.ForeignKey(DocumentRevision, on_delete=models.CASCADE, related_name="passages")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = LargeTextField()
    kind = models.CharField(max_length=16)  # claims.assist.rules.sentences.KINDS
    language = models.CharField(max_length=8, blank=True)
    speaker = models.CharField(max_length=200, blank=True, help_text="The commenter, for a reader comment.")
    # claims.assist.rules.ranking.retrieval_terms of the text, space-separated: computed once, then read.
    terms = models.TextField(blank=True)
    search = SearchVectorField(null=True, editable=False)

    class Meta:
        db_table = "claims_passage"  # made by the claims app, before assist had an app of its own
        ordering = ["document_id", "start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")) & Q(end=F("start") + Length("text")),
                name="passage_span_matches_text",
            ),
            models.UniqueConstraint(fields=["revision", "start"], name="passage_once_per_revision"),
        ]
        indexes = [models.Index(fields=["document", "start"])]

    def __str__(self) -> str:
        return self.text[:80]


class SuggestionStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACCEPTED = "accepted", "Accepted"
    DISMISSED = "dismissed", "Dismissed"


class _Suggestion(models.Model):
    """What both kinds of suggestion record: the quote proposed, in the revision it was found in (keyed
    by quote_key, so a re-run after a new revision knows it again); how strongly and why; and the
    decision: its status, who took it and when."""

    revision = models.ForeignKey(DocumentRevision, on_delete=models.CASCADE, related_name="+")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    exact = models.TextField()
    key = models.CharField(max_length=64, help_text="quote_key(exact)")
    score = models.FloatField(help_text="How strongly it is suggested, 0–1.")
    reasons = models.JSONField(default=list, help_text="Why, in words an editor can check.")
    status = models.CharField(max_length=16, choices=SuggestionStatus.choices, default=SuggestionStatus.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


def _suggestion_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(end__gt=F("start")) & Q(end=F("start") + Length("exact")),
            name=f"{prefix}_span_matches_quote",
        ),
        models.CheckConstraint(
            condition=Q(status__in=SuggestionStatus.values), name=f"{prefix}_status_valid"
        ),
        models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=1), name=f"{prefix}_score_0_1"),
        models.CheckConstraint(
            condition=Q(status=SuggestionStatus.OPEN) | Q(decided_at__isnull=False),
            name=f"{prefix}_decided_when",
        ),
    ]


class ClaimSuggestion(_Suggestion):
    """A span of a document proposed as a claim, with who seems to assert it."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="claim_suggestions")
    speaker = models.CharField(max_length=200, blank=True)
    speaker_role = models.CharField(max_length=16, choices=SpeakerRole.choices, default=SpeakerRole.AUTHOR)
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", help_text="Made on accept."
    )

    class Meta:
        db_table = "claims_claimsuggestion"
        ordering = ["document_id", "start", "id"]
        constraints = [
            *_suggestion_constraints("claim_suggestion"),
            models.UniqueConstraint(fields=["document", "key"], name="claim_suggestion_once_per_document"),
            models.CheckConstraint(
                condition=Q(speaker_role__in=SpeakerRole.values), name="claim_suggestion_role_valid"
            ),
        ]
        indexes = [models.Index(fields=["document", "status", "start"])]

    def __str__(self) -> str:
        return self.exact[:80]


class EvidenceSuggestion(_Suggestion):
    """A passage proposed as evidence for a claim, with the stance the rules see and why."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence_suggestions")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    stance = models.CharField(max_length=16, choices=Stance.choices, help_text="The stance proposed.")
    stance_confidence = models.FloatField(default=0.0)
    evidence = models.ForeignKey(
        Evidence,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Linked on accept.",
    )

    class Meta:
        db_table = "claims_evidencesuggestion"
        ordering = ["claim_id", "-score", "id"]
        constraints = [
            *_suggestion_constraints("evidence_suggestion"),
            models.UniqueConstraint(
                fields=["claim", "document", "key"], name="evidence_suggestion_once_per_claim"
            ),
            models.CheckConstraint(
                condition=Q(stance__in=Stance.values), name="evidence_suggestion_stance_valid"
            ),
            models.CheckConstraint(
                condition=Q(stance_confidence__gte=0) & Q(stance_confidence__lte=1),
                name="evidence_suggestion_confidence_0_1",
            ),
        ]
        indexes = [models.Index(fields=["claim", "status", "-score"])]

    def __str__(self) -> str:
        return f"{self.stance}: {self.exact[:60]}"
