"""`manage.py load_demo`: import the sample articles in sources/demo and make a demo admin."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandParser

from claims import services as claims
from claims import verdicts
from claims.models import Claim
from sources import services
from sources.models import Publisher
from sources.permissions import EDITORS_GROUP, READERS_GROUP

# Here, above sources, because the demo marks claims too (sources imports nothing of claims).
DEMO_DIR = Path(__file__).resolve().parents[3] / "sources" / "demo"
# file → (publisher, domain, reliability, URL). The press release comes from the shipyard itself,
# so it gets a low rating: an interested party, not an independent source.
DEMO_ARTICLES = {
    "faehre_aurelia_de.txt": (
        "Brennsee-Bote",
        "brennsee-bote.example",
        0.7,
        "https://brennsee-bote.example/regional/solarfaehre-aurelia",
    ),
    "ticker_faehre_de.txt": (
        "Nachrichtenticker Süd",
        "ticker-sued.example",
        0.5,
        "https://ticker-sued.example/meldung/solarfaehre",
    ),
    "solar_ferry_en.html": (
        "Lakeside Courier",
        "lakeside-courier.example",
        0.8,
        "https://lakeside-courier.example/solar-ferry-aurelia",
    ),
    "werft_pressemitteilung_en.md": (
        "Kessler Shipyard",
        "kessler-werft.example",
        0.3,
        "https://kessler-werft.example/press/aurelia",
    ),
}
DEMO_USERNAME = "admin"
DEMO_PASSWORD = "factcheck-demo"
# A few claims already marked, with evidence linked, so the first look has verdicts and reasons:
# (file, quote, speaker, role, [(evidence file, passage, stance)]). The rest is left to the suggestions.
DEMO_CLAIMS = [
    (
        "faehre_aurelia_de.txt",
        "The battery only lasts for about 8 km",
        "ThomasReid",
        "commenter",
        [
            ("faehre_aurelia_de.txt", "reicht eine Ladung für 80 Kilometer", "contradicts"),
            ("solar_ferry_en.html", "one charge is good for 80 kilometres", "contradicts"),
        ],
    ),
    (
        "faehre_aurelia_de.txt",
        "Die Fähre hat 9,5 Millionen Euro gekostet",
        "",
        "author",
        [("ticker_faehre_de.txt", "kostete 9,5 Millionen Euro", "supports")],
    ),
]


# One of them published as a fact-check, so /fact-checks/ has a page to show: (quote, verdict, explanation).
DEMO_FACT_CHECK = (
    "The battery only lasts for about 8 km",
    "contradicted",
    "The article itself and the Lakeside Courier both report that one charge is good for 80 kilometres.",
)


class Command(BaseCommand):
    help = (
        "Load the demo: sample articles, publishers, and an admin login (admin / factcheck-demo with "
        "DEBUG on; a random password, printed once, with DEBUG off)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-user", action="store_true", help="Do not create the demo admin.")

    def handle(self, *args: Any, **options: Any) -> None:
        Group.objects.get_or_create(name=EDITORS_GROUP)
        Group.objects.get_or_create(name=READERS_GROUP)
        prepared = []
        publishers_added = 0
        for name, (publisher, domain, reliability, url) in DEMO_ARTICLES.items():
            _, created = Publisher.objects.update_or_create(
                name=publisher,
                defaults={"domain": domain, "reliability": reliability, "url": f"https://{domain}/"},
            )
            publishers_added += created
            source = services.source_from_path(DEMO_DIR / name)
            overrides = services.ImportOverrides(url=url, publisher=publisher)
            prepared.append(services.document_prepare(source, overrides))
        outcomes = services.documents_import_batch(prepared=prepared)
        imported = sum(1 for o in outcomes if o.status != services.ImportStatus.UNCHANGED)
        self.stdout.write(f"Demo articles: {imported} imported, {len(outcomes) - imported} already there.")
        # The demo's own publishers, not every publisher: on a database in use the others are not the demo's.
        found = len(DEMO_ARTICLES) - publishers_added
        self.stdout.write(f"Demo publishers: {publishers_added} added, {found} already there.")
        if not options["no_user"]:
            admin = self._demo_admin()
            self._demo_claims(admin, {o.document.url: o.document for o in outcomes})

    def _demo_claims(self, user: object, by_url: dict[str, object]) -> None:
        """Mark the demo claims once (through the services, so they are scored as any claim is)."""
        documents = {name: by_url[spec[3]] for name, spec in DEMO_ARTICLES.items()}
        made = 0
        for name, quote, speaker, role, evidence in DEMO_CLAIMS:
            if Claim.objects.filter(document=documents[name], exact=quote).exists():
                continue
            claim = claims.claim_create(
                document=documents[name],
                user=user,
                span=claims.SpanInput(exact=quote),
                speaker=speaker,
                speaker_role=role,
            )
            for source, passage, stance in evidence:
                claims.evidence_link(
                    claim=claim,
                    document=documents[source],
                    user=user,
                    stance=stance,
                    span=claims.SpanInput(exact=passage),
                )
            made += 1
        self.stdout.write(f"Demo claims: {made} marked, {len(DEMO_CLAIMS) - made} already there.")
        quote, verdict, explanation = DEMO_FACT_CHECK
        checked = Claim.objects.filter(exact=quote, editorial__isnull=True).first()
        if checked is not None:
            verdicts.editorial_verdict_publish(
                claim=checked, user=user, verdict=verdict, explanation=explanation
            )
            self.stdout.write("Demo fact-check published: see /fact-checks/.")

    def _demo_admin(self) -> object:
        """With DEBUG on (`make run`), admin / factcheck-demo, as the README says. With DEBUG off the known
        password would let anyone in: the admin gets a random password, printed this once, and an admin
        left from an earlier run with the known password gets a new one too."""
        User = get_user_model()
        password = DEMO_PASSWORD if settings.DEBUG else secrets.token_urlsafe(18)
        existing = User.objects.filter(username=DEMO_USERNAME).first()
        if existing is not None and (settings.DEBUG or not existing.check_password(DEMO_PASSWORD)):
            self.stdout.write(f"Admin login: {DEMO_USERNAME} (already exists; password unchanged).")
            return existing
        if existing is not None:
            existing.set_password(password)
            existing.save(update_fields=["password"])
            admin = existing
        else:
            admin = User.objects.create_superuser(DEMO_USERNAME, "admin@localhost", password)
        self.stdout.write(self.style.SUCCESS(f"Admin login: {DEMO_USERNAME} / {password}"))
        if not settings.DEBUG:
            self.stdout.write(
                "DEBUG is off, so the demo password is not used: this random one is shown only now. "
                "Change it with `python manage.py changepassword admin`."
            )
        return admin
