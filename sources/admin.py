"""Admin for publishers (reliability ratings) and documents (metadata editable, text read-only)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from sources import services
from sources.attribution import domains_normalise
from sources.errors import ImportRefused
from sources.models import Document, DocumentRevision, Publisher


class DomainsField(forms.CharField):
    """A publisher's further domains, one per line in the admin, stored as a list."""

    widget = forms.Textarea(attrs={"rows": 4, "cols": 40})

    def prepare_value(self, value: object) -> object:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: object) -> list[str]:
        text = super().to_python(value)
        return domains_normalise(line for line in text.replace(",", "\n").splitlines() if line.strip())


class PublisherForm(forms.ModelForm):
    domains = DomainsField(
        required=False,
        help_text="One per line, e.g. amp.scmp.com. Documents whose URL is on the publisher's domain or one "
        "of these count with its reliability; others only once an admin confirms them (Documents: action).",
    )

    class Meta:
        model = Publisher
        fields = ["name", "domain", "domains", "url", "reliability"]


@admin.register(Publisher)
class PublisherAdmin(admin.ModelAdmin):
    form = PublisherForm
    list_display = ["name", "domain", "reliability", "updated_at"]
    list_editable = ["reliability"]
    search_fields = ["name", "domain"]


class RevisionInline(admin.TabularInline):
    model = DocumentRevision
    fields = ["number", "origin", "origin_name", "content_hash", "created_at", "created_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "language", "published_on", "created_at"]
    list_filter = ["language", "publisher"]
    search_fields = ["title", "url", "author"]
    list_select_related = ["publisher"]
    readonly_fields = [
        "publisher_attribution",
        "text",
        "current_revision",
        "created_by",
        "created_at",
        "updated_at",
    ]
    actions = ["confirm_publisher"]
    fields = [
        "title",
        "url",
        "publisher",
        "publisher_attribution",
        "author",
        "published_on",
        "language",
        "current_revision",
        "text",
        "created_by",
        "created_at",
        "updated_at",
    ]
    inlines = [RevisionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Documents come in through the import (CLI, API, browser), which extracts and normalises.
        return False

    @admin.display(description="Publisher attribution")
    def publisher_attribution(self, obj: Document) -> str:
        if obj.publisher_id is None:
            return "No publisher: an unknown source."
        if obj.publisher_confirmed_at is not None:
            who = obj.publisher_confirmed_by.get_username() if obj.publisher_confirmed_by else "an admin"
            return f"Verified: confirmed by {who} on {obj.publisher_confirmed_at:%Y-%m-%d}."
        if obj.publisher_verified:
            return "Verified: the URL is on the publisher's domains."
        return (
            "Unverified: the URL is not on the publisher's domains, so the document counts as an unverified "
            "source. Confirm it with the action “Confirm the publisher” if it is the publisher's."
        )

    @admin.action(description="Confirm the publisher of the selected documents")
    def confirm_publisher(self, request: HttpRequest, queryset: QuerySet[Document]) -> None:
        confirmed = skipped = 0
        for document in queryset.select_related("publisher"):
            try:
                services.document_publisher_confirm(document=document, user=request.user)
            except ImportRefused:
                skipped += 1
                continue
            confirmed += 1
        self.message_user(request, f"Publisher confirmed for {confirmed} document(s).", messages.SUCCESS)
        if skipped:
            self.message_user(
                request, f"{skipped} document(s) without a publisher skipped.", messages.WARNING
            )

    @admin.display(description="Text (current revision)")
    def text(self, obj: Document) -> str:
        return obj.text


@admin.register(DocumentRevision)
class DocumentRevisionAdmin(admin.ModelAdmin):
    list_display = ["document", "number", "origin", "created_at"]
    list_select_related = ["document"]
    readonly_fields = [
        "document",
        "number",
        "text",
        "content_hash",
        "origin",
        "origin_name",
        "created_by",
        "created_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
