"""How a claim is published, through the API: the speaker's kind, the short wording, internal notes."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from claims.models import Claim
from claims.verdicts import editorial_verdict_publish
from tests.factories import claim, document, editor, evidence

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner() -> object:
    return editor("owner")


@pytest.fixture
def api(owner: object) -> APIClient:
    client = APIClient()
    client.force_authenticate(owner)
    return client


@pytest.fixture
def marked(owner: object) -> Claim:
    article = document("Der Europäische Rechnungshof sagt: Die Fähre kostet 9 Millionen Euro.\n")
    return claim(article, owner, "Die Fähre kostet 9 Millionen Euro", speaker="Europäischer Rechnungshof")


def test_new_claims_get_the_default_speaker_kind_by_role(api: APIClient, marked: Claim) -> None:
    body = api.get(f"/api/v1/claims/{marked.pk}/").json()
    assert (body["speaker_role"], body["speaker_kind"], body["short_statement"]) == (
        "author",
        "publisher",
        "",
    )
    made = api.post(
        "/api/v1/claims/",
        {"document": marked.document_id, "exact": "Europäische Rechnungshof", "speaker_role": "commenter"},
        format="json",
    )
    assert made.status_code == 201 and made.json()["speaker_kind"] == "person"


def test_editors_set_the_speaker_kind_and_short_wording(api: APIClient, marked: Claim) -> None:
    answer = api.patch(
        f"/api/v1/claims/{marked.pk}/",
        {"speaker_kind": "organization", "short_statement": "Fähre kostet 9 Mio. Euro"},
        format="json",
    )
    assert answer.status_code == 200
    assert (answer.json()["speaker_kind"], answer.json()["short_statement"]) == (
        "organization",
        "Fähre kostet 9 Mio. Euro",
    )
    assert api.get("/api/v1/claims/").json()["results"][0]["speaker_kind"] == "organization"


def test_a_bad_speaker_kind_or_too_long_wording_is_refused_and_changes_nothing(
    api: APIClient, marked: Claim
) -> None:
    bad = api.patch(f"/api/v1/claims/{marked.pk}/", {"speaker_kind": "robot"}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_choice"
    long = api.patch(f"/api/v1/claims/{marked.pk}/", {"short_statement": "x" * 201}, format="json")
    assert long.status_code == 400 and "short_statement" in long.json()["errors"]
    marked.refresh_from_db()
    assert (marked.speaker_kind, marked.short_statement) == ("publisher", "")


def test_an_evidence_note_can_be_marked_internal(api: APIClient, marked: Claim, owner: object) -> None:
    source = document("Werft: 9 Millionen Euro.\n")
    item = evidence(marked, source, owner, "9 Millionen Euro", note="Quelle anrufen")
    assert api.get(f"/api/v1/evidence/{item.pk}/").json()["note_internal"] is False
    answer = api.patch(f"/api/v1/evidence/{item.pk}/", {"note_internal": True}, format="json")
    assert answer.status_code == 200 and answer.json()["note_internal"] is True
    linked = api.post(
        f"/api/v1/claims/{marked.pk}/evidence/",
        {"document": source.pk, "stance": "context", "note": "intern", "note_internal": True},
        format="json",
    )
    assert linked.status_code == 201 and linked.json()["note_internal"] is True


def test_only_the_claims_editor_or_an_admin_unpublishes(api: APIClient, marked: Claim, owner: object) -> None:
    editorial_verdict_publish(claim=marked, user=owner, verdict="supported", explanation="Laut Werft.")
    other = APIClient()
    other.force_authenticate(editor("otto"))
    assert other.post(f"/api/v1/claims/{marked.pk}/unpublish/").status_code == 403
    assert APIClient().post(f"/api/v1/claims/{marked.pk}/unpublish/").status_code == 401
    assert api.get(f"/api/v1/claims/{marked.pk}/claimreview/").status_code == 200
