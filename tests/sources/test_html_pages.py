"""An HTML page read as trafilatura reads it (sources/html_pages.py): the same tree and the same metadata.

`html_pages` parses with a faster element class lookup and leaves out the metadata documents do not store.
These tests hold it to trafilatura's own `load_html` and `extract_metadata` on the real pages of
../shared/corpora/web-pages, so a trafilatura upgrade that changes either shows here.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import trafilatura
from lxml.html import tostring
from trafilatura.metadata import extract_author
from trafilatura.settings import set_date_params
from trafilatura.xpaths import AUTHOR_XPATHS

from sources import extraction, html_pages
from sources.decoding import decode

CORPUS_PAGES = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "web-pages" / "pages"


def corpus_pages(every: int) -> list[Path]:
    if not CORPUS_PAGES.is_dir():
        pytest.skip(f"the web-page corpus is not at {CORPUS_PAGES}")  # CI counts a skip as a failure
    return sorted(CORPUS_PAGES.glob("*.html"))[::every]


def page_html(path: Path) -> str:
    return decode(path.read_bytes(), name=path.name, html=True)


@pytest.mark.parametrize(
    "html",
    [
        "<!doctype html>\n<html><head><title>Title</title></head><body><p>One paragraph.</p></body></html>",
        # lxml refuses a str declaring its encoding: parsed from its bytes
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>Grüße aus Köln</p></body></html>",
        # broken markup trafilatura repairs: a doctype on the first line, control characters
        "<!DOCTYPE html PUBLIC '-//W3C//DTD XHTML 1.0//EN'><html><body><p>a\x0bb</p></body></html>",
        "<title>No html tag</title><p>A paragraph.</p><p>Another one.</p>",
        "<html>",
    ],
)
def test_a_page_parses_to_the_tree_trafilatura_would_build(html: str) -> None:
    assert tostring(html_pages.parse(html)) == tostring(trafilatura.load_html(html))


@pytest.mark.parametrize(
    "text", ["plain words, no markup at all", "<p>one fragment</p>", "<!-- a comment -->"]
)
def test_what_is_not_a_page_is_refused_as_trafilatura_refuses_it(text: str) -> None:
    assert trafilatura.load_html(text) is None
    assert html_pages.parse(text) is None


def test_the_real_pages_parse_to_the_trees_trafilatura_would_build() -> None:
    for path in corpus_pages(every=3):
        html = page_html(path)
        assert tostring(html_pages.parse(html)) == tostring(trafilatura.load_html(html)), path.name


def test_the_stated_metadata_of_real_pages_is_trafilaturas() -> None:
    pages = corpus_pages(every=3)
    differences, authors_found = [], 0
    for path in pages:
        tree = html_pages.parse(page_html(path))
        ours = html_pages.stated_metadata(tree)
        theirs = trafilatura.extract_metadata(tree, date_config=set_date_params(extensive=False))
        expected = (
            theirs.title or "",
            theirs.author or "",
            theirs.date or "",
            theirs.sitename or "",
            theirs.description or "",
        )
        if (ours.title, ours.author, ours.date, ours.site_name, ours.description) != expected:
            differences.append((path.name, ours, expected))
        authors_found += bool(ours.author)
    assert differences == []
    assert authors_found >= len(pages) // 3  # the comparison covered pages that state an author


def test_the_author_search_is_skipped_only_where_trafilatura_finds_no_author() -> None:
    skipped = 0
    for path in corpus_pages(every=1):
        tree = html_pages.parse(page_html(path))
        if not html_pages.may_name_an_author(tree):
            skipped += 1
            assert extract_author(tree) is None, path.name
    assert skipped >= 50  # the check skips real pages, not only none


def test_every_word_trafilaturas_author_search_looks_for_is_checked() -> None:
    # The quoted values of AUTHOR_XPATHS, alternatives split and regex classes such as "[Aa]" lowered: a
    # trafilatura upgrade that looks for a new word fails here rather than losing authors silently.
    quoted = [value for xpath in AUTHOR_XPATHS for value in re.findall(r"'([^']*)'", xpath.path)]
    words = {
        re.sub(r"\[(\w)\w\]", r"\1", word).replace("-?", "").lower()
        for value in quoted
        for word in value.split("|")
    }
    words -= {"me"}  # rel='me': a <rel> child, checked by element
    unchecked = sorted(w for w in words if not any(a in w for a in html_pages.AUTHOR_WORDS))
    assert unchecked == []


def test_reading_the_metadata_leaves_the_tree_as_it_was() -> None:
    # extraction reads the one tree for the metadata and for every extraction pass
    html = page_html(corpus_pages(every=1)[0])
    tree = html_pages.parse(html)
    before = tostring(tree)
    html_pages.stated_metadata(tree, "https://example.org/a/page")
    assert tostring(tree) == before


def test_pages_extracted_in_threads_at_once_come_out_as_one_at_a_time() -> None:
    # runserver and the embedded mode's in-process jobs extract in several threads at once, each thread with
    # its own lxml parser.
    pages = [path.read_bytes() for path in sorted(CORPUS_PAGES.iterdir())[:40]]
    one_at_a_time = [_extracted(page) for page in pages]
    with ThreadPoolExecutor(8) as pool:
        at_once = list(pool.map(_extracted, pages * 3))
    assert at_once == one_at_a_time * 3


def _extracted(page: bytes) -> tuple[str, str]:
    found = extraction.extract(page, kind="html", name="page.html")
    return found.title, found.text


# --- Drop caps ------------------------------------------------------------------------------------------

_REST_OF_THE_ARTICLE = (
    "<p>Travellers arriving from those places must self-isolate for 14 days, the minister said.</p>" * 3
)


def _first_line(article: str) -> str:
    html = f"<html><body><article>{article}{_REST_OF_THE_ARTICLE}</article></body></html>"
    return extraction.extract(html, kind="html").text.split("\n", 1)[0]


@pytest.mark.parametrize(
    ("article", "first_line"),
    [
        # the letter in an element of its own before the paragraph (standard.co.uk): it had been lost
        (
            '<span class="dropcap">T</span><p><a href="/t">urkey</a>, Poland and Saba are off the list.</p>',
            "Turkey, Poland and Saba are off the list.",
        ),
        # in a block of its own, or wrapped: it had been a line of its own ("T", then "urkey, …")
        (
            '<p class="initial">T</p><p>urkey, Poland and Saba are off the list.</p>',
            "Turkey, Poland and Saba are off the list.",
        ),
        (
            '<div class="dropcap"><span>T</span></div>\n<p>urkey, Poland and Saba are off the list.</p>',
            "Turkey, Poland and Saba are off the list.",
        ),
        # an opening quotation mark set large with the letter
        (
            '<span class="dropcap">„D</span><p>ie Liste wird heute geändert“, sagte der Minister.</p>',
            "„Die Liste wird heute geändert“, sagte der Minister.",
        ),
        # a one-letter word: the rest opens with its space
        (
            '<span class="dropcap">A</span><p> new list of travel corridors is out today.</p>',
            "A new list of travel corridors is out today.",
        ),
        # letter and word already on one line stay as they are
        (
            '<p><span class="dropcap">D</span>ie Liste wird heute geändert.</p>',
            "Die Liste wird heute geändert.",
        ),
        (
            "<p><b>A</b> <em>new list</em> of travel corridors is out today.</p>",
            "A new list of travel corridors is out today.",
        ),
    ],
    ids=[
        "before its paragraph",
        "its own block",
        "wrapped",
        "with a quotation mark",
        "a one-letter word",
        "inline",
        "inline word",
    ],
)
def test_a_drop_cap_is_read_as_the_first_letter_of_its_word(article: str, first_line: str) -> None:
    assert _first_line(article) == first_line


@pytest.mark.parametrize(
    ("article", "first_line"),
    [
        # a close button's "X", a capitalised label, a script: no word goes on from the letter
        ('<div class="close">X</div><div>Menu</div><p>The list of travel corridors is out today.</p>', "X"),
        ('<span class="icon">X</span><script>var shown = true;</script><p>The list is out today.</p>', "X"),
        # a letter that is a table cell's or a list item's value, and the next cell or item another one
        (
            "<table><tr><td>A</td><td>excellent, the top mark of the inspectors</td></tr>"
            "<tr><td>B</td><td>good, with a few things to mend</td></tr></table>",
            "| A | excellent, the top mark of the inspectors | ",  # trafilatura's table: not "| Aexcellent"
        ),
        (
            "<ul><li><span>C</span></li><li>carbon, as the periodic table writes it</li></ul>",
            "- C",  # not "- Ccarbon, …"
        ),
    ],
    ids=["a label", "a script", "a table's cell", "a list's item"],
)
def test_a_lone_letter_before_no_rest_of_a_word_stays_apart(article: str, first_line: str) -> None:
    assert _first_line(article) == first_line


def test_the_drop_cap_of_a_real_page_begins_its_article_again() -> None:
    [page] = [path for path in corpus_pages(every=1) if path.name == "standard.co.uk.caribbean.html"]
    text = extraction.extract(page.read_bytes(), kind="html", name=page.name).text
    assert (
        "\nTurkey, Poland and the Caribbean islands of Bonaire, St Eustatius and Saba have been removed"
        in text
    )
    assert "\nurkey" not in text
