"""With a real Celery worker and Redis: a new revision is re-anchored in the background, and a
re-anchoring that fails every time is given up after its attempts."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from claims import services
from claims.models import Claim
from sources import services as sources
from sources.models import Document
from tests.factories import editor
from tests.worker import WorkerProcess, flush_test_redis

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

URL = "https://brennsee-bote.example/faehre"
TEXT = "Die Fähre fährt seit Sonntag.\n\nIhr Speicher fasst 1,2 Megawattstunden, sagte der Kapitän.\n"


def test_the_worker_re_anchors_a_claim_after_a_new_revision(worker_process: object) -> None:
    document = sources.document_import(
        source=sources.source_from_text(TEXT), overrides=sources.ImportOverrides(url=URL)
    ).document
    claim = services.claim_create(
        document=document, user=editor(), span=services.SpanInput(exact="1,2 Megawattstunden")
    )

    sources.document_import(
        source=sources.source_from_text("Eilmeldung.\n" + TEXT), overrides=sources.ImportOverrides(url=URL)
    )

    worker_process.wait_for(
        lambda: Claim.objects.get(pk=claim.pk).revision.number == 2,
        timeout=30,
        what="the claim to be re-anchored",
    )
    claim.refresh_from_db()
    assert claim.start == TEXT.index("1,2 Megawatt") + len("Eilmeldung.\n")
    assert "document_reanchor" in worker_process.output()


# Makes every re-anchoring that moves a claim fail inside the database, as a bug in it would, until dropped.
BREAK_REANCHORING = """
CREATE FUNCTION test_reanchoring_breaks() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'the claim cannot be moved'; END $$ LANGUAGE plpgsql;
CREATE TRIGGER test_reanchoring_breaks BEFORE UPDATE ON claims_claim FOR EACH ROW
WHEN (OLD.revision_id IS DISTINCT FROM NEW.revision_id) EXECUTE FUNCTION test_reanchoring_breaks();
"""
MEND_REANCHORING = """
DROP TRIGGER test_reanchoring_breaks ON claims_claim; DROP FUNCTION test_reanchoring_breaks();
"""


def test_a_re_anchoring_that_fails_every_time_is_given_up_and_an_editor_runs_it_again(
    settings: object, transactional_db: None
) -> None:
    """The worker's re-anchoring fails on the document every time; beat's sweep sends it again as soon
    as it may (after 2 s, every second). After its third attempt it is given up: the sweep sends nothing
    more, the reader says it failed, and an editor's Re-anchor again places the claim once mended."""
    from factcheck.celery import app

    settings.FACTCHECK_DOCUMENT_JOBS_ATTEMPTS = 3
    # A begun attempt is sent again only once it can no longer be running: a hard time limit of 2 s.
    quick = {
        "FACTCHECK_DOCUMENT_JOBS_SWEEP_AFTER": "1",
        "FACTCHECK_DOCUMENT_JOBS_SWEEP_INTERVAL": "1",
        "CELERY_TASK_TIME_LIMIT": "2",
    }
    flush_test_redis()
    app.conf.task_always_eager = False  # through Redis, as deployed (the autouse fixture resets it)
    anna = editor("anna")
    document = sources.document_import(
        source=sources.source_from_text(TEXT), overrides=sources.ImportOverrides(url=URL)
    ).document
    claim = services.claim_create(
        document=document, user=anna, span=services.SpanInput(exact="1,2 Megawattstunden")
    )
    with connection.cursor() as cursor:
        cursor.execute(BREAK_REANCHORING)
    worker = WorkerProcess("reanchor", **quick).start()
    beat = WorkerProcess("reanchor-beat", kind="beat", **quick).start()
    browser = Client()
    browser.force_login(anna)
    reader_page = f"/documents/{document.pk}/"
    try:
        sources.document_import(
            source=sources.source_from_text("Eilmeldung.\n" + TEXT),
            overrides=sources.ImportOverrides(url=URL),
        )

        def attempts() -> int:
            return Document.objects.get(pk=document.pk).reanchor_attempts

        worker.wait_for(lambda: attempts() == 3, what="the third attempt")
        worker.wait_for(
            lambda: worker.output().count("the claim cannot be moved") >= 3, what="the third attempt to fail"
        )
        swept = len(re.findall(r"documents_sweep_pending\[[^]]+\] succeeded", worker.output()))
        worker.wait_for(
            lambda: (
                len(re.findall(r"documents_sweep_pending\[[^]]+\] succeeded", worker.output())) >= swept + 3
            ),
            what="three more sweeps",
        )
        assert attempts() == 3  # no fourth: the sweeps sent it no more
        assert "Re-anchored document" not in worker.output()

        # The last attempt ended; once the hard time limit since it began has passed, nothing can be
        # running it: the reader says it failed.
        since = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 1)
        Document.objects.filter(pk=document.pk).update(reanchor_pending_since=since)
        failed = browser.get(reader_page).content.decode()
        assert "in revision 2 failed after 3 attempts" in failed and "Re-anchor again" in failed
        assert Claim.objects.get(pk=claim.pk).revision.number == 1

        with connection.cursor() as cursor:
            cursor.execute(MEND_REANCHORING)
        answer = browser.post(f"/orphans/documents/{document.pk}/reanchor/", {"next": reader_page})
        assert answer.status_code == 302
        worker.wait_for(
            lambda: Claim.objects.get(pk=claim.pk).revision.number == 2, what="the claim re-anchored"
        )
    finally:
        beat.stop()
        worker.stop()
        flush_test_redis()

    claim.refresh_from_db()
    assert claim.start == TEXT.index("1,2 Megawatt") + len("Eilmeldung.\n")
    after = browser.get(reader_page).content.decode()
    assert "failed after" not in after and "Not placed in this revision" not in after
    document.refresh_from_db()
    assert (document.reanchor_pending_since, document.reanchor_attempts) == (None, 0)
