"""The claim page, its verdict partial, the editorial verdict form, the claim history, evidence edit and
remove, and the orphaned-spans page, through Django's test client.

Orphaned spans are placed again with `start`/`end` in UTF-16 code units of the current revision's text
(what browsers count), with the selected text as `exact`; the article has an emoji in it, so code points
and UTF-16 units differ and a mix-up cannot pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims import services
from claims.models import Assessment, Claim, EditorialVerdict, Evidence
from claims.verdicts import claims_score, editorial_verdict_publish
from sources import services as sources
from sources.models import Document
from tests.factories import PublisherFactory, UserFactory, claim, document, editor, evidence, reader

pytestmark = pytest.mark.django_db

ARTICLE_URL = "https://brennsee-bote.example/faehre"
ARTICLE = (
    "Die Solarfähre 🚢 Aurelia fährt seit Sonntag auf dem Brennsee.\n\n"
    "Ihr Batteriespeicher fasst 1,2 Megawattstunden, sagte der Kapitän.\n\n"
    "Ein Leser schreibt: Die Fähre schafft 40 Knoten.\n"
)
SOURCE_URL = "https://werft.example/aurelia"
SOURCE = (
    "Werftbericht: Die Aurelia hat einen Speicher von 1,2 Megawattstunden.\n\n"
    "Ihre Höchstgeschwindigkeit liegt bei 9 Knoten.\n"
)
MARKUP = "<script>alert(1)</script><img src=x onerror=alert(2)>"


# --- Fixtures: the permission trio, an admin, an article and a source ----------------------------------


@pytest.fixture
def owner() -> object:
    return editor("ines", password=None)


@pytest.fixture
def other_editor() -> object:
    return editor("otto", password=None)


@pytest.fixture
def a_reader() -> object:
    return reader("rolf", password=None)


@pytest.fixture
def admin() -> object:
    return UserFactory(username="ada", is_staff=True, password=None)


@pytest.fixture
def client_for() -> Callable[[object], Client]:
    def make(user: object) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def as_owner(owner: object, client_for: Callable[[object], Client]) -> Client:
    return client_for(owner)


@pytest.fixture
def article() -> Document:
    PublisherFactory(name="Brennsee-Bote", domain="brennsee-bote.example", reliability=0.6)
    return document(ARTICLE, title="Solarfähre auf dem Brennsee", url=ARTICLE_URL, publisher="Brennsee-Bote")


@pytest.fixture
def source() -> Document:
    PublisherFactory(name="Werftzeitung", domain="werft.example", reliability=0.8)
    return document(SOURCE, title="Werftbericht Aurelia", url=SOURCE_URL, publisher="Werftzeitung")


@pytest.fixture
def knots(article: Document, owner: object) -> Claim:
    return claim(
        article,
        owner,
        "Die Fähre schafft 40 Knoten.",
        speaker="Ein Leser",
        speaker_role="commenter",
        statement="Die Aurelia fährt 40 Knoten schnell.",
    )


@pytest.fixture
def contradiction(knots: Claim, source: Document, owner: object) -> Evidence:
    return evidence(
        knots, source, owner, exact="liegt bei 9 Knoten", stance="contradicts", note="Werftangabe."
    )


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks: Callable) -> Callable:
    """Run what a write enqueues after commit (scoring, re-anchoring), in-process (see tests/conftest.py)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def page_of(response: object) -> str:
    return response.content.decode()


def text_of(html: str) -> str:
    """The page's words, without tags and with whitespace collapsed, as a person reads them."""
    words = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    # A tag before a comma or inside quotation marks is no space there.
    return re.sub(r" ([,.;:!?”])", r"\1", words).replace("“ ", "“")


def error_beside(html: str, field_id: str) -> str:
    found = re.findall(rf'<p class="field-error" id="{re.escape(field_id)}-error">(.*?)</p>', html, re.S)
    return unescape(" ".join(found))


# --- The claim page ------------------------------------------------------------------------------------


def test_the_claim_page_shows_the_claim_its_quote_speaker_and_document(
    as_owner: Client, knots: Claim, contradiction: Evidence
) -> None:
    response = as_owner.get(f"/claims/{knots.pk}/")

    assert response.status_code == 200
    html = page_of(response)
    words = text_of(html)
    assert "Die Aurelia fährt 40 Knoten schnell." in words  # the statement
    assert "Die Fähre schafft 40 Knoten." in words  # the quote
    assert "Ein Leser, commenter" in words
    assert "Solarfähre auf dem Brennsee, Brennsee-Bote" in words
    assert f'href="/documents/{knots.document_id}/#claim-{knots.pk}"' in html
    assert "Draft" in words
    # The evidence: stance, source and its reliability, passage, note, who linked it.
    assert "Contradicts Werftbericht Aurelia Werftzeitung · reliability 0.8" in words
    assert "liegt bei 9 Knoten" in words
    assert "Werftangabe." in words
    assert "Linked by ines" in words
    assert f'href="/claims/{knots.pk}/history/"' in html


