"""REST API for evidence: flat at /evidence/, and per claim at /claims/{claim_pk}/evidence/ (list and link).
What it shares with the claims' API (offsets, refusals, history, annotations) is claims.api.SpanViewSet."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from claims import exports, selectors, services
from claims.api import ANNOTATION_RESPONSES, HISTORY_RESPONSES, SpanViewSet
from claims.filters import EvidenceFilter
from claims.models import Claim, Evidence
from claims.serializers import (
    EvidenceLinkSerializer,
    EvidenceSerializer,
    EvidenceUpdateSerializer,
    FlatEvidenceLinkSerializer,
)
from sources.rest import OFFSETS_PARAMETER


@extend_schema_view(
    list=extend_schema(parameters=[OFFSETS_PARAMETER]),
    retrieve=extend_schema(parameters=[OFFSETS_PARAMETER]),
    partial_update=extend_schema(request=EvidenceUpdateSerializer, parameters=[OFFSETS_PARAMETER]),
    confirm=extend_schema(
        description="Accept where re-anchoring placed the passage; an orphaned one must be re-placed "
        "with PATCH.",
        request=None,
        responses=EvidenceSerializer,
        parameters=[OFFSETS_PARAMETER],
    ),
    history=extend_schema(
        description="Every change to the evidence item, oldest first, also after it was unlinked.",
        responses=HISTORY_RESPONSES,
    ),
    annotation=extend_schema(
        description="The evidence link as a W3C Web Annotation: claim and stance as body, the passage as "
        "target.",
        responses=ANNOTATION_RESPONSES,
    ),
)
class EvidenceViewSet(SpanViewSet):
    """Evidence: flat at /evidence/, and per claim at /claims/{claim_pk}/evidence/ (list and link)."""

    serializer_class = EvidenceSerializer
    filterset_class = EvidenceFilter
    history_fields = selectors.EVIDENCE_HISTORY_FIELDS
    web_annotation = staticmethod(exports.evidence_annotation)

    def get_queryset(self) -> QuerySet[Evidence]:
        evidence = selectors.evidence_list(only=selectors.EVIDENCE_API_FIELDS)
        if "claim_pk" in self.kwargs:
            return evidence.filter(claim=self.nested_claim())
        return evidence

    def nested_claim(self) -> Claim:
        if not hasattr(self, "_claim"):
            self._claim = get_object_or_404(Claim, pk=self.kwargs["claim_pk"])
        return self._claim

    @extend_schema(
        request=FlatEvidenceLinkSerializer,
        responses={201: EvidenceSerializer},
        parameters=[OFFSETS_PARAMETER],
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Link a document to a claim as evidence: a passage of it (give a span) or the whole document."""
        nested = "claim_pk" in self.kwargs
        if nested:
            self.nested_claim()  # an unknown claim is a 404 before any complaint about the body
        form_class = EvidenceLinkSerializer if nested else FlatEvidenceLinkSerializer
        form = form_class(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        data = form.validated_data
        evidence = services.evidence_link(
            claim=self.nested_claim() if nested else data["claim"],
            document=data["document"],
            user=request.user,
            stance=data["stance"],
            span=data["span"],
            revision=data.get("revision"),
            note=data["note"],
            note_internal=data["note_internal"],
        )
        return self.respond(evidence, status.HTTP_201_CREATED)

    @extend_schema(request=EvidenceUpdateSerializer, parameters=[OFFSETS_PARAMETER])
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change the stance or note (PUT: both; PATCH: either), or re-place the passage with a span."""
        evidence = self.get_object()
        data = self.validated_change(EvidenceUpdateSerializer, evidence, partial=kwargs.get("partial", False))
        evidence = services.evidence_update(
            evidence=evidence,
            user=request.user,
            stance=data.get("stance"),
            note=data.get("note"),
            note_internal=data.get("note_internal"),
            span=data["span"],
        )
        return self.respond(evidence)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Unlink the evidence; it stays readable in its history."""
        services.evidence_unlink(evidence=self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
