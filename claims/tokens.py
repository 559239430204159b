"""API tokens for programs: each user may hold several, named; only a hash is stored.

A token is shown once, when it is created. Requests send `Authorization: Token <key>`.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from claims.throttling import TokenFailureThrottle

KEY_PREFIX = "fc_"
# Writing "last used" on every request would make each API read a write; once a minute is plenty.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. 'newsroom dashboard'.")
    key_hash = models.CharField(max_length=64, unique=True)
    key_start = models.CharField(max_length=12, help_text="The first characters of the key, to recognise it.")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "claims"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="api_token_name_unique_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_start}…)"


def api_token_create(*, user: AbstractBaseUser, name: str) -> tuple[ApiToken, str]:
    """A new token and its key; the key is not stored and cannot be shown again."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name.strip(), key_hash=_hash(key), key_start=key[:10])
    return token, key


def api_token_revoke(*, token: ApiToken) -> None:
    token.delete()


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <key>`: one indexed lookup by the key's hash."""

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[AbstractBaseUser, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        throttle = TokenFailureThrottle()
        if throttle.blocked(request):
            wait = throttle.wait()
            raise exceptions.Throttled(
                wait=wait,
                detail=f"Too many failed token attempts from your address: token sign-in is paused for "
                f"{math.ceil(wait or 1)} seconds.",
            )
        if len(header) != 2:
            throttle.record_failure(request)
            raise exceptions.AuthenticationFailed("Invalid token header: give 'Token <key>'.")
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            throttle.record_failure(request)
            raise exceptions.AuthenticationFailed("Invalid token: it must be plain ASCII.") from None
        token = ApiToken.objects.select_related("user").filter(key_hash=_hash(key)).first()
        if token is None or not token.user.is_active:
            throttle.record_failure(request)
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Describes the token scheme in the OpenAPI schema (drf-spectacular finds it by subclassing)."""

    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: object) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`; create a key at POST /api/v1/tokens/.",
        }
