"""Reads of API tokens: a user's own tokens, and the token a key belongs to."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from claims.tokens.models import ApiToken, key_hash


def tokens_of(*, user: AbstractBaseUser) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first; nobody sees another's."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def token_for_key(key: str) -> ApiToken | None:
    """The token with this key, with its user: one indexed lookup by the key's hash."""
    return ApiToken.objects.select_related("user").filter(key_hash=key_hash(key)).first()
