"""The browser UI app; its ready() registers the static files check (frontend/checks.py)."""

from django.apps import AppConfig


class FrontendConfig(AppConfig):
    name = "frontend"
    verbose_name = "Browser UI"

    def ready(self) -> None:
        from frontend import checks  # noqa: F401  (registers the system check)
