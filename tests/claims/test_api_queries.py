"""A page of claims costs the same number of SQL queries whatever its size: the speaker, document title,
publisher and evidence counts are joined and counted in, not fetched per claim."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from claims.models import Claim
from tests.factories import PublisherFactory, claim, document, evidence

pytestmark = pytest.mark.django_db

# The count, then the page with everything it shows joined in. Signing in is not counted: the client
# is force-authenticated.
LIST_QUERIES = 2
# UTF-16 offsets need the revisions' texts: one more query, for the whole page.
LIST_QUERIES_UTF16 = 3
# The claim, its evidence, and their revisions' texts (claim, evidence: two more).
DETAIL_QUERIES_UTF16 = 4


def make_claims(count: int, owner: object) -> list[Claim]:
    """`count` claims over a few documents of different publishers, each with two pieces of evidence."""
    cited = document("Eine Quelle sagt: 9 Knoten. 🚢\n", title="Quelle", publisher="Quellenblatt")
    made = []
    for number in range(count):
        publisher = PublisherFactory()
        doc = document(
            f"Behauptung {number}: 🧠 die Fähre schafft {number} Knoten.\n",
            title=f"Behauptung {number}",
            publisher=publisher.name,
        )
        marked = claim(doc, owner, f"die Fähre schafft {number} Knoten", speaker=f"Leser {number}")
        evidence(marked, cited, owner, "9 Knoten", stance="contradicts")
        evidence(marked, cited, owner, stance="context")
        made.append(marked)
    return made


@pytest.mark.parametrize("count", [5, 50])
def test_a_page_of_claims_costs_a_fixed_number_of_queries(
    api: APIClient, owner: object, count: int, django_assert_num_queries: object
) -> None:
    make_claims(count, owner)

    with django_assert_num_queries(LIST_QUERIES):
        response = api.get("/api/v1/claims/", {"page_size": count})

    results = response.json()["results"]
    assert len(results) == count
    assert all(
        c["speaker"].startswith("Leser") and c["document_title"].startswith("Behauptung") for c in results
    )
    assert all(
        c["evidence_counts"] == {"supports": 0, "contradicts": 1, "mixed": 0, "context": 1} for c in results
    )

    with django_assert_num_queries(LIST_QUERIES_UTF16):
        response = api.get("/api/v1/claims/", {"page_size": count, "offsets": "utf16"})
    code_points = {c["id"]: c["start"] for c in results}
    # Every quote comes after the brain emoji, which UTF-16 counts twice.
    assert all(c["start"] == code_points[c["id"]] + 1 for c in response.json()["results"])


@pytest.mark.parametrize("count", [2, 20])
def test_a_claim_with_its_evidence_costs_a_fixed_number_of_queries(
    api: APIClient, owner: object, count: int, django_assert_num_queries: object
) -> None:
    doc = document("Die Fähre schafft 40 Knoten.\n", title="Fähre")
    marked = claim(doc, owner, "40 Knoten")
    for number in range(count):
        evidence(
            marked, document(f"Quelle {number}: 9 Knoten.\n", publisher=f"Blatt {number}"), owner, "9 Knoten"
        )

    with django_assert_num_queries(DETAIL_QUERIES_UTF16):
        response = api.get(f"/api/v1/claims/{marked.pk}/", {"offsets": "utf16"})

    assert len(response.json()["evidence"]) == count
