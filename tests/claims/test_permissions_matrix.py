"""Every endpoint and method of the claims, evidence, documents and publishers API, as the editor who owns
the claim and evidence, another editor, a reader, an anonymous client and an admin. A refused write
changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from claims.assist.models import ClaimSuggestion, EvidenceSuggestion, quote_key
from claims.assist.rules.sentences import split_document
from claims.models import Claim, Evidence
from sources.models import Document, Publisher
from tests.factories import PublisherFactory, claim, evidence

pytestmark = pytest.mark.django_db

ROLES = ("owner", "other", "reader", "anonymous", "admin")

READ = {"owner": 200, "other": 200, "reader": 200, "anonymous": 401, "admin": 200}
# Any editor creates claims, and links evidence to anyone's claim.
CREATE = {"owner": 201, "other": 201, "reader": 403, "anonymous": 401, "admin": 201}
# Only the editor who created a claim or evidence item, or an admin, changes or deletes it.
CHANGE = {"owner": 200, "other": 403, "reader": 403, "anonymous": 401, "admin": 200}
DELETE = {**CHANGE, "owner": 204, "admin": 204}
# Any editor decides on a suggestion.
DECIDE = {**CREATE, "owner": 200, "other": 200, "admin": 200}
# Publishers are the admins' to change.
ADMIN_CREATE = {"owner": 403, "other": 403, "reader": 403, "anonymous": 401, "admin": 201}
ADMIN_CHANGE = {**ADMIN_CREATE, "admin": 200}
ADMIN_DELETE = {**ADMIN_CREATE, "admin": 204}


@dataclass
class World:
    article: Document
    source: Document
    publisher: Publisher
    claim: Claim
    evidence: Evidence
    claim_suggestion: ClaimSuggestion
    evidence_suggestion: EvidenceSuggestion


@dataclass(frozen=True)
class Endpoint:
    method: str
    url: str  # formatted with the World
    expected: dict[str, int]
    body: Callable[[World], dict] | None = None

    def __str__(self) -> str:
        return f"{self.method} {self.url}"


ENDPOINTS = [
    # Claims
    Endpoint("GET", "/api/v1/claims/", READ),
    Endpoint("POST", "/api/v1/claims/", CREATE, lambda w: {"document": w.article.pk, "exact": "40 Knoten"}),
    Endpoint("GET", "/api/v1/claims/{w.claim.pk}/", READ),
    Endpoint("PATCH", "/api/v1/claims/{w.claim.pk}/", CHANGE, lambda w: {"status": "published"}),
    Endpoint(
        "PUT",
        "/api/v1/claims/{w.claim.pk}/",
        CHANGE,
        lambda w: {"speaker": "Kapitän", "speaker_role": "quoted", "statement": "", "status": "in_review"},
    ),
    Endpoint("DELETE", "/api/v1/claims/{w.claim.pk}/", DELETE),
    Endpoint("POST", "/api/v1/claims/{w.claim.pk}/confirm/", CHANGE),
    Endpoint("GET", "/api/v1/claims/{w.claim.pk}/history/", READ),
    # Evidence, nested and flat
    Endpoint("GET", "/api/v1/claims/{w.claim.pk}/evidence/", READ),
    Endpoint(
        "POST",
        "/api/v1/claims/{w.claim.pk}/evidence/",
        CREATE,
        lambda w: {"document": w.source.pk, "stance": "contradicts"},
    ),
    Endpoint("GET", "/api/v1/evidence/", READ),
    Endpoint(
        "POST",
        "/api/v1/evidence/",
        CREATE,
        lambda w: {"claim": w.claim.pk, "document": w.source.pk, "exact": "9 Knoten", "stance": "mixed"},
    ),
    Endpoint("GET", "/api/v1/evidence/{w.evidence.pk}/", READ),
    Endpoint("PATCH", "/api/v1/evidence/{w.evidence.pk}/", CHANGE, lambda w: {"note": "Geprüft."}),
    Endpoint("PUT", "/api/v1/evidence/{w.evidence.pk}/", CHANGE, lambda w: {"stance": "mixed", "note": ""}),
    Endpoint("DELETE", "/api/v1/evidence/{w.evidence.pk}/", DELETE),
    Endpoint("POST", "/api/v1/evidence/{w.evidence.pk}/confirm/", CHANGE),
    Endpoint("GET", "/api/v1/evidence/{w.evidence.pk}/history/", READ),
    # Documents
    Endpoint("GET", "/api/v1/documents/", READ),
    Endpoint("POST", "/api/v1/documents/", CREATE, lambda w: {"text": "Ein neuer Artikel.\n"}),
    Endpoint("GET", "/api/v1/documents/{w.article.pk}/", READ),
    Endpoint("GET", "/api/v1/documents/{w.article.pk}/revisions/", READ),
    # Publishers
    Endpoint("GET", "/api/v1/publishers/", READ),
    Endpoint("POST", "/api/v1/publishers/", ADMIN_CREATE, lambda w: {"name": "Neu", "reliability": 0.5}),
    Endpoint("GET", "/api/v1/publishers/{w.publisher.pk}/", READ),
    Endpoint("PATCH", "/api/v1/publishers/{w.publisher.pk}/", ADMIN_CHANGE, lambda w: {"reliability": 0.1}),
    Endpoint(
        "PUT",
        "/api/v1/publishers/{w.publisher.pk}/",
        ADMIN_CHANGE,
        lambda w: {"name": "Umbenannt", "reliability": 0.2},
    ),
    Endpoint("DELETE", "/api/v1/publishers/{w.publisher.pk}/", ADMIN_DELETE),
    # Suggestions: any editor accepts or dismisses them
    Endpoint("GET", "/api/v1/claim-suggestions/", READ),
    Endpoint("GET", "/api/v1/claim-suggestions/{w.claim_suggestion.pk}/", READ),
    Endpoint("POST", "/api/v1/claim-suggestions/{w.claim_suggestion.pk}/accept/", CREATE, lambda w: {}),
    Endpoint("POST", "/api/v1/claim-suggestions/{w.claim_suggestion.pk}/dismiss/", DECIDE),
    Endpoint("GET", "/api/v1/evidence-suggestions/", READ),
    Endpoint("GET", "/api/v1/claims/{w.claim.pk}/evidence-suggestions/", READ),
    Endpoint("GET", "/api/v1/evidence-suggestions/{w.evidence_suggestion.pk}/", READ),
    Endpoint(
        "POST",
        "/api/v1/evidence-suggestions/{w.evidence_suggestion.pk}/accept/",
        CREATE,
        lambda w: {"stance": "supports"},
    ),
    Endpoint("POST", "/api/v1/evidence-suggestions/{w.evidence_suggestion.pk}/dismiss/", DECIDE),
]


@pytest.fixture
def world(article: Document, source: Document, owner: object) -> World:
    marked = claim(article, owner, "fasst 1,2 Megawattstunden")
    cited = evidence(marked, source, owner, "Speicher von 1,2 Megawattstunden")
    exact = "Die Solarfähre Aurelia"
    proposed = ClaimSuggestion.objects.create(
        document=article,
        revision=article.current_revision,
        start=article.text.index(exact),
        end=article.text.index(exact) + len(exact),
        exact=exact,
        key=quote_key(exact),
        score=0.5,
    )
    passage = next(p for p in split_document(source.text, "de") if "Knoten" in p.text)
    passage_suggested = EvidenceSuggestion.objects.create(
        claim=marked,
        document=source,
        revision=source.current_revision,
        start=passage.start,
        end=passage.end,
        exact=passage.text,
        key=quote_key(passage.text),
        stance="contradicts",
        score=0.5,
    )
    return World(
        article, source, PublisherFactory(name="Bewertet"), marked, cited, proposed, passage_suggested
    )


@pytest.fixture
def users(owner: object, other_editor: object, a_reader: object, admin: object) -> dict[str, object]:
    return {"owner": owner, "other": other_editor, "reader": a_reader, "anonymous": None, "admin": admin}


def snapshot() -> tuple:
    """Everything a write could change."""
    return (
        list(Claim.objects.order_by("pk").values()),
        list(Evidence.objects.order_by("pk").values()),
        list(Document.objects.order_by("pk").values()),
        list(Publisher.objects.order_by("pk").values()),
        Claim.history.count(),
        Evidence.history.count(),
        list(ClaimSuggestion.objects.order_by("pk").values()),
        list(EvidenceSuggestion.objects.order_by("pk").values()),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_permission_matrix(
    endpoint: Endpoint,
    role: str,
    world: World,
    users: dict[str, object],
    client_for: Callable[[object | None], APIClient],
) -> None:
    client = client_for(users[role])
    url = endpoint.url.format(w=world)
    body = endpoint.body(world) if endpoint.body else None
    before = snapshot()

    response = client.generic(endpoint.method, url, data=_json(body), content_type="application/json")

    expected = endpoint.expected[role]
    assert response.status_code == expected, (role, response.content)
    if expected >= 400:
        body = response.json()
        assert body["code"] == ("not_authenticated" if expected == 401 else "permission_denied")
        assert snapshot() == before
    if expected == 401:
        assert response.headers["WWW-Authenticate"].startswith("Token")


def test_the_refusal_says_who_may_change_it(world: World, other_editor: object, client_for: Callable) -> None:
    response = client_for(other_editor).patch(f"/api/v1/claims/{world.claim.pk}/", {"status": "published"})
    assert (
        response.json()["detail"]
        == "Only the editor who created this claim, or an admin, can change or delete it."
    )


def _json(body: dict | None) -> str:
    import json

    return json.dumps(body) if body is not None else ""
