"""Turning imported bytes into a document's text and metadata (sources/extraction.py, sources/language.py)."""

from __future__ import annotations

import datetime
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sources import extraction, language
from sources.errors import ImportRefused
from sources.extraction import (
    KINDS,
    Extracted,
    comment_section_start,
    content_hash,
    decode,
    detect_language,
    extract,
    find_published_date,
    guess_title,
    kind_for,
    normalise_text,
    title_without_site,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
DEMO = Path(extraction.__file__).resolve().parent / "demo"

GERMAN_PARAGRAPH = (
    "Der Energieversorger hat am Dienstag seinen neuen Batteriespeicher in Betrieb genommen. "
    "Nach Angaben des Unternehmens speichert die Anlage 240 Megawattstunden und kann bis zu "
    "120 Megawatt abgeben. Kritik kommt vom Naturschutzverband, der die Rodung eines Waldstücks bemängelt."
)
ENGLISH_COMMENT = (
    "I heard the whole thing only lasts twenty minutes at full power and that the cells come from a "
    "recalled batch. Nobody is talking about that, and the company has not answered any of the questions "
    "that people in the village have been asking for months. "
)


def refusal(excinfo: pytest.ExceptionInfo[ImportRefused]) -> tuple[str, str]:
    return excinfo.value.code, excinfo.value.field


def extract_fixture(name: str) -> Extracted:
    return extract((FIXTURES / name).read_bytes(), kind=kind_for(name), name=name)


# --- kind_for -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("article.txt", "text"),
        ("article.text", "text"),
        ("notes.md", "markdown"),
        ("notes.markdown", "markdown"),
        ("page.html", "html"),
        ("PAGE.HTM", "html"),
        ("page.xhtml", "html"),
    ],
)
def test_kind_for_uses_the_extension(name: str, kind: str) -> None:
    assert kind_for(name) == kind


def test_kind_for_extension_wins_over_a_generic_content_type() -> None:
    assert kind_for("notes.md", "text/plain") == "markdown"


@pytest.mark.parametrize(
    ("content_type", "kind"),
    [
        ("text/html; charset=utf-8", "html"),
        ("application/xhtml+xml", "html"),
        ("text/markdown", "markdown"),
        ("TEXT/PLAIN", "text"),
    ],
)
def test_kind_for_falls_back_to_the_content_type(content_type: str, kind: str) -> None:
    assert kind_for("https://news.example/story", content_type) == kind


@pytest.mark.parametrize(
    ("name", "content_type"),
    [("report.pdf", None), ("report.docx", None), ("report.pdf", "application/pdf"), ("scan", "image/png")],
)
def test_kind_for_refuses_other_files_and_says_what_to_use(name: str, content_type: str | None) -> None:
    with pytest.raises(ImportRefused) as excinfo:
        kind_for(name, content_type)
    assert refusal(excinfo) == ("unsupported_type", "file")
    assert name in excinfo.value.message
    assert "use .txt, .md or .html" in excinfo.value.message


# --- decode ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n  "])
def test_decode_refuses_an_empty_file(data: bytes) -> None:
    with pytest.raises(ImportRefused) as excinfo:
        decode(data, name="leer.txt")
    assert excinfo.value.code == "empty"
    assert excinfo.value.message == "leer.txt: the file is empty"


@pytest.mark.parametrize("kind", ["text", "markdown"])
def test_a_paste_of_only_whitespace_is_refused_as_a_paste_not_a_file(kind: str) -> None:
    with pytest.raises(ImportRefused) as excinfo:
        extract(" \n\t\n ", kind=kind, name="pasted text")
    assert (excinfo.value.code, excinfo.value.message) == ("empty", "The pasted text is empty.")


def test_decode_refuses_a_utf16_file_holding_only_whitespace() -> None:
    with pytest.raises(ImportRefused) as excinfo:
        decode("   \n ".encode("utf-16"), name="blank.txt")
    assert excinfo.value.code == "empty"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00word/document.xml",
        bytes(range(1, 9)) * 40 + b"some text",
    ],
    ids=["png", "pdf", "docx-zip", "control-chars"],
)
def test_decode_refuses_binary_files(data: bytes) -> None:
    with pytest.raises(ImportRefused) as excinfo:
        decode(data, name="upload.txt")
    assert excinfo.value.code == "binary"
    assert "upload.txt" in excinfo.value.message
    assert "binary" in excinfo.value.message


@pytest.mark.parametrize(
    "data",
    [
        # Bytes undefined in windows-1252, the encoding the detector guesses for them.
        bytes(range(0x80, 0x100)) * 3,
        b"\xff\xfeA",  # a UTF-16 BOM followed by half a character
    ],
    ids=["every-high-byte", "truncated-utf16"],
)
def test_decode_refuses_bytes_whose_encoding_it_cannot_tell(data: bytes) -> None:
    with pytest.raises(ImportRefused) as excinfo:
        decode(data, name="mystery.txt")
    assert excinfo.value.code == "encoding"
    assert "save it as UTF-8" in excinfo.value.message


