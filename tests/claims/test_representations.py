"""The API answers with claims.representations, from the rows of claims.api_rows (PostgreSQL) or from
model instances (the as-of views, SQLite); the OpenAPI schema comes from claims.serializers. These
tests keep all of them identical, so what the schema promises is what clients get."""

from __future__ import annotations

import pytest
from django.utils import timezone

from claims import api_rows, representations, selectors, services, verdicts
from claims.models import Claim, Evidence
from claims.serializers import ClaimDetailSerializer, ClaimSerializer, EvidenceSerializer, RevisionTexts
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


def offsets(unit: OffsetUnit) -> representations.Offsets:
    return representations.Offsets(unit, RevisionTexts())


def context(unit: OffsetUnit) -> dict[str, object]:
    return {"offset_unit": unit, "revision_texts": RevisionTexts()}


@pytest.mark.parametrize("unit", [OffsetUnit.CODEPOINTS, OffsetUnit.UTF16])
def test_a_claim_page_is_what_the_schema_serializer_says(claims: list[Claim], unit: OffsetUnit) -> None:
    page = list(selectors.claim_list())

    built = representations.claims_data(page, offsets(unit))
    from_rows = representations.claims_data(api_rows.claims([c.id for c in page]), offsets(unit))

    assert built == ClaimSerializer(page, many=True, context=context(unit)).data == from_rows
    assert {c["evidence_count"] for c in built} == {2, 0}  # not all zero: the counts were read
    assert any(c["editorial_verdict"] for c in built) and any(c["assessed_at"] for c in built)
    assert all("breakdown" not in c and "evidence" not in c for c in built)  # the detail has them


@pytest.mark.parametrize("unit", [OffsetUnit.CODEPOINTS, OffsetUnit.UTF16])
def test_a_claim_with_its_evidence_is_what_the_schema_serializer_says(
    claims: list[Claim], unit: OffsetUnit
) -> None:
    for item in selectors.claim_detail():
        built = representations.claim_data(item, offsets(unit), evidence=list(item.evidence.all()))
        (row,) = api_rows.claims([item.id], detail=True)
        from_rows = representations.claim_data(row, offsets(unit), evidence=row.evidence_items)
        assert built == ClaimDetailSerializer(item, context=context(unit)).data == from_rows
    assert any(row.assessment.breakdown for row in api_rows.claims([c.id for c in claims], detail=True))


def test_utf16_offsets_differ_where_the_text_has_emoji(claims: list[Claim]) -> None:
    fast = selectors.claim_list().get(pk=claims[0].pk)

    points = representations.claim_data(fast, offsets(OffsetUnit.CODEPOINTS))
    units = representations.claim_data(fast, offsets(OffsetUnit.UTF16))

    assert units["start"] == points["start"] + 1  # the ship is two UTF-16 code units


@pytest.mark.parametrize("unit", [OffsetUnit.CODEPOINTS, OffsetUnit.UTF16])
def test_evidence_is_what_the_schema_serializer_says(claims: list[Claim], unit: OffsetUnit) -> None:
    items = list(selectors.evidence_list())

    built = representations.evidence_list_data(items, offsets(unit))
    from_rows = representations.evidence_list_data(api_rows.evidence([e.id for e in items]), offsets(unit))

    assert built == EvidenceSerializer(items, many=True, context=context(unit)).data == from_rows
    assert {e["publisher"]["name"] if e["publisher"] else None for e in built} == {"Seepost", None}


def test_a_new_claim_is_answered_as_a_fresh_read_would_show_it() -> None:
    anna = editor("anna")
    article = document(ARTICLE, title="Solarfähre")
    made = services.claim_create(
        document=article, user=anna, span=services.SpanInput(exact="40 Knoten"), speaker="Leser"
    )

    answered = representations.claim_data(
        selectors.claim_as_created(made), offsets(OffsetUnit.UTF16), evidence=list(made.evidence.all())
    )
    (row,) = api_rows.claims([made.pk], detail=True)
    read = representations.claim_data(row, offsets(OffsetUnit.UTF16), evidence=row.evidence_items)

    assert answered == read
    assert answered["verdict"] == "unverified" and answered["evidence"] == []


def test_times_are_written_in_utc_like_drf() -> None:
    moment = timezone.datetime(2026, 11, 30, 9, 5, 1, 123456, tzinfo=timezone.get_fixed_timezone(60))

    assert representations.when(moment) == "2026-11-30T08:05:01.123456Z"
    assert representations.when(None) is None


def test_evidence_counts_follow_every_change(claims: list[Claim]) -> None:
    """The counts are kept by database triggers: linking, changing a stance, unlinking, deleting."""
    fast, slow, _ = claims

    def counts(item: Claim) -> dict[str, int]:
        return representations.claim_data(
            selectors.claim_list().get(pk=item.pk), offsets(OffsetUnit.CODEPOINTS)
        )["evidence_counts"] | {"total": selectors.claim_list().get(pk=item.pk).evidence_count}

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
    from claims.models import EvidenceCounts

    fast = claims[0]
    services.claim_delete(claim=Claim.objects.get(pk=fast.pk), user=fast.created_by)

    assert not EvidenceCounts.objects.filter(claim_id=fast.pk).exists()
    assert EvidenceCounts.objects.filter(claim_id=claims[1].pk).get().total == 2
