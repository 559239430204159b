"""The dashboard, the document list and the import page, through Django's test client.

The import page must refuse exactly what the API refuses, with the API's words, beside the field,
and store nothing when it does.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from claims import services as claim_services
from claims.models import Assessment, Claim
from claims.verdicts import claims_score
from frontend.dashboard import week_start
from sources.models import Document, DocumentRevision
from tests.factories import PublisherFactory, claim, document, editor, evidence, reader
from tests.web_server import page, redirect, serve

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
IMPORT = "/documents/import/"
IMPORT_FILE = "/documents/import/file/"
XSS_TITLE = "<script>alert(1)</script><img src=x onerror=alert(2)>"


@pytest.fixture
def editor_user() -> object:
    return editor("ines")


@pytest.fixture
def client_editor(editor_user: object) -> Client:
    client = Client()
    client.force_login(editor_user)
    return client


@pytest.fixture
def client_reader() -> Client:
    client = Client()
    client.force_login(reader("rolf"))
    return client


def api_errors(payload: dict, *, multipart: bool = False) -> dict[str, list[str]]:
    """What POST /api/v1/documents/ answers for the same input: the words the page must show."""
    api = APIClient()
    api.force_authenticate(editor("api-editor"))
    response = api.post("/api/v1/documents/", payload, format="multipart" if multipart else "json")
    assert response.status_code == 400, response.content
    return response.json()["errors"]


def error_beside(html: str, field_id: str) -> str:
    """The error text shown right under the input with this id."""
    found = re.findall(rf'<p class="field-error" id="{re.escape(field_id)}-error">(.*?)</p>', html, re.S)
    return unescape(" ".join(found))


def assert_nothing_stored() -> None:
    assert Document.objects.count() == 0
    assert DocumentRevision.objects.count() == 0


# --- Signing in, roles, CSRF, CSP ----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/documents/", IMPORT])
def test_pages_need_signing_in(path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_readers_see_documents_but_cannot_import(client_reader: Client) -> None:
    document("Ein Artikel über Speicher.\n", title="Speicher")
    assert b"Speicher" in client_reader.get("/documents/").content
    assert b"Import documents" not in client_reader.get("/documents/").content

    page = client_reader.get(IMPORT)
    assert page.status_code == 403
    assert "Only editors can import documents" in page.content.decode()

    response = client_reader.post(IMPORT, {"source": "text", "text": "Ein Lesertext.\n"})
    assert response.status_code == 403
    upload = SimpleUploadedFile("a.txt", b"Ein Lesertext.\n")
    assert client_reader.post(IMPORT_FILE, {"file": upload}).status_code == 403
    assert Document.objects.count() == 1


def test_anonymous_json_import_is_refused_not_redirected() -> None:
    response = Client().post(IMPORT_FILE, {"file": SimpleUploadedFile("a.txt", b"Text.\n")})
    assert response.status_code == 403
    assert response.json()["code"] == "not_authenticated"
    assert_nothing_stored()


def test_every_import_needs_the_csrf_token(editor_user: object) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor_user)
    assert client.post(IMPORT, {"source": "text", "text": "Ohne Token.\n"}).status_code == 403
    upload = SimpleUploadedFile("a.txt", b"Ohne Token.\n")
    assert client.post(IMPORT_FILE, {"file": upload}).status_code == 403
    assert_nothing_stored()

    # With the token the page hands out, the same post goes through.
    page = client.get(IMPORT).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(IMPORT, {"source": "text", "text": "Mit Token.\n", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Document.objects.count() == 1


@pytest.mark.parametrize("path", ["/", "/documents/", IMPORT])
def test_pages_run_no_inline_code_and_send_a_csp(client_editor: Client, path: str) -> None:
    document(XSS_TITLE + "\nDer Rest des Textes.\n", title=XSS_TITLE)
    response = client_editor.get(path)
    html = response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    # Every script comes from a file, and no element carries inline style or event handlers.
    assert all("src=" in tag for tag in re.findall(r"<script\b[^>]*>", html))
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"<[^>]*\son[a-z]+=", html)


# --- Dashboard -----------------------------------------------------------------------------------------


def test_empty_dashboard_says_so_in_every_card(client_editor: Client) -> None:
    html = client_editor.get("/").content.decode()
    for words in (
        "No documents yet.",
        "Every claim has evidence linked to it.",
        "No verdict has changed since Monday.",
        "No spans are waiting for confirmation.",
        "No scoring jobs are waiting.",
    ):
        assert words in html
    assert 'href="/documents/import/"' in html  # an editor is pointed at the import page


def _claim_with_changed_verdict(user: object) -> Claim:
    """A claim (unverified: no evidence, never scored) given evidence and scored: its verdict changed."""
    article = document("Der Rechner erreicht 300 Petaflops.\n", title="Rechner")
    source = document("Bestätigt: das System erreicht 300 Petaflops.\n", title="Bestätigung")
    checked = claim(article, user, "300 Petaflops", statement="Das System erreicht 300 Petaflops.")
    claims_score([checked.pk])
    evidence(checked, source, user, exact="300 Petaflops", stance="supports")
    claims_score([checked.pk])
    return checked


def test_dashboard_lists_each_kind_of_work(client_editor: Client, editor_user: object) -> None:
    changed = _claim_with_changed_verdict(editor_user)
    bare = document("Ein Leserkommentar: der Chip hat eine 4-Bit-Architektur.\n", title="Kommentare")
    lonely = claim(bare, editor_user, "4-Bit-Architektur")
    moved = document("Die Anlage speichert 100 MWh.\n", url="https://a.example/1", title="Anlage")
    lost = claim(moved, editor_user, "100 MWh")
    document("Ein ganz anderer Text ohne die Zahl.\n", url="https://a.example/1")
    claim_services.document_reanchor(document_id=moved.pk)
    lost.refresh_from_db()
    assert lost.orphaned

    html = client_editor.get("/").content.decode()

    assert "Kommentare" in html and "Anlage" in html  # recent documents
    assert f'href="/documents/{bare.pk}/#claim-{lonely.pk}"' in html  # claims without evidence
    change = Assessment.objects.filter(claim=changed).order_by("-created_at", "-id").first()
    assert change.previous_verdict == "unverified" and change.verdict != "unverified"
    assert f"verdict verdict-{change.verdict}" in html and "verdict verdict-unverified" in html
    assert f"score {change.support_score:.2f}" in html
    assert f'href="/documents/{moved.pk}/#claim-{lost.pk}"' in html  # orphaned
    assert 'href="/orphans/"' in html
    assert "waiting" in html  # lonely and lost are still waiting to be scored
    assert "No documents yet." not in html


def test_scoring_a_claim_still_unverified_is_not_a_change_and_last_week_is_not_this_week(
    client_editor: Client, editor_user: object
) -> None:
    article = document("Der Rechner erreicht 300 Petaflops.\n", title="Rechner")
    background = document("Zum Hintergrund: 300 Petaflops sind viel.\n", title="Hintergrund")
    source = document("Bestätigt: das System erreicht 300 Petaflops.\n", title="Bestätigung")
    changed = claim(article, editor_user, "300 Petaflops")
    evidence(changed, background, editor_user, exact="300 Petaflops", stance="context")
    claims_score([changed.pk])  # scored, with evidence that decides nothing: still unverified
    evidence(changed, source, editor_user, exact="300 Petaflops", stance="supports")
    claims_score([changed.pk])
    first = Assessment.objects.filter(claim=changed, verdict="unverified").get()
    assert first.previous_verdict == "unverified"  # what the claim showed before it was ever scored
    Assessment.objects.filter(claim=changed).exclude(pk=first.pk).update(
        created_at=week_start() - datetime.timedelta(minutes=1)
    )
    assert "No verdict has changed since Monday." in client_editor.get("/").content.decode()


def test_week_starts_on_monday() -> None:
    sunday = datetime.datetime(2026, 3, 8, 23, 0, tzinfo=datetime.UTC)
    assert week_start(sunday) == datetime.datetime(2026, 3, 2, tzinfo=datetime.UTC)
    assert week_start(datetime.datetime(2026, 3, 9, 0, 0, tzinfo=datetime.UTC)).day == 9


def test_dashboard_costs_the_same_queries_however_much_there_is(
    client_editor: Client, editor_user: object
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client_editor.get("/").status_code == 200
        return len(captured)

    def claims_waiting_for_scoring(numbers: range) -> None:
        for n in numbers:
            made = claim(document(f"Text {n} mit einer Behauptung.\n"), editor_user, "Behauptung")
            Claim.objects.filter(pk=made.pk).update(scoring_pending_since=timezone.now())

    claims_waiting_for_scoring(range(3))
    few = queries()
    claims_waiting_for_scoring(range(3, 30))
    assert queries() == few + 2  # two lists now overflow: one count each, and no more


def test_dashboard_cuts_long_lists_and_says_how_many_more(client_editor: Client, editor_user: object) -> None:
    for n in range(13):
        made = claim(document(f"Text {n} mit einer Behauptung.\n"), editor_user, "Behauptung")
        Claim.objects.filter(pk=made.pk).update(scoring_pending_since=timezone.now())
    html = client_editor.get("/").content.decode()
    assert html.count("and 3 more") == 2  # claims without evidence, and pending scoring jobs


# --- Document list -------------------------------------------------------------------------------------


def test_list_shows_each_documents_details(client_editor: Client, editor_user: object) -> None:
    publisher = PublisherFactory(name="Heise")
    article = document(
        "Ein Artikel vom 3. März 2026 über Chips und ihre Leistung.\n",
        title="Chips",
        publisher="Heise",
        language="de",
        url="https://heise.example/chips",
    )
    claim(article, editor_user, "Chips")
    document(
        "Ein Artikel vom 3. März 2026 über Chips, überarbeitet.\n",
        url="https://heise.example/chips",
        publisher="Heise",
    )

    html = client_editor.get("/documents/").content.decode()

    row = re.search(r"<tr>\s*<td class=\"col-title\">.*?</tr>", html, re.S).group(0)
    assert f'href="/documents/{article.pk}/"' in row and "Chips" in row
    assert publisher.name in row and "German" in row
    # 1 claim, 2 revisions (each cell labelled for the phone layout's cards)
    assert re.search(
        r'<td class="num" data-label="Claims">1</td>\s*<td class="num" data-label="Revisions">2</td>', row
    )


def test_search_finds_words_in_titles_and_texts(client_editor: Client) -> None:
    document("Die Batterie speichert 100 MWh.\n", title="Batterie")
    document("Ein Text über Rechenzentren.\n", title="Rechenzentren")
    document("Nichts davon.\n", title="Anderes")

    by_text = client_editor.get("/documents/", {"q": "speichert"}).content.decode()
    assert "Batterie" in by_text and "Rechenzentren</a>" not in by_text
    by_title = client_editor.get("/documents/", {"q": "rechenzentren"}).content.decode()
    assert "Rechenzentren</a>" in by_title and "Batterie" not in by_title


def test_filters_by_publisher_and_language(client_editor: Client) -> None:
    heise = PublisherFactory(name="Heise")
    PublisherFactory(name="Golem")
    document("Ein deutscher Text über Speicherchips und ihre Leistung.\n", title="Deutsch", publisher="Heise")
    document(
        "An English text about memory chips and how fast they are.\n", title="English", publisher="Golem"
    )

    by_publisher = client_editor.get("/documents/", {"publisher": heise.pk}).content.decode()
    assert "Deutsch</a>" in by_publisher and "English</a>" not in by_publisher
    assert f'<option value="{heise.pk}" selected>' in by_publisher

    by_language = client_editor.get("/documents/", {"language": "en"}).content.decode()
    assert "English</a>" in by_language and "Deutsch</a>" not in by_language


def test_unknown_publisher_in_the_query_is_reported_not_a_crash(client_editor: Client) -> None:
    document("Ein Text.\n", title="Ein Text")
    response = client_editor.get("/documents/", {"publisher": "999999", "page": "abc"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "valid choice" in error_beside(html, "publisher")
    assert "Ein Text</a>" in html  # the filter that does not fit is left out


def test_an_unknown_language_in_the_query_is_named_and_every_language_shown(client_editor: Client) -> None:
    document("Ein deutscher Text über Speicherchips.\n", title="Deutsch", language="de")
    response = client_editor.get("/documents/", {"language": "xx"})
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        error_beside(html, "language") == "There is no language “xx”; documents in every language are shown."
    )
    assert "Deutsch</a>" in html


def test_pagination_keeps_the_search_and_filters(client_editor: Client) -> None:
    for n in range(30):
        document(f"Bericht Nummer {n} über Speicher.\n", title=f"Bericht {n:02d}")
    document("Etwas ganz anderes.\n", title="Anderes")

    first = client_editor.get("/documents/", {"q": "Speicher"}).content.decode()
    assert first.count('<td class="col-title">') == 25
    assert "1–25 of 30 documents" in first
    assert 'href="?q=Speicher&amp;page=2"' in first

    second = client_editor.get("/documents/", {"q": "Speicher", "page": 2}).content.decode()
    assert second.count('<td class="col-title">') == 5
    assert "Page 2 of 2" in second and "Anderes" not in second


def page_note(html: str) -> str:
    """The note saying why the list shows another page than the address asked for ("" when none)."""
    found = re.search(r'<p class="message page-note" role="status">(.*?)</p>', html, re.S)
    return unescape(found.group(1)) if found else ""


def test_a_page_past_the_end_shows_the_last_page_and_says_so(client_editor: Client) -> None:
    for n in range(30):
        document(f"Bericht Nummer {n} über Speicher.\n", title=f"Bericht {n:02d}")

    past = client_editor.get("/documents/", {"page": 99})
    assert past.status_code == 200
    html = past.content.decode()
    assert page_note(html) == "There is no page 99; this is the last of 2 pages."
    assert "Page 2 of 2" in html and html.count('<td class="col-title">') == 5
    # As the search swaps in its results, with the same note.
    swapped = client_editor.get("/documents/", {"q": "Speicher", "page": 3}, HTTP_HX_REQUEST="true")
    assert page_note(swapped.content.decode()) == "There is no page 3; this is the last of 2 pages."

    # Not a page number, or below 1: the first page, saying so.
    not_a_number = client_editor.get("/documents/", {"page": "zwei"}).content.decode()
    assert page_note(not_a_number) == "“<bdi>zwei</bdi>” is not a page number; this is the first page."
    assert "Page 1 of 2" in not_a_number
    assert page_note(client_editor.get("/documents/", {"page": 0}).content.decode()) == (
        "There is no page 0; this is the first page."
    )
    # A page that exists, and no page asked for: no note.
    assert page_note(client_editor.get("/documents/", {"page": 2}).content.decode()) == ""
    assert page_note(client_editor.get("/documents/").content.decode()) == ""


def test_empty_states(client_editor: Client, client_reader: Client) -> None:
    empty = client_editor.get("/documents/").content.decode()
    assert "No documents yet." in empty and "Import documents</a>" in empty
    assert "Editors import documents" in client_reader.get("/documents/").content.decode()

    document("Ein Text.\n", title="Ein Text")
    nothing = client_editor.get("/documents/", {"q": "Quanten"}).content.decode()
    assert "No documents match “<bdi>Quanten</bdi>”" in nothing
    assert "Clear the search and filters" in nothing


def test_search_as_you_type_gets_only_the_results(client_editor: Client) -> None:
    document("Die Batterie speichert 100 MWh.\n", title="Batterie")
    response = client_editor.get("/documents/", {"q": "Batterie"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert '<div id="document-results"' in html and "<html" not in html
    assert "Batterie</a>" in html
    assert "HX-Request" in response["Vary"]


def test_imported_markup_in_titles_is_shown_as_text(client_editor: Client) -> None:
    document(XSS_TITLE + "\nDer Rest des Textes.\n", title=XSS_TITLE)
    for path in ("/documents/", "/"):
        html = client_editor.get(path).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in html
        assert "<script>alert" not in html and "<img src=x" not in html


# --- Import: pasted text -------------------------------------------------------------------------------


def test_import_pasted_text_goes_to_the_document(client_editor: Client) -> None:
    response = client_editor.post(
        IMPORT,
        {
            "source": "text",
            "text": "Die Anlage speichert 100 MWh.\n",
            "format": "text",
            "title": "Speicher",
            "url": "",
            "publisher": "Heise",
            "language": "",
        },
    )
    stored = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/documents/{stored.pk}/"
    assert (stored.title, stored.text, stored.publisher.name) == (
        "Speicher",
        "Die Anlage speichert 100 MWh.\n",
        "Heise",
    )
    page = client_editor.get("/documents/").content.decode()
    assert "Imported “<bdi>Speicher</bdi>”." in page

    again = client_editor.post(IMPORT, {"source": "text", "text": "Die Anlage speichert 100 MWh.\n"})
    assert again["Location"] == f"/documents/{stored.pk}/"
    assert "Unchanged" in client_editor.get("/documents/").content.decode()
    assert Document.objects.count() == 1


def test_pasted_html_keeps_only_its_text(client_editor: Client) -> None:
    html = "<html><body><article><h1>Titel</h1><p>Ein Absatz mit Text, der bleibt.</p>" * 3
    html += "<script>alert(1)</script></article></body></html>"
    response = client_editor.post(IMPORT, {"source": "text", "text": html, "format": "html"})
    assert response.status_code == 302
    text = Document.objects.get().text
    assert "Ein Absatz mit Text" in text and "<script" not in text and "alert" not in text


def test_a_new_revision_says_so(client_editor: Client) -> None:
    document("Erste Fassung.\n", url="https://a.example/1", title="Fassung")
    response = client_editor.post(
        IMPORT, {"source": "text", "text": "Zweite Fassung.\n", "url": "https://a.example/1"}
    )
    assert response.status_code == 302
    assert (
        "New revision: “<bdi>Fassung</bdi>” is now at revision 2." in client_editor.get("/").content.decode()
    )


RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: unisolated, it reverses everything after it to the paragraph's end


def success_message(html: str) -> str:
    found = re.search(r'<p class="message message-success">(.*?)</p>', html, re.S)
    assert found, "no success message on the page"
    return found.group(1)


def test_a_title_in_a_message_is_isolated_from_the_sentence_around_it(client_editor: Client) -> None:
    """A direction override in a title (or a right-to-left title) stays inside its <bdi>: the sentence
    around it reads in order. Markup in a title is text there too."""
    title = f"{RLO}RTL title"
    client_editor.post(IMPORT, {"source": "text", "text": "Der erste Text.\n", "title": title})
    assert success_message(client_editor.get("/").content.decode()) == f"Imported “<bdi>{title}</bdi>”."

    client_editor.post(IMPORT, {"source": "text", "text": "Der erste Text.\n", "title": title})
    assert success_message(client_editor.get("/").content.decode()) == (
        f"Unchanged: “<bdi>{title}</bdi>” already has exactly this text."
    )

    client_editor.post(IMPORT, {"source": "text", "text": "Der zweite Text.\n", "title": XSS_TITLE})
    assert success_message(client_editor.get("/").content.decode()) == (
        "Imported “<bdi>&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;</bdi>”."
    )


@pytest.mark.parametrize(
    ("payload", "field", "words"),
    [
        ({"text": "   \n  "}, "text", "The pasted text is empty."),  # a paste, not a file
        (
            {"text": "<script>alert(1)</script>", "format": "html"},
            "text",
            "The pasted text has no readable text: ",
        ),
        ({"text": "Ein Text.\n", "language": "xx"}, "language", "not a valid choice"),
        ({"text": "Ein Text.\n", "url": "kein Link"}, "url", "must be an absolute http or https address"),
        ({"text": "Ein Text.\n", "url": "ftp://x.org/a"}, "url", "“ftp://x.org/a” is not one"),
        ({"text": "Ein Text.\n", "format": "pdf"}, "format", "not a valid choice"),
    ],
)
def test_text_refusals_are_the_apis_beside_the_field(
    client_editor: Client, payload: dict, field: str, words: str
) -> None:
    expected = api_errors(payload)[field]
    assert any(words in message for message in expected)

    response = client_editor.post(IMPORT, {"source": "text", **payload})

    assert response.status_code == 400
    html = response.content.decode()
    beside = error_beside(html, f"text-{field}")
    for message in expected:
        assert message in beside
    assert 'id="tab-text" class="tab-radio" checked' in html
    assert_nothing_stored()


def test_empty_text_asks_for_text_and_keeps_what_was_typed(client_editor: Client) -> None:
    response = client_editor.post(IMPORT, {"source": "text", "text": "", "title": "Mein Titel"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Paste the text to import." in error_beside(html, "text-text")
    assert 'value="Mein Titel"' in html
    assert_nothing_stored()


# --- Import: files -------------------------------------------------------------------------------------

BAD_FILES = [
    ("empty.txt", b"", "empty.txt: the file is empty"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
    ("slides.pdf", b"%PDF-1.7\n%\xe2\xe3", "unsupported"),
    (
        "nav.html",
        b"<html><body><nav>Home</nav><script>x()</script></body></html>",
        "nav.html: no readable text was found (",
    ),
]


def test_one_good_file_goes_to_the_document(client_editor: Client) -> None:
    upload = SimpleUploadedFile(
        "notes.md", (FIXTURES / "notes.md").read_bytes(), content_type="text/markdown"
    )
    response = client_editor.post(IMPORT, {"source": "file", "file": upload, "language": "en"})
    stored = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/documents/{stored.pk}/"
    assert stored.current_revision.origin == "file" and stored.language == "en"


def test_an_uploaded_pages_very_long_title_is_cut_after_a_word(client_editor: Client) -> None:
    stated = ("Langer Titel " * 400).strip()  # 5,200 characters
    page = f"<html><head><title>{stated}</title></head><body><article><p>{'Ein Satz. ' * 30}</p></article>"
    upload = SimpleUploadedFile("lang.html", page.encode(), content_type="text/html")
    assert client_editor.post(IMPORT, {"source": "file", "file": upload}).status_code == 302
    title = Document.objects.get().title
    assert title.endswith("…") and stated.startswith(title.removesuffix("…") + " ")
    assert f"{title}</a>" in client_editor.get("/documents/").content.decode()


@pytest.mark.parametrize(("name", "content", "words"), BAD_FILES)
def test_file_refusals_are_the_apis_beside_the_field(
    client_editor: Client, name: str, content: bytes, words: str
) -> None:
    expected = api_errors({"file": SimpleUploadedFile(name, content)}, multipart=True)["file"]
    assert any(words in message for message in expected)

    page = client_editor.post(IMPORT, {"source": "file", "file": SimpleUploadedFile(name, content)})
    assert page.status_code == 400
    html = page.content.decode()
    assert expected[0] in html and "Failed" in html

    response = client_editor.post(IMPORT_FILE, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert response.json()["errors"] == {"file": expected}
    assert set(response.json()) == {"code", "detail", "errors"}
    assert response.json()["detail"] == f"file: {expected[0]}"  # as the API sums it up
    assert_nothing_stored()


def test_file_over_the_size_limit_is_refused(client_editor: Client, settings: object) -> None:
    settings.FACTCHECK_IMPORT_MAX_BYTES = 1000
    response = client_editor.post(IMPORT_FILE, {"file": SimpleUploadedFile("big.txt", b"word " * 1000)})
    assert response.status_code == 400
    assert response.json()["errors"]["file"] == ["big.txt: 0.0 MB is over the import limit of 0.0 MB"]
    assert_nothing_stored()


def test_the_import_page_announces_the_limit_its_refusals_name(client_editor: Client) -> None:
    # The default limit (5 × 1024 × 1024 bytes) once read "up to 5.0 MB" on the page and "the import
    # limit of 5.2 MB" in the refusal of a 6.6 MB file.
    response = client_editor.post(IMPORT_FILE, {"file": SimpleUploadedFile("big.txt", b"Wort " * 1_320_000)})
    refusal = response.json()["errors"]["file"][0]
    limit = re.search(r"the import limit of (.+)$", refusal)[1]

    help_text = re.search(r'id="file-file-help">(.*?)</p>', client_editor.get(IMPORT).content.decode())[1]
    assert f"up to {limit} each" in unescape(help_text)


def test_several_files_import_the_good_ones_and_report_each(client_editor: Client) -> None:
    files = [
        SimpleUploadedFile("erster.txt", b"Der erste Artikel.\n\nEr hat zwei Teile.\n"),
        SimpleUploadedFile("slides.pdf", b"%PDF-1.7\n"),
        SimpleUploadedFile("zweiter.md", b"# Zweiter\n\nDer zweite Artikel.\n"),
    ]
    response = client_editor.post(IMPORT, {"source": "file", "file": files})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Imported 2, unchanged 0, new revision 0, failed 1." in html
    assert "slides.pdf: unsupported file type (.pdf)" in html
    assert Document.objects.count() == 2
    for stored in Document.objects.all():
        assert f'href="/documents/{stored.pk}/"' in html


def test_no_file_chosen_says_so(client_editor: Client) -> None:
    page = client_editor.post(IMPORT, {"source": "file"})
    assert page.status_code == 400
    assert "Choose one or more files to import." in error_beside(page.content.decode(), "file-file")
    response = client_editor.post(IMPORT_FILE, {})
    assert response.status_code == 400 and "file" in response.json()["errors"]


def test_json_import_answers_imported_then_unchanged(client_editor: Client) -> None:
    first = client_editor.post(IMPORT_FILE, {"file": SimpleUploadedFile("a.txt", b"Ein Text.\n")})
    assert first.status_code == 201
    body = first.json()
    stored = Document.objects.get()
    assert body["import_status"] == "imported" and body["status_label"] == "Imported"
    assert body["document_id"] == stored.pk and body["url"] == f"/documents/{stored.pk}/"

    again = client_editor.post(IMPORT_FILE, {"file": SimpleUploadedFile("b.txt", b"Ein Text.\n")})
    assert again.status_code == 200 and again.json()["import_status"] == "unchanged"


# --- Import: URL ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    pages = {
        "/article.html": page("text/html; charset=utf-8", (FIXTURES / "report_en.html").read_bytes()),
        "/to-metadata": redirect("http://169.254.169.254/latest/meta-data/"),
    }
    with serve(pages) as server:
        yield server.url


def test_import_a_web_page(client_editor: Client, site: str, settings: object) -> None:
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    response = client_editor.post(IMPORT, {"source": "url", "source_url": f"{site}/article.html"})
    stored = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/documents/{stored.pk}/"
    assert stored.url == f"{site}/article.html" and stored.current_revision.origin == "url"


def test_a_web_page_imported_again_with_a_fragment_is_unchanged(
    client_editor: Client, site: str, settings: object
) -> None:
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    client_editor.post(IMPORT, {"source": "url", "source_url": f"{site}/article.html"})

    again = client_editor.post(
        IMPORT, {"source": "url", "source_url": f"{site}/article.html#comments"}, follow=True
    )

    stored = Document.objects.get()
    assert again.redirect_chain[-1][0] == f"/documents/{stored.pk}/"
    assert "Unchanged:" in again.content.decode()
    assert stored.url == f"{site}/article.html"


@pytest.mark.parametrize(
    ("source_url", "words"),
    [
        ("file:///etc/passwd", "http"),
        ("http://127.0.0.1/", "private"),
        ("http://10.0.0.1/", "private"),
        ("http://2130706433/", "private"),
    ],
)
def test_url_refusals_are_the_apis_beside_the_field(
    client_editor: Client, source_url: str, words: str
) -> None:
    expected = api_errors({"source_url": source_url})["url"]
    assert any(words in message for message in expected)

    response = client_editor.post(IMPORT, {"source": "url", "source_url": source_url})

    assert response.status_code == 400
    html = response.content.decode()
    assert expected[0] in error_beside(html, "url-source_url")
    assert 'id="tab-url" class="tab-radio" checked' in html
    assert f'value="{source_url}"' in html
    assert_nothing_stored()


def test_redirect_to_an_internal_address_is_refused(
    client_editor: Client, site: str, settings: object
) -> None:
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    response = client_editor.post(IMPORT, {"source": "url", "source_url": f"{site}/to-metadata"})
    assert response.status_code == 400
    assert "private" in error_beside(response.content.decode(), "url-source_url")
    assert_nothing_stored()


def test_empty_url_asks_for_one(client_editor: Client) -> None:
    response = client_editor.post(IMPORT, {"source": "url", "source_url": ""})
    assert response.status_code == 400
    assert "Enter the address of a web page" in error_beside(response.content.decode(), "url-source_url")


def test_import_page_opens_on_the_asked_tab(client_editor: Client) -> None:
    html = client_editor.get(IMPORT, {"tab": "url"}).content.decode()
    assert 'id="tab-url" class="tab-radio" checked' in html
    assert 'id="tab-text" class="tab-radio" checked' not in html
