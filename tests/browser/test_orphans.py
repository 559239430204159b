"""The orphaned-spans page in real Chromium: a claim orphaned by a re-import is placed again by selecting
its new text with the mouse. Screenshots to look at: orphans-list, orphans (the text open to select in)."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from tests.browser.watch import watch_for_code

ARTICLE_URL = "https://brennsee-bote.example/faehre"
# The ship makes code points and UTF-16 units differ: a mix-up of the two would place the span wrongly.
ARTICLE = (
    "Die Solarfähre 🚢 Aurelia fährt seit Sonntag auf dem Brennsee.\n\n"
    "Ihr Batteriespeicher fasst 1,2 Megawattstunden, sagte der Kapitän.\n\n"
    "Eine Überfahrt dauert rund 25 Minuten, sagt die Reederei.\n\n"
    "Ein Leser schreibt: Die Fähre schafft 40 Knoten.\n"
)
# The new revision: the capacity changed (a different claim: orphaned), the crossing was reworded a
# little (moved, to confirm), and a paragraph was added before both.
REVISED = (
    "Die Solarfähre 🚢 Aurelia fährt seit Sonntag auf dem Brennsee.\n\n"
    "Korrektur: In einer früheren Fassung stand eine falsche Speichergröße.\n\n"
    "Ihr Batteriespeicher fasst 1,5 Megawattstunden, sagte der Kapitän.\n\n"
    "Eine Überfahrt dauert rund 25 Min., sagt die Reederei.\n\n"
    "Ein Leser schreibt: Die Fähre schafft 40 Knoten.\n"
)
NEW_QUOTE = "fasst 1,5 Megawattstunden"


def seed_orphans(user: object) -> tuple[object, object]:
    """A re-import that orphans one claim and moves another with less than full confidence."""
    from claims.models import Claim
    from sources import services as sources
    from tests.factories import PublisherFactory, claim, document

    PublisherFactory(name="Brennsee-Bote", domain="brennsee-bote.example", reliability=0.6)
    article = document(ARTICLE, title="Solarfähre auf dem Brennsee", url=ARTICLE_URL)
    capacity = claim(article, user, "fasst 1,2 Megawattstunden", speaker="Der Kapitän", speaker_role="quoted")
    crossing = claim(article, user, "Eine Überfahrt dauert rund 25 Minuten", speaker="Reederei")
    # Re-anchoring runs in-process when the import commits (tests/conftest.py).
    sources.document_import(
        source=sources.source_from_text(REVISED), overrides=sources.ImportOverrides(url=ARTICLE_URL)
    )
    capacity, crossing = Claim.objects.get(pk=capacity.pk), Claim.objects.get(pk=crossing.pk)
    assert capacity.orphaned
    assert not crossing.orphaned and crossing.anchor_confidence < 1
    return capacity, crossing


# The box of one character of `quote` in the text box: its first (last=False) or its last.
CHARACTER_BOX = """(root, [quote, last]) => {
  const node = root.firstChild;
  const at = node.data.indexOf(quote) + (last ? quote.length - 1 : 0);
  const range = document.createRange();
  range.setStart(node, at);
  range.setEnd(node, at + 1);
  const rect = range.getBoundingClientRect();
  return {x: rect.left, y: rect.top + rect.height / 2, width: rect.width};
}"""


def select_text(page: Page, box: Locator, quote: str) -> None:
    """Drag the mouse over `quote` in the text box, from its first character to its last, as a person does."""
    box.scroll_into_view_if_needed()
    first = box.evaluate(CHARACTER_BOX, [quote, False])
    last = box.evaluate(CHARACTER_BOX, [quote, True])
    page.mouse.move(first["x"] + 1, first["y"])
    page.mouse.down()
    page.mouse.move(last["x"] + last["width"] / 2, last["y"], steps=8)
    page.mouse.move(last["x"] + last["width"] - 1, last["y"], steps=2)
    page.mouse.up()


def test_an_orphaned_claim_is_placed_again_by_selecting_its_new_text(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    capacity, crossing = seed_orphans(signed_in.user)
    seen = watch_for_code(signed_in)
    signed_in.goto(f"{live_server.url}/orphans/")

    lost = signed_in.locator(f"#orphan-claim-{capacity.pk}")
    expect(lost).to_contain_text("fasst 1,2 Megawattstunden")
    expect(lost).to_contain_text("Kept as it was in revision 1; the document is now at revision 2.")
    moved = signed_in.locator(f"#orphan-claim-{crossing.pk}")
    expect(moved).to_contain_text("Eine Überfahrt dauert rund 25 Min.")
    expect(moved.get_by_role("button", name="Confirm this place")).to_be_visible()
    screenshot("orphans-list")

    lost.get_by_role("link", name="Place again…").click()
    text = lost.locator("[data-place-text]")
    expect(text).to_contain_text(NEW_QUOTE)
    assert signed_in.url == f"{live_server.url}/orphans/"  # the panel opened in place
    select_text(signed_in, text, NEW_QUOTE)

    quote = lost.get_by_label("Its new text")
    expect(quote).to_have_value(NEW_QUOTE)
    screenshot("orphans")
    lost.get_by_role("button", name="Place it here").click()

    expect(signed_in.locator(".message")).to_have_text(
        "The claim is placed again, in revision 2 of “Solarfähre auf dem Brennsee”."
    )
    expect(signed_in.locator(f"#orphan-claim-{capacity.pk}")).to_have_count(0)
    capacity.refresh_from_db()
    revision = capacity.document.current_revision
    assert (capacity.orphaned, capacity.revision_id, capacity.exact) == (False, revision.pk, NEW_QUOTE)
    # Stored in code points: the browser counted the ship as two UTF-16 units, the server as one.
    assert revision.text[capacity.start : capacity.end] == NEW_QUOTE

    # The moved one is confirmed where it is, and the queue is empty.
    signed_in.locator(f"#orphan-claim-{crossing.pk}").get_by_role("button", name="Confirm this place").click()
    expect(signed_in.locator(".empty")).to_contain_text("No spans are waiting.")
    crossing.refresh_from_db()
    assert crossing.anchor_confidence == 1.0
    assert seen == []
