"""The reader in real Chromium: marking claims with the mouse and the keyboard, linking a passage of a
source opened beside the article, verdicts that arrive from a real Celery worker without reloading,
a document with 300 overlapping claims, and imported markup that must stay text.

Text is selected the way a person does it: the mouse dragged across the words (the test only reads
where the words are on screen), or the arrow keys with Shift.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.watch import watch_for_code
from tests.suggestion_samples import RACK

ARTICLE = (
    "Rack-System im Test\n"
    "\n"
    "Der neue Rechner erreicht als Rack-System 300 Petaflops, sagte der Hersteller am Montag.\n"
    "Er sei damit schneller als jedes andere System seiner Klasse.\n"
)
SOURCE = (
    "Unser Labor hat das Rack-System nachgemessen.\n"
    "\n"
    "Im Test schaffte es nur 30 Petaflops, ein Zehntel der Angabe des Herstellers.\n"
)
COMMENTED = (
    "Das Rack-System erreicht nach Angaben des Herstellers 300 Petaflops. "
    * 4
    + "\n\nKommentare (1)\nRalphEvans\nRalphEvans 4. August 2025 08:48:52 MESZ\n\n"
    "Das Ding hat eine 4-Bit-Architektur und passt in ein Smartphone.\n"
)
MARKUP = "<script>alert(1)</script>\n<img src=x onerror=alert(2)>\n"

# Where a phrase is on screen, scrolled to the middle of its pane. Only reads the layout: selecting is
# done with the mouse afterwards.
LOCATE_PHRASE = """([selector, phrase]) => {
  const root = document.querySelector(selector);
  const at = root.textContent.indexOf(phrase);
  if (at < 0) throw new Error(`"${phrase}" is not in ${selector}`);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let total = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const next = total + node.data.length;
    if (at >= total && at < next) range.setStart(node, at - total);
    if (at + phrase.length > total && at + phrase.length <= next) {
      range.setEnd(node, at + phrase.length - total);
      break;
    }
    total = next;
  }
  const pane = root.closest('.source-pane');
  if (pane) pane.scrollTop += range.getBoundingClientRect().top - pane.getBoundingClientRect().top - 250;
  window.scrollBy(0, range.getBoundingClientRect().top - innerHeight / 2);
  const rects = range.getClientRects();
  const first = rects[0], last = rects[rects.length - 1];
  return {
    x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2,
  };
}"""

CHARACTER_AFTER_CARET = """() => {
  const selection = getSelection();
  const range = document.createRange();
  range.setStart(selection.focusNode, selection.focusOffset);
  range.setEndAfter(document.getElementById('article-text'));
  return range.toString().charAt(0);
}"""


def drag_select(page: Page, selector: str, phrase: str) -> None:
    """Select a phrase by dragging the mouse across it, as a person does."""
    box = page.evaluate(LOCATE_PHRASE, [selector, phrase])
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move((box["x1"] + box["x2"]) / 2, (box["y1"] + box["y2"]) / 2, steps=4)
    page.mouse.move(box["x2"], box["y2"], steps=4)
    page.mouse.up()
    assert page.evaluate("getSelection().toString().trim()") == phrase


def import_text(page: Page, live_server: object, text: str, title: str) -> int:
    """Import a pasted text through the import page; the browser goes on to the reader."""
    page.goto(f"{live_server.url}/documents/import/")
    page.get_by_label("Text", exact=True).fill(text)
    page.locator("#text-title").fill(title)
    page.get_by_role("button", name="Import text").click()
    page.wait_for_url(re.compile(r"/documents/\d+/$"))
    expect(page.locator("#reader[data-ready]")).to_be_attached()
    return int(page.url.rstrip("/").rsplit("/", 1)[1])


@pytest.fixture(autouse=True)
def _steady_motion(page: Page) -> None:
    """Scroll jumps instead of gliding (the page honours prefers-reduced-motion): a screenshot or a
    viewport check then sees where the page ends up, not a frame of the way there."""
    page.emulate_media(reduced_motion="reduce")


def summary(page: Page, text: str) -> object:
    return page.locator(".claim-summary").filter(has_text=text)


def test_mark_a_claim_link_a_contradicting_passage_and_the_verdict_arrives(
    signed_in: Page, live_server: object, worker_process: object, screenshot: object
) -> None:
    from tests.factories import PublisherFactory, document

    page = signed_in
    seen = watch_for_code(page)
    PublisherFactory(name="Lakeside Courier", domain="lakeside.example", reliability=0.8)
    document(
        SOURCE,
        title="Nachgemessen: das Rack-System",
        publisher="Lakeside Courier",
        url="https://lakeside.example/rack",
    )
    import_text(page, live_server, ARTICLE, "Rack-System im Test")

    # Mark a claim: select with the mouse, the small button, the popover.
    drag_select(page, "#article-text", "erreicht als Rack-System 300 Petaflops")
    page.get_by_role("button", name="Mark as claim").click()
    popover = page.get_by_role("dialog", name="Mark as claim")
    expect(popover).to_be_visible()
    expect(popover.locator(".popover-quote")).to_have_text("erreicht als Rack-System 300 Petaflops")
    popover.get_by_label("Speaker").fill("Hersteller")
    popover.get_by_label("Role").select_option("quoted")
    popover.get_by_role("button", name="Save claim").click()
    expect(popover).to_be_hidden()
    highlight = page.locator("#article-text .hl")
    expect(highlight).to_have_text("erreicht als Rack-System 300 Petaflops")
    claim = summary(page, "erreicht als Rack-System")
    expect(claim).to_contain_text("Hersteller · Quoted person")
    expect(claim).to_contain_text("Unverified", timeout=20_000)  # the worker scored it: no evidence yet
    page.evaluate("window.stillTheSamePage = true")

    # Open a source beside the article and link a passage of it as contradicting.
    expect(claim).to_have_attribute("aria-expanded", "true")
    page.get_by_role("button", name="Link evidence").click()
    page.get_by_label("Search documents by title or text").press_sequentially("nachgemessen", delay=20)
    page.get_by_role("button", name=re.compile("Nachgemessen: das Rack-System")).click()
    source = page.locator("#source-pane")
    expect(source.get_by_role("heading", name="Nachgemessen: das Rack-System")).to_be_visible()
    expect(source).to_contain_text("Lakeside Courier · reliability 0.8")

    # With the worker stopped the job waits in Redis, so "scoring…" is seen for certain.
    worker_process.stop()
    drag_select(page, "#source-text", "nur 30 Petaflops")
    page.get_by_role("button", name="Link passage").click()
    evidence_popover = page.get_by_role("dialog", name="Link passage as evidence")
    evidence_popover.get_by_label("Contradicts").check()
    evidence_popover.get_by_label("Note").fill("Labormessung")
    evidence_popover.get_by_role("button", name="Link passage").click()
    expect(evidence_popover).to_be_hidden()
    expect(claim.locator(".claim-verdict")).to_have_text("scoring…")
    expect(source.locator(".ev.s-contradicts")).to_have_text("nur 30 Petaflops")

    worker_process.start()
    expect(claim.locator(".claim-verdict")).to_have_text("Mostly contradicted 0.28", timeout=20_000)
    expect(highlight).to_have_class(re.compile(r"\bv-mostly_contradicted\b"))
    detail = page.locator(".claim-detail:not([hidden])")
    expect(detail).to_contain_text(
        "-0.22: passage in Lakeside Courier, contradicts, publisher reliability 0.8", timeout=10_000
    )
    expect(detail).to_contain_text("Labormessung")
    assert page.evaluate("window.stillTheSamePage") is True  # no reload happened
    screenshot("reader-evidence", full_page=False)

    page.get_by_role("button", name="Close").click()
    expect(source).to_be_hidden()
    screenshot("reader", full_page=False)
    assert seen == []


def test_keyboard_only_marks_a_claim_in_a_comment(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from tests.factories import document

    page = signed_in
    seen = watch_for_code(page)
    doc = document(COMMENTED, title="Rack-System mit Leserkommentar")
    page.goto(f"{live_server.url}/documents/{doc.pk}/")
    expect(page.locator("#reader[data-ready]")).to_be_attached()

    # Tab into the text, as a keyboard user arrives.
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "article-text":
            break
    else:
        raise AssertionError("Tab never reached the text")
    # To the end of the text, then select the comment's last words backwards, word by word.
    page.keyboard.press("Control+End")
    for _ in range(3):  # left until the caret stands before the full stop, as one watches the caret
        page.keyboard.press("ArrowLeft")
        if page.evaluate(CHARACTER_AFTER_CARET) == ".":
            break
    for _ in range(4):
        page.keyboard.press("Control+Shift+ArrowLeft")
    assert page.evaluate("getSelection().toString()") == "passt in ein Smartphone"
    expect(page.get_by_role("button", name="Mark as claim")).to_be_visible()

    # Esc in the popover closes it and gives the selection back.
    page.keyboard.press("c")
    popover = page.get_by_role("dialog", name="Mark as claim")
    expect(popover).to_be_visible()
    page.keyboard.press("Escape")
    expect(popover).to_be_hidden()
    assert page.evaluate("document.activeElement.id") == "article-text"
    assert page.evaluate("getSelection().toString()") == "passt in ein Smartphone"

    page.keyboard.press("c")
    expect(popover).to_be_visible()
    speaker = popover.get_by_label("Speaker")
    expect(speaker).to_be_focused()
    # Selected in a reader comment: its writer is suggested, as a commenter.
    expect(speaker).to_have_value("RalphEvans")
    expect(popover.get_by_label("Role")).to_have_value("commenter")
    page.keyboard.press("Tab")
    expect(popover.get_by_label("Role")).to_be_focused()
    page.keyboard.press("Tab")
    expect(popover.get_by_label("Statement")).to_be_focused()
    page.keyboard.type("Der Chip passt in ein Smartphone.")
    page.keyboard.press("Tab")
    expect(popover.get_by_role("button", name="Save claim")).to_be_focused()
    page.keyboard.press("Tab")
    expect(popover.get_by_role("button", name="Cancel")).to_be_focused()
    page.keyboard.press("Tab")  # stays in the popover
    expect(speaker).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    expect(popover.get_by_role("button", name="Save claim")).to_be_focused()
    page.keyboard.press("Enter")

    expect(popover).to_be_hidden()
    expect(page.locator("#article-text .hl")).to_have_text("passt in ein Smartphone")
    claim = summary(page, "passt in ein Smartphone")
    expect(claim).to_contain_text("RalphEvans · Commenter")
    expect(page.locator("#article-text")).to_be_focused()
    screenshot("reader-keyboard", full_page=False)

    # From the panel with the keyboard: Enter on the open claim closes it, Enter again shows it in the text.
    claim.focus()
    page.keyboard.press("Enter")
    expect(claim).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#article-text .hl.is-selected")).to_have_count(0)
    page.mouse.wheel(0, -2000)
    page.keyboard.press("Enter")
    expect(claim).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#article-text .hl.is-selected")).to_be_in_viewport()
    assert seen == []


def test_the_popover_starts_from_the_speaker_a_suggestion_of_the_text_names(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from claims.models import Claim
    from tests.factories import document

    page = signed_in
    seen = watch_for_code(page)
    # The import's suggestion job runs on commit: "…, sagte Li Wen" is suggested as Li Wen's, quoted.
    rack = document(RACK, title="Tianmu stellt SkyRack 512 vor", language="de")
    page.goto(f"{live_server.url}/documents/{rack.pk}/")
    expect(page.locator("#reader[data-ready]")).to_be_attached()
    popover = page.get_by_role("dialog", name="Mark as claim")
    speaker, role = popover.get_by_label("Speaker"), popover.get_by_label("Role")

    # Mostly the suggested sentence (the Suggestions tab never opened), a little of the next one.
    drag_select(page, "#article-text", "erreicht 250 Petaflops, sagte Li Wen am Montag in Hangzhou.\n\nDer")
    page.get_by_role("button", name="Mark as claim").click()
    expect(speaker).to_have_value("Li Wen")
    expect(role).to_have_value("quoted")
    expect(popover).to_contain_text("Speaker and role as suggested for this text.")
    popover.get_by_role("button", name="Cancel").click()

    # Text no suggestion covers: the popover starts from the author, as without suggestions.
    drag_select(page, "#article-text", "Ob sich das lohnt")
    page.get_by_role("button", name="Mark as claim").click()
    expect(speaker).to_have_value("")
    expect(role).to_have_value("author")
    expect(popover).not_to_contain_text("as suggested")
    popover.get_by_role("button", name="Cancel").click()

    # Inside the suggested sentence; the editor can still change what it says, and that is what is saved.
    drag_select(page, "#article-text", "250 Petaflops")
    page.get_by_role("button", name="Mark as claim").click()
    expect(speaker).to_have_value("Li Wen")
    expect(role).to_have_value("quoted")
    screenshot("reader-suggested-speaker", full_page=False)
    speaker.fill("Tianmu")
    role.select_option("author")
    popover.get_by_role("button", name="Save claim").click()
    # The claim's jobs run in the request here (in-process, loading their models the first time): slow.
    expect(summary(page, "250 Petaflops")).to_contain_text("Tianmu · Author", timeout=20_000)
    made = Claim.objects.get(document=rack)
    assert (made.exact, made.speaker, made.speaker_role) == ("250 Petaflops", "Tianmu", "author")
    assert seen == []


def test_the_popover_starts_from_the_suggestions_as_they_are_now_not_as_the_page_loaded_them(
    signed_in: Page, live_server: object
) -> None:
    from claims.assist import services as assist
    from claims.assist.models import ClaimSuggestion, quote_key
    from tests.factories import document, editor
    from tests.suggestion_samples import QUOTED

    page = signed_in
    seen = watch_for_code(page)
    rack = document(RACK, title="Tianmu stellt SkyRack 512 vor", language="de")
    page.goto(f"{live_server.url}/documents/{rack.pk}/#suggestions")
    items = page.locator(".suggestion-item")
    expect(items).to_have_count(2)  # Li Wen's sentence and the power figure, as the page loaded them
    popover = page.get_by_role("dialog", name="Mark as claim")
    speaker, role = popover.get_by_label("Speaker"), popover.get_by_label("Role")

    # Meanwhile another editor dismisses Li Wen's sentence, and a search suggests one of Mara Lenz's.
    quoted = ClaimSuggestion.objects.get(document=rack, exact=QUOTED)
    assist.claim_suggestion_dismiss(suggestion=quoted, user=editor("otto"))
    exact = "Ob sich das lohnt, wird sich zeigen."
    start = RACK.index(exact)
    ClaimSuggestion.objects.create(
        document=rack,
        revision=rack.current_revision,
        start=start,
        end=start + len(exact),
        exact=exact,
        key=quote_key(exact),
        score=0.5,
        reasons=[],
        speaker="Mara Lenz",
        speaker_role="quoted",
    )

    drag_select(page, "#article-text", "Ob sich das lohnt")
    page.get_by_role("button", name="Mark as claim").click()
    expect(speaker).to_have_value("Mara Lenz")
    expect(role).to_have_value("quoted")
    expect(popover).to_contain_text("Speaker and role as suggested for this text.")
    popover.get_by_role("button", name="Cancel").click()

    drag_select(page, "#article-text", "erreicht 250 Petaflops, sagte Li Wen")
    page.get_by_role("button", name="Mark as claim").click()
    # The tab's list is the current one again: the dismissed sentence is gone from it and the popover.
    expect(items.filter(has_text="Li Wen")).to_have_count(0)
    expect(items.filter(has_text="Mara Lenz")).to_have_count(1)
    expect(page.get_by_role("tab", name="Suggestions")).to_contain_text("2")
    expect(speaker).to_have_value("")
    expect(role).to_have_value("author")
    expect(popover).not_to_contain_text("as suggested")
    assert seen == []


def test_the_claim_popover_holds_what_the_api_takes_and_shows_every_refusal_at_once(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from claims.limits import SPEAKER_MAX, STATEMENT_MAX
    from claims.models import Claim
    from tests.factories import document

    page = signed_in
    article = document(ARTICLE, title="Rack-System im Test")
    page.goto(f"{live_server.url}/documents/{article.pk}/")
    expect(page.locator("#reader[data-ready]")).to_be_attached()
    drag_select(page, "#article-text", "erreicht als Rack-System 300 Petaflops")
    page.get_by_role("button", name="Mark as claim").click()
    popover = page.get_by_role("dialog", name="Mark as claim")
    speaker, statement = popover.get_by_label("Speaker"), popover.get_by_label("Statement")

    # The boxes take no more than the API does: typing on stops at the limit, before anything is sent.
    expect(speaker).to_have_attribute("maxlength", str(SPEAKER_MAX))
    expect(statement).to_have_attribute("maxlength", str(STATEMENT_MAX))
    statement.press_sequentially("x" * 10)
    statement.evaluate("(box, n) => { box.value = 'x'.repeat(n); }", STATEMENT_MAX)
    statement.press_sequentially("yy")
    expect(statement).to_have_value("x" * STATEMENT_MAX)

    # Longer values all the same (a script, an older page): both refusals show at once, on the first try.
    speaker.evaluate("(box) => { box.value = 'S'.repeat(300); }")
    statement.evaluate("(box) => { box.value = 'x'.repeat(20000); }")
    popover.get_by_role("button", name="Save claim").click()
    error = popover.get_by_role("alert")
    expect(error).to_contain_text(f"speaker: Ensure this field has no more than {SPEAKER_MAX} characters.")
    expect(error).to_contain_text(
        f"statement: Ensure this field has no more than {STATEMENT_MAX} characters."
    )
    screenshot("reader-claim-refusals", full_page=False)
    assert Claim.objects.count() == 0


def test_300_overlapping_claims_are_all_highlighted_and_linked_to_the_panel(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from django.db import transaction

    from claims import services
    from tests.factories import document

    page = signed_in
    sentences = [f"Satz {n}: Das System {n} erreicht {n * 3} Petaflops im Test." for n in range(160)]
    text = "\n".join(" ".join(sentences[i : i + 4]) for i in range(0, 160, 4)) + "\n"
    doc = document(text, title="Dreihundert Behauptungen")
    spans = []
    for n, sentence in enumerate(sentences[:150]):
        start = text.index(sentence)
        spans.append((start, start + len(sentence)))  # the sentence
        if n < 100:
            inner = text.index(f"{n * 3} Petaflops", start)
            spans.append((inner, inner + len(f"{n * 3} Petaflops")))  # nested in it
        if n < 50:  # across the end of this sentence into the next one's number: three deep there
            into = (
                text.index(f"erreicht {(n + 1) * 3} Petaflops", start + len(sentence)) + len("erreicht ") + 1
            )
            spans.append((start + len(sentence) - 8, into))
    assert len(spans) == 300
    with transaction.atomic():
        for start, end in spans:
            services.claim_create(
                document=doc, user=page.user, span=services.SpanInput(start=start, end=end), speaker="Test"
            )

    page.goto(f"{live_server.url}/documents/{doc.pk}/")
    expect(page.locator("#reader[data-ready]")).to_be_attached()
    items = page.locator(".claim-item")
    expect(items).to_have_count(300)
    # Every claim in the panel has its highlight in the text, and the text is the stored text.
    missing = page.evaluate(
        """() => [...document.querySelectorAll('.claim-summary')].map((item) => item.dataset.claim)
            .filter((id) => !document.querySelector(`#article-text .hl[data-claims~="${id}"]`))"""
    )
    assert missing == []
    assert page.evaluate("document.getElementById('article-text').textContent") == text
    expect(page.locator("#article-text .hl.d3").first).to_be_attached()  # sentence, number, crossing one

    # Click a number nested in a sentence: its own claim is selected in the panel, scrolled into view.
    number = page.locator("#article-text .hl.d2").filter(has_text=re.compile(r"^204 Petaflops$"))
    number.scroll_into_view_if_needed()
    number.click()
    selected = page.locator(".claim-item.is-selected")
    expect(selected).to_have_count(1)
    expect(selected.locator(".claim-quote")).to_have_text("204 Petaflops")
    expect(selected).to_be_in_viewport()
    # The same place again: the sentence around it.
    number.click()
    expect(selected.locator(".claim-quote")).to_have_text(sentences[68])

    # And the reverse: a claim far down the panel scrolls the text to its highlight.
    far = items.filter(has_text=sentences[140]).first
    far.locator(".claim-summary").click()
    outline = page.locator("#article-text .hl.is-selected")
    expect(outline.first).to_be_in_viewport()
    assert (
        page.evaluate(
            "[...document.querySelectorAll('#article-text .hl.is-selected')]"
            ".map((el) => el.textContent).join('')"
        )
        == sentences[140]
    )
    screenshot("reader-300", full_page=False)


def test_imported_markup_is_text_and_never_runs(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from tests.factories import document

    page = signed_in
    seen = watch_for_code(page)
    document(MARKUP + "Quelle mit <b>Markup</b>.\n", title="<img src=x onerror=alert(4)>Quelle")
    import_text(
        page, live_server, MARKUP + "Ein Leser schreibt: 4-Bit-Architektur.\n", "<script>alert(3)</script>"
    )

    text = page.locator("#article-text")
    expect(text).to_contain_text("<script>alert(1)</script>")
    expect(text).to_contain_text("<img src=x onerror=alert(2)>")
    expect(page.get_by_role("heading", name="<script>alert(3)</script>")).to_be_visible()
    expect(page.locator("#article-text img, #article-text script")).to_have_count(0)

    # A claim on the markup, with markup for a speaker and a statement: all shown as typed.
    drag_select(page, "#article-text", "<img src=x onerror=alert(2)>")
    page.get_by_role("button", name="Mark as claim").click()
    popover = page.get_by_role("dialog", name="Mark as claim")
    popover.get_by_label("Speaker").fill("<img src=y onerror=alert(5)>")
    popover.get_by_label("Statement").fill("<script>alert(6)</script>")
    popover.get_by_role("button", name="Save claim").click()
    expect(page.locator("#article-text .hl")).to_have_text("<img src=x onerror=alert(2)>")
    claim = summary(page, "<img src=x onerror=alert(2)>")
    expect(claim).to_contain_text("<img src=y onerror=alert(5)> · Author")
    expect(page.locator(".claim-detail:not([hidden])")).to_contain_text("<script>alert(6)</script>")

    # Search results and the source pane show a document's markup as text too.
    page.get_by_role("button", name="Link evidence").click()
    page.get_by_label("Search documents by title or text").press_sequentially("Markup", delay=20)
    result = page.get_by_role("button", name=re.compile("Quelle"))
    expect(result).to_contain_text("<img src=x onerror=alert(4)>Quelle")
    result.click()
    expect(page.locator("#source-text")).to_contain_text("Quelle mit <b>Markup</b>.")
    expect(page.locator("#reader img, #reader script, #reader b")).to_have_count(0)
    page.reload()
    expect(page.locator("#reader[data-ready]")).to_be_attached()
    assert seen == []


def test_evidence_is_edited_and_removed_after_confirming(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from tests.factories import PublisherFactory, claim, document, evidence

    page = signed_in
    seen = watch_for_code(page)
    PublisherFactory(name="Lakeside Courier", domain="lakeside.example", reliability=0.8)
    doc = document(ARTICLE, title="Rack-System im Test")
    source = document(
        SOURCE, title="Nachgemessen", publisher="Lakeside Courier", url="https://lakeside.example/n"
    )
    flops = claim(doc, page.user, "300 Petaflops")
    item = evidence(flops, source, page.user, exact="nur 30 Petaflops", stance="contradicts")

    page.goto(f"{live_server.url}/documents/{doc.pk}/#claim-{flops.pk}")
    row = page.locator(f"#evidence-{item.pk}")
    expect(row).to_contain_text("Contradicts")
    expect(summary(page, "300 Petaflops").locator(".claim-verdict")).to_have_text("Mostly contradicted 0.28")

    row.get_by_role("button", name="Edit").click()
    row.get_by_label("Stance").select_option("supports")
    row.get_by_label("Note").fill("Falsch gelesen: die Messung bestätigt es.")
    row.get_by_role("button", name="Save").click()
    row = page.locator(f"#evidence-{item.pk}")
    expect(row).to_contain_text("Supports")
    expect(row).to_contain_text("Falsch gelesen")
    expect(summary(page, "300 Petaflops").locator(".claim-verdict")).to_have_text("Mostly supported 0.72")
    expect(page.locator("#article-text .hl")).to_have_class(re.compile(r"\bv-mostly_supported\b"))

    row.get_by_role("button", name="Remove").click()
    confirm = row.get_by_role("group", name="Confirm removing this evidence")
    expect(confirm).to_contain_text("Remove this evidence?")
    confirm.get_by_role("button", name="Cancel").click()
    expect(confirm).to_be_hidden()
    expect(row).to_be_visible()
    row.get_by_role("button", name="Remove").click()
    screenshot("reader-remove-evidence", full_page=False)
    confirm.get_by_role("button", name="Yes, remove").click()
    expect(page.locator(f"#evidence-{item.pk}")).to_have_count(0)
    expect(page.locator(".claim-detail:not([hidden])")).to_contain_text("No evidence linked yet.")
    expect(summary(page, "300 Petaflops").locator(".claim-verdict")).to_have_text("Unverified")

    # A whole document, without a passage: the stance must be chosen first.
    page.get_by_role("button", name="Link evidence").click()
    page.get_by_label("Search documents by title or text").press_sequentially("Nachgemessen", delay=20)
    page.get_by_role("button", name=re.compile("Nachgemessen")).click()
    whole = page.locator("#whole-document-form")
    whole.get_by_role("button", name="Link whole document").click()
    expect(whole.get_by_role("alert")).to_have_text(
        "Choose a stance: supports, contradicts, mixed or context."
    )
    whole.get_by_label("Stance").select_option("context")
    whole.get_by_role("button", name="Link whole document").click()
    expect(page.locator("#source-pane")).to_contain_text("This whole document is linked to the claim.")
    detail = page.locator(".claim-detail:not([hidden])")
    expect(detail.locator(".evidence-item")).to_contain_text("Whole document")
    expect(detail.locator(".evidence-item")).to_contain_text("Context")
    # Context never moves the score.
    expect(summary(page, "300 Petaflops").locator(".claim-verdict")).to_have_text("Unverified")
    assert seen == []


def test_a_pending_verdict_updates_itself_without_reloading(signed_in: Page, live_server: object) -> None:
    from claims.verdicts import claims_score
    from factcheck.celery import app
    from tests.factories import PublisherFactory, claim, document, evidence

    page = signed_in
    PublisherFactory(name="Lakeside Courier", domain="lakeside.example", reliability=0.8)
    doc = document(ARTICLE, title="Rack-System im Test")
    flops = claim(doc, page.user, "300 Petaflops")
    # As if the worker were busy: the evidence is linked, its scoring job waits in the queue.
    app.conf.task_always_eager = False
    evidence(
        flops,
        document(SOURCE, title="Labor", publisher="Lakeside Courier", url="https://lakeside.example/l"),
        page.user,
        exact="nur 30 Petaflops",
        stance="contradicts",
    )

    page.goto(f"{live_server.url}/documents/{doc.pk}/")
    verdict = summary(page, "300 Petaflops").locator(".claim-verdict")
    expect(verdict).to_have_text("scoring…")
    expect(page.locator("#article-text .hl")).to_have_class(re.compile(r"\bv-unverified\b"))
    page.evaluate("window.stillTheSamePage = true")
    claims_score([flops.pk])  # what the worker does when it gets to the job
    expect(verdict).to_have_text("Mostly contradicted 0.28", timeout=10_000)
    expect(page.locator("#article-text .hl")).to_have_class(re.compile(r"\bv-mostly_contradicted\b"))
    assert page.evaluate("window.stillTheSamePage") is True
