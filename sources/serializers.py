"""DRF serializers for publishers, documents and revisions, and the import request."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sources.attribution import MAX_DOMAINS, domains_normalise
from sources.models import Document, DocumentRevision, Language, Publisher
from sources.uris import uri_from


class PublisherSerializer(serializers.ModelSerializer):
    document_count = serializers.IntegerField(read_only=True)
    domains = serializers.ListField(
        child=serializers.CharField(max_length=253),
        required=False,
        max_length=MAX_DOMAINS,
        help_text="Further web domains of the publisher. A document counts with the publisher's reliability "
        "only when its URL is on `domain` or one of these, or an admin confirmed it.",
    )

    class Meta:
        model = Publisher
        fields = [
            "id",
            "name",
            "domain",
            "domains",
            "url",
            "reliability",
            "document_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"reliability": {"min_value": 0.0, "max_value": 1.0}}

    def validate_url(self, value: str) -> str:
        """Kept and answered as a URI (`"<> ` and non-ASCII percent-encoded)."""
        url = uri_from(value)
        if len(url) > Publisher._meta.get_field("url").max_length:
            raise serializers.ValidationError("Too long as a URI.", code="max_length")
        return url

    def validate_domains(self, value: list[str]) -> list[str]:
        try:
            return domains_normalise(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None


class PublisherBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Publisher
        fields = ["id", "name", "domain", "reliability"]


class RevisionSerializer(serializers.ModelSerializer):
    length = serializers.IntegerField(read_only=True, help_text="Length of the text in Unicode code points.")

    class Meta:
        model = DocumentRevision
        fields = ["id", "number", "content_hash", "origin", "origin_name", "length", "created_at", "text"]


class DocumentSerializer(serializers.ModelSerializer):
    publisher = PublisherBriefSerializer(read_only=True, allow_null=True)
    revision_count = serializers.IntegerField(read_only=True)
    current_revision = serializers.IntegerField(source="current_revision_id", read_only=True)
    publisher_verified = serializers.BooleanField(
        read_only=True,
        help_text="Whether the document counts with its publisher's reliability: its URL is on the "
        "publisher's domains or an admin confirmed it. Otherwise it is scored as an unverified source.",
    )

    class Meta:
        model = Document
        fields = [
            "id",
            "title",
            "url",
            "publisher",
            "publisher_verified",
            "author",
            "published_on",
            "language",
            "current_revision",
            "revision_count",
            "created_at",
            "updated_at",
        ]


class DocumentDetailSerializer(DocumentSerializer):
    text = serializers.CharField(source="current_revision.text", read_only=True)
    content_hash = serializers.CharField(source="current_revision.content_hash", read_only=True)

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "content_hash", "text"]


@extend_schema_field(OpenApiTypes.URI)
class StatedUrlField(serializers.CharField):
    """A document URL the user states. Not DRF's URLField: that takes ftp:// and refuses what the CLI
    takes; the one check, for every way in, is sources.imports.ImportOverrides (identity.stated_url_check)."""


class DocumentImportSerializer(serializers.Serializer):
    """Exactly one of text, file or source_url; the rest override what extraction finds."""

    text = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, help_text="Raw text to import."
    )
    format = serializers.ChoiceField(
        choices=["text", "markdown", "html"], default="text", help_text="How to read `text`."
    )
    # An empty file is refused by the import with its name ("notes.txt: the file is empty"), as other bad
    # files are; DRF would refuse it first without one ("The submitted file is empty.").
    file = serializers.FileField(
        required=False, allow_empty_file=True, help_text="A .txt, .md or .html file."
    )
    source_url = serializers.CharField(
        required=False, max_length=2000, help_text="An http(s) web page to fetch."
    )
    title = serializers.CharField(required=False, max_length=500, default="")
    url = StatedUrlField(
        required=False,
        max_length=2000,
        default="",
        help_text="The document's URL: an absolute http or https address.",
    )
    language = serializers.ChoiceField(choices=[c for c in Language.values if c], required=False, default="")
    publisher = serializers.CharField(
        required=False, max_length=200, default="", help_text="A publisher's name."
    )
    document = serializers.IntegerField(
        required=False, min_value=1, help_text="Import as a new revision of this document."
    )

    def validate(self, attrs: dict) -> dict:
        given = [name for name in ("text", "file", "source_url") if attrs.get(name) not in (None, "")]
        if len(given) != 1:
            raise serializers.ValidationError(
                {"non_field_errors": ["Give exactly one of text, file or source_url."]}, code="source"
            )
        return attrs


class DocumentImportResultSerializer(DocumentDetailSerializer):
    import_status = serializers.ChoiceField(
        choices=["imported", "unchanged", "new_revision"], read_only=True, help_text="What the import did."
    )

    class Meta(DocumentDetailSerializer.Meta):
        fields = [*DocumentDetailSerializer.Meta.fields, "import_status"]
