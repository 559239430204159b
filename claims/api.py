"""REST API for claims and evidence: validate the request, call one service, answer with the result.

Offsets are code points unless `?offsets=utf16` (see claims.serializers). Every change is kept by
django-simple-history and readable at `.../history/`, also after a deletion.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import exports, publication, selectors, services, verdicts
from claims.errors import ClaimRefused
from claims.filters import ClaimFilter
from claims.models import Claim, Evidence
from claims.permissions import IsCreatorOrAdminToChange
from claims.serializers import (
    ClaimCreateSerializer,
    ClaimDetailSerializer,
    ClaimSerializer,
    ClaimUpdateSerializer,
    EditorialVerdictRequestSerializer,
    HistoryEntrySerializer,
    VerdictEntrySerializer,
)
from claims.span_serializers import RevisionTexts, SpanChangeSerializer
from sources.models import Document
from sources.rest import (
    OFFSETS_PARAMETER,
    StableOrderingFilter,
    StrictFilterBackend,
    check_query_params,
    offset_unit,
    parse_id,
    query_datetime,
)


def refusal_as_validation_error(refusal: ClaimRefused) -> ValidationError | NotFound:
    if refusal.code == "not_found":  # deleted while the request ran
        return NotFound(refusal.message)
    return ValidationError({refusal.field: [refusal.message]}, code=refusal.code)


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


class WebAnnotationRenderer(JSONRenderer):
    """JSON-LD with the Web Annotation profile (the Content-Type the Web Annotation Protocol names)."""

    media_type = "application/ld+json"
    format = "jsonld"


def annotation_type(request: Request) -> str | None:
    """The Web Annotation media type with its profile, unless the client asked for plain JSON."""
    renderer = getattr(request, "accepted_renderer", None)
    return exports.WEB_ANNOTATION_MEDIA_TYPE if isinstance(renderer, WebAnnotationRenderer) else None


class SpanViewSet(viewsets.GenericViewSet):
    """What the claim and evidence endpoints share: the offset unit, refusals as 400s, reading one item,
    confirming a span, history and the Web Annotation (each viewset describes these in the schema)."""

    permission_classes = [IsCreatorOrAdminToChange]
    filter_backends = [StrictFilterBackend, StableOrderingFilter]
    ordering_fields = ["updated_at", "created_at", "id"]
    ordering = ["-updated_at", "-id"]
    history_fields: tuple[str, ...] = ()
    web_annotation: Callable[[Any], dict[str, Any]]  # the instance as a W3C Web Annotation

    def handle_exception(self, exc: Exception) -> Response:
        # A service's refusal is the client's error: 400 on the field it names (404 when it is gone).
        if isinstance(exc, ClaimRefused):
            exc = refusal_as_validation_error(exc)
        return super().handle_exception(exc)

    def get_serializer_context(self) -> dict[str, Any]:
        return {
            **super().get_serializer_context(),
            "offset_unit": offset_unit(self.request),
            "revision_texts": self.revision_texts,
        }

    @cached_property
    def revision_texts(self) -> RevisionTexts:
        """The revision texts UTF-16 offsets are counted in, each loaded once per request."""
        return RevisionTexts()

    def present(self, instance: Claim | Evidence | list[Any], **kwargs: Any) -> Any:
        return self.get_serializer(instance, **kwargs).data

    def respond(self, instance: Claim | Evidence, code: int = status.HTTP_200_OK) -> Response:
        """The instance as freshly read (with its counts and joins)."""
        return Response(self.present(self.get_queryset().get(pk=instance.pk)), status=code)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, partial=True, **kwargs)  # type: ignore[attr-defined]

    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        return self.respond(services.span_confirm(target=self.get_object(), user=request.user))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.present(page, many=True))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(self.present(self.get_object()))

    def get_object(self) -> Any:
        """The one item the URL names; the list's filters do not apply to it, only the query parameters
        the schema lists for it. 404 for an id that is not one."""
        check_query_params(self.request, getattr(self, "extra_query_params", ()))
        pk = parse_id(str(self.kwargs.get("pk", "")))
        if pk is None:
            raise NotFound()
        instance = get_object_or_404(self.get_queryset(), pk=pk)
        self.check_object_permissions(self.request, instance)
        return instance

    def validated_change(
        self, form_class: type[SpanChangeSerializer], target: Claim | Evidence, *, partial: bool
    ) -> dict[str, Any]:
        """The request's change to `target`, validated (PATCH: `partial`)."""
        context = {**self.get_serializer_context(), "target": target}
        form = form_class(data=self.request.data, partial=partial, context=context)
        form.is_valid(raise_exception=True)
        return form.validated_data

    # history and annotation: each viewset describes them in the schema (extend_schema_view).
    @action(detail=True, methods=["get"], filter_backends=[])
    def history(self, request: Request, pk: str = "") -> Response:
        # A page of the object's history, read from the history table so it outlives the object.
        check_query_params(self.request, ())
        model = self.get_queryset().model
        number = parse_id(pk)
        page = self.paginate_queryset(selectors.history_records(model, number) if number is not None else [])
        if not page:
            raise NotFound(f"No {model._meta.verbose_name} with id {pk} has ever existed.")
        previous = selectors.history_record_before(model, page[0])
        entries = selectors.history_entries(page, previous, self.history_fields)
        return self.get_paginated_response(HistoryEntrySerializer(entries, many=True).data)

    @action(
        detail=True,
        methods=["get"],
        filter_backends=[],
        renderer_classes=[WebAnnotationRenderer, JSONRenderer],
    )
    def annotation(self, request: Request, pk: str | None = None) -> Response:
        check_query_params(request, ())
        return Response(self.web_annotation(self.get_object()), content_type=annotation_type(request))


