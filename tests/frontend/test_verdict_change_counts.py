"""The dashboard's "Verdicts changed this week" and the editor's digest count the same thing on the same
data: claims whose verdict changed, not assessments."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from claims.digests import weeks
from frontend.dashboard import week_start
from tests.factories import assessment, claim, document, editor

pytestmark = pytest.mark.django_db

ARTICLE = "Die Fähre fährt 80 km weit. Sie schafft 9 Knoten. Sie kostet 12 Millionen.\n"


def test_the_dashboard_and_the_digest_count_the_same_claims() -> None:
    anna = editor("anna", email="anna@example.org")
    client = Client()
    client.force_login(anna)
    now = timezone.now()
    start = week_start(now)

    def moment(n: int) -> datetime.datetime:
        """The n-th of five moments between this week's Monday and now."""
        return start + (now - start) * n / 6

    article = document(ARTICLE, title="Fähre")
    scored, back, twice = (claim(article, anna, quote) for quote in ("80 km", "9 Knoten", "12 Millionen"))
    last_week = start - datetime.timedelta(days=2)
    assessment(back, "supported", 0.9, last_week)
    assessment(twice, "mostly_supported", 0.7, last_week)
    assessment(scored, "supported", 0.85, moment(1))  # unverified → supported
    assessment(back, "contradicted", 0.1, moment(2))
    assessment(back, "supported", 0.9, moment(3))  # changed and changed back: no change this week
    assessment(twice, "disputed", 0.5, moment(4))
    assessment(twice, "contradicted", 0.12, moment(5))  # mostly supported → contradicted, once

    dashboard = client.get("/").content.decode()
    week = weeks.IsoWeek.of(timezone.localdate(now))
    digest = client.get(f"/digest/preview/?week={week}").content.decode()

    shown = re.search(r'Verdicts changed this week</h2>\s*<span class="count">(\d+)</span>', dashboard)
    counted = re.search(r'Verdicts that changed <span class="digest-count">(\d+)</span>', digest)
    assert shown and counted and shown.group(1) == counted.group(1) == "2"
    # The dashboard lists the two claims, old → new, the latest change first.
    card = dashboard.split('id="changes-heading"')[1].split("</section>")[0]
    listed = re.findall(r'#claim-(\d+)">.*?verdict verdict-(\w+)">.*?verdict verdict-(\w+)">', card, re.S)
    assert listed == [
        (str(twice.pk), "mostly_supported", "contradicted"),
        (str(scored.pk), "unverified", "supported"),
    ]
