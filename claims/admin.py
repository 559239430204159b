"""Admin for claims and evidence (with their change history)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from claims import spans
from claims.models import Claim, Evidence

SPAN_FIELDS = ["document", *spans.SPAN_FIELDS]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    fk_name = "claim"
    fields = ["document", "exact", "stance", "note", "origin", "orphaned", "created_by"]
    readonly_fields = ["document", "exact", "origin", "orphaned", "created_by"]
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # evidence is linked through the API or the reader, which anchor the passage


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = ["exact", "speaker", "speaker_role", "status", "document", "orphaned", "updated_at"]
    list_filter = ["status", "speaker_role", "orphaned"]
    search_fields = ["exact", "statement", "speaker"]
    list_select_related = ["document"]
    readonly_fields = [*SPAN_FIELDS, "created_by", "updated_by", "created_at", "updated_at"]
    inlines = [EvidenceInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # claims are marked in the reader or through the API, which anchor the span


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = ["claim", "document", "stance", "origin", "orphaned", "created_by", "created_at"]
    list_filter = ["stance", "origin", "orphaned"]
    list_select_related = ["claim", "document", "created_by"]
    readonly_fields = [*SPAN_FIELDS, "claim", "origin", "created_by", "created_at", "updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
