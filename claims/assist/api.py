"""REST API for suggestions: list them with their reasons, accept or dismiss each one.

    GET  /api/v1/claim-suggestions/?document=&status=        check-worthy spans proposed as claims
    POST /api/v1/claim-suggestions/{id}/accept/              → 201, the claim made (speaker, role, statement
                                                               may correct what was suggested)
    POST /api/v1/claim-suggestions/{id}/dismiss/             → 200, not proposed again for the document
    GET  /api/v1/evidence-suggestions/?claim=&document=&status=, /api/v1/claims/{id}/evidence-suggestions/
    POST /api/v1/evidence-suggestions/{id}/accept/           → 201, the evidence linked (stance may correct
                                                               the proposed one; origin "suggestion")
    POST /api/v1/evidence-suggestions/{id}/dismiss/          → 200, not proposed again for the claim

Readers read; editors accept and dismiss. Lists show open suggestions unless `status` says otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from claims import selectors
from claims.api import refusal_as_validation_error
from claims.assist import services
from claims.assist.models import ClaimSuggestion, EvidenceSuggestion, SuggestionStatus
from claims.errors import ClaimRefused
from claims.models import NOTE_MAX, SPEAKER_MAX, STATEMENT_MAX, Claim, SpeakerRole, Stance
from claims.serializers import ClaimDetailSerializer, EvidenceSerializer
from claims.span_serializers import RevisionTexts, _about, _text
from sources.models import Document
from sources.permissions import IsEditorOrReadOnly
from sources.rest import FilterSet, StableOrderingFilter, StrictFilterBackend, offset_unit

Made = TypeVar("Made")  # what a decision returns: the claim or evidence made, or the suggestion dismissed

# --- Responses ------------------------------------------------------------------------------------------


class _SuggestionSerializer(serializers.ModelSerializer):
    decided_by = serializers.CharField(source="decided_by.username", read_only=True, allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField(), read_only=True)


class ClaimSuggestionSerializer(_SuggestionSerializer):
    document_title = serializers.CharField(source="document.title", read_only=True)

    class Meta:
        model = ClaimSuggestion
        fields = [
            "id",
            "document",
            "document_title",
            "revision",
            "start",
            "end",
            "exact",
            "score",
            "reasons",
            "speaker",
            "speaker_role",
            "status",
            "claim",
            "decided_by",
            "decided_at",
            "created_at",
        ]
        read_only_fields = fields


class EvidenceSuggestionSerializer(_SuggestionSerializer):
    document_title = serializers.CharField(source="document.title", read_only=True)
    publisher = serializers.CharField(source="document.publisher.name", read_only=True, allow_null=True)

    class Meta:
        model = EvidenceSuggestion
        fields = [
            "id",
            "claim",
            "document",
            "document_title",
            "publisher",
            "revision",
            "start",
            "end",
            "exact",
            "stance",
            "stance_confidence",
            "score",
            "reasons",
            "status",
            "evidence",
            "decided_by",
            "decided_at",
            "created_at",
        ]
        read_only_fields = fields


# --- Requests -------------------------------------------------------------------------------------------


class ClaimSuggestionAcceptSerializer(serializers.Serializer):
    """All optional: what the claim should say where the suggestion was wrong."""

    speaker = _text(required=False, allow_blank=True, max_length=SPEAKER_MAX)
    speaker_role = serializers.ChoiceField(choices=SpeakerRole.choices, required=False)
    # The statement as marking a claim takes it (claims.serializers.ClaimCreateSerializer); the help text
    # is the model's.
    statement = _text(
        required=False, allow_blank=True, default="", max_length=STATEMENT_MAX, **_about(Claim, "statement")
    )


class EvidenceSuggestionAcceptSerializer(serializers.Serializer):
    stance = serializers.ChoiceField(
        choices=Stance.choices, required=False, help_text="The stance, where the proposed one is wrong."
    )
    note = _text(required=False, allow_blank=True, default="", max_length=NOTE_MAX)


# --- Filters --------------------------------------------------------------------------------------------


class ClaimSuggestionFilter(FilterSet):
    document = filters.ModelChoiceFilter(queryset=Document.objects.all())
    status = filters.ChoiceFilter(choices=SuggestionStatus.choices, label="Open unless given")

    class Meta:
        model = ClaimSuggestion
        fields = ["document", "status"]


class EvidenceSuggestionFilter(FilterSet):
    claim = filters.ModelChoiceFilter(queryset=Claim.objects.all())
    document = filters.ModelChoiceFilter(queryset=Document.objects.all(), label="The document cited")
    status = filters.ChoiceFilter(choices=SuggestionStatus.choices, label="Open unless given")

    class Meta:
        model = EvidenceSuggestion
        fields = ["claim", "document", "status"]


# --- Views ----------------------------------------------------------------------------------------------


class _SuggestionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsEditorOrReadOnly]
    filter_backends = [StrictFilterBackend, StableOrderingFilter]
    ordering_fields = ["score", "created_at", "id"]

    def get_queryset(self) -> QuerySet[Any]:
        queryset = self.queryset_all()
        # Open ones unless the request names a status: what an editor has to look at.
        if self.action == "list" and "status" not in self.request.query_params:
            return queryset.filter(status=SuggestionStatus.OPEN)
        return queryset

    def queryset_all(self) -> QuerySet[Any]:
        raise NotImplementedError

    def decide(
        self, service: Callable[..., Made], form_class: type[serializers.Serializer] | None = None
    ) -> Made:
        """Call a claims.assist.services decision on the requested suggestion, with what the request's
        `form_class` validates; a refusal is answered as bad input and changes nothing."""
        suggestion = self.get_object()
        corrections: dict[str, Any] = {}
        if form_class is not None:
            form = form_class(data=self.request.data)
            form.is_valid(raise_exception=True)
            corrections = form.validated_data
        try:
            return service(suggestion=suggestion, user=self.request.user, **corrections)
        except ClaimRefused as refusal:
            raise refusal_as_validation_error(refusal) from None

    def decided(self, suggestion: Any) -> Response:
        fresh = self.queryset_all().get(pk=suggestion.pk)
        return Response(self.get_serializer(fresh).data)

    def span_context(self) -> dict[str, Any]:
        """What core's span serializers need to present what accepting made (UTF-16 offsets on request)."""
        return {"offset_unit": offset_unit(self.request), "revision_texts": RevisionTexts()}


