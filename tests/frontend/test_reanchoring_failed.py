"""A re-anchoring that fails every time is given up after its attempts; the reader and the orphaned-spans
page then say so, and an editor has it run again. Jobs run in-process (tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from claims import services
from claims.models import Claim
from claims.tasks import documents_sweep_pending
from sources import anchoring
from sources import services as sources
from sources.models import Document
from tests.factories import editor, reader
from tests.frontend.suggestions.pages import text_of

pytestmark = pytest.mark.django_db

URL = "https://brennsee-bote.example/faehre"
ARTICLE = (
    "Die Solarfähre Aurelia fährt seit Sonntag auf dem Brennsee.\n\n"
    "Ihr Batteriespeicher fasst 1,2 Megawattstunden, sagte der Kapitän.\n"
)
FAILED = "failed after 3 attempts"


def marked_ago(document: Document, seconds: float) -> None:
    """As if the document's re-anchoring was sent or began `seconds` ago and has not finished."""
    since = timezone.now() - timedelta(seconds=seconds)
    Document.objects.filter(pk=document.pk).update(reanchor_pending_since=since)


def test_a_re_anchoring_that_fails_every_time_is_given_up_shown_and_can_be_run_again(
    settings: object,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    settings.FACTCHECK_DOCUMENT_JOBS_ATTEMPTS = 3
    anna, rolf = editor("anna"), reader("rolf")
    as_editor, as_reader = Client(), Client()
    as_editor.force_login(anna)
    as_reader.force_login(rolf)
    article = sources.document_import(
        source=sources.source_from_text(ARTICLE), overrides=sources.ImportOverrides(url=URL)
    ).document
    claim = services.claim_create(
        document=article, user=anna, span=services.SpanInput(exact="1,2 Megawattstunden")
    )
    reanchor_all = anchoring.reanchor_all

    def breaks(*args: object, **kwargs: object) -> object:
        raise RuntimeError("the matcher broke on this text")

    monkeypatch.setattr(anchoring, "reanchor_all", breaks)
    with django_capture_on_commit_callbacks(execute=True):  # the new revision; its first attempt fails
        sources.document_import(
            source=sources.source_from_text("Eilmeldung.\n\n" + ARTICLE),
            overrides=sources.ImportOverrides(url=URL),
        )
    reader_page = f"/documents/{article.pk}/"

    sent = []
    for _ in range(3):  # beat's sweep, each time the re-anchoring has waited long enough to be sent again
        marked_ago(article, settings.FACTCHECK_DOCUMENT_JOBS_SWEEP_AFTER + 1)
        sent.append(documents_sweep_pending())
    # Its last attempt died here, in-process (the embedded mode, as these tests run jobs): it has ended,
    # so the page says failed at once, not after a worker's hard time limit.
    failed = as_editor.get(reader_page).content.decode()
    for_reader = text_of(as_reader.get(reader_page).content.decode())
    queue = text_of(as_editor.get("/orphans/").content.decode())
    refused = as_reader.post(f"/orphans/documents/{article.pk}/reanchor/", {"next": reader_page})

    assert sent == [1, 1, 0]  # the second and third attempts; then the sweep gives it up
    assert Document.objects.get(pk=article.pk).reanchor_attempts == 3
    assert (
        "Placing this document’s claims and evidence passages in revision 2 failed after 3 attempts: those "
        "marked in an earlier revision still point at it. It is not tried again by itself."
    ) in text_of(failed)
    assert "Re-anchor again" in failed
    assert FAILED in for_reader and "An editor can re-anchor it again." in for_reader
    assert "Re-anchor again" not in for_reader
    assert "Re-anchoring failed 1" in queue and "Re-anchoring in revision 2 failed after 3 attempts." in queue
    assert refused.status_code == 403 and "Only editors can re-anchor a document." in refused.content.decode()
    assert Document.objects.get(pk=article.pk).reanchor_attempts == 3  # the refusal changed nothing

    # Whatever broke it is mended: the editor runs it again from the reader, and is taken back there.
    monkeypatch.setattr(anchoring, "reanchor_all", reanchor_all)
    with django_capture_on_commit_callbacks(execute=True):
        answer = as_editor.post(f"/orphans/documents/{article.pk}/reanchor/", {"next": reader_page})
    after = as_editor.get(answer["Location"]).content.decode()

    assert answer.status_code == 302 and answer["Location"] == reader_page
    claim = Claim.objects.get(pk=claim.pk)
    assert claim.revision.number == 2 and not claim.orphaned
    assert claim.revision.text[claim.start : claim.end] == "1,2 Megawattstunden"
    assert "again: its claims and evidence passages are placed in its current text in a moment." in text_of(
        after
    )
    assert FAILED not in text_of(after) and "Not placed in this revision" not in text_of(after)
    assert "Re-anchoring failed" not in text_of(as_editor.get("/orphans/").content.decode())
    article.refresh_from_db()
    assert (article.reanchor_pending_since, article.reanchor_attempts) == (None, 0)


def test_a_passing_database_error_spends_no_attempt_of_the_re_anchoring(
    settings: object, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Callable
) -> None:
    settings.FACTCHECK_DOCUMENT_JOBS_ATTEMPTS = 1  # had the error spent it, the retry would be refused
    article = sources.document_import(
        source=sources.source_from_text(ARTICLE), overrides=sources.ImportOverrides(url=URL)
    ).document
    claim = services.claim_create(
        document=article, user=editor("anna"), span=services.SpanInput(exact="1,2 Megawattstunden")
    )
    reanchor_all = anchoring.reanchor_all
    calls: list[int] = []

    def locked_once(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return reanchor_all(*args, **kwargs)

    monkeypatch.setattr(anchoring, "reanchor_all", locked_once)
    with django_capture_on_commit_callbacks(execute=True):
        sources.document_import(
            source=sources.source_from_text("Eilmeldung.\n\n" + ARTICLE),
            overrides=sources.ImportOverrides(url=URL),
        )

    assert len(calls) == 2  # Celery's retry, in place
    assert Claim.objects.get(pk=claim.pk).revision.number == 2
    article.refresh_from_db()
    assert (article.reanchor_pending_since, article.reanchor_attempts) == (None, 0)
