"""The import service: new documents, unchanged re-imports, revisions, publishers, immutability."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from sources import services
from sources.errors import ImportRefused
from sources.models import Document, DocumentRevision, Publisher
from sources.publishers import PublisherResolver
from tests.factories import PublisherFactory

pytestmark = pytest.mark.django_db

CORPUS_PAGES = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "web-pages" / "pages"
GERMAN = "Das System erreicht 300 Petaflops.\n\nDas ist mehr als bei der Konkurrenz, sagte ein Sprecher.\n"


def import_text(text: str, **overrides: object) -> services.ImportOutcome:
    return services.document_import(
        source=services.source_from_text(text), overrides=services.ImportOverrides(**overrides)
    )


def test_import_stores_normalised_text_with_hash_and_first_revision() -> None:
    outcome = import_text("Cafe\u0301 in Zu\u0308rich.\r\nZweite Zeile.\r", title="Zürich")

    assert outcome.status == services.ImportStatus.IMPORTED
    revision = outcome.document.current_revision
    assert revision.number == 1
    assert revision.text.startswith("Café in Zürich.\nZweite Zeile.")
    assert "\r" not in revision.text
    assert len(revision.content_hash) == 64
    assert outcome.document.title == "Zürich"


def test_same_text_again_is_unchanged_and_writes_nothing() -> None:
    first = import_text(GERMAN)
    documents, revisions = Document.objects.count(), DocumentRevision.objects.count()

    again = import_text(GERMAN)

    assert again.status == services.ImportStatus.UNCHANGED
    assert again.document.pk == first.document.pk
    assert (Document.objects.count(), DocumentRevision.objects.count()) == (documents, revisions)


def test_changed_text_for_the_same_url_makes_a_revision_and_keeps_the_old_text() -> None:
    url = "https://news.example/artikel/1"
    first = import_text(GERMAN, url=url)

    second = import_text(GERMAN.replace("300", "280"), url=url)

    assert second.status == services.ImportStatus.NEW_REVISION
    assert second.document.pk == first.document.pk
    revisions = list(first.document.revisions.order_by("number"))
    assert [r.number for r in revisions] == [1, 2]
    assert "300 Petaflops" in revisions[0].text
    assert "280 Petaflops" in revisions[1].text
    assert Document.objects.get(pk=first.document.pk).current_revision == revisions[1]


def test_same_url_same_text_is_unchanged() -> None:
    import_text(GERMAN, url="https://news.example/a")
    assert import_text(GERMAN, url="https://news.example/a").status == services.ImportStatus.UNCHANGED


def test_document_id_override_makes_a_revision_of_that_document() -> None:
    first = import_text(GERMAN)

    second = import_text(
        "Ganz neuer Text über Speicher mit 4 Milliarden Euro.\n", document_id=first.document.pk
    )

    assert second.status == services.ImportStatus.NEW_REVISION
    assert second.document.pk == first.document.pk
    assert second.revision.number == 2


def test_unknown_document_id_is_refused_and_stores_nothing() -> None:
    with pytest.raises(ImportRefused, match="No document with id 999"):
        import_text(GERMAN, document_id=999)
    assert Document.objects.count() == 0


def test_unknown_language_override_is_refused() -> None:
    with pytest.raises(ImportRefused, match="Unknown language 'xx'") as refused:
        import_text(GERMAN, language="xx")
    assert refused.value.field == "language"
    assert Document.objects.count() == 0


def test_detected_language_and_override() -> None:
    assert import_text(GERMAN * 3).document.language == "de"
    assert import_text("Another text entirely.\n", language="en").document.language == "en"


def test_publisher_is_found_by_url_domain_or_created_by_stated_name() -> None:
    scmp = PublisherFactory(name="South China Morning Post", domain="scmp.com", reliability=0.8)

    by_domain = import_text(GERMAN, url="https://www.scmp.com/tech/article/1").document
    stated = import_text("Ein anderer Text.\n", publisher="Heise").document

    assert by_domain.publisher == scmp
    assert stated.publisher.name == "Heise"
    assert Publisher.objects.count() == 2


@pytest.mark.parametrize(
    ("page", "publisher"),
    [
        # Their article:publisher is the outlet's Facebook page, which trafilatura takes as the site's name.
        ("tagesspiegel.de.abstandsregeln.html", "tagesspiegel.de"),
        ("der-farang.com-Grab-Bote.html", "der-farang.com"),
    ],
)
def test_a_site_name_that_is_a_web_address_does_not_name_the_publisher(page: str, publisher: str) -> None:
    imported = services.document_import(source=services.source_from_path(CORPUS_PAGES / page)).document

    assert imported.publisher.name == publisher
    assert not Publisher.objects.filter(name__contains="facebook.com").exists()


def test_archived_copies_are_published_by_the_sites_they_were_taken_from() -> None:
    """Two Wayback Machine copies of two blogs: each its own publisher, not one "web.archive.org"."""
    pages = [
        "archive.ordnungsrausch.com.orga-life.html",
        "archive.org.nesselsetzer.wordpress.com.antipoden.html",
    ]
    imported = [
        services.document_import(source=services.source_from_path(CORPUS_PAGES / p)).document for p in pages
    ]

    assert imported[0].url.startswith("https://web.archive.org/web/")
    assert [document.publisher.domain for document in imported] == [
        "ordnungsrausch.com",
        "nesselsetzer.wordpress.com",
    ]


def test_archived_copies_that_state_no_site_name_are_not_one_publisher() -> None:
    """trafilatura names such a copy by its address's host: both were filed under one publisher
    "web.archive.org" (with the first one's domain), the second one's rating its publisher's by mistake."""
    pages = ["archive.modabot.de.serkan.html", "archive.org.steinzeitwissen.de.werkzeuge.html"]
    imported = [
        services.document_import(source=services.source_from_path(CORPUS_PAGES / p)).document for p in pages
    ]

    assert [(d.publisher.name, d.publisher.domain) for d in imported] == [
        ("modabot.de", "modabot.de"),
        ("steinzeitwissen.de", "steinzeitwissen.de"),
    ]
    assert not Publisher.objects.filter(name="web.archive.org").exists()


def test_a_batch_writes_its_new_publishers_in_one_statement() -> None:
    PublisherFactory(name="Heise", domain="heise.de")
    sources = [
        (f"Artikel {n} über den Speicher.\n", services.ImportOverrides(url=f"https://{site}/a/{n}"))
        for n, site in enumerate(["heise.de", "taz.de", "www.taz.de", "zeit.de", "zeit.de", "taz.de"])
    ]
    prepared = [
        services.document_prepare(services.source_from_text(text), overrides) for text, overrides in sources
    ]

    with CaptureQueriesContext(connection) as queries:
        outcomes = services.documents_import_batch(prepared=prepared, suggest=False)

    by_url = {o.document.url: o.document.publisher.name for o in outcomes}
    assert list(by_url.values()) == ["Heise", "taz.de", "taz.de", "zeit.de", "zeit.de", "taz.de"]
    assert sorted(Publisher.objects.values_list("name", "domain")) == [
        ("Heise", "heise.de"),
        ("taz.de", "taz.de"),
        ("zeit.de", "zeit.de"),
    ]
    inserts = [
        q["sql"] for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "sources_publisher"')
    ]
    assert len(inserts) == 1


def test_a_publisher_another_import_wrote_meanwhile_is_taken_as_stored() -> None:
    overrides = services.ImportOverrides(url="https://taz.de/a/1")
    prepared = services.document_prepare(
        services.source_from_text("Ein Artikel über den Speicher.\n"), overrides
    )
    resolver = PublisherResolver([prepared])
    publisher = resolver.resolve(prepared)
    meanwhile = Publisher.objects.create(name="taz.de", domain="taz.de", reliability=0.9)

    resolver.store()

    assert publisher.pk == meanwhile.pk
    assert Publisher.objects.get().reliability == 0.9


def test_batch_with_the_same_text_twice_stores_it_once() -> None:
    prepared = [
        services.document_prepare(services.source_from_text(GERMAN, name="a.txt")),
        services.document_prepare(services.source_from_text(GERMAN, name="b.txt")),
    ]

    outcomes = services.documents_import_batch(prepared=prepared)

    assert [o.status for o in outcomes] == [services.ImportStatus.IMPORTED, services.ImportStatus.UNCHANGED]
    assert Document.objects.count() == 1


def test_batch_with_one_url_twice_makes_two_revisions() -> None:
    overrides = services.ImportOverrides(url="https://news.example/x")
    prepared = [
        services.document_prepare(services.source_from_text(GERMAN), overrides),
        services.document_prepare(services.source_from_text(GERMAN + "Nachtrag.\n"), overrides),
        services.document_prepare(services.source_from_text(GERMAN + "Nachtrag.\n"), overrides),
    ]

    outcomes = services.documents_import_batch(prepared=prepared)

    assert [o.status.value for o in outcomes] == ["imported", "new_revision", "unchanged"]
    document = Document.objects.get()
    assert document.revisions.count() == 2
    assert document.current_revision.number == 2


def test_revision_text_cannot_be_changed_even_by_a_raw_update() -> None:
    revision = import_text(GERMAN).revision

    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        DocumentRevision.objects.filter(pk=revision.pk).update(text="Rewritten history.")

    assert DocumentRevision.objects.get(pk=revision.pk).text == revision.text


def test_oversized_text_is_refused(settings: object) -> None:
    settings.FACTCHECK_IMPORT_MAX_BYTES = 100
    with pytest.raises(ImportRefused, match="over the import limit") as refused:
        import_text("x" * 101)
    assert refused.value.code == "too_large"
    assert Document.objects.count() == 0
