"""Suggestions in the browser UI, through Django's test client: the reader's Suggestions tab (its count,
its list in text order with reasons, accepting and dismissing through the REST API with the session and
the CSRF token as reader.js does) and the claim page's Suggested evidence (linking with a corrected
stance, dismissing, refusals beside the item). Readers see both without buttons and are refused.

The article has an emoji before its suggestions, so UTF-16 offsets (what the page gives the browser)
differ from the stored code points and a mix-up cannot pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from html.parser import HTMLParser

import pytest
from django.test import Client

from claims.assist import finding, passages
from claims.assist.models import ClaimSuggestion, EvidenceSuggestion, SuggestionStatus, quote_key
from claims.models import Claim, Evidence
from sources.models import Document
from tests.factories import PublisherFactory, claim, document, editor, reader
from tests.suggestion_samples import FORUM, POWER, QUOTED, RACK, REVIEW

pytestmark = pytest.mark.django_db

MARKUP = "<script>alert(1)</script><img src=x onerror=alert(2)>"


# --- Fixtures: documents imported and claims marked as users do, their jobs run on commit ------------------


@pytest.fixture
def anna() -> object:
    return editor("anna", password=None)


@pytest.fixture
def as_editor(anna: object) -> Client:
    """An editor's browser: CSRF checked as for real, the token taken from a page as reader.js takes it."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(anna)
    return client


@pytest.fixture
def as_reader() -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader("rolf", password=None))
    return client


@pytest.fixture
def rack(imported: Callable[..., Document]) -> Document:
    return imported(RACK, title="SkyRack 512", language="de")


@pytest.fixture
def petaflops(imported: Callable[..., Document], marked: Callable[..., Claim], rack: Document, anna: object):
    """A claim with evidence suggested from a review (supports) and a forum comment (contradicts)."""
    PublisherFactory(name="Rechenwerk", domain="rechenwerk.example", reliability=0.8)
    imported(
        REVIEW,
        title="SkyRack review",
        language="en",
        publisher="Rechenwerk",
        url="https://rechenwerk.example/skyrack",
    )
    imported(FORUM, title="Forum SkyRack", language="de")
    return marked(rack, anna, "Das Rack-System erreicht 250 Petaflops")


def csrf_token(client: Client, url: str) -> str:
    found = re.search(r'"X-CSRFToken": "([^"]+)"', client.get(url).content.decode())
    assert found, "no CSRF token on the page"
    return found.group(1)


def api_post(client: Client, url: str, body: dict | None = None, *, page: str) -> object:
    """POST to the REST API as reader.js does: JSON, the session cookie, the CSRF header."""
    return client.post(
        url, body or {}, content_type="application/json", HTTP_X_CSRFTOKEN=csrf_token(client, page)
    )


def form_post(client: Client, url: str, data: dict | None = None, *, page: str, htmx: bool = False) -> object:
    """POST a claim-page form as the browser does (with htmx: its header and in-place answer)."""
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(url, {"csrfmiddlewaretoken": csrf_token(client, page), **(data or {})}, **headers)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """The elements a browser would make of the page (attribute values unescaped, as it reads them)."""
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def text_of(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).strip()


def suggestion_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<li class="suggestion-item" id="suggestion-(\d+)"', html)]


def evidence_suggestion_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<li class="suggestion-item" id="evidence-suggestion-(\d+)"', html)]


def item_of(html: str, element_id: str) -> str:
    """One suggestion's list item: from its opening tag to the next item or the end of the list."""
    at = html.index(f'<li class="suggestion-item" id="{element_id}"')
    ends = [i for i in (html.find('<li class="suggestion-item"', at + 1), html.find("</ol>", at)) if i > 0]
    return html[at : min(ends)]


def section(html: str, element_id: str) -> str:
    found = re.search(rf'<section [^>]*id="{element_id}".*?</section>', html, re.S)
    assert found, f"no #{element_id}"
    return found.group(0)


# --- The reader's Suggestions tab --------------------------------------------------------------------------


def test_the_reader_counts_the_open_suggestions_in_its_tab(as_editor: Client, rack: Document) -> None:
    html = as_editor.get(f"/documents/{rack.pk}/").content.decode()

    open_count = ClaimSuggestion.objects.filter(document=rack, status="open").count()
    assert open_count == 2
    assert re.search(r'role="tab" id="tab-suggestions"[^>]*aria-selected="false"', html)
    assert f'<span class="count" id="suggestion-count">{open_count}</span>' in html
    assert f'data-url="/documents/{rack.pk}/suggestions/"' in html


