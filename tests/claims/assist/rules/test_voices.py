"""claims/assist/rules/voices.py as claim suggestions use it: formal address and the first person inside
quoted or interviewed speech are the speaker's, not the writer's; they neither cost a speaker's statement
its score nor make a report a how-to. Praise does not cancel a checkable comparison beside it. The
sentences are written for these tests."""

from __future__ import annotations

from claims.assist.rules.checkworthiness import suggest_claims
from claims.assist.rules.sentences import split_document
from claims.assist.rules.voices import spoken_spans

INTERVIEW = "\n".join(
    [
        "Wohin verschwinden die Bankfilialen?",
        "Die Ökonomin Marta Lindqvist spricht mit Jonas Brandt über den Wandel der Banken.",
        "Brandt: Frau Lindqvist, wie viele Filialen gibt es heute noch in Deutschland?",
        "Lindqvist: Etwa 20.000, und es werden jedes Jahr weniger. Sie gehen ja heute für eine Überweisung "
        "kaum noch in eine Filiale. Im Jahr 2023 schlossen die Sparkassen 400 Filialen.",
        "Brandt: Was bedeutet das für die Beschäftigten?",
        "Lindqvist: Ihre Bank braucht am Schalter weniger Personal als vor zehn Jahren. Wenn Sie heute eine "
        "Filiale betreten, sehen Sie dort oft nur noch Automaten.",
        "Brandt: Und auf dem Land?",
        "Lindqvist: Dort fahren Sie oft 15 Kilometer bis zum nächsten Geldautomaten.",
    ]
)


def _reasons(text: str, sentence: str) -> str:
    (suggestion,) = (s for s in suggest_claims(text, "de", threshold=0) if s.exact == sentence)
    return "; ".join(suggestion.reasons)


def test_formal_address_in_an_interview_answer_is_the_speakers() -> None:
    reasons = _reasons(
        INTERVIEW, "Lindqvist: Ihre Bank braucht am Schalter weniger Personal als vor zehn Jahren."
    )
    assert "addresses the reader" not in reasons
    # A third of the page says "Sie" and four of its sentences are questions: put to the person
    # interviewed or said by them, not to the reader. The interview is no how-to, and the answers'
    # figures and comparisons are suggested.
    suggested = [s.exact for s in suggest_claims(INTERVIEW, "de")]
    assert "Lindqvist: Ihre Bank braucht am Schalter weniger Personal als vor zehn Jahren." in suggested
    assert "Lindqvist: Dort fahren Sie oft 15 Kilometer bis zum nächsten Geldautomaten." in suggested


def test_a_quotation_spanning_sentences_is_the_speakers_to_its_end() -> None:
    text = (
        "Kurznachrichten\n\n„Wir haben im Mai drei Filialen in Kassel geschlossen. Heute zahlen Sie bei uns "
        "12 Prozent weniger Gebühren als 2021. Das bleibt so“, sagte Bankchef Otto Wernicke am Montag."
    )
    reasons = _reasons(text, "Heute zahlen Sie bei uns 12 Prozent weniger Gebühren als 2021.")
    assert "addresses the reader" not in reasons and "first person" not in reasons
    (first, second, *_) = (s for s in split_document(text, "de") if s.kind == "body")
    assert spoken_spans(text, [first, second]) == [((0, len(first.text)),), ((0, len(second.text)),)]


def test_a_label_before_a_colon_is_no_speaker() -> None:
    # "Merke:" opens two paragraphs, as an interview's turns do, but names no one: "Sie" is the reader.
    guide = "\n".join(
        [
            "Firmenwagen kaufen oder leasen",
            "Merke: Beim Leasen zahlen Sie jeden Monat eine feste Rate von etwa 400 Euro.",
            "Ein gekaufter Wagen wird über sechs Jahre abgeschrieben.",
            "Merke: Sie können die Rate als Betriebsausgabe absetzen.",
        ]
    )
    sentences = split_document(guide, "de")
    assert spoken_spans(guide, sentences) == [()] * len(sentences)
    assert suggest_claims(guide, "de") == []


def test_praise_does_not_cancel_a_comparison_beside_it() -> None:
    text = (
        "Meldung\n\nDer Urwald am Edersee, der größte zusammenhängende Buchenwald in Hessen, ist einzigartig."
    )
    reasons = _reasons(text, text.split("\n\n")[1])
    assert "comparison: “der größte”" in reasons and "praise" not in reasons
    text = "Meldung\n\nDer Markt am Dom ist der schönste und einzigartig in der ganzen Region."
    reasons = _reasons(text, text.split("\n\n")[1])
    assert "comparison" not in reasons and "opinion or praise" in reasons
