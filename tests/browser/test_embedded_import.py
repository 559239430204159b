"""The embedded mode in a real browser: ten real web pages uploaded at once through the import page (which
sends three at a time) to `manage.py runserver` on SQLite, with the suggestion jobs running in-process,
all import, and each one's Suggestions tab shows its suggestions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.embedded.server import PASSWORD, USERNAME, EmbeddedServer
from tests.embedded.test_concurrency import corpus_pages

pytestmark = pytest.mark.embedded

FILES = 10


@pytest.fixture
def embedded(tmp_path: Path) -> Iterator[EmbeddedServer]:
    server = EmbeddedServer(tmp_path).start()
    yield server
    server.stop()


def test_ten_files_uploaded_at_once_all_import_and_get_their_suggestions(
    page: Page, embedded: EmbeddedServer, screenshot: object
) -> None:
    page.goto(f"{embedded.url}/login/")
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{embedded.url}/")
    page.goto(f"{embedded.url}/documents/import/")
    page.get_by_text("Upload files", exact=True).click()

    page.get_by_label("Files", exact=True).set_input_files([str(path) for path in corpus_pages(FILES)])
    page.get_by_role("button", name="Import files").click()

    summary = page.locator(".upload-summary")
    expect(summary).to_have_text(f"Imported {FILES}, unchanged 0, new revision 0, failed 0.", timeout=180_000)
    screenshot("embedded-import-ten")
    links = page.locator(".upload-row a")
    expect(links).to_have_count(FILES)
    readers = [links.nth(index).get_attribute("href") for index in range(FILES)]
    # What the page said is what is stored: ten documents, no more, no fewer.
    listed = embedded.api().get(f"{embedded.url}/api/v1/documents/", timeout=30).json()
    assert listed["count"] == FILES

    # Each tab shows the document's suggestions (searched in-process during its upload): never still
    # "Looking for…", never "failed". A page with no check-worthy sentence says so.
    api = embedded.api()
    shown = []
    suggestions_url = f"{embedded.url}/api/v1/claim-suggestions/"
    for number, reader in enumerate(readers):
        document_id = reader.strip("/").split("/")[-1]
        found = api.get(suggestions_url, params={"document": document_id}, timeout=30)
        page.goto(f"{embedded.url}{reader}")
        page.get_by_role("tab", name="Suggestions").click()
        panel = page.locator("#suggestions-tabpanel")
        expected = found.json()["count"]
        if expected:
            expect(panel.locator(".suggestion-item").first).to_be_visible(timeout=30_000)
        else:
            expect(panel).to_contain_text("No open suggestions for this document.")
        expect(panel).not_to_contain_text("Looking for check-worthy sentences")
        expect(panel).not_to_contain_text("failed")
        shown.append(expected)
        if number == 0:
            screenshot("embedded-import-suggestions")
    assert sum(1 for count in shown if count) >= FILES - 2, shown  # real articles have check-worthy sentences
    assert "database is locked" not in embedded.output()
    assert "Traceback" not in embedded.output()
