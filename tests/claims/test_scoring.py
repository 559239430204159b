"""claims/scoring.py: worked examples to check by hand, and properties that must always hold."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from claims.models import Stance
from claims.scoring import (
    ALGORITHM_VERSION,
    STANCES,
    UNKNOWN_RELIABILITY,
    VERDICT_LABELS,
    VERDICT_RATING,
    Assessment,
    EvidenceInput,
    Verdict,
    assess,
)

EPS = 1e-12  # float noise only
PUBLISHERS = {1: "Lakeside Courier", 2: "SCMP", 3: "Hill Gazette", 4: "Metro Wire"}


def item(
    evidence_id: int,
    stance: str = "supports",
    publisher_id: int | None = 1,
    reliability: float | None = 0.8,
    *,
    document_id: int | None = None,
    has_passage: bool = True,
    **flags: bool,
) -> EvidenceInput:
    return EvidenceInput(
        evidence_id=evidence_id,
        stance=stance,
        publisher_id=publisher_id,
        publisher_name=PUBLISHERS.get(publisher_id, "") if publisher_id is not None else "",
        reliability=reliability,
        document_id=evidence_id + 100 if document_id is None else document_id,
        has_passage=has_passage,
        **flags,
    )


def contribution(assessment: Assessment, evidence_id: int):
    (found,) = [c for c in assessment.contributions if c.evidence_id == evidence_id]
    return found


# --- examples ----------------------------------------------------------------------------------------------


def test_no_evidence_is_unverified_not_a_half() -> None:
    result = assess([])
    assert result.verdict == Verdict.UNVERIFIED
    assert result.support_score is None
    assert result.confidence == 0
    assert result.contributions == ()
    assert result.algorithm_version == ALGORITHM_VERSION


def test_only_context_is_unverified_and_says_why() -> None:
    result = assess([item(1, "context"), item(2, "context", publisher_id=2)])
    assert (result.verdict, result.support_score, result.confidence) == (Verdict.UNVERIFIED, None, 0.0)
    assert all(c.delta == 0 and c.weight == 0 for c in result.contributions)
    assert "context: does not move the score" in result.contributions[0].reasons


def test_one_reliable_passage_is_mostly_supported_with_modest_confidence() -> None:
    result = assess([item(1, "supports", reliability=0.8)])
    # (0.8 + 0.5) / (0.8 + 1) and 0.8 / (0.8 + 1)
    assert result.support_score == pytest.approx(1.3 / 1.8)
    assert result.verdict == Verdict.MOSTLY_SUPPORTED
    assert result.confidence == pytest.approx(0.8 / 1.8)
    assert result.contributions[0].describe() == (
        "+0.22: passage in Lakeside Courier, supports, publisher reliability 0.8"
    )


def test_one_item_alone_never_reaches_supported_or_contradicted() -> None:
    assert assess([item(1, "supports", reliability=1.0)]).verdict == Verdict.MOSTLY_SUPPORTED
    assert assess([item(1, "contradicts", reliability=1.0)]).verdict == Verdict.MOSTLY_CONTRADICTED


def test_three_independent_publishers_support_strongly() -> None:
    result = assess([item(i, "supports", publisher_id=i, reliability=0.8) for i in (1, 2, 3)])
    assert result.verdict == Verdict.SUPPORTED
    assert result.confidence >= 0.7
    assert all(len(c.reasons) == 2 for c in result.contributions)  # no independence discount


def test_three_items_from_one_publisher_count_less_than_three_publishers() -> None:
    one = assess([item(i, "supports", publisher_id=1) for i in (1, 2, 3)])
    three = assess([item(i, "supports", publisher_id=i) for i in (1, 2, 3)])
    assert one.support_score < three.support_score
    assert one.confidence < three.confidence
    assert one.verdict == Verdict.MOSTLY_SUPPORTED
    assert [c.weight for c in one.contributions] == pytest.approx([0.8, 0.4, 0.8 / 3])
    assert contribution(one, 2).describe() == (
        "+0.08: passage in Lakeside Courier, supports, publisher reliability 0.8, "
        "2nd item from Lakeside Courier: counts 1/2"
    )
    assert "3rd item from Lakeside Courier: counts 1/3" in contribution(one, 3).reasons


def test_the_strongest_item_of_a_publisher_counts_fully_whatever_its_id() -> None:
    result = assess([item(1, has_passage=False), item(2, has_passage=True)])
    assert contribution(result, 2).weight == pytest.approx(0.8)  # passage: rank 1
    assert contribution(result, 1).weight == pytest.approx(0.8 * 0.6 / 2)  # whole document: rank 2


def test_unknown_publisher_documents_are_separate_sources() -> None:
    separate = assess(
        [item(1, publisher_id=None, reliability=None), item(2, publisher_id=None, reliability=None)]
    )
    same_doc = assess(
        [
            item(1, publisher_id=None, reliability=None, document_id=9),
            item(2, publisher_id=None, reliability=None, document_id=9),
        ]
    )
    assert [c.weight for c in separate.contributions] == pytest.approx([UNKNOWN_RELIABILITY] * 2)
    assert contribution(same_doc, 2).weight == pytest.approx(UNKNOWN_RELIABILITY / 2)
    assert "2nd item from the same document: counts 1/2" in contribution(same_doc, 2).reasons
    assert (
        contribution(separate, 1)
        .describe()
        .startswith(
            f"+0.09: passage, supports, unknown publisher: reliability {UNKNOWN_RELIABILITY:g} assumed"
        )
    )


def test_a_whole_document_from_an_unknown_publisher_alone_gives_no_verdict() -> None:
    result = assess([item(1, publisher_id=None, reliability=None, has_passage=False)])
    assert result.verdict == Verdict.UNVERIFIED and result.support_score is None
    assert result.contributions[0].reasons[-1] == "all evidence together weighs 0.18, below 0.25: no verdict"


def test_the_claims_own_document_can_contradict_it_and_is_marked() -> None:
    # A reader comment claims something; the article it sits under says otherwise.
    result = assess([item(1, "contradicts", reliability=0.7, same_document=True)])
    assert result.verdict == Verdict.MOSTLY_CONTRADICTED
    assert result.contributions[0].delta < 0
    assert "claim's own document" in result.contributions[0].reasons
    assert result.contributions[0].describe().endswith("claim's own document")


def test_own_speaker_evidence_is_ignored_and_says_so() -> None:
    alone = assess([item(1, "supports", same_speaker=True)])
    assert alone.verdict == Verdict.UNVERIFIED
    assert "own speaker: ignored" in alone.contributions[0].reasons
    others = [item(2, "contradicts", publisher_id=2)]
    assert assess([*others, item(1, "supports", same_speaker=True)]).support_score == (
        assess(others).support_score
    )


def test_an_orphaned_passage_counts_as_a_whole_document() -> None:
    orphaned = assess([item(1, has_passage=True, orphaned=True)])
    whole = assess([item(1, has_passage=False)])
    assert orphaned.support_score == whole.support_score
    assert orphaned.contributions[0].weight == pytest.approx(0.8 * 0.6)
    assert orphaned.contributions[0].describe() == (
        "+0.16: whole document from Lakeside Courier, supports, orphaned passage: counts as whole document, "
        "publisher reliability 0.8"
    )


def test_mixed_evidence_alone_is_disputed() -> None:
    result = assess([item(1, "mixed", reliability=1.0)])
    assert result.support_score == 0.5 and result.verdict == Verdict.DISPUTED
    assert result.contributions[0].delta == 0
    assert "mixed: counts half on each side" in result.contributions[0].reasons


def test_conflicting_reliable_sources_are_disputed() -> None:
    result = assess([item(1, "supports", publisher_id=1), item(2, "contradicts", publisher_id=2)])
    assert result.support_score == pytest.approx(0.5)
    assert result.verdict == Verdict.DISPUTED
    assert [c.describe()[:5] for c in result.contributions] == ["+0.15", "-0.15"]


def test_strong_contradiction_is_contradicted() -> None:
    result = assess([item(i, "contradicts", publisher_id=i, reliability=0.9) for i in (1, 2, 3, 4)])
    assert result.verdict == Verdict.CONTRADICTED
    assert VERDICT_RATING[result.verdict] == 1


def test_fingerprint_follows_the_inputs_that_matter() -> None:
    base = [item(1), item(2, "contradicts", publisher_id=2)]
    fingerprint = assess(base).fingerprint
    assert len(fingerprint) == 64 and int(fingerprint, 16) >= 0
    assert assess(list(reversed(base))).fingerprint == fingerprint
    for changed in (
        dataclasses.replace(base[0], stance="mixed"),
        dataclasses.replace(base[0], reliability=0.7),
        dataclasses.replace(base[0], reliability=None),
        dataclasses.replace(base[0], has_passage=False),
        dataclasses.replace(base[0], orphaned=True),
        dataclasses.replace(base[0], same_document=True),
        dataclasses.replace(base[0], same_speaker=True),
        dataclasses.replace(base[0], publisher_id=3),
        dataclasses.replace(base[0], publisher_name="Renamed"),
    ):
        assert assess([changed, base[1]]).fingerprint != fingerprint, changed


def test_vocabularies_match_the_models_and_claimreview() -> None:
    assert set(STANCES) == set(Stance.values)
    assert set(VERDICT_LABELS) == set(VERDICT_RATING) == set(Verdict)
    assert VERDICT_LABELS[Verdict.MOSTLY_SUPPORTED] == "Mostly supported"
    assert [VERDICT_RATING[v] for v in Verdict] == [5, 4, 3, 2, 1, None]


@pytest.mark.parametrize(
    ("evidence", "message"),
    [
        ([item(1, "refutes")], "stance 'refutes' is not one of"),
        ([item(1, reliability=1.5)], "reliability 1.5 is not in 0..1"),
        ([item(1, reliability=float("nan"))], "reliability nan is not in 0..1"),
        ([item(1), item(1, "contradicts")], "evidence 1 is given twice"),
    ],
)
def test_bad_input_is_refused_with_the_reason(evidence: list[EvidenceInput], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        assess(evidence)


# --- properties --------------------------------------------------------------------------------------------

reliabilities = st.one_of(st.none(), st.floats(0.0, 1.0), st.sampled_from([0.0, 0.5, 0.8, 1.0]))


item_fields = st.tuples(
    st.sampled_from(STANCES),
    st.sampled_from([None, 1, 2, 3, 4]),
    reliabilities,
    st.integers(1, 5),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.integers(0, 5).map(lambda n: n == 0),  # own speaker, now and then
)


def evidence_items(evidence_id: int, stance: str | None = None) -> st.SearchStrategy[EvidenceInput]:
    def build(fields: tuple) -> EvidenceInput:
        drawn_stance, publisher_id, reliability, document_id, passage, orphaned, own_document, own_speaker = (
            fields
        )
        return item(
            evidence_id,
            stance or drawn_stance,
            publisher_id,
            reliability,
            document_id=document_id,
            has_passage=passage,
            orphaned=orphaned,
            same_document=own_document,
            same_speaker=own_speaker,
        )

    return item_fields.map(build)


@st.composite
def evidence_lists(draw: st.DrawFn, max_size: int = 8) -> list[EvidenceInput]:
    ids = draw(st.lists(st.integers(1, 10_000), unique=True, max_size=max_size))
    return [draw(evidence_items(evidence_id)) for evidence_id in ids]


@st.composite
def base_and_new(draw: st.DrawFn, stance: str | None = None) -> tuple[list[EvidenceInput], EvidenceInput]:
    base = draw(evidence_lists())
    new_id = draw(st.integers(1, 10_000).filter(lambda i: i not in {e.evidence_id for e in base}))
    return base, draw(evidence_items(new_id, stance))


def moved_towards(direction: str, before: float | None, after: float | None) -> bool:
    """After is at least as far in the stance's direction as before (unverified: no score to move)."""
    if before is None:
        return True
    if after is None:
        return False
    return after >= before - EPS if direction == "supports" else after <= before + EPS


