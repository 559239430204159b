"""What the API answers for claims and evidence (claims.serializers, the one path on PostgreSQL and
SQLite alike): verdicts, counts, the evidence, offsets in either unit, times in UTC, and a new claim
answered as a read of it would show it."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from claims import selectors, services, verdicts
from claims.models import Claim, Evidence, EvidenceCounts
from claims.serializers import ClaimDetailSerializer
from claims.span_serializers import RevisionTexts
from sources.rest import OffsetUnit
from tests.factories import PublisherFactory, claim, document, editor, evidence

pytestmark = pytest.mark.django_db

# Emoji and a combining mark before the spans, so UTF-16 offsets differ from code points.
ARTICLE = (
    "Leser 🚢 schreibt: Die Fähre schafft 40 Knoten. Die Werft sagt: 30 Knoten, und Tax\u0301i an Bord.\n"
)
SOURCE = "Bericht 🌊: Die Fähre schafft höchstens 30 Knoten. Sie fährt auf dem Bodensee.\n"


@pytest.fixture
def claims(django_capture_on_commit_callbacks: object) -> list[Claim]:
    anna, bernd = editor("anna"), editor("bernd")
    article = document(ARTICLE, title="Solarfähre")
    source = document(SOURCE, title="Bericht")
    source.publisher = PublisherFactory(name="Seepost", reliability=0.9)
    source.save()
    with django_capture_on_commit_callbacks(execute=True):
        fast = claim(article, anna, "Die Fähre schafft 40 Knoten.", speaker="Leser", speaker_role="commenter")
        slow = claim(article, bernd, "30 Knoten", statement="Die Fähre fährt 30 Knoten.")
        bare = claim(article, anna, "Tax\u0301i an Bord")
        evidence(fast, source, bernd, "höchstens 30 Knoten", stance="contradicts", note="Werftangabe")
        evidence(fast, source, anna, "Bodensee", stance="context")
        evidence(slow, source, anna, stance="supports")  # the whole document
        evidence(slow, article, anna, "40 Knoten", stance="contradicts")
    verdicts.editorial_verdict_publish(
        claim=Claim.objects.get(pk=fast.pk), user=anna, verdict="contradicted", explanation="Zu schnell."
    )
    Claim.objects.filter(pk=bare.pk).update(orphaned=True, anchor_confidence=0.0)
    return [fast, slow, bare]


def api_as(username: str = "anna") -> APIClient:
    client = APIClient()
    client.force_authenticate(editor(username))
    return client


def test_a_claim_page_has_verdicts_and_counts_but_not_the_detail(claims: list[Claim]) -> None:
    listed = api_as().get("/api/v1/claims/").json()["results"]

    assert {c["evidence_count"] for c in listed} == {2, 0}  # not all zero: the counts were read
    assert any(c["editorial_verdict"] for c in listed) and any(c["assessed_at"] for c in listed)
    assert all("breakdown" not in c and "evidence" not in c for c in listed)  # the detail has them
    assert all(c["created_at"].endswith("Z") for c in listed)  # in UTC, as DRF writes it


@pytest.mark.parametrize("query", ["", "?offsets=utf16"])
def test_a_claim_with_its_evidence_shows_the_breakdown_and_each_passage(
    claims: list[Claim], query: str
) -> None:
    shown = api_as().get(f"/api/v1/claims/{claims[0].pk}/{query}").json()

    assert shown["breakdown"] and shown["editorial_verdict"]["verdict"] == "contradicted"
    assert [e["stance"] for e in shown["evidence"]] == ["contradicts", "context"]
    assert all(e["publisher"]["name"] == "Seepost" for e in shown["evidence"])


def test_utf16_offsets_differ_where_the_text_has_emoji(claims: list[Claim]) -> None:
    client = api_as()
    points = client.get(f"/api/v1/claims/{claims[0].pk}/").json()
    units = client.get(f"/api/v1/claims/{claims[0].pk}/?offsets=utf16").json()

    assert units["start"] == points["start"] + 1  # the ship is two UTF-16 code units
    assert [e["start"] for e in units["evidence"]] == [e["start"] + 1 for e in points["evidence"]]


def test_evidence_shows_its_publisher_or_none(claims: list[Claim]) -> None:
    listed = api_as().get("/api/v1/evidence/").json()["results"]

    assert {e["publisher"]["name"] if e["publisher"] else None for e in listed} == {"Seepost", None}
    assert {e["has_passage"] for e in listed} == {True, False}


@pytest.mark.parametrize("query", ["", "?offsets=utf16"])
def test_a_new_claim_is_answered_as_a_fresh_read_would_show_it(query: str) -> None:
    article = document(ARTICLE, title="Solarfähre")
    client = api_as()

    answered = client.post(
        f"/api/v1/claims/{query}",
        {"document": article.pk, "exact": "40 Knoten", "speaker": "Leser"},
        format="json",
    )
    read = client.get(f"/api/v1/claims/{answered.json()['id']}/{query}").json()

    assert answered.status_code == 201
    assert answered.json() == read
    assert read["verdict"] == "unverified" and read["evidence"] == []


def counts(item: Claim) -> dict[str, int]:
    shown = api_as("counter").get(f"/api/v1/claims/{item.pk}/").json()
    return shown["evidence_counts"] | {"total": shown["evidence_count"]}


def test_evidence_counts_follow_every_change(claims: list[Claim]) -> None:
    """The counts are kept by database triggers: linking, changing a stance, unlinking, deleting."""
    fast, slow, _ = claims

    assert counts(fast) == {"supports": 0, "contradicts": 1, "mixed": 0, "context": 1, "total": 2}
    contradiction = Evidence.objects.get(claim=fast, stance="contradicts")
    services.evidence_update(evidence=contradiction, user=fast.created_by, stance="mixed")
    assert counts(fast) == {"supports": 0, "contradicts": 0, "mixed": 1, "context": 1, "total": 2}
    services.evidence_update(evidence=contradiction, user=fast.created_by, note="only the note")
    assert counts(fast)["total"] == 2
    services.evidence_unlink(evidence=contradiction, user=fast.created_by)
    assert counts(fast) == {"supports": 0, "contradicts": 0, "mixed": 0, "context": 1, "total": 1}
    Evidence.objects.filter(claim=slow).delete()  # a bulk delete, past every service
    assert counts(slow)["total"] == 0
    for item in Evidence.objects.all():
        assert selectors.claim_list().get(pk=item.claim_id).evidence_count == item.claim.evidence.count()


def test_deleting_a_claim_leaves_no_counts_behind(claims: list[Claim]) -> None:
    fast = claims[0]
    services.claim_delete(claim=Claim.objects.get(pk=fast.pk), user=fast.created_by)

    assert not EvidenceCounts.objects.filter(claim_id=fast.pk).exists()
    assert EvidenceCounts.objects.filter(claim_id=claims[1].pk).get().total == 2


def test_two_answers_built_at_once_keep_their_own_offset_unit(claims: list[Claim]) -> None:
    """The serializers copy their fields shallowly (claims.span_serializers.LeanSerializer): each answer's
    fields must still be bound to that answer, never to another one made meanwhile."""
    item = selectors.claim_detail().get(pk=claims[0].pk)
    utf16 = ClaimDetailSerializer(
        item, context={"offset_unit": OffsetUnit.UTF16, "revision_texts": RevisionTexts()}
    )
    points = ClaimDetailSerializer(
        item, context={"offset_unit": OffsetUnit.CODEPOINTS, "revision_texts": RevisionTexts()}
    )

    in_units, in_points = utf16.data, points.data

    assert in_units["start"] == in_points["start"] + 1
    assert [e["start"] for e in in_units["evidence"]] == [e["start"] + 1 for e in in_points["evidence"]]
