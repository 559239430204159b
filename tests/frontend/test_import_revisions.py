"""New revisions from the import page and the reader, and lookalike pastes and uploads (issue 12 item 3),
through Django's test client: the paths without JavaScript and the JSON import.js reads."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sources.models import Document
from tests.factories import document, editor, reader

pytestmark = pytest.mark.django_db

IMPORT = "/documents/import/"
IMPORT_FILE = "/documents/import/file/"
TEXT = "Die Fähre fährt ab Mai mit Batterie. Sie kostet zwölf Millionen Euro.\n"
CHANGED = TEXT.replace("Mai", "Juni")


@pytest.fixture
def client_editor() -> Client:
    client = Client()
    client.force_login(editor())
    return client


@pytest.fixture
def article() -> Document:
    return document(TEXT, title="Fähre fährt elektrisch", publisher="Inselbote")


def test_the_reader_links_editors_to_a_new_revision(client_editor: Client, article: Document) -> None:
    html = client_editor.get(f"/documents/{article.pk}/").content.decode()
    assert f'href="/documents/import/?document={article.pk}"' in html

    readers = Client()
    readers.force_login(reader())
    assert "New revision of this document" not in readers.get(f"/documents/{article.pk}/").content.decode()


def test_the_import_page_imports_a_new_revision_of_the_document_named(
    client_editor: Client, article: Document
) -> None:
    page = unescape(client_editor.get(IMPORT, {"document": article.pk}).content.decode())
    assert "New revision of “Fähre fährt elektrisch”" in re.sub(r"<[^>]+>", "", page)
    assert page.count(f'name="document" value="{article.pk}"') == 3  # in each tab's form

    response = client_editor.post(IMPORT, {"source": "text", "text": CHANGED, "document": article.pk})

    assert response.status_code == 302
    assert Document.objects.count() == 1
    assert Document.objects.get().text == CHANGED


def test_a_lookalike_paste_stores_nothing_and_offers_the_choice(
    client_editor: Client, article: Document
) -> None:
    posted = {"source": "text", "text": CHANGED, "title": "Fähre fährt elektrisch", "publisher": "Inselbote"}

    response = client_editor.post(IMPORT, posted)

    assert response.status_code == 400
    page = unescape(response.content.decode())
    assert "“Fähre fährt elektrisch” already exists" in page
    assert f'name="document" value="{article.pk}"' in page and 'name="separate" value="1"' in page
    assert Document.objects.count() == 1 and article.revisions.count() == 1

    assert client_editor.post(IMPORT, {**posted, "separate": "1"}).status_code == 302
    assert Document.objects.count() == 2


def test_another_publishers_article_of_the_same_title_is_no_lookalike(
    client_editor: Client, article: Document
) -> None:
    posted = {"source": "text", "text": CHANGED, "title": "Fähre fährt elektrisch", "publisher": "Hafenblatt"}
    assert client_editor.post(IMPORT, posted).status_code == 302
    assert Document.objects.count() == 2


def test_a_lookalike_upload_answers_with_the_existing_document(
    client_editor: Client, article: Document
) -> None:
    upload = SimpleUploadedFile("faehre.md", f"# Fähre fährt elektrisch\n\n{CHANGED}".encode())

    response = client_editor.post(IMPORT_FILE, {"file": upload, "publisher": "Inselbote"})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "possible_revision"
    assert body["existing_document"] == {"id": article.pk, "title": "Fähre fährt elektrisch"}
    upload.seek(0)
    again = client_editor.post(
        IMPORT_FILE, {"file": upload, "publisher": "Inselbote", "document": article.pk}
    )
    assert again.status_code == 201 and again.json()["import_status"] == "new_revision"


def test_without_javascript_a_lookalike_upload_waits_for_the_choice_and_is_not_counted_failed(
    client_editor: Client, article: Document
) -> None:
    lookalike = SimpleUploadedFile("faehre.md", f"# Fähre fährt elektrisch\n\n{CHANGED}".encode())
    other = SimpleUploadedFile("anderes.md", b"# Anderes\n\nEin anderer Text.\n")

    response = client_editor.post(
        IMPORT, {"source": "file", "file": [lookalike, other], "publisher": "Inselbote"}
    )

    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", unescape(response.content.decode())))
    assert "Imported 1, unchanged 0, new revision 0, failed 0, 1 waiting for your choice." in page
    assert "faehre.md Needs your choice" in page and "Failed" not in page
    assert f"Upload it again as a new revision of “<bdi>{article.title}</bdi>”" in response.content.decode()
    assert Document.objects.count() == 2 and article.revisions.count() == 1


def test_an_upload_of_an_article_imported_with_the_sites_name_in_its_title_is_its_lookalike(
    client_editor: Client,
) -> None:
    # Imported before titles lost the site's name that <title> adds: the stored title keeps it.
    old = document(TEXT, title="Fähre fährt elektrisch | Inselbote", publisher="Inselbote")
    page = (
        "<html><head><title>Fähre fährt elektrisch | Inselbote</title>"
        "<meta property='og:site_name' content='Inselbote'></head>"
        f"<body><article><h1>Fähre fährt elektrisch</h1><p>{CHANGED}</p></article></body></html>"
    )
    upload = SimpleUploadedFile("faehre.html", page.encode(), content_type="text/html")

    response = client_editor.post(IMPORT_FILE, {"file": upload})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "possible_revision"
    assert body["existing_document"] == {"id": old.pk, "title": "Fähre fährt elektrisch | Inselbote"}
    assert Document.objects.count() == 1 and old.revisions.count() == 1
    upload.seek(0)
    again = client_editor.post(IMPORT_FILE, {"file": upload, "document": old.pk})
    assert again.status_code == 201 and again.json()["import_status"] == "new_revision"
    assert Document.objects.count() == 1 and "ab Juni" in Document.objects.get().text


def test_two_untitled_pastes_are_no_lookalikes(client_editor: Client) -> None:
    # Without a title both would be called "pasted text" (or their first line): that says nothing.
    sentence = "Dies ist ein ganz gewöhnlicher Satz mit mehr als acht Wörtern, {} Fassung.\n"
    for text in (sentence.format("erste"), sentence.format("zweite")):
        assert client_editor.post(IMPORT, {"source": "text", "text": text}).status_code == 302
    assert Document.objects.count() == 2


@pytest.mark.parametrize("named", ["²", "12a", "-1", "99999999999999999999"])
def test_an_import_page_naming_no_document_imports_a_new_one(
    client_editor: Client, article: Document, named: str
) -> None:
    # "²" passes str.isdigit() but is no number; a bigint cannot hold the last one.
    response = client_editor.get(IMPORT, {"document": named})
    page = re.sub(r"<[^>]+>", "", unescape(response.content.decode()))
    assert response.status_code == 200
    assert "New revision of" not in page