def test_decode_drops_stray_nul_bytes_of_a_text_file() -> None:
    # A real Spanish article carried 22 NULs in an ad tag; it is text, and the NULs are not.
    data = b"Una frase normal\x00 con un byte NUL en medio, como en la etiqueta de un anuncio." * 3
    assert decode(data, name="nota.txt") == data.decode().replace("\x00", "")


def test_decode_honours_the_charset_the_page_declares() -> None:
    # A Polish page in Windows-1250: read as cp1252 (the old guess) its letters come out wrong.
    text = "Zażółć gęślą jaźń: Śląsk, Łódź i Kraków"
    head = "<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1250'></head>"
    data = f"{head}<body><p>{text}</p></body></html>".encode("cp1250")
    assert text in decode(data, name="pl.html", html=True)
    # The server's header wins over detection too, and iso-8859-1 means windows-1252 as in browsers.
    assert decode(text.encode("cp1250"), name="pl.txt", declared="windows-1250") == text
    assert decode("„Preis“ 3 €".encode("cp1252"), name="de.txt", declared="iso-8859-1") == "„Preis“ 3 €"


def test_decode_detects_when_the_declared_charset_is_wrong() -> None:
    data = "<html><head><meta charset='ascii'></head><body>Grüße 東京</body></html>".encode()
    assert "Grüße 東京" in decode(data, name="page.html", html=True)


def test_decode_reads_a_cp1252_german_text_with_umlauts() -> None:
    text = (
        "Grüße aus München! Der Speicher in Hagenried ging im März in Betrieb; die Straße dorthin "
        "ist gesperrt. Kosten: 96 Mio. €, „deutlich mehr“ als geplant."
    )
    assert decode(text.encode("cp1252"), name="alt.txt") == text


def test_decode_reads_a_short_latin1_text() -> None:
    assert decode("Grüße aus Köln".encode("latin-1"), name="kurz.txt") == "Grüße aus Köln"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (
            "Pociąg przyjechał o czasie, powiedział rzecznik spółki w Łodzi. Zarząd województwa "
            "śląskiego zatwierdził budżet; wydatki wzrosną o 12 procent.",
            "cp1250",
        ),
        ("Poslanci schválili zákon o státním rozpočtu, řekl mluvčí sněmovny.", "iso8859-2"),
        ("Госдума приняла закон о бюджете, сообщил пресс-секретарь в Москве.", "cp1251"),
        ("Госдума приняла закон о бюджете, сообщил пресс-секретарь в Москве.", "koi8-r"),
        ("Η Βουλή ψήφισε τον προϋπολογισμό, δήλωσε ο εκπρόσωπος της κυβέρνησης.", "iso8859-7"),
        ("Meclis bütçeyi kabul etti, dedi hükümet sözcüsü İstanbul'da.", "cp1254"),
        ("הכנסת אישרה את התקציב, אמר דובר הממשלה בירושלים.", "cp1255"),
        ("国会は予算案を可決したと、政府の報道官が東京で述べた。", "cp932"),
        ("国会は予算案を可決したと、政府の報道官が東京で述べた。", "euc_jp"),
        ("国会通过了预算案，政府发言人在北京表示。", "gb18030"),
        ("國會通過了預算案，政府發言人在台北表示。", "big5"),
        ("국회는 예산안을 통과시켰다고 정부 대변인이 서울에서 말했다.", "cp949"),
    ],
    ids=[
        "pl-1250",
        "cs-8859-2",
        "ru-1251",
        "ru-koi8",
        "el",
        "tr",
        "he",
        "ja-sjis",
        "ja-euc",
        "zh",
        "zh-tw",
        "ko",
    ],
)
def test_decode_reads_undeclared_legacy_text_of_every_script_as_a_browser_would(
    text: str, encoding: str
) -> None:
    # Before, only Western European encodings were tried: these were refused or stored garbled.
    data = f"<html><body><p>{text}</p><p>{text}</p></body></html>".encode(encoding)
    assert text in decode(data, name="alt.html", html=True)


def test_decode_takes_the_page_country_into_account() -> None:
    # One "£" is all that is not ASCII: "Ł" in windows-1250. An English text is read as windows-1252 ...
    text = "The striker cost £50m, the club said on Monday."
    assert decode(text.encode("cp1252"), name="uk.txt") == text
    assert decode(text.encode("cp1252"), name="uk.html", url="https://example.co.uk/sport") == text
    # ... while the same byte on a Polish site's page is the Polish letter.
    polish = "Łódź, powiedział."
    assert decode(polish.encode("cp1250"), name="pl.html", url="https://example.pl/a") == polish


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_decode_reads_utf16_and_utf32_with_a_bom(encoding: str) -> None:
    text = "Größter Speicher der Region: 240 MWh"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    assert decode(data, name="wide.txt") == text


