"""claims/assist/rules/sentence_forms.py as claim suggestions use it: sentences that talk to the reader, ask
something of them, shout a notice, praise, speculate, point elsewhere or end a quotation state nothing an
editor could check, whatever figures they carry. The sentences are written for these tests."""

from __future__ import annotations

import pytest

from claims.assist.rules.checkworthiness import suggest_claims


def scored(sentence: str, language: str = "de") -> tuple[float, str]:
    """A sentence's score and its reasons as one string, the sentence scored as an article's body (a
    text's first line is its headline)."""
    suggestions = suggest_claims(f"Meldung\n\n{sentence}", language, threshold=0)
    (suggestion,) = (s for s in suggestions if s.exact == sentence)
    return suggestion.score, "; ".join(suggestion.reasons)


def test_formal_address_of_the_reader_is_no_claim() -> None:
    plain, _ = scored("Der Markt am Rathausplatz öffnete am Freitag mit 120 Ständen.")
    addressed, reasons = scored(
        "Besuchen Sie den Markt am Rathausplatz, er öffnete am Freitag mit 120 Ständen."
    )
    assert "addresses the reader: “Sie”" in reasons
    assert addressed < plain and addressed < 0.2


@pytest.mark.parametrize(
    "sentence",
    [
        "Sie eröffnete 2019 ein Geschäft in Bonn.",  # "she", at the start of a sentence
        "Die Ministerin sagte, sie habe 2019 ein Geschäft in Bonn eröffnet.",
        "Der Verein hat 300 Mitglieder, ihre Beiträge stiegen 2022.",
        # after a colon or a dash a clause begins with a capital: "Sie" is "she" there
        "Die Ministerin erklärte am Montag: Sie werde das Gesetz bis 2025 prüfen.",
        "Die Sprecherin bestätigte den Rücktritt – Sie wolle 2024 nicht mehr kandidieren.",
    ],
)
def test_she_and_they_are_no_address(sentence: str) -> None:
    _, reasons = scored(sentence)
    assert "addresses the reader" not in reasons


def test_a_shop_page_in_formal_address_gets_no_suggestions() -> None:
    shop = "\n\n".join(
        [
            "Entdecken Sie unsere Auswahl an Gartenmöbeln für den Sommer.",
            "Alle Stühle sind aus 100 Prozent Teakholz gefertigt und wetterfest.",
            "Bestellen Sie bis 14 Uhr, dann liefern wir am nächsten Werktag.",
            # a selling point with a measure and a comparison: on a page that talks to its reader, no claim
            "Die Sonnenliege Mare wiegt nur 9 Kilogramm und ist leichter als jedes Modell aus Aluminium.",
            "Genießen Sie lange Sommerabende auf Ihrer Terrasse.",
            "Die Polster gibt es in fünf Farben.",
            "Sichern Sie sich jetzt 20 Prozent Rabatt auf alle Liegen.",
        ]
    )
    assert suggest_claims(shop, "de") == []


def test_requests_lower_a_sentence_but_leave_a_report_a_report() -> None:
    # Comment rules under a news report ask things of the reader; the report keeps its plain statements.
    report = "\n\n".join(
        [
            "Ein Lieferwagen kollidierte am Montag in Kiel mit einem 31-jährigen Radfahrer.",
            "Der Radfahrer wurde schwer verletzt, sagte ein Sprecher der Polizei.",
            "Der Fahrer des Lieferwagens blieb unverletzt.",
            "Die Polizei sperrte die Kreuzung für zwei Stunden.",
            "Die Staatsanwaltschaft leitete ein Verfahren ein.",
            "Please keep comments civil and on topic.",
            "Please do not post links to other websites.",
            "Please report abusive comments to the editors.",
        ]
    )
    suggested = [s.exact for s in suggest_claims(report, "de")]
    assert "Der Fahrer des Lieferwagens blieb unverletzt." in suggested
    assert not any(s.startswith("Please") for s in suggested)
    _, reasons = scored("Please note that the shop closes at 6 pm on 24 December.", "en")
    assert "a request to the reader: “please”" in reasons


def test_a_notice_in_capitals_is_furniture_but_an_acronym_is_not() -> None:
    score, reasons = scored("ALL CONTENT ON THIS SITE IS PROTECTED BY LAW SINCE 2001.", "en")
    assert score == 0 and "written in capitals" in reasons
    score, reasons = scored("NASA and ESA launched the JUICE probe in April 2023.", "en")
    assert score > 0.3 and "capitals" not in reasons


