"""Writes of API tokens: create (the key is returned once) and revoke."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from claims.tokens.models import KEY_PREFIX, ApiToken, key_hash


class TokenNameTaken(ValueError):
    """The user already has a token with this name."""


@transaction.atomic
def api_token_create(*, user: AbstractBaseUser, name: str) -> tuple[ApiToken, str]:
    """A new token and its key; the key is not stored and cannot be shown again. A name the user already
    gave another token raises TokenNameTaken: the database's unique constraint decides, so two requests
    racing with one name cannot both win."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    try:
        with transaction.atomic():  # a savepoint: the outer transaction stays usable after the refusal
            token = ApiToken.objects.create(
                user=user, name=name.strip(), key_hash=key_hash(key), key_start=key[:10]
            )
    except IntegrityError as error:
        raise TokenNameTaken("You already have a token with this name.") from error
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
