"""Jobs run in-process (the embedded mode): a job that fails after its upload was stored does not turn the
upload's answer into a failure, leaves its mark for the Suggestions tab to report, and a transient database
error is retried in place."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from claims.assist import passages
from claims.assist.models import ClaimSuggestion, Passage
from sources.models import Document
from tests.factories import editor
from tests.suggestion_samples import RACK

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_browser() -> Client:
    client = Client()
    client.force_login(editor("ines"))
    return client


def upload(client: Client, capture: Callable, name: str = "rack.txt") -> object:
    """import.js's request for one file; the jobs run once it commits, as they do in the embedded mode."""
    with capture(execute=True):
        return client.post(
            "/documents/import/file/",
            {"file": _file(name)},
            HTTP_ACCEPT="application/json",
        )


def _file(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, RACK.encode(), content_type="text/plain")


def test_an_upload_whose_suggestion_job_breaks_still_answers_imported(
    editor_browser: Client,
    django_capture_on_commit_callbacks: Callable,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    settings: object,
) -> None:
    def broken(*, document_id: int) -> int:
        raise RuntimeError("the sentence splitter broke")

    monkeypatch.setattr(passages, "document_passages_index", broken)

    with caplog.at_level(logging.ERROR, logger="claims.jobs"):
        answer = upload(editor_browser, django_capture_on_commit_callbacks)

    assert answer.status_code == 201, answer.content  # it is stored, so the page says "Imported"
    assert answer.json()["status_label"] == "Imported"
    document = Document.objects.get(pk=answer.json()["document_id"])
    assert "the sentence splitter broke" in caplog.text  # reported in the server's log
    assert document.suggestions_pending_since is not None  # and remembered
    Document.objects.filter(pk=document.pk).update(
        suggestions_pending_since=timezone.now() - timedelta(seconds=settings.FACTCHECK_SUGGESTIONS_WAIT + 1)
    )
    tab = editor_browser.get(f"/documents/{document.pk}/suggestions/").content.decode()
    # The embedded sweep runs it again; meanwhile the editor may.
    assert "is late" in tab and "sent again automatically" in tab and "Search again now" in tab


def test_a_locked_database_during_a_job_is_retried_in_process(
    editor_browser: Client, django_capture_on_commit_callbacks: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = passages.document_passages_index
    calls: list[int] = []

    def locked_once(*, document_id: int) -> int:
        calls.append(document_id)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return real(document_id=document_id)

    monkeypatch.setattr(passages, "document_passages_index", locked_once)

    answer = upload(editor_browser, django_capture_on_commit_callbacks)

    assert answer.status_code == 201
    document_id = answer.json()["document_id"]
    assert len(calls) == 2  # Celery's retry, in place
    assert ClaimSuggestion.objects.filter(document_id=document_id).exists()
    assert Document.objects.get(pk=document_id).suggestions_pending_since is None


def test_the_sweep_finishes_the_document_jobs_a_lost_message_left(settings: object) -> None:
    from claims import services
    from claims.tasks import documents_sweep_pending
    from sources import services as sources
    from tests.factories import document

    # Made without their jobs: in this test's transaction nothing runs after commit, as if each job's
    # message was lost on the way to the worker.
    first = document("Bericht\n\nDie Fähre schafft nur 8 km mit einer Ladung.\n", title="Fähre")
    claim = services.claim_create(
        document=first, user=editor("anna"), span=services.SpanInput(exact="nur 8 km")
    )
    changed = "Bericht (neu)\n\nVorab ein Absatz.\n\nDie Fähre schafft nur 8 km mit einer Ladung.\n"
    sources.document_import(
        source=sources.source_from_text(changed), overrides=sources.ImportOverrides(document_id=first.pk)
    )
    first.refresh_from_db()
    assert first.reanchor_pending_since is not None and first.suggestions_pending_since is not None
    assert documents_sweep_pending() == 0  # not waiting long enough yet: its job may still come

    long_ago = timezone.now() - timedelta(seconds=settings.FACTCHECK_DOCUMENT_JOBS_SWEEP_AFTER + 1)
    Document.objects.filter(pk=first.pk).update(
        reanchor_pending_since=long_ago, suggestions_pending_since=long_ago
    )
    swept = documents_sweep_pending()

    first.refresh_from_db()
    claim.refresh_from_db()
    assert swept == 2
    assert claim.revision_id == first.current_revision_id and not claim.orphaned
    assert Passage.objects.filter(revision_id=first.current_revision_id).exists()  # searched
    assert first.reanchor_pending_since is None and first.suggestions_pending_since is None
    assert documents_sweep_pending() == 0
