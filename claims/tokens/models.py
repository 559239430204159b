"""ApiToken: each user may hold several, named; only a hash of the key is stored.

A token is shown once, when it is created. Requests send `Authorization: Token <key>`.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models

KEY_PREFIX = "fc_"


def key_hash(key: str) -> str:
    """What is stored of a key, and what a request's key is looked up by."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. 'newsroom dashboard'.")
    key_hash = models.CharField(max_length=64, unique=True)
    key_start = models.CharField(max_length=12, help_text="The first characters of the key, to recognise it.")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "claims_apitoken"  # the table it had when it lived in the claims app
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="api_token_name_unique_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_start}…)"