# What the history and annotation actions answer, for the schema.
HISTORY_RESPONSES = HistoryEntrySerializer(many=True)
ANNOTATION_RESPONSES = {(200, exports.WEB_ANNOTATION_MEDIA_TYPE): OpenApiTypes.OBJECT}


AS_OF = "as_of"
AS_OF_PARAMETER = OpenApiParameter(
    AS_OF, OpenApiTypes.DATETIME, description="Answer with the claims and their verdicts as they were then."
)


@extend_schema_view(
    list=extend_schema(parameters=[OFFSETS_PARAMETER, AS_OF_PARAMETER]),
    retrieve=extend_schema(parameters=[OFFSETS_PARAMETER, AS_OF_PARAMETER]),
    partial_update=extend_schema(
        request=ClaimUpdateSerializer, responses=ClaimDetailSerializer, parameters=[OFFSETS_PARAMETER]
    ),
    confirm=extend_schema(
        description="Accept where re-anchoring placed the claim's span (full confidence). An orphaned claim "
        "cannot\nbe confirmed: re-place it with PATCH and a new span.",
        request=None,
        responses=ClaimDetailSerializer,
        parameters=[OFFSETS_PARAMETER],
    ),
    history=extend_schema(
        description="Every change to the claim, oldest first: who, when, old → new. Also after it was "
        "deleted.",
        responses=HISTORY_RESPONSES,
    ),
    annotation=extend_schema(
        description="The claim as a W3C Web Annotation: its span in the revision it counts in (an orphaned "
        "claim's\nold revision), with TextQuoteSelector and TextPositionSelector.",
        responses=ANNOTATION_RESPONSES,
    ),
)
class ClaimViewSet(SpanViewSet):
    """Claims: list and filter, read one with its evidence, mark, change, re-place and delete them.
    `?as_of=DATETIME` answers with the claims and verdicts as they were then."""

    filterset_class = ClaimFilter
    history_fields = selectors.CLAIM_HISTORY_FIELDS
    web_annotation = staticmethod(exports.claim_annotation)
    extra_query_params = (AS_OF,)

    def as_of(self) -> datetime | None:
        if not hasattr(self, "_as_of"):
            self._as_of = query_datetime(self.request, AS_OF) if self.action in {"list", "retrieve"} else None
        return self._as_of

    def get_queryset(self) -> QuerySet[Claim]:
        if self.action == "list":
            return selectors.claim_list(as_of=self.as_of(), only=selectors.CLAIM_API_FIELDS)
        return selectors.claim_detail(
            as_of=self.as_of(),
            only=selectors.CLAIM_DETAIL_API_FIELDS,
            evidence_only=selectors.EVIDENCE_API_FIELDS,
        )

    def paginate_queryset(self, queryset: QuerySet[Claim]) -> list[Claim] | None:
        page = super().paginate_queryset(queryset)
        if page is not None and self.as_of() is not None:
            selectors.claims_as_of(page)
        return page

    def get_object(self) -> Claim:
        claim = super().get_object()  # type: ignore[assignment]
        if self.as_of() is not None:
            selectors.claims_as_of([claim])
        return claim

    def get_serializer_class(self) -> type[ClaimSerializer]:  # type: ignore[override]
        return ClaimSerializer if self.action == "list" else ClaimDetailSerializer

    @extend_schema(
        request=ClaimCreateSerializer, responses={201: ClaimDetailSerializer}, parameters=[OFFSETS_PARAMETER]
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Mark a claim: a span of a document's current revision, by offsets, by quote, or both."""
        form = ClaimCreateSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        data = form.validated_data
        claim = services.claim_create(
            document=data["document"],
            user=request.user,
            span=data["span"],
            revision=data.get("revision"),
            speaker=data["speaker"],
            speaker_role=data["speaker_role"],
            statement=data["statement"],
            status=data["status"],
        )
        # What a read would give, without the read: a new claim has no evidence or verdicts yet.
        self.revision_texts.add(claim.revision_id, claim.revision.text)  # for UTF-16 offsets
        return Response(self.present(selectors.claim_as_created(claim)), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ClaimUpdateSerializer, responses=ClaimDetailSerializer, parameters=[OFFSETS_PARAMETER]
    )
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change a claim (PUT: speaker, speaker_role, statement, status; PATCH: any of them). A span
        re-places it in the current revision, which also settles an orphaned claim."""
        claim = self.get_object()
        data = self.validated_change(ClaimUpdateSerializer, claim, partial=kwargs.get("partial", False))
        changes = {
            name: data[name]
            for name in ("speaker", "speaker_role", "speaker_kind", "statement", "short_statement", "status")
            if name in data
        }
        claim = services.claim_update(claim=claim, user=request.user, span=data["span"], **changes)
        return self.respond(claim)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Delete a claim and its evidence; both stay readable in their history."""
        services.claim_delete(claim=self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=VerdictEntrySerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[])
    def assessments(self, request: Request, pk: str | None = None) -> Response:
        """The claim's verdict history, newest first: each computed assessment (score, confidence,
        breakdown, previous verdict) and each editorial verdict published (who, explanation)."""
        check_query_params(request, ())
        page = self.paginate_queryset(selectors.verdict_history(self.get_object()))
        return self.get_paginated_response(VerdictEntrySerializer(page, many=True).data)

    @extend_schema(
        request=EditorialVerdictRequestSerializer,
        responses={201: ClaimDetailSerializer},
        parameters=[OFFSETS_PARAMETER],
    )
    @action(detail=True, methods=["post"], url_path="editorial-verdict")
    def editorial_verdict(self, request: Request, pk: str | None = None) -> Response:
        """Publish the editorial verdict, with the explanation readers see; it may differ from the
        computed one, and both are kept in the verdict history."""
        claim = self.get_object()
        form = EditorialVerdictRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        verdicts.editorial_verdict_publish(claim=claim, user=request.user, **form.validated_data)
        return self.respond(claim, status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/ld+json"): OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"], filter_backends=[], renderer_classes=[JSONLDRenderer, JSONRenderer])
    def claimreview(self, request: Request, pk: str | None = None) -> Response:
        """schema.org ClaimReview JSON-LD of the published editorial verdict, as on the public page;
        404 `not_published`, saying why, for a claim without one or whose fact-check was unpublished."""
        check_query_params(request, ())
        claim = self.get_object()
        try:
            fact_check = exports.published_fact_check(claim)
        except exports.NotPublished as missing:
            raise NotFound(missing.reason, code="not_published") from None
        return Response(exports.claim_review(claim, fact_check))

    @extend_schema(request=None, responses=ClaimDetailSerializer)
    @action(detail=True, methods=["post"])
    def unpublish(self, request: Request, pk: str | None = None) -> Response:
        """Withdraw the claim's public fact-check: its page answers 410 Gone and it leaves the index,
        feed, sitemap and ClaimReview. Publishing an editorial verdict again reopens it."""
        claim = self.get_object()
        publication.fact_check_withdraw(claim=claim, user=request.user)
        return self.respond(claim)


class DocumentClaimReviewView(APIView):
    """Every published fact-check of a claim in a document as schema.org ClaimReview JSON-LD, in one graph."""

    renderer_classes = [JSONLDRenderer, JSONRenderer]

    @extend_schema(responses={(200, "application/ld+json"): OpenApiTypes.OBJECT})
    def get(self, request: Request, pk: int) -> Response:
        check_query_params(request, ())
        document = get_object_or_404(Document, pk=pk)
        # Only published fact-checks: a computed or withdrawn verdict is never exported as ClaimReview.
        checks = publication.fact_checks_public().filter(claim__document=document)
        reviews = [exports.claim_review(check.claim, check) for check in checks]
        for review in reviews:
            del review["@context"]  # stated once for the graph
        return Response({"@context": exports.SCHEMA_ORG, "@graph": reviews})
