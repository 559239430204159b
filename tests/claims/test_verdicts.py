"""Scoring claims as jobs: when a claim is re-scored, what is stored, and what is never doubled or lost."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from claims import services, verdicts
from claims.errors import ClaimRefused
from claims.models import Assessment, Claim
from sources import services as sources
from tests.factories import PublisherFactory, editor

pytestmark = pytest.mark.django_db


def document(text: str, *, publisher: object = None, url: str = "") -> object:
    outcome = sources.document_import(
        source=sources.source_from_text(text), overrides=sources.ImportOverrides(url=url)
    )
    if publisher is not None:
        outcome.document.publisher = publisher
        outcome.document.save()
    return outcome.document


@pytest.fixture
def claim() -> Claim:
    article = document("Ein Leser schreibt: Die Fähre hat nur 8 km Reichweite.\n")
    return services.claim_create(
        document=article,
        user=editor(),
        span=services.SpanInput(exact="nur 8 km Reichweite"),
        speaker="Leser",
        speaker_role="commenter",
    )


@pytest.fixture
def source() -> object:
    courier = PublisherFactory(name="Lakeside Courier", domain="lc.example", reliability=0.8)
    return document(
        "Die Fähre schafft 80 km mit einer Ladung.\n", publisher=courier, url="https://lc.example/1"
    )


def link(claim: Claim, source: object, stance: str, on_commit: object) -> object:
    with on_commit(execute=True):
        return services.evidence_link(
            claim=claim,
            document=source,
            user=claim.created_by,
            stance=stance,
            span=services.SpanInput(exact="80 km mit einer Ladung"),
        )


def test_a_claim_without_evidence_is_unverified_without_an_assessment(claim: Claim) -> None:
    verdicts.claims_mark_for_scoring([claim.pk])

    assert verdicts.claims_score([claim.pk]) == 0

    claim.refresh_from_db()
    assert (claim.verdict, claim.support_score, claim.assessment) == ("unverified", None, None)
    assert claim.scoring_pending_since is None
    assert not Assessment.objects.filter(claim=claim).exists()  # no "Unverified → Unverified" in history


@pytest.mark.parametrize(
    "changes",
    [{"statement": "Die Reichweite sei 8 km."}, {"status": "published"}, {"short_statement": "8 km"}],
)
def test_an_edit_scoring_does_not_read_neither_rescores_nor_adds_history(
    claim: Claim, source: object, django_capture_on_commit_callbacks: object, changes: dict
) -> None:
    link(claim, source, "contradicts", django_capture_on_commit_callbacks)
    before = list(Assessment.objects.filter(claim=claim).values_list("pk", flat=True))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.claim_update(claim=claim, user=claim.created_by, **changes)

    assert callbacks == []  # no scoring job
    claim.refresh_from_db()
    assert claim.scoring_pending_since is None
    assert list(Assessment.objects.filter(claim=claim).values_list("pk", flat=True)) == before


def test_editing_a_claim_without_evidence_adds_no_computed_verdict(
    claim: Claim, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_update(claim=claim, user=claim.created_by, statement="Nur 8 km.", speaker="Karl")

    assert not Assessment.objects.filter(claim=claim).exists()
    assert Claim.objects.get(pk=claim.pk).scoring_pending_since is None


def test_a_new_speaker_rescores_evidence_that_becomes_self_corroboration(
    claim: Claim, django_capture_on_commit_callbacks: object
) -> None:
    own = document("Anna Berg schreibt: Die Fähre schafft 80 km mit einer Ladung.\n")
    own.author = "Anna Berg"
    own.save()
    link(claim, own, "supports", django_capture_on_commit_callbacks)
    before = Claim.objects.get(pk=claim.pk).assessment

    with django_capture_on_commit_callbacks(execute=True):
        services.claim_update(claim=claim, user=claim.created_by, speaker="Anna Berg")

    after = Claim.objects.get(pk=claim.pk).assessment
    assert after.pk != before.pk
    assert "own speaker: ignored" in after.breakdown[0]["reasons"]


def test_linking_evidence_marks_the_claim_pending_then_scores_it(
    claim: Claim, source: object, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.evidence_link(
            claim=claim,
            document=source,
            user=claim.created_by,
            stance="contradicts",
            span=services.SpanInput(exact="80 km mit einer Ladung"),
        )
        assert Claim.objects.get(pk=claim.pk).scoring_pending_since is not None  # same transaction

    for callback in callbacks:
        callback()  # enqueue after commit; tasks run in-process in tests

    claim.refresh_from_db()
    assert claim.scoring_pending_since is None
    assert claim.assessment.verdict in {"mostly_contradicted", "contradicted"}
    assert claim.assessment.support_score < 0.4
    line = claim.assessment.breakdown[0]["description"]
    assert (
        line.startswith("-0.")
        and "passage in Lakeside Courier, contradicts, publisher reliability 0.8" in line
    )


def test_scoring_again_with_the_same_inputs_stores_nothing_new(
    claim: Claim, source: object, django_capture_on_commit_callbacks: object
) -> None:
    link(claim, source, "supports", django_capture_on_commit_callbacks)
    count = Assessment.objects.filter(claim=claim).count()

    assert verdicts.claims_score([claim.pk]) == 0
    assert Assessment.objects.filter(claim=claim).count() == count


def test_a_job_enqueued_before_a_change_scores_the_latest_inputs(
    claim: Claim, source: object, django_capture_on_commit_callbacks: object
) -> None:
    evidence = link(claim, source, "supports", django_capture_on_commit_callbacks)
    # A change that has committed but whose own job has not run yet...
    services.evidence_update(evidence=evidence, user=claim.created_by, stance="contradicts")

    # ...is what an older job sees when it runs: it never stores an outdated result.
    verdicts.claims_score([claim.pk])
    claim.refresh_from_db()
    assert claim.assessment.support_score < 0.5
    assert claim.assessment.previous_verdict in {"supported", "mostly_supported"}
    assert verdicts.claims_score([claim.pk]) == 0  # the change's own job then finds nothing to do


def test_a_publisher_rating_change_rescores_the_claims_citing_it(
    claim: Claim, source: object, django_capture_on_commit_callbacks: object
) -> None:
    link(claim, source, "supports", django_capture_on_commit_callbacks)
    before = Claim.objects.get(pk=claim.pk).assessment

    with django_capture_on_commit_callbacks(execute=True):
        publisher = source.publisher
        publisher.reliability = 0.4
        publisher.save()

    after = Claim.objects.get(pk=claim.pk).assessment
    assert after.pk != before.pk
    assert after.support_score < before.support_score


def test_deleting_evidence_rescores_back_to_unverified(
    claim: Claim, source: object, django_capture_on_commit_callbacks: object
) -> None:
    evidence = link(claim, source, "supports", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_unlink(evidence=evidence, user=claim.created_by)

    claim.refresh_from_db()
    assert claim.assessment.verdict == "unverified"
    assert claim.assessment.previous_verdict != "unverified"
    assert list(claim.assessments.order_by("created_at", "id").values_list("verdict", flat=True)) == [
        "mostly_supported",
        "unverified",
    ]


def test_the_sweep_finds_claims_pending_too_long(claim: Claim, settings: object) -> None:
    Claim.objects.filter(pk=claim.pk).update(
        scoring_pending_since=timezone.now() - timezone.timedelta(hours=1)
    )
    settings.FACTCHECK_SCORING_SWEEP_AFTER = 60

    from claims.tasks import claims_sweep_pending

    assert claims_sweep_pending() == 1
    claim.refresh_from_db()
    assert claim.scoring_pending_since is None


def test_rescore_command_scores_claims_from_an_older_algorithm(
    claim: Claim, source: object, capsys: object, django_capture_on_commit_callbacks: object
) -> None:
    link(claim, source, "supports", django_capture_on_commit_callbacks)
    # As an older algorithm left it: its version, and so its fingerprint, differ from today's.
    Assessment.objects.filter(claim=claim).update(algorithm_version="2000.1", fingerprint="0" * 64)
    stale = Claim.objects.get(pk=claim.pk).assessment

    call_command("rescore_claims", "--batch-size", "10")

    assert "Queued 1 claims for scoring in 1 batches." in capsys.readouterr().out
    claim.refresh_from_db()
    # The inputs (and so the fingerprint) are the same but the algorithm version is part of it.
    assert claim.assessment.pk != stale.pk


def test_editorial_verdict_is_published_and_kept_in_history(claim: Claim) -> None:
    first = verdicts.editorial_verdict_publish(
        claim=claim, user=claim.created_by, verdict="contradicted", explanation="Der Hersteller nennt 80 km."
    )
    second = verdicts.editorial_verdict_publish(
        claim=claim, user=claim.created_by, verdict="mostly_contradicted", explanation="Nach Rückfrage."
    )

    claim.refresh_from_db()
    assert claim.editorial == second
    assert list(claim.editorial_verdicts.order_by("published_at", "id")) == [first, second]


@pytest.mark.parametrize(
    ("verdict", "explanation", "field"),
    [("fake", "Weil.", "verdict"), ("supported", "   ", "explanation")],
)
def test_editorial_verdict_needs_a_known_verdict_and_an_explanation(
    claim: Claim, verdict: str, explanation: str, field: str
) -> None:
    with pytest.raises(ClaimRefused) as refused:
        verdicts.editorial_verdict_publish(
            claim=claim, user=claim.created_by, verdict=verdict, explanation=explanation
        )
    assert refused.value.field == field
    assert claim.editorial_verdicts.count() == 0