def test_the_tab_lists_open_suggestions_in_text_order_with_speaker_score_and_reasons(
    as_editor: Client, rack: Document
) -> None:
    html = as_editor.get(f"/documents/{rack.pk}/suggestions/").content.decode()

    quoted = ClaimSuggestion.objects.get(document=rack, exact=QUOTED)
    power = ClaimSuggestion.objects.get(document=rack, exact=POWER)
    assert suggestion_ids(html) == [quoted.pk, power.pk]  # as they occur in the text
    item = item_of(html, f"suggestion-{quoted.pk}")
    shown = text_of(item)
    assert QUOTED in shown and "Li Wen · Quoted person" in shown and "score 1.00" in shown
    assert "numbers: 250 Petaflops (= 250 PFLOPS) (+0.35)" in shown and "names: Li Wen (+0.15)" in shown
    # UTF-16 offsets of the text shown: the emoji before the sentence counts twice.
    start = rack.text.index(QUOTED) + 1
    assert f'data-start="{start}" data-end="{start + len(QUOTED)}"' in item
    assert "No speaker named · Author" in text_of(html)  # the cooling sentence has no one quoted
    assert "no-cache" in as_editor.get(f"/documents/{rack.pk}/suggestions/")["Cache-Control"]
    assert not any(
        text.startswith("Ob sich") for text in re.findall(r'class="claim-quote"[^>]*>([^<]*)', html)
    )


def test_accepting_makes_the_claim_highlighted_in_the_parts_and_it_leaves_the_list(
    as_editor: Client, rack: Document, anna: object
) -> None:
    quoted = ClaimSuggestion.objects.get(document=rack, exact=QUOTED)
    page = f"/documents/{rack.pk}/"
    listed = as_editor.get(f"/documents/{rack.pk}/suggestions/").content.decode()
    assert (
        'value="Li Wen"' in listed and '<option value="quoted" selected>' in listed
    )  # accepted as suggested

    response = api_post(
        as_editor,
        f"/api/v1/claim-suggestions/{quoted.pk}/accept/",
        {"speaker": "Li Wen", "speaker_role": "quoted"},
        page=page,
    )

    assert response.status_code == 201, response.content
    made = Claim.objects.get(pk=response.json()["id"])
    assert (made.exact, made.speaker, made.speaker_role, made.created_by) == (
        QUOTED,
        "Li Wen",
        "quoted",
        anna,
    )
    parts = as_editor.get(f"/documents/{rack.pk}/parts/").content.decode()
    assert f'data-claims="{made.pk}">{QUOTED}</span>' in parts
    assert f'id="claim-{made.pk}"' in parts and '<span class="count" id="claim-count">1</span>' in parts
    after = as_editor.get(f"/documents/{rack.pk}/suggestions/").content.decode()
    assert quoted.pk not in suggestion_ids(after) and 'data-count="1"' in after


def test_accepting_with_a_corrected_speaker_uses_the_correction(as_editor: Client, rack: Document) -> None:
    power = ClaimSuggestion.objects.get(document=rack, exact=POWER)

    response = api_post(
        as_editor,
        f"/api/v1/claim-suggestions/{power.pk}/accept/",
        {"speaker": "Tianmu", "speaker_role": "quoted"},
        page=f"/documents/{rack.pk}/",
    )

    assert response.status_code == 201
    made = Claim.objects.get(pk=response.json()["id"])
    assert (made.speaker, made.speaker_role) == ("Tianmu", "quoted")


def test_dismissing_takes_the_suggestion_off_the_list_for_good(as_editor: Client, rack: Document) -> None:
    power = ClaimSuggestion.objects.get(document=rack, exact=POWER)

    response = api_post(
        as_editor, f"/api/v1/claim-suggestions/{power.pk}/dismiss/", page=f"/documents/{rack.pk}/"
    )

    assert response.status_code == 200
    power.refresh_from_db()
    assert power.status == SuggestionStatus.DISMISSED and not Claim.objects.exists()
    after = as_editor.get(f"/documents/{rack.pk}/suggestions/").content.decode()
    assert power.pk not in suggestion_ids(after)
    assert 'id="suggestion-count">1<' in as_editor.get(f"/documents/{rack.pk}/").content.decode()


