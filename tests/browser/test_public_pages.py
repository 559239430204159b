"""The public fact-check pages in Chromium, signed out: the page and its JSON-LD as a browser gets them,
a draft's address answering 404, and the phone layout (390×844)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from claims.models import Claim, FactCheck
from claims.verdicts import editorial_verdict_publish
from tests.factories import PublisherFactory, claim, document, editor, evidence

ARTICLE = (
    "Die Solarfähre Aurelia fährt seit Sonntag auf dem Brennsee.\n\n"
    "Ein Leser schreibt: Die Fähre schafft 40 Knoten und lädt in fünf Minuten an jeder Steckdose.\n\n"
    "Ihr Batteriespeicher fasst 1,2 Megawattstunden.\n"
)
SOURCE = "Werftbericht: Ihre Höchstgeschwindigkeit liegt bei 9 Knoten; Laden dauert zwei Stunden.\n"


@pytest.fixture
def fact_checks(transactional_db: None, live_server: Any) -> dict[str, Claim]:
    owner = editor("ines_redakteurin", first_name="Ines", password=None)
    article = document(
        ARTICLE, url="https://brennsee-bote.example/faehre", title="Solarfähre Aurelia in Betrieb"
    )
    article.publisher = PublisherFactory(name="Brennsee-Bote")
    article.save()
    source = document(
        SOURCE, url="https://werft.example/aurelia", title="Werftbericht: die Aurelia in Zahlen"
    )
    made = claim(
        article,
        owner,
        "Die Fähre schafft 40 Knoten und lädt in fünf Minuten an jeder Steckdose",
        speaker="Leser K.",
        speaker_role="commenter",
        statement="Die Solarfähre Aurelia fährt 40 Knoten schnell.",
    )
    evidence(
        made,
        source,
        owner,
        "Ihre Höchstgeschwindigkeit liegt bei 9 Knoten",
        stance="contradicts",
        note="Angabe der Werft im Bericht vom Mai.",
    )
    editorial_verdict_publish(
        claim=made,
        user=owner,
        verdict="contradicted",
        explanation="Die Werft nennt höchstens 9 Knoten; 40 Knoten erreicht die Aurelia nicht.",
    )
    draft = claim(article, owner, "fasst 1,2 Megawattstunden")
    return {"published": made, "draft": draft}


@pytest.fixture(autouse=True)
def newsroom(live_server: Any) -> Any:
    with override_settings(FACTCHECK_SITE_URL=live_server.url, FACTCHECK_ORGANISATION="Faktencheck Brennsee"):
        yield


def test_a_reader_without_login_sees_the_fact_check_and_its_json_ld(
    page: Any, live_server: Any, fact_checks: dict, screenshot: Any
) -> None:
    slug = FactCheck.objects.get(claim=fact_checks["published"]).slug
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    answer = page.goto(f"{live_server.url}/fact-checks/")
    assert answer.status == 200
    page.get_by_role("link", name="Die Solarfähre Aurelia fährt 40 Knoten schnell.").click()
    page.wait_for_url(f"{live_server.url}/fact-checks/{slug}/")

    assert (
        page.get_by_role("heading", level=1).inner_text() == "Die Solarfähre Aurelia fährt 40 Knoten schnell."
    )
    assert "Contradicted" in page.locator(".fact-check-verdict").inner_text()
    assert "Leser K." in page.locator(".quote-source").inner_text()
    assert page.get_by_role("link", name="Werftbericht: die Aurelia in Zahlen").get_attribute("href") == (
        "https://werft.example/aurelia"
    )
    blocks = page.locator('script[type="application/ld+json"]').all_text_contents()
    review = json.loads(blocks[0])
    assert len(blocks) == 1 and review["@type"] == "ClaimReview"
    assert review["url"] == page.url
    assert review["reviewRating"]["alternateName"] == "Contradicted"
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Leser K."}
    assert page.locator('meta[property="og:title"]').get_attribute("content").startswith("Contradicted:")
    assert "Ines" not in page.content()
    assert not [e for e in errors if "Content Security Policy" in e], errors  # the data block is allowed
    screenshot("public-fact-check-desktop")


def test_a_drafts_address_is_404_and_a_withdrawn_one_410(
    page: Any, live_server: Any, fact_checks: dict
) -> None:
    assert page.goto(f"{live_server.url}/fact-checks/claim-{fact_checks['draft'].pk}/").status == 404
    assert "No fact-check here" in page.locator("h1").inner_text()
    FactCheck.objects.filter(claim=fact_checks["published"]).update(withdrawn_at="2026-01-01T00:00Z")
    slug = FactCheck.objects.get(claim=fact_checks["published"]).slug
    assert page.goto(f"{live_server.url}/fact-checks/{slug}/").status == 410
    assert "withdrawn" in page.locator("h1").inner_text()


def test_the_fact_check_reads_on_a_phone(
    page: Any, live_server: Any, fact_checks: dict, screenshot: Any
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    slug = FactCheck.objects.get(claim=fact_checks["published"]).slug
    page.goto(f"{live_server.url}/fact-checks/{slug}/")

    # Nothing wider than the screen: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    body_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert body_size >= 16
    assert page.locator(".fact-check-verdict").bounding_box()["width"] <= 390
    screenshot("public-fact-check-phone")
    page.goto(f"{live_server.url}/fact-checks/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box = page.get_by_role("button", name="Show").bounding_box()
    assert box["height"] >= 44  # a finger can hit it
    screenshot("public-index-phone")


def test_an_editor_publishes_opens_the_public_page_and_unpublishes_it(
    signed_in: Any, live_server: Any, screenshot: Any
) -> None:
    article = document(ARTICLE, url="https://brennsee-bote.example/faehre2", title="Solarfähre Aurelia")
    made = claim(
        article, signed_in.user, "Die Fähre schafft 40 Knoten", speaker="Leser K.", speaker_role="commenter"
    )
    signed_in.goto(f"{live_server.url}/claims/{made.pk}/")
    panel = signed_in.locator("#publication")
    expect(panel).to_contain_text("Not public")

    signed_in.get_by_label("Verdict", exact=True).select_option(label="Contradicted")
    signed_in.get_by_label("Explanation").fill("Die Werft nennt höchstens 9 Knoten.")
    signed_in.get_by_role("button", name="Publish").click()
    expect(panel).to_contain_text("Published at")  # the panel came along with the verdict, no reload
    slug = FactCheck.objects.get(claim=made).slug
    screenshot("public-claim-page-panel")

    signed_in.get_by_label("Short wording for search results").fill("Aurelia fährt 40 Knoten")
    signed_in.get_by_role("button", name="Save", exact=True).click()
    expect(signed_in.locator(".messages")).to_contain_text("Saved")

    signed_in.locator("#publication").get_by_role("link", name=f"/fact-checks/{slug}/").click()
    signed_in.wait_for_url(f"{live_server.url}/fact-checks/{slug}/")
    expect(signed_in.get_by_role("heading", level=1)).to_have_text("Aurelia fährt 40 Knoten")

    signed_in.goto(f"{live_server.url}/claims/{made.pk}/")
    signed_in.get_by_role("button", name="Unpublish").click()
    expect(signed_in.locator("#publication")).to_contain_text("Unpublished on")
    assert signed_in.goto(f"{live_server.url}/fact-checks/{slug}/").status == 410
