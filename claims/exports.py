"""Exports of claims for other programs: schema.org ClaimReview and W3C Web Annotation JSON-LD.

ClaimReview is what search engines read from a public fact-check page, so only a published editorial
verdict is exported as one; the same function fills the page and the API. Web Annotations describe
the editors' work (claims and evidence links) with their spans pinned to the revision they count in.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from claims.models import Claim, Evidence, FactCheck, SpeakerKind
from claims.scoring import VERDICT_LABELS, VERDICT_RATING, Verdict
from factcheck.links import site_url, url_to
from sources.models import Document, DocumentRevision

SCHEMA_ORG = "https://schema.org"
WEB_ANNOTATION = "http://www.w3.org/ns/anno.jsonld"
# The media type of a Web Annotation (Web Annotation Protocol 4.2).
WEB_ANNOTATION_MEDIA_TYPE = f'application/ld+json; profile="{WEB_ANNOTATION}"'


class NotPublished(Exception):
    """A claim without a public fact-check: no ClaimReview is exported for it; `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def claim_url(claim: Claim) -> str:
    """The editors' page of a claim (login required)."""
    return url_to("claim-page", claim.pk)


def fact_check_url(fact_check: FactCheck) -> str:
    """The public page of a fact-check."""
    return url_to("fact-check", fact_check.slug)


def newsroom() -> dict[str, Any]:
    """The newsroom as a schema.org Organization."""
    organization: dict[str, Any] = {
        "@type": "Organization",
        "name": settings.FACTCHECK_ORGANISATION,
        "url": url_to("fact-check-index"),
    }
    if settings.FACTCHECK_LOGO_URL:
        organization["logo"] = {"@type": "ImageObject", "url": settings.FACTCHECK_LOGO_URL}
    return organization


def published_fact_check(claim: Claim) -> FactCheck:
    """The claim's public fact-check, or NotPublished saying why it has none."""
    if claim.editorial_id is None:
        raise NotPublished(
            "No editorial verdict is published for this claim; only published verdicts are exported "
            "as ClaimReview (a computed verdict is not)."
        )
    fact_check = FactCheck.objects.filter(claim=claim).first()
    if fact_check is None or fact_check.withdrawn_at is not None:
        when = f" on {fact_check.withdrawn_at.date().isoformat()}" if fact_check else ""
        raise NotPublished(f"This claim's fact-check was unpublished{when}; it is no longer exported.")
    return fact_check


def _publisher_organization(document: Document) -> dict[str, Any] | None:
    publisher = document.publisher
    if publisher is None:
        return None
    organization: dict[str, Any] = {"@type": "Organization", "name": publisher.name}
    if publisher.url:
        organization["url"] = publisher.url
    elif publisher.domain:
        organization["url"] = f"https://{publisher.domain}/"
    return organization


def speaker_agent(claim: Claim) -> dict[str, Any] | None:
    """Who made the claim, as schema.org Person or Organization, by the kind editors gave the speaker.
    Without a named speaker the publisher is the best-known author; None when neither is known."""
    publisher = _publisher_organization(claim.document)
    if claim.speaker_kind == SpeakerKind.PUBLISHER or not claim.speaker:
        if publisher is not None:
            return publisher
        if not claim.speaker:
            return None
        return {"@type": "Organization", "name": claim.speaker}
    kind = "Organization" if claim.speaker_kind == SpeakerKind.ORGANIZATION else "Person"
    return {"@type": kind, "name": claim.speaker}


def claim_reviewed(claim: Claim) -> str:
    """The wording ClaimReview reviews: the editors' short wording, else the statement, else the quote."""
    return claim.short_statement or claim.statement or claim.exact


def _appearance(document: Document) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "headline": document.title}
    if document.url:
        work["url"] = document.url
    if document.published_on:
        work["datePublished"] = document.published_on.isoformat()
    publisher = _publisher_organization(document)
    if publisher is not None:
        work["publisher"] = publisher
    return work


def claim_review(claim: Claim, fact_check: FactCheck) -> dict[str, Any]:
    """schema.org ClaimReview of a published fact-check (claim with document, publisher and editorial
    loaded). Dates are the fact-check's: first published, last changed; never a rescoring's."""
    editorial = claim.editorial
    verdict = Verdict(editorial.verdict)
    rating: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": VERDICT_LABELS[verdict],
        "name": VERDICT_LABELS[verdict],
        "ratingExplanation": editorial.explanation,
    }
    if VERDICT_RATING[verdict] is not None:  # "unverified" has no place on the 1–5 scale
        rating.update(ratingValue=VERDICT_RATING[verdict], bestRating=5, worstRating=1)
    document = claim.document
    appearance = _appearance(document)
    item: dict[str, Any] = {"@type": "Claim", "appearance": appearance, "firstAppearance": appearance}
    author = speaker_agent(claim)
    if author is not None:
        item["author"] = author
    if document.published_on:
        item["datePublished"] = document.published_on.isoformat()
    return {
        "@context": SCHEMA_ORG,
        "@type": "ClaimReview",
        "url": fact_check_url(fact_check),
        "claimReviewed": claim_reviewed(claim),
        "datePublished": fact_check.published_at.date().isoformat(),
        "dateModified": fact_check.updated_at.date().isoformat(),
        "author": newsroom(),
        "reviewRating": rating,
        "itemReviewed": item,
    }


# --- W3C Web Annotation ---------------------------------------------------------------------------


def _when(value: datetime | date) -> str:
    """xsd:dateTime in UTC, as the model asks."""
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, tzinfo=UTC)
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def revision_iri(revision: DocumentRevision) -> str:
    """A stable IRI for one stored revision of a document (revisions never change once written).

    An identifier, not a page: no route serves it, so it is not looked up by URL name."""
    return site_url(f"/documents/{revision.document_id}/revisions/{revision.number}")


def _creator(user: AbstractBaseUser | None) -> dict[str, Any]:
    """The editor as a Person with a stable IRI, or the newsroom when names must not leave."""
    if user is None or not settings.FACTCHECK_EXPORT_EDITOR_NAMES:
        return {
            "id": url_to("fact-check-index"),
            "type": "Organization",
            "name": settings.FACTCHECK_ORGANISATION,
            "nickname": settings.FACTCHECK_ORGANISATION,
            "homepage": url_to("fact-check-index"),
        }
    return {
        "id": site_url(f"/editors/{user.pk}"),
        "type": "Person",
        "name": user.get_full_name() or user.get_username(),
        "nickname": user.get_username(),
    }


def _generator() -> dict[str, Any]:
    return {
        "id": url_to("api-root"),
        "type": "Software",
        "name": "Factcheck",
        "nickname": "factcheck",
        "homepage": site_url("/"),
    }


def _source(document: Document, revision: DocumentRevision) -> dict[str, Any]:
    """The resource a span counts in: the document's own URL where it has one (a web page), else the
    revision's IRI (its stored plain text)."""
    source: dict[str, Any] = {
        "id": document.url or revision_iri(revision),
        "type": "Text",
        "format": "text/html" if document.url else "text/plain",
    }
    if document.language:
        source["language"] = document.language
    creator = _source_creator(document)
    if creator is not None:
        source["creator"] = creator
    return source


def _source_creator(document: Document) -> dict[str, Any] | None:
    if document.author:
        return {"type": "Person", "name": document.author}
    if document.publisher is not None:
        return {"type": "Organization", "name": document.publisher.name}
    return None


def _target(document: Document, revision: DocumentRevision, span: Claim | Evidence | None) -> dict[str, Any]:
    """A span pinned to the revision its offsets count in. With the document's URL as source, a
    TimeState names the stored copy (`cached`) and when it was taken, as the page may have changed
    since; an orphaned span keeps its old revision here, never offsets into the new text."""
    target: dict[str, Any] = {"type": "SpecificResource", "source": _source(document, revision)}
    if document.url:
        target["state"] = {
            "type": "TimeState",
            "sourceDate": _when(revision.created_at),
            "cached": revision_iri(revision),
        }
    if span is not None:
        target["selector"] = [
            {"type": "TextQuoteSelector", "exact": span.exact, "prefix": span.prefix, "suffix": span.suffix},
            {"type": "TextPositionSelector", "start": span.start, "end": span.end},
        ]
    return target


def _lifecycle(item: Claim | Evidence, creator: dict[str, Any]) -> dict[str, Any]:
    return {
        "creator": creator,
        "created": _when(item.created_at),
        "modified": _when(item.updated_at),
        "generator": _generator(),
        "generated": _when(timezone.now()),
    }


def claim_annotation_iri(claim_id: int) -> str:
    return url_to("claim-annotation", claim_id)


def claim_annotation(claim: Claim) -> dict[str, Any]:
    """W3C Web Annotation of a claim: the span is the target, the claim's wording the body."""
    creator = _creator(claim.created_by)
    body: dict[str, Any] = {
        "type": "TextualBody",
        "purpose": "describing",
        "value": claim.statement or claim.exact,
        "format": "text/plain",
        "creator": creator,
        "created": _when(claim.created_at),
    }
    if claim.document.language:
        body["language"] = claim.document.language
    return {
        "@context": WEB_ANNOTATION,
        "id": claim_annotation_iri(claim.pk),
        "type": "Annotation",
        "motivation": "assessing",
        **_lifecycle(claim, creator),
        "body": body,
        "target": _target(claim.document, claim.revision, claim),
    }


def evidence_annotation(evidence: Evidence) -> dict[str, Any]:
    """W3C Web Annotation linking a claim to its evidence: the claim and the stance are bodies, the
    cited passage (or the whole document) the target."""
    creator = _creator(evidence.created_by)
    written = {
        "format": "text/plain",
        "language": "en",
        "creator": creator,
        "created": _when(evidence.created_at),
    }
    bodies: list[dict[str, Any]] = [
        {"type": "SpecificResource", "source": claim_annotation_iri(evidence.claim_id), "purpose": "linking"},
        # The stance is a word of the service's fixed (English) vocabulary.
        {"type": "TextualBody", "purpose": "tagging", "value": evidence.stance, **written},
    ]
    if evidence.note:
        note = {**written}
        del note["language"]  # an editor's note is in whatever language the editor wrote it
        bodies.append({"type": "TextualBody", "purpose": "commenting", "value": evidence.note, **note})
    document = evidence.document
    revision = evidence.revision or document.current_revision
    if evidence.revision_id is not None:
        target = _target(document, evidence.revision, evidence)
    elif revision is not None:
        target = _target(document, revision, None)
    else:  # pragma: no cover - every imported document has a revision
        target = {"source": url_to("document-read", document.pk)}
    return {
        "@context": WEB_ANNOTATION,
        "id": url_to("evidence-annotation", evidence.pk),
        "type": "Annotation",
        "motivation": "linking",
        **_lifecycle(evidence, creator),
        "body": bodies,
        "target": target,
    }
