"""The suggestion models' move to the assist app keeps every passage and suggestion row, on a database
that already had them: migrate back to before the move, write rows through the historical models,
migrate to the end, and read them through the assist app's models (and the API that serves them)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from rest_framework.test import APIClient

from claims.assist.models import ClaimSuggestion, EvidenceSuggestion, Passage, SuggestionStatus, quote_key
from claims.models import Claim, Evidence
from sources.models import Document

pytestmark = [pytest.mark.migration, pytest.mark.django_db(transaction=True)]

BEFORE_THE_MOVE = [("claims", "0017_tokens_apitoken_moves_out"), ("assist", None)]
DECIDED = datetime(2026, 11, 30, 14, 5, tzinfo=UTC)
REPORT = "Die Fähre fährt mit 560 kW. Der Hafen meldet 20 Fahrten am Tag. Ein Leser zweifelt daran."
CHECK = "Laut Werft leistet der Antrieb 0,56 Megawatt."


def migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


@pytest.fixture
def before_the_move(transactional_db: None) -> Iterator[MigrationExecutor]:
    executor = migrate(BEFORE_THE_MOVE)
    yield executor
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # the next test finds the end state


def _document(apps: object, title: str, text: str, user: object) -> tuple[object, object]:
    document = apps.get_model("sources", "Document").objects.create(
        title=title, language="de", created_by=user
    )
    revision = apps.get_model("sources", "DocumentRevision").objects.create(
        document=document,
        number=1,
        text=text,
        length=len(text),
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        origin="paste",
        created_by=user,
    )
    document.current_revision = revision
    document.save(update_fields=["current_revision"])
    return document, revision


def _span(text: str, quote: str) -> dict[str, object]:
    start = text.index(quote)
    return {"start": start, "end": start + len(quote), "exact": quote}


def test_passages_and_suggestions_survive_the_move_to_the_assist_app(
    before_the_move: MigrationExecutor,
) -> None:
    old = before_the_move.loader.project_state(BEFORE_THE_MOVE[:1]).apps
    assert not any(model._meta.app_label == "assist" for model in old.get_models())
    user = old.get_model(settings.AUTH_USER_MODEL).objects.create(
        username="ines", password="!", is_staff=True
    )
    report, report_revision = _document(old, "Solarfähre", REPORT, user)
    check, check_revision = _document(old, "Werft", CHECK, user)
    claimed = _span(REPORT, "Die Fähre fährt mit 560 kW.")
    claim = old.get_model("claims", "Claim").objects.create(
        document=report, revision=report_revision, created_by=user, updated_by=user, **claimed
    )
    evidence = old.get_model("claims", "Evidence").objects.create(
        claim=claim,
        document=check,
        revision=check_revision,
        stance="supports",
        created_by=user,
        **_span(CHECK, CHECK),
    )
    old_passage = old.get_model("claims", "Passage")
    for sentence in ("Die Fähre fährt mit 560 kW.", "Der Hafen meldet 20 Fahrten am Tag."):
        old_passage.objects.create(
            document=report,
            revision=report_revision,
            kind="body",
            language="de",
            terms="560 kw",
            **{
                "start": REPORT.index(sentence),
                "end": REPORT.index(sentence) + len(sentence),
                "text": sentence,
            },
        )
    old_claim_suggestion = old.get_model("claims", "ClaimSuggestion")
    old_claim_suggestion.objects.create(
        document=report,
        revision=report_revision,
        key=quote_key("Der Hafen meldet 20 Fahrten am Tag."),
        score=0.71,
        reasons=["a number", "an official source"],
        speaker="Hafen",
        speaker_role="quoted",
        **_span(REPORT, "Der Hafen meldet 20 Fahrten am Tag."),
    )
    old_claim_suggestion.objects.create(
        document=report,
        revision=report_revision,
        key=quote_key(claimed["exact"]),
        score=0.9,
        status="accepted",
        decided_by=user,
        decided_at=DECIDED,
        claim=claim,
        **claimed,
    )
    old.get_model("claims", "EvidenceSuggestion").objects.create(
        claim=claim,
        document=check,
        revision=check_revision,
        key=quote_key(CHECK),
        stance="supports",
        stance_confidence=0.8,
        score=0.85,
        reasons=["shares Antrieb", "560 kW = 0,56 MW"],
        status="accepted",
        decided_by=user,
        decided_at=DECIDED,
        evidence=evidence,
        **_span(CHECK, CHECK),
    )

    migrate(before_the_move.loader.graph.leaf_nodes())

    assert [(p.text, p.kind, p.terms) for p in Passage.objects.filter(document_id=report.pk)] == [
        ("Die Fähre fährt mit 560 kW.", "body", "560 kw"),
        ("Der Hafen meldet 20 Fahrten am Tag.", "body", "560 kw"),
    ]
    accepted, open_one = ClaimSuggestion.objects.filter(document_id=report.pk).order_by("-score")
    assert (accepted.status, accepted.claim, accepted.decided_by.username, accepted.decided_at) == (
        SuggestionStatus.ACCEPTED,
        Claim.objects.get(pk=claim.pk),
        "ines",
        DECIDED,
    )
    assert (open_one.exact, open_one.speaker, open_one.speaker_role, open_one.reasons) == (
        "Der Hafen meldet 20 Fahrten am Tag.",
        "Hafen",
        "quoted",
        ["a number", "an official source"],
    )
    linked = EvidenceSuggestion.objects.get(claim_id=claim.pk)
    assert (linked.stance, linked.stance_confidence, linked.score, linked.reasons) == (
        "supports",
        0.8,
        0.85,
        ["shares Antrieb", "560 kW = 0,56 MW"],
    )
    assert linked.evidence == Evidence.objects.get(pk=evidence.pk)
    # The reverse relations the claims and documents had came along with the models.
    assert Claim.objects.get(pk=claim.pk).evidence_suggestions.get() == linked
    assert [s.pk for s in Document.objects.get(pk=report.pk).claim_suggestions.filter(status="open")] == [
        open_one.pk
    ]
    # The database still guards the rows: a second suggestion of the same quote in the document is refused.
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimSuggestion.objects.create(
            document_id=report.pk,
            revision_id=report_revision.pk,
            key=open_one.key,
            score=0.5,
            **_span(REPORT, "Der Hafen meldet 20 Fahrten am Tag."),
        )
    # The full-text search keeps its GIN index (made with SQL by claims 0010, outside any model's state).
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'claims_passage'")
        assert "claims_passage_search_gin" in {name for (name,) in cursor.fetchall()}
    # And the API serves them as before: an editor reads the open suggestion of the document.
    client = APIClient()
    client.force_authenticate(user=get_user_model().objects.get(pk=user.pk))
    answer = client.get("/api/v1/claim-suggestions/", {"document": report.pk})
    assert answer.status_code == 200, answer.content
    assert [s["exact"] for s in answer.json()["results"]] == ["Der Hafen meldet 20 Fahrten am Tag."]
