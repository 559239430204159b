"""REST API for publishers and documents."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from sources import selectors, services
from sources.errors import ImportRefused
from sources.models import Document, Language, Publisher
from sources.parsers import JSONParser
from sources.permissions import IsAdminOrReadOnly
from sources.rest import FilterSet, SinceFilter, StrictFilterBackend, TextPagination, check_query_params
from sources.serializers import (
    DocumentDetailSerializer,
    DocumentImportResultSerializer,
    DocumentImportSerializer,
    DocumentSerializer,
    PublisherSerializer,
    RevisionSerializer,
)


def refusal_as_validation_error(refusal: ImportRefused) -> ValidationError:
    return ValidationError({refusal.field: [refusal.message]}, code=refusal.code)


class PublisherFilter(FilterSet):
    updated_since = SinceFilter("updated_at")

    class Meta:
        model = Publisher
        fields = {"name": ["exact", "icontains"], "domain": ["exact"]}


class PublisherViewSet(viewsets.ModelViewSet):
    """Publishers and their reliability ratings. Everyone signed in reads; admins write."""

    serializer_class = PublisherSerializer
    permission_classes = [IsAdminOrReadOnly]
    filter_backends = [StrictFilterBackend]
    filterset_class = PublisherFilter

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.publisher_list()

    def perform_create(self, serializer: PublisherSerializer) -> None:
        self.save_unique(serializer)

    def perform_update(self, serializer: PublisherSerializer) -> None:
        self.save_unique(serializer)

    def save_unique(self, serializer: PublisherSerializer) -> None:
        """Save; the database decides unique names and domains. The serializer checks them first, but
        of two simultaneous creations of one name both pass that check: the second is refused here as
        the check would have refused it. The answer is read back with its document count."""
        try:
            with transaction.atomic():
                publisher = serializer.save()
        except IntegrityError as error:
            field = "domain" if "publisher_domain_unique" in str(error) else "name"
            value = serializer.validated_data.get(field, "")
            raise ValidationError(
                {field: [f"A publisher with the {field} {value!r} already exists."]}, code="unique"
            ) from None
        serializer.instance = selectors.publisher_list().get(pk=publisher.pk)


class DocumentFilter(FilterSet):
    q = filters.CharFilter(method="search", label="Search title and text")
    publisher = filters.ModelChoiceFilter(queryset=Publisher.objects.all())
    language = filters.ChoiceFilter(choices=Language.choices)
    created_since = SinceFilter("created_at")
    updated_since = SinceFilter("updated_at")

    class Meta:
        model = Document
        fields = ["q", "publisher", "language", "created_since", "updated_since"]

    def search(self, queryset, name: str, value: str):  # type: ignore[no-untyped-def]
        return queryset.filter(id__in=selectors.document_list(search=value).values("id"))


class DocumentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Documents: list and search, read one with its text and revisions, import new ones."""

    filter_backends = [StrictFilterBackend]
    filterset_class = DocumentFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if self.action == "list":
            return selectors.document_list()
        return selectors.document_detail()

    def get_serializer_class(self):  # type: ignore[no-untyped-def]
        if self.action == "list":
            return DocumentSerializer
        if self.action == "create":
            return DocumentImportSerializer
        return DocumentDetailSerializer

    @extend_schema(
        request=DocumentImportSerializer,
        responses={
            201: DocumentImportResultSerializer,
            200: OpenApiResponse(
                DocumentImportResultSerializer, description="The same text was already stored."
            ),
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Import a document from raw text, an uploaded file or a URL to fetch."""
        form = DocumentImportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        try:
            outcome = services.document_import_validated(data=data, user=request.user)
        except ImportRefused as refusal:
            raise refusal_as_validation_error(refusal) from None
        document = selectors.document_detail().get(pk=outcome.document.pk)
        document.import_status = outcome.status.value
        code = (
            status.HTTP_200_OK
            if outcome.status == services.ImportStatus.UNCHANGED
            else status.HTTP_201_CREATED
        )
        return Response(DocumentImportResultSerializer(document).data, status=code)

    @extend_schema(responses=RevisionSerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[])
    def revisions(self, request: Request, pk: str | None = None) -> Response:
        """Every stored revision of the document, newest first, each with its text."""
        check_query_params(request, ())  # the document filters do not apply here
        document = self.get_object()
        paginator = TextPagination()  # each row carries a whole text
        page = paginator.paginate_queryset(selectors.revision_list(document), request, view=self)
        return paginator.get_paginated_response(RevisionSerializer(page, many=True).data)