def test_readers_see_the_suggestions_without_buttons_and_are_refused(
    as_reader: Client, as_editor: Client, rack: Document
) -> None:
    quoted = ClaimSuggestion.objects.get(document=rack, exact=QUOTED)
    url = f"/documents/{rack.pk}/suggestions/"

    theirs = as_reader.get(url).content.decode()
    mine = as_editor.get(url).content.decode()
    response = api_post(
        as_reader, f"/api/v1/claim-suggestions/{quoted.pk}/accept/", page=f"/documents/{rack.pk}/"
    )

    assert suggestion_ids(theirs) == suggestion_ids(mine) and QUOTED in theirs
    assert "numbers: 250 Petaflops" in theirs
    for control in ('class="suggestion-decide"', ">Accept</button>", ">Dismiss</button>"):
        assert control in mine and control not in theirs
    assert response.status_code == 403
    quoted.refresh_from_db()
    assert quoted.status == SuggestionStatus.OPEN and not Claim.objects.exists()


def test_a_document_without_open_suggestions_says_so(as_editor: Client, imported: Callable) -> None:
    quiet = imported("Ob sich das lohnt, wird sich zeigen.\n", title="Nichts zu prüfen", language="de")

    html = as_editor.get(f"/documents/{quiet.pk}/suggestions/").content.decode()

    assert suggestion_ids(html) == [] and "No open suggestions for this document." in html
    assert 'id="suggestion-count">0<' in as_editor.get(f"/documents/{quiet.pk}/").content.decode()


def test_a_suggestion_from_an_older_revision_is_listed_but_not_placed(
    as_editor: Client, imported: Callable
) -> None:
    rack = imported(RACK, title="SkyRack 512", language="de", url="https://tianmu.example/skyrack")
    quoted = ClaimSuggestion.objects.get(document=rack, exact=QUOTED)
    # A new revision whose suggestion job has not run yet: the old revision's suggestions are still open.
    document(RACK + "Nachtrag: Die Auslieferung beginnt im Mai.\n", url="https://tianmu.example/skyrack")

    html = as_editor.get(f"/documents/{rack.pk}/suggestions/").content.decode()

    item = re.search(rf'<li class="suggestion-item" id="suggestion-{quoted.pk}"[^>]*>', html)
    assert item and "data-start" not in item.group(0)
    assert "Found in an older revision: not marked in the text shown." in text_of(html)


# --- Suggested evidence on the claim page ------------------------------------------------------------------


def test_the_claim_page_lists_suggested_evidence_best_first_with_stance_and_why(
    as_editor: Client, petaflops: Claim
) -> None:
    html = as_editor.get(f"/claims/{petaflops.pk}/").content.decode()

    proposed = list(
        EvidenceSuggestion.objects.filter(claim=petaflops, status="open").order_by("-score", "id")
    )
    panel = section(html, "suggested-evidence")
    assert evidence_suggestion_ids(panel) == [s.pk for s in proposed]
    review = proposed[0]
    assert review.exact.startswith("The rack-scale system delivers")
    item = item_of(panel, f"evidence-suggestion-{review.pk}")
    shown = text_of(item)
    assert "Supports proposed, confidence 0.75" in shown
    assert "SkyRack review" in shown and "Rechenwerk · reliability 0.8" in shown
    assert review.exact in shown
    assert "numbers agree: claim 250 Petaflops (= 250 PFLOPS); passage 250 petaflops (= 250 PFLOPS)" in shown
    assert f'href="/documents/{review.document_id}/"' in item  # the source in the reader
    assert '<option value="supports" selected>' in item  # the stance select starts at the proposed one
    contradicting = next(s for s in proposed if s.exact.startswith("Ein Leser"))
    assert "Contradicts proposed" in text_of(item_of(panel, f"evidence-suggestion-{contradicting.pk}"))


def test_linking_with_a_corrected_stance_makes_evidence_from_the_suggestion(
    as_editor: Client, petaflops: Claim, anna: object
) -> None:
    review = EvidenceSuggestion.objects.get(claim=petaflops, exact__startswith="The rack-scale")
    page = f"/claims/{petaflops.pk}/"

    response = form_post(
        as_editor,
        f"/evidence-suggestions/{review.pk}/accept/",
        {"stance": "mixed", "note": "Der Verbrauch fehlt in der Meldung."},
        page=page,
    )

    assert response.status_code == 302 and response["Location"] == f"{page}#evidence"
    linked = Evidence.objects.get(claim=petaflops)
    assert (linked.origin, linked.stance, linked.note, linked.exact, linked.created_by) == (
        "suggestion",
        "mixed",
        "Der Verbrauch fehlt in der Meldung.",
        review.exact,
        anna,
    )
    review.refresh_from_db()
    assert (review.status, review.evidence_id) == ("accepted", linked.pk)
    html = as_editor.get(page).content.decode()
    evidence_list = section(html, "evidence")
    assert f'id="evidence-{linked.pk}"' in evidence_list and "accepted suggestion" in evidence_list
    assert review.pk not in evidence_suggestion_ids(section(html, "suggested-evidence"))
    assert "Linked as evidence; the claim is being scored again." in html