@given(base_and_new(stance="supports"))
def test_adding_supporting_evidence_never_lowers_the_score(case: tuple[list, EvidenceInput]) -> None:
    base, new = case
    before, after = assess(base), assess([*base, new])
    assert moved_towards("supports", before.support_score, after.support_score)
    assert after.confidence >= before.confidence - EPS


@given(base_and_new(stance="contradicts"))
def test_adding_contradicting_evidence_never_raises_the_score(case: tuple[list, EvidenceInput]) -> None:
    base, new = case
    before, after = assess(base), assess([*base, new])
    assert moved_towards("contradicts", before.support_score, after.support_score)
    assert after.confidence >= before.confidence - EPS


@given(base_and_new(stance="context"))
def test_context_never_changes_the_assessment(case: tuple[list, EvidenceInput]) -> None:
    base, new = case
    before, after = assess(base), assess([*base, new])
    assert (after.support_score, after.confidence, after.verdict) == (
        before.support_score,
        before.confidence,
        before.verdict,
    )
    assert [c for c in after.contributions if c.evidence_id != new.evidence_id] == list(before.contributions)
    assert contribution(after, new.evidence_id).delta == 0


@given(base_and_new(stance="supports"), st.sampled_from(["supports", "contradicts"]))
def test_own_speaker_never_changes_the_score(case: tuple[list, EvidenceInput], stance: str) -> None:
    base, new = case
    own = dataclasses.replace(new, stance=stance, same_speaker=True)
    assert assess([*base, own]).support_score == assess(base).support_score


