"""The reader's layout in real Chromium: the claim stays in view while a source passage is selected for
it, the reader and the document list on a phone (390×844), and scraped clutter set quieter without a
character of the text changing. Screenshots to look at: reader-linking (desktop), phone-reader,
phone-reader-sheet, phone-linking, phone-documents, reader-boilerplate, phone-boilerplate,
reader-boilerplate-corpus."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_reader import ARTICLE, drag_select, import_text, summary
from tests.browser.watch import watch_for_code
from tests.frontend.test_boilerplate import corpus_pages

PHONE = {"width": 390, "height": 844}
# A long source: the passage to link is far below its start, so the pane scrolls while one selects.
LONG_SOURCE = (
    "Messbericht zum Rack-System\n\n"
    + "".join(
        f"Absatz {n}: Das Labor beschreibt Aufbau, Kühlung und Stromversorgung des Systems.\n\n"
        for n in range(60)
    )
    + "Im Test schaffte es nur 30 Petaflops, ein Zehntel der Angabe des Herstellers.\n"
)
# A long article (the claims panel used to sit after all of it on a phone).
LONG_ARTICLE = (
    ARTICLE
    + "\n"
    + "".join(
        f"Absatz {n}: Der Hersteller nennt weitere Zahlen zu Kühlung und Preis.\n\n" for n in range(120)
    )
)


@pytest.fixture(autouse=True)
def _steady_motion(page: Page) -> None:
    page.emulate_media(reduced_motion="reduce")


def in_viewport(page: Page, selector: str) -> bool:
    return page.evaluate(
        """(selector) => {
          const box = document.querySelector(selector).getBoundingClientRect();
          return box.height > 0 && box.top >= 0 && box.bottom <= innerHeight
            && box.left >= 0 && box.right <= innerWidth;
        }""",
        selector,
    )


def open_source_for(page: Page, title: str) -> None:
    page.get_by_role("button", name="Link evidence").click()
    page.get_by_label("Search documents by title or text").press_sequentially(title[:12], delay=20)
    page.get_by_role("button", name=re.compile(title)).click()
    expect(page.locator("#source-pane").get_by_role("heading", name=title)).to_be_visible()


def test_the_claim_stays_in_view_while_a_source_passage_is_selected(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from claims.models import Evidence
    from tests.factories import claim, document

    page = signed_in
    seen = watch_for_code(page)
    doc = document(ARTICLE, title="Rack-System im Test")
    document(LONG_SOURCE, title="Messbericht zum Rack-System")
    flops = claim(doc, page.user, "erreicht als Rack-System 300 Petaflops", speaker="Hersteller")

    page.goto(f"{live_server.url}/documents/{doc.pk}/#claim-{flops.pk}")
    open_source_for(page, "Messbericht zum Rack-System")
    # The source gets a readable width, not a third of the screen.
    assert page.locator("#source-pane").bounding_box()["width"] >= 700
    pinned = page.locator("#source-claim")
    expect(pinned).to_contain_text("erreicht als Rack-System 300 Petaflops")
    expect(pinned).to_contain_text("Hersteller")

    # Select the passage at the end of the long source: the claim is still on screen beside it.
    drag_select(page, "#source-text", "nur 30 Petaflops")
    assert in_viewport(page, "#source-claim")
    assert in_viewport(page, "#mark-button")
    screenshot("reader-linking", full_page=False)
    page.get_by_role("button", name="Link passage").click()
    popover = page.get_by_role("dialog", name="Link passage as evidence")
    popover.get_by_label("Contradicts").check()
    popover.get_by_role("button", name="Link passage").click()
    expect(page.locator("#source-text .ev.s-contradicts")).to_have_text("nur 30 Petaflops")
    assert Evidence.objects.get(claim=flops).exact == "nur 30 Petaflops"

    # Closing the source brings the article back.
    page.get_by_role("button", name="Close").click()
    expect(page.locator("#article-text")).to_be_visible()
    assert seen == []


def test_the_reader_on_a_phone_reaches_the_claims_in_one_tap(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from tests.factories import claim, document

    page = signed_in
    seen = watch_for_code(page)
    page.set_viewport_size(PHONE)
    doc = document(LONG_ARTICLE, title="Rack-System im Test")
    flops = claim(doc, page.user, "erreicht als Rack-System 300 Petaflops", speaker="Hersteller")
    claim(doc, page.user, "Absatz 90: Der Hersteller nennt weitere Zahlen")

    page.goto(f"{live_server.url}/documents/{doc.pk}/")
    expect(page.locator("#reader[data-ready]")).to_be_attached()
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 90  # was 270 px
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The panel is a sheet at the bottom of the screen: its tabs are on screen from the start.
    assert in_viewport(page, "#sheet-toggle")
    assert in_viewport(page, "#tab-claims")
    screenshot("phone-reader", full_page=False)

    page.locator("#sheet-toggle").click()
    expect(page.locator("#sheet-toggle")).to_have_attribute("aria-expanded", "true")
    assert in_viewport(page, f"#claim-summary-{flops.pk}")
    screenshot("phone-reader-sheet", full_page=False)

    # A claim tapped in the panel is shown in the text, above the sheet.
    summary(page, "Absatz 90").click()
    highlight = page.locator("#article-text .hl.is-selected").first
    expect(highlight).to_be_in_viewport()
    box = highlight.bounding_box()
    sheet = page.locator("#claim-panel").bounding_box()
    assert box["y"] + box["height"] <= sheet["y"]

    # A highlight tapped in the text opens the sheet at its claim.
    page.locator("#sheet-toggle").click()
    expect(page.locator("#sheet-toggle")).to_have_attribute("aria-expanded", "false")
    page.evaluate("window.scrollTo(0, 0)")
    page.locator(f'#article-text .hl[data-claims~="{flops.pk}"]').click()
    expect(page.locator("#sheet-toggle")).to_have_attribute("aria-expanded", "true")
    expect(page.locator(f"#claim-detail-{flops.pk}")).to_be_visible()
    expect(page.locator(f"#claim-summary-{flops.pk}")).to_be_in_viewport()
    assert seen == []


def test_linking_evidence_on_a_phone_keeps_the_claim_in_view(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from tests.factories import claim, document

    page = signed_in
    page.set_viewport_size(PHONE)
    doc = document(ARTICLE, title="Rack-System im Test")
    document(LONG_SOURCE, title="Messbericht zum Rack-System")
    flops = claim(doc, page.user, "erreicht als Rack-System 300 Petaflops")
    page.goto(f"{live_server.url}/documents/{doc.pk}/#claim-{flops.pk}")
    expect(page.locator(f"#claim-detail-{flops.pk}")).to_be_visible()
    open_source_for(page, "Messbericht zum Rack-System")
    expect(page.locator("#sheet-toggle")).to_have_attribute("aria-expanded", "false")
    drag_select(page, "#source-text", "nur 30 Petaflops")
    assert in_viewport(page, "#source-claim")
    expect(page.locator("#source-claim")).to_contain_text("erreicht als Rack-System 300 Petaflops")
    screenshot("phone-linking", full_page=False)


def test_the_document_list_and_other_pages_fit_a_phone(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from sources.models import Document
    from tests.factories import PublisherFactory, document

    page = signed_in
    page.set_viewport_size(PHONE)
    PublisherFactory(name="Frankfurter Allgemeine Sonntagszeitung")
    for n in range(3):
        document(
            f"Text {n} über Rechenzentren.\n",
            title=f"Ein sehr langer Titel über Rechenzentren, Kühlung und Strompreise, Teil {n}",
            url=f"https://www.example.org/wirtschaft/rechenzentren/2025/ein-sehr-langer-pfad-{n}",
            publisher="Frankfurter Allgemeine Sonntagszeitung",
        )
    page.goto(f"{live_server.url}/documents/")
    rows = page.locator(".document-table tbody tr")
    expect(rows).to_have_count(3)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for cell in ("Publisher", "Claims", "Imported"):
        box = rows.first.locator(f'td[data-label="{cell}"]').bounding_box()
        assert box["x"] + box["width"] <= PHONE["width"], cell
    # Each fact is labelled (the table's head is not shown as a row of its own).
    label = rows.first.locator('td[data-label="Imported"]').evaluate(
        "(cell) => getComputedStyle(cell, '::before').content"
    )
    assert label == '"Imported: "'
    assert page.locator(".site-header").bounding_box()["height"] <= 90
    screenshot("phone-documents")

    # The other pages an editor opens on a phone fit its width too.
    from claims.models import Claim
    from tests.factories import claim

    first = claim(Document.objects.order_by("pk").first(), page.user, "Text 0")
    for name, path in [
        ("phone-dashboard", "/"),
        ("phone-import", "/documents/import/"),
        ("phone-claim", f"/claims/{first.pk}/"),
        ("phone-orphans", "/orphans/"),
    ]:
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
        assert page.locator(".site-header").bounding_box()["height"] <= 90, path
        screenshot(name, full_page=False)
    assert Claim.objects.filter(pk=first.pk).exists()


CLUTTERED = (
    "Rechenzentrum am Main\n"
    "Startseite / Wirtschaft / Technik\n"
    "Der Betreiber sagt, die Anlage spare 40 Prozent Strom.\n"
    "Verwandter Artikel\n"
    "Neue Kühlung für alte Hallen\n"
    "Kritiker zweifeln an der Zahl 🧮 und verlangen Messungen.\n"
    "Teilen\n"
    "Kommentar schreiben\n"
    "0/200\n"
    "Zurück nach oben\n"
)


def test_scraped_clutter_is_quieter_and_the_text_keeps_every_character(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from claims.models import Claim
    from sources.models import Document

    page = signed_in
    seen = watch_for_code(page)
    doc_id = import_text(page, live_server, CLUTTERED, "Rechenzentrum am Main")
    stored = Document.objects.get(pk=doc_id).text
    assert stored == CLUTTERED  # a plain-text import keeps every character
    expect(page.locator("#article-text")).to_have_text(stored)
    quiet = page.locator("#article-text .bp")
    expect(quiet).to_have_text(
        [
            "Startseite / Wirtschaft / Technik",
            "Verwandter Artikel",
            "Teilen",
            "Kommentar schreiben",
            "0/200",
            "Zurück nach oben",
        ]
    )
    colours = page.evaluate(
        """() => [getComputedStyle(document.querySelector('#article-text .bp')).color,
                  getComputedStyle(document.querySelector('#article-text')).color]"""
    )
    assert colours[0] != colours[1]
    screenshot("reader-boilerplate", full_page=False)

    # Offsets are the stored text's: a claim after the quiet lines (and the emoji) lands where selected.
    drag_select(page, "#article-text", "verlangen Messungen")
    page.get_by_role("button", name="Mark as claim").click()
    page.get_by_role("dialog", name="Mark as claim").get_by_role("button", name="Save claim").click()
    expect(page.locator("#article-text .hl")).to_have_text("verlangen Messungen")
    marked = Claim.objects.get(document_id=doc_id)
    assert stored[marked.start : marked.end] == "verlangen Messungen"
    # A claim over a quiet line stays whole too.
    drag_select(page, "#article-text", "Neue Kühlung für alte Hallen")
    page.get_by_role("button", name="Mark as claim").click()
    page.get_by_role("dialog", name="Mark as claim").get_by_role("button", name="Save claim").click()
    expect(page.locator("#claim-count")).to_have_text("2")
    expect(page.locator("#article-text")).to_have_text(stored)

    page.set_viewport_size(PHONE)
    page.evaluate("window.scrollTo(0, 0)")
    screenshot("phone-boilerplate", full_page=False)
    assert seen == []


def test_a_real_web_page_pasted_as_text_shows_its_clutter_quieter(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from frontend.boilerplate import boilerplate_lines
    from tests.factories import document

    page = signed_in
    # The corpus page with the most clutter lines, pasted as plain text as a person copying it gets it.
    name, text, wanted = max(corpus_pages(), key=lambda page_: len(boilerplate_lines(page_[1])))
    doc = document(text, title=f"Corpus page {name}")
    page.goto(f"{live_server.url}/documents/{doc.pk}/")
    expect(page.locator("#reader[data-ready]")).to_be_attached()
    expect(page.locator("#article-text")).to_have_text(doc.text)
    assert page.locator("#article-text .bp").count() == len(boilerplate_lines(doc.text))
    for snippet in wanted:
        found = page.evaluate(
            """(snippet) => [...document.querySelectorAll('#article-text .bp')]
                 .some((element) => element.textContent.includes(snippet))""",
            snippet.strip(),
        )
        assert not found, snippet
    page.locator("#article-text .bp").nth(5).scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -200)")
    screenshot("reader-boilerplate-corpus", full_page=False)