def test_the_claim_page_shows_imported_text_as_text(as_owner: Client, owner: object) -> None:
    article = document(f"Vorspann.\nDer Leser meint: {MARKUP} ist harmlos.\n", title=MARKUP)
    marked = claim(article, owner, f"{MARKUP} ist harmlos", statement=MARKUP, speaker=MARKUP)

    response = as_owner.get(f"/claims/{marked.pk}/")

    html = page_of(response)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert all("src=" in tag for tag in re.findall(r"<script\b[^>]*>", html))
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"<[^>]*\son[a-z]+=", html)
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_an_unknown_claim_is_404_and_pages_need_signing_in(as_owner: Client, knots: Claim) -> None:
    assert as_owner.get("/claims/999999/").status_code == 404
    response = Client().get(f"/claims/{knots.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_claim_page_costs_the_same_queries_however_much_evidence(
    as_owner: Client, knots: Claim, contradiction: Evidence, source: Document, owner: object
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert as_owner.get(f"/claims/{knots.pk}/").status_code == 200
        return len(captured.captured_queries)

    one = queries()
    for passage in ("Werftbericht", "Speicher von", "Höchstgeschwindigkeit"):
        evidence(knots, source, owner, exact=passage)

    assert queries() == one


# --- The verdict partial -------------------------------------------------------------------------------


def test_a_claim_waiting_for_its_job_says_scoring_and_polls_itself(as_owner: Client, knots: Claim) -> None:
    Claim.objects.filter(pk=knots.pk).update(scoring_pending_since=timezone.now())

    html = page_of(as_owner.get(f"/claims/{knots.pk}/verdict/"))

    assert "scoring…" in html
    assert f'hx-get="/claims/{knots.pk}/verdict/"' in html
    assert 'hx-trigger="every 2s"' in html
    assert 'hx-swap="outerHTML"' in html
    # The claim page includes the same polling panel.
    assert 'hx-trigger="every 2s"' in page_of(as_owner.get(f"/claims/{knots.pk}/"))


def test_an_assessed_claim_shows_verdict_score_confidence_and_breakdown(
    as_owner: Client, knots: Claim, contradiction: Evidence
) -> None:
    claims_score([knots.pk])
    assessment = Assessment.objects.get(claim=knots)
    assert assessment.verdict != "unverified"

    response = as_owner.get(f"/claims/{knots.pk}/verdict/")

    html = page_of(response)
    words = text_of(html)
    assert f'class="verdict verdict-{assessment.verdict}"' in html
    assert assessment.get_verdict_display() in words
    assert f"score {assessment.support_score:.2f}" in words
    assert f"confidence {assessment.confidence:.2f}" in words
    line = assessment.breakdown[0]["description"]
    assert (
        line.startswith("-0.") and "passage in Werftzeitung, contradicts, publisher reliability 0.8" in line
    )
    assert line in words
    # The deltas add up, with 0.50, to the score: the page says where they start from.
    assert "the score starts at 0.50 (no evidence either way); each item moves it by" in words
    # Scored: no trigger any more, so the polling stops; and a poll is never answered from a cache.
    assert "hx-trigger" not in html and "scoring…" not in html
    assert "no-cache" in response["Cache-Control"]


def test_a_claim_without_usable_evidence_is_unverified_in_words(as_owner: Client, knots: Claim) -> None:
    claims_score([knots.pk])

    html = page_of(as_owner.get(f"/claims/{knots.pk}/verdict/"))

    assert 'class="verdict verdict-unverified"' in html
    assert "Unverified — no usable evidence yet." in text_of(html)
    assert "score" not in text_of(html).replace("scored", "")


def test_polling_a_deleted_claim_stops_the_polling(as_owner: Client, knots: Claim, owner: object) -> None:
    pk = knots.pk
    services.claim_delete(claim=knots, user=owner)

    response = as_owner.get(f"/claims/{pk}/verdict/", headers={"HX-Request": "true"})

    assert response.status_code == 286  # htmx stops polling on 286
    assert "deleted" in page_of(response)


def test_a_poll_after_the_session_ended_sends_the_page_to_sign_in(knots: Claim) -> None:
    headers = {"HX-Request": "true", "HX-Current-URL": f"http://testserver/claims/{knots.pk}/"}
    response = Client().get(f"/claims/{knots.pk}/verdict/", headers=headers)

    assert response["HX-Redirect"] == f"/login/?next=%2Fclaims%2F{knots.pk}%2F"


# --- The editorial verdict -----------------------------------------------------------------------------


def test_an_editor_publishes_the_editorial_verdict(as_owner: Client, knots: Claim, owner: object) -> None:
    response = as_owner.post(
        f"/claims/{knots.pk}/editorial-verdict/",
        {"verdict": "contradicted", "explanation": "Die Werft nennt 9 Knoten.\nNicht 40."},
    )

    assert response.status_code == 302 and response["Location"] == f"/claims/{knots.pk}/"
    published = EditorialVerdict.objects.get(claim=knots)
    assert (published.verdict, published.published_by) == ("contradicted", owner)
    words = text_of(page_of(as_owner.get(f"/claims/{knots.pk}/")))
    assert "The editorial verdict is published." in words
    assert "Editorial verdict Contradicted Die Werft nennt 9 Knoten. Nicht 40. Published by ines" in words


def test_the_form_offers_every_verdict_by_its_label(as_owner: Client, knots: Claim) -> None:
    html = page_of(as_owner.get(f"/claims/{knots.pk}/"))
    for value, label in [("supported", "Supported"), ("mostly_contradicted", "Mostly contradicted")]:
        assert f'<option value="{value}">{label}</option>' in html


@pytest.mark.parametrize(
    ("verdict", "explanation", "field", "message"),
    [
        ("contradicted", "   ", "explanation", "Explain the verdict: readers see the explanation with it."),
        ("true", "Klar.", "verdict", "Unknown verdict 'true'; use one of supported, mostly_supported"),
        ("", "Klar.", "verdict", "Choose a verdict."),
    ],
)
def test_a_bad_editorial_verdict_is_refused_beside_its_field(
    as_owner: Client, knots: Claim, verdict: str, explanation: str, field: str, message: str
) -> None:
    response = as_owner.post(
        f"/claims/{knots.pk}/editorial-verdict/", {"verdict": verdict, "explanation": explanation}
    )

    assert response.status_code == 400
    assert message in error_beside(page_of(response), f"claim-{knots.pk}-{field}")
    assert not EditorialVerdict.objects.exists()


def test_with_htmx_the_form_answers_in_place_with_the_verdict_panel(as_owner: Client, knots: Claim) -> None:
    url = f"/claims/{knots.pk}/editorial-verdict/"
    htmx = {"HX-Request": "true"}

    refused = as_owner.post(url, {"verdict": "supported", "explanation": ""}, headers=htmx)
    assert refused.status_code == 200  # htmx swaps only 2xx: the error must reach the page
    assert "Explain the verdict" in error_beside(page_of(refused), f"claim-{knots.pk}-explanation")

    response = as_owner.post(url, {"verdict": "supported", "explanation": "Belegt."}, headers=htmx)
    html = page_of(response)
    assert "<html" not in html
    assert "The editorial verdict is published." in html
    assert f'id="claim-{knots.pk}-verdict"' in html and 'hx-swap-oob="outerHTML"' in html
    assert "Editorial verdict Supported Belegt." in text_of(html)


def test_readers_see_no_form_and_may_not_publish(
    client_for: Callable[[object], Client], a_reader: object, knots: Claim, contradiction: Evidence
) -> None:
    as_reader = client_for(a_reader)
    html = page_of(as_reader.get(f"/claims/{knots.pk}/"))
    assert "editorial-verdict" not in html
    assert "/edit/" not in html and "/remove/" not in html

    response = as_reader.post(
        f"/claims/{knots.pk}/editorial-verdict/", {"verdict": "supported", "explanation": "Ja."}
    )
    assert response.status_code == 403
    assert "Only editors can change claims and evidence." in text_of(page_of(response))
    assert not EditorialVerdict.objects.exists()


def test_another_editor_may_not_publish_but_an_admin_may(
    client_for: Callable[[object], Client], other_editor: object, admin: object, knots: Claim
) -> None:
    form = {"verdict": "disputed", "explanation": "Unklar."}
    as_other = client_for(other_editor)
    assert "Only ines, who marked this claim, or an admin" in text_of(
        page_of(as_other.get(f"/claims/{knots.pk}/"))
    )
    response = as_other.post(f"/claims/{knots.pk}/editorial-verdict/", form)
    assert response.status_code == 403
    assert "Only ines, who created this claim, or an admin can publish its verdict." in page_of(response)
    assert not EditorialVerdict.objects.exists()

    assert client_for(admin).post(f"/claims/{knots.pk}/editorial-verdict/", form).status_code == 302
    assert EditorialVerdict.objects.get(claim=knots).published_by == admin


def test_every_write_needs_the_csrf_token(owner: object, knots: Claim, contradiction: Evidence) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    form = {"verdict": "supported", "explanation": "Ja."}
    assert client.post(f"/claims/{knots.pk}/editorial-verdict/", form).status_code == 403
    assert client.post(f"/evidence/{contradiction.pk}/remove/").status_code == 403
    assert client.post(f"/evidence/{contradiction.pk}/edit/", {"stance": "supports"}).status_code == 403
    assert not EditorialVerdict.objects.exists()
    assert Evidence.objects.filter(pk=contradiction.pk, stance="contradicts").exists()


# --- Evidence: edit and remove -------------------------------------------------------------------------


def test_the_owner_edits_the_stance_and_note(as_owner: Client, contradiction: Evidence) -> None:
    url = f"/evidence/{contradiction.pk}/edit/"
    form = page_of(as_owner.get(url))
    assert 'value="contradicts" checked' in form and "Werftangabe." in form

    response = as_owner.post(url, {"stance": "mixed", "note": "Teils, teils."})

    assert response.status_code == 302
    assert response["Location"] == f"/claims/{contradiction.claim_id}/#evidence-{contradiction.pk}"
    contradiction.refresh_from_db()
    assert (contradiction.stance, contradiction.note) == ("mixed", "Teils, teils.")
    assert Claim.objects.get(pk=contradiction.claim_id).scoring_pending_since is not None


@pytest.mark.parametrize(
    ("stance", "message"),
    [("", "Choose a stance."), ("maybe", "Unknown stance 'maybe'; use one of supports, contradicts")],
)
def test_a_bad_stance_is_refused_beside_the_field(
    as_owner: Client, contradiction: Evidence, stance: str, message: str
) -> None:
    response = as_owner.post(f"/evidence/{contradiction.pk}/edit/", {"stance": stance, "note": "x"})

    assert response.status_code == 400
    assert message in error_beside(page_of(response), "stance")
    contradiction.refresh_from_db()
    assert (contradiction.stance, contradiction.note) == ("contradicts", "Werftangabe.")


def test_removing_evidence_asks_first_then_removes_it(
    as_owner: Client, contradiction: Evidence, on_commit: Callable
) -> None:
    claim_page = page_of(as_owner.get(f"/claims/{contradiction.claim_id}/"))
    # The claim page asks in place; the same question is a page of its own.
    assert f'<form method="post" action="/evidence/{contradiction.pk}/remove/"' in claim_page
    assert "Remove this evidence from the claim?" in claim_page
    confirm = as_owner.get(f"/evidence/{contradiction.pk}/remove/")
    assert confirm.status_code == 200
    assert "Remove this evidence?" in text_of(page_of(confirm))
    assert Evidence.objects.filter(pk=contradiction.pk).exists()

    with on_commit():
        response = as_owner.post(f"/evidence/{contradiction.pk}/remove/")

    assert response.status_code == 302
    assert response["Location"] == f"/claims/{contradiction.claim_id}/#evidence"
    assert not Evidence.objects.filter(pk=contradiction.pk).exists()
    words = text_of(page_of(as_owner.get(f"/claims/{contradiction.claim_id}/")))
    assert "The evidence is removed; the claim is being scored again." in words
    assert "No evidence yet." in words
    assert "Unverified — no usable evidence yet." in words  # re-scored without it


def test_only_the_creator_or_an_admin_edits_or_removes_evidence(
    client_for: Callable[[object], Client],
    other_editor: object,
    a_reader: object,
    admin: object,
    contradiction: Evidence,
) -> None:
    for user, reason in [
        (other_editor, "Only ines, who created this evidence, or an admin can remove it."),
        (a_reader, "Only editors can change claims and evidence."),
    ]:
        client = client_for(user)
        assert "/remove/" not in page_of(client.get(f"/claims/{contradiction.claim_id}/"))
        for method, path in [("get", "remove"), ("post", "remove"), ("get", "edit"), ("post", "edit")]:
            response = getattr(client, method)(
                f"/evidence/{contradiction.pk}/{path}/", {"stance": "supports"}
            )
            assert response.status_code == 403
        assert reason in page_of(client.post(f"/evidence/{contradiction.pk}/remove/"))
    assert Evidence.objects.get(pk=contradiction.pk).stance == "contradicts"

    assert client_for(admin).post(f"/evidence/{contradiction.pk}/remove/").status_code == 302
    assert not Evidence.objects.filter(pk=contradiction.pk).exists()


# --- History -------------------------------------------------------------------------------------------


def test_the_history_lists_every_change_with_who_when_and_old_to_new(
    as_owner: Client, knots: Claim, contradiction: Evidence, owner: object, admin: object
) -> None:
    claims_score([knots.pk])  # the link's scoring
    services.claim_update(claim=knots, user=owner, status="published", speaker="Leser Karl")
    services.evidence_update(evidence=contradiction, user=admin, stance="mixed")
    services.evidence_unlink(evidence=Evidence.objects.get(pk=contradiction.pk), user=admin)
    claims_score([knots.pk])
    editorial_verdict_publish(
        claim=knots, user=owner, verdict="contradicted", explanation="9 statt 40 Knoten."
    )

    response = as_owner.get(f"/claims/{knots.pk}/history/")

    assert response.status_code == 200
    words = text_of(page_of(response))
    entries = re.findall(r'<li class="timeline-entry[^"]*">(.*?)</li>', page_of(response), re.S)
    entries = [text_of(entry) for entry in entries]
    # Newest first: the editorial verdict, the score, the removal, the change, the claim's change, the
    # link's score, the link.
    assert "ines Editorial verdict published verdict Contradicted 9 statt 40 Knoten." in entries[0]
    assert re.search(r"scoring job Computed verdict scored verdict \w[\w ]* → Unverified", entries[1])
    assert "ada Evidence removed: Werftbericht Aurelia" in entries[2]
    assert "ada Evidence changed: Werftbericht Aurelia stance Contradicts → Mixed" in entries[3]
    assert re.search(r"scoring job Computed verdict scored verdict Unverified → \w", entries[5])
    assert (
        "ines Evidence linked: Werftbericht Aurelia stance Contradicts passage liegt bei 9 Knoten"
        in entries[6]
    )
    changed = entries[4]
    assert "ines Claim changed" in changed
    assert "speaker Ein Leser → Leser Karl" in changed and "status Draft → Published" in changed
    assert "ines Claim created quote Die Fähre schafft 40 Knoten." in entries[-1]
    assert re.search(r"\d{1,2} \w{3} \d{4}, \d{2}:\d{2}:\d{2}", entries[0])
    assert "Leser Karl" in words


def computed_verdict_entries(client: Client, claim_id: int) -> list[str]:
    page = page_of(client.get(f"/claims/{claim_id}/history/"))
    entries = re.findall(r'<li class="timeline-entry[^"]*">(.*?)</li>', page, re.S)
    return [text_of(entry) for entry in entries if "Computed verdict" in text_of(entry)]


def test_a_rescoring_that_changes_nothing_shown_adds_no_history_entry(
    as_owner: Client, knots: Claim, contradiction: Evidence, source: Document
) -> None:
    claims_score([knots.pk])
    # A renamed publisher is a new scoring input (its name is in the breakdown) but moves no number.
    source.publisher.name = "Werftzeitung Nord"
    source.publisher.save()
    claims_score([knots.pk])

    assert Assessment.objects.filter(claim=knots).count() == 2
    [entry] = computed_verdict_entries(as_owner, knots.pk)
    assert "verdict Unverified → " in entry


def test_a_score_that_moves_under_the_same_verdict_shows_old_and_new_score_not_the_verdict_twice(
    as_owner: Client, knots: Claim, contradiction: Evidence, source: Document
) -> None:
    claims_score([knots.pk])
    first = Claim.objects.get(pk=knots.pk)
    source.publisher.reliability = 0.79
    source.publisher.save()
    claims_score([knots.pk])
    second = Claim.objects.get(pk=knots.pk)
    assert second.verdict == first.verdict and second.support_score != first.support_score

    newest = computed_verdict_entries(as_owner, knots.pk)[0]

    label = re.search(r"verdict (\w[\w ]*?) score", newest).group(1)
    assert f"{label} → {label}" not in newest
    assert f"score {first.support_score:.2f} → {second.support_score:.2f}" in newest


def test_a_history_page_past_the_end_shows_the_last_page_and_says_so(as_owner: Client, knots: Claim) -> None:
    html = page_of(as_owner.get(f"/claims/{knots.pk}/history/?page=7"))

    assert "There is no page 7; this is the only page." in text_of(html)
    assert "ines Claim created quote Die Fähre schafft 40 Knoten." in text_of(html)
    assert "There is no page" not in text_of(page_of(as_owner.get(f"/claims/{knots.pk}/history/")))


def test_the_history_outlives_the_claim(as_owner: Client, knots: Claim, owner: object) -> None:
    pk = knots.pk
    services.claim_delete(claim=knots, user=owner)

    words = text_of(page_of(as_owner.get(f"/claims/{pk}/history/")))

    assert "This claim has been deleted." in words
    assert "ines Claim deleted" in words
    assert as_owner.get("/claims/999999/history/").status_code == 404


# --- Orphaned spans ------------------------------------------------------------------------------------


def reimport(text: str, url: str = ARTICLE_URL) -> None:
    sources.document_import(source=sources.source_from_text(text), overrides=sources.ImportOverrides(url=url))


@pytest.fixture
def orphaned(knots: Claim, on_commit: Callable, owner: object, source: Document) -> Iterator[Claim]:
    """The claim about 1.2 MWh, orphaned: the new revision says 1.5 (a changed number is a new claim)."""
    capacity = claim(knots.document, owner, "fasst 1,2 Megawattstunden", speaker="Der Kapitän")
    with on_commit():
        reimport(ARTICLE.replace("1,2 Megawattstunden", "1,5 Megawattstunden"))
    capacity.refresh_from_db()
    assert capacity.orphaned
    yield capacity


def test_the_orphans_page_lists_orphaned_claims_and_evidence_with_old_quote_and_revision(
    as_owner: Client, orphaned: Claim, knots: Claim, source: Document, owner: object, on_commit: Callable
) -> None:
    passage = evidence(knots, source, owner, exact="Höchstgeschwindigkeit liegt bei 9 Knoten")
    with on_commit():
        reimport(
            SOURCE.replace("Ihre Höchstgeschwindigkeit liegt bei 9 Knoten.\n", "Sie ist schnell.\n"),
            SOURCE_URL,
        )
    assert Evidence.objects.get(pk=passage.pk).orphaned

    html = page_of(as_owner.get("/orphans/"))

    words = text_of(html)
    assert "Lost their place 2" in words
    assert "Claim Solarfähre auf dem Brennsee Brennsee-Bote" in words
    assert "fasst 1,2 Megawattstunden" in words
    assert "Kept as it was in revision 1; the document is now at revision 2." in words
    assert "Evidence passage Werftbericht Aurelia Werftzeitung" in words
    assert "Höchstgeschwindigkeit liegt bei 9 Knoten" in words
    assert "Supports evidence for “Die Aurelia fährt 40 Knoten schnell.”" in words
    assert f'href="/orphans/claims/{orphaned.pk}/place/"' in html
    assert f'href="/orphans/evidence/{passage.pk}/place/"' in html


def test_the_place_panel_shows_the_current_text_exactly(as_owner: Client, orphaned: Claim) -> None:
    response = as_owner.get(f"/orphans/claims/{orphaned.pk}/place/", headers={"HX-Request": "true"})

    html = page_of(response)
    assert "<html" not in html  # a panel for the list page
    current = orphaned.document.current_revision
    text = re.search(r"<div class=\"place-text\"[^>]*>(.*?)</div>", html, re.S).group(1)
    assert unescape(text) == current.text  # offsets measured in it are offsets in the text
    assert f'name="revision" value="{current.pk}"' in html
    assert "<html" in page_of(as_owner.get(f"/orphans/claims/{orphaned.pk}/place/"))  # without htmx: a page


def utf16(text: str, codepoints: int) -> int:
    return len(text[:codepoints].encode("utf-16-le")) // 2


def test_an_orphaned_claim_is_placed_again_by_utf16_offsets(as_owner: Client, orphaned: Claim) -> None:
    current = orphaned.document.current_revision
    start = current.text.index("fasst 1,5 Megawattstunden")
    end = start + len("fasst 1,5 Megawattstunden")
    assert utf16(current.text, start) == start + 1  # the ship before it is two UTF-16 units

    response = as_owner.post(
        f"/orphans/claims/{orphaned.pk}/place/",
        {
            "revision": current.pk,
            "start": utf16(current.text, start),
            "end": utf16(current.text, end),
            "exact": "fasst 1,5 Megawattstunden",
        },
    )

    assert response.status_code == 302 and response["Location"] == "/orphans/"
    orphaned.refresh_from_db()
    assert (orphaned.orphaned, orphaned.revision_id, orphaned.anchor_confidence) == (False, current.pk, 1.0)
    assert (orphaned.start, orphaned.end, orphaned.exact) == (start, end, "fasst 1,5 Megawattstunden")
    words = text_of(page_of(as_owner.get("/orphans/")))
    assert "The claim is placed again, in revision 2 of “Solarfähre auf dem Brennsee”." in words
    assert "No spans are waiting." in words


def test_code_point_offsets_are_refused_as_not_matching_the_selection(
    as_owner: Client, orphaned: Claim
) -> None:
    current = orphaned.document.current_revision
    start = current.text.index("fasst 1,5 Megawattstunden")

    response = as_owner.post(
        f"/orphans/claims/{orphaned.pk}/place/",
        {"revision": current.pk, "start": start, "end": start + 25, "exact": "fasst 1,5 Megawattstunden"},
    )

    assert response.status_code == 400
    assert "does not match the text" in error_beside(page_of(response), f"place-claim-{orphaned.pk}-exact")
    orphaned.refresh_from_db()
    assert orphaned.orphaned


def test_a_typed_quote_places_the_span_and_a_missing_one_is_explained(
    as_owner: Client, orphaned: Claim
) -> None:
    url = f"/orphans/claims/{orphaned.pk}/place/"
    current = orphaned.document.current_revision

    missing = as_owner.post(url, {"revision": current.pk, "exact": "fasst 9 Megawattstunden"})
    assert missing.status_code == 400
    assert "the quote was not found in the text" in error_beside(
        page_of(missing), f"place-claim-{orphaned.pk}-exact"
    )
    empty = as_owner.post(url, {"revision": current.pk, "exact": "  "})
    assert "Select the text in the document below" in error_beside(
        page_of(empty), f"place-claim-{orphaned.pk}-exact"
    )

    assert as_owner.post(url, {"revision": current.pk, "exact": " 1,5 Megawattstunden\n"}).status_code == 302
    orphaned.refresh_from_db()
    assert (orphaned.orphaned, orphaned.exact) == (False, "1,5 Megawattstunden")


def test_a_selection_in_an_older_revision_is_refused(
    as_owner: Client, orphaned: Claim, on_commit: Callable
) -> None:
    seen = orphaned.document.current_revision
    with on_commit():
        reimport(ARTICLE.replace("1,2 Megawattstunden", "1,8 Megawattstunden"))

    response = as_owner.post(
        f"/orphans/claims/{orphaned.pk}/place/", {"revision": seen.pk, "exact": "1,5 Megawattstunden"}
    )

    assert response.status_code == 400
    assert "The document changed while this page was open: its text is now revision 3" in unescape(
        page_of(response)
    )
    orphaned.refresh_from_db()
    assert orphaned.orphaned


def test_an_orphaned_evidence_passage_is_placed_again(
    as_owner: Client, knots: Claim, source: Document, owner: object, on_commit: Callable
) -> None:
    passage = evidence(knots, source, owner, exact="9 Knoten", stance="contradicts")
    with on_commit():
        reimport(SOURCE.replace("9 Knoten", "neun Knoten"), SOURCE_URL)
    passage.refresh_from_db()
    assert passage.orphaned
    current = Document.objects.get(pk=source.pk).current_revision
    start = current.text.index("neun Knoten")

    response = as_owner.post(
        f"/orphans/evidence/{passage.pk}/place/",
        {"revision": current.pk, "start": start, "end": start + 11, "exact": "neun Knoten"},
    )

    assert response.status_code == 302
    passage.refresh_from_db()
    assert (passage.orphaned, passage.exact, passage.revision_id) == (False, "neun Knoten", current.pk)


def test_a_moved_span_is_confirmed(
    as_owner: Client, knots: Claim, owner: object, on_commit: Callable
) -> None:
    capacity = claim(knots.document, owner, "fasst 1,2 Megawattstunden")
    with on_commit():
        reimport(ARTICLE.replace("fasst 1,2 Megawattstunden", "fasst 1,2 Megawatt-Stunden"))
    capacity.refresh_from_db()
    assert not capacity.orphaned and capacity.anchor_confidence < 1

    words = text_of(page_of(as_owner.get("/orphans/")))
    assert "Moved, to confirm 1" in words
    assert "fasst 1,2 Megawatt-Stunden" in words
    assert f"confidence {capacity.anchor_confidence:.2f}" in words
    assert "Before: “fasst 1,2 Megawattstunden” in revision 1." in words

    response = as_owner.post(f"/orphans/claims/{capacity.pk}/confirm/")

    assert response.status_code == 302
    capacity.refresh_from_db()
    assert capacity.anchor_confidence == 1.0
    words = text_of(page_of(as_owner.get("/orphans/")))
    assert "Confirmed: the claim stays where re-anchoring placed it." in words
    assert "No spans are waiting." in words


def test_an_orphaned_span_cannot_be_confirmed_only_placed(as_owner: Client, orphaned: Claim) -> None:
    assert f"/orphans/claims/{orphaned.pk}/confirm/" not in page_of(as_owner.get("/orphans/"))

    response = as_owner.post(f"/orphans/claims/{orphaned.pk}/confirm/", follow=True)

    assert "place it again by selecting the text" in text_of(page_of(response))
    orphaned.refresh_from_db()
    assert orphaned.orphaned


def test_only_the_creator_or_an_admin_places_or_confirms(
    client_for: Callable[[object], Client],
    orphaned: Claim,
    other_editor: object,
    a_reader: object,
    admin: object,
) -> None:
    current = orphaned.document.current_revision
    form = {"revision": current.pk, "exact": "1,5 Megawattstunden"}
    for user in (other_editor, a_reader):
        client = client_for(user)
        html = page_of(client.get("/orphans/"))
        assert "fasst 1,2 Megawattstunden" in html  # everyone signed in reads the queue
        assert "/place/" not in html and "/confirm/" not in html
        assert client.get(f"/orphans/claims/{orphaned.pk}/place/").status_code == 403
        assert client.post(f"/orphans/claims/{orphaned.pk}/place/", form).status_code == 403
        assert client.post(f"/orphans/claims/{orphaned.pk}/confirm/").status_code == 403
    assert "Only ines, who created it, or an admin" in text_of(
        page_of(client_for(other_editor).get("/orphans/"))
    )
    assert Claim.objects.get(pk=orphaned.pk).orphaned

    assert client_for(admin).post(f"/orphans/claims/{orphaned.pk}/place/", form).status_code == 302
    assert not Claim.objects.get(pk=orphaned.pk).orphaned


def test_the_orphans_page_says_when_nothing_waits(as_owner: Client, knots: Claim) -> None:
    words = text_of(page_of(as_owner.get("/orphans/")))
    assert (
        "No spans are waiting. Every claim and evidence passage is in its document’s current text." in words
    )


# --- Deleting a claim and re-placing it from its page ----------------------------------------------------


def test_the_claim_page_offers_delete_and_re_place_to_who_may_change_it(
    as_owner: Client, knots: Claim, other_editor: object, a_reader: object, client_for: Callable
) -> None:
    html = page_of(as_owner.get(f"/claims/{knots.pk}/"))
    assert f'action="/claims/{knots.pk}/delete/"' in html
    assert f'href="/orphans/claims/{knots.pk}/place/?next=/claims/{knots.pk}/"' in html
    for user in (other_editor, a_reader):
        html = page_of(client_for(user).get(f"/claims/{knots.pk}/"))
        assert "/delete/" not in html and "Re-place its span" not in html


def test_deleting_a_claim_asks_first_then_deletes_it_with_its_evidence_into_its_history(
    as_owner: Client, knots: Claim, contradiction: Evidence
) -> None:
    question = page_of(as_owner.get(f"/claims/{knots.pk}/delete/"))
    assert "Delete this claim?" in question
    assert "with its 1 evidence link" in text_of(question)
    assert Claim.objects.filter(pk=knots.pk).exists()  # asking changed nothing

    response = as_owner.post(f"/claims/{knots.pk}/delete/")

    assert response.status_code == 302 and response["Location"] == f"/claims/{knots.pk}/history/"
    assert not Claim.objects.filter(pk=knots.pk).exists()
    assert not Evidence.objects.filter(pk=contradiction.pk).exists()
    words = text_of(page_of(as_owner.get(response["Location"])))
    assert "The claim is deleted. Its history below keeps what it was." in words
    assert "ines Claim deleted" in words
    assert "ines Evidence removed: Werftbericht Aurelia" in words
    assert "← Solarfähre auf dem Brennsee" in words  # back to its document
    assert as_owner.post(f"/claims/{knots.pk}/delete/").status_code == 404  # a second try finds nothing


def test_only_the_creator_or_an_admin_deletes_a_claim(
    knots: Claim, other_editor: object, a_reader: object, admin: object, client_for: Callable
) -> None:
    for user in (other_editor, a_reader):
        client = client_for(user)
        assert client.get(f"/claims/{knots.pk}/delete/").status_code == 403
        assert client.post(f"/claims/{knots.pk}/delete/").status_code == 403
    assert Claim.objects.filter(pk=knots.pk).exists()
    assert client_for(admin).post(f"/claims/{knots.pk}/delete/").status_code == 302
    assert not Claim.objects.filter(pk=knots.pk).exists()
    assert Client().post(f"/claims/{knots.pk}/delete/").status_code == 302  # to sign in


def test_re_placing_from_the_claim_page_returns_there_and_no_other_next_is_followed(
    as_owner: Client, knots: Claim
) -> None:
    text = knots.document.current_revision.text
    start = text.index("Ihr Batteriespeicher")
    span = {"start": utf16(text, start), "end": utf16(text, start + len("Ihr Batteriespeicher"))}
    form = {"revision": knots.document.current_revision_id, "exact": "Ihr Batteriespeicher", **span}
    page = page_of(as_owner.get(f"/orphans/claims/{knots.pk}/place/?next=/claims/{knots.pk}/"))
    assert f'name="next" value="/claims/{knots.pk}/"' in page
    assert "← Back to the claim" in page

    response = as_owner.post(f"/orphans/claims/{knots.pk}/place/", {**form, "next": f"/claims/{knots.pk}/"})

    assert response.status_code == 302 and response["Location"] == f"/claims/{knots.pk}/"
    knots.refresh_from_db()
    assert knots.exact == "Ihr Batteriespeicher"
    for elsewhere in ("https://evil.example/", "//evil.example/", f"/claims/{knots.pk + 1}/"):
        response = as_owner.post(f"/orphans/claims/{knots.pk}/place/", {**form, "next": elsewhere})
        assert response["Location"] == "/orphans/"
