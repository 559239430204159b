"""The claim page's Suggested evidence, through Django's test client: listed best first with the stance
and why, linked with a corrected stance (in place with htmx, or by a plain form), dismissed, and each
refusal (a quote gone from the text, a stance outside the vocabulary, a note too long, a decision taken
already) shown beside the item, changing nothing. Readers see it without forms and are refused.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from claims.assist.models import EvidenceSuggestion, SuggestionStatus
from claims.models import Claim, Evidence
from sources.models import Document
from tests.factories import claim, document
from tests.frontend.suggestions.pages import (
    csrf_token,
    evidence_suggestion_ids,
    form_post,
    item_of,
    section,
    text_of,
)
from tests.suggestion_samples import REVIEW

pytestmark = pytest.mark.django_db


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


def test_deciding_for_a_claim_deleted_in_another_tab_says_so_and_changes_nothing(
    as_editor: Client, petaflops: Claim, anna: object
) -> None:
    from claims.services import claim_delete

    review = EvidenceSuggestion.objects.get(claim=petaflops, exact__startswith="The rack-scale")
    page, claim_id = f"/claims/{petaflops.pk}/", petaflops.pk
    token = csrf_token(as_editor, page)
    claim_delete(claim=petaflops, user=anna)  # in another tab
    deleted = (
        "This claim was deleted, perhaps in another tab,"
        " so its suggested evidence can no longer be linked or dismissed."
    )

    for decision in ["accept", "dismiss"]:
        url = f"/evidence-suggestions/{review.pk}/{decision}/"
        data = {"csrfmiddlewaretoken": token, "claim": claim_id, "stance": "supports"}
        in_place = as_editor.post(url, data, HTTP_HX_REQUEST="true")
        assert in_place.status_code == 404
        assert in_place["Content-Type"].startswith("text/plain")
        assert in_place.content.decode() == deleted
        # Without JavaScript: the claim's history, which keeps what it was, with the same words.
        plain = as_editor.post(url, data, follow=True)
        assert plain.redirect_chain == [(f"/claims/{claim_id}/history/", 302)]
        assert deleted in text_of(plain.content.decode())
    assert not Evidence.objects.exists()


def test_deciding_on_a_suggestion_deleted_meanwhile_says_so(as_editor: Client, petaflops: Claim) -> None:
    review = EvidenceSuggestion.objects.get(claim=petaflops, exact__startswith="The rack-scale")
    page = f"/claims/{petaflops.pk}/"
    token = csrf_token(as_editor, page)
    url = f"/evidence-suggestions/{review.pk}/accept/"
    review.delete()  # by an admin

    plain = as_editor.post(url, {"csrfmiddlewaretoken": token, "claim": petaflops.pk}, follow=True)

    assert plain.redirect_chain == [(f"/claims/{petaflops.pk}/#suggested-evidence", 302)]
    assert "This suggestion is gone, deleted meanwhile. Nothing changed." in text_of(plain.content.decode())
    assert not Evidence.objects.exists()


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
