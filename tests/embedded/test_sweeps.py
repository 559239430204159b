"""The embedded mode has no beat process: its web process sweeps for unfinished jobs itself, so a job that
failed in-process (its mark left in the database) is done later without anyone asking."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.embedded.server import EmbeddedServer
from tests.embedded.test_concurrency import corpus_pages

pytestmark = pytest.mark.embedded

# A document whose suggestion job failed: stored, never searched, its mark a day old.
FAILED_EARLIER = """
from datetime import timedelta
from django.utils import timezone
from sources.models import Document
Document.objects.filter(pk={pk}).update(suggestions_pending_since=timezone.now() - timedelta(days=1))
"""


@pytest.fixture
def embedded(tmp_path: Path) -> Iterator[EmbeddedServer]:
    server = EmbeddedServer(
        tmp_path, FACTCHECK_SCORING_SWEEP_INTERVAL="1", FACTCHECK_DOCUMENT_JOBS_SWEEP_AFTER="1"
    ).start()
    yield server
    server.stop()


def test_a_failed_in_process_job_is_done_by_the_embedded_sweep(embedded: EmbeddedServer) -> None:
    (page,) = corpus_pages(1)
    embedded.manage("import_documents", str(page), "--no-suggestions", "--no-progress")
    api = embedded.api()
    (document,) = api.get(f"{embedded.url}/api/v1/documents/", timeout=30).json()["results"]
    suggestions_url = f"{embedded.url}/api/v1/claim-suggestions/"
    assert api.get(suggestions_url, params={"document": document["id"]}, timeout=30).json()["count"] == 0

    embedded.manage("shell", "-c", FAILED_EARLIER.format(pk=document["id"]))

    deadline = time.monotonic() + 60
    found = 0
    while time.monotonic() < deadline and not found:
        time.sleep(0.5)
        found = api.get(suggestions_url, params={"document": document["id"]}, timeout=30).json()["count"]
    assert found, embedded.output()[-3000:]
