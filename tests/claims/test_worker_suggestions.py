"""Suggestions made by a real Celery worker through Redis: an import through the API gets its claim
suggestions, and a claim marked through the API gets evidence suggestions, with nobody waiting for them."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from claims.models import ClaimSuggestion, EvidenceSuggestion, Passage
from tests.factories import editor
from tests.worker import WorkerProcess

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ARTICLE = (
    "Solarfähre Aurelia in Betrieb\n\n"
    "Die Fähre schafft laut Reederei 80 Kilometer mit einer Ladung, sagte Kapitänin Mara Lenz.\n"
)
REPORT = "Ferry report\n\nThe operator says one charge is good for 80 kilometres.\n"


def test_imports_and_claims_get_their_suggestions_from_the_worker(worker_process: WorkerProcess) -> None:
    client = APIClient()
    client.force_authenticate(editor("anna"))

    article = client.post("/api/v1/documents/", {"text": ARTICLE, "language": "de"}, format="json")
    report = client.post("/api/v1/documents/", {"text": REPORT, "language": "en"}, format="json")
    assert article.status_code == report.status_code == 201
    article_id, report_id = article.json()["id"], report.json()["id"]

    worker_process.wait_for(
        lambda: (
            ClaimSuggestion.objects.filter(document_id=article_id, speaker="Mara Lenz").exists()
            and Passage.objects.filter(document_id=report_id).exists()
        ),
        what="the claim suggestions and the passages of both documents",
    )
    marked = client.post(
        "/api/v1/claims/", {"document": article_id, "exact": "80 Kilometer mit einer Ladung"}, format="json"
    )
    assert marked.status_code == 201
    assert marked.json()["evidence_count"] == 0  # the answer does not wait for the suggestions

    worker_process.wait_for(
        lambda: EvidenceSuggestion.objects.filter(
            claim_id=marked.json()["id"], document_id=report_id, stance="supports"
        ).exists(),
        what="an evidence suggestion from the English report",
    )