def test_linking_in_place_brings_the_evidence_and_the_verdict_scoring(
    as_editor: Client, petaflops: Claim
) -> None:
    review = EvidenceSuggestion.objects.get(claim=petaflops, exact__startswith="The rack-scale")

    response = form_post(
        as_editor,
        f"/evidence-suggestions/{review.pk}/accept/",
        {"stance": "supports", "note": ""},
        page=f"/claims/{petaflops.pk}/",
        htmx=True,
    )

    html = response.content.decode()
    assert response.status_code == 200
    linked = Evidence.objects.get(claim=petaflops)
    assert review.pk not in evidence_suggestion_ids(section(html, "suggested-evidence"))
    assert "Linked as evidence; the claim is being scored again." in html
    evidence_panel = section(html, "evidence")
    assert 'hx-swap-oob="outerHTML"' in evidence_panel and f'id="evidence-{linked.pk}"' in evidence_panel
    assert "accepted suggestion" in evidence_panel
    verdict = section(html, f"claim-{petaflops.pk}-verdict")
    assert 'hx-swap-oob="outerHTML"' in verdict and "scoring…" in verdict  # as for evidence linked by hand
    assert 'hx-trigger="every 2s"' in verdict
    # Read out by the page's own live region, which stays where it is while the section is replaced.
    assert re.search(
        r'id="suggested-evidence-status" role="status" hx-swap-oob="innerHTML">Linked as evidence', html
    )


def test_dismissing_suggested_evidence_takes_it_off_the_page(as_editor: Client, petaflops: Claim) -> None:
    forum = EvidenceSuggestion.objects.get(claim=petaflops, exact__startswith="Ein Leser")
    page = f"/claims/{petaflops.pk}/"

    in_place = form_post(as_editor, f"/evidence-suggestions/{forum.pk}/dismiss/", page=page, htmx=True)

    assert in_place.status_code == 200
    assert forum.pk not in evidence_suggestion_ids(in_place.content.decode())
    assert "Suggestion dismissed" in in_place.content.decode()
    forum.refresh_from_db()
    assert forum.status == SuggestionStatus.DISMISSED and not Evidence.objects.exists()
    other = EvidenceSuggestion.objects.filter(claim=petaflops, status="open").first()
    plain_post = form_post(as_editor, f"/evidence-suggestions/{other.pk}/dismiss/", page=page)
    assert plain_post.status_code == 302 and plain_post["Location"] == f"{page}#suggested-evidence"


def test_a_quote_no_longer_in_the_text_is_refused_beside_the_item_and_links_nothing(
    as_editor: Client, petaflops: Claim
) -> None:
    review = EvidenceSuggestion.objects.get(claim=petaflops, exact__startswith="The rack-scale")
    # The review is corrected; its suggestion job has not run yet, so the old passage is still proposed.
    document(REVIEW.replace("250 petaflops", "25 petaflops"), url="https://rechenwerk.example/skyrack")
    page = f"/claims/{petaflops.pk}/"
    assert "Found in an older revision" in as_editor.get(page).content.decode()

    in_place = form_post(
        as_editor,
        f"/evidence-suggestions/{review.pk}/accept/",
        {"stance": "contradicts", "note": "Korrigiert"},
        page=page,
        htmx=True,
    )
    plain_post = form_post(
        as_editor, f"/evidence-suggestions/{review.pk}/accept/", {"stance": "supports"}, page=page
    )

    html = in_place.content.decode()
    assert in_place.status_code == 200
    error = re.search(
        rf'<p class="field-error" id="evidence-suggestion-{review.pk}-error"[^>]*>([^<]*)', html
    )
    assert error and "no longer in the document&#x27;s current text" in error.group(1)
    item = item_of(html, f"evidence-suggestion-{review.pk}")
    assert '<option value="contradicts" selected>' in item and 'value="Korrigiert"' in item  # kept as typed
    assert (
        plain_post.status_code == 400
        and "no longer in the document&#x27;s current text" in plain_post.content.decode()
    )
    assert not Evidence.objects.exists()
    review.refresh_from_db()
    assert review.status == SuggestionStatus.OPEN


