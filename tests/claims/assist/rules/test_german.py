"""claims/assist/rules/german.py: German grammar read from Debian's hunspell-de-de, so claim suggestions on
German news rest on what a sentence does (narrates, reports, names) rather than on lists of words seen in
the pages the rules were written on. The sentences here are made up for the tests."""

from __future__ import annotations

import pytest

from claims.assist.rules import german, german_words
from claims.assist.rules.checkworthiness import sentence_scoring, suggest_claims
from claims.assist.rules.names import find_names
from claims.assist.rules.sentences import Sentence, split_sentences


def _score(text: str) -> tuple[float, str]:
    scoring = sentence_scoring(Sentence(0, len(text), text, "body", "de"), find_names(text, "de"))
    score, reasons = scoring.score, scoring.reasons
    return score, "; ".join(reasons)


@pytest.mark.parametrize("word", ["Daten", "Inhalte", "Wasserstoff", "Anforderungen", "Zimmer", "Polizei"])
def test_capitalised_common_nouns_are_known_as_such(word: str) -> None:
    assert german_words.is_common_noun(word)


@pytest.mark.parametrize("word", ["Berlin", "Freiburg", "Sizilien", "Valendo", "Fahimi", "Tianmu"])
def test_names_are_not_common_nouns(word: str) -> None:
    assert not german_words.is_common_noun(word)


def test_a_capitalised_noun_is_no_name_but_a_place_is() -> None:
    names = find_names("Bürgermeisterin Anke Vollmer hat nun Daten über alle Zimmer veröffentlicht.", "de")
    assert [name.text for name in names] == ["Anke Vollmer"]


@pytest.mark.parametrize(
    ("sentence", "named"),
    [
        # whose colleague, daughter or rival someone is: the genitive and the noun are no part of the name
        ("Laut Yuans Kollege Hossein Robatjazi ist das Verfahren sicher.", ["Hossein Robatjazi"]),
        ("Apples Konkurrent Google hat das längst eingeführt.", ["Google"]),
        ("Damals heiratete Büssings Tochter Hedwig einen Ingenieur.", ["Hedwig"]),
        # a firm's or a club's name goes on, and a first name that is a noun too stays in its run
        ("Eine Sprecherin des Chaos Computer Clubs widersprach.", ["Chaos Computer Clubs"]),
        ("Dort hockt Gerhards Mechaniker Frank auf einem Moped.", ["Gerhards Mechaniker Frank"]),
        # "Neben" is listed only as a compound's first part: at a sentence's start it is the preposition
        (
            "Neben Cheforganisator Hassan Al Thawadi sprach auch Sepp Blatter.",
            ["Hassan Al Thawadi", "Sepp Blatter"],
        ),
    ],
)
def test_what_a_person_is_to_someone_is_no_part_of_their_name(sentence: str, named: list[str]) -> None:
    assert [name.text for name in find_names(sentence, "de")] == named


@pytest.mark.parametrize(
    ("sentence", "verb"),
    [
        ("Im Labor erzeugten die Forscher zunächst einen neuen Stoff.", "erzeugten"),
        ("Danach brachten die Helfer alle nach Palermo.", "brachten"),
        ("Die Firma erhielt im Mai den Zuschlag.", "erhielt"),
    ],
)
def test_the_simple_past_is_read_from_the_verbs_flags(sentence: str, verb: str) -> None:
    found = german_words.finite_verb(sentence, "past")
    assert found is not None and found.group() == verb


def test_a_participle_before_a_noun_is_no_verb() -> None:
    assert german_words.finite_verb("Das Heft liegt im gut sortierten Handel aus.", "past") is None


def test_konjunktiv_i_after_a_third_person_subject_is_reported_speech() -> None:
    assert german_words.finite_verb("Die Klägerin biete die Fotos auch anderen an.", "subjunctive")
    assert german_words.finite_verb("Heute finde ich das richtig.", "subjunctive") is None
    _, reasons = _score("Der Verband überprüfe alle Anträge vor der Freigabe gründlich.")
    assert "reported speech" in reasons


def test_a_capital_i_in_german_is_no_first_person() -> None:
    _, reasons = _score("Der Verband will den Hengst ungeprüft ins Zuchtbuch I eintragen.")
    assert "first person" not in reasons


def test_a_witness_narrating_the_past_is_not_penalised_for_the_first_person() -> None:
    _, reasons = _score("Auf dem Boot verbrachten wir 31 Stunden.")
    assert "first person" not in reasons
    _, reasons = _score("Wir finden, dass das Angebot gut ist.")
    assert "first person" in reasons


