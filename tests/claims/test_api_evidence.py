"""Evidence through the API: linking passages and whole documents, nested under a claim and flat,
refusals (duplicates, bad stances, a claim citing itself), edits, unlinking and filters."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from claims.models import Claim, Evidence
from sources.models import Document
from tests.factories import claim, document, evidence

pytestmark = pytest.mark.django_db

FLAT = "/api/v1/evidence/"
PASSAGE = "Speicher von 1,2 Megawattstunden"


@pytest.fixture
def marked(article: Document, owner: object) -> Claim:
    return claim(article, owner, "fasst 1,2 Megawattstunden", speaker="Kapitän")


def nested(claim: Claim) -> str:
    return f"/api/v1/claims/{claim.pk}/evidence/"


def assert_refused(response: object, field: str, words: str, code: str | None = None) -> None:
    assert response.status_code == 400, response.content
    body = response.json()
    assert any(words in message for message in body["errors"][field]), body
    if code:
        assert body["code"] == code


def test_link_a_passage_under_the_claim(api: APIClient, marked: Claim, source: Document) -> None:
    response = api.post(
        nested(marked),
        {"document": source.pk, "exact": PASSAGE, "stance": "supports", "note": " Werftangabe "},
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["claim"], body["document"], body["document_title"]) == (
        marked.pk,
        source.pk,
        "Werftbericht Aurelia",
    )
    assert body["exact"] == PASSAGE and body["has_passage"] is True
    assert body["start"] == source.text.index(PASSAGE)
    assert (body["revision"], body["revision_number"]) == (source.current_revision_id, 1)
    assert {k: body["publisher"][k] for k in ("name", "reliability")} == {
        "name": "Werftzeitung",
        "reliability": 0.9,
    }
    assert (body["stance"], body["note"], body["origin"], body["created_by"]) == (
        "supports",
        "Werftangabe",
        "editor",
        "owner",
    )
    assert (body["orphaned"], body["anchor_confidence"]) == (False, 1.0)
    claim_body = api.get(f"/api/v1/claims/{marked.pk}/").json()
    assert claim_body["evidence_counts"]["supports"] == 1
    assert [e["id"] for e in claim_body["evidence"]] == [body["id"]]


def test_link_a_whole_document(api: APIClient, marked: Claim, source: Document) -> None:
    response = api.post(nested(marked), {"document": source.pk, "stance": "contradicts"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["has_passage"] is False
    assert (body["revision"], body["start"], body["end"], body["exact"]) == (None, None, None, "")


def test_the_same_passage_twice_is_refused(api: APIClient, marked: Claim, source: Document) -> None:
    link = {"document": source.pk, "exact": PASSAGE, "stance": "supports"}
    assert api.post(nested(marked), link, format="json").status_code == 201
    response = api.post(nested(marked), {**link, "stance": "mixed"}, format="json")
    assert_refused(response, "span", "already linked", code="duplicate")
    assert Evidence.objects.count() == 1


def test_the_same_whole_document_twice_is_refused(api: APIClient, marked: Claim, source: Document) -> None:
    link = {"document": source.pk, "stance": "supports"}
    assert api.post(nested(marked), link, format="json").status_code == 201
    response = api.post(FLAT, {**link, "claim": marked.pk}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "duplicate"
    assert Evidence.objects.count() == 1


def test_a_passage_and_its_whole_document_may_both_be_linked(
    api: APIClient, marked: Claim, source: Document
) -> None:
    assert api.post(nested(marked), {"document": source.pk, "stance": "supports"}).status_code == 201
    passage = {"document": source.pk, "exact": PASSAGE, "stance": "supports"}
    assert api.post(nested(marked), passage).status_code == 201


def test_flat_link_names_the_claim_in_the_body(api: APIClient, marked: Claim, source: Document) -> None:
    response = api.post(FLAT, {"claim": marked.pk, "document": source.pk, "stance": "mixed"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["claim"] == marked.pk

    missing = api.post(FLAT, {"document": source.pk, "stance": "mixed"}, format="json")
    assert_refused(missing, "claim", "required")
    unknown = api.post(FLAT, {"claim": 999_999, "document": source.pk, "stance": "mixed"}, format="json")
    assert_refused(unknown, "claim", "does not exist")


def test_linking_to_an_unknown_claim_is_404(api: APIClient, source: Document) -> None:
    response = api.post(nested(Claim(pk=999_999)), {"document": source.pk, "stance": "mixed"}, format="json")
    assert response.status_code == 404
    assert api.get(nested(Claim(pk=999_999))).status_code == 404


def test_the_claims_own_document_is_evidence_elsewhere_not_for_itself(
    api: APIClient, marked: Claim, article: Document
) -> None:
    other_passage = {"document": article.pk, "exact": "Die Fähre schafft 40 Knoten", "stance": "context"}
    assert api.post(nested(marked), other_passage, format="json").status_code == 201

    itself = {"document": article.pk, "exact": "1,2 Megawattstunden", "stance": "supports"}
    assert_refused(api.post(nested(marked), itself, format="json"), "span", "cannot be evidence for itself")


@pytest.mark.parametrize(
    ("payload", "field", "words"),
    [
        ({"stance": "agrees"}, "stance", "not a valid choice"),
        ({"stance": None}, "stance", "may not be null"),
        ({"document": 999_999}, "document", "does not exist"),
        ({"exact": "nicht im Text"}, "span", "not found"),
        ({"start": 0, "end": 100_000}, "span", "past the end"),
        ({"start": 0, "end": 4, "exact": "Ihre"}, "span", "does not match"),
    ],
)
def test_bad_links_are_refused(
    api: APIClient, marked: Claim, source: Document, payload: dict, field: str, words: str
) -> None:
    body = {"document": source.pk, "stance": "supports", **payload}
    assert_refused(api.post(nested(marked), body, format="json"), field, words)
    assert Evidence.objects.count() == 0


def test_a_passage_selected_in_an_old_revision_is_refused(
    api: APIClient, marked: Claim, source: Document
) -> None:
    old = source.current_revision
    document(source.text + "Nachtrag.\n", url=source.url)
    body = {"document": source.pk, "revision": old.pk, "exact": PASSAGE, "stance": "supports"}
    assert_refused(api.post(nested(marked), body, format="json"), "revision", "not the document's current")


def test_edit_stance_and_note(api: APIClient, marked: Claim, source: Document, owner: object) -> None:
    item = evidence(marked, source, owner, PASSAGE, stance="supports")
    response = api.patch(f"{FLAT}{item.pk}/", {"stance": "mixed", "note": "Nur teilweise."}, format="json")

    assert response.status_code == 200, response.content
    assert (response.json()["stance"], response.json()["note"]) == ("mixed", "Nur teilweise.")
    item.refresh_from_db()
    assert item.stance == "mixed"

    bad = api.patch(f"{FLAT}{item.pk}/", {"stance": "maybe"}, format="json")
    assert_refused(bad, "stance", "not a valid choice")
    moved = api.patch(f"{FLAT}{item.pk}/", {"claim": marked.pk + 1}, format="json")
    assert_refused(moved, "claim", "cannot move to another claim", code="read_only")
    put = api.put(f"{FLAT}{item.pk}/", {"stance": "contradicts"}, format="json")
    assert_refused(put, "note", "required")


def test_re_place_a_passage(api: APIClient, marked: Claim, source: Document, owner: object) -> None:
    item = evidence(marked, source, owner, PASSAGE)
    response = api.patch(f"{FLAT}{item.pk}/", {"exact": "bei 9 Knoten"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["exact"] == "bei 9 Knoten"


def test_unlink(api: APIClient, marked: Claim, source: Document, owner: object) -> None:
    item = evidence(marked, source, owner, PASSAGE)
    assert api.delete(f"{FLAT}{item.pk}/").status_code == 204
    assert not Evidence.objects.exists()
    assert api.get(f"/api/v1/claims/{marked.pk}/").json()["evidence_count"] == 0


def test_lists_and_filters(
    api: APIClient, marked: Claim, article: Document, source: Document, owner: object
) -> None:
    second = claim(source, owner, "Höchstgeschwindigkeit liegt bei 9 Knoten")
    supports = evidence(marked, source, owner, PASSAGE, stance="supports")
    context = evidence(marked, article, owner, "Die Fähre schafft 40 Knoten", stance="context")
    contradicts = evidence(second, article, owner, stance="contradicts")

    def ids(url: str = FLAT, **params: object) -> set[int]:
        response = api.get(url, params)
        assert response.status_code == 200, response.content
        return {e["id"] for e in response.json()["results"]}

    assert ids() == {supports.pk, context.pk, contradicts.pk}
    assert ids(nested(marked)) == {supports.pk, context.pk}
    assert ids(nested(second)) == {contradicts.pk}
    assert ids(claim=second.pk) == {contradicts.pk}
    assert ids(document=article.pk) == {context.pk, contradicts.pk}
    assert ids(stance="supports") == {supports.pk}
    assert ids(origin="editor") == {supports.pk, context.pk, contradicts.pk}
    assert ids(origin="suggestion") == set()
    assert ids(nested(marked), stance="context") == {context.pk}

    unknown = api.get(FLAT, {"stanse": "supports"})
    assert unknown.status_code == 400 and unknown.json()["code"] == "unknown_parameter"
    assert api.get(FLAT, {"stance": "agrees"}).status_code == 400


def test_utf16_offsets_count_in_the_evidence_documents_text(
    api: APIClient, marked: Claim, owner: object
) -> None:
    cited = document("Laut 🚢-Register 👩‍💻: Die Aurelia fährt 9 Knoten.\n", title="Register")
    quote = "Die Aurelia fährt 9 Knoten"
    start = cited.text.index(quote)
    browser_start = len(cited.text[:start].encode("utf-16-le")) // 2
    browser = {"start": browser_start, "end": browser_start + len(quote)}
    assert browser_start == start + 3  # the ship, and the woman and laptop of the ZWJ sequence, count 2

    response = api.post(
        f"{nested(marked)}?offsets=utf16", {"document": cited.pk, "stance": "contradicts", **browser}
    )

    assert response.status_code == 201, response.content
    assert response.json()["exact"] == quote
    assert (response.json()["start"], response.json()["end"]) == (browser["start"], browser["end"])
    assert Evidence.objects.get().start == start
    detail = api.get(f"/api/v1/claims/{marked.pk}/?offsets=utf16").json()
    assert detail["evidence"][0]["start"] == browser["start"]