def test_decode_strips_the_utf8_bom() -> None:
    assert decode(b"\xef\xbb\xbfHallo Welt", name="bom.txt") == "Hallo Welt"


def test_decode_keeps_utf8_text_unchanged() -> None:
    text = "Café \u2013 30 € \u2013 日本語 \u2013 ok\r\n"
    assert decode(text.encode("utf-8"), name="u.txt") == text


# --- normalise_text and content_hash --------------------------------------------------------------------


def test_normalise_text_composes_to_nfc() -> None:
    assert normalise_text("Cafe\u0301 Mu\u0308nchen") == "Café München"


def test_normalise_text_turns_crlf_and_cr_into_lf() -> None:
    assert normalise_text("one\r\ntwo\rthree\nfour") == "one\ntwo\nthree\nfour"


def test_normalise_text_keeps_whitespace_including_the_ends() -> None:
    text = "\n\n  Titel\n\n  eingerückt  \t\n\nEnde  \n"
    assert normalise_text(text) == text


def test_normalise_text_is_idempotent_on_an_example() -> None:
    once = normalise_text(" e\u0301\r\n\r\nx\r")
    assert once == " é\n\nx\n"
    assert normalise_text(once) == once


_TRICKY = st.sampled_from(
    ["\r", "\n", "\r\n", " ", "\t", "e", "\u0301", "\u0308", "\u212b", "\u1100", "\u1161"]
)


@given(st.lists(st.one_of(_TRICKY, st.characters()), max_size=60).map("".join))
def test_normalise_text_is_idempotent(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once


@given(st.lists(st.one_of(_TRICKY, st.characters()), max_size=60).map("".join))
def test_normalise_text_leaves_no_carriage_return_and_is_nfc(text: str) -> None:
    result = normalise_text(text)
    assert "\r" not in result
    assert unicodedata.is_normalized("NFC", result)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=60))
def test_normalise_text_keeps_inner_text_of_nfc_input(text: str) -> None:
    text = unicodedata.normalize("NFC", text)
    assert normalise_text(text) == text


def test_content_hash_is_sha256_of_the_normalised_utf8() -> None:
    # sha256(b"abc"), a published test vector: the hash must never change between releases.
    assert content_hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_content_hash_is_the_same_for_texts_that_normalise_alike() -> None:
    assert content_hash("Cafe\u0301\r\nzwei\r\n") == content_hash("Café\nzwei\n")
    assert content_hash("Café\nzwei") != content_hash("Café\ndrei")


# --- guess_title ----------------------------------------------------------------------------------------


def test_guess_title_skips_navigation_crumbs_and_takes_the_repeated_headline() -> None:
    text = (
        "Option\nHeim\nNachricht\nSpeicher am Netz\n\nSpeicher am Netz\n\n12. März 2025\n172\n\n"
        + GERMAN_PARAGRAPH
    )
    # Three words alone would pass for a crumb; the repetition is what marks the headline.
    assert guess_title(text) == "Speicher am Netz"


@pytest.mark.parametrize("crumbs", ["Home\nNews\nTech", "Startseite\nMenu", "AI/KI News", "Ticker"])
def test_guess_title_takes_the_first_headline_after_crumbs(crumbs: str) -> None:
    text = f"{crumbs}\nHuawei verstärkt Offensive auf dem Chipmarkt\n\n{GERMAN_PARAGRAPH}"
    assert guess_title(text) == "Huawei verstärkt Offensive auf dem Chipmarkt"


def test_guess_title_skips_dates_and_counts() -> None:
    text = "30.04.2025\n0/200\n1.920\nApril 30, 2025\nBatteriespeicher geht in Betrieb\n\n" + GERMAN_PARAGRAPH
    assert guess_title(text) == "Batteriespeicher geht in Betrieb"


def test_guess_title_is_empty_when_the_text_starts_with_its_body() -> None:
    assert guess_title(GERMAN_PARAGRAPH + "\n\n" + GERMAN_PARAGRAPH) == ""


def test_guess_title_is_empty_for_crumbs_only() -> None:
    assert guess_title("Home\nNews\nMenu\n") == ""


def test_guess_title_cuts_a_long_repeated_headline_after_a_word() -> None:
    headline = "Sehr langer Titel " * 25
    assert len(headline.strip()) > 300
    title = guess_title(f"{headline}\n{headline}\n\n{GERMAN_PARAGRAPH}")
    assert len(title) <= 300 and title.endswith("…")
    assert headline.startswith(title.removesuffix("…") + " ")  # whole words only


