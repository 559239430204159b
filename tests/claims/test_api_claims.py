"""/api/v1/claims/: marking claims by offsets or quote, refusals, filters, changes, UTF-16 offsets, and
orphaned claims after a re-import."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from claims.models import Claim, Evidence
from sources import services as sources
from sources.models import Document, Publisher
from tests.claims.conftest import ARTICLE
from tests.factories import claim, document, evidence

pytestmark = pytest.mark.django_db

URL = "/api/v1/claims/"
QUOTE = "fasst 1,2 Megawattstunden"


def offsets(document: Document, exact: str) -> dict[str, int]:
    """Code point offsets of a quote's first occurrence."""
    start = document.text.index(exact)
    return {"start": start, "end": start + len(exact)}


def assert_refused(response: object, field: str, words: str, code: str | None = None) -> dict:
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == {"code", "detail", "errors"}
    assert any(words in message for message in body["errors"][field]), body
    if code:
        assert body["code"] == code
    assert Claim.objects.count() == 0
    return body


# --- Marking a claim ---------------------------------------------------------------------------------


def test_mark_a_claim_by_offsets(api: APIClient, article: Document) -> None:
    body = {"document": article.pk, **offsets(article, QUOTE), "speaker": "Der Kapitän"}
    response = api.post(URL, {**body, "speaker_role": "quoted"}, format="json")

    assert response.status_code == 201, response.content
    claim = response.json()
    assert claim["exact"] == QUOTE
    assert claim["document_title"] == "Solarfähre auf dem Brennsee"
    assert (claim["revision"], claim["revision_number"]) == (article.current_revision_id, 1)
    assert (claim["speaker"], claim["speaker_role"], claim["status"]) == ("Der Kapitän", "quoted", "draft")
    assert claim["prefix"].endswith("Ihr Batteriespeicher ") and claim["suffix"].startswith(", sagte")
    assert (claim["orphaned"], claim["anchor_confidence"]) == (False, 1.0)
    assert claim["evidence_count"] == 0
    assert claim["evidence_counts"] == {"supports": 0, "contradicts": 0, "mixed": 0, "context": 0}
    assert claim["evidence"] == []
    assert (claim["created_by"], claim["updated_by"]) == ("owner", "owner")
    stored = Claim.objects.get()
    assert (stored.start, stored.end, stored.exact) == (body["start"], body["end"], QUOTE)


def test_mark_a_claim_by_quote_alone(api: APIClient, article: Document) -> None:
    response = api.post(URL, {"document": article.pk, "exact": QUOTE}, format="json")
    assert response.status_code == 201, response.content
    assert {k: response.json()[k] for k in ("start", "end")} == offsets(article, QUOTE)


def test_quote_and_offsets_that_agree(api: APIClient, article: Document) -> None:
    response = api.post(
        URL, {"document": article.pk, "exact": QUOTE, **offsets(article, QUOTE)}, format="json"
    )
    assert response.status_code == 201, response.content


def test_a_repeated_quote_is_told_apart_by_its_prefix(api: APIClient) -> None:
    doc = document("Er sagte: 40 Knoten. Sie sagte: 40 Knoten.\n", title="Zweimal")
    response = api.post(
        URL, {"document": doc.pk, "exact": "40 Knoten", "prefix": "Sie sagte: "}, format="json"
    )
    assert response.json()["start"] == doc.text.rindex("40 Knoten")


def test_quote_and_offsets_that_disagree_are_refused(api: APIClient, article: Document) -> None:
    span = offsets(article, "Ihr Batteriespeicher")
    response = api.post(URL, {"document": article.pk, "exact": QUOTE, **span}, format="json")
    body = assert_refused(response, "span", "does not match the text", code="anchor")
    assert "Ihr Batteriespeicher" in body["detail"]


@pytest.mark.parametrize(
    ("span", "words"),
    [
        ({"start": 10, "end": 10_000}, "past the end of the text"),
        ({"start": -1, "end": 5}, "before the start of the text"),
        ({"start": 12, "end": 12}, "select nothing"),
        ({"start": 12, "end": 5}, "not in order"),
        ({"start": 12}, "give both start and end"),
        ({"exact": "40 Kilometer"}, "not found"),
        ({}, "Give the span's start and end offsets, or its exact quote"),
    ],
)
def test_bad_spans_are_refused(api: APIClient, article: Document, span: dict, words: str) -> None:
    assert_refused(api.post(URL, {"document": article.pk, **span}, format="json"), "span", words)


