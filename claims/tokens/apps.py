"""The API tokens app (label `tokens`), nested in claims/ but depending only on Django and sources."""

from django.apps import AppConfig


class TokensConfig(AppConfig):
    name = "claims.tokens"
    label = "tokens"
    verbose_name = "API tokens"
    default_auto_field = "django.db.models.BigAutoField"