def test_a_pages_very_long_title_is_cut_after_a_whole_word_and_says_so() -> None:
    # A <title> of 5,200 characters was cut at 300 in the middle of a word ("… Langer Titel L"), silently.
    stated = ("Langer Titel " * 400).strip()
    html = f"<html><head><title>{stated}</title></head><body><article><p>{GERMAN_PARAGRAPH}</p></article>"
    title = extract(html.encode(), kind="html", name="lang.html").title
    assert len(title) <= 300 and title.endswith(("Langer…", "Titel…"))
    assert stated.startswith(title.removesuffix("…") + " ")  # whole words of the stated title, in order


@pytest.mark.parametrize(
    ("title", "shortened"),
    [
        ("Kurz", "Kurz"),
        ("a" * 300, "a" * 300),  # at the limit: kept as it is
        ("Wort " * 59 + "Schluss", "Wort " * 58 + "Wort…"),
        ("Titel: " + "Wort, " * 60, "Titel: " + "Wort, " * 47 + "Wort…"),  # no trailing comma before "…"
        ("x" * 5000, "x" * 299 + "…"),  # no space to cut at: cut at the limit, still marked
    ],
)
def test_shorten_title(title: str, shortened: str) -> None:
    assert extraction.shorten_title(title) == shortened
    assert len(shortened) <= extraction.TITLE_MAX_CHARS


# --- detect_language ------------------------------------------------------------------------------------

SIX_LANGUAGES = {
    "de": GERMAN_PARAGRAPH,
    "en": "The utility switched on a grid battery at its substation this week and called it the largest in "
    "the region. The company says the plant stores 240 megawatt-hours and can deliver up to 120 megawatts.",
    "fr": "Le fournisseur d'énergie a mis en service mardi sa nouvelle batterie. Selon l'entreprise, "
    "l'installation stocke 240 mégawattheures et peut fournir jusqu'à 120 mégawatts pour le réseau.",
    "es": "La empresa eléctrica puso en marcha el martes su nueva batería en la subestación. Según la "
    "compañía, la planta almacena 240 megavatios hora y puede entregar hasta 120 megavatios.",
    "it": "Il fornitore di energia ha messo in funzione martedì la sua nuova batteria. Secondo l'azienda, "
    "l'impianto immagazzina 240 megawattora e può erogare fino a 120 megawatt alla rete.",
    "nl": "Het energiebedrijf heeft dinsdag zijn nieuwe batterij in gebruik genomen. Volgens het bedrijf "
    "slaat de installatie 240 megawattuur op en kan ze tot 120 megawatt aan het net leveren.",
}


@pytest.mark.parametrize(("code", "text"), SIX_LANGUAGES.items())
def test_detect_language_tells_the_six_languages_apart(code: str, text: str) -> None:
    assert detect_language(text) == code


def test_detect_language_decides_on_the_article_not_the_english_comments() -> None:
    comments = "\n\n".join(
        f"Reader{n}\nReader{n} 14. März 2025 10:12:40 MEZ\n\n{ENGLISH_COMMENT}" for n in range(6)
    )
    article = f"Neuer Speicher am Netz\n\n{GERMAN_PARAGRAPH}\n\n"
    assert detect_language(f"{article}Kommentare (6)\n0/200\n{comments}") == "de"
    # The heading is what tells the comments apart: without it, the English comments outweigh the article.
    assert detect_language(f"{article}{comments}") == "en"


@pytest.mark.parametrize(
    "heading", ["Kommentare", "Leserkommentare", "Comments", "Comments (12)", "12 Comments"]
)
def test_comment_section_start_finds_the_heading(heading: str) -> None:
    article = f"Titel\n\n{GERMAN_PARAGRAPH}\n\n"
    assert comment_section_start(f"{article}{heading}\nAnna\nGut geschrieben.") == len(article)


def test_comment_section_start_ignores_a_comments_crumb_at_the_top_and_comments_in_prose() -> None:
    text = f"Kommentare\nNews\n{GERMAN_PARAGRAPH}\nComments were closed after a week.\n{GERMAN_PARAGRAPH}"
    assert comment_section_start(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "12 345 67,8 90 1.000 2.000 3.000 4.000 5.000 6.000 7.000",
    ],
    ids=["empty", "numbers"],
)
def test_detect_language_is_empty_when_unsure_or_unsupported(text: str) -> None:
    assert detect_language(text) == ""


