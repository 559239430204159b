"""claims/assist/rules/stance.py: worked examples of each rule, and properties every proposal keeps."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claims import scoring
from claims.assist.rules.stance import STANCES, StanceProposal, propose_stance
from claims.models import Stance

COMMENT = (
    "Nice marketing, but the Veyra Q9 is really a 4-bit design with single-digit TOPS and a smartphone form "
    "factor."
)
ARTICLE = "Der Inferenz-Server Veyra Q9 ist ein Rack-System und erreicht 96 Petaflops bei BF16-Genauigkeit."


def stance(
    claim: str, passage: str, claim_language: str = "de", passage_language: str = "de"
) -> StanceProposal:
    return propose_stance(claim, passage, claim_language, passage_language)


def said(proposal: StanceProposal) -> str:
    return " | ".join(proposal.reasons)


def test_the_seed_comment_is_contradicted_by_numbers_descriptors_and_precision() -> None:
    proposal = stance(COMMENT, ARTICLE, "en", "de")
    assert proposal.stance == "contradicts"
    assert proposal.confidence >= 0.8
    reasons = said(proposal)
    assert "single-digit TOPS" in reasons and "96 Petaflops" in reasons  # which numbers were compared
    assert "smartphone" in reasons and "rack-scale" in reasons
    assert "4-bit" in reasons and "BF16" in reasons


def test_a_descriptor_inside_a_product_name_describes_nothing() -> None:
    proposal = stance(
        "The Veyra Q9 Supernode's performance is off the charts: single-digit TOPS in a smartphone "
        "form factor.",
        "Veyra bietet eine Rack-Scale-Lösung namens Q9 Supernode an.",
        "en",
        "de",
    )
    assert proposal.stance == "contradicts"  # not "mixed" because "Supernode" would agree on a rack


def test_a_figure_about_another_name_does_not_make_the_figures_ambiguous() -> None:
    proposal = stance(
        "The Veyra Q9 reaches single-digit TOPS.",
        "Er verfügt über 96 Petaflops und übertrifft damit das Atlas NV64, das maximal 160 Petaflops "
        "erreicht.",
        "en",
        "de",
    )
    assert proposal.stance == "contradicts"
    assert "96 Petaflops" in said(proposal)


def test_the_same_figure_in_other_units_and_languages_supports() -> None:
    proposal = stance(
        "Das SkyRack benötigt rund 560 Kilowatt.", "The SkyRack draws about 0.56 megawatts.", "de", "en"
    )
    assert proposal.stance == "supports"
    assert "560 Kilowatt" in said(proposal) and "0.56 megawatts" in said(proposal)


def test_a_share_in_words_is_compared_with_a_share_in_figures() -> None:
    claim = "Zwei Drittel der Beschäftigten arbeiten im Homeoffice."
    assert stance(claim, "Laut der Umfrage arbeiten 67 Prozent der Beschäftigten im Homeoffice.").stance == (
        "supports"
    )
    assert stance(claim, "Laut der Umfrage arbeiten 20 Prozent der Beschäftigten im Homeoffice.").stance == (
        "contradicts"
    )
    english = stance("Two thirds of workers now work from home.", claim, "en", "de")
    assert english.stance == "supports" and "Two thirds" in said(english)


def test_a_small_difference_in_a_precise_figure_contradicts_with_less_confidence() -> None:
    small = stance(
        "Das System schafft 2.100 Token pro Sekunde.", "Das System schafft 1.800 Token pro Sekunde."
    )
    large = stance("Das System zieht 560 Kilowatt.", "The system draws only 50 kW.", "de", "en")
    assert small.stance == large.stance == "contradicts"
    assert small.confidence < large.confidence
    assert "1.2× apart" in said(small)


def test_each_number_is_compared_with_the_one_about_the_same_thing() -> None:
    claim = "Norvex's Atlas NV64 peaks at 160 petaflops."
    passage = (
        "Tianmu says the SkyRack delivers 250 petaflops, well ahead of the 160 petaflops of the Atlas NV64."
    )
    proposal = stance(claim, passage, "en", "en")
    assert proposal.stance == "supports"
    assert "250" not in said(proposal)


SHARE_OF_A_TOTAL = "The new library cost 11 million euros, of which the foundation contributed 2.5 million."


def test_a_passage_stating_the_claimed_share_supports_it() -> None:
    proposal = stance(
        "Die Stiftung beteiligte sich mit 2,5 Millionen Euro am Neubau.", SHARE_OF_A_TOTAL, "de", "en"
    )
    assert proposal.stance == "supports"
    assert "2.5 million" in said(proposal) and "11 million" not in said(proposal)


def test_a_claimed_share_is_compared_with_the_passages_share_not_its_total() -> None:
    proposal = stance(
        "The foundation contributed 4 million euros to the new library.", SHARE_OF_A_TOTAL, "en", "en"
    )
    assert proposal.stance == "contradicts"
    assert "2.5 million" in said(proposal) and "11 million" not in said(proposal)


def test_a_share_and_a_total_are_no_conflict() -> None:
    proposal = stance(
        "The foundation contributed 2.5 million euros to the new library.",
        "The new library cost 11 million euros.",
        "en",
        "en",
    )
    assert proposal.stance == "context"
    assert "a share and a whole" in said(proposal)


def test_numbers_about_different_names_are_not_compared() -> None:
    proposal = stance(
        "Der SkyRack erreicht 250 Petaflops.", "Der Atlas NV64 erreicht 160 Petaflops, der SkyRack ist neu."
    )
    assert proposal.stance != "contradicts"


def test_a_denied_number_contradicts_and_a_confirmed_one_supports() -> None:
    proposal = stance(
        "Halvard Cloud plans a 60 MW campus.",
        "Halvard Cloud's campus will have 90 megawatts, not the 60 MW reported elsewhere; "
        "the 60 MW figure refers to the first phase.",
        "en",
        "en",
    )
    assert proposal.stance == "mixed"
    assert "denies" in said(proposal)


def test_figures_at_different_precisions_are_only_context() -> None:
    proposal = stance(
        "At FP8, the company claims 500 petaflops.",
        "Der Hersteller nennt 250 Petaflops bei BF16.",
        "en",
        "de",
    )
    assert proposal.stance == "context"
    assert "different precisions" in said(proposal)


def test_negated_descriptor_contradicts() -> None:
    proposal = stance(
        "Das Rechenzentrum wird nicht mit Ökostrom betrieben, die Gasturbinen stehen schon im Plan.",
        "Betrieben wird das Rechenzentrum vollständig mit Ökostrom aus einem Windpark.",
    )
    assert proposal.stance == "contradicts"
    assert "not renewable power" in said(proposal)


def test_not_water_cooled_supports_air_cooled() -> None:
    proposal = stance(
        "The building will use air cooling.", "Das Rechenzentrum wird nicht mit Wasser gekühlt.", "en", "de"
    )
    assert proposal.stance == "supports"


def test_renewable_with_a_gas_backup_is_mixed() -> None:
    proposal = stance(
        "Halvard said the facility will run entirely on renewable electricity.",
        "Halvard signed a contract with a wind farm, but the site will also get a gas-fired backup plant.",
        "en",
        "en",
    )
    assert proposal.stance == "mixed"


def test_a_descriptor_of_a_thing_compared_with_is_not_the_subjects() -> None:
    proposal = stance(
        "Die Zellen basieren auf Lithium-Eisenphosphat.",
        "Kestrel's cells use LFP, which stores less energy than nickel-rich cells.",
        "de",
        "en",
    )
    assert proposal.stance == "supports"


def test_the_same_ranking_supports_and_the_reverse_contradicts() -> None:
    claim = "Damit übertrifft das SkyRack 512 das Atlas NV64 von Norvex."
    same = stance(claim, "The SkyRack 512 is well ahead of Norvex's Atlas NV64.", "de", "en")
    reverse = stance(claim, "The Atlas NV64 is still faster than the SkyRack 512.", "de", "en")
    assert same.stance == "supports"
    assert reverse.stance == "contradicts"
    assert "reverse ranking" in said(reverse)


def test_a_negated_statement_with_the_same_words_contradicts() -> None:
    proposal = stance(
        "Unabhängige Messungen des Servers liegen bisher vor.",
        "Unabhängige Messungen des Servers liegen nicht vor.",
    )
    assert proposal.stance == "contradicts"
    assert "negates" in said(proposal)


def test_the_same_words_without_a_conflict_support_weakly() -> None:
    proposal = stance(
        "Der chinesische Hersteller Tianmu Systems hat in Shenzhen das Rack-System SkyRack 512 vorgestellt.",
        "Tianmu Systems hat am Mittwoch in Shenzhen das SkyRack 512 vorgestellt.",
    )
    assert proposal.stance == "supports"


def test_unrelated_passages_get_no_stance() -> None:
    proposal = stance(
        "Das Grundstück ist zwölf Hektar groß.", "Norvex did not respond to a request for comment."
    )
    assert proposal.stance is None


def test_the_vocabulary_is_the_models() -> None:
    assert set(STANCES) == set(Stance.values)
    assert STANCES == scoring.STANCES


SENTENCES = [
    COMMENT,
    ARTICLE,
    "Der Stromverbrauch liegt bei 0,56 Megawatt.",
    "The SkyRack draws about 560 kilowatts, more than four times the 130 kW of the Atlas NV64.",
    "It isn't even a rack, it's a handheld dev kit.",
    "Tianmu has not sold a single rack so far.",
    "Mingshu AI has ordered 20 racks.",
    "About 300 people will work at the site, according to the town council.",
    "Mit dem Rechenzentrum entstehen 300 neue Arbeitsplätze, und 4.000 Haushalte bekommen Fernwärme.",
    "Wow!",
    "",
]


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(SENTENCES), st.sampled_from(SENTENCES), st.sampled_from(["de", "en"]))
def test_every_proposal_is_in_the_vocabulary_and_explained(claim: str, passage: str, language: str) -> None:
    proposal = propose_stance(claim, passage, language, "de")
    assert proposal.stance in (*STANCES, None)
    assert 0 <= proposal.confidence <= 1
    assert proposal.reasons


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(SENTENCES[:9]))
def test_a_sentence_never_contradicts_itself(sentence: str) -> None:
    assert propose_stance(sentence, sentence, "de", "de").stance not in {"contradicts", "mixed"}


def test_a_duration_that_says_when_is_no_figure_to_compare() -> None:
    # Seen in QA: "two weeks ago" was set against "developed within four months" as a contradiction.
    proposal = stance(
        "Vor zwei Wochen hat Arbeitsminister Hubertus Heil Regeln vorgestellt, die in jeder Firma gelten.",
        "Die Grok-KI wurde nach Angaben von xAI innerhalb von vier Monaten entwickelt.",
    )
    assert proposal.stance not in {"supports", "contradicts", "mixed"}, said(proposal)
    assert stance("Drei Tage später flog er in die USA.", "Er flog nach zwei Tagen in die USA.").stance != (
        "contradicts"
    )
    assert stance("Der Bau dauerte zwei Jahre.", "Der Bau dauerte drei Jahre.").stance == "contradicts"


def test_a_bare_number_that_differs_from_a_count_says_nothing() -> None:
    # A top-five passage for "20 Racks" was the council's "27 votes to 4": set against the 4, "contradicts".
    proposal = stance(
        "Erster Kunde ist Mingshu AI, das nach eigenen Angaben 20 Racks bestellt hat.",
        "The council approved the Auwiesen data centre by 27 votes to 4 on July 1.",
        "de",
        "en",
    )
    assert proposal.stance not in {"supports", "contradicts", "mixed"}, said(proposal)
    # equal, it still agrees: "512" and "512 Beschleuniger"
    assert stance("Das System vereint 512 Beschleuniger.", "Tianmu verbaut davon 512 im SkyRack.").stance == (
        "supports"
    )
