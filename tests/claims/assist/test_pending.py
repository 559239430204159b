"""The queue of new claims waiting for evidence suggestions, kept in the database
(claims.assist.pending): jobs take the oldest first, lease what they take, and a claim marked
while Redis is down keeps its place."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
import redis
from celery import current_app
from django.db import OperationalError
from django.utils import timezone
from rest_framework.test import APIClient

from claims.assist import finding, pending
from claims.assist.models import ClaimSuggestion
from claims.assist.tasks import claims_suggest_evidence, documents_suggest
from claims.models import Claim
from sources.models import Document
from tests.factories import claim, document, editor
from tests.worker import RedisServer, broker

pytestmark = pytest.mark.django_db

TEXT = "Die Fähre fährt 80 Kilometer. Sie hat 12 Plätze. Sie kostet 3 Millionen Euro.\n"


def _claims(count: int) -> list[Claim]:
    article, anna = document(TEXT), editor("anna")
    quotes = ["80 Kilometer", "12 Plätze", "3 Millionen Euro"]
    return [claim(article, anna, quotes[n % 3], speaker=f"S{n}") for n in range(count)]


def test_the_embedded_mode_suggests_for_a_new_claim_as_it_commits(
    django_capture_on_commit_callbacks: object,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        (first,) = _claims(1)
    assert Claim.objects.get(pk=first.pk).suggestions_pending_since is None


def test_a_new_claim_waits_for_suggestions_until_a_job_has_taken_and_done_it() -> None:
    (first,) = _claims(1)  # its commit, which would send the job, never comes in this test
    assert Claim.objects.get(pk=first.pk).suggestions_pending_since is not None

    assert pending.claims_take() == [first.pk]
    leased = Claim.objects.get(pk=first.pk).suggestions_pending_since
    assert leased > timezone.now() + pending.LEASE - timedelta(minutes=1)
    assert pending.claims_take() == []  # leased: not taken twice

    pending.claim_done(first.pk)
    assert Claim.objects.get(pk=first.pk).suggestions_pending_since is None


def test_jobs_take_the_oldest_claims_first_a_batch_at_a_time() -> None:
    claims = _claims(5)
    now = timezone.now()
    for age, item in enumerate(claims):
        Claim.objects.filter(pk=item.pk).update(suggestions_pending_since=now - timedelta(seconds=age))
    oldest_first = [item.pk for item in reversed(claims)]

    assert pending.claims_take(limit=2) == oldest_first[:2]
    assert pending.claims_take(limit=2) == oldest_first[2:4]
    assert pending.claims_take(limit=2) == oldest_first[4:]


def test_a_lease_that_ran_out_is_taken_again_and_the_sweep_sees_it() -> None:
    (item,) = _claims(1)
    assert not pending.claims_waiting()  # just marked: a job is on its way

    pending.claims_take()
    expired = timezone.now() - pending.SWEEP_AFTER - timedelta(seconds=1)
    Claim.objects.filter(pk=item.pk).update(suggestions_pending_since=expired)  # its job died

    assert pending.claims_waiting()
    assert pending.claims_take() == [item.pk]


def test_a_claim_marked_while_redis_is_down_is_made_and_keeps_its_mark(
    settings: object,
    caplog: pytest.LogCaptureFixture,
    django_capture_on_commit_callbacks: object,
) -> None:
    current_app.conf.task_always_eager = (
        False  # as deployed, through Redis (the autouse fixture resets it)...
    )
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # ...which is not there
    article = document(TEXT)
    client = APIClient()
    client.force_authenticate(editor("anna"))

    with (
        caplog.at_level(logging.WARNING, logger="claims.assist.pending"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            "/api/v1/claims/", {"document": article.pk, "exact": "12 Plätze"}, format="json"
        )

    assert response.status_code == 201
    assert Claim.objects.get(pk=response.json()["id"]).suggestions_pending_since is not None
    assert "Could not queue evidence suggestions" in caplog.text


def test_a_claim_whose_suggestions_fail_does_not_hold_up_the_others(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    claims = _claims(3)
    broken = claims[1].pk
    suggest = finding.claim_evidence_suggest

    def sometimes_broken(*, claim_id: int) -> int:
        if claim_id == broken:
            raise ValueError("a rule that breaks on this claim")
        return suggest(claim_id=claim_id)

    monkeypatch.setattr(finding, "claim_evidence_suggest", sometimes_broken)
    with caplog.at_level(logging.ERROR, logger="claims.assist.tasks"):
        assert claims_suggest_evidence() == 3

    assert not Claim.objects.filter(suggestions_pending_since__isnull=False).exists()  # none comes back
    assert f"Evidence suggestions failed for claim {broken}" in caplog.text


def test_a_document_whose_search_fails_does_not_hold_up_the_others_of_its_import(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    broken, fine = document(TEXT), document("Der Hafen meldet 20 Fahrten am Tag, sagte der Hafenmeister.\n")
    suggest = finding.document_claims_suggest

    def sometimes_broken(*, document_id: int) -> int:
        if document_id == broken.pk:
            raise ValueError("a rule that breaks on this document")
        return suggest(document_id=document_id)

    monkeypatch.setattr(finding, "document_claims_suggest", sometimes_broken)
    with caplog.at_level(logging.ERROR, logger="claims.assist.tasks"):
        assert documents_suggest([broken.pk, fine.pk]) == 1

    fine, broken = Document.objects.get(pk=fine.pk), Document.objects.get(pk=broken.pk)
    assert fine.suggestions_pending_since is None and ClaimSuggestion.objects.filter(document=fine).exists()
    # the broken one keeps its mark for the sweep, one attempt spent
    assert broken.suggestions_pending_since is not None and broken.suggestions_attempts == 1
    assert f"Suggestions failed for document {broken.pk}" in caplog.text


def test_a_passing_database_error_spends_no_attempt_of_the_document(monkeypatch: pytest.MonkeyPatch) -> None:
    article = document(TEXT)

    def database_away(*, document_id: int) -> int:
        raise OperationalError("the server closed the connection")

    monkeypatch.setattr(finding, "document_claims_suggest", database_away)
    with pytest.raises(OperationalError):
        documents_suggest.run([article.pk])
    # retried by Celery, as often as RETRY says: none of it counts against the document's attempts
    assert Document.objects.get(pk=article.pk).suggestions_attempts == 0


def test_a_claim_marked_after_redis_restarted_sends_its_job_at_once(
    settings: object,
    caplog: pytest.LogCaptureFixture,
    django_capture_on_commit_callbacks: object,
) -> None:
    """A process keeps its connection to Redis for the waiting-job key; Redis restarting closes it. The
    first claim after that must still send its job, not leave it to the sweep (a worker's sweep, which
    uses the same key, would miss once per pool process)."""
    redis_server = RedisServer().start()
    current_app.conf.task_always_eager = False  # as deployed, through Redis (the autouse fixture resets it)
    settings.REDIS_URL = redis_server.url
    article = document(TEXT)
    client = APIClient()
    client.force_authenticate(editor("anna"))
    try:
        with broker(redis_server.url):
            with django_capture_on_commit_callbacks(execute=True):
                client.post(
                    "/api/v1/claims/", {"document": article.pk, "exact": "80 Kilometer"}, format="json"
                )
            redis_server.stop()
            redis_server.start()  # back, and empty: the job sent before is gone

            with (
                caplog.at_level(logging.WARNING, logger="claims.assist.pending"),
                django_capture_on_commit_callbacks(execute=True),
            ):
                response = client.post(
                    "/api/v1/claims/", {"document": article.pk, "exact": "12 Plätze"}, format="json"
                )
            queue = redis.Redis.from_url(redis_server.url)
            sent = queue.exists(pending.QUEUED_KEY), queue.llen("celery")
    finally:
        redis_server.stop()

    assert response.status_code == 201
    assert "Could not queue evidence suggestions" not in caplog.text
    assert sent == (1, 1)  # the job is on its way, and marked as waiting
