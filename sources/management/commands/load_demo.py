"""`manage.py load_demo`: import the sample articles in sources/demo and make a demo admin."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandParser

from sources import services
from sources.models import Publisher
from sources.permissions import EDITORS_GROUP, READERS_GROUP

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
DEMO_USERNAME = "admin"
DEMO_PASSWORD = "factcheck-demo"


class Command(BaseCommand):
    help = "Load the demo: sample articles, publishers, and an admin login (admin / factcheck-demo)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-user", action="store_true", help="Do not create the demo admin.")

    def handle(self, *args: Any, **options: Any) -> None:
        Group.objects.get_or_create(name=EDITORS_GROUP)
        Group.objects.get_or_create(name=READERS_GROUP)
        paths = sorted(p for p in DEMO_DIR.iterdir() if p.suffix in {".txt", ".md", ".html"})
        prepared = [services.document_prepare(services.source_from_path(path)) for path in paths]
        outcomes = services.documents_import_batch(prepared=prepared)
        imported = sum(1 for o in outcomes if o.status != services.ImportStatus.UNCHANGED)
        self.stdout.write(f"Demo articles: {imported} imported, {len(outcomes) - imported} already there.")
        self.stdout.write(f"Publishers: {Publisher.objects.count()}.")
        if not options["no_user"]:
            self._demo_admin()

    def _demo_admin(self) -> None:
        User = get_user_model()
        if User.objects.filter(username=DEMO_USERNAME).exists():
            self.stdout.write(f"Admin login: {DEMO_USERNAME} (already exists; password unchanged).")
            return
        User.objects.create_superuser(DEMO_USERNAME, "admin@localhost", DEMO_PASSWORD)
        self.stdout.write(self.style.SUCCESS(f"Admin login: {DEMO_USERNAME} / {DEMO_PASSWORD}"))