def test_a_stance_outside_the_vocabulary_is_refused(as_editor: Client, petaflops: Claim) -> None:
    review = EvidenceSuggestion.objects.get(claim=petaflops, exact__startswith="The rack-scale")

    response = form_post(
        as_editor,
        f"/evidence-suggestions/{review.pk}/accept/",
        {"stance": "agrees"},
        page=f"/claims/{petaflops.pk}/",
        htmx=True,
    )

    assert "Unknown stance &#x27;agrees&#x27;" in response.content.decode()
    assert not Evidence.objects.exists()


def test_deciding_twice_says_it_was_decided_and_changes_nothing(as_editor: Client, petaflops: Claim) -> None:
    review = EvidenceSuggestion.objects.get(claim=petaflops, exact__startswith="The rack-scale")
    url, page = f"/evidence-suggestions/{review.pk}/accept/", f"/claims/{petaflops.pk}/"
    form_post(as_editor, url, {"stance": "supports"}, page=page, htmx=True)

    again = form_post(as_editor, f"/evidence-suggestions/{review.pk}/dismiss/", page=page, htmx=True)

    assert "This suggestion was accepted already." in again.content.decode()
    assert Evidence.objects.count() == 1
    review.refresh_from_db()
    assert review.status == SuggestionStatus.ACCEPTED


def test_readers_see_suggested_evidence_without_forms_and_are_refused(
    as_reader: Client, petaflops: Claim
) -> None:
    review = EvidenceSuggestion.objects.get(claim=petaflops, exact__startswith="The rack-scale")
    page = f"/claims/{petaflops.pk}/"

    html = as_reader.get(page).content.decode()
    accept = form_post(
        as_reader, f"/evidence-suggestions/{review.pk}/accept/", {"stance": "supports"}, page=page
    )
    dismiss = form_post(as_reader, f"/evidence-suggestions/{review.pk}/dismiss/", page=page)

    assert review.pk in evidence_suggestion_ids(html) and review.exact in html
    assert "Link as evidence" not in html and "suggestion-form" not in html
    assert accept.status_code == 403 and dismiss.status_code == 403
    assert "Only editors can link suggested evidence" in accept.content.decode()
    assert not Evidence.objects.exists()
    review.refresh_from_db()
    assert review.status == SuggestionStatus.OPEN


def test_a_claim_without_suggested_evidence_says_so(as_editor: Client, rack: Document, anna: object) -> None:
    alone = claim(rack, anna, "Der Schrank benötigt 560 Kilowatt")  # no job run: nothing suggested

    html = as_editor.get(f"/claims/{alone.pk}/").content.decode()

    assert "No suggested evidence is waiting for this claim." in section(html, "suggested-evidence")


def test_the_readers_claim_detail_points_to_the_suggested_evidence(
    as_editor: Client, petaflops: Claim, rack: Document
) -> None:
    count = EvidenceSuggestion.objects.filter(claim=petaflops, status="open").count()

    html = as_editor.get(f"/documents/{rack.pk}/claims/{petaflops.pk}/").content.decode()

    assert f'href="/claims/{petaflops.pk}/#suggested-evidence">{count} suggested passages' in html


# --- Imported markup stays text ---------------------------------------------------------------------------


