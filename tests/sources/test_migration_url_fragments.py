"""Documents stored before URL fragments were dropped lose theirs (sources migration 0012), so that fetching
`…/a#comments` again finds the stored document instead of making a second one beside it; a URL whose
fragment-less form is already another document's stays as it was."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from rest_framework.test import APIClient

from sources.models import Document
from tests.factories import editor

pytestmark = [pytest.mark.migration, pytest.mark.django_db(transaction=True)]

BEFORE = [("sources", "0011_document_reanchor_attempts")]
TEXT = (
    "Der Gemeinderat hat am Dienstag beschlossen, die alte Fähre durch ein Schiff mit Batterieantrieb zu "
    "ersetzen. Die Kosten liegen nach Angaben der Verwaltung bei zwölf Millionen Euro."
)


def migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


@pytest.fixture
def before_fragments_dropped(transactional_db: None) -> Iterator[MigrationExecutor]:
    executor = migrate(BEFORE)
    yield executor
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # the next test finds the end state


def test_stored_urls_lose_their_fragment_unless_another_document_has_that_url(
    before_fragments_dropped: MigrationExecutor,
) -> None:
    old = before_fragments_dropped.loader.project_state(BEFORE).apps
    user = old.get_model(get_user_model()._meta.label).objects.create(username="anna", password="!")
    stored = {}
    for title, url in [
        ("Fähre", "https://example.org/a#comments"),
        ("Haushalt", "https://example.org/b"),
        ("Haushalt, Kommentare", "https://example.org/b#top"),
        ("Hafen", "https://example.org/c#top"),
        ("Hafen, Kommentare", "https://example.org/c#comments"),
        ("Wahl", "https://example.org/d?p=1#"),
        ("Wetter", "https://example.org/e"),
    ]:
        stored[title] = _document(old, title=title, url=url, user=user)

    migrate([("sources", "0012_document_urls_without_fragments")])

    urls = dict(Document.objects.values_list("title", "url"))
    assert urls == {
        "Fähre": "https://example.org/a",
        "Haushalt": "https://example.org/b",
        "Haushalt, Kommentare": "https://example.org/b#top",  # …/b is another document's
        "Hafen": "https://example.org/c",  # the older of the two takes …/c
        "Hafen, Kommentare": "https://example.org/c#comments",
        "Wahl": "https://example.org/d?p=1",
        "Wetter": "https://example.org/e",
    }
    # Imported again with its fragment, the article is the stored document, not a second one.
    client = APIClient()
    client.force_authenticate(editor("ines"))
    again = client.post(
        "/api/v1/documents/", {"text": TEXT, "url": "https://example.org/a#comments"}, format="json"
    )
    assert again.status_code == 200, again.content
    assert again.json()["id"] == stored["Fähre"] and again.json()["import_status"] == "unchanged"
    assert Document.objects.count() == 7


def _document(apps: object, *, title: str, url: str, user: object) -> int:
    document = apps.get_model("sources", "Document").objects.create(
        title=title, url=url, language="de", created_by=user
    )
    revision = apps.get_model("sources", "DocumentRevision").objects.create(
        document=document,
        number=1,
        text=TEXT,
        length=len(TEXT),
        content_hash=hashlib.sha256(TEXT.encode()).hexdigest(),
        origin="paste",
        created_by=user,
    )
    document.current_revision = revision
    document.save(update_fields=["current_revision"])
    return document.pk
