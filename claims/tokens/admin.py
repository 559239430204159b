"""Admin for API tokens: list and revoke (delete); keys are never created or shown here."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from claims.tokens.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "key_start", "created_at", "last_used_at"]
    search_fields = ["name", "user__username"]
    fields = ["user", "name", "key_start", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # keys are created by their owner and shown once; the admin can revoke (delete)
