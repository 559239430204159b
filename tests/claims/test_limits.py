"""Every free text has a maximum (claims.models; the README lists them): the API refuses a longer one
with a 400 naming the field, the database refuses it too, and so a page of a list has a largest size."""

from __future__ import annotations

import json

import pytest
from django.db import IntegrityError, transaction
from rest_framework.test import APIClient

from claims.models import EXPLANATION_MAX, NOTE_MAX, QUOTE_MAX, SPEAKER_MAX, STATEMENT_MAX, Claim, Evidence
from sources.models import Document
from tests.factories import claim, document

pytestmark = pytest.mark.django_db

# The largest a claim is in a list, in bytes of JSON, when every text in it is as long as allowed
# (ASCII; README "Limits"): quote and statement, speaker, context, the document's title, the rest.
CLAIM_ROW_MAX_BYTES = QUOTE_MAX + STATEMENT_MAX + SPEAKER_MAX + 2 * 64 + 500 + 2_000


@pytest.fixture
def api(owner: object) -> APIClient:
    client = APIClient()
    client.force_authenticate(owner)
    return client


def refused(response: object, field: str, code: str) -> dict:
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert body["code"] == code, body
    assert field in body["errors"], body
    return body


def test_an_8_mb_statement_is_refused(api: APIClient, article: Document) -> None:
    body = {"document": article.pk, "exact": "fasst 1,2 Megawattstunden", "statement": "x" * 8_000_000}
    answer = refused(api.post("/api/v1/claims/", body, format="json"), "statement", "max_length")
    assert f"{STATEMENT_MAX:,}".replace(",", "") in answer["detail"] or str(STATEMENT_MAX) in answer["detail"]
    assert Claim.objects.count() == 0


def test_a_speaker_and_a_statement_too_long_are_both_refused_in_one_answer(
    api: APIClient, article: Document
) -> None:
    # The reader's popover shows every field's refusal at once: the API must name them all in one 400.
    body = {
        "document": article.pk,
        "exact": "fasst 1,2 Megawattstunden",
        "speaker": "S" * 300,
        "statement": "x" * 20_000,
    }
    answer = refused(api.post("/api/v1/claims/", body, format="json"), "speaker", "max_length")
    assert set(answer["errors"]) == {"speaker", "statement"}
    # The line a person reads (the popover shows it as it is) names both, each after its field.
    assert answer["detail"] == (
        f"speaker: Ensure this field has no more than {SPEAKER_MAX} characters. "
        f"statement: Ensure this field has no more than {STATEMENT_MAX} characters."
    )
    assert Claim.objects.count() == 0


def test_a_statement_of_the_maximum_is_kept(api: APIClient, article: Document) -> None:
    body = {"document": article.pk, "exact": "fasst 1,2 Megawattstunden", "statement": "x" * STATEMENT_MAX}
    response = api.post("/api/v1/claims/", body, format="json")
    assert response.status_code == 201, response.content[:300]
    assert len(Claim.objects.get().statement) == STATEMENT_MAX


def test_a_speaker_over_the_maximum_is_refused_on_change(
    api: APIClient, article: Document, owner: object
) -> None:
    marked = claim(article, owner, "fasst 1,2 Megawattstunden")
    response = api.patch(f"/api/v1/claims/{marked.pk}/", {"speaker": "K" * (SPEAKER_MAX + 1)}, format="json")
    refused(response, "speaker", "max_length")
    assert Claim.objects.get().speaker == ""


def test_a_span_longer_than_a_quote_may_be_is_refused(api: APIClient, owner: object) -> None:
    long_text = document(("Die Fähre fährt weit. " * 400) + "\n", url="https://example.org/long")
    body = {"document": long_text.pk, "start": 0, "end": QUOTE_MAX + 1}
    answer = refused(api.post("/api/v1/claims/", body, format="json"), "span", "too_long")
    assert f"{QUOTE_MAX:,}" in answer["detail"]
    body = {"document": long_text.pk, "start": 0, "end": QUOTE_MAX}
    assert api.post("/api/v1/claims/", body, format="json").status_code == 201


def test_an_evidence_note_and_an_explanation_over_the_maximum_are_refused(
    api: APIClient, article: Document, source: Document, owner: object
) -> None:
    marked = claim(article, owner, "fasst 1,2 Megawattstunden")
    link = {"document": source.pk, "stance": "supports", "note": "n" * (NOTE_MAX + 1)}
    refused(api.post(f"/api/v1/claims/{marked.pk}/evidence/", link, format="json"), "note", "max_length")
    assert Evidence.objects.count() == 0
    verdict = {"verdict": "contradicted", "explanation": "e" * (EXPLANATION_MAX + 1)}
    response = api.post(f"/api/v1/claims/{marked.pk}/editorial-verdict/", verdict, format="json")
    refused(response, "explanation", "max_length")


def test_the_database_refuses_a_statement_over_the_maximum(article: Document, owner: object) -> None:
    marked = claim(article, owner, "fasst 1,2 Megawattstunden")
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=marked.pk).update(statement="x" * (STATEMENT_MAX + 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=marked.pk).update(exact="x" * (QUOTE_MAX + 1))


def test_a_page_of_claims_at_their_largest_stays_within_its_byte_bound(api: APIClient, owner: object) -> None:
    sentence = "Die Fähre fährt weit und schnell über den See. "
    quote = (sentence * (QUOTE_MAX // len(sentence) + 1))[:QUOTE_MAX].rstrip()
    big = document((quote + "\n\n") * 10, url="https://example.org/big", title="T" * 500)
    step = len(quote) + 2
    for n in range(10):
        body = {
            "document": big.pk,
            "start": n * step,
            "end": n * step + len(quote),
            "speaker": "S" * SPEAKER_MAX,
            "statement": "x" * STATEMENT_MAX,
        }
        assert api.post("/api/v1/claims/", body, format="json").status_code == 201
    page = api.get("/api/v1/claims/", {"page_size": 10})
    assert page.status_code == 200
    assert len(page.json()["results"]) == 10
    row_bytes = max(len(json.dumps(row, ensure_ascii=False).encode()) for row in page.json()["results"])
    assert row_bytes <= CLAIM_ROW_MAX_BYTES
    assert len(page.content) <= 10 * CLAIM_ROW_MAX_BYTES + 1_000
