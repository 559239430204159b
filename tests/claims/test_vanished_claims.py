"""Jobs whose claim is deleted while they run stop quietly: no foreign-key error at commit.

The delete holds the claim's row lock (as claim_delete does) while a job runs in another connection; the
job must wait for it and then find the claim gone, whichever job it is: evidence suggestions for a new
claim, suggestions for a new document's passages, scoring.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from django.db import connection, transaction
from rest_framework.test import APIClient

from claims import services, verdicts
from claims.assist import finding
from claims.assist.models import EvidenceSuggestion
from claims.assist.tasks import claim_suggest_evidence
from claims.models import Claim
from sources import services as sources
from tests.claims.assist.test_worker import ARTICLE, REPORT
from tests.factories import editor

pytestmark = pytest.mark.django_db(transaction=True)


def _waiting_for_a_lock() -> bool:
    """Whether a session of this test database waits for a lock (the job, on the deleted claim)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def deleted_while_running(claim: Claim, job: Callable[[], object]) -> dict[str, object]:
    """Run `job` in its own connection while another deletes the claim and holds the transaction open
    until the job waits for it; returns {"value": ...} or {"error": ...} and whether the job waited."""
    held, release = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def delete() -> None:
        try:
            with transaction.atomic():
                locked = Claim.objects.select_for_update().get(pk=claim.pk)
                services.claim_delete(claim=locked, user=claim.created_by)
                held.set()
                release.wait(30)
        finally:
            connection.close()

    def run() -> None:
        try:
            outcome["value"] = job()
        except Exception as error:  # what a worker would log as the job's failure
            outcome["error"] = error
        finally:
            connection.close()

    deleter = threading.Thread(target=delete)
    deleter.start()
    assert held.wait(30)
    runner = threading.Thread(target=run)
    runner.start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and runner.is_alive() and not _waiting_for_a_lock():
        time.sleep(0.05)
    outcome["waited"] = runner.is_alive()
    release.set()
    deleter.join(30)
    runner.join(30)
    return outcome


@pytest.fixture
def marked_claim() -> tuple[Claim, int]:
    """A claim in a German article, and an English report with a passage that supports it (indexed)."""
    client = APIClient()
    client.force_authenticate(editor("anna"))
    article = client.post("/api/v1/documents/", {"text": ARTICLE, "language": "de"}, format="json").json()
    report = client.post("/api/v1/documents/", {"text": REPORT, "language": "en"}, format="json").json()
    made = client.post(
        "/api/v1/claims/",
        {"document": article["id"], "exact": "80 Kilometer mit einer Ladung"},
        format="json",
    ).json()
    claim = Claim.objects.get(pk=made["id"])
    # Its suggestions ran in-process; a job running again would find the same passage anew.
    assert EvidenceSuggestion.objects.filter(claim=claim, document_id=report["id"]).exists()
    EvidenceSuggestion.objects.filter(claim=claim).delete()
    return claim, report["id"]


def test_evidence_suggestions_for_a_claim_deleted_meanwhile_stop_quietly(marked_claim: tuple) -> None:
    claim, _ = marked_claim

    outcome = deleted_while_running(claim, lambda: claim_suggest_evidence.run(claim.pk))

    assert outcome["waited"]  # the job met the delete in progress
    assert "error" not in outcome, outcome.get("error")
    assert outcome["value"] == 0
    assert not Claim.objects.filter(pk=claim.pk).exists()
    assert not EvidenceSuggestion.objects.exists()


def test_a_new_documents_suggestions_for_a_claim_deleted_meanwhile_stop_quietly(
    marked_claim: tuple,
) -> None:
    claim, report_id = marked_claim

    outcome = deleted_while_running(claim, lambda: finding.document_evidence_suggest(document_id=report_id))

    assert outcome["waited"]
    assert "error" not in outcome, outcome.get("error")
    assert outcome["value"] == 0
    assert not EvidenceSuggestion.objects.exists()


def test_scoring_a_claim_deleted_meanwhile_stops_quietly() -> None:
    document = sources.document_import(
        source=sources.source_from_text("Ein Leser meint: Die Fähre schafft nur 8 km.\n")
    ).document
    claim = services.claim_create(document=document, user=editor(), span=services.SpanInput(exact="nur 8 km"))

    outcome = deleted_while_running(claim, lambda: verdicts.claims_score([claim.pk]))

    assert outcome["waited"]
    assert "error" not in outcome, outcome.get("error")
    assert outcome["value"] == 0
