"""The digests app: a feature of its own inside claims/ (label `digests`, its tables keep their names)."""

from django.apps import AppConfig


class DigestsConfig(AppConfig):
    name = "claims.digests"
    label = "digests"
    verbose_name = "Weekly digests"

    def ready(self) -> None:
        # Registers the tasks that claims.jobs sends by name in every process (Celery's autodiscovery
        # imports them only where a worker starts).
        from claims.digests import tasks  # noqa: F401
