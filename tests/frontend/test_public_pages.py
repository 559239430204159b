"""The public fact-check pages, index, feeds and sitemap, through Django's test client, signed out.

Only claims with a published editorial verdict appear; a withdrawn one answers 410 Gone; editors' names,
internal notes and computed verdicts never appear.
"""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from html import unescape
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from claims import publication, services
from claims.models import Claim, FactCheck
from claims.verdicts import editorial_verdict_publish
from tests.factories import PublisherFactory, claim, document, editor, evidence

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Die Solarfähre Aurelia fährt seit Sonntag auf dem Brennsee.\n\n"
    "Ein Leser schreibt: Die Fähre schafft 40 Knoten.\n\n"
    "Ihr Batteriespeicher fasst 1,2 Megawattstunden.\n"
)
SOURCE = "Werftbericht: Ihre Höchstgeschwindigkeit liegt bei 9 Knoten.\n"
SITE = "https://faktencheck.example"


@pytest.fixture(autouse=True)
def newsroom() -> Any:
    with override_settings(
        FACTCHECK_SITE_URL=SITE, FACTCHECK_ORGANISATION="Faktencheck Brennsee", FACTCHECK_LOGO_URL=""
    ):
        yield


@pytest.fixture
def owner() -> object:
    return editor("ines_redakteurin", first_name="Ines", last_name="Redakteurin", password=None)


@pytest.fixture
def published(owner: object) -> Claim:
    article = document(ARTICLE, url="https://brennsee-bote.example/faehre", title="Solarfähre in Betrieb")
    article.publisher = PublisherFactory(name="Brennsee-Bote")
    article.save()
    source = document(SOURCE, url="https://werft.example/aurelia", title="Werftbericht Aurelia")
    made = claim(article, owner, "Die Fähre schafft 40 Knoten", speaker="Leser K.", speaker_role="commenter")
    evidence(
        made,
        source,
        owner,
        "Höchstgeschwindigkeit liegt bei 9 Knoten",
        stance="contradicts",
        note="INTERNAL: Werft noch einmal anrufen",
        note_internal=True,
    )
    editorial_verdict_publish(
        claim=made, user=owner, verdict="contradicted", explanation="Die Werft nennt höchstens 9 Knoten."
    )
    return made


@pytest.fixture
def draft(owner: object, published: Claim) -> Claim:
    """A claim with a computed verdict only."""
    return claim(published.document, owner, "fasst 1,2 Megawattstunden")


def slug_of(made: Claim) -> str:
    return FactCheck.objects.get(claim=made).slug


def json_ld(html: str) -> dict[str, Any]:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(found) == 1
    return json.loads(found[0])


def test_a_published_fact_check_is_public_with_its_claim_review(published: Claim) -> None:
    page = Client().get(f"/fact-checks/{slug_of(published)}/")

    assert page.status_code == 200
    html = page.content.decode()
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    for shown in (
        "Die Fähre schafft 40 Knoten",
        "Leser K.",
        "Solarfähre in Betrieb",
        "Contradicted",
        "Die Werft nennt höchstens 9 Knoten.",
        "Höchstgeschwindigkeit liegt bei 9 Knoten",
        "Werftbericht Aurelia",
        "Faktencheck Brennsee",
    ):
        assert shown in text, shown
    assert 'href="https://werft.example/aurelia"' in html
    review = json_ld(html)
    assert review["@type"] == "ClaimReview"
    assert review["url"] == f"{SITE}/fact-checks/{slug_of(published)}/"
    assert f'<meta property="og:url" content="{review["url"]}">' in html
    assert '<meta property="og:title"' in html and '<link rel="canonical"' in html
    # The CSP runs no inline script; the JSON-LD is a data block, which it does not block.
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert "unsafe-inline" not in page["Content-Security-Policy"]


def test_editor_names_internal_notes_and_computed_verdicts_never_appear(published: Claim) -> None:
    html = Client().get(f"/fact-checks/{slug_of(published)}/").content.decode()
    for hidden in ("ines_redakteurin", "Ines", "Redakteurin", "INTERNAL", "Werft noch einmal anrufen"):
        assert hidden not in html, hidden


def test_a_public_note_is_shown(published: Claim, owner: object) -> None:
    item = published.evidence.get()
    services.evidence_update(
        evidence=item, user=owner, note="Die Werft hat es schriftlich bestätigt.", note_internal=False
    )
    html = Client().get(f"/fact-checks/{slug_of(published)}/").content.decode()
    assert "Die Werft hat es schriftlich bestätigt." in html