def test_detect_language_decides_ordinary_articles_without_lingua(monkeypatch: pytest.MonkeyPatch) -> None:
    # lingua costs ~1.2 µs a character; ordinary articles must be decided by the stop-word count alone,
    # or a 1,000-document import cannot keep up its rate.
    def no_lingua() -> None:
        raise AssertionError("lingua consulted for an ordinary article")

    monkeypatch.setattr(language, "_detector", no_lingua)
    for code in sorted(language.DECIDED_BY_COUNT):
        assert detect_language(SIX_LANGUAGES[code] * 5) == code


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("pl", "Zażółć gęślą jaźń, to jest polski tekst o nowym magazynie energii w Gdańsku."),
        (
            "pt",
            "O governo brasileiro anunciou nesta terça-feira um novo pacote de medidas contra a inflação.",
        ),
        (
            "ca",
            "El govern de la Generalitat ha anunciat avui que les obres del port començaran l'any vinent.",
        ),
        ("zh", "北京时间今天上午，国家统计局发布了最新的经济数据，显示工业生产继续增长。"),
        ("ja", "東京都は本日、新しい感染対策を発表しました。対象は都内の飲食店です。"),
        ("tr", "Belediye başkanı, yeni metro hattının gelecek yıl hizmete gireceğini açıkladı."),
    ],
)
def test_detect_language_knows_languages_beyond_the_six(code: str, text: str) -> None:
    assert code in language.LANGUAGE_NAMES
    assert detect_language(text) == code


def test_detect_language_uses_lingua_for_a_short_phrase() -> None:
    assert detect_language("Wo ist der Bahnhof?") == "de"
    assert detect_language("Where is the station?") == "en"


# --- find_published_date --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("30. April 2025", datetime.date(2025, 4, 30)),
        ("30.04.2025", datetime.date(2025, 4, 30)),
        ("23. August 2025 09:01:19 MESZ", datetime.date(2025, 8, 23)),
        ("12. März 2025", datetime.date(2025, 3, 12)),
        ("12. Maerz 2025", datetime.date(2025, 3, 12)),
        ("4. Juli 2025", datetime.date(2025, 7, 4)),
        ("1. Mai 2024", datetime.date(2024, 5, 1)),
        ("April 30, 2025", datetime.date(2025, 4, 30)),
        ("30 April 2025", datetime.date(2025, 4, 30)),
        ("By Priya Raman, March 14, 2025", datetime.date(2025, 3, 14)),
        ("2025-04-30", datetime.date(2025, 4, 30)),
    ],
)
def test_find_published_date_reads_german_english_and_iso_dates(line: str, expected: datetime.date) -> None:
    text = f"Option\nHeim\nEin Titel mit mehreren Wörtern\n\n{line}\n172\n\n{GERMAN_PARAGRAPH}"
    assert find_published_date(text) == expected


def test_find_published_date_ignores_dates_in_the_reader_comments() -> None:
    text = (
        f"Ein Titel mit mehreren Wörtern\n\n{GERMAN_PARAGRAPH}\n\nKommentare (1)\n"
        f"RobertLewis\nRobertLewis 23. August 2025 09:01:19 MESZ\n\nGreat article."
    )
    assert find_published_date(text) is None


def test_find_published_date_only_looks_near_the_top() -> None:
    text = "Ein Titel mit mehreren Wörtern\n\n" + "\n".join([GERMAN_PARAGRAPH] * 20) + "\n\n30.04.2025"
    assert find_published_date(text) is None


def test_find_published_date_prefers_the_dateline_to_a_date_in_a_paragraph() -> None:
    text = (
        "Ein Titel mit mehreren Wörtern\n"
        "Der Bau hatte am 1. Februar 2024 begonnen und dauerte vierzehn Monate, länger als geplant.\n"
        "12. März 2025\n"
    )
    assert find_published_date(text) == datetime.date(2025, 3, 12)


def test_find_published_date_skips_impossible_dates() -> None:
    assert find_published_date("31.02.2025\nTitel\n2025-03-01") == datetime.date(2025, 3, 1)


# --- extract: fixtures ----------------------------------------------------------------------------------


def test_extract_scraped_german_page() -> None:
    page = extract_fixture("kraftwerk_scraped_de.txt")
    assert page.title == "Batteriespeicher Hagenried: Nordwerk verspricht 240 Megawattstunden für das Netz"
    assert page.published_on == datetime.date(2025, 3, 12)  # not a comment's 13 or 14 March
    assert page.language == "de"  # the three English reader comments do not count
    assert (page.author, page.site_name, page.url) == ("", "", "")
    # The text is stored as imported, crumbs and reader comments included: comments hold claims too.
    assert page.text.startswith("Option\nHeim\nNachricht\n")
    assert "the cells are from a recalled batch" in page.text


def test_extract_english_html_page_metadata() -> None:
    page = extract_fixture("report_en.html")
    assert page.title == "Hagenried grid battery: the 240 MWh claim and the rival next door"
    assert page.author == "Priya Raman"
    assert page.published_on == datetime.date(2025, 3, 14)
    assert page.site_name == "Northern Energy Review"
    assert page.url == "https://energy-review.example/2025/03/hagenried-grid-battery"
    assert page.language == "en"


