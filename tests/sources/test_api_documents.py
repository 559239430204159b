"""POST /api/v1/documents/ with text, a file or a URL; reading documents and revisions; refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from claims.tokens.services import api_token_create
from sources.models import Document, DocumentRevision
from tests.factories import document, editor, reader
from tests.web_server import WebServer

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
URL = "/api/v1/documents/"


@pytest.fixture
def api() -> APIClient:
    client = APIClient()
    client.force_authenticate(editor())
    return client


def assert_refused(response: object, field: str, words: str) -> None:
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == {"code", "detail", "errors"}
    assert any(words in message for message in body["errors"][field]), body
    assert Document.objects.count() == 0
    assert DocumentRevision.objects.count() == 0


@pytest.mark.parametrize("url", ["not a url", "ftp://x.org/a", "example.org/a"])
def test_a_document_url_that_is_no_http_address_is_refused(api: APIClient, url: str) -> None:
    response = api.post(URL, {"text": "Die Anlage speichert 100 MWh.\n", "url": url}, format="json")
    assert_refused(response, "url", "must be an absolute http or https address")


def test_a_bad_document_url_is_refused_before_the_page_is_fetched(
    api: APIClient, site: str, site_server: WebServer, settings: object
) -> None:
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    site_server.requests.clear()

    response = api.post(URL, {"source_url": f"{site}/article.html", "url": "ftp://x.org/a"}, format="json")

    assert_refused(response, "url", "“ftp://x.org/a” is not one")
    assert site_server.requests == []


def test_import_raw_text(api: APIClient) -> None:
    response = api.post(URL, {"text": "Die Anlage speichert 100 MWh.\n", "title": "Speicher"}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert body["title"] == "Speicher"
    assert body["text"] == "Die Anlage speichert 100 MWh.\n"
    assert body["import_status"] == "imported"
    assert body["revision_count"] == 1


def test_same_text_again_answers_unchanged(api: APIClient) -> None:
    api.post(URL, {"text": "Gleicher Text.\n"}, format="json")
    response = api.post(URL, {"text": "Gleicher Text.\n"}, format="json")
    assert response.status_code == 200
    assert response.json()["import_status"] == "unchanged"
    assert Document.objects.count() == 1


def test_import_uploaded_markdown_file(api: APIClient) -> None:
    upload = SimpleUploadedFile(
        "notes.md", (FIXTURES / "notes.md").read_bytes(), content_type="text/markdown"
    )

    response = api.post(URL, {"file": upload}, format="multipart")

    assert response.status_code == 201, response.content
    assert response.json()["title"]
    assert Document.objects.get().current_revision.origin == "file"


def test_import_url_from_an_allow_listed_local_site(api: APIClient, site: str, settings: object) -> None:
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]

    response = api.post(URL, {"source_url": f"{site}/article.html"}, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["url"] == f"{site}/article.html"
    assert "<script" not in body["text"] and "onerror" not in body["text"]
    assert Document.objects.get().current_revision.origin == "url"


def test_url_charset_from_the_server_is_used(api: APIClient, site: str, settings: object) -> None:
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    response = api.post(URL, {"source_url": f"{site}/plain"}, format="json")
    assert response.status_code == 201, response.content
    assert "Müller" in response.json()["text"]


@pytest.mark.parametrize(
    ("payload", "field", "words"),
    [
        ({"text": ""}, "non_field_errors", "exactly one of text, file or source_url"),
        ({"text": "a", "source_url": "https://example.org"}, "non_field_errors", "exactly one"),
        ({"text": "   \n  "}, "text", "The pasted text is empty."),  # a paste, not a file
        (
            {"text": "<script>alert(1)</script>", "format": "html"},
            "text",
            "The pasted text has no readable text: ",
        ),
        ({"source_url": "file:///etc/passwd"}, "url", "http"),
        ({"source_url": "http://127.0.0.1/"}, "url", "private"),
        ({"source_url": "http://169.254.169.254/latest/meta-data/"}, "url", "private"),
        ({"source_url": "http://10.0.0.1/"}, "url", "private"),
        ({"source_url": "http://2130706433/"}, "url", "private"),
        ({"text": "ok", "language": "xx"}, "language", "not a valid choice"),
        ({"text": "ok", "document": 12345}, "document", "No document with id 12345"),
    ],
)
def test_bad_input_is_refused_with_the_reason(api: APIClient, payload: dict, field: str, words: str) -> None:
    assert_refused(api.post(URL, payload, format="json"), field, words)


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("empty.txt", b"", "empty.txt: the file is empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        ("slides.pdf", b"%PDF-1.7\n%\xe2\xe3", "unsupported"),
        (
            "nav.html",
            b"<html><body><nav>Home</nav><script>x()</script></body></html>",
            "nav.html: no readable text was found (",
        ),
    ],
)
def test_bad_files_are_refused(api: APIClient, name: str, content: bytes, words: str) -> None:
    upload = SimpleUploadedFile(name, content)
    assert_refused(api.post(URL, {"file": upload}, format="multipart"), "file", words)


def test_file_over_the_size_limit_is_refused(api: APIClient, settings: object) -> None:
    settings.FACTCHECK_IMPORT_MAX_BYTES = 1000
    upload = SimpleUploadedFile("big.txt", b"word " * 1000)
    assert_refused(api.post(URL, {"file": upload}, format="multipart"), "file", "over the import limit")


def test_url_redirecting_to_an_internal_address_is_refused(
    api: APIClient, site: str, settings: object
) -> None:
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    assert_refused(api.post(URL, {"source_url": f"{site}/to-metadata"}, format="json"), "url", "private")


def test_url_response_over_the_size_limit_is_refused(api: APIClient, site: str, settings: object) -> None:
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.FACTCHECK_IMPORT_MAX_BYTES = 1000
    assert_refused(api.post(URL, {"source_url": f"{site}/huge"}, format="json"), "url", "limit")


def test_url_that_is_not_text_is_refused(api: APIClient, site: str, settings: object) -> None:
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    assert_refused(api.post(URL, {"source_url": f"{site}/image"}, format="json"), "url", "not HTML or text")


def test_readers_cannot_import_and_anonymous_must_sign_in() -> None:
    client = APIClient()
    assert client.post(URL, {"text": "x"}, format="json").status_code == 401
    client.force_authenticate(reader())
    response = client.post(URL, {"text": "Ein Text.\n"}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert Document.objects.count() == 0


def test_token_auth_for_programs() -> None:
    _, key = api_token_create(user=editor(), name="script")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.post(URL, {"text": "Per Token.\n"}, format="json").status_code == 201


def test_list_search_detail_and_revisions(api: APIClient) -> None:
    first = document("Die Batterie speichert 100 MWh.\n", title="Batterie", url="https://a.example/1")
    document("Ein anderer Artikel über Chips.\n", title="Chips")
    document("Die Batterie speichert 120 MWh.\n", url="https://a.example/1")

    listing = api.get(URL, {"q": "speichert"}).json()
    assert [d["title"] for d in listing["results"]] == ["Batterie"]
    assert "text" not in listing["results"][0]

    detail = api.get(f"{URL}{first.pk}/").json()
    assert detail["text"] == "Die Batterie speichert 120 MWh.\n"
    assert detail["revision_count"] == 2

    revisions = api.get(f"{URL}{first.pk}/revisions/").json()["results"]
    assert [(r["number"], r["text"]) for r in revisions] == [
        (2, "Die Batterie speichert 120 MWh.\n"),
        (1, "Die Batterie speichert 100 MWh.\n"),
    ]


def test_unknown_document_is_404_in_the_error_shape(api: APIClient) -> None:
    response = api.get(f"{URL}999999/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_page_of_revisions_holds_at_most_ten_texts(api: APIClient) -> None:
    """Each revision carries its whole text (up to the import limit): a page holds at most 10 of them,
    whatever page_size asks, so a page stays bounded in bytes."""
    for n in range(12):
        battery = document(f"Die Batterie speichert {n} MWh.\n", url="https://example.org/battery")
    page = api.get(f"{URL}{battery.pk}/revisions/", {"page_size": 200}).json()
    assert page["count"] == 12
    assert len(page["results"]) == 10
    assert page["results"][0]["text"] == "Die Batterie speichert 11 MWh.\n"
    assert len(api.get(f"{URL}{battery.pk}/revisions/", {"page": 2}).json()["results"]) == 2
