"""Which document an import is: URLs from real signals, no silent merges, credentials never stored,
and parallel imports of one text making one document (sources/identity.py, sources/services.py)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from rest_framework.test import APIClient

from sources import identity, services
from sources.errors import ImportRefused
from sources.models import Document, DocumentRevision
from tests.factories import editor
from tests.web_server import page as web_page
from tests.web_server import redirect, serve

URL = "/api/v1/documents/"
BODY_A = (
    "Der Gemeinderat hat am Dienstag beschlossen, die alte Fähre durch ein Schiff mit Batterieantrieb zu "
    "ersetzen. Die Kosten liegen nach Angaben der Verwaltung bei zwölf Millionen Euro."
)
BODY_B = (
    "Die Stadtwerke erhöhen zum ersten Januar die Preise für Fernwärme um acht Prozent. Begründet wird "
    "der Schritt mit gestiegenen Kosten für Gas und für die Wartung des Netzes im Norden der Stadt."
)


def page(title: str, body: str, *, canonical: str = "", og_url: str = "", charset: str = "utf-8") -> str:
    links = f"<link rel='canonical' href='{canonical}'>" if canonical else ""
    links += f"<meta property='og:url' content='{og_url}'>" if og_url else ""
    return (
        f"<html><head><meta charset='{charset}'><title>{title}</title>{links}</head>"
        f"<body><article><h1>{title}</h1><p>{body}</p></article></body></html>"
    )


def paste_html(html: str, **overrides: object) -> services.ImportOutcome:
    return services.document_import(
        source=services.source_from_text(html, text_format="html"),
        overrides=services.ImportOverrides(**overrides),
    )


# --- the URL a page declares ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("canonical", "expected"),
    [
        ("https://www.zeit.de/2020/01/zugverkehr", "https://www.zeit.de/2020/01/zugverkehr"),
        (
            "http://www.sauvonsluniversite.fr/spip.php?article8532",
            "http://www.sauvonsluniversite.fr/spip.php?article8532",
        ),
        ("https://www.dhz-online.de/", ""),  # the site's root
        ("https://www.biathlonworld.com/de/news", ""),  # a listing page
        ("https://example.org/category/politik/", ""),
        ("https://example.org/page/3/", ""),
        ("https://example.org/index.html", ""),
        ("/relative/article", ""),  # nothing to resolve it against
        ("https://example.org/" + "a" * 2100, ""),  # too long to store
        ("javascript:alert(1)", ""),
        ("https://user:secret@example.org/artikel-12", "https://example.org/artikel-12"),
    ],
)
def test_page_url_takes_a_canonical_link_only_of_an_article(canonical: str, expected: str) -> None:
    assert identity.page_url(page("T", BODY_A, canonical=canonical)) == expected


def test_page_url_of_a_fetched_page_must_be_on_the_same_site() -> None:
    html = page("T", BODY_A, canonical="https://www.ksta.de/region/pflaster-desaster")
    assert identity.page_url(html, fetched="https://www.rundschau-online.de/region/pflaster") == ""
    html = page("T", BODY_A, canonical="/region/pflaster-desaster", og_url="https://de.example.org/x")
    assert (
        identity.page_url(html, fetched="https://www.example.org/a?b=1")
        == "https://www.example.org/region/pflaster-desaster"
    )


def test_og_url_is_used_when_there_is_no_canonical_link() -> None:
    assert (
        identity.page_url(page("T", BODY_A, og_url="https://example.org/a/12")) == "https://example.org/a/12"
    )


def test_two_articles_whose_canonical_is_the_site_root_stay_two_documents(db: None) -> None:
    # Before: both took "https://www.dhz-online.de/" as their URL and the second replaced the first's text.
    first = paste_html(
        page("Schwangere zu mehr Bewegung motivieren", BODY_A, canonical="https://www.dhz-online.de/")
    )
    second = paste_html(page("Neue Preise für Fernwärme", BODY_B, canonical="https://www.dhz-online.de/"))

    assert first.document.pk != second.document.pk
    assert second.status is services.ImportStatus.IMPORTED
    assert Document.objects.get(pk=first.document.pk).current_revision.text.startswith("Schwangere")


def test_query_strings_keep_articles_apart(db: None) -> None:
    first = paste_html(page("Artikel 8532", BODY_A, canonical="http://example.fr/spip.php?article8532"))
    second = paste_html(page("Artikel 8533", BODY_B, canonical="http://example.fr/spip.php?article8533"))
    assert {first.document.url, second.document.url} == {
        "http://example.fr/spip.php?article8532",
        "http://example.fr/spip.php?article8533",
    }
    assert Document.objects.count() == 2


def test_an_over_long_canonical_url_is_dropped_not_a_500(db: None) -> None:
    client = APIClient()
    client.force_authenticate(editor())
    html = page("Lang", BODY_A, canonical="https://example.org/a?" + "x" * 2500)

    response = client.post(URL, {"text": html, "format": "html"}, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["url"] == ""


def test_an_over_long_stated_url_is_refused_cleanly(db: None) -> None:
    with pytest.raises(ImportRefused) as refused:
        paste_html(page("Lang", BODY_A), url="https://example.org/" + "a" * 2001)
    assert refused.value.code == "too_long"
    assert Document.objects.count() == 0


# --- a different article at the same address ------------------------------------------------------------


def test_a_different_article_at_the_same_url_is_refused_naming_both_titles(db: None) -> None:
    first = paste_html(page("Neue Fähre mit Batterie", BODY_A), url="https://example.org/aktuell?id=1")

    with pytest.raises(ImportRefused) as refused:
        paste_html(page("Fernwärme wird teurer", BODY_B), url="https://example.org/aktuell?id=1")

    assert refused.value.code == "different_article"
    assert "Neue Fähre mit Batterie" in refused.value.message
    assert "Fernwärme wird teurer" in refused.value.message
    assert DocumentRevision.objects.count() == 1
    # Asked for explicitly, it is a new revision.
    outcome = paste_html(page("Fernwärme wird teurer", BODY_B), document_id=first.document.pk)
    assert outcome.status is services.ImportStatus.NEW_REVISION


def test_an_edited_article_at_the_same_url_is_a_new_revision(db: None) -> None:
    paste_html(page("Neue Fähre mit Batterie", BODY_A), url="https://example.org/faehre")
    edited = BODY_A.replace("zwölf Millionen", "vierzehn Millionen")

    outcome = paste_html(page("Neue Fähre mit Akku", edited), url="https://example.org/faehre")

    assert outcome.status is services.ImportStatus.NEW_REVISION


def test_an_article_imported_with_the_sites_name_in_its_title_is_no_different_article(db: None) -> None:
    # Imported before titles lost the site's name that <title> adds: the stored title keeps it, and the
    # same headline now comes without it.
    old = paste_html(page("Neue Fähre", BODY_A), title="Neue Fähre | Inselbote", url="https://inselbote.de/f")
    site_named = page("Neue Fähre | Inselbote", BODY_B).replace(
        "</head>", "<meta property='og:site_name' content='Inselbote'></head>"
    )

    outcome = paste_html(site_named, url="https://inselbote.de/f")

    assert outcome.status is services.ImportStatus.NEW_REVISION
    assert outcome.document.pk == old.document.pk


def test_the_cli_refuses_a_different_article_and_takes_document_for_a_revision(
    db: None, tmp_path: Path
) -> None:
    (tmp_path / "a.html").write_text(page("Neue Fähre mit Batterie", BODY_A), encoding="utf-8")
    (tmp_path / "b.html").write_text(page("Fernwärme wird teurer", BODY_B), encoding="utf-8")
    call_command(
        "import_documents",
        str(tmp_path / "a.html"),
        "--url",
        "https://example.org/x",
        "--no-progress",
        stdout=StringIO(),
    )
    out = StringIO()

    with pytest.raises(CommandError):
        call_command(
            "import_documents",
            str(tmp_path / "b.html"),
            "--url",
            "https://example.org/x",
            "--no-progress",
            stdout=out,
        )

    assert "“Neue Fähre mit Batterie”" in out.getvalue() and "“Fernwärme wird teurer”" in out.getvalue()
    document = Document.objects.get()
    out = StringIO()
    call_command(
        "import_documents",
        str(tmp_path / "b.html"),
        "--document",
        str(document.pk),
        "--no-progress",
        stdout=out,
    )
    assert "new revision 1" in out.getvalue()


# --- credentials in URLs --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    body = page(
        "Zażółć gęślą jaźń w Łodzi", "Zażółć gęślą jaźń: " + BODY_A, canonical="https://other.example/x"
    )
    polish = body.replace("charset='utf-8'", "").encode("cp1250")
    pages = {
        "/moved": redirect("/artikel?id=7", 301),
        "/artikel": web_page("text/html; charset=windows-1250", polish),
    }
    with serve(pages) as server:
        yield server.url.removeprefix("http://")


def test_credentials_are_stripped_from_every_url_before_storing(
    db: None, site: str, settings: object
) -> None:
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    client = APIClient()
    client.force_authenticate(editor())

    stated = client.post(URL, {"text": BODY_A, "url": "https://anna:geheim@example.org/a"}, format="json")
    fetched = client.post(URL, {"source_url": f"http://anna:geheim@{site}/moved"}, format="json")

    assert stated.status_code == 201 and fetched.status_code == 201, fetched.content
    assert stated.json()["url"] == "https://example.org/a"
    # The address after the redirect, with its query string; the other site's canonical is ignored.
    assert fetched.json()["url"] == f"http://{site}/artikel?id=7"
    # The server's charset header is honoured: Polish letters survive.
    assert "Zażółć gęślą jaźń" in fetched.json()["text"]
    stored = " ".join(
        [
            *Document.objects.values_list("url", flat=True),
            *DocumentRevision.objects.values_list("origin_name", flat=True),
        ]
    )
    assert "geheim" not in stored and "anna" not in stored


def test_the_cli_strips_credentials_too(db: None, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY_A, encoding="utf-8")
    call_command(
        "import_documents",
        str(tmp_path / "a.txt"),
        "--url",
        "https://u:p@example.org/a",
        "--no-progress",
        stdout=StringIO(),
    )
    assert Document.objects.get().url == "https://example.org/a"


# --- fragments in URLs ----------------------------------------------------------------------------------


def test_a_page_fetched_again_with_a_fragment_is_unchanged_not_a_new_document(
    db: None, site: str, settings: object
) -> None:
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    client = APIClient()
    client.force_authenticate(editor())

    first = client.post(URL, {"source_url": f"http://{site}/artikel?id=7"}, format="json")
    again = client.post(URL, {"source_url": f"http://{site}/artikel?id=7#kommentare"}, format="json")

    assert first.status_code == 201 and again.status_code == 200, again.content
    assert again.json()["import_status"] == "unchanged"
    assert Document.objects.get().url == f"http://{site}/artikel?id=7"


def test_a_stated_url_with_a_fragment_names_the_same_document(db: None) -> None:
    client = APIClient()
    client.force_authenticate(editor())

    first = client.post(URL, {"text": BODY_A, "url": "https://example.org/a#top"}, format="json")
    again = client.post(URL, {"text": BODY_A, "url": "https://example.org/a"}, format="json")

    assert first.json()["url"] == "https://example.org/a"
    assert again.status_code == 200 and again.json()["import_status"] == "unchanged"
    assert Document.objects.count() == 1


def test_the_cli_drops_a_fragment_too(db: None, site: str, settings: object) -> None:
    settings.FACTCHECK_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    for url in [f"http://{site}/artikel?id=7", f"http://{site}/artikel?id=7#kommentare"]:
        out = StringIO()
        call_command("import_documents", url, "--no-progress", stdout=out)
    assert "Imported 0, unchanged 1, new revision 0, failed 0." in out.getvalue()
    assert Document.objects.get().url == f"http://{site}/artikel?id=7"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a#comments", "https://example.org/a"),
        ("https://example.org/a?p=1#", "https://example.org/a?p=1"),
        ("https://u:p@example.org/a#x", "https://example.org/a"),
        ("https://example.org/a", "https://example.org/a"),
    ],
)
def test_a_documents_url_has_neither_credentials_nor_a_fragment(url: str, expected: str) -> None:
    assert identity.document_url(url) == expected


# --- parallel imports of one new text -------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_pastes_of_one_new_text_make_one_document() -> None:
    user = editor()
    text = "Zwanzig Redakteure fügen gleichzeitig denselben neuen Text ein, ohne Adresse.\n"
    barrier = threading.Barrier(20)

    def paste(_: int) -> tuple[int, str]:
        client = APIClient()
        client.force_authenticate(user)
        barrier.wait()
        try:
            response = client.post(URL, {"text": text}, format="json")
            return response.status_code, response.json().get("import_status", "")
        finally:
            connection.close()

    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(paste, range(20)))

    assert Document.objects.count() == 1
    assert DocumentRevision.objects.count() == 1
    assert sorted(answers) == [(200, "unchanged")] * 19 + [(201, "imported")]


def test_the_database_refuses_a_url_with_credentials_and_the_admin_says_why(
    db: None, admin_client: object
) -> None:
    document = paste_html(page("Fähre", BODY_A), url="https://example.org/faehre").document

    response = admin_client.post(
        f"/admin/sources/document/{document.pk}/change/",
        {"title": "Fähre", "url": "https://anna:geheim@example.org/faehre", "language": "de"},
    )

    assert response.status_code == 200  # the form again, with the reason
    assert "Remove the user name and password" in response.content.decode()
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=document.pk).update(url="https://anna:geheim@example.org/faehre")
    assert Document.objects.get().url == "https://example.org/faehre"


def test_a_base_href_never_becomes_the_documents_url(db: None) -> None:
    # <base href> names where relative links point, not the page: it was taken as the URL of many pages.
    html = page("Fähre", BODY_A).replace("<head>", "<head><base href='https://www.example.org/'>")
    assert paste_html(html).document.url == ""


# --- the URL a user states ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/article",
        "http://example.org",
        "HTTPS://Example.org/a b",  # the space is stored percent-encoded
        "https://bücher.de/seite",
        "http://127.0.0.1:8000/a",
        "http://[2001:db8::1]/a",
        "https://example.org/spip.php?article8532",
    ],
)
def test_a_stated_url_may_be_any_absolute_http_address(url: str) -> None:
    identity.stated_url_check(url)


@pytest.mark.parametrize(
    "url",
    [
        "not a url",
        "ftp://x.org/a",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "example.org/article",
        "/relative/path",
        "https://",
        "http://not a url/",
        "http://exa mple.org/",
        "http://example.org:99999/",
        "http://[not-ipv6]/",
    ],
)
def test_a_stated_url_that_is_no_http_address_is_refused_naming_the_field(url: str) -> None:
    with pytest.raises(ImportRefused) as refused:
        identity.stated_url_check(url)
    assert refused.value.field == "url"
    assert "http or https" in refused.value.message and url in refused.value.message


@pytest.mark.parametrize(
    ("url", "original"),
    [
        (
            "https://web.archive.org/web/20160526181643/http://ordnungsrausch.com/a/",
            "http://ordnungsrausch.com/a/",
        ),
        (
            "https://web.archive.org/web/20140109030403id_/https://x.wordpress.com/p?a=1",
            "https://x.wordpress.com/p?a=1",
        ),
        ("https://web.archive.org/web/2014/example.com/a", "http://example.com/a"),
        ("https://web.archive.org/web/2016/http:/example.com/a", "http://example.com/a"),
        ("https://web.archive.org/", "https://web.archive.org/"),
        ("https://www.zeit.de/web/2014/a", "https://www.zeit.de/web/2014/a"),
    ],
)
def test_an_archived_copy_names_the_address_it_was_taken_from(url: str, original: str) -> None:
    assert identity.original_url(url) == original
