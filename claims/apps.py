from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims, evidence and verdicts"

    def ready(self) -> None:
        # Connects the signal receivers, and registers the tasks that claims.jobs sends by name in every
        # process (Celery's autodiscovery imports them only where a worker starts).
        from claims import receivers, tasks  # noqa: F401
