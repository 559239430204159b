"""Scraped clutter set quieter in the reader (frontend/boilerplate.py, frontend/reader.render_text): the
lines a web page's controls leave in a pasted text are recognised by shape and control words, in several
languages, and marked with elements only, so the text and every offset stay exactly as stored.

Also checked on the 300 real pages of ../shared/corpora/web-pages: no line of their main text is quieted.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontend.boilerplate import boilerplate_lines, is_boilerplate
from frontend.reader import Span, render_text, segments

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "web-pages"


@pytest.mark.parametrize(
    "line",
    [
        "0/200",
        "12 / 2000 Zeichen",
        "(0/500)",
        "Back to top ↑",
        "↑ Nach oben",
        "Zurück nach oben",
        "Retour en haut de la page",
        "Torna su",
        "Volver arriba",
        "Naar boven",
        "Related articles",
        "Verwandte Beiträge",
        "Lesen Sie auch",
        "À lire aussi",
        "Leggi anche",
        "» Weiterlesen",
        "Share this story",
        "Artikel teilen",
        "Facebook",
        "- Anzeige -",
        "Advertisement",
        "Newsletter",
        "Jetzt abonnieren",
        "Antworten ↓",
        "Skip to main content",
        "Home / Politik / Ausland",
        "News › Tech › Chips",
    ],
)
def test_control_lines_are_boilerplate(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Der Rechner erreicht 300 Petaflops.",
        "Die Antwort des Herstellers",  # a heading
        "Kommentare (6)",  # the comment section's heading, which the reader uses
        "Share prices fell sharply on Monday.",
        "Print:",
        "Related to that, the ministry said it would act.",
        "Im Jahr 2024 / 2025 stieg der Absatz um 20 Prozent.",
        "Berlin, 3. März 2025",
        "",
    ],
)
def test_article_lines_are_not(line: str) -> None:
    assert not is_boilerplate(line)


def plain(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_quiet_lines_are_wrapped_without_changing_a_character() -> None:
    text = "Der Chip hat 4 Bit.\nVerwandter Artikel\nEr passt in ein Smartphone.\n0/200\nZurück nach oben"
    quiet = boilerplate_lines(text)
    assert [text[s:e] for s, e in quiet] == ["Verwandter Artikel", "0/200", "Zurück nach oben"]
    # A claim running from the first line into the clutter keeps its highlight across both pieces.
    html = render_text(text, segments(len(text), [Span(7, 4, 30)]), {7: "v-supported"}, quiet=quiet)
    assert plain(html) == text
    assert '<span class="bp">0/200</span>' in html
    assert '<span class="hl v-supported d1 bp" data-claims="7">Verwandter</span>' in html
    assert '<span class="hl v-supported d1" data-claims="7">Chip hat 4 Bit.\n</span>' in html


@given(
    st.lists(st.sampled_from(["Satz eins.", "0/200", "Teilen", "", "Nach oben", "🧠 Text", "Home / A / B"])),
    st.lists(st.tuples(st.integers(0, 80), st.integers(0, 80)), max_size=6),
)
def test_rendering_with_quiet_lines_keeps_the_text_for_any_claims(
    lines: list[str], raw_spans: list[tuple[int, int]]
) -> None:
    text = "\n".join(lines)
    spans = [Span(i + 1, min(a, b), max(a, b)) for i, (a, b) in enumerate(raw_spans)]
    html = render_text(text, segments(len(text), spans), {}, quiet=boilerplate_lines(text))
    assert plain(html) == text


def corpus_pages() -> list[tuple[str, str, list[str]]]:
    """Each corpus page as the plain text a person copying it gets (scripts and styles left out)."""
    pages = []
    for entry in json.loads((CORPUS / "index.json").read_text()):
        tree = lxml.html.fromstring((CORPUS / "pages" / entry["file"]).read_bytes())
        for element in tree.xpath("//script|//style|//noscript"):
            element.drop_tree()
        lines = "\n".join(line.strip() for line in tree.text_content().splitlines())
        text = re.sub(r"\n{3,}", "\n\n", lines).strip() + "\n"  # markup's blank lines, as a copy drops them
        pages.append((entry["file"], text, entry["with"]))
    return pages


def test_on_300_real_pages_no_main_text_is_quieted_and_much_clutter_is() -> None:
    quieted = 0
    for name, text, wanted in corpus_pages():
        quiet = boilerplate_lines(text)
        quieted += len(quiet)
        for start, end in quiet:
            for snippet in wanted:
                assert snippet.strip() not in text[start:end], (name, text[start:end])
    # Measured 2,201 lines on these pages: menus, share buttons, footers, comment forms.
    assert quieted > 1500
