"""Admin for publishers (reliability ratings) and documents (metadata editable, text read-only)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from sources.models import Document, DocumentRevision, Publisher


@admin.register(Publisher)
class PublisherAdmin(admin.ModelAdmin):
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
    readonly_fields = ["text", "current_revision", "created_by", "created_at", "updated_at"]
    fields = [
        "title",
        "url",
        "publisher",
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