def test_extract_html_keeps_the_article_and_the_reader_comments_but_no_markup() -> None:
    text = extract_fixture("report_en.html").text
    assert "The company says the plant stores 240 megawatt-hours" in text
    assert "Two hours at 120 MW is 240 MWh" in text  # a reader comment
    for leftover in ("<script", "alert(", "onerror", "injected paragraph", "font-family", "<img", "<p>"):
        assert leftover not in text
    assert "Subscribe" not in text  # navigation


def test_extract_markdown_notes() -> None:
    notes = extract_fixture("notes.md")
    assert notes.title == "Open questions on the Hagenried battery"
    assert notes.text.startswith("# Open questions on the Hagenried battery\n\nNordwerk says")  # kept as is
    assert "**240 MWh**" in notes.text
    assert notes.language == "en"


DEMO_ARTICLES = sorted(path for path in DEMO.iterdir() if path.name != "README.md")


@pytest.mark.parametrize("path", DEMO_ARTICLES, ids=lambda path: path.name)
def test_demo_articles_import_with_title_date_and_language(path: Path) -> None:
    article = extract(path.read_bytes(), kind=kind_for(path.name), name=path.name)
    assert article.title != path.stem
    assert article.published_on is not None
    assert article.language == ("de" if path.stem.endswith("_de") else "en")


# --- extract: rules and refusals ------------------------------------------------------------------------


def test_extract_normalises_the_text() -> None:
    article = extract(b"Ein Titel mit mehreren Wo\xcc\x88rtern\r\n\r\nText.\r\n", kind="text", name="a.txt")
    assert article.text == "Ein Titel mit mehreren Wörtern\n\nText.\n"
    assert article.title == "Ein Titel mit mehreren Wörtern"


def test_extract_uses_a_str_as_is_and_keeps_the_given_url() -> None:
    article = extract(f"Neuer Speicher am Netz\n\n{GERMAN_PARAGRAPH}", kind="text", url="https://x.example/a")
    assert article.text.startswith("Neuer Speicher am Netz\n\nDer Energieversorger")
    assert article.url == "https://x.example/a"


def test_extract_title_falls_back_to_the_file_name_then_untitled() -> None:
    assert extract(GERMAN_PARAGRAPH, kind="text", name="speicher-bericht.txt").title == "speicher-bericht"
    assert extract(GERMAN_PARAGRAPH, kind="text").title == "Untitled"


def test_extract_markdown_without_a_heading_guesses_the_title() -> None:
    article = extract(f"Home\nNeuer Speicher am Netz\n\n{GERMAN_PARAGRAPH}", kind="markdown", name="n.md")
    assert article.title == "Neuer Speicher am Netz"


@pytest.mark.parametrize(("data", "kind"), [(b"", "text"), (b" \n\n ", "markdown"), (b"  \r\n ", "html")])
def test_extract_refuses_an_empty_file_by_its_name(data: bytes, kind: str) -> None:
    with pytest.raises(ImportRefused) as excinfo:
        extract(data, kind=kind, name="leer.txt")
    assert (excinfo.value.code, excinfo.value.message) == ("empty", "leer.txt: the file is empty")


def test_extract_refuses_pasted_text_with_a_nul_character() -> None:
    with pytest.raises(ImportRefused) as excinfo:
        extract("Text\x00mit NUL", kind="text")
    assert excinfo.value.code == "binary"


def test_extract_refuses_an_unknown_kind() -> None:
    with pytest.raises(ImportRefused) as excinfo:
        extract(b"Hallo", kind="pdf", name="x.pdf")
    assert "html, text, markdown" in excinfo.value.message
    assert set(KINDS) == {"html", "text", "markdown"}


NO_SENTENCE = "the HTML holds no sentence, only menus, links, scripts or markup"


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><script>alert(1)</script></head><body><nav><a href='/'>Home</a> <a href='/news'>News</a>"
        "</nav><script>var x = 1;</script></body></html>",
        "<html><head><title>Menu</title><style>p{color:red}</style></head><body><ul><li><a href='/'>Home</a>"
        "</li><li><a href='/tech'>Tech</a></li></ul></body></html>",
        "<html><body></body></html>",
    ],
    ids=["scripts-and-nav", "link-list", "empty-body"],
)
def test_extract_refuses_html_without_readable_text(html: str) -> None:
    with pytest.raises(ImportRefused) as excinfo:
        extract(html.encode(), kind="html", name="page.html")
    assert excinfo.value.code == "no_text"
    assert excinfo.value.message == f"page.html: no readable text was found ({NO_SENTENCE})."

    # A paste is no file: the sentence speaks of the pasted text.
    with pytest.raises(ImportRefused) as excinfo:
        extract(html, kind="html", name="pasted text")
    assert excinfo.value.message == f"The pasted text has no readable text: {NO_SENTENCE}."


