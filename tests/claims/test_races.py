"""Races between real requests and jobs, each on its own PostgreSQL connection: the database decides
(a row lock, a unique constraint) and the loser gets a clean 404 or 400, never a 500. Interleavings are
forced with locks, not left to chance: a test waits until PostgreSQL reports a request waiting on one."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models.signals import pre_save
from rest_framework.test import APIClient

from claims import verdicts
from claims.models import Assessment, Claim, Evidence
from sources.models import Publisher
from tests.factories import UserFactory, claim, document, editor, evidence

pytestmark = pytest.mark.django_db(transaction=True)


def in_thread(work: Callable[[], Any], results: list[Any]) -> threading.Thread:
    """Run `work` on its own thread (so its own database connection); its result or error goes to
    `results`."""

    def run() -> None:
        try:
            results.append(work())
        except Exception as error:
            results.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def wait_for_lock_waiters(count: int, timeout: float = 10.0) -> None:
    """Until `count` other connections to this database wait on a lock (a row lock here)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] >= count:
                return
        time.sleep(0.02)
    raise AssertionError(f"{count} requests never waited on a lock")


def client_of(user: object) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    client.raise_request_exception = False  # a crash is the 500 a user would get
    return client


@pytest.fixture
def scored_claim() -> Claim:
    owner = editor("owner", password=None)
    article = document("Die Fähre fährt 80 km weit, sagte der Kapitän.\n", url="https://example.org/a")
    source = document("The ferry runs 80 km, the captain said.\n", url="https://example.org/b")
    marked = claim(article, owner, "Die Fähre fährt 80 km weit")
    evidence(marked, source, owner, "The ferry runs 80 km")
    return Claim.objects.get(pk=marked.pk)


def test_deleting_a_claim_while_its_scoring_job_commits_deletes_it(scored_claim: Claim) -> None:
    """The scoring job holds the claim and writes a new assessment; a delete arrives meanwhile. Before,
    the delete removed the assessments it saw, then the job's new one broke the foreign key at COMMIT."""
    holding, release = threading.Event(), threading.Event()
    job_results: list[Any] = []
    delete_results: list[Any] = []

    def scoring_job() -> int:
        with transaction.atomic():
            # As if its inputs changed: the job stores a new assessment for the claim.
            Claim.objects.filter(pk=scored_claim.pk).update(assessment=None)
            scored = verdicts.claims_score([scored_claim.pk])
            holding.set()
            release.wait(10)
        return scored

    job = in_thread(scoring_job, job_results)
    assert holding.wait(10)
    delete = in_thread(
        lambda: client_of(scored_claim.created_by).delete(f"/api/v1/claims/{scored_claim.pk}/"),
        delete_results,
    )
    wait_for_lock_waiters(1)
    release.set()
    job.join(10)
    delete.join(10)

    assert job_results == [1]
    assert [response.status_code for response in delete_results] == [204]
    assert not Claim.objects.filter(pk=scored_claim.pk).exists()
    assert not Assessment.objects.filter(claim_id=scored_claim.pk).exists()


def test_two_deletes_of_one_claim_delete_it_once(scored_claim: Claim) -> None:
    """Two deletes arrive while a job holds the claim: one deletes it (204), the other finds it gone
    (404), and the history records one deletion."""
    holding, release = threading.Event(), threading.Event()
    admin = UserFactory(username="admin", is_staff=True, password=None)

    def job_holding_the_claim() -> None:
        with transaction.atomic():
            list(Claim.objects.select_for_update().filter(pk=scored_claim.pk))
            holding.set()
            release.wait(10)

    results: list[Any] = []
    job = in_thread(job_holding_the_claim, [])
    assert holding.wait(10)
    deletes = [
        in_thread(lambda user=user: client_of(user).delete(f"/api/v1/claims/{scored_claim.pk}/"), results)
        for user in (scored_claim.created_by, admin)
    ]
    wait_for_lock_waiters(2)
    release.set()
    for thread in [job, *deletes]:
        thread.join(10)

    assert sorted(response.status_code for response in results) == [204, 404]
    gone = next(response for response in results if response.status_code == 404)
    assert gone.json()["code"] == "not_found"
    assert Claim.history.filter(id=scored_claim.pk, history_type="-").count() == 1
    assert not Claim.objects.filter(pk=scored_claim.pk).exists()


def test_two_unlinks_of_one_evidence_unlink_it_once(scored_claim: Claim) -> None:
    """The same for evidence: one 204, one 404, one removal in its history."""
    item = Evidence.objects.get(claim=scored_claim)
    holding, release = threading.Event(), threading.Event()

    def job_holding_the_evidence() -> None:
        with transaction.atomic():
            list(Evidence.objects.select_for_update().filter(pk=item.pk))
            holding.set()
            release.wait(10)

    results: list[Any] = []
    job = in_thread(job_holding_the_evidence, [])
    assert holding.wait(10)
    owner = scored_claim.created_by
    path = f"/api/v1/evidence/{item.pk}/"
    unlinks = [in_thread(lambda: client_of(owner).delete(path), results) for _ in range(2)]
    wait_for_lock_waiters(2)
    release.set()
    for thread in [job, *unlinks]:
        thread.join(10)

    assert sorted(response.status_code for response in results) == [204, 404]
    assert Evidence.history.filter(id=item.pk, history_type="-").count() == 1


def test_twenty_simultaneous_creations_of_one_publisher_make_one() -> None:
    """All twenty pass the serializer's uniqueness check before any has stored its row (a barrier holds
    them just before the INSERT): the unique constraint decides, one is created, the rest get a 400."""
    admin = UserFactory(username="admin", is_staff=True, password=None)
    barrier = threading.Barrier(20, timeout=20)

    def all_at_once(sender: type, **kwargs: object) -> None:
        barrier.wait()

    results: list[Any] = []
    pre_save.connect(all_at_once, sender=Publisher)
    try:
        threads = [
            in_thread(
                lambda: client_of(admin).post(
                    "/api/v1/publishers/", {"name": "Brennsee Bote", "reliability": 0.7}, format="json"
                ),
                results,
            )
            for _ in range(20)
        ]
        for thread in threads:
            thread.join(30)
    finally:
        pre_save.disconnect(all_at_once, sender=Publisher)

    statuses = sorted(getattr(response, "status_code", repr(response)) for response in results)
    assert statuses == [201] + [400] * 19
    refused = next(response for response in results if response.status_code == 400).json()
    assert refused["code"] == "unique" and "Brennsee Bote" in refused["errors"]["name"][0]
    created = next(response for response in results if response.status_code == 201).json()
    assert created["document_count"] == 0
    assert Publisher.objects.filter(name="Brennsee Bote").count() == 1
