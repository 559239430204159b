"""Exports of claims for other programs: schema.org ClaimReview and W3C Web Annotation JSON-LD.

Both are built from the same claim rows; the ClaimReview uses the editorial verdict where one is
published, else the computed one, and then says plainly that no editor has reviewed it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from claims.models import Claim, Evidence
from claims.scoring import VERDICT_LABELS, VERDICT_RATING, Verdict

SCHEMA_ORG = "https://schema.org"
WEB_ANNOTATION = "http://www.w3.org/ns/anno.jsonld"


def _site(path: str) -> str:
    return settings.FACTCHECK_SITE_URL.rstrip("/") + path


def claim_url(claim: Claim) -> str:
    return _site(f"/claims/{claim.pk}/")


def claim_review(claim: Claim) -> dict[str, Any]:
    """schema.org ClaimReview for one claim (expects document, assessment and editorial loaded)."""
    editorial = claim.editorial
    if editorial is not None:
        verdict = Verdict(editorial.verdict)
        explanation = editorial.explanation
        published = editorial.published_at
    else:
        assessment = claim.assessment
        verdict = Verdict(assessment.verdict) if assessment else Verdict.UNVERIFIED
        explanation = (
            f"Computed by {settings.FACTCHECK_ORGANISATION} from the linked evidence; "
            "not yet reviewed by an editor."
        )
        published = assessment.created_at if assessment else claim.updated_at
    rating: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": VERDICT_LABELS[verdict],
        "ratingExplanation": explanation,
    }
    if VERDICT_RATING[verdict] is not None:  # "unverified" has no place on the 1–5 scale
        rating.update(ratingValue=VERDICT_RATING[verdict], bestRating=5, worstRating=1)
    document = claim.document
    appearance: dict[str, Any] = {"@type": "CreativeWork", "headline": document.title}
    if document.url:
        appearance["url"] = document.url
    item: dict[str, Any] = {"@type": "Claim", "appearance": appearance}
    if claim.speaker:
        item["author"] = {"@type": "Person", "name": claim.speaker}
    if document.published_on:
        item["datePublished"] = document.published_on.isoformat()
    return {
        "@context": SCHEMA_ORG,
        "@type": "ClaimReview",
        "url": claim_url(claim),
        "claimReviewed": claim.statement or claim.exact,
        "datePublished": published.date().isoformat(),
        "author": {"@type": "Organization", "name": settings.FACTCHECK_ORGANISATION, "url": _site("/")},
        "reviewRating": rating,
        "itemReviewed": item,
    }


def _selectors(item: Claim | Evidence) -> list[dict[str, Any]]:
    return [
        {"type": "TextQuoteSelector", "exact": item.exact, "prefix": item.prefix, "suffix": item.suffix},
        {"type": "TextPositionSelector", "start": item.start, "end": item.end},
    ]


def _document_iri(document_id: int) -> str:
    return _site(f"/api/v1/documents/{document_id}/")


def claim_annotation(claim: Claim) -> dict[str, Any]:
    """W3C Web Annotation of a claim: the span is the target, the claim the body."""
    return {
        "@context": WEB_ANNOTATION,
        "id": _site(f"/api/v1/claims/{claim.pk}/annotation/"),
        "type": "Annotation",
        "motivation": "assessing",
        "created": claim.created_at.isoformat(),
        "modified": claim.updated_at.isoformat(),
        "body": {
            "type": "TextualBody",
            "purpose": "describing",
            "value": claim.statement or claim.exact,
            "format": "text/plain",
        },
        "target": {
            "source": _document_iri(claim.document_id),
            "selector": _selectors(claim),
        },
    }


def evidence_annotation(evidence: Evidence) -> dict[str, Any]:
    """W3C Web Annotation linking a claim to its evidence, with the stance as the body."""
    target: dict[str, Any] = {"source": _document_iri(evidence.document_id)}
    if evidence.revision_id is not None:
        target["selector"] = _selectors(evidence)
    return {
        "@context": WEB_ANNOTATION,
        "id": _site(f"/api/v1/evidence/{evidence.pk}/annotation/"),
        "type": "Annotation",
        "motivation": "linking",
        "created": evidence.created_at.isoformat(),
        "body": [
            {"type": "SpecificResource", "source": _site(f"/api/v1/claims/{evidence.claim_id}/annotation/")},
            {"type": "TextualBody", "purpose": "tagging", "value": evidence.stance},
            *(
                [{"type": "TextualBody", "purpose": "commenting", "value": evidence.note}]
                if evidence.note
                else []
            ),
        ],
        "target": target,
    }