def test_a_claim_without_a_published_verdict_has_no_page(draft: Claim) -> None:
    assert not FactCheck.objects.filter(claim=draft).exists()
    assert Client().get(f"/fact-checks/claim-{draft.pk}/").status_code == 404
    index = Client().get("/fact-checks/").content.decode()
    assert "fasst 1,2 Megawattstunden" not in index


def test_unpublishing_answers_410_and_removes_it_everywhere(published: Claim, owner: object) -> None:
    slug = slug_of(published)
    publication.fact_check_withdraw(claim=published, user=owner)

    page = Client().get(f"/fact-checks/{slug}/")
    assert page.status_code == 410
    assert "withdrawn" in page.content.decode()
    assert "40 Knoten" not in page.content.decode()
    assert slug not in Client().get("/fact-checks/").content.decode()
    assert slug not in Client().get("/fact-checks/feed/").content.decode()
    assert slug not in Client().get("/sitemap.xml").content.decode()

    # Publishing a verdict again reopens the same address.
    editorial_verdict_publish(claim=published, user=owner, verdict="contradicted", explanation="Bestätigt.")
    assert Client().get(f"/fact-checks/{slug}/").status_code == 200


def test_a_deleted_claims_page_is_gone(published: Claim, owner: object) -> None:
    slug = slug_of(published)
    services.claim_delete(claim=published, user=owner)
    assert Client().get(f"/fact-checks/{slug}/").status_code == 410


def test_the_index_lists_newest_first_pages_and_filters_by_verdict(published: Claim, owner: object) -> None:
    article = published.document
    made = []
    for number in range(21):
        exact = f"Nummer {number}"
        article_text = document(f"Behauptung Nummer {number} über die Fähre.\n")
        made.append(claim(article_text, owner, exact))
        editorial_verdict_publish(claim=made[-1], user=owner, verdict="supported", explanation="Stimmt.")

    first = Client().get("/fact-checks/").content.decode()
    assert first.index("Nummer 20") < first.index("Nummer 19")  # newest first
    assert "Page 1 of 2" in first and "Die Fähre schafft 40 Knoten" not in first
    second = Client().get("/fact-checks/?page=2").content.decode()
    assert "Die Fähre schafft 40 Knoten" in second

    contradicted = Client().get("/fact-checks/?verdict=contradicted").content.decode()
    assert "Die Fähre schafft 40 Knoten" in contradicted and "Nummer 3" not in contradicted
    assert "No fact-check has the verdict" in Client().get("/fact-checks/?verdict=disputed").content.decode()
    assert article.pk


def test_an_index_page_past_the_end_shows_the_last_page_and_says_so(published: Claim) -> None:
    past = Client().get("/fact-checks/?page=4")

    assert past.status_code == 200
    html = unescape(past.content.decode())
    assert "There is no page 4; this is the only page." in html
    assert "Die Fähre schafft 40 Knoten" in html
    assert "There is no page" not in Client().get("/fact-checks/").content.decode()


def test_an_unknown_verdict_filter_is_a_clear_error() -> None:
    page = Client().get("/fact-checks/?verdict=fake")
    assert page.status_code == 400
    assert "There is no verdict" in unescape(page.content.decode())


