"""A new revision of a file-imported article from the browser, and no silent duplicates (issue 12 item 3)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.watch import watch_for_code

FIRST = (
    "# Fähre fährt elektrisch\n\nDie neue Fähre fährt ab Mai mit Batterie. Sie kostet zwölf Millionen Euro.\n"
)
CHANGED = FIRST.replace("Mai", "Juni").replace("zwölf", "vierzehn")


def uploaded_article() -> object:
    """An article imported from a Markdown file, as an editor's upload makes one."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sources import services

    upload = SimpleUploadedFile("faehre.md", FIRST.encode(), content_type="text/markdown")
    outcome = services.document_import(
        source=services.source_from_upload(upload),
        overrides=services.ImportOverrides(publisher="Inselbote"),
    )
    return outcome.document


def test_the_reader_offers_a_new_revision_of_a_file_imported_article(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from sources.models import Document

    article = uploaded_article()
    seen = watch_for_code(signed_in)
    signed_in.goto(f"{live_server.url}/documents/{article.pk}/")
    signed_in.get_by_role("link", name="New revision of this document").click()

    banner = signed_in.locator("#revision-banner")
    expect(banner).to_contain_text("New revision of “Fähre fährt elektrisch”")
    signed_in.get_by_role("textbox", name="Text", exact=True).fill(CHANGED)
    signed_in.get_by_label("Format").select_option("markdown")
    screenshot("import-new-revision")
    signed_in.get_by_role("button", name="Import text").click()

    signed_in.wait_for_url(f"{live_server.url}/documents/{article.pk}/")
    expect(signed_in.get_by_text("is now at revision 2")).to_be_visible()
    assert Document.objects.count() == 1
    assert Document.objects.get().text == CHANGED
    assert seen == []


def test_a_paste_matching_title_and_publisher_offers_a_new_revision_instead_of_a_duplicate(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from sources.models import Document

    article = uploaded_article()
    signed_in.goto(f"{live_server.url}/documents/import/")
    signed_in.get_by_role("textbox", name="Text", exact=True).fill(CHANGED)
    signed_in.get_by_label("Format").select_option("markdown")
    signed_in.locator("#text-publisher").fill("Inselbote")
    signed_in.get_by_role("button", name="Import text").click()

    expect(signed_in.get_by_text("“Fähre fährt elektrisch” already exists")).to_be_visible()
    assert Document.objects.count() == 1  # nothing stored yet
    screenshot("import-lookalike")
    signed_in.get_by_role("button", name="Import as a new revision of “Fähre fährt elektrisch”").click()

    signed_in.wait_for_url(f"{live_server.url}/documents/{article.pk}/")
    assert Document.objects.count() == 1
    assert article.revisions.count() == 2

    # The editor may also say it is another document.
    signed_in.goto(f"{live_server.url}/documents/import/")
    signed_in.get_by_role("textbox", name="Text", exact=True).fill(FIRST.replace("Mai", "Juli"))
    signed_in.get_by_label("Format").select_option("markdown")
    signed_in.locator("#text-publisher").fill("Inselbote")
    signed_in.get_by_role("button", name="Import text").click()
    signed_in.get_by_role("button", name="Import as a separate document").click()
    signed_in.wait_for_url(re.compile(r"/documents/\d+/$"))
    assert Document.objects.count() == 2


def test_an_upload_matching_an_existing_document_offers_the_choice_in_its_row(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from sources.models import Document

    article = uploaded_article()
    seen = watch_for_code(signed_in)
    signed_in.goto(f"{live_server.url}/documents/import/?tab=file")
    signed_in.locator("#file-publisher").fill("Inselbote")
    signed_in.get_by_label("Files", exact=True).set_input_files(
        [
            {"name": "faehre-neu.md", "mimeType": "text/markdown", "buffer": CHANGED.encode()},
            {
                "name": "anderes.md",
                "mimeType": "text/markdown",
                "buffer": b"# Anderes\n\nEin anderer Text.\n",
            },
        ]
    )
    signed_in.get_by_role("button", name="Import files").click()

    rows = signed_in.locator(".upload-row")
    # Nothing failed: the file waits for the editor to say what it is, and the row and summary say so.
    expect(signed_in.locator(".upload-summary")).to_have_text(
        "Imported 1, unchanged 0, new revision 0, failed 0, 1 waiting for your choice."
    )
    status = rows.nth(0).locator(".upload-status")
    expect(status).to_have_text("Needs your choice")
    expect(rows.nth(0)).to_contain_text("already exists")
    expect(rows.nth(0).locator(".field-error")).to_have_count(0)
    danger = signed_in.evaluate("getComputedStyle(document.body).getPropertyValue('--danger')").strip()
    assert danger == "#a61b29"
    assert (
        status.evaluate("node => getComputedStyle(node).color") != "rgb(166, 27, 41)"
    )  # not the error's red
    screenshot("import-upload-lookalike")
    rows.nth(0).get_by_role("button", name="Import as a new revision of “Fähre fährt elektrisch”").click()

    expect(rows.nth(0).locator(".upload-status")).to_have_text("New revision")
    expect(signed_in.locator(".upload-summary")).to_have_text(
        "Imported 1, unchanged 0, new revision 1, failed 0."
    )
    assert Document.objects.count() == 2
    assert Document.objects.get(pk=article.pk).text == CHANGED
    screenshot("import-upload-revised")
    assert seen == []