def test_a_selection_in_an_old_revision_is_refused_as_stale(api: APIClient, article: Document) -> None:
    first = article.current_revision
    document(ARTICLE + "Nachtrag.\n", url=article.url)
    response = api.post(URL, {"document": article.pk, "revision": first.pk, "exact": QUOTE}, format="json")
    assert_refused(response, "revision", "is not the document's current revision", code="stale_revision")


@pytest.mark.parametrize(
    ("payload", "field", "words"),
    [
        ({"document": 999_999}, "document", "does not exist"),
        ({"document": "eins"}, "document", "Incorrect type"),
        ({"speaker_role": "witness"}, "speaker_role", "not a valid choice"),
        ({"status": "done"}, "status", "not a valid choice"),
        ({"start": "zwölf", "end": 20}, "start", "valid integer"),
        ({"speaker": "x" * 201}, "speaker", "no more than 200"),
        ({"speaker": "\ud83e"}, "speaker", "surrogate"),
        ({"speaker": "Nul\x00l"}, "speaker", "Null characters"),
    ],
)
def test_bad_fields_are_refused_naming_the_field(
    api: APIClient, article: Document, payload: dict, field: str, words: str
) -> None:
    body = {"document": article.pk, "exact": QUOTE, **payload}
    # json.dumps escapes the lone surrogate ("\\ud83e"), as a buggy client would send it.
    response = api.post(URL, json.dumps(body), content_type="application/json")
    assert_refused(response, field, words)


def test_overlapping_and_nested_claims_are_allowed(api: APIClient, article: Document) -> None:
    sentence = "Ihr Batteriespeicher fasst 1,2 Megawattstunden, sagte der Kapitän."
    for quote in (sentence, QUOTE, "1,2 Megawattstunden, sagte der Kapitän"):
        response = api.post(URL, {"document": article.pk, "exact": quote}, format="json")
        assert response.status_code == 201, response.content
    assert Claim.objects.count() == 3


# --- Reading and filtering ----------------------------------------------------------------------------


def test_detail_shows_the_evidence_and_counts_by_stance(
    api: APIClient, article: Document, source: Document, owner: object
) -> None:
    marked = claim(article, owner, QUOTE)
    evidence(marked, source, owner, "Speicher von 1,2 Megawattstunden", stance="supports")
    evidence(marked, article, owner, "40 Knoten", stance="context")
    evidence(marked, source, owner, stance="mixed")

    body = api.get(f"{URL}{marked.pk}/").json()

    assert body["evidence_count"] == 3
    assert body["evidence_counts"] == {"supports": 1, "contradicts": 0, "mixed": 1, "context": 1}
    assert [(e["stance"], e["exact"], e["has_passage"]) for e in body["evidence"]] == [
        ("supports", "Speicher von 1,2 Megawattstunden", True),
        ("context", "40 Knoten", True),
        ("mixed", "", False),
    ]
    assert body["evidence"][0]["publisher"]["name"] == "Werftzeitung"


def test_list_filters(api: APIClient, article: Document, source: Document, owner: object) -> None:
    captain = claim(article, owner, QUOTE, speaker="Der Kapitän", speaker_role="quoted", status="published")
    reader_comment = claim(
        article, owner, "Die Fähre schafft 40 Knoten", speaker="Leser", speaker_role="commenter"
    )
    report = claim(source, owner, "Höchstgeschwindigkeit liegt bei 9 Knoten", statement="Maximal 9 Knoten.")

    def ids(**params: object) -> set[int]:
        response = api.get(URL, params)
        assert response.status_code == 200, response.content
        return {c["id"] for c in response.json()["results"]}

    assert ids() == {captain.pk, reader_comment.pk, report.pk}
    assert ids(document=article.pk) == {captain.pk, reader_comment.pk}
    assert ids(publisher=source.publisher_id) == {report.pk}
    assert ids(speaker="der kapitän") == {captain.pk}
    assert ids(speaker_role="commenter") == {reader_comment.pk}
    assert ids(status="published") == {captain.pk}
    assert ids(q="knoten") == {reader_comment.pk, report.pk}
    assert ids(q="maximal") == {report.pk}
    assert ids(orphaned="false") == {captain.pk, reader_comment.pk, report.pk}
    assert ids(orphaned="true") == set()
    an_hour_ago = (timezone.now() - timedelta(hours=1)).isoformat()
    in_an_hour = (timezone.now() + timedelta(hours=1)).isoformat()
    assert ids(created_since=an_hour_ago) == {captain.pk, reader_comment.pk, report.pk}
    assert ids(updated_since=in_an_hour) == set()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "done"}, "status"),
        ({"orphaned": "yes"}, "orphaned"),
        ({"document": 999_999}, "document"),
        ({"updated_since": "last week"}, "updated_since"),
        ({"created_since": "0001-01-01T00:00:00+05:00"}, "created_since"),  # before year 1 in UTC
        ({"offsets": "bytes"}, "offsets"),
        ({"ordering": "exact"}, "ordering"),
    ],
)
def test_bad_filter_values_are_400(api: APIClient, article: Document, params: dict, field: str) -> None:
    response = api.get(URL, params)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"] or field in response.json()["detail"]