@given(
    base_and_new(),
    st.sampled_from(["supports", "contradicts"]),
    st.floats(0.0, 1.0),
    st.floats(0.001, 1.0),
)
def test_a_more_reliable_publisher_moves_the_score_further(
    case: tuple[list, EvidenceInput], stance: str, low: float, gap: float
) -> None:
    base, new = case
    high = min(1.0, low + gap)
    assume(high - low >= 1e-6)  # a real difference, not one float step
    fresh = dataclasses.replace(
        new, stance=stance, publisher_id=99, publisher_name="Fresh", same_speaker=False
    )
    weak = assess([*base, dataclasses.replace(fresh, reliability=low)])
    strong = assess([*base, dataclasses.replace(fresh, reliability=high)])
    assert moved_towards(stance, weak.support_score, strong.support_score)
    if weak.support_score is not None:  # strictly further: the score is strictly monotone in S and in C
        sign = 1 if stance == "supports" else -1
        assert sign * (strong.support_score - weak.support_score) > 0
    assert abs(contribution(strong, new.evidence_id).delta) >= abs(contribution(weak, new.evidence_id).delta)


@given(
    evidence_lists(), st.sampled_from(["supports", "contradicts"]), st.floats(0.0, 1.0), st.floats(0.0, 1.0)
)
def test_rerating_a_publisher_moves_the_score_its_way(
    evidence: list[EvidenceInput], stance: str, low: float, high: float
) -> None:
    """All of publisher 1's evidence takes one side; raising its reliability moves the score that way."""
    low, high = sorted((low, high))

    def rated(reliability: float) -> Assessment:
        return assess(
            [
                dataclasses.replace(
                    e, stance=stance if e.stance != "context" else "context", reliability=reliability
                )
                if e.publisher_id == 1
                else e
                for e in evidence
            ]
        )

    assert moved_towards(stance, rated(low).support_score, rated(high).support_score)


