"""Correcting claims in real Chromium: deleting a claim (after a confirmation, kept in its history) and
re-placing its span by selecting new text, from the reader and from the claim page, also for a claim
that lost its place on re-import. Screenshots to look at: reader-delete-claim, reader-replace-claim,
claim-page-actions, claim-deleted-history."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_orphans import NEW_QUOTE, seed_orphans, select_text
from tests.browser.test_reader import ARTICLE, SOURCE, drag_select, summary
from tests.browser.watch import watch_for_code


@pytest.fixture(autouse=True)
def _steady_motion(page: Page) -> None:
    page.emulate_media(reduced_motion="reduce")


def test_a_claim_is_deleted_in_the_reader_after_confirming_and_stays_in_its_history(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from claims.models import Claim, Evidence
    from tests.factories import claim, document, evidence

    page = signed_in
    seen = watch_for_code(page)
    doc = document(ARTICLE, title="Rack-System im Test")
    source = document(SOURCE, title="Nachgemessen")
    # Marked by mistake: a drag that ran on to the end of the article.
    mistake = claim(doc, page.user, "300 Petaflops, sagte der Hersteller am Montag.\nEr sei damit schneller")
    kept = claim(doc, page.user, "seiner Klasse")
    evidence(mistake, source, page.user, exact="nur 30 Petaflops", stance="contradicts")

    page.goto(f"{live_server.url}/documents/{doc.pk}/#claim-{mistake.pk}")
    detail = page.locator(f"#claim-detail-{mistake.pk}")
    detail.get_by_role("button", name="Delete claim").click()
    confirm = detail.get_by_role("group", name="Confirm deleting this claim")
    expect(confirm).to_contain_text("Delete this claim and its 1 evidence link? Its history keeps it.")
    expect(confirm.get_by_role("button", name="Yes, delete")).to_be_focused()
    # Cancel keeps it.
    confirm.get_by_role("button", name="Cancel").click()
    expect(confirm).to_be_hidden()
    expect(page.locator(f'#article-text .hl[data-claims~="{mistake.pk}"]')).not_to_have_count(0)
    detail.get_by_role("button", name="Delete claim").click()
    screenshot("reader-delete-claim", full_page=False)
    confirm.get_by_role("button", name="Yes, delete").click()

    notice = page.locator("#reader-notice")
    expect(notice).to_contain_text("Claim deleted.")
    expect(page.locator(f"#claim-{mistake.pk}")).to_have_count(0)
    expect(page.locator(f'#article-text .hl[data-claims~="{mistake.pk}"]')).to_have_count(0)
    expect(page.locator("#article-text .hl")).to_have_text("seiner Klasse")
    expect(page.locator("#claim-count")).to_have_text("1")
    expect(page.locator("#article-text")).to_have_text(doc.text)  # the text itself is untouched
    assert not Claim.objects.filter(pk=mistake.pk).exists()
    assert not Evidence.objects.filter(claim_id=mistake.pk).exists()
    assert Claim.objects.filter(pk=kept.pk).exists()

    notice.get_by_role("link", name="See its history").click()
    expect(page.locator(".notice")).to_contain_text("This claim has been deleted. Its history is kept.")
    deleted = page.locator(".timeline-deleted")
    expect(deleted).to_contain_text("Claim deleted")
    expect(deleted).to_contain_text("ines")
    expect(page.locator(".timeline-removed")).to_contain_text("Evidence removed: Nachgemessen")
    expect(page.get_by_role("link", name="← Rack-System im Test")).to_be_visible()
    assert seen == []


def test_a_claim_is_re_placed_in_the_reader_by_selecting_new_text(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from claims.models import Claim
    from tests.factories import claim, document

    page = signed_in
    seen = watch_for_code(page)
    doc = document(ARTICLE, title="Rack-System im Test")
    wide = claim(doc, page.user, "300 Petaflops, sagte der Hersteller am Montag.\nEr sei damit")

    page.goto(f"{live_server.url}/documents/{doc.pk}/#claim-{wide.pk}")
    page.locator(f"#claim-detail-{wide.pk}").get_by_role("button", name="Re-place span").click()
    bar = page.locator("#replace-bar")
    expect(bar).to_contain_text("Select the claim’s new text in the article")
    drag_select(page, "#article-text", "erreicht als Rack-System 300 Petaflops")
    place = page.get_by_role("button", name="Place claim here")
    expect(place).to_be_visible()
    screenshot("reader-replace-claim", full_page=False)
    place.click()

    expect(bar).to_be_hidden()
    expect(page.locator(f'#article-text .hl[data-claims~="{wide.pk}"]')).to_have_text(
        "erreicht als Rack-System 300 Petaflops"
    )
    expect(summary(page, "erreicht als Rack-System")).to_have_attribute("aria-expanded", "true")
    wide.refresh_from_db()
    assert wide.exact == "erreicht als Rack-System 300 Petaflops"

    # Cancelling gives the ordinary mark button back.
    page.locator(f"#claim-detail-{wide.pk}").get_by_role("button", name="Re-place span").click()
    bar.get_by_role("button", name="Cancel").click()
    expect(bar).to_be_hidden()
    drag_select(page, "#article-text", "seiner Klasse")
    expect(page.get_by_role("button", name="Mark as claim")).to_be_visible()
    assert Claim.objects.get(pk=wide.pk).exact == "erreicht als Rack-System 300 Petaflops"

    page.goto(f"{live_server.url}/claims/{wide.pk}/history/")
    expect(page.locator(".timeline-changed").first).to_contain_text("erreicht als Rack-System 300 Petaflops")
    assert seen == []


def test_a_claim_that_lost_its_place_is_re_placed_from_the_reader(
    signed_in: Page, live_server: object
) -> None:
    page = signed_in
    seen = watch_for_code(page)
    capacity, _ = seed_orphans(page.user)

    page.goto(f"{live_server.url}/documents/{capacity.document_id}/")
    unplaced = page.locator(".claim-list-unplaced")
    expect(unplaced).to_contain_text("fasst 1,2 Megawattstunden")
    unplaced.locator(f"#claim-summary-{capacity.pk}").click()
    page.locator(f"#claim-detail-{capacity.pk}").get_by_role("button", name="Re-place span").click()
    drag_select(page, "#article-text", NEW_QUOTE)
    page.get_by_role("button", name="Place claim here").click()

    expect(page.locator(f'#article-text .hl[data-claims~="{capacity.pk}"]')).to_have_text(NEW_QUOTE)
    expect(page.locator(".claim-list-unplaced")).to_have_count(0)
    capacity.refresh_from_db()
    revision = capacity.document.current_revision
    assert (capacity.orphaned, capacity.revision_id) == (False, revision.pk)
    # The ship before it counts two UTF-16 units in the browser, one code point here.
    assert revision.text[capacity.start : capacity.end] == NEW_QUOTE
    assert seen == []


def test_the_claim_page_re_places_and_deletes_a_claim_after_confirming(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from claims.models import Claim

    page = signed_in
    seen = watch_for_code(page)
    capacity, _ = seed_orphans(page.user)

    page.goto(f"{live_server.url}/claims/{capacity.pk}/")
    page.get_by_role("link", name="Re-place its span…").click()
    text = page.locator("[data-place-text]")
    select_text(page, text, NEW_QUOTE)
    expect(page.get_by_label("Its new text")).to_have_value(NEW_QUOTE)
    page.get_by_role("button", name="Place it here").click()

    # Back on the claim page, with the new quote.
    page.wait_for_url(f"{live_server.url}/claims/{capacity.pk}/")
    expect(page.locator(".message")).to_contain_text("The claim is placed again, in revision 2")
    expect(page.locator(".claim-quote .quote-exact")).to_have_text(NEW_QUOTE)
    expect(page.locator(".notice-warning")).to_have_count(0)  # no longer orphaned

    page.get_by_text("Delete claim…").click()
    box = page.locator(".claim-actions .confirm-box")
    expect(box).to_contain_text("Delete this claim? It leaves the document")
    screenshot("claim-page-actions", full_page=False)
    page.get_by_text("Keep it").click()
    expect(box).to_be_hidden()
    page.get_by_text("Delete claim…").click()
    box.get_by_role("button", name="Delete the claim").click()

    page.wait_for_url(f"{live_server.url}/claims/{capacity.pk}/history/")
    expect(page.locator(".message")).to_have_text(
        "The claim is deleted. Its history below keeps what it was."
    )
    expect(page.locator(".timeline-deleted")).to_contain_text("Claim deleted")
    screenshot("claim-deleted-history", full_page=False)
    assert not Claim.objects.filter(pk=capacity.pk).exists()
    page.get_by_role("link", name=re.compile("Solarfähre auf dem Brennsee")).click()
    expect(page.locator("#reader[data-ready]")).to_be_attached()
    expect(page.locator(f"#claim-{capacity.pk}")).to_have_count(0)
    assert seen == []


def test_only_who_may_change_a_claim_sees_delete_and_re_place(signed_in: Page, live_server: object) -> None:
    from tests.factories import claim, document, editor

    page = signed_in
    doc = document(ARTICLE, title="Rack-System im Test")
    other = claim(doc, editor("olga"), "300 Petaflops")
    page.goto(f"{live_server.url}/documents/{doc.pk}/#claim-{other.pk}")
    detail = page.locator(f"#claim-detail-{other.pk}")
    expect(detail).to_contain_text("Evidence")
    expect(detail.get_by_role("button", name="Delete claim")).to_have_count(0)
    expect(detail.get_by_role("button", name="Re-place span")).to_have_count(0)
    page.goto(f"{live_server.url}/claims/{other.pk}/")
    expect(page.get_by_text("Delete claim…")).to_have_count(0)
    # The confirmation page refuses too, and says why.
    response = page.goto(f"{live_server.url}/claims/{other.pk}/delete/")
    assert response.status == 403
    expect(page.locator("main")).to_contain_text(
        "Only olga, who created this claim, or an admin can delete it."
    )


def test_an_evidence_link_removed_in_the_reader_is_in_the_claims_history(
    signed_in: Page, live_server: object
) -> None:
    from tests.factories import claim, document, evidence

    page = signed_in
    doc = document(ARTICLE, title="Rack-System im Test")
    source = document(SOURCE, title="Nachgemessen")
    flops = claim(doc, page.user, "300 Petaflops")
    item = evidence(flops, source, page.user, exact="nur 30 Petaflops", stance="contradicts")
    page.goto(f"{live_server.url}/documents/{doc.pk}/#claim-{flops.pk}")
    row = page.locator(f"#evidence-{item.pk}")
    row.get_by_role("button", name="Remove").click()
    row.get_by_role("group", name="Confirm removing this evidence").get_by_role(
        "button", name="Yes, remove"
    ).click()
    expect(page.locator(f"#evidence-{item.pk}")).to_have_count(0)
    page.goto(f"{live_server.url}/claims/{flops.pk}/history/")
    removed = page.locator(".timeline-removed")
    expect(removed).to_contain_text("Evidence removed: Nachgemessen")
    expect(removed).to_contain_text("ines")


def test_on_a_phone_a_claim_is_re_placed_and_deleted_from_the_sheet(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from claims.models import Claim
    from tests.factories import claim, document

    page = signed_in
    seen = watch_for_code(page)
    page.set_viewport_size({"width": 390, "height": 844})
    doc = document(ARTICLE, title="Rack-System im Test")
    wide = claim(doc, page.user, "300 Petaflops, sagte der Hersteller am Montag.\nEr sei damit")
    page.goto(f"{live_server.url}/documents/{doc.pk}/")
    expect(page.locator("#reader[data-ready]")).to_be_attached()

    page.get_by_role("button", name="Show").click()
    summary(page, "300 Petaflops, sagte").click()
    detail = page.locator(f"#claim-detail-{wide.pk}")
    detail.get_by_role("button", name="Re-place span").click()
    # The sheet steps aside for the text; the prompt stays on screen.
    expect(page.locator("#sheet-toggle")).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#replace-bar")).to_be_in_viewport()
    drag_select(page, "#article-text", "erreicht als Rack-System 300 Petaflops")
    screenshot("phone-replace-claim", full_page=False)
    page.get_by_role("button", name="Place claim here").click()
    expect(page.locator(f'#article-text .hl[data-claims~="{wide.pk}"]')).to_have_text(
        "erreicht als Rack-System 300 Petaflops"
    )
    expect(page.locator("#sheet-toggle")).to_have_attribute("aria-expanded", "true")

    detail.get_by_role("button", name="Delete claim").click()
    confirm = detail.get_by_role("group", name="Confirm deleting this claim")
    expect(confirm).to_be_in_viewport()
    screenshot("phone-delete-claim", full_page=False)
    confirm.get_by_role("button", name="Yes, delete").click()
    expect(page.locator("#reader-notice")).to_contain_text("Claim deleted.")
    expect(page.locator("#article-text .hl")).to_have_count(0)
    assert not Claim.objects.filter(pk=wide.pk).exists()
    assert seen == []


def test_a_source_opened_for_a_claim_deleted_in_another_tab_says_so_and_the_reader_stays(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from claims.services import claim_delete
    from tests.factories import claim, document

    page = signed_in
    seen = watch_for_code(page)
    doc = document(ARTICLE, title="Rack-System im Test")
    document(SOURCE, title="Nachgemessen: das Rack-System")
    marked = claim(doc, page.user, "seiner Klasse")
    page.goto(f"{live_server.url}/documents/{doc.pk}/#claim-{marked.pk}")
    detail = page.locator(f"#claim-detail-{marked.pk}")
    detail.get_by_role("button", name="Link evidence").click()
    detail.get_by_label("Search documents by title or text").press_sequentially("nachgemessen", delay=20)
    result = detail.get_by_role("button", name=re.compile("Nachgemessen: das Rack-System"))
    expect(result).to_be_visible()

    claim_delete(claim=marked, user=page.user)  # in another tab, by the same editor
    result.click()

    # Before, nothing happened (with DEBUG, Django's 404 page took the reader's place).
    expect(detail.locator(".evidence-results")).to_have_text(
        "This claim was deleted, perhaps in another tab. Reload the page to see the claims as they are now."
    )
    expect(page.locator("#source-pane")).to_be_hidden()
    expect(page.locator("#article-text")).to_have_text(doc.text)
    screenshot("reader-source-of-deleted-claim", full_page=False)
    assert seen == []