def test_unknown_filter_parameter_is_400(api: APIClient, article: Document, owner: object) -> None:
    claim(article, owner, QUOTE)
    response = api.get(URL, {"stauts": "published"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "unknown_parameter"
    assert "Unknown query parameter 'stauts'" in body["errors"]["stauts"][0]
    assert "status" in body["errors"]["stauts"][0]  # it lists what is accepted


def test_a_time_with_an_offset_the_database_cannot_store_still_filters(
    api: APIClient, article: Document, owner: object
) -> None:
    claim(article, owner, QUOTE)
    response = api.get(URL, {"updated_since": "0456-09-15T15:20:59-18:48"})  # PostgreSQL allows ±15:59
    assert response.status_code == 200, response.content
    assert response.json()["count"] == 1


@pytest.mark.parametrize(
    "url", ["/api/v1/claims/", "/api/v1/evidence/", "/api/v1/documents/", "/api/v1/publishers/"]
)
def test_every_list_refuses_unknown_parameters(api: APIClient, url: str) -> None:
    assert api.get(url, {"page_size": 5, "format": "json"}).status_code == 200
    response = api.get(url, {"page_size": 5, "sort": "name"})
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], list(body["errors"])) == ("unknown_parameter", ["sort"])


def test_documents_and_publishers_changed_since(api: APIClient, article: Document, source: Document) -> None:
    two_days_ago = timezone.now() - timedelta(days=2)
    Document.objects.filter(pk=article.pk).update(updated_at=two_days_ago)
    Publisher.objects.exclude(name="Werftzeitung").update(updated_at=two_days_ago)  # the article's
    yesterday = (timezone.now() - timedelta(days=1)).isoformat()
    documents = api.get("/api/v1/documents/", {"updated_since": yesterday}).json()["results"]
    assert [d["id"] for d in documents] == [source.pk]
    publishers = api.get("/api/v1/publishers/", {"updated_since": yesterday}).json()["results"]
    assert [p["name"] for p in publishers] == ["Werftzeitung"]
    tomorrow = (timezone.now() + timedelta(days=1)).isoformat()
    assert api.get("/api/v1/publishers/", {"updated_since": tomorrow}).json()["results"] == []


def test_newest_change_first_with_a_stable_order_and_capped_pages(
    api: APIClient, article: Document, owner: object
) -> None:
    quotes = ["Die Solarfähre", "Aurelia", "fährt seit Sonntag", "Brennsee", QUOTE]
    marked = [claim(article, owner, quote) for quote in quotes]
    Claim.objects.filter(pk__in=[c.pk for c in marked]).update(updated_at=timezone.now())  # all equal
    first = api.get(URL, {"page_size": 3}).json()
    second = api.get(URL, {"page_size": 3, "page": 2}).json()
    listed = [c["id"] for c in first["results"] + second["results"]]
    assert listed == sorted((c.pk for c in marked), reverse=True)
    assert first["count"] == 5

    oldest_first = api.get(URL, {"ordering": "created_at"}).json()["results"]
    assert [c["id"] for c in oldest_first] == [c.pk for c in marked]

    capped = api.get(URL, {"page_size": 10_000})
    assert capped.status_code == 200 and len(capped.json()["results"]) == 5