@given(evidence_lists(), st.randoms(use_true_random=False))
def test_the_order_of_evidence_does_not_matter(evidence: list[EvidenceInput], random) -> None:
    shuffled = list(evidence)
    random.shuffle(shuffled)
    assert assess(shuffled) == assess(evidence)  # score, confidence, verdict, contributions, fingerprint


@given(evidence_lists())
def test_the_same_inputs_give_the_same_output(evidence: list[EvidenceInput]) -> None:
    copies = [dataclasses.replace(e) for e in evidence]
    assert assess(copies) == assess(evidence) == assess(tuple(evidence))


@given(evidence_lists())
def test_assessment_invariants(evidence: list[EvidenceInput]) -> None:
    result = assess(evidence)
    assert [c.evidence_id for c in result.contributions] == sorted(e.evidence_id for e in evidence)
    assert 0.0 <= result.confidence <= 1.0
    if result.support_score is None:
        assert result.verdict == Verdict.UNVERIFIED and result.confidence == 0
        assert all(c.delta == 0 for c in result.contributions)
        return
    assert 0.0 <= result.support_score <= 1.0
    assert result.verdict != Verdict.UNVERIFIED and result.confidence > 0
    # The deltas are the items' shares of the score's distance from 0.5.
    assert 0.5 + sum(c.delta for c in result.contributions) == pytest.approx(result.support_score, abs=EPS)
    for c in result.contributions:
        assert 0.0 <= c.weight <= 1.0
        if c.stance == "supports":
            assert c.delta >= 0
        elif c.stance == "contradicts":
            assert c.delta <= 0
        else:
            assert c.delta == 0
    if result.verdict == Verdict.DISPUTED:  # never from one-sided evidence
        sides = {c.stance for c in result.contributions if c.weight > 0}
        assert "mixed" in sides or {"supports", "contradicts"} <= sides


@given(evidence_lists())
def test_swapping_supports_and_contradicts_mirrors_the_score(evidence: list[EvidenceInput]) -> None:
    swap = {"supports": "contradicts", "contradicts": "supports"}
    mirrored = assess([dataclasses.replace(e, stance=swap.get(e.stance, e.stance)) for e in evidence])
    original = assess(evidence)
    if original.support_score is None:
        assert mirrored.support_score is None
    else:
        assert mirrored.support_score == pytest.approx(1 - original.support_score, abs=EPS)
        assert mirrored.confidence == original.confidence