def test_markup_in_quotes_and_reasons_is_shown_as_text(
    as_editor: Client, imported: Callable, anna: object
) -> None:
    text = f"Ein Leser schreibt: {MARKUP} kostet 3 Euro.\n"
    page = imported(text, title="Markup", language="de")
    source = imported(f"Quelle: {MARKUP} kostet 30 Euro.\n", title="Quelle", language="de")
    exact = f"{MARKUP} kostet 3 Euro."
    start = text.index(exact)
    ClaimSuggestion.objects.create(
        document=page,
        revision=page.current_revision,
        start=start,
        end=start + len(exact),
        exact=exact,
        key=quote_key(exact),
        score=0.5,
        reasons=[f"names: {MARKUP}"],
        speaker=f"<b>{MARKUP}</b>",
        speaker_role="commenter",
    )
    target = claim(page, anna, "Ein Leser schreibt")  # beside the suggestion: it stays open
    passage = f"{MARKUP} kostet 30 Euro."
    at = source.text.index(passage)
    EvidenceSuggestion.objects.create(
        claim=target,
        document=source,
        revision=source.current_revision,
        start=at,
        end=at + len(passage),
        exact=passage,
        key=quote_key(passage),
        stance="contradicts",
        stance_confidence=0.6,
        score=0.7,
        reasons=[f"numbers differ: {MARKUP}"],
    )

    for url in (f"/documents/{page.pk}/suggestions/", f"/claims/{target.pk}/"):
        response = as_editor.get(url)
        html = response.content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html and "<b><script" not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url
        made = tags_of(html)
        assert not [tag for tag, a in made if tag in {"img", "b"} or (tag == "script" and not a.get("src"))]
        assert not [
            name for _, attrs in made for name in attrs if name.startswith("on") or name == "style"
        ], url
    listed = text_of(as_editor.get(f"/documents/{page.pk}/suggestions/").content.decode())
    assert f"names: {MARKUP}" in listed and f"<b>{MARKUP}</b> · Commenter" in listed
    shown = text_of(as_editor.get(f"/claims/{target.pk}/").content.decode())
    assert f"numbers differ: {MARKUP}" in shown and passage in shown


def test_a_note_over_the_limit_is_refused_and_kept_as_typed(as_editor: Client, petaflops: Claim) -> None:
    review = EvidenceSuggestion.objects.get(claim=petaflops, exact__startswith="The rack-scale")

    response = form_post(
        as_editor,
        f"/evidence-suggestions/{review.pk}/accept/",
        {"stance": "mixed", "note": "x" * 10_001},
        page=f"/claims/{petaflops.pk}/",
        htmx=True,
    )

    item = item_of(response.content.decode(), f"evidence-suggestion-{review.pk}")
    assert "Ensure this value has at most 10000 characters" in item
    assert '<option value="mixed" selected>' in item
    assert not Evidence.objects.exists()


def test_the_tab_says_when_the_document_has_not_been_searched_yet(
    as_editor: Client, imported: Callable[..., Document]
) -> None:
    waiting = document(RACK, title="Noch nicht durchsucht", language="de")  # its job has not run

    before = as_editor.get(f"/documents/{waiting.pk}/suggestions/").content.decode()
    finding.document_claims_suggest(document_id=waiting.pk)
    passages.document_passages_index(document_id=waiting.pk)
    after = as_editor.get(f"/documents/{waiting.pk}/suggestions/").content.decode()

    assert 'data-pending="true"' in before and "Looking for check-worthy sentences" in before
    assert 'data-pending="true"' not in after and suggestion_ids(after)


def test_a_search_lost_for_too_long_says_it_failed_and_an_editor_runs_it_again(
    as_editor: Client, as_reader: Client, settings: object, django_capture_on_commit_callbacks: Callable
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    lost = document(RACK, title="Suche verloren", language="de")  # its job never ran
    long_ago = timezone.now() - timedelta(seconds=settings.FACTCHECK_SUGGESTIONS_WAIT + 1)
    Document.objects.filter(pk=lost.pk).update(suggestions_pending_since=long_ago)
    url = f"/documents/{lost.pk}/suggestions/"

    failed = as_editor.get(url).content.decode()
    reader_page = f"/documents/{lost.pk}/"
    refused = form_post(as_reader, f"{url}search/", page=reader_page)
    with django_capture_on_commit_callbacks(execute=True):
        searched = form_post(as_editor, f"{url}search/", page=reader_page)
    after = as_editor.get(url).content.decode()

    assert "search for check-worthy sentences in this document failed" in failed
    assert "Search again" in failed and 'data-pending="true"' not in failed  # no more asking
    assert refused.status_code == 403
    assert searched.status_code == 302 and searched["Location"] == f"/documents/{lost.pk}/#suggestions"
    assert suggestion_ids(after) and "failed" not in after
    assert Document.objects.get(pk=lost.pk).suggestions_pending_since is None


def test_a_document_imported_without_suggestions_offers_a_search(
    as_editor: Client, imported: Callable[..., Document]
) -> None:
    from sources import services as sources

    outcome = sources.documents_import_batch(
        prepared=[sources.document_prepare(sources.source_from_text(RACK))], suggest=False
    )[0]

    html = as_editor.get(f"/documents/{outcome.document.pk}/suggestions/").content.decode()

    assert "has not been searched for check-worthy sentences yet" in html and "Search now" in html
