"""The claim page in real Chromium: publishing an editorial verdict, the verdict updating by itself when
the scoring job finishes, removing evidence after confirming; and the claim's history. Screenshots to
look at: claim, claim-scoring, claim-remove, claim-history."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.watch import watch_for_code

ARTICLE = (
    "Die Solarfähre Aurelia fährt seit Sonntag auf dem Brennsee.\n\n"
    "Ihr Batteriespeicher fasst 1,2 Megawattstunden, sagte der Kapitän.\n\n"
    "Ein Leser schreibt: Die Fähre schafft 40 Knoten.\n"
)
SHIPYARD = (
    "Werftbericht: Die Aurelia hat einen Speicher von 1,2 Megawattstunden.\n\n"
    "Ihre Höchstgeschwindigkeit liegt bei 9 Knoten, sagt die Werft.\n"
)
HARBOUR = "Hafenamt Brennsee: Die Aurelia legte mit rund 8 Knoten an.\n"
MARKUP = "<img src=x onerror=alert(1)>"


def seed_claim(user: object) -> object:
    """A reader's comment that the shipyard contradicts, with a note in markup that must stay text.
    Scoring runs in-process as the evidence is linked (tests/conftest.py)."""
    from tests.factories import PublisherFactory, claim, document, evidence

    PublisherFactory(name="Brennsee-Bote", domain="brennsee-bote.example", reliability=0.6)
    PublisherFactory(name="Werftzeitung", domain="werft.example", reliability=0.8)
    article = document(
        ARTICLE,
        title="Solarfähre auf dem Brennsee",
        url="https://brennsee-bote.example/faehre",
        publisher="Brennsee-Bote",
    )
    shipyard = document(
        SHIPYARD, title="Werftbericht Aurelia", url="https://werft.example/aurelia", publisher="Werftzeitung"
    )
    knots = claim(
        article,
        user,
        "Die Fähre schafft 40 Knoten.",
        speaker="Ein Leser",
        speaker_role="commenter",
        statement="Die Solarfähre Aurelia fährt 40 Knoten schnell.",
    )
    evidence(
        knots, shipyard, user, exact="liegt bei 9 Knoten", stance="contradicts", note=f"Werftangabe {MARKUP}"
    )
    return knots


def test_an_editor_publishes_the_editorial_verdict(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    from claims.models import EditorialVerdict

    knots = seed_claim(signed_in.user)
    seen = watch_for_code(signed_in)
    signed_in.goto(f"{live_server.url}/claims/{knots.pk}/")

    expect(
        signed_in.get_by_role("heading", name="Die Solarfähre Aurelia fährt 40 Knoten schnell.")
    ).to_be_visible()
    panel = signed_in.locator(".verdict-panel")
    expect(panel.locator(".verdict-computed .verdict")).to_have_text("Mostly contradicted")
    expect(panel.locator(".breakdown-line")).to_contain_text(
        "passage in Werftzeitung, contradicts, publisher reliability 0.8"
    )
    expect(signed_in.locator(".evidence-note")).to_have_text(f"Werftangabe {MARKUP}")

    # Without an explanation the form says what is missing, beside the field, and publishes nothing.
    signed_in.get_by_label("Verdict", exact=True).select_option(label="Contradicted")
    signed_in.get_by_role("button", name="Publish").click()
    expect(signed_in.locator(".field-error")).to_have_text(
        "Explain the verdict: readers see the explanation with it."
    )
    assert not EditorialVerdict.objects.exists()

    expect(signed_in.locator("#claim-status")).to_have_text("Draft")
    signed_in.get_by_label("Explanation").fill("Die Werft nennt 9 Knoten Höchstgeschwindigkeit, nicht 40.")
    url_before = signed_in.url
    signed_in.get_by_role("button", name="Publish").click()

    expect(signed_in.get_by_role("status").filter(has_text="published")).to_have_text(
        "The editorial verdict is published."
    )
    editorial = panel.locator(".verdict-editorial")
    expect(editorial.locator(".verdict")).to_have_text("Contradicted")
    expect(editorial).to_contain_text("Die Werft nennt 9 Knoten Höchstgeschwindigkeit, nicht 40.")
    expect(editorial).to_contain_text("Published by ines")
    expect(signed_in.get_by_role("heading", name="Change the editorial verdict")).to_be_visible()
    # The claim is published now, and the page says so at once, in its overline and its facts.
    expect(signed_in.locator("#claim-status")).to_have_text("Published")
    expect(signed_in.locator("#claim-status-fact")).to_have_text("Published")
    assert signed_in.url == url_before  # published in place, no reload
    published = EditorialVerdict.objects.get(claim=knots)
    assert (published.verdict, published.published_by_id) == ("contradicted", signed_in.user.pk)
    # Taken last: Playwright's screenshot leaves style="" on inputs, which htmx would copy in a swap.
    screenshot("claim")
    assert seen == []


def test_the_verdict_updates_by_itself_when_the_scoring_job_finishes(
    signed_in: Page, live_server: object, screenshot: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claims import verdicts
    from tests.factories import PublisherFactory, document, evidence

    knots = seed_claim(signed_in.user)
    PublisherFactory(name="Hafenamt", domain="hafen.example", reliability=0.9)
    harbour = document(HARBOUR, title="Hafenamt: Ankunft der Aurelia", url="https://hafen.example/a")
    # As if the worker were busy: the evidence is linked and the claim marked pending, the job not yet run.
    waiting: list[int] = []
    monkeypatch.setattr(verdicts, "enqueue_scoring", lambda ids: waiting.extend(ids))
    evidence(knots, harbour, signed_in.user, exact="rund 8 Knoten", stance="contradicts")
    assert waiting == [knots.pk]

    seen = watch_for_code(signed_in)
    signed_in.goto(f"{live_server.url}/claims/{knots.pk}/")
    panel = signed_in.locator(".verdict-panel")
    expect(panel.locator(".verdict-computed .verdict")).to_have_text("scoring…")
    expect(panel).to_contain_text("Before the change: Mostly contradicted")
    signed_in.evaluate("() => { window.notReloaded = true; }")
    screenshot("claim-scoring")

    verdicts.claims_score(waiting)  # the job finishes

    expect(panel.locator(".verdict-computed .verdict")).to_have_text("Contradicted", timeout=10_000)
    expect(panel.locator(".breakdown-line")).to_have_count(2)
    expect(panel.locator(".breakdown-line").nth(1)).to_contain_text(
        "passage in Hafenamt, contradicts, publisher reliability 0.9"
    )
    expect(panel).to_contain_text("confidence")
    assert signed_in.evaluate("() => window.notReloaded") is True  # no reload: the panel swapped itself
    assert panel.get_attribute("hx-trigger") is None  # and it stopped polling
    assert seen == []


def test_removing_evidence_asks_first(signed_in: Page, live_server: object, screenshot: object) -> None:
    from claims.models import Evidence

    knots = seed_claim(signed_in.user)
    seen = watch_for_code(signed_in)
    signed_in.goto(f"{live_server.url}/claims/{knots.pk}/")

    item = signed_in.locator(".evidence-item")
    confirm = item.locator(".confirm-box")
    expect(confirm).to_be_hidden()
    item.get_by_text("Remove…").click()
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text("Remove this evidence from the claim?")
    screenshot("claim-remove")

    item.get_by_text("Keep it").click()  # changed their mind
    expect(confirm).to_be_hidden()
    assert Evidence.objects.filter(claim=knots).count() == 1

    item.get_by_text("Remove…").click()
    confirm.get_by_role("button", name="Remove the evidence").click()

    expect(signed_in.locator(".message")).to_have_text(
        "The evidence is removed; the claim is being scored again."
    )
    expect(signed_in.locator("#evidence")).to_contain_text("No evidence yet.")
    expect(signed_in.locator(".verdict-computed")).to_contain_text("Unverified — no usable evidence yet.")
    assert not Evidence.objects.filter(claim=knots).exists()

    signed_in.get_by_role("link", name="History of this claim").click()
    entries = signed_in.locator(".timeline-entry")
    expect(entries.first).to_contain_text("Computed verdict scored")
    expect(signed_in.locator(".timeline-removed")).to_contain_text("Evidence removed: Werftbericht Aurelia")
    expect(signed_in.locator(".timeline-created")).to_contain_text("Claim created")
    screenshot("claim-history")
    assert seen == []


def test_evidence_from_an_unverified_source_says_so_on_the_claim_page(
    signed_in: Page, live_server: object, screenshot: object
) -> None:
    """A text imported under a well-rated publisher's name, without a URL on its domains: the breakdown and
    the evidence say it counts as an unverified source, not with the publisher's rating."""
    from tests.factories import PublisherFactory, claim, document, evidence

    PublisherFactory(name="Werftzeitung", domain="werft.example", reliability=0.95)
    article = document(ARTICLE, title="Solarfähre auf dem Brennsee")
    pasted = document(SHIPYARD, title="Werftbericht (eingefügt)", publisher="Werftzeitung")
    knots = claim(article, signed_in.user, "Die Fähre schafft 40 Knoten.", speaker="Ein Leser")
    evidence(knots, pasted, signed_in.user, exact="liegt bei 9 Knoten", stance="contradicts")
    signed_in.goto(f"{live_server.url}/claims/{knots.pk}/")

    expect(signed_in.locator(".breakdown-line")).to_contain_text(
        "passage attributed to Werftzeitung, contradicts, unverified source: not on the publisher's domains, "
        "not confirmed by an admin: reliability 0.3 assumed"
    )
    expect(signed_in.locator("#evidence .evidence-source")).to_contain_text(
        "Werftzeitung · unverified source"
    )
    screenshot("claim-unverified-source")