def test_praise_is_no_ranking() -> None:
    _, praised = scored("Der Markt am Dom ist der schönste in der ganzen Region.")
    _, ranked = scored("Der Markt am Dom ist der größte in der ganzen Region.")
    assert "comparison" not in praised and "opinion or praise: “schönste”" in praised
    assert "comparison: “der größte”" in ranked


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("Leider stieg die Zahl der Einbrüche 2023 wieder.", "leider"),
        ("Hopefully the new bridge will open in May.", "hopefully"),
        ("This delicious cake is ready in 40 minutes.", "delicious"),
    ],
)
def test_an_attitude_is_an_opinion(sentence: str, cue: str) -> None:
    language = "de" if sentence.startswith("Leider") else "en"
    _, reasons = scored(sentence, language)
    assert f"opinion or praise: “{cue}”" in reasons


def test_speculation_in_the_writers_words_weighs_more_than_a_modal() -> None:
    # A modal is also how reports render what a source said ("könnte", "could"); an adverb of doubt is
    # the writer's own.
    plain, _ = scored("Das Werk beschäftigt 2000 Menschen.")
    hedged, _ = scored("Das Werk beschäftigt wohl 2000 Menschen.")
    doubted, reasons = scored("Das Werk beschäftigt vielleicht 2000 Menschen.")
    assert plain > hedged > doubted and "speculation: “vielleicht”" in reasons
    _, reasons = scored("Das Werk könnte 2000 Menschen beschäftigen.")
    assert "hedged: “könnte”" in reasons


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("Weitere Informationen zum Förderprogramm 2024 veröffentlicht das Ministerium.", "de"),
        ("For more information on the 2023 figures, see the annual report.", "en"),
        ("Read more: the council approved the budget on Tuesday.", "en"),
    ],
)
def test_a_pointer_to_further_reading_is_furniture(sentence: str, language: str) -> None:
    score, reasons = scored(sentence, language)
    assert score == 0 and "page furniture" in reasons


@pytest.mark.parametrize(
    ("sentence", "instruction"),
    [
        ("Visit the museum's website for the opening hours of 2024.", True),
        ("Refer to the manual of your device to find its serial number.", True),
        ("Visitors to the museum rose by 20 percent in 2023.", False),
        ("Take-Two Interactive reported revenue of $1.4 billion on Monday.", False),
    ],
)
def test_what_a_web_page_asks_of_its_reader_is_an_instruction(sentence: str, instruction: bool) -> None:
    _, reasons = scored(sentence, "en")
    assert ("instruction" in reasons) == instruction, reasons


def test_the_end_of_a_quotation_is_a_quotation() -> None:
    # Without figures or a comparison, what a quoted speaker feels or hopes is not checked; the end of
    # a quotation begun in the sentence before is such a quotation too.
    _, ending = scored("Das wird ein großer Tag für die ganze Stadt“, sagte der Bürgermeister.")
    _, opening = scored("Der Bürgermeister nannte das Fest „ein Zeichen für die ganze Stadt“.")
    assert "a quotation without figures or comparison" in ending
    assert "a quotation" not in opening


def test_recency_is_no_ranking() -> None:
    # "die jüngsten Aussagen" dates them, as "the latest" does in English; "die größte" ranks.
    _, recent = scored("Die jüngsten Aussagen des Ministers fielen vorsichtiger aus.")
    _, newest = scored("Die neueste Version erschien im März.")
    assert "comparison" not in recent and "comparison" not in newest


def test_a_table_header_is_furniture_and_a_row_of_figures_is_data() -> None:
    header, header_reasons = scored("| Modell | Gewicht (2 kg) | Länge | Preis |")
    row, _ = scored("| Modell A | 2,4 kg | 1,2 m | 1.299 Euro |")
    assert header == 0 and "page furniture" in header_reasons
    assert row > 0.3


def test_what_is_to_be_reported_is_no_attribution() -> None:
    # "should be reported in the tracker" tells the reader what to do; nobody stated anything.
    _, todo = scored("Bugs in these packages should be reported in the issue tracker of Debian.", "en")
    _, stated = scored("The company reported a loss of $2 million in 2023.", "en")
    assert "attributed" not in todo
    assert "attributed: “reported”" in stated


def test_an_interview_asking_sie_is_no_how_to() -> None:
    # The questions address the person interviewed, not the reader: the answers stay a report.
    interview = "\n\n".join(
        [
            "Interview mit der Bürgermeisterin",
            "Frau Keller, wie viele Wohnungen haben Sie seit 2020 genehmigt?",
            "Keller: Die Stadt hat seit 2020 rund 1.200 Wohnungen genehmigt, doppelt so viele wie zuvor.",
            "Warum haben Sie das Baugebiet am Nordring gestoppt?",
            "Keller: Der Gemeinderat stimmte im März 2023 mit 21 zu 9 Stimmen gegen den Bebauungsplan.",
            "Was sagen Sie den Kritikern?",
            "Keller: Die Mieten stiegen 2023 um 4,1 Prozent, weniger als im Landesdurchschnitt.",
        ]
    )
    found = [s.exact for s in suggest_claims(interview, "de")]
    assert any("1.200 Wohnungen" in sentence for sentence in found), found
    assert any("21 zu 9 Stimmen" in sentence for sentence in found), found
