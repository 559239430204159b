"""`Authorization: Token <key>` for DRF, with failed attempts throttled per address, and its OpenAPI
description (drf-spectacular finds the extension by subclassing once this module is imported)."""

from __future__ import annotations

import math
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from claims.tokens.models import ApiToken
from claims.tokens.selectors import token_for_key
from claims.tokens.services import api_token_mark_used
from claims.tokens.throttling import TokenFailureThrottle

# Writing "last used" on every request would make each API read a write; once a minute is plenty.
LAST_USED_RESOLUTION = timedelta(minutes=1)


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
        token = token_for_key(key)
        if token is None or not token.user.is_active:
            throttle.record_failure(request)
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        if token.last_used_at is None or timezone.now() - token.last_used_at > LAST_USED_RESOLUTION:
            api_token_mark_used(token=token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Describes the token scheme in the OpenAPI schema."""

    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: object) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`; create a key at POST /api/v1/tokens/.",
        }
