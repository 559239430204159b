"""The dashboard, the document list and the import page in real Chromium, with screenshots to look at."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.watch import watch_for_code

MARKUP_TITLE = "<script>alert(1)</script><img src=x onerror=alert(1)>"
MARKUP_TEXT = (
    "<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n"
    "Ein Leser schreibt, der Chip habe eine 4-Bit-Architektur und passe in ein Smartphone.\n"
)


# The words of an element's text that the browser set on more than one line.
WORDS_BROKEN_ACROSS_LINES = """element => {
  const text = element.firstChild;
  return [...text.data.matchAll(/\\S+/g)].filter(word => {
    const range = document.createRange();
    range.setStart(text, word.index);
    range.setEnd(text, word.index + word[0].length);
    return new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size > 1;
  }).map(word => word[0]);
}"""


def seed_newsroom(user: object) -> None:
    """A week's work: articles from three publishers, claims with and without evidence, a verdict that
    changed, a span orphaned by a re-import, and two claims still waiting for their scoring job."""
    from claims import services as claim_services
    from claims.models import Claim
    from tests.factories import PublisherFactory, claim, document, evidence

    PublisherFactory(name="Heise online", reliability=0.8)
    PublisherFactory(name="Golem", reliability=0.7)
    PublisherFactory(name="Leserforum", reliability=0.2)
    rack = document(
        "Der neue Rechner erreicht als Rack-System 300 Petaflops.\nDas sagte der Hersteller am Montag.\n",
        title="Rack-System erreicht 300 Petaflops",
        publisher="Heise online",
        language="de",
        url="https://heise.example/rack",
    )
    golem = document(
        "Golem hat das System getestet: es ist eine Rack-Lösung mit 300 Petaflops.\n",
        title="Im Test: die Rack-Lösung",
        publisher="Golem",
        language="de",
    )
    forum = document(
        "Kommentar: Das Ding hat eine 4-Bit-Architektur, einstellige TOPS und den Formfaktor eines "
        "Smartphones.\n",
        title="Leserkommentare zum Rack-System mit einem sehr langen Titel, der in keiner Liste Platz hat, "
        "weil er immer weitergeht und weitergeht",
        publisher="Leserforum",
        language="de",
    )
    document(
        "The accelerator ships in a rack-scale configuration and reaches 300 petaflops, the company said.\n",
        title="Accelerator ships in rack-scale form",
        publisher="Golem",
        language="en",
    )
    flops = claim(rack, user, "300 Petaflops", statement="Das Rack-System erreicht 300 Petaflops.")
    evidence(flops, golem, user, exact="300 Petaflops", stance="supports")
    comment = claim(forum, user, "4-Bit-Architektur", speaker="Leser", speaker_role="commenter")
    evidence(comment, golem, user, exact="Rack-Lösung", stance="contradicts")
    claim(forum, user, "einstellige TOPS", speaker="Leser", speaker_role="commenter")
    pending = claim(forum, user, "Formfaktor eines Smartphones", speaker="Leser", speaker_role="commenter")
    moved = claim(rack, user, "Das sagte der Hersteller am Montag.")
    document(
        "Der neue Rechner erreicht als Rack-System 300 Petaflops.\nDer Hersteller schweigt.\n",
        url="https://heise.example/rack",
        publisher="Heise online",
    )
    claim_services.document_reanchor(document_id=rack.pk)
    # As if the worker were busy: these two are still waiting for their scoring job.
    now = timezone.now()
    Claim.objects.filter(pk=pending.pk).update(scoring_pending_since=now - datetime.timedelta(minutes=4))
    Claim.objects.filter(pk=moved.pk).update(scoring_pending_since=now - datetime.timedelta(seconds=40))


def test_dashboard_shows_the_days_work(signed_in: Page, live_server: object, screenshot: object) -> None:
    seed_newsroom(signed_in.user)
    seen = watch_for_code(signed_in)
    signed_in.goto(f"{live_server.url}/")

    expect(signed_in.get_by_role("heading", name="Dashboard")).to_be_visible()
    recent = signed_in.get_by_role("region", name="Recent documents")
    expect(recent.get_by_role("link", name="Im Test: die Rack-Lösung")).to_be_visible()
    no_evidence = signed_in.get_by_role("region", name="Claims without evidence")
    expect(no_evidence.get_by_role("link", name="einstellige TOPS")).to_be_visible()
    changes = signed_in.get_by_role("region", name="Verdicts changed this week")
    expect(changes.locator(".verdict-change").first).to_contain_text("→")
    orphans = signed_in.get_by_role("region", name="Orphaned spans")
    expect(orphans.get_by_role("link", name="Review orphaned spans")).to_be_visible()
    pending = signed_in.get_by_role("region", name="Scoring jobs pending")
    expect(pending).to_contain_text("waiting 4")
    screenshot("dashboard")
    assert seen == []


def test_a_long_publisher_name_leaves_the_title_readable(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from tests.factories import document

    # A site name as real pages give it (breakingbelizenews.com's og:site_name).
    document(
        "The Americas cannot ignore the risk of further COVID-19 surges, PAHO warned on Wednesday.\n",
        title="Americas at risk of further COVID-19 wave as cases surge in other regions",
        publisher="Belize News and Opinion on www.breakingbelizenews.com",
        language="en",
    )
    title = signed_in.get_by_role("region", name="Recent documents").locator(".item-title").first
    widths = {}
    for width, height in ((1360, 860), (390, 844)):
        signed_in.set_viewport_size({"width": width, "height": height})
        signed_in.goto(f"{live_server.url}/")
        row = title.locator("xpath=..")
        widths[width] = title.bounding_box()["width"] / row.bounding_box()["width"]
        overflow = signed_in.evaluate("document.documentElement.scrollWidth - innerWidth")
        meta = title.locator("xpath=../span[@class='item-meta']").bounding_box()
        row_end = row.bounding_box()["x"] + row.bounding_box()["width"]
        assert meta["x"] + meta["width"] <= row_end + 1, f"{width} px wide: the details spill out of the row"
        screenshot(f"dashboard-long-publisher-{width}", full_page=False)
        assert overflow <= 0, f"{width} px wide: the page scrolls sideways by {overflow} px"

    assert widths[1360] > 0.4  # the title keeps most of the row; the publisher gives way
    assert widths[390] > 0.9  # on a phone the title has its own line


def test_the_document_list_shows_every_column_beside_long_addresses(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from tests.factories import document

    # tagesspiegel.de's address as it comes, and a publisher named by a web address (an editor may type
    # one; imports once took the page's article:publisher, its Facebook page, as the name).
    document(
        "Immer mehr Unternehmen fahren ihre Produktion nach Wochen des Stillstands langsam wieder hoch.\n",
        title="Wie Firmen ihre Beschäftigten vor dem Coronavirus schützen",
        publisher="https://www.facebook.com/tagesspiegel",
        language="de",
        url="https://www.tagesspiegel.de/wirtschaft/abstandsregeln-und-fieberkontrollen-wie-firmen-ihre-"
        "beschaeftigten-vor-dem-coronavirus-schuetzen/25783164.html",
    )
    document(
        "Wie Menschen die Energiewende mitgestalten, untersucht das Institut seit 2009.\n",
        title="Energiewende und gesellschaftlicher Wandel",
        publisher="Forschungsinstitut für Nachhaltigkeit",
        language="de",
        url="https://www.rifs-potsdam.de/de/forschungsbereich/energiewende-und-gesellschaftlicher-wandel",
    )
    table = signed_in.locator(".table-wrap")
    for width in (1360, 1024):
        signed_in.set_viewport_size({"width": width, "height": 860})
        signed_in.goto(f"{live_server.url}/documents/")
        hidden = table.evaluate("wrap => wrap.scrollWidth - wrap.clientWidth")
        screenshot(f"documents-long-addresses-{width}", full_page=False)
        assert hidden <= 0, f"{width} px wide: {hidden} px of the table (its last columns) scroll sideways"
        imported = signed_in.get_by_role("columnheader", name="Imported").bounding_box()
        box = table.bounding_box()
        assert imported["x"] + imported["width"] <= box["x"] + box["width"] + 1
        # A name made of words still breaks between them, never inside "Forschungsinstitut".
        broken = signed_in.get_by_role("cell", name="Forschungsinstitut für Nachhaltigkeit").evaluate(
            WORDS_BROKEN_ACROSS_LINES
        )
        assert broken == [], f"{width} px wide: the publisher's name is broken inside {broken}"


def test_document_list_searches_as_one_types(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from tests.factories import document

    # Older reports first, so the first page opens with the newsroom's own articles.
    for n in range(26):
        document(
            f"Berlin, {n % 28 + 1}. Februar 2026. Meldung {n}: Speicherpreise steigen weiter.\n",
            title=f"Speicherpreise, Meldung {n}",
        )
    seed_newsroom(signed_in.user)
    seen = watch_for_code(signed_in)
    signed_in.goto(f"{live_server.url}/documents/")

    expect(signed_in.locator(".results-count")).to_have_text("1–25 of 30 documents")
    expect(signed_in.get_by_role("navigation", name="Pages")).to_contain_text("Page 1 of 2")
    screenshot("documents")

    signed_in.get_by_role("searchbox", name="Search").press_sequentially("Petaflops", delay=20)
    expect(signed_in.locator(".results-count")).to_have_text("3 documents found")
    expect(signed_in.get_by_role("link", name="Rack-System erreicht 300 Petaflops")).to_be_visible()
    assert "q=Petaflops" in signed_in.url  # the search is in the address, to reload or share

    signed_in.get_by_label("Language").select_option("en")
    expect(signed_in.locator(".results-count")).to_have_text("1 document found")
    expect(signed_in.get_by_role("link", name="Accelerator ships in rack-scale form")).to_be_visible()
    signed_in.get_by_label("Language").select_option("it")
    expect(signed_in.locator(".empty")).to_contain_text("No documents match “Petaflops” with these filters")
    assert "language=it" in signed_in.url
    assert seen == []


def test_import_several_files_shows_progress_and_each_result(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from sources.models import Document

    seen = watch_for_code(signed_in)
    signed_in.goto(f"{live_server.url}/documents/import/")
    signed_in.get_by_text("Upload files", exact=True).click()
    # Record every state each row passes through, to see that progress was shown, not only the end.
    signed_in.evaluate(
        """() => {
          window.rowStates = [];
          new MutationObserver((changes) => {
            for (const change of changes) {
              const row = change.target;
              if (change.attributeName === 'data-state') {
                const name = row.querySelector('.upload-name').firstChild.textContent;
                window.rowStates.push([name, row.dataset.state]);
              }
            }
          }).observe(document.getElementById('file-results'), {subtree: true, attributes: true});
        }"""
    )
    signed_in.get_by_label("Files", exact=True).set_input_files(
        [
            {
                "name": "rack.txt",
                "mimeType": "text/plain",
                "buffer": ("Das Rack-System erreicht 300 Petaflops.\n" * 4000).encode(),
            },
            {"name": "notiz.md", "mimeType": "text/markdown", "buffer": b"# Notiz\n\nEine kurze Notiz.\n"},
            {"name": "folien.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7\n%\xe2\xe3"},
            {"name": "leer.txt", "mimeType": "text/plain", "buffer": b""},
            {
                "name": f"{MARKUP_TITLE}.txt",
                "mimeType": "text/plain",
                "buffer": b"Ein Dateiname mit Markup.\n",
            },
        ]
    )
    signed_in.get_by_role("button", name="Import files").click()

    summary = signed_in.locator(".upload-summary")
    expect(summary).to_have_text("Imported 3, unchanged 0, new revision 0, failed 2.")
    rows = signed_in.locator(".upload-row")
    expect(rows).to_have_count(5)
    expect(rows.nth(0)).to_contain_text("Imported")
    expect(rows.nth(0).get_by_role("link")).to_have_attribute("href", re.compile(r"^/documents/\d+/$"))
    expect(rows.nth(1)).to_contain_text("Notiz")
    expect(rows.nth(2)).to_contain_text("folien.pdf: unsupported file type (.pdf); use .txt, .md or .html")
    expect(rows.nth(3)).to_contain_text("leer.txt: the file is empty")
    expect(rows.nth(4).locator(".upload-name")).to_contain_text(MARKUP_TITLE)  # shown as text
    for index in range(5):
        expect(rows.nth(index).locator("progress")).to_have_attribute("value", "100")
    states = signed_in.evaluate("window.rowStates")
    rack_states = [state for name, state in states if name == "rack.txt"]
    assert rack_states[0] == "uploading" and "processing" in rack_states and rack_states[-1] == "done"
    assert Document.objects.count() == 3
    screenshot("import")
    assert seen == []


def test_pasted_markup_is_imported_as_text_and_runs_nothing(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from sources.models import Document

    seen = watch_for_code(signed_in)
    signed_in.goto(f"{live_server.url}/documents/import/")
    signed_in.get_by_role("textbox", name="Text", exact=True).fill(MARKUP_TEXT)
    signed_in.get_by_role("textbox", name="Title").fill(MARKUP_TITLE)
    screenshot("import-text")
    signed_in.get_by_role("button", name="Import text").click()
    signed_in.wait_for_url(re.compile(r"/documents/\d+/$"))
    stored = Document.objects.get()
    assert stored.title == MARKUP_TITLE and stored.text == MARKUP_TEXT

    for path in ("/documents/", "/"):
        signed_in.goto(f"{live_server.url}{path}")
        expect(signed_in.get_by_role("link", name=MARKUP_TITLE)).to_be_visible()
        expect(signed_in.locator('img[src="x"]')).to_have_count(0)
        expect(signed_in.locator("main script")).to_have_count(0)
    assert seen == []


def test_bad_input_is_shown_beside_the_field(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from sources.models import Document

    signed_in.goto(f"{live_server.url}/documents/import/")
    signed_in.get_by_text("Fetch a web page", exact=True).click()
    signed_in.get_by_role("textbox", name="Web page address").fill("http://10.0.0.1/intern")
    signed_in.get_by_role("button", name="Fetch and import").click()

    address = signed_in.get_by_role("textbox", name="Web page address")
    expect(address).to_be_visible()  # the page came back on the same tab
    expect(address).to_have_attribute("aria-invalid", "true")
    expect(signed_in.locator("#url-source_url-error")).to_contain_text("private")
    assert Document.objects.count() == 0
    screenshot("import-refused")

    # Uploading with no file chosen is caught before anything is sent.
    signed_in.get_by_text("Upload files", exact=True).click()
    signed_in.get_by_role("button", name="Import files").click()
    expect(signed_in.locator("#file-file-error")).to_have_text("Choose one or more files to import.")


def test_a_title_without_spaces_stays_inside_the_messages_that_name_it(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    # A page's title can be one long word (a URL, a hash, a hashtag chain): it is cut at 300 characters.
    title = "Solarfähre" * 30
    signed_in.goto(f"{live_server.url}/documents/import/")
    signed_in.get_by_role("textbox", name="Text", exact=True).fill("Die Fähre fährt 80 km weit.\n")
    signed_in.get_by_role("textbox", name="Title").fill(title)
    signed_in.get_by_role("button", name="Import text").click()
    signed_in.wait_for_url(re.compile(r"/documents/\d+/$"))
    document_id = signed_in.url.rstrip("/").rsplit("/", 1)[1]

    # The "Imported …" message, and the banner of the page that imports a new revision of it.
    for page_name, message in (
        ("reader", signed_in.locator(".message")),
        ("import-revision", signed_in.locator("#revision-banner")),
    ):
        if page_name == "import-revision":
            signed_in.goto(f"{live_server.url}/documents/import/?document={document_id}")
        expect(message).to_contain_text(title)
        box = message.bounding_box()
        screenshot(f"long-title-{page_name}", full_page=False)
        assert box["x"] + box["width"] <= signed_in.viewport_size["width"], f"{page_name}: the box spills out"
        overflow = signed_in.evaluate("(box) => box.scrollWidth - box.clientWidth", message.element_handle())
        assert overflow <= 0, f"{page_name}: the title runs {overflow} px out of its box"
        assert signed_in.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0


def test_the_paste_boxs_placeholder_is_in_the_interfaces_font_its_text_in_the_serif(
    signed_in: Page, live_server: object
) -> None:
    page = signed_in
    page.goto(f"{live_server.url}/documents/import/")
    box = page.locator("#text-text")
    fonts = box.evaluate(
        "(box) => [getComputedStyle(box, '::placeholder').fontFamily, getComputedStyle(box).fontFamily]"
    )
    body = page.evaluate("getComputedStyle(document.body).fontFamily")

    assert fonts[0] == body  # as every other field's hint
    assert "serif" in fonts[1] and fonts[1] != body  # the pasted article reads as in the reader


# Where a message's text after the title is drawn, against the title's own box: an override leaking out
# of the title would draw "”." reversed, to the left of (or inside) the title.
TEXT_AFTER_TITLE = """message => {
  const title = message.querySelector("bdi");
  const after = document.createRange();
  after.selectNodeContents(message);
  after.setStartAfter(title);
  return { titleRight: title.getBoundingClientRect().right, afterLeft: after.getBoundingClientRect().left };
}"""


def test_a_right_to_left_override_in_a_title_stays_inside_the_title(
    signed_in: Page, live_server: object
) -> None:
    """U+202E in a title reverses the title alone; the sentences around it read in order, in the message
    after a paste and in the row import.js builds for an upload."""
    title = "\u202eRTL title"
    signed_in.goto(f"{live_server.url}/documents/import/")
    signed_in.get_by_role("textbox", name="Text", exact=True).fill("Die Fähre fährt 80 km weit.\n")
    signed_in.get_by_role("textbox", name="Title").fill(title)
    signed_in.get_by_role("button", name="Import text").click()
    signed_in.wait_for_url(re.compile(r"/documents/\d+/$"))

    message = signed_in.locator(".message")
    expect(message).to_have_text(f"Imported “{title}”.")
    expect(message.locator("bdi")).to_have_text(title)
    drawn = message.evaluate(TEXT_AFTER_TITLE)
    assert drawn["afterLeft"] >= drawn["titleRight"] - 0.5, drawn

    signed_in.goto(f"{live_server.url}/documents/import/?tab=file")
    upload = {"name": "rtl.md", "mimeType": "text/markdown", "buffer": f"# {title}\n\nEin Text.\n".encode()}
    signed_in.get_by_label("Files", exact=True).set_input_files([upload])
    signed_in.get_by_role("button", name="Import files").click()
    row = signed_in.locator(".upload-row")
    # Same title as the pasted one: the row asks whether it is a new revision of it, the title isolated.
    revision = row.locator(".lookalike .button-primary")
    expect(revision).to_have_text(f"Import as a new revision of “{title}”")
    expect(revision.locator("bdi")).to_have_text(title)
    drawn = revision.evaluate(TEXT_AFTER_TITLE)
    assert drawn["afterLeft"] >= drawn["titleRight"] - 0.5, drawn
    row.get_by_role("button", name="Import as a separate document").click()
    expect(row.locator(".upload-status")).to_have_text("Imported")
    expect(row.locator(".upload-detail a bdi")).to_have_text(title)