def test_the_feeds_and_the_sitemap_list_published_fact_checks(published: Claim, draft: Claim) -> None:
    url = f"{SITE}/fact-checks/{slug_of(published)}/"
    rss = Client().get("/fact-checks/feed/")
    atom = Client().get("/fact-checks/feed/atom/")
    sitemap = Client().get("/sitemap.xml")

    assert rss["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(rss.content).find("channel")
    items = channel.findall("item")
    assert [item.findtext("link") for item in items] == [url]
    assert items[0].findtext("title").startswith("Contradicted: Die Fähre schafft 40 Knoten")
    assert "ines" not in rss.content.decode()
    assert atom["Content-Type"].startswith("application/atom+xml")
    entries = ET.fromstring(atom.content).findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 1
    locations = [
        loc.text
        for loc in ET.fromstring(sitemap.content).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    assert locations == [url]


def test_the_public_pages_need_no_login_but_editor_pages_still_do(published: Claim) -> None:
    assert Client().get("/fact-checks/").status_code == 200
    assert Client().get(f"/claims/{published.pk}/").status_code == 302


# --- The editors' side, on the claim page ------------------------------------------------------------


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_claim_page_links_the_public_page_and_unpublishes_it(published: Claim, owner: object) -> None:
    slug = slug_of(published)
    editor_page = signed_in(owner).get(f"/claims/{published.pk}/").content.decode()
    assert f'href="/fact-checks/{slug}/"' in editor_page

    other = signed_in(editor("otto", password=None)).post(f"/claims/{published.pk}/unpublish/")
    assert other.status_code == 403
    assert Client().get(f"/fact-checks/{slug}/").status_code == 200

    answer = signed_in(owner).post(f"/claims/{published.pk}/unpublish/", follow=True)
    assert "Unpublished" in answer.content.decode()
    assert Client().get(f"/fact-checks/{slug}/").status_code == 410


def test_editors_choose_the_speakers_kind_and_a_short_wording(published: Claim, owner: object) -> None:
    client = signed_in(owner)
    page = client.get(f"/claims/{published.pk}/").content.decode()
    assert "under 75 characters reads best" in page

    client.post(
        f"/claims/{published.pk}/publication/",
        {"speaker_kind": "organization", "short_statement": "Aurelia fährt 40 Knoten"},
    )
    html = Client().get(f"/fact-checks/{slug_of(published)}/").content.decode()
    review = json_ld(html)
    assert review["claimReviewed"] == "Aurelia fährt 40 Knoten"
    assert review["itemReviewed"]["author"] == {"@type": "Organization", "name": "Leser K."}
    assert "<h1" in html and "Aurelia fährt 40 Knoten</h1>" in html

    refused = client.post(
        f"/claims/{published.pk}/publication/", {"speaker_kind": "robot", "short_statement": "x"}
    )
    assert refused.status_code == 400
    assert "Select a valid choice" in unescape(refused.content.decode())
    published.refresh_from_db()
    assert (published.speaker_kind, published.short_statement) == ("organization", "Aurelia fährt 40 Knoten")


def test_an_evidence_note_can_be_marked_internal_in_the_edit_form(published: Claim, owner: object) -> None:
    item = published.evidence.get()
    client = signed_in(owner)
    client.post(f"/evidence/{item.pk}/edit/", {"stance": "contradicts", "note": "Öffentlich: laut Werft."})
    assert "Öffentlich: laut Werft." in Client().get(f"/fact-checks/{slug_of(published)}/").content.decode()
    client.post(
        f"/evidence/{item.pk}/edit/", {"stance": "contradicts", "note": "Nur intern.", "note_internal": "on"}
    )
    assert "Nur intern." not in Client().get(f"/fact-checks/{slug_of(published)}/").content.decode()


def test_markup_in_a_claim_cannot_break_out_of_the_json_ld_block(owner: object) -> None:
    article = document("Ein Leser: </script><script>alert(1)</script> & <!-- mehr -->\n")
    made = claim(article, owner, "</script><script>alert(1)</script> & <!-- mehr -->", speaker="Leser")
    editorial_verdict_publish(
        claim=made, user=owner, verdict="unverified", explanation="<b>Keine</b> Quelle."
    )

    html = Client().get(f"/fact-checks/{slug_of(made)}/").content.decode()
    assert "<script>alert(1)" not in html
    assert html.count("<script") == 1  # only the data block
    review = json_ld(html)
    assert review["claimReviewed"] == "</script><script>alert(1)</script> & <!-- mehr -->"
    assert "&lt;b&gt;Keine&lt;/b&gt;" in html  # the explanation is text, not markup


def test_the_index_and_feed_cost_the_same_few_queries_however_many_fact_checks(
    published: Claim, owner: object, django_assert_max_num_queries: Any
) -> None:
    for number in range(15):
        made = claim(document(f"Behauptung {number} über die Fähre.\n"), owner, f"Behauptung {number}")
        editorial_verdict_publish(claim=made, user=owner, verdict="disputed", explanation="Umstritten.")
    with django_assert_max_num_queries(3):
        assert Client().get("/fact-checks/").status_code == 200
    with django_assert_max_num_queries(2):
        assert Client().get("/fact-checks/feed/").status_code == 200
    with django_assert_max_num_queries(3):
        assert Client().get("/sitemap.xml").status_code == 200


def test_the_demo_publishes_a_fact_check() -> None:
    call_command("load_demo", stdout=io.StringIO())
    index = Client().get("/fact-checks/").content.decode()
    assert "The battery only lasts for about 8 km" in index
    call_command("load_demo", stdout=io.StringIO())  # loading again publishes nothing twice
    assert FactCheck.objects.count() == 1