def test_extract_html_does_not_take_a_reader_comment_date_as_the_publication_date() -> None:
    html = (
        f"<html><head><title>Speicher am Netz</title></head><body><article><h1>Speicher am Netz</h1>"
        f"<p>{GERMAN_PARAGRAPH}</p></article><section id='comments'><h2>Kommentare (1)</h2>"
        "<div class='comment'><p>Anna, 23. August 2025 09:01</p><p>Sehr gut geschrieben, danke.</p></div>"
        "</section></body></html>"
    )
    article = extract(html, kind="html", name="page.html")
    assert "23. August 2025" in article.text
    assert article.published_on is None


def test_extract_html_given_as_a_str_with_an_xml_encoding_declaration() -> None:
    html = (
        "<?xml version='1.0' encoding='iso-8859-1'?><html><head><title>Speicher</title></head>"
        f"<body><article><p>{GERMAN_PARAGRAPH}</p></article></body></html>"
    )
    article = extract(html, kind="html", name="page.xhtml")
    assert article.text == GERMAN_PARAGRAPH
    assert article.language == "de"


def test_extract_html_in_cp1252_bytes_keeps_the_umlauts() -> None:
    html = f"<html><body><article><h1>Größter Speicher</h1><p>{GERMAN_PARAGRAPH}</p></article></body></html>"
    article = extract(html.encode("cp1252"), kind="html", name="alt.html")
    assert "Größter Speicher" in article.text
    assert "bemängelt" in article.text


# --- real pages refused for the wrong reasons (issue 13) ------------------------------------------------


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("<p>国家统计局今天发布数据，一季度国内生产总值同比增长百分之五点三。</p>", "zh"),
        ("<p>気象庁によりますと、台風十号は明日の朝、九州南部に上陸する見込みです。</p>", "ja"),
    ],
)
def test_chinese_and_japanese_pages_have_readable_text(body: str, code: str) -> None:
    # Words were counted by spaces, and these scripts put none between words.
    article = extract(
        f"<html><body><article>{body}</article></body></html>".encode(), kind="html", name="p.html"
    )
    assert article.text.strip() in body
    assert article.language == code


def test_a_page_with_stray_nul_bytes_in_an_ad_tag_imports_without_them() -> None:
    spanish = (
        "El Ayuntamiento aprobó ayer el nuevo plan de movilidad, que reducirá el tráfico en el centro "
        "histórico y ampliará las zonas peatonales a partir del próximo mes de septiembre."
    )
    # A real page's head: styles and scripts, a few kilobytes, beside which 22 NULs are a trace.
    head = "<head><style>.ad{display:none}</style>" + "<script>window.dataLayer.push({});</script>" * 60
    ad = f"<div class='ad'>{chr(0) * 22}</div>"
    html = f"<html>{head}</head><body>{ad}<article><p>{spanish}</p></article></body></html>"
    article = extract(html.encode(), kind="html", name="juicio.html")
    assert article.text == spanish
    assert article.language == "es"


def test_an_article_inside_nav_falls_back_to_recall_before_refusing() -> None:
    html = f"<html><body><nav><div><h1>Speicher</h1><p>{GERMAN_PARAGRAPH}</p></div></nav></body></html>"
    article = extract(html.encode(), kind="html", name="nav.html")
    assert GERMAN_PARAGRAPH in article.text


def test_a_french_ticker_page_gets_its_language() -> None:
    ticker = "\n".join(
        [
            "10h32 · Le Premier ministre annonce une réunion avec les syndicats cet après-midi.",
            "10h15 · La circulation reste perturbée sur la ligne B du RER.",
            "09h58 · Grève : 40 % des vols annulés à Orly selon la DGAC.",
        ]
    )
    assert extract(ticker, kind="text").language == "fr"


# --- The headline without the site's name --------------------------------------------------------------

CORPUS_PAGES = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "web-pages" / "pages"


@pytest.mark.parametrize(
    ("page", "title"),
    [
        ("zdnet.de.facebook.html", "Facebook wehrt sich gegen Maas-Gesetz"),  # "… | ZDNet.de"
        (
            "aerobuzz.de-bremen.html",
            "CAE bildet künftig Luftwaffen-Piloten in Bremen aus",
        ),  # "… - Aerobuzz.de"
        ("hoy.com-daran.html", "Darán bendición a vehículos este sábado"),  # "Diario HOY | …"
        (
            "aoc.media.archaisme.html",
            "Pour le néolibéralisme, la retraite est un archaïsme",
        ),  # a name with " - "
        # a part that only looks like a site, and a title that is the site's name, stay
        ("aclu.org-grades.html", "This County Criminalized Students for Bad Grades – Until Now"),
        (
            "economictimes.indiatimes.com.slideshow.html",
            "The iPhone SE is in India, here's all we know - Not a flagship",
        ),
        ("biathlonword.com-chinesisch.html", "International Biathlon Union - IBU"),
    ],
)
def test_a_pages_title_is_its_headline_without_the_sites_name(page: str, title: str) -> None:
    assert extract((CORPUS_PAGES / page).read_bytes(), kind="html", name=page).title == title


