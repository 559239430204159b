"""A new revision re-anchors every claim and evidence passage; what cannot be found is orphaned, not lost."""

from __future__ import annotations

import pytest

from claims import services
from claims.models import Claim, Evidence
from sources import services as sources
from tests.factories import editor

pytestmark = pytest.mark.django_db

URL = "https://brennsee-bote.example/faehre"
ARTICLE = (
    "Die Solarfähre Aurelia fährt seit Sonntag auf dem Brennsee.\n\n"
    "Ihr Batteriespeicher fasst 1,2 Megawattstunden, sagte der Kapitän.\n\n"
    "Eine Überfahrt dauert rund 25 Minuten.\n"
)


def reimport(text: str) -> None:
    sources.document_import(source=sources.source_from_text(text), overrides=sources.ImportOverrides(url=URL))


@pytest.fixture
def eager(django_capture_on_commit_callbacks: object) -> object:
    """Run the re-anchoring job (in-process, see tests/conftest.py) when the import's transaction commits."""
    return django_capture_on_commit_callbacks


@pytest.fixture
def claim() -> Claim:
    document = sources.document_import(
        source=sources.source_from_text(ARTICLE), overrides=sources.ImportOverrides(url=URL)
    ).document
    return services.claim_create(
        document=document, user=editor(), span=services.SpanInput(exact="fasst 1,2 Megawattstunden")
    )


def test_an_edit_elsewhere_moves_the_claim_to_the_new_revision(claim: Claim, eager: object) -> None:
    with eager(execute=True):
        reimport("Neu: " + ARTICLE.replace("rund 25 Minuten", "etwa 20 Minuten"))

    claim.refresh_from_db()
    assert claim.revision.number == 2
    assert claim.revision.text[claim.start : claim.end] == "fasst 1,2 Megawattstunden"
    assert claim.start == ARTICLE.index("fasst 1,2") + len("Neu: ")
    assert (claim.orphaned, claim.anchor_confidence) == (False, 1.0)


def test_a_lightly_edited_quote_is_followed_with_less_confidence(claim: Claim, eager: object) -> None:
    with eager(execute=True):
        reimport(ARTICLE.replace("fasst 1,2 Megawattstunden", "fasst 1,2 Megawatt-Stunden"))

    claim.refresh_from_db()
    assert claim.revision.number == 2
    assert claim.exact == "fasst 1,2 Megawatt-Stunden"
    assert not claim.orphaned
    assert 0.75 <= claim.anchor_confidence < 1.0


def test_a_deleted_quote_orphans_the_claim_and_keeps_its_old_place(claim: Claim, eager: object) -> None:
    old_revision = claim.revision_id
    with eager(execute=True):
        reimport(
            ARTICLE.replace("Ihr Batteriespeicher fasst 1,2 Megawattstunden, sagte der Kapitän.\n\n", "")
        )

    claim.refresh_from_db()
    assert claim.orphaned
    assert claim.anchor_confidence == 0.0
    assert claim.revision_id == old_revision
    assert claim.exact == "fasst 1,2 Megawattstunden"


def test_a_changed_number_is_a_different_claim_and_orphans_it(claim: Claim, eager: object) -> None:
    with eager(execute=True):
        reimport(ARTICLE.replace("1,2 Megawattstunden", "1,5 Megawattstunden"))

    claim.refresh_from_db()
    assert claim.orphaned


def test_evidence_passages_in_the_document_are_re_anchored_too(claim: Claim, eager: object) -> None:
    source = sources.document_import(
        source=sources.source_from_text("Laut Werft hat die Fähre 1,2 MWh Speicher an Bord.\n"),
        overrides=sources.ImportOverrides(url="https://werft.example/a"),
    ).document
    evidence = services.evidence_link(
        claim=claim,
        document=source,
        user=claim.created_by,
        stance="supports",
        span=services.SpanInput(exact="1,2 MWh Speicher"),
    )

    with eager(execute=True):
        sources.document_import(
            source=sources.source_from_text("Update. Laut Werft hat die Fähre 1,2 MWh Speicher an Bord.\n"),
            overrides=sources.ImportOverrides(url="https://werft.example/a"),
        )

    evidence.refresh_from_db()
    assert evidence.revision.number == 2
    assert evidence.revision.text[evidence.start : evidence.end] == "1,2 MWh Speicher"


def test_re_anchoring_is_recorded_in_the_history(claim: Claim, eager: object) -> None:
    with eager(execute=True):
        reimport("Neu: " + ARTICLE)

    latest = claim.history.order_by("-history_id").first()
    assert latest.history_type == "~"
    assert latest.start == claim.start + len("Neu: ")


def test_running_the_job_twice_changes_nothing_the_second_time(claim: Claim, eager: object) -> None:
    with eager(execute=True):
        reimport("Neu: " + ARTICLE)
    history = claim.history.count()

    report = services.document_reanchor(document_id=claim.document_id)

    assert (report.moved, report.orphaned) == (0, 0)
    assert claim.history.count() == history


def test_an_orphaned_claim_can_be_placed_again_by_an_editor(claim: Claim, eager: object) -> None:
    with eager(execute=True):
        reimport(ARTICLE.replace("fasst 1,2 Megawattstunden", "hat eine Kapazität von 1200 kWh"))
    claim.refresh_from_db()
    assert claim.orphaned

    services.claim_update(
        claim=claim, user=claim.created_by, span=services.SpanInput(exact="hat eine Kapazität von 1200 kWh")
    )

    claim.refresh_from_db()
    assert (claim.orphaned, claim.revision.number, claim.anchor_confidence) == (False, 2, 1.0)
    assert Claim.objects.count() == 1 and Evidence.objects.count() == 0


def test_an_orphan_that_stays_orphaned_is_not_rewritten(claim: Claim, eager: object) -> None:
    with eager(execute=True):
        reimport(ARTICLE.replace("fasst 1,2 Megawattstunden", "hat eine andere Batterie"))
    history = claim.history.count()

    with eager(execute=True):
        reimport(
            "Noch einmal geändert. "
            + ARTICLE.replace("fasst 1,2 Megawattstunden", "hat eine andere Batterie")
        )

    claim.refresh_from_db()
    assert claim.orphaned
    assert claim.history.count() == history
