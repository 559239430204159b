"""ClaimReview and Web Annotation exports: the fields consumers require, and valid JSON-LD.

ClaimReview is checked field by field against Google's documented properties for fact checks
(developers.google.com/search/docs/appearance/structured-data/factcheck): required on ClaimReview
claimReviewed, reviewRating, url; recommended author, datePublished, itemReviewed; on the Claim
recommended appearance, author, datePublished, firstAppearance; on the Rating required alternateName,
recommended bestRating, name, ratingValue, worstRating. claimReviewed should stay under 75 characters.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from pyld import jsonld

from claims import exports, services, verdicts
from claims.models import Claim, FactCheck
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
    article.publisher = PublisherFactory(name="Brennsee-Bote", url="https://bote.example/")
    article.save()
    report = sources.document_import(source=sources.source_from_text("Die Fähre schafft 80 km.\n")).document
    report.publisher = PublisherFactory(reliability=0.9)
    report.save()
    with django_capture_on_commit_callbacks(execute=True):
        claim = services.claim_create(
            document=article,
            user=editor(),
            span=services.SpanInput(exact="nur 8 km"),
            speaker="Leser",
            speaker_role="commenter",
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


def _load(claim: Claim) -> Claim:
    return Claim.objects.select_related("document__publisher", "assessment", "editorial", "revision").get(
        pk=claim.pk
    )


def publish(
    claim: Claim, verdict: str = "contradicted", explanation: str = "Die Werft nennt 80 km."
) -> Claim:
    verdicts.editorial_verdict_publish(
        claim=claim, user=claim.created_by, verdict=verdict, explanation=explanation
    )
    return _load(claim)


def review_of(claim: Claim) -> dict:
    claim = _load(claim)
    return exports.claim_review(claim, exports.published_fact_check(claim))


GOOGLE_REQUIRED = {"claimReviewed", "reviewRating", "url"}
GOOGLE_RECOMMENDED = {"author", "datePublished", "itemReviewed"}
GOOGLE_CLAIM_RECOMMENDED = {"appearance", "author", "datePublished", "firstAppearance"}
GOOGLE_RATING_REQUIRED = {"alternateName"}
GOOGLE_RATING_RECOMMENDED = {"bestRating", "name", "ratingValue", "worstRating"}


@override_settings(
    FACTCHECK_SITE_URL="https://faktencheck.example",
    FACTCHECK_ORGANISATION="Faktencheck Brennsee",
    FACTCHECK_LOGO_URL="https://faktencheck.example/logo.png",
)
def test_claim_review_has_every_property_google_requires_and_recommends(claim: Claim) -> None:
    publish(claim)
    review = review_of(claim)

    assert set(review) >= GOOGLE_REQUIRED | GOOGLE_RECOMMENDED
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    # url: the public page, on the same site as the page that carries the ClaimReview.
    slug = FactCheck.objects.get(claim=claim).slug
    assert review["url"] == f"https://faktencheck.example/fact-checks/{slug}/"
    assert review["claimReviewed"] == "nur 8 km"
    assert review["author"] == {
        "@type": "Organization",
        "name": "Faktencheck Brennsee",
        "url": "https://faktencheck.example/fact-checks/",
        "logo": {"@type": "ImageObject", "url": "https://faktencheck.example/logo.png"},
    }
    datetime.date.fromisoformat(review["datePublished"])
    rating = review["reviewRating"]
    assert set(rating) >= GOOGLE_RATING_REQUIRED | GOOGLE_RATING_RECOMMENDED
    assert (rating["ratingValue"], rating["alternateName"], rating["name"]) == (
        1,
        "Contradicted",
        "Contradicted",
    )
    assert (rating["bestRating"], rating["worstRating"]) == (5, 1)
    assert rating["ratingExplanation"] == "Die Werft nennt 80 km."
    item = review["itemReviewed"]
    assert set(item) >= GOOGLE_CLAIM_RECOMMENDED
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Leser"}  # a commenter is a person
    assert item["datePublished"] == "2025-06-02"
    assert (
        item["appearance"]
        == item["firstAppearance"]
        == {
            "@type": "CreativeWork",
            "url": "https://bote.example/faehre",
            "headline": "Solarfähre in Betrieb",
            "datePublished": "2025-06-02",
            "publisher": {"@type": "Organization", "name": "Brennsee-Bote", "url": "https://bote.example/"},
        }
    )


def test_computed_verdicts_are_never_exported_as_claim_review(claim: Claim) -> None:
    with pytest.raises(exports.NotPublished, match="only published verdicts"):
        exports.published_fact_check(_load(claim))


def test_the_speaker_kind_decides_person_or_organization(claim: Claim) -> None:
    publish(claim)
    services.claim_update(
        claim=_load(claim),
        user=claim.created_by,
        speaker="Europäischer Rechnungshof",
        speaker_kind="organization",
    )
    assert review_of(claim)["itemReviewed"]["author"] == {
        "@type": "Organization",
        "name": "Europäischer Rechnungshof",
    }

    # The article's own claims default to its publisher, and so does a claim without a named speaker.
    services.claim_update(claim=_load(claim), user=claim.created_by, speaker="", speaker_kind="person")
    assert review_of(claim)["itemReviewed"]["author"]["name"] == "Brennsee-Bote"
    own = services.claim_create(
        document=claim.document,
        user=claim.created_by,
        span=services.SpanInput(exact="Leser"),
        speaker="Redaktion",
    )
    assert own.speaker_kind == "publisher"
    publish(own)
    assert review_of(own)["itemReviewed"]["author"]["@type"] == "Organization"
    assert review_of(own)["itemReviewed"]["author"]["name"] == "Brennsee-Bote"


def test_an_unknown_speaker_kind_is_refused(claim: Claim) -> None:
    with pytest.raises(services.ClaimRefused, match="speaker kind"):
        services.claim_update(claim=_load(claim), user=claim.created_by, speaker_kind="robot")
    assert _load(claim).speaker_kind == "person"


def test_claim_reviewed_is_the_short_wording_then_the_statement(claim: Claim) -> None:
    publish(claim)
    services.claim_update(
        claim=_load(claim),
        user=claim.created_by,
        statement="Die Solarfähre Aurelia schafft mit einer Ladung nur 8 km.",
    )
    assert review_of(claim)["claimReviewed"] == "Die Solarfähre Aurelia schafft mit einer Ladung nur 8 km."
    services.claim_update(
        claim=_load(claim), user=claim.created_by, short_statement="Aurelia schafft nur 8 km"
    )
    assert review_of(claim)["claimReviewed"] == "Aurelia schafft nur 8 km"


def test_the_review_date_does_not_move_when_the_claim_is_rescored(claim: Claim) -> None:
    publish(claim)
    FactCheck.objects.filter(claim=claim).update(
        published_at=datetime.datetime(2025, 7, 1, tzinfo=datetime.UTC),
        updated_at=datetime.datetime(2025, 7, 1, tzinfo=datetime.UTC),
    )
    claim.evidence.all().delete()
    verdicts.claims_score([claim.pk])

    review = review_of(claim)
    assert (review["datePublished"], review["dateModified"]) == ("2025-07-01", "2025-07-01")
    assert review["reviewRating"]["alternateName"] == "Contradicted"  # the editor's, not the computed


def test_an_unverified_editorial_verdict_has_no_numeric_rating(claim: Claim) -> None:
    publish(claim, verdict="unverified", explanation="Keine Quelle nennt die Reichweite.")
    rating = review_of(claim)["reviewRating"]
    assert rating["alternateName"] == "Unverified"
    # Google recommends ratingValue, bestRating and worstRating; "unverified" is not a point on the 1-5
    # scale, so none is claimed rather than a number readers would take as a finding.
    assert "ratingValue" not in rating and "bestRating" not in rating


def test_exports_parse_as_json_ld(claim: Claim) -> None:
    options = {"documentLoader": offline_loader}
    publish(claim)

    review = jsonld.expand(review_of(claim), options)[0]
    annotation = jsonld.expand(exports.claim_annotation(_load(claim)), options)[0]
    link = jsonld.expand(exports.evidence_annotation(claim.evidence.get()), options)[0]

    assert review["@type"] == ["https://schema.org/ClaimReview"]
    assert "https://schema.org/reviewRating" in review
    assert annotation["@type"] == ["http://www.w3.org/ns/oa#Annotation"]
    assert link["@type"] == ["http://www.w3.org/ns/oa#Annotation"]


def test_web_annotation_targets_the_documents_url_pinned_to_its_revision(claim: Claim) -> None:
    annotation = exports.claim_annotation(_load(claim))
    target = annotation["target"]

    selectors = {s["type"]: s for s in target["selector"]}
    assert selectors["TextQuoteSelector"]["exact"] == "nur 8 km"
    assert (selectors["TextPositionSelector"]["start"], selectors["TextPositionSelector"]["end"]) == (
        claim.start,
        claim.end,
    )
    assert target["source"]["id"] == "https://bote.example/faehre"  # not the login-only API
    assert target["state"]["type"] == "TimeState"
    assert target["state"]["cached"].endswith(f"/documents/{claim.document_id}/revisions/1")

    # A document without a URL: the revision's own IRI is the source.
    link = exports.evidence_annotation(claim.evidence.get())
    assert link["target"]["source"]["id"].endswith(f"/documents/{link_document(claim)}/revisions/1")
    assert "state" not in link["target"]
    assert link["target"]["selector"][0]["exact"] == "80 km"
    tag = next(body for body in link["body"] if body.get("purpose") == "tagging")
    assert (tag["value"], tag["language"], tag["format"]) == ("contradicts", "en", "text/plain")


def link_document(claim: Claim) -> int:
    return claim.evidence.get().document_id


def test_an_orphaned_claim_exports_its_old_revision_not_offsets_into_the_new_text(
    claim: Claim, django_capture_on_commit_callbacks: object
) -> None:
    start, end = claim.start, claim.end
    with django_capture_on_commit_callbacks(execute=True):
        sources.document_import(
            source=sources.source_from_text("Leser: Die Fähre schafft 8 Kilometer, mehr nicht.\n"),
            overrides=sources.ImportOverrides(url="https://bote.example/faehre"),
        )
    claim = _load(claim)
    assert claim.orphaned and claim.document.current_revision.number == 2

    target = exports.claim_annotation(claim)["target"]
    assert target["state"]["cached"].endswith(f"/documents/{claim.document_id}/revisions/1")
    position = next(s for s in target["selector"] if s["type"] == "TextPositionSelector")
    assert (position["start"], position["end"]) == (start, end)
    assert claim.revision.text[start:end] == "nur 8 km"  # they count in revision 1, where the quote is