@pytest.mark.parametrize(
    "sentence",
    [
        "„Wo Räte mitreden, wird deutlich seltener überwacht“, erläuterte Grabowski.",
        "Die Stadtwerke betonten, dass die Leitung dicht sei.",
    ],
)
def test_attribution_is_read_from_its_structure(sentence: str) -> None:
    assert german.attribution(sentence)


def test_legal_references_are_no_figures() -> None:
    _, reasons = _score("Dem Verein steht aus § 12 Abs. 3 Nr. 2 BGB und BGHZ 171, 3 kein Anspruch zu.")
    assert "numbers" not in reasons


def test_a_citation_with_an_equals_sign_is_no_code() -> None:
    score, reasons = _score(
        "Das Gericht hat die Strafe auf 500 € gesenkt (OLG Celle NJW 2011, 17 = MMR 2011, 9)."
    )
    assert "page furniture" not in reasons and score > 0.35


def test_an_abbreviation_before_a_number_ends_no_sentence() -> None:
    text = "Das steht bei Meier, Baurecht, 4. Aufl., Rdn. 17 und wird seither zitiert."
    assert split_sentences(text, 0, len(text), "de") == [(0, len(text))]


def test_a_comparison_in_words_and_a_full_date_count() -> None:
    _, reasons = _score("Mit Betriebsrat kommt Überwachung viel seltener vor.")
    assert "comparison" in reasons
    _, reasons = _score("Seit August 2016 läuft ein Verfahren am Landgericht.")
    assert "when" in reasons


def test_a_passive_without_a_modal_is_an_event() -> None:
    assert german.passive("Danach werden die Platten maschinell zerkleinert.")
    assert german.passive("Mehrere Besucher wurden verletzt.")
    assert german.passive("Der Wasserstoff kann so gewonnen werden.") is None


@pytest.mark.parametrize(
    ("sentence", "event"),
    [
        # a participle without a leading ge-, last in the clause of "haben" or a passive
        ("Das Amtsgericht hat dem Antrag der Mieter am Ende stattgegeben.", "hat … stattgegeben"),
        ("Am Abend wurden die Kontrollen an der Brücke verschärft.", "wurden … verschärft"),
        ("Der Verband hat die Pläne öffentlich kritisiert.", "hat … kritisiert"),
        ("Die Helfer sind aus drei Landkreisen abgeordnet worden.", "sind … worden"),
        # a participle the dictionary does not list, made from a weak verb it does
        ("Die Regierung hat am Samstagabend eine Verschiebung beantragt.", "hat … beantragt"),
        ("Dann haben die Behörden die Familie in ein anderes Lager verlegt.", "haben … verlegt"),
        # a modal in the past before its verb
        ("Die Feuerwehr konnte zwei Bewohner aus dem Haus retten.", "konnte … retten"),
    ],
)
def test_a_perfect_or_a_modal_past_without_a_ge_participle_is_an_event(sentence: str, event: str) -> None:
    _, reasons = _score(sentence)
    assert f"event: “{event}”" in reasons, reasons


@pytest.mark.parametrize(
    "sentence",
    [
        "Das Verhältnis zur Regierung ist schon angespannt.",  # "sein" and a participle: a state
        "Das Tragen einer Maske ist besonders empfehlenswert.",
        "Man sollte damit so früh wie möglich beginnen.",  # "sollte": advice
    ],
)
def test_a_state_or_advice_is_no_event(sentence: str) -> None:
    _, reasons = _score(sentence)
    assert "event" not in reasons, reasons


def test_a_german_report_in_the_past_gets_its_plain_statements_suggested() -> None:
    text = (
        "Helfer räumten die Straße in Kleinmoor\n\n"
        "In der Nacht zum Montag stürzte in Kleinmoor eine Eiche auf die Landstraße. "
        "Die Feuerwehr sperrte die Straße für drei Stunden. "
        "Ein Autofahrer bremste rechtzeitig. "
        "Die Polizei ermittelt nun, wer den Baum zuletzt geprüft hat."
    )
    suggested = {s.exact for s in suggest_claims(text, "de")}
    assert "Die Feuerwehr sperrte die Straße für drei Stunden." in suggested
    assert "Ein Autofahrer bremste rechtzeitig." in suggested


def test_a_surname_that_is_a_common_noun_is_a_name_where_it_speaks() -> None:
    known = frozenset({"fischer"})
    names = find_names("Das sei so nicht geplant, sagte Fischer.", "de", known)
    assert [name.text for name in names] == ["Fischer"]
    assert find_names("Der Fischer fuhr früh hinaus.", "de", known) == []
