"""DRF serializers for claims and evidence: request bodies, validated and handed to a service, and
responses. What they share (spans, offsets in code points or UTF-16, lean fields) is in
claims.span_serializers.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims import selectors
from claims.models import (
    EXPLANATION_MAX,
    NOTE_MAX,
    SHORT_STATEMENT_HINT,
    SPEAKER_MAX,
    STATEMENT_MAX,
    VERDICT_CHOICES,
    Claim,
    ClaimStatus,
    EditorialVerdict,
    Evidence,
    SpeakerKind,
    SpeakerRole,
    Stance,
)
from claims.scoring import VERDICT_LABELS, Verdict
from claims.span_serializers import (
    DOCUMENT_TO_MARK,
    LeanSerializer,
    SpanChangeSerializer,
    SpanRequestSerializer,
    SpanResponseSerializer,
    _choice,
    _read,
    _span_fields,
    _text,
    _Unmovable,
)
from claims.spans import SpanInput
from sources.serializers import PublisherBriefSerializer

# --- Requests ------------------------------------------------------------------------------------------


class ClaimCreateSerializer(SpanRequestSerializer):
    document = serializers.PrimaryKeyRelatedField(
        queryset=DOCUMENT_TO_MARK, help_text="The document claimed in."
    )
    speaker = _text(required=False, allow_blank=True, max_length=SPEAKER_MAX, default="")
    speaker_role = serializers.ChoiceField(choices=SpeakerRole.choices, default=SpeakerRole.AUTHOR)
    statement = _text(
        required=False,
        allow_blank=True,
        default="",
        max_length=STATEMENT_MAX,
        help_text="The claim reworded to stand on its own.",
    )
    status = serializers.ChoiceField(choices=ClaimStatus.choices, default=ClaimStatus.DRAFT)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs["span"] = self.span(attrs, attrs["document"]) or SpanInput()
        return attrs


class ClaimUpdateSerializer(SpanChangeSerializer):
    """PATCH changes what it names; PUT must name speaker, speaker_role, statement and status. A span
    re-places the claim in the current revision (which also settles an orphaned claim)."""

    document = _Unmovable("A claim cannot move to another document; delete it and claim the text there.")
    speaker = _text(allow_blank=True, max_length=SPEAKER_MAX)
    speaker_role = serializers.ChoiceField(choices=SpeakerRole.choices)
    statement = _text(allow_blank=True, max_length=STATEMENT_MAX)
    status = serializers.ChoiceField(choices=ClaimStatus.choices)
    speaker_kind = serializers.ChoiceField(
        choices=SpeakerKind.choices,
        required=False,
        help_text="Who the speaker is, for ClaimReview: a person, an organisation, or the document's "
        "publisher (the default for the author role; person for the others).",
    )
    short_statement = _text(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text=f"The claim in a few standalone words (under {SHORT_STATEMENT_HINT} characters reads best "
        "in search results); published as ClaimReview's claimReviewed.",
    )


class EvidenceLinkSerializer(SpanRequestSerializer):
    """Link a document as evidence: a passage of it when a span is given, else the whole document."""

    document = serializers.PrimaryKeyRelatedField(queryset=DOCUMENT_TO_MARK, help_text="The document cited.")
    stance = serializers.ChoiceField(choices=Stance.choices)
    note = _text(required=False, allow_blank=True, default="", max_length=NOTE_MAX)
    note_internal = serializers.BooleanField(
        required=False, default=False, help_text="The note is for editors only; never shown publicly."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs["span"] = self.span(attrs, attrs["document"])
        return attrs


class FlatEvidenceLinkSerializer(EvidenceLinkSerializer):
    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all(), help_text="The claim supported.")


class EvidenceUpdateSerializer(SpanChangeSerializer):
    """PATCH changes what it names; PUT must name stance and note. A span re-places the passage."""

    claim = _Unmovable("Evidence cannot move to another claim; link it to that claim instead.")
    document = _Unmovable("Evidence cannot move to another document; link that document instead.")
    stance = serializers.ChoiceField(choices=Stance.choices)
    note = _text(allow_blank=True, max_length=NOTE_MAX)
    note_internal = serializers.BooleanField(
        required=False, help_text="The note is for editors only; never shown publicly."
    )


# --- Responses -----------------------------------------------------------------------------------------


class EvidenceSerializer(SpanResponseSerializer):
    id = serializers.IntegerField(read_only=True)
    claim = serializers.IntegerField(source="claim_id", read_only=True)
    document = serializers.IntegerField(source="document_id", read_only=True)
    document_title = serializers.CharField(source="document.title", read_only=True)
    publisher = PublisherBriefSerializer(source="document.publisher", read_only=True, allow_null=True)
    has_passage = serializers.BooleanField(
        read_only=True, help_text="False when it cites the whole document."
    )
    locals().update(_span_fields(Evidence))  # declared here, in the response's order
    stance = _choice(Evidence, "stance")
    note = _read(serializers.CharField, Evidence, "note")
    note_internal = _read(serializers.BooleanField, Evidence, "note_internal")
    origin = _choice(Evidence, "origin")
    created_by = serializers.CharField(source="created_by.username", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


class EvidenceCountsSerializer(LeanSerializer):
    """How many evidence items a claim has with each stance."""

    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            stance: serializers.IntegerField(source=selectors.stance_count_name(stance), read_only=True)
            for stance in Stance.values
        }


class EditorialVerdictSerializer(LeanSerializer):
    verdict = _choice(EditorialVerdict, "verdict")
    label = serializers.CharField(source="get_verdict_display", read_only=True)
    explanation = _read(serializers.CharField, EditorialVerdict, "explanation")
    published_by = serializers.CharField(source="published_by.username", read_only=True)
    published_at = serializers.DateTimeField(read_only=True)


class ClaimSerializer(SpanResponseSerializer):
    """A claim as listed, with its current verdict: computed (verdict, score, confidence) and editorial."""

    id = serializers.IntegerField(read_only=True)
    document = serializers.IntegerField(source="document_id", read_only=True)
    document_title = serializers.CharField(source="document.title", read_only=True)
    locals().update(_span_fields(Claim))  # declared here, in the response's order
    speaker = _read(serializers.CharField, Claim, "speaker")
    speaker_role = _choice(Claim, "speaker_role")
    statement = _read(serializers.CharField, Claim, "statement")
    status = _choice(Claim, "status")
    speaker_kind = _choice(Claim, "speaker_kind")
    short_statement = _read(serializers.CharField, Claim, "short_statement")
    evidence_count = serializers.IntegerField(read_only=True)
    evidence_counts = EvidenceCountsSerializer(source="*", read_only=True)
    verdict = serializers.ChoiceField(
        choices=VERDICT_CHOICES, read_only=True, help_text="The computed verdict."
    )
    verdict_label = serializers.SerializerMethodField()
    support_score = serializers.FloatField(
        read_only=True, allow_null=True, help_text="0–1; null when unverified."
    )
    confidence = serializers.FloatField(read_only=True)
    assessed_at = serializers.DateTimeField(source="assessment.created_at", read_only=True, allow_null=True)
    algorithm_version = serializers.CharField(
        source="assessment.algorithm_version", read_only=True, allow_null=True
    )
    scoring_pending_since = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="Set while a scoring job is due; null when up to date."
    )
    editorial_verdict = EditorialVerdictSerializer(source="editorial", read_only=True, allow_null=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True)
    updated_by = serializers.CharField(source="updated_by.username", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    @extend_schema_field(OpenApiTypes.STR)
    def get_verdict_label(self, claim: Claim) -> str:
        return VERDICT_LABELS[Verdict(claim.verdict)]


class ClaimDetailSerializer(ClaimSerializer):
    """One claim: as listed, plus the breakdown of its score and its evidence."""

    breakdown = serializers.JSONField(
        source="assessment.breakdown",
        read_only=True,
        allow_null=True,
        help_text="Each evidence item's contribution, with a `description` in words.",
    )
    evidence = EvidenceSerializer(many=True, read_only=True)


# --- History -------------------------------------------------------------------------------------------


class HistoryUserSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    username = serializers.CharField(source="get_username")


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.JSONField(allow_null=True, help_text="Offsets in history are code points.")
    new = serializers.JSONField(allow_null=True)


class HistoryEntrySerializer(serializers.Serializer):
    """One change: what kind, who made it (null for a background job such as re-anchoring), when,
    and each changed field's old and new value. A creation lists the initial values with old null."""

    id = serializers.IntegerField()
    history_type = serializers.ChoiceField(choices=list(selectors.HISTORY_TYPES.values()))
    user = HistoryUserSerializer(allow_null=True)
    at = serializers.DateTimeField()
    changes = FieldChangeSerializer(many=True)


