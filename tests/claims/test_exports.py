"""ClaimReview and Web Annotation exports: the fields consumers require, and valid JSON-LD."""

from __future__ import annotations

import datetime

import pytest
from pyld import jsonld

from claims import exports, services, verdicts
from claims.models import Claim
from sources import services as sources
from tests.factories import PublisherFactory, editor

pytestmark = pytest.mark.django_db

# The JSON-LD contexts, kept offline: tests never reach the network.
CONTEXTS = {
    "https://schema.org": {"@context": {"@vocab": "https://schema.org/"}},
    "http://www.w3.org/ns/anno.jsonld": {
        "@context": {
            "@vocab": "http://www.w3.org/ns/oa#",
            "id": "@id",
            "type": "@type",
            "source": {"@id": "http://www.w3.org/ns/oa#hasSource", "@type": "@id"},
        }
    },
}


def offline_loader(url: str, options: dict | None = None) -> dict:
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": CONTEXTS[url],
    }


@pytest.fixture
def claim(django_capture_on_commit_callbacks: object) -> Claim:
    article = sources.document_import(
        source=sources.source_from_text("Leser: Die Fähre schafft nur 8 km.\n"),
        overrides=sources.ImportOverrides(url="https://bote.example/faehre", title="Solarfähre in Betrieb"),
    ).document
    article.published_on = datetime.date(2025, 6, 2)
    article.save()
    report = sources.document_import(source=sources.source_from_text("Die Fähre schafft 80 km.\n")).document
    report.publisher = PublisherFactory(reliability=0.9)
    report.save()
    with django_capture_on_commit_callbacks(execute=True):
        claim = services.claim_create(
            document=article, user=editor(), span=services.SpanInput(exact="nur 8 km"), speaker="Leser"
        )
        services.evidence_link(
            claim=claim,
            document=report,
            user=claim.created_by,
            stance="contradicts",
            span=services.SpanInput(exact="80 km"),
            note="Herstellerangabe",
        )
    return Claim.objects.select_related("document", "assessment", "editorial").get(pk=claim.pk)


def test_claim_review_with_the_computed_verdict_says_no_editor_reviewed_it(claim: Claim) -> None:
    review = exports.claim_review(claim)

    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "nur 8 km"
    rating = review["reviewRating"]
    assert rating["alternateName"] in {"Mostly contradicted", "Contradicted"}
    assert rating["ratingValue"] in {1, 2} and rating["bestRating"] == 5 and rating["worstRating"] == 1
    assert "not yet reviewed by an editor" in rating["ratingExplanation"]
    assert review["itemReviewed"] == {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Leser"},
        "appearance": {
            "@type": "CreativeWork",
            "url": "https://bote.example/faehre",
            "headline": "Solarfähre in Betrieb",
        },
        "datePublished": "2025-06-02",
    }
    assert review["author"]["@type"] == "Organization" and review["author"]["name"]
    assert review["url"].endswith(f"/claims/{claim.pk}/")
    datetime.date.fromisoformat(review["datePublished"])


def test_claim_review_prefers_the_editorial_verdict(claim: Claim) -> None:
    verdicts.editorial_verdict_publish(
        claim=claim, user=claim.created_by, verdict="contradicted", explanation="Die Werft nennt 80 km."
    )
    claim = Claim.objects.select_related("document", "assessment", "editorial").get(pk=claim.pk)

    rating = exports.claim_review(claim)["reviewRating"]

    assert (rating["ratingValue"], rating["alternateName"]) == (1, "Contradicted")
    assert rating["ratingExplanation"] == "Die Werft nennt 80 km."


def test_an_unverified_claim_has_no_numeric_rating(claim: Claim) -> None:
    claim.evidence.all().delete()
    verdicts.claims_score([claim.pk])
    claim = Claim.objects.select_related("document", "assessment", "editorial").get(pk=claim.pk)

    rating = exports.claim_review(claim)["reviewRating"]

    assert rating["alternateName"] == "Unverified"
    assert "ratingValue" not in rating


def test_exports_parse_as_json_ld(claim: Claim) -> None:
    options = {"documentLoader": offline_loader}

    review = jsonld.expand(exports.claim_review(claim), options)[0]
    annotation = jsonld.expand(exports.claim_annotation(claim), options)[0]
    link = jsonld.expand(exports.evidence_annotation(claim.evidence.get()), options)[0]

    assert review["@type"] == ["https://schema.org/ClaimReview"]
    assert "https://schema.org/reviewRating" in review
    assert annotation["@type"] == ["http://www.w3.org/ns/oa#Annotation"]
    assert link["@type"] == ["http://www.w3.org/ns/oa#Annotation"]


def test_web_annotation_has_both_selectors_and_the_document_as_source(claim: Claim) -> None:
    annotation = exports.claim_annotation(claim)

    selectors = {s["type"]: s for s in annotation["target"]["selector"]}
    assert selectors["TextQuoteSelector"]["exact"] == "nur 8 km"
    assert (selectors["TextPositionSelector"]["start"], selectors["TextPositionSelector"]["end"]) == (
        claim.start,
        claim.end,
    )
    assert annotation["target"]["source"].endswith(f"/api/v1/documents/{claim.document_id}/")

    link = exports.evidence_annotation(claim.evidence.get())
    assert {"type": "TextualBody", "purpose": "tagging", "value": "contradicts"} in link["body"]
    assert link["target"]["selector"][0]["exact"] == "80 km"
