"""Verdicts through the API: current verdict fields, verdict filters, as_of, history, editorial verdicts,
and the ClaimReview / Web Annotation exports."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from claims import services, verdicts
from claims.models import Assessment, Claim
from sources import services as sources
from tests.factories import PublisherFactory, editor, reader

pytestmark = pytest.mark.django_db

URL = "/api/v1/claims/"


@pytest.fixture
def owner() -> object:
    return editor("owner")


@pytest.fixture
def api(owner: object) -> APIClient:
    client = APIClient()
    client.force_authenticate(owner)
    return client


def document(text: str, reliability: float | None = None) -> object:
    doc = sources.document_import(source=sources.source_from_text(text)).document
    if reliability is not None:
        doc.publisher = PublisherFactory(reliability=reliability)
        doc.url = f"https://{doc.publisher.domain}/{doc.pk}"  # on its publisher's domain: a verified source
        doc.save()
    return doc


@pytest.fixture
def claims(owner: object, django_capture_on_commit_callbacks: object) -> dict[str, Claim]:
    """Three claims: one contradicted by two sources, one supported by one, one without evidence."""
    article = document("Leser A: nur 8 km Reichweite. Leser B: 80 km Reichweite. Leser C: 150 Fahrgäste.\n")
    first = document("Bericht: Die Fähre schafft 80 km mit einer Ladung.\n", 0.9)
    second = document("Werft: 80 km Reichweite und Platz für 150 Fahrgäste.\n", 0.8)
    with django_capture_on_commit_callbacks(execute=True):
        wrong = services.claim_create(document=article, user=owner, span=services.SpanInput(exact="nur 8 km"))
        right = services.claim_create(
            document=article, user=owner, span=services.SpanInput(exact="80 km Reichweite")
        )
        bare = services.claim_create(
            document=article, user=owner, span=services.SpanInput(exact="150 Fahrgäste")
        )
        for source in (first, second):
            services.evidence_link(claim=wrong, document=source, user=owner, stance="contradicts")
        services.evidence_link(
            claim=right,
            document=second,
            user=owner,
            stance="supports",
            span=services.SpanInput(exact="80 km"),
        )
    return {"wrong": wrong, "right": right, "bare": bare}


def test_a_claim_shows_its_verdict_score_confidence_and_breakdown(api: APIClient, claims: dict) -> None:
    body = api.get(f"{URL}{claims['wrong'].pk}/").json()

    assert body["verdict"] in {"mostly_contradicted", "contradicted"}
    assert body["verdict_label"] in {"Mostly contradicted", "Contradicted"}
    assert 0 <= body["support_score"] < 0.4
    assert 0 < body["confidence"] < 1
    assert len(body["breakdown"]) == 2
    assert body["breakdown"][0]["description"].startswith("-0.")
    assert body["scoring_pending_since"] is None
    assert body["editorial_verdict"] is None


def test_a_claim_without_evidence_is_unverified_with_no_score(api: APIClient, claims: dict) -> None:
    body = api.get(f"{URL}{claims['bare'].pk}/").json()
    assert (body["verdict"], body["support_score"], body["confidence"]) == ("unverified", None, 0.0)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"verdict": "unverified"}, {"bare"}),
        ({"score_max": "0.4"}, {"wrong"}),
        ({"score_min": "0.6"}, {"right"}),
        ({"confidence_min": "0.5"}, {"wrong"}),
    ],
)
def test_verdict_filters(api: APIClient, claims: dict, query: dict, expected: set) -> None:
    names = {claim.pk: name for name, claim in claims.items()}
    listed = api.get(URL, query).json()["results"]
    assert {names[c["id"]] for c in listed} == expected


def test_verdict_filter_values_are_checked(api: APIClient, claims: dict) -> None:
    response = api.get(URL, {"verdict": "true"})
    assert response.status_code == 400
    assert "verdict" in response.json()["errors"]
    assert api.get(URL, {"score_min": "high"}).status_code == 400


def test_changed_since_lists_claims_whose_verdict_changed(
    api: APIClient, claims: dict, owner: object
) -> None:
    later = timezone.now()
    assert api.get(URL, {"changed_since": later.isoformat()}).json()["results"] == []

    verdicts.editorial_verdict_publish(
        claim=claims["bare"], user=owner, verdict="supported", explanation="Laut Werft."
    )

    listed = api.get(URL, {"changed_since": later.isoformat()}).json()["results"]
    assert [c["id"] for c in listed] == [claims["bare"].pk]


def test_as_of_answers_with_the_verdicts_as_they_were(
    api: APIClient, claims: dict, owner: object, django_capture_on_commit_callbacks: object
) -> None:
    wrong = claims["wrong"]
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        for item in wrong.evidence.all():
            services.evidence_unlink(evidence=item, user=owner)

    now = api.get(f"{URL}{wrong.pk}/").json()
    then = api.get(f"{URL}{wrong.pk}/", {"as_of": before.isoformat()}).json()
    listed_then = api.get(URL, {"as_of": before.isoformat(), "verdict": "unverified"}).json()["results"]

    assert now["verdict"] == "unverified"
    assert then["verdict"] in {"mostly_contradicted", "contradicted"} and then["support_score"] < 0.4
    assert wrong.pk not in {c["id"] for c in listed_then}


def test_as_of_before_a_claim_existed_does_not_list_it(api: APIClient, claims: dict) -> None:
    long_ago = "2001-01-01T00:00:00Z"
    assert api.get(URL, {"as_of": long_ago}).json()["results"] == []
    assert api.get(f"{URL}{claims['wrong'].pk}/", {"as_of": long_ago}).status_code == 404


def test_as_of_must_be_a_date_time(api: APIClient, claims: dict) -> None:
    response = api.get(URL, {"as_of": "last tuesday"})
    assert response.status_code == 400
    assert "as_of" in response.json()["errors"]


def test_editorial_verdict_is_published_shown_beside_the_computed_one_and_kept(
    api: APIClient, claims: dict, owner: object
) -> None:
    claim = claims["wrong"]
    response = api.post(
        f"{URL}{claim.pk}/editorial-verdict/",
        {"verdict": "contradicted", "explanation": "Hersteller und Bericht nennen 80 km."},
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["editorial_verdict"]["verdict"] == "contradicted"
    assert body["editorial_verdict"]["published_by"] == "owner"
    assert body["verdict"] in {"mostly_contradicted", "contradicted"}  # the computed one stays visible
    # Publishing moves the claim out of draft, as an editor expects, and the claim's history says who did.
    assert body["status"] == "published"
    assert api.get(URL, {"status": "published"}).json()["count"] == 1
    last = api.get(f"{URL}{claim.pk}/history/").json()["results"][-1]
    assert (last["history_type"], last["user"]["username"]) == ("changed", "owner")
    assert {c["field"]: (c["old"], c["new"]) for c in last["changes"]}["status"] == ("draft", "published")
    history = api.get(f"{URL}{claim.pk}/assessments/").json()["results"]
    assert history[0]["kind"] == "editorial" and history[0]["explanation"].startswith("Hersteller")
    assert [entry["kind"] for entry in history].count("computed") == Assessment.objects.filter(
        claim=claim
    ).count()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"verdict": "fake", "explanation": "x"}, "verdict"),
        ({"verdict": "supported", "explanation": ""}, "explanation"),
    ],
)
def test_editorial_verdict_refusals(api: APIClient, claims: dict, payload: dict, field: str) -> None:
    response = api.post(f"{URL}{claims['wrong'].pk}/editorial-verdict/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not claims["wrong"].editorial_verdicts.exists()


def test_only_the_owner_or_an_admin_publishes_the_editorial_verdict(claims: dict) -> None:
    payload = {"verdict": "contradicted", "explanation": "Weil."}
    for user, expected in ((editor("other"), 403), (reader(), 403)):
        client = APIClient()
        client.force_authenticate(user)
        assert (
            client.post(f"{URL}{claims['wrong'].pk}/editorial-verdict/", payload, format="json").status_code
            == expected
        )
    assert not claims["wrong"].editorial_verdicts.exists()


def test_claimreview_and_annotation_exports(api: APIClient, claims: dict) -> None:
    claim = claims["right"]
    api.post(
        f"{URL}{claim.pk}/editorial-verdict/",
        {"verdict": "supported", "explanation": "Die Werft nennt 80 km."},
    )
    review = api.get(f"{URL}{claim.pk}/claimreview/")
    annotation = api.get(f"{URL}{claim.pk}/annotation/")
    evidence = api.get(f"/api/v1/evidence/{claim.evidence.get().pk}/annotation/")
    graph = api.get(f"/api/v1/documents/{claim.document_id}/claimreview/")

    assert review["Content-Type"].startswith("application/ld+json")
    assert json.loads(review.content)["@type"] == "ClaimReview"
    assert annotation["Content-Type"] == 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
    assert evidence["Content-Type"] == annotation["Content-Type"]
    assert json.loads(annotation.content)["type"] == "Annotation"
    assert json.loads(evidence.content)["motivation"] == "linking"
    body = json.loads(graph.content)
    assert body["@context"] == "https://schema.org"
    # Only the published verdict: the other two claims have computed verdicts only.
    assert [item["claimReviewed"] for item in body["@graph"]] == ["80 km Reichweite"]


def test_claimreview_of_an_unpublished_verdict_is_404_with_the_reason(api: APIClient, claims: dict) -> None:
    claim = claims["wrong"]
    computed_only = api.get(f"{URL}{claim.pk}/claimreview/")
    assert computed_only.status_code == 404
    assert computed_only.json()["code"] == "not_published"
    assert "only published verdicts" in computed_only.json()["detail"]

    api.post(f"{URL}{claim.pk}/editorial-verdict/", {"verdict": "contradicted", "explanation": "80 km."})
    assert api.get(f"{URL}{claim.pk}/claimreview/").status_code == 200
    assert api.post(f"{URL}{claim.pk}/unpublish/").status_code == 200

    withdrawn = api.get(f"{URL}{claim.pk}/claimreview/")
    assert withdrawn.status_code == 404
    assert "unpublished" in withdrawn.json()["detail"]
    again = api.post(f"{URL}{claim.pk}/unpublish/")
    assert again.status_code == 400 and again.json()["code"] == "not_published"


def test_annotation_as_plain_json_when_asked(api: APIClient, claims: dict) -> None:
    answer = api.get(f"{URL}{claims['right'].pk}/annotation/", HTTP_ACCEPT="application/json")
    assert answer["Content-Type"] == "application/json"
    assert answer.json()["type"] == "Annotation"


def test_the_list_filtered_by_verdict_costs_the_same_queries_as_any_page(
    api: APIClient, claims: dict, django_assert_num_queries: object
) -> None:
    from tests.claims.test_api_queries import LIST_QUERIES

    with django_assert_num_queries(LIST_QUERIES):
        assert len(api.get(URL, {"verdict": "unverified"}).json()["results"]) == 1


def test_unknown_claim_exports_are_404(api: APIClient, claims: dict) -> None:
    assert api.get(f"{URL}999999/claimreview/").status_code == 404
    assert api.get("/api/v1/documents/999999/claimreview/").status_code == 404
    assert Claim.objects.count() == 3
