"""claims/assist/rules/assertions.py through propose_stance: states that go on or have ended, the first and
the largest, the day of an event; and the stance rules' handling of scales, questions and negations about
another subject (stance.py). Invented sentences on topics no labelled corpus uses."""

from __future__ import annotations

from claims.assist.rules.quantities import extract_quantities
from claims.assist.rules.stance import StanceProposal, propose_stance


def stance(
    claim: str, passage: str, claim_language: str = "en", passage_language: str = "en"
) -> StanceProposal:
    return propose_stance(claim, passage, claim_language, passage_language)


def said(proposal: StanceProposal) -> str:
    return " | ".join(proposal.reasons)


def test_figures_orders_of_magnitude_apart_contradict_though_several_are_stated() -> None:
    proposal = stance(
        "Each pump draws a few hundred watts, the whole station single-digit kilowatts.",
        "Das Pumpwerk Erlenbach hat eine Leistung von 45 Megawatt und fördert jährlich 80 Millionen "
        "Kubikmeter.",
        "en",
        "de",
    )
    assert proposal.stance == "contradicts", said(proposal)
    assert "45 Megawatt" in said(proposal) and "a few hundred watts" in said(proposal)


def test_several_figures_of_a_kind_a_little_apart_stay_uncompared() -> None:
    proposal = stance(
        "Each pump draws 40 kW, the whole site 300 kW.",
        "The Erlenbach plant has a capacity of 450 kW.",
    )
    assert proposal.stance != "contradicts", said(proposal)


def test_a_few_hundred_is_a_range_not_a_hundred() -> None:
    (quantity,) = extract_quantities("rated at a few hundred watts", "en")
    assert (quantity.low, quantity.high) == (200.0, 1000.0)
    assert "200–1,000 W" in quantity.describe()


def test_no_longer_against_still_contradicts_across_languages() -> None:
    proposal = stance(
        "Die Brauerei ist nicht mehr auf Importhopfen angewiesen, sagte Geschäftsführer Olaf Brandt.",
        "The brewery still depends on imported hops for two thirds of its beer, the trade association said.",
        "de",
        "en",
    )
    assert proposal.stance == "contradicts", said(proposal)
    assert "nicht mehr" in said(proposal) and "still" in said(proposal)


def test_still_and_no_longer_about_unrelated_things_say_nothing() -> None:
    proposal = stance("The brewery no longer exports to Japan.", "The harbour is still closed to ferries.")
    assert proposal.stance not in {"contradicts", "supports", "mixed"}


def test_denying_the_first_contradicts() -> None:
    proposal = stance(
        "Laut Bürgermeister Jonas Wirt ist Talheim die erste klimaneutrale Gemeinde Bayerns.",
        "Wendorf has been carbon neutral since 2019, so Talheim is not the first such town in Bavaria.",
        "de",
        "en",
    )
    assert proposal.stance == "contradicts", said(proposal)
    assert "not first" in said(proposal)


def test_another_largest_of_the_same_kind_contradicts() -> None:
    proposal = stance(
        "The Calder Reach is the largest container ship in the fleet.",
        "At 400 metres, the Morwen Star remains the largest container ship in the fleet.",
    )
    assert proposal.stance == "contradicts", said(proposal)


def test_the_largest_in_two_places_can_both_hold() -> None:
    proposal = stance(
        "The Calder Reach is the largest container ship registered in Liberia.",
        "The Morwen Star remains the largest container ship registered in Panama.",
    )
    assert proposal.stance != "contradicts", said(proposal)


def test_the_same_weekday_for_the_same_name_supports_across_languages() -> None:
    proposal = stance(
        "Die Stadtwerke Talheim haben am Donnerstag ihr neues Fernwärmenetz eröffnet.",
        "Stadtwerke Talheim opened its new district heating network on Thursday.",
        "de",
        "en",
    )
    assert proposal.stance == "supports", said(proposal)
    assert "donnerstag" in said(proposal)


def test_one_shared_name_and_a_weekday_are_not_a_restatement() -> None:
    proposal = stance(
        "Talheim hat am Donnerstag sein neues Fernwärmenetz eröffnet.",
        "Shares of the Talheim utility fell sharply on Thursday.",
        "de",
        "en",
    )
    assert proposal.stance != "supports", said(proposal)


def test_a_question_takes_no_side() -> None:
    proposal = stance("The Erlenbach station has a capacity of 45 MW.", "45 MW?")
    assert proposal.stance == "context", said(proposal)


def test_a_negation_about_another_subject_does_not_turn_shared_words_against() -> None:
    proposal = stance(
        "Wendorf has been carbon neutral since 2019, so Talheim is not the first such town in Bavaria.",
        "Wendorf, carbon neutral since 2019, remains the only such town in Bavaria.",
    )
    assert proposal.stance != "contradicts", said(proposal)
