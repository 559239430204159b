"""The assist app: suggestions of claims and evidence, a feature of its own inside claims/ (label
`assist`; its tables keep the names the claims app gave them)."""

from django.apps import AppConfig
from django.conf import settings


class AssistConfig(AppConfig):
    name = "claims.assist"
    label = "assist"
    verbose_name = "Suggestions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Connects the receivers of claims' and sources' signals, and registers the tasks that
        # claims.jobs sends by name in every process (Celery's autodiscovery imports them only where a
        # worker starts).
        from claims.assist import receivers, tasks  # noqa: F401
        from claims.assist.rules import bilingual

        # The German–English terms derived from the dictionary are kept for every process (bilingual.py).
        bilingual.CACHE_DIR = settings.VAR_DIR / "cache"