@pytest.mark.parametrize(
    ("title", "site_name", "url", "headline"),
    [
        ("Wurmkiste | selbst.de", "", "https://www.selbst.de/wurmkiste.html", "Wurmkiste"),
        ("Fünf HR-Trends 2023 | HR JOURNAL", "HR JOURNAL", "", "Fünf HR-Trends 2023"),
        ("Smart Glasses - Management Circle Blog", "", "https://www.management-circle.de/x", "Smart Glasses"),
        ("Webdesign - Tipps", "", "https://web.archive.org/web/2019/x", "Webdesign - Tipps"),
        ("Telebasel", "Telebasel", "https://telebasel.ch/", "Telebasel"),
        # a headline's subject that only begins the site's name stays
        (
            "Berlin - Mieten steigen weiter",
            "Berliner Zeitung",
            "https://www.berliner-zeitung.de/a",
            "Berlin - Mieten steigen weiter",
        ),
        (
            "Tesla - Neues Werk in Grünheide",
            "",
            "https://teslamag.de/news/a",
            "Tesla - Neues Werk in Grünheide",
        ),
        (
            "Berliner Mauer - 30 Jahre danach",
            "",
            "https://www.berlin.de/a",
            "Berliner Mauer - 30 Jahre danach",
        ),
    ],
)
def test_title_without_site(title: str, site_name: str, url: str, headline: str) -> None:
    assert title_without_site(title, site_name, url) == headline


def test_an_archived_copy_is_read_without_the_archives_toolbar() -> None:
    """The Wayback Machine's toolbar text had made this German article English."""
    page = "archive.ordnungsrausch.com.orga-life.html"
    found = extract((CORPUS_PAGES / page).read_bytes(), kind="html", name=page)
    assert "Alexa Internet" not in found.text
    assert found.text.startswith("Wenn der Tag mal wieder zu wenige Stunden hat")
    assert found.language == "de"


# --- A paywalled page: the lead it gives away ------------------------------------------------------------

_LEAD = "A senior prison official has said in a sworn affidavit that anyone determined to escape could do so."


def _paywalled_page(description: str) -> str:
    """A news page that shows its headline and lead, then a paywall, related headlines and a reply form."""
    related = "".join(
        f'<div><a href="/r{number}">Related headline {number} about another prison story</a></div>'
        for number in range(8)
    )
    return (
        f'<html><head><title>Prison official</title><meta property="og:description" content="{description}">'
        '</head><body><article><nav><a href="/">Home</a> <a href="/issues">Issues</a></nav>'
        '<h1>Prison official: anyone could escape</h1><div class="byline">By Jane Roe - May 4, 2022</div>'
        '<div class="share"><a href="#">Share</a> <a href="#">Facebook</a> <a href="#">Twitter</a></div>'
        f'<div class="content"><p>{_LEAD}</p><div id="paywall"></div></div>'
        f'<div class="related"><h4>Related articles</h4>{related}</div>'
        '<div class="reply"><h3>LEAVE A REPLY</h3><a href="/login">Log in to leave a comment</a></div>'
        "</article></body></html>"
    )


def test_a_paywalled_page_is_its_headline_and_lead_without_the_page_around_them() -> None:
    # trafilatura's rescue of the short find had made the whole <article> one line: menus, share
    # buttons, related headlines and the reply form around the lead.
    text = extract(_paywalled_page(_LEAD), kind="html").text
    assert text == f"Prison official: anyone could escape\n{_LEAD}"


def test_a_lead_the_pages_description_does_not_confirm_keeps_the_page_as_read() -> None:
    # A site's tagline says nothing of where its article is: nothing of what was read is dropped.
    text = extract(_paywalled_page("News from the islands, every day."), kind="html").text
    assert _LEAD in text
    assert "Related headline 7 about another prison story" in text


def test_the_paywalled_real_page_is_its_lead() -> None:
    page = "caymancompass.com-prison.html"
    found = extract((CORPUS_PAGES / page).read_bytes(), kind="html", name=page)
    assert found.text == (
        "A senior prison official has said in a sworn affidavit that “anyone with sufficient determination "
        "to escape” from Cayman’s prison could do so."
    )
    assert (found.title, found.author, found.published_on) == (
        "Prison official: ‘Anyone’ could escape from Northward",
        "James Whittaker",
        datetime.date(2022, 5, 4),
    )
