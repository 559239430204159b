"""The import page's answers are true to what was stored: a file the server stored but whose answer never
arrived (the connection went) is not called "failed", and one refused is not called "imported"."""

from __future__ import annotations

from playwright.sync_api import Page, Route, expect

from tests.suggestion_samples import RACK


def test_a_stored_file_whose_answer_was_lost_is_not_called_failed(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from sources.models import Document

    page = signed_in
    sent: list[int] = []

    def answer_lost_for_the_rack(route: Route) -> None:
        response = route.fetch()  # the server gets the file and answers...
        if b'filename="rack.txt"' in (route.request.post_data_buffer or b""):
            sent.append(response.status)
            route.abort("connectionreset")  # ...but the answer never reaches the browser
        else:
            route.fulfill(response=response)

    page.route("**/documents/import/file/", answer_lost_for_the_rack)
    page.goto(f"{live_server.url}/documents/import/")
    page.get_by_text("Upload files", exact=True).click()
    page.get_by_label("Files", exact=True).set_input_files(
        [
            {"name": "rack.txt", "mimeType": "text/plain", "buffer": RACK.encode()},
            {"name": "leer.txt", "mimeType": "text/plain", "buffer": b""},
        ]
    )
    page.get_by_role("button", name="Import files").click()

    expect(page.locator(".upload-summary")).to_have_text(
        "Imported 0, unchanged 0, new revision 0, failed 1, no answer 1."
    )
    rows = page.locator(".upload-row")
    expect(rows.nth(0)).to_contain_text("No answer")
    expect(rows.nth(0)).to_contain_text("look in Documents whether this file arrived")
    expect(rows.nth(1)).to_contain_text("Failed")
    assert sent == [201] and Document.objects.count() == 1  # it was stored: "failed" would have been false
    screenshot("import-no-answer")
