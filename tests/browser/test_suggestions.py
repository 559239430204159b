"""Suggestions in real Chromium: the reader's Suggestions tab (reached with the keyboard, a suggestion
shown in the text, accepted into a highlighted claim without reloading, another dismissed) and the claim
page's Suggested evidence (a passage linked with a corrected stance appears among the evidence).

Suggestions come from the real jobs: here commits happen, so the import's and the new claim's jobs run
in-process as they do in the embedded mode. Screenshots to look at: suggestions-tab,
suggestions-shown, suggestions-accepted, suggested-evidence, suggested-evidence-linked.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.watch import watch_for_code
from tests.suggestion_samples import FORUM, QUOTED, RACK, REVIEW

MARKUP = "<img src=x onerror=alert(1)>"

SHOWN_IN_TEXT = """() => {
  const shown = CSS.highlights.get('reader-suggestion');
  return shown ? [...shown].map((range) => range.toString()) : [];
}"""


@pytest.fixture(autouse=True)
def _steady_motion(page: Page) -> None:
    """Scroll jumps instead of gliding, so a screenshot shows where the page ends up."""
    page.emulate_media(reduced_motion="reduce")


def test_suggestions_tab_shows_accepts_and_dismisses_without_reloading(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from claims.models import Claim
    from tests.factories import PublisherFactory, document

    page = signed_in
    seen = watch_for_code(page)
    PublisherFactory(name="Zhejiang Tech", reliability=0.6)
    rack = document(RACK, title="Tianmu stellt SkyRack 512 vor", language="de", publisher="Zhejiang Tech")
    page.goto(f"{live_server.url}/documents/{rack.pk}/")
    expect(page.locator("#reader[data-ready]")).to_be_attached()
    page.evaluate("window.stillTheSamePage = true")

    # The tabs, with the keyboard: the arrow key moves to Suggestions and shows it.
    claims_tab = page.get_by_role("tab", name="Claims")
    suggestions_tab = page.get_by_role("tab", name="Suggestions")
    expect(suggestions_tab).to_contain_text("2")
    claims_tab.focus()
    page.keyboard.press("ArrowRight")
    expect(suggestions_tab).to_be_focused()
    expect(suggestions_tab).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("tabpanel", name="Suggestions")).to_be_visible()
    expect(page.get_by_role("tabpanel", name="Claims")).to_be_hidden()
    items = page.locator(".suggestion-item")
    expect(items).to_have_count(2)
    quoted = items.filter(has_text="Li Wen")
    expect(quoted).to_contain_text("Li Wen · Quoted person")
    expect(quoted).to_contain_text("score 1.00")
    expect(quoted.locator(".suggestion-reasons li").first).to_have_text(
        "numbers: 250 Petaflops (= 250 PFLOPS) (+0.35)"
    )
    screenshot("suggestions-tab")

    # Showing it in the text marks exactly its span (the emoji before it counts twice in the browser).
    quoted.get_by_role("button", name=f"Show in the text: {QUOTED}").click()
    assert page.evaluate(SHOWN_IN_TEXT) == [QUOTED]
    expect(quoted).to_have_class("suggestion-item is-shown")
    screenshot("suggestions-shown", full_page=False)

    # Accept with the speaker as suggested: the claim is highlighted and listed, the page not reloaded.
    quoted.get_by_text("Correct the speaker").click()
    expect(quoted.get_by_label("Speaker")).to_have_value("Li Wen")
    expect(quoted.get_by_label("Role")).to_have_value("quoted")
    quoted.get_by_role("button", name="Accept").click()
    highlight = page.locator("#article-text .hl")
    expect(highlight).to_have_text(QUOTED)
    expect(items).to_have_count(1)
    expect(suggestions_tab).to_contain_text("1")
    expect(claims_tab).to_contain_text("1")
    expect(page.locator("#suggestion-done")).to_contain_text(f"Claim made: “{QUOTED}”")
    expect(page.locator(".suggestion-item .suggestion-summary").first).to_be_focused()  # the next one
    made = Claim.objects.get(document=rack)
    assert (made.exact, made.speaker, made.speaker_role) == (QUOTED, "Li Wen", "quoted")
    screenshot("suggestions-accepted", full_page=False)

    # "Show the claim" goes to the Claims tab with the new claim open.
    page.get_by_role("button", name="Show the claim").click()
    expect(claims_tab).to_have_attribute("aria-selected", "true")
    summary = page.locator(f"#claim-summary-{made.pk}")
    expect(summary).to_contain_text("Li Wen · Quoted person")
    expect(summary).to_have_attribute("aria-expanded", "true")
    expect(highlight).to_have_class("hl v-unverified d1 is-selected sel-first sel-last")

    # Dismiss the other one: the list says there is nothing left.
    suggestions_tab.click()
    items.filter(has_text="560 Kilowatt").get_by_role("button", name="Dismiss").click()
    expect(items).to_have_count(0)
    expect(page.locator("#suggestion-list")).to_contain_text("No open suggestions for this document.")
    expect(suggestions_tab).to_contain_text("0")
    assert page.evaluate("window.stillTheSamePage") is True
    assert seen == []


def test_the_claim_page_links_a_suggested_passage_as_evidence(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from claims.models import Evidence
    from tests.factories import PublisherFactory, claim, document

    page = signed_in
    seen = watch_for_code(page)
    PublisherFactory(name="Rechenwerk", reliability=0.8)
    rack = document(RACK, title="Tianmu stellt SkyRack 512 vor", language="de")
    source = document(REVIEW, title="SkyRack 512 review", language="en", publisher="Rechenwerk")
    document(FORUM, title="Forum: SkyRack", language="de")
    petaflops = claim(rack, page.user, "Das Rack-System erreicht 250 Petaflops", speaker="Li Wen")
    page.goto(f"{live_server.url}/claims/{petaflops.pk}/")
    page.evaluate("window.stillTheSamePage = true")

    suggested = page.locator("#suggested-evidence")
    expect(suggested.get_by_role("heading", name="Suggested evidence")).to_be_visible()
    review = suggested.locator(".suggestion-item").filter(has_text="The rack-scale system delivers")
    expect(review).to_contain_text("Supports")
    expect(review).to_contain_text("proposed, confidence 0.75")
    expect(review).to_contain_text("Rechenwerk · reliability 0.8")
    expect(review).to_contain_text("numbers agree")
    expect(review.get_by_role("link", name="SkyRack 512 review")).to_have_attribute(
        "href", f"/documents/{source.pk}/"
    )
    expect(review.get_by_label("Stance")).to_have_value("supports")
    expect(page.locator("#evidence")).to_contain_text("No evidence yet.")
    screenshot("suggested-evidence")

    review.get_by_label("Stance").select_option("mixed")
    review.get_by_label("Note").fill(f"Verbrauch fehlt {MARKUP}")
    review.get_by_role("button", name="Link as evidence").click()

    evidence = page.locator("#evidence .evidence-item")
    expect(evidence).to_have_count(1)
    expect(evidence).to_contain_text("The rack-scale system delivers 250 petaflops")
    expect(evidence).to_contain_text("accepted suggestion")
    expect(evidence.locator(".stance")).to_have_text("Mixed")
    expect(evidence.locator(".evidence-note")).to_have_text(f"Verbrauch fehlt {MARKUP}")
    expect(suggested).to_contain_text("Linked as evidence; the claim is being scored again.")
    expect(review).to_have_count(0)
    # The keyboard stays in the list: on the suggestion that took the linked one's place.
    expect(suggested.locator(".suggestion-item .evidence-document").first).to_be_focused()
    # The scoring job ran once the link was committed: the verdict panel shows its result by itself.
    expect(page.locator(".verdict-computed .verdict")).not_to_have_text("scoring…", timeout=10_000)
    linked = Evidence.objects.get(claim=petaflops)
    assert (linked.origin, linked.stance) == ("suggestion", "mixed")
    assert page.evaluate("window.stillTheSamePage") is True
    screenshot("suggested-evidence-linked")

    # The rest are dismissed in place, until the section says nothing is waiting.
    left = suggested.locator(".suggestion-item")
    for count in range(left.count(), 0, -1):
        left.first.get_by_role("button", name="Dismiss").click()
        expect(left).to_have_count(count - 1)
    expect(suggested).to_contain_text("No suggested evidence is waiting for this claim.")
    expect(suggested.get_by_role("heading", name="Suggested evidence")).to_be_focused()
    expect(page.locator("#suggested-evidence-status")).to_have_text(
        "Suggestion dismissed: it is not proposed again for this claim."
    )
    assert seen == []


@pytest.mark.parametrize("button", ["Link as evidence", "Dismiss"])
def test_deciding_for_a_claim_deleted_in_another_tab_says_so_on_the_claim_page(
    signed_in: Page, live_server: object, screenshot: object, button: str
) -> None:
    from claims.models import Evidence
    from claims.services import claim_delete
    from tests.factories import claim, document

    page = signed_in
    seen = watch_for_code(page)
    rack = document(RACK, title="Tianmu stellt SkyRack 512 vor", language="de")
    document(REVIEW, title="SkyRack 512 review", language="en")
    petaflops = claim(rack, page.user, "Das Rack-System erreicht 250 Petaflops", speaker="Li Wen")
    page.goto(f"{live_server.url}/claims/{petaflops.pk}/")
    suggested = page.locator("#suggested-evidence")
    review = suggested.locator(".suggestion-item").filter(has_text="The rack-scale system delivers")
    expect(review).to_be_visible()

    claim_delete(claim=petaflops, user=page.user)  # in another tab
    review.get_by_role("button", name=button).click()

    # Before, nothing happened (with DEBUG, Django's 404 page took the claim page's place).
    expect(suggested.get_by_role("alert")).to_have_text(
        "This claim was deleted, perhaps in another tab,"
        " so its suggested evidence can no longer be linked or dismissed."
    )
    expect(review).to_be_visible()
    assert not Evidence.objects.exists()
    screenshot(f"suggested-evidence-of-deleted-claim-{button.split()[0].lower()}", full_page=False)
    assert seen == []


def test_a_passage_linked_by_hand_is_not_suggested_on_the_claim_page(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from claims.assist.models import EvidenceSuggestion
    from claims.services import SpanInput, evidence_link
    from tests.factories import claim, document

    page = signed_in
    rack = document(RACK, title="Tianmu stellt SkyRack 512 vor", language="de")
    review = document(REVIEW, title="SkyRack 512 review", language="en")
    petaflops = claim(rack, page.user, "Das Rack-System erreicht 250 Petaflops", speaker="Li Wen")
    proposed = EvidenceSuggestion.objects.get(claim=petaflops, exact__startswith="The rack-scale")
    # The editor links part of the suggested sentence by hand (the reader's "link evidence").
    evidence_link(
        claim=petaflops,
        document=review,
        user=page.user,
        stance="supports",
        span=SpanInput(exact="250 petaflops"),
    )
    page.goto(f"{live_server.url}/claims/{petaflops.pk}/")

    expect(page.locator("#evidence .evidence-item")).to_contain_text("250 petaflops")
    expect(page.locator("#suggested-evidence")).not_to_contain_text(proposed.exact)
    screenshot("suggested-evidence-without-linked")


def test_a_reader_sees_the_suggestions_without_buttons_on_a_narrow_screen(
    page: Page, live_server: object, transactional_db: None, screenshot: object
) -> None:
    from tests.factories import document, reader

    reader("rita")
    rack = document(RACK, title="Tianmu stellt SkyRack 512 vor", language="de")
    page.set_viewport_size({"width": 720, "height": 900})
    page.goto(f"{live_server.url}/login/?next=/documents/{rack.pk}/%23suggestions")
    page.get_by_label("Username").fill("rita")
    page.get_by_label("Password").fill("secret-password-1")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#reader[data-ready]")).to_be_attached()

    # The link's #suggestions opens the tab, and on a narrow screen the sheet at the bottom it is in.
    expect(page.get_by_role("tab", name="Suggestions")).to_have_attribute("aria-selected", "true")
    items = page.locator(".suggestion-item")
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text("Li Wen · Quoted person")
    expect(page.get_by_role("button", name="Accept")).to_have_count(0)
    expect(page.get_by_role("button", name="Dismiss")).to_have_count(0)
    items.first.locator(".suggestion-summary").click()
    assert page.evaluate(SHOWN_IN_TEXT) == [QUOTED]
    page.locator("#claim-panel").scroll_into_view_if_needed()
    screenshot("suggestions-reader-narrow")


def _lost_search(settings: object) -> object:
    """A document whose search job was lost (a worker died with it, Redis restarted): nothing found,
    still marked; the tab calls it late after 4 s (90 by default)."""
    from django.utils import timezone

    from claims.assist.models import ClaimSuggestion, Passage
    from sources.models import Document
    from tests.factories import document

    settings.FACTCHECK_SUGGESTIONS_WAIT = 4
    rack = document(RACK, title="Tianmu stellt SkyRack 512 vor", language="de")
    ClaimSuggestion.objects.filter(document=rack).delete()
    Passage.objects.filter(document=rack).delete()
    Document.objects.filter(pk=rack.pk).update(suggestions_pending_since=timezone.now())
    return rack


def test_a_late_search_says_so_and_can_be_run_again_at_once(
    signed_in: Page, live_server: object, screenshot: object, settings: object
) -> None:
    from sources.models import Document

    page = signed_in
    seen = watch_for_code(page)
    rack = _lost_search(settings)

    page.goto(f"{live_server.url}/documents/{rack.pk}/#suggestions")
    panel = page.get_by_role("tabpanel", name="Suggestions")
    expect(panel).to_contain_text("Looking for check-worthy sentences")
    # The tab asks again while it waits, and after the wait it says the search is late and when the
    # sweep sends it again (120 s after it was sent, at the next minute's sweep).
    expect(panel).to_contain_text(
        "The search for check-worthy sentences in this document is late", timeout=15_000
    )
    expect(panel).to_contain_text("it is sent again automatically within 3 minutes")
    expect(panel).not_to_contain_text("failed")
    again = panel.get_by_role("button", name="Search again now")
    expect(again).to_be_visible()
    # It keeps asking; the button keeps the keyboard's focus meanwhile.
    again.focus()
    page.wait_for_timeout(4_000)
    expect(again).to_be_focused()
    screenshot("suggestions-search-late")

    page.keyboard.press("Enter")

    expect(panel.locator(".suggestion-item")).to_have_count(2)
    expect(panel).not_to_contain_text("is late")
    assert Document.objects.get(pk=rack.pk).suggestions_pending_since is None
    screenshot("suggestions-searched-again")
    assert seen == []


def test_a_late_search_sent_again_by_the_sweep_shows_its_suggestions_by_itself(
    signed_in: Page, live_server: object, settings: object
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from claims.tasks import documents_sweep_pending
    from sources.models import Document

    page = signed_in
    seen = watch_for_code(page)
    rack = _lost_search(settings)
    page.goto(f"{live_server.url}/documents/{rack.pk}/#suggestions")
    panel = page.get_by_role("tabpanel", name="Suggestions")
    expect(panel).to_contain_text("is late", timeout=15_000)

    # Beat's sweep, its time come: it sends the search again (run here in-process), nobody clicks.
    sent = timezone.now() - timedelta(seconds=settings.FACTCHECK_DOCUMENT_JOBS_SWEEP_AFTER + 1)
    Document.objects.filter(pk=rack.pk).update(suggestions_pending_since=sent)
    assert documents_sweep_pending() == 1

    expect(panel.locator(".suggestion-item")).to_have_count(2)
    expect(panel).not_to_contain_text("is late")
    assert seen == []


def test_a_tab_left_waiting_says_when_it_stops_checking_and_checks_again_on_request(
    signed_in: Page, live_server: object, screenshot: object, settings: object
) -> None:
    from claims.assist.tasks import document_suggest

    page = signed_in
    seen = watch_for_code(page)
    rack = _lost_search(settings)
    page.clock.install()  # the page's own time, moved on below as if it had stayed open
    page.goto(f"{live_server.url}/documents/{rack.pk}/#suggestions")
    panel = page.get_by_role("tabpanel", name="Suggestions")
    expect(panel).to_contain_text("is late", timeout=15_000)
    expect(panel).to_contain_text("The suggestions appear here when it is done.")

    page.clock.fast_forward("10:00")  # ten minutes left open, still waiting

    stopped = "This page stopped checking for the result after 10 minutes."
    expect(panel).to_contain_text(stopped)
    # What is no longer true is no longer shown.
    expect(panel).not_to_contain_text("The suggestions appear here when it is done.", use_inner_text=True)
    check = panel.get_by_role("button", name="Check again")
    expect(check).to_be_visible()
    screenshot("suggestions-stopped-checking")

    # Checked again while the search still has not finished: the tab asks again, as at first.
    check.click()
    expect(panel).not_to_contain_text(stopped)
    expect(panel).to_contain_text("The suggestions appear here when it is done.", use_inner_text=True)
    expect(panel.get_by_role("button", name="Search again now")).to_be_focused()

    # The search sent again finishes: its suggestions appear by themselves, the tab is asking again.
    document_suggest.run(rack.pk)
    expect(panel.locator(".suggestion-item")).to_have_count(2, timeout=15_000)
    assert seen == []


def test_a_stopped_tab_shows_what_came_meanwhile_once_checked_again(
    signed_in: Page, live_server: object, settings: object
) -> None:
    from claims.assist.tasks import document_suggest

    page = signed_in
    seen = watch_for_code(page)
    rack = _lost_search(settings)
    page.clock.install()
    page.goto(f"{live_server.url}/documents/{rack.pk}/#suggestions")
    panel = page.get_by_role("tabpanel", name="Suggestions")
    expect(panel).to_contain_text("is late", timeout=15_000)
    page.clock.fast_forward("10:00")
    expect(panel).to_contain_text("This page stopped checking")

    document_suggest.run(rack.pk)  # done now; the page, no longer asking, does not know yet
    page.wait_for_timeout(4_000)
    expect(panel.locator(".suggestion-item")).to_have_count(0)
    expect(panel).to_contain_text("This page stopped checking")

    panel.get_by_role("button", name="Check again").click()
    expect(panel.locator(".suggestion-item")).to_have_count(2)
    expect(panel).not_to_contain_text("stopped checking")
    expect(page.get_by_role("tab", name="Suggestions")).to_contain_text("2")
    assert seen == []


def test_a_search_failed_after_its_attempts_says_so_and_can_be_run_again(
    signed_in: Page, live_server: object, screenshot: object, settings: object
) -> None:
    from sources.models import Document

    page = signed_in
    seen = watch_for_code(page)
    from datetime import timedelta

    from django.utils import timezone

    rack = _lost_search(settings)
    # Its last attempt began longer ago than the hard time limit of any job: it cannot be running.
    Document.objects.filter(pk=rack.pk).update(
        suggestions_attempts=settings.FACTCHECK_DOCUMENT_JOBS_ATTEMPTS,
        suggestions_pending_since=timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 1),
    )

    page.goto(f"{live_server.url}/documents/{rack.pk}/#suggestions")
    panel = page.get_by_role("tabpanel", name="Suggestions")
    expect(panel).to_contain_text(
        "The search for check-worthy sentences in this document failed after 3 attempts: it is not sent "
        "again automatically.",
        timeout=15_000,
    )
    expect(panel).not_to_contain_text("is late")
    again = panel.get_by_role("button", name="Search again now")
    expect(again).to_be_visible()
    screenshot("suggestions-search-failed")

    again.click()

    expect(panel.locator(".suggestion-item")).to_have_count(2)
    searched = Document.objects.get(pk=rack.pk)
    assert (searched.suggestions_pending_since, searched.suggestions_attempts) == (None, 0)
    assert seen == []