class ClaimSuggestionViewSet(_SuggestionViewSet):
    """Spans proposed as claims (check-worthy sentences, reader comments included), with the reasons."""

    serializer_class = ClaimSuggestionSerializer
    filterset_class = ClaimSuggestionFilter
    ordering = ["document_id", "start", "id"]

    def queryset_all(self) -> QuerySet[ClaimSuggestion]:
        return ClaimSuggestion.objects.select_related("document", "decided_by").order_by(
            "document_id", "start", "id"
        )

    @extend_schema(request=ClaimSuggestionAcceptSerializer, responses={201: ClaimDetailSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        """Make the suggested span a claim; its speaker and role are the suggested ones unless given."""
        claim = self.decide(services.claim_suggestion_accept, ClaimSuggestionAcceptSerializer)
        # What a read would give, without the read: the new claim has no evidence or verdicts yet.
        data = ClaimDetailSerializer(selectors.claim_as_created(claim), context=self.span_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ClaimSuggestionSerializer)
    @action(detail=True, methods=["post"])
    def dismiss(self, request: Request, pk: str | None = None) -> Response:
        """Dismiss the suggestion: it is not proposed again for this document."""
        return self.decided(self.decide(services.claim_suggestion_dismiss))


class EvidenceSuggestionViewSet(_SuggestionViewSet):
    """Passages proposed as evidence for a claim, with the proposed stance and why; flat at
    /evidence-suggestions/ and per claim at /claims/{claim_pk}/evidence-suggestions/."""

    serializer_class = EvidenceSuggestionSerializer
    filterset_class = EvidenceSuggestionFilter
    ordering = ["claim_id", "-score", "id"]

    def queryset_all(self) -> QuerySet[EvidenceSuggestion]:
        queryset = EvidenceSuggestion.objects.select_related("document__publisher", "decided_by").order_by(
            "claim_id", "-score", "id"
        )
        if "claim_pk" in self.kwargs:
            return queryset.filter(claim=get_object_or_404(Claim, pk=self.kwargs["claim_pk"]))
        return queryset

    @extend_schema(request=EvidenceSuggestionAcceptSerializer, responses={201: EvidenceSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        """Link the suggested passage as evidence, with the proposed stance unless another is given."""
        evidence = self.decide(services.evidence_suggestion_accept, EvidenceSuggestionAcceptSerializer)
        fresh = selectors.evidence_list(only=selectors.EVIDENCE_API_FIELDS).get(pk=evidence.pk)
        data = EvidenceSerializer(fresh, context=self.span_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=EvidenceSuggestionSerializer)
    @action(detail=True, methods=["post"])
    def dismiss(self, request: Request, pk: str | None = None) -> Response:
        """Dismiss the suggestion: it is not proposed again for this claim."""
        return self.decided(self.decide(services.evidence_suggestion_dismiss))