def test_pages_say_how_many_there_are_and_refuse_pages_past_the_end(
    api: APIClient, article: Document, owner: object
) -> None:
    for quote in ["Die Solarfähre", "Aurelia", "fährt seit Sonntag", "Brennsee", QUOTE]:
        claim(article, owner, quote)

    second = api.get(URL, {"page_size": 2, "page": 2}).json()
    last = api.get(URL, {"page_size": 2, "page": "last"}).json()

    assert second["count"] == 5 and len(second["results"]) == 2
    assert "page=3" in second["next"] and "page_size=2" in second["previous"]
    assert last["count"] == 5 and len(last["results"]) == 1 and last["next"] is None
    past_the_end = api.get(URL, {"page_size": 2, "page": 4})
    assert past_the_end.status_code == 404 and past_the_end.json()["code"] == "not_found"
    for page in (0, "zwei"):  # no page number at all: a 400 saying what to give
        refused = api.get(URL, {"page_size": 2, "page": page})
        assert refused.status_code == 400 and "page" in refused.json()["detail"], page
    empty = api.get(URL, {"q": "nirgends"}).json()
    assert empty == {"count": 0, "next": None, "previous": None, "results": []}


def test_unknown_claim_is_404(api: APIClient) -> None:
    response = api.get(f"{URL}999999/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


# --- Changing and deleting ----------------------------------------------------------------------------


def test_patch_changes_what_it_names(api: APIClient, article: Document, owner: object) -> None:
    marked = claim(article, owner, QUOTE, speaker="Kapitän")
    response = api.patch(
        f"{URL}{marked.pk}/", {"status": "in_review", "statement": " 1,2 MWh. "}, format="json"
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["statement"], body["speaker"]) == ("in_review", "1,2 MWh.", "Kapitän")
    marked.refresh_from_db()
    assert marked.status == "in_review"


def test_put_needs_every_editable_field(api: APIClient, article: Document, owner: object) -> None:
    marked = claim(article, owner, QUOTE)
    response = api.put(f"{URL}{marked.pk}/", {"status": "published"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"speaker", "speaker_role", "statement"}

    full = {"speaker": "Kapitän", "speaker_role": "quoted", "statement": "", "status": "published"}
    response = api.put(f"{URL}{marked.pk}/", {**full, "document": article.pk}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["speaker_role"] == "quoted"


def test_a_claim_cannot_move_to_another_document(
    api: APIClient, article: Document, source: Document, owner: object
) -> None:
    marked = claim(article, owner, QUOTE)
    response = api.patch(f"{URL}{marked.pk}/", {"document": source.pk}, format="json")
    assert response.status_code == 400
    assert "cannot move to another document" in response.json()["errors"]["document"][0]
    marked.refresh_from_db()
    assert marked.document_id == article.pk


def test_patch_with_a_span_re_places_the_claim(api: APIClient, article: Document, owner: object) -> None:
    marked = claim(article, owner, QUOTE)
    response = api.patch(f"{URL}{marked.pk}/", {"exact": "1,2 Megawattstunden"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["exact"] == "1,2 Megawattstunden"

    response = api.patch(f"{URL}{marked.pk}/", {"start": 0, "end": 3, "exact": "Ihr"}, format="json")
    assert response.status_code == 400
    assert "does not match" in response.json()["errors"]["span"][0]
    marked.refresh_from_db()
    assert marked.exact == "1,2 Megawattstunden"


def test_delete_removes_the_claim_and_its_evidence(
    api: APIClient, article: Document, source: Document, owner: object
) -> None:
    marked = claim(article, owner, QUOTE)
    evidence(marked, source, owner)
    assert api.delete(f"{URL}{marked.pk}/").status_code == 204
    assert not Claim.objects.exists() and not Evidence.objects.exists()
    assert api.get(f"{URL}{marked.pk}/").status_code == 404


# --- UTF-16 offsets -----------------------------------------------------------------------------------

EMOJI_TEXT = (
    "Das Modell 🧠 rechnet schnell. Die Entwicklerin 👩‍💻 sagt: Cafe\u0301 auf der x\u0301-Achse "
    "kostet 5 €, sagt sie.\n"
)


def utf16(text: str, index: int) -> int:
    """What a browser counts: UTF-16 code units before the code point offset `index`."""
    return len(text[:index].encode("utf-16-le")) // 2


def test_utf16_offsets_round_trip(api: APIClient) -> None:
    doc = document(EMOJI_TEXT, title="Emoji")
    text = api.get(f"/api/v1/documents/{doc.pk}/").json()["text"]
    assert "Café" in text and "x\u0301" in text  # stored in NFC: é composes, x + acute cannot
    quote = "Entwicklerin 👩‍💻 sagt: Café auf der x\u0301"
    start = text.index(quote)
    browser = {"start": utf16(text, start), "end": utf16(text, start + len(quote))}
    assert browser["start"] == start + 1  # the brain emoji counts twice

    response = api.post(f"{URL}?offsets=utf16", {"document": doc.pk, **browser}, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["exact"] == quote
    assert (body["start"], body["end"]) == (browser["start"], browser["end"])
    stored = Claim.objects.get()
    assert (stored.start, stored.end) == (start, start + len(quote))
    assert api.get(f"{URL}{stored.pk}/").json()["start"] == start
    assert api.get(f"{URL}{stored.pk}/?offsets=utf16").json()["end"] == browser["end"]
    listed = api.get(URL, {"offsets": "utf16"}).json()["results"]
    assert (listed[0]["start"], listed[0]["end"]) == (browser["start"], browser["end"])


def test_utf16_offsets_with_the_quote_are_checked_against_each_other(api: APIClient) -> None:
    doc = document(EMOJI_TEXT, title="Emoji")
    quote = "rechnet schnell"
    start = doc.text.index(quote)
    # Code point offsets sent as if they were UTF-16: one short after the emoji, so the text differs.
    response = api.post(
        f"{URL}?offsets=utf16", {"document": doc.pk, "exact": quote, "start": start, "end": start + 15}
    )
    assert_refused(response, "span", "does not match the text")


def test_a_utf16_offset_inside_an_emoji_is_refused(api: APIClient) -> None:
    doc = document(EMOJI_TEXT, title="Emoji")
    inside_brain = utf16(doc.text, doc.text.index("🧠")) + 1
    response = api.post(
        f"{URL}?offsets=utf16", {"document": doc.pk, "start": inside_brain, "end": inside_brain + 5}
    )
    assert_refused(response, "start", "surrogate pair", code="anchor")


def test_a_utf16_offset_past_the_end_is_refused(api: APIClient) -> None:
    doc = document(EMOJI_TEXT, title="Emoji")
    length = utf16(doc.text, len(doc.text))
    response = api.post(f"{URL}?offsets=utf16", {"document": doc.pk, "start": 0, "end": length + 1})
    assert_refused(response, "end", f"past the end of the text ({length} UTF-16 code units)")


# --- Orphaned claims ----------------------------------------------------------------------------------


@pytest.fixture
def eager(settings: object, django_capture_on_commit_callbacks: object) -> object:
    """Run the re-anchoring job in-process when the import's transaction commits."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    return django_capture_on_commit_callbacks


def reimport(document: Document, text: str) -> None:
    sources.document_import(
        source=sources.source_from_text(text), overrides=sources.ImportOverrides(document_id=document.pk)
    )


def test_a_claim_whose_quote_was_deleted_is_orphaned_until_re_placed(
    api: APIClient, article: Document, owner: object, eager: object
) -> None:
    marked = claim(article, owner, QUOTE)
    new_text = ARTICLE.replace("Ihr Batteriespeicher fasst 1,2 Megawattstunden", "Der Speicher ist neu")
    with eager(execute=True):
        reimport(article, new_text)

    body = api.get(f"{URL}{marked.pk}/").json()
    assert (body["orphaned"], body["anchor_confidence"]) == (True, 0.0)
    assert (body["exact"], body["revision_number"]) == (QUOTE, 1)  # kept with its old quote and revision
    assert [c["id"] for c in api.get(URL, {"orphaned": "true"}).json()["results"]] == [marked.pk]

    confirm = api.post(f"{URL}{marked.pk}/confirm/")
    assert confirm.status_code == 400
    assert confirm.json()["code"] == "orphaned"
    assert "place it again" in confirm.json()["detail"]

    replaced = api.patch(f"{URL}{marked.pk}/", {"exact": "Der Speicher ist neu"}, format="json")
    assert replaced.status_code == 200, replaced.content
    body = replaced.json()
    assert (body["orphaned"], body["anchor_confidence"], body["revision_number"]) == (False, 1.0, 2)
    assert api.get(URL, {"orphaned": "true"}).json()["results"] == []


def test_confirming_a_moved_claim_restores_full_confidence(
    api: APIClient, article: Document, owner: object, eager: object
) -> None:
    marked = claim(article, owner, QUOTE)
    with eager(execute=True):
        reimport(article, ARTICLE.replace("fasst 1,2 Megawattstunden", "fasst 1,2 Megawatt-Stunden"))
    moved = api.get(f"{URL}{marked.pk}/").json()
    assert moved["revision_number"] == 2 and not moved["orphaned"]
    assert moved["anchor_confidence"] < 1.0

    response = api.post(f"{URL}{marked.pk}/confirm/")

    assert response.status_code == 200, response.content
    assert response.json()["anchor_confidence"] == 1.0
