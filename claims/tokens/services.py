"""Writes of API tokens: create (the key is returned once) and revoke."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from claims.tokens.models import KEY_PREFIX, ApiToken, key_hash


@transaction.atomic
def api_token_create(*, user: AbstractBaseUser, name: str) -> tuple[ApiToken, str]:
    """A new token and its key; the key is not stored and cannot be shown again. A name the user already
    gave another token raises IntegrityError (the database's unique constraint decides)."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name.strip(), key_hash=key_hash(key), key_start=key[:10])
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> None:
    token.delete()


@transaction.atomic
def api_token_mark_used(*, token: ApiToken) -> None:
    """Stamp "last used" with one UPDATE of the row, no select (it runs on every authenticated request)."""
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
