from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims, evidence and verdicts"

    def ready(self) -> None:
        from claims import receivers  # noqa: F401  (connects the signal receivers)