# --- Verdicts -----------------------------------------------------------------------------------------


class EditorialVerdictRequestSerializer(LeanSerializer):
    verdict = serializers.ChoiceField(choices=VERDICT_CHOICES)
    explanation = _text(
        max_length=EXPLANATION_MAX, help_text="What readers see with the verdict: why it is what it is."
    )


class VerdictEntrySerializer(serializers.Serializer):
    """One entry of a claim's verdict history: computed by a scoring job, or published by an editor."""

    kind = serializers.ChoiceField(choices=["computed", "editorial"])
    verdict = serializers.ChoiceField(choices=VERDICT_CHOICES)
    label = serializers.SerializerMethodField()
    at = serializers.DateTimeField()
    previous_verdict = serializers.CharField(
        source="assessment.previous_verdict", allow_null=True, default=None
    )
    support_score = serializers.FloatField(source="assessment.support_score", allow_null=True, default=None)
    confidence = serializers.FloatField(source="assessment.confidence", allow_null=True, default=None)
    breakdown = serializers.JSONField(source="assessment.breakdown", allow_null=True, default=None)
    algorithm_version = serializers.CharField(
        source="assessment.algorithm_version", allow_null=True, default=None
    )
    explanation = serializers.CharField(source="editorial.explanation", allow_null=True, default=None)
    published_by = serializers.CharField(
        source="editorial.published_by.username", allow_null=True, default=None
    )

    @extend_schema_field(OpenApiTypes.STR)
    def get_label(self, entry: Any) -> str:
        return VERDICT_LABELS[Verdict(entry.verdict)]
