"""The reader through Django's test client, and its segmentation (frontend/reader.py) as pure functions.

The page must show the stored text exactly (line breaks kept, nothing imported rendered as HTML), every
claim as highlighted segments in text order (overlapping and nested ones too), and the marking and
linking UI only to editors.
"""

from __future__ import annotations

import itertools
import re
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from claims import services as claim_services
from claims.models import Claim
from claims.verdicts import claims_score
from frontend.reader import (
    CommentBlock,
    Segment,
    Span,
    comment_blocks,
    render_text,
    segments,
    utf16_offsets,
    verdict_tone,
)
from tests.factories import PublisherFactory, claim, document, editor, evidence, reader

XSS = "<script>alert(1)</script>\n<img src=x onerror=alert(2)>\n"
TEXT = (
    "Der Rechner erreicht 300 Petaflops.\n"
    "\n"
    "Das sagte der Hersteller am Montag in Berlin.\n"
    "Ein Leser meint, es sei nur ein Smartphone. 🧠\n"
)


# --- Segmentation: pure ----------------------------------------------------------------------------------


def covering(spans: list[Span], at: int) -> set[int]:
    return {span.id for span in spans if span.start <= at < span.end}


def test_text_without_claims_is_one_plain_segment() -> None:
    assert segments(12, []) == [Segment(0, 12, ())]
    assert segments(0, []) == []


def test_disjoint_claims_leave_the_text_between_them_plain() -> None:
    parts = segments(20, [Span(1, 2, 5), Span(2, 10, 12)])
    assert [(p.start, p.end, p.spans) for p in parts] == [
        (0, 2, ()),
        (2, 5, (1,)),
        (5, 10, ()),
        (10, 12, (2,)),
        (12, 20, ()),
    ]


def test_nested_claims_list_the_outer_claim_first_and_go_deeper() -> None:
    parts = segments(10, [Span(7, 3, 4), Span(5, 0, 10), Span(6, 2, 6)])
    assert [(p.start, p.end, p.spans) for p in parts] == [
        (0, 2, (5,)),
        (2, 3, (5, 6)),
        (3, 4, (5, 6, 7)),
        (4, 6, (5, 6)),
        (6, 10, (5,)),
    ]
    assert max(p.depth for p in parts) == 3


def test_crossing_claims_share_the_overlap() -> None:
    parts = segments(15, [Span(2, 5, 15), Span(1, 0, 10)])
    assert [(p.start, p.end, p.spans) for p in parts] == [(0, 5, (1,)), (5, 10, (1, 2)), (10, 15, (2,))]


def test_a_claim_starting_where_another_ends_does_not_overlap_it() -> None:
    parts = segments(6, [Span(1, 0, 3), Span(2, 3, 6)])
    assert [p.spans for p in parts] == [(1,), (2,)]


def test_same_span_twice_and_same_start_put_the_longer_and_older_outside() -> None:
    parts = segments(8, [Span(9, 0, 4), Span(3, 0, 4), Span(4, 0, 8)])
    assert parts[0] == Segment(0, 4, (4, 3, 9))


def test_spans_outside_the_text_or_empty_are_left_out_not_misplaced() -> None:
    parts = segments(10, [Span(1, 4, 4), Span(2, 8, 12), Span(3, -1, 2), Span(4, 1, 3)])
    assert [(p.start, p.end, p.spans) for p in parts] == [(0, 1, ()), (1, 3, (4,)), (3, 10, ())]


spans_strategy = st.lists(
    st.tuples(st.integers(0, 40), st.integers(1, 15)).map(lambda t: (t[0], t[0] + t[1])), max_size=25
)


@given(spans_strategy)
def test_segments_tile_the_text_and_list_exactly_the_claims_covering_them(
    pairs: list[tuple[int, int]],
) -> None:
    length = 50
    spans = [Span(i + 1, start, min(end, length)) for i, (start, end) in enumerate(pairs) if start < length]
    parts = segments(length, spans)
    assert parts[0].start == 0 and parts[-1].end == length
    for before, after in itertools.pairwise(parts):
        assert before.end == after.start and before.start < before.end
    for part in parts:
        for at in (part.start, part.end - 1):
            assert set(part.spans) == covering(spans, at)
        # Outermost first: starts never decrease along the list.
        starts = [next(s.start for s in spans if s.id == i) for i in part.spans]
        assert starts == sorted(starts)


def test_rendering_escapes_the_text_and_keeps_it_exactly() -> None:
    text = "<b>Fett</b> & 🧠\nzweite Zeile"
    html = render_text(text, segments(len(text), [Span(1, 0, 11), Span(2, 3, 15)]), {1: "v-supported"})
    assert "<b>" not in html
    assert unescape(re.sub(r"<[^>]+>", "", html)) == text
    assert '<span class="hl v-supported d1" data-claims="1">&lt;b&gt;</span>' in html
    # The innermost claim (2) has no verdict yet: its tone is empty, the class list stays well formed.
    assert 'data-claims="1 2"' in html


def test_verdict_tones_come_from_the_fixed_vocabulary_only() -> None:
    assert verdict_tone("mostly_contradicted") == "v-mostly_contradicted"
    assert verdict_tone(None) == "v-unverified"
    assert verdict_tone('x" onmouseover="alert(1)') == "v-unverified"


def test_utf16_offsets_count_an_emoji_twice() -> None:
    text = "a🧠b🚀c"
    assert utf16_offsets(text, [0, 1, 2, 3, 4, 5]) == [0, 1, 3, 4, 6, 7]
    assert utf16_offsets("plain", [0, 5]) == [0, 5]


def test_comment_blocks_name_each_commenter() -> None:
    body = "Der Artikel. " * 20 + "\n\n"
    text = (
        body + "Kommentare (2)\n0/200\nRalphEvans\nRalphEvans 4. August 2025 08:48:52 MESZ\n\n"
        "Das Ding hat eine 4-Bit-Architektur.\n\njane_doe on March 3, 2025\n\nSounds like hype.\n"
    )
    blocks = comment_blocks(text)
    assert [block.author for block in blocks] == ["", "RalphEvans", "jane_doe"]
    claim_at = text.index("4-Bit-Architektur")
    assert next(b for b in blocks if b.start <= claim_at < b.end).author == "RalphEvans"
    assert blocks[1].start == text.index("RalphEvans\n")  # the name line above the byline belongs to it
    assert blocks[-1].end == len(text)


def test_a_text_without_a_comment_section_has_no_comment_blocks() -> None:
    assert comment_blocks("Ein Artikel ohne Kommentare am Ende, nur Text.\n" * 10) == []
    text = "x" * 300 + "\nComments\nNo byline here, just words.\n"
    assert comment_blocks(text) == [CommentBlock(301, len(text), "")]


# --- The page ----------------------------------------------------------------------------------------------


@pytest.fixture
def ines(db: None) -> object:
    return editor("ines")


@pytest.fixture
def client_editor(ines: object) -> Client:
    client = Client()
    client.force_login(ines)
    return client


@pytest.fixture
def client_reader(db: None) -> Client:
    client = Client()
    client.force_login(reader("rolf"))
    return client


def article_text(html: str) -> str:
    """The reader's text pane: its markup and its text as the browser sees it."""
    found = re.search(r'<div class="article-text[^"]*" id="article-text"[^>]*>(.*?)</div>', html, re.S)
    assert found, "no text pane"
    return found.group(1)


def plain(markup: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", markup))


def panel_claim_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<li class="claim-item" id="claim-(\d+)"', html)]


def test_the_reader_needs_signing_in(db: None) -> None:
    doc = document(TEXT, title="Rechner")
    response = Client().get(f"/documents/{doc.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_text_is_shown_exactly_with_its_line_breaks(client_editor: Client) -> None:
    doc = document(TEXT, title="Rechner")
    html = client_editor.get(f"/documents/{doc.pk}/").content.decode()
    assert plain(article_text(html)) == TEXT
    assert "Rechner" in html


def test_claims_are_highlighted_and_listed_in_text_order(client_editor: Client, ines: object) -> None:
    doc = document(TEXT, title="Rechner")
    # Marked out of order: the panel still lists them as they occur in the text.
    later = claim(
        doc, ines, "Das sagte der Hersteller am Montag", speaker="Hersteller", speaker_role="quoted"
    )
    first = claim(doc, ines, "300 Petaflops")
    html = client_editor.get(f"/documents/{doc.pk}/").content.decode()
    text = article_text(html)
    assert f'data-claims="{first.pk}">300 Petaflops</span>' in text
    assert f'data-claims="{later.pk}">Das sagte der Hersteller am Montag</span>' in text
    assert panel_claim_ids(html) == [first.pk, later.pk]
    assert "Hersteller · Quoted person" in html
    assert plain(text) == TEXT


def test_nested_and_overlapping_claims_are_all_visible(client_editor: Client, ines: object) -> None:
    doc = document(TEXT, title="Rechner")
    sentence = claim(doc, ines, "Der Rechner erreicht 300 Petaflops.")
    number = claim(doc, ines, "300 Petaflops")
    crossing = claim(doc, ines, "Petaflops.\n\nDas sagte")
    html = client_editor.get(f"/documents/{doc.pk}/").content.decode()
    text = article_text(html)
    # "300 " lies in two claims, "Petaflops" in three, "." in two again, then the crossing claim alone.
    assert f'd2" data-claims="{sentence.pk} {number.pk}">300 </span>' in text
    assert f'd3" data-claims="{sentence.pk} {number.pk} {crossing.pk}">Petaflops</span>' in text
    assert f'd2" data-claims="{sentence.pk} {crossing.pk}">.</span>' in text
    assert f'd1" data-claims="{crossing.pk}">\n\nDas sagte</span>' in text
    assert panel_claim_ids(html) == [sentence.pk, number.pk, crossing.pk]
    assert plain(text) == TEXT


def test_highlights_take_the_colour_of_the_verdict(client_editor: Client, ines: object) -> None:
    doc = document(TEXT, title="Rechner")
    source = document("Es sind nur 30 Petaflops, sagt der Test.\n", title="Test", publisher="Labor")
    number = claim(doc, ines, "300 Petaflops")
    evidence(number, source, ines, exact="nur 30 Petaflops", stance="contradicts")
    claims_score([number.pk])  # the job a worker runs after the commit (tests here never commit)
    html = client_editor.get(f"/documents/{doc.pk}/").content.decode()
    assert 'class="hl v-mostly_contradicted d1"' in article_text(html)
    assert '<span class="verdict verdict-mostly_contradicted">Mostly contradicted</span>' in html


def test_imported_markup_is_shown_as_text_and_runs_nothing(client_editor: Client, ines: object) -> None:
    doc = document(XSS + "Der Rest.\n", title=XSS.strip())
    claim(doc, ines, "<img src=x onerror=alert(2)>", speaker="<b>Mallory</b>", statement="<i>x</i>")
    response = client_editor.get(f"/documents/{doc.pk}/")
    html = response.content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>Mallory" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert plain(article_text(html)) == XSS + "Der Rest.\n"
    assert "&lt;b&gt;Mallory&lt;/b&gt;" in html
    # Scripts only from files, no inline style or handlers, and a CSP that forbids inline code.
    assert all("src=" in tag for tag in re.findall(r"<script\b[^>]*>", html))
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"<[^>]*\son[a-z]+=", html)
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_a_javascript_url_is_not_made_a_link(client_editor: Client) -> None:
    doc = document(TEXT, title="Rechner")
    doc.url = "javascript:alert(1)"
    doc.save(update_fields=["url"])
    assert 'href="javascript' not in client_editor.get(f"/documents/{doc.pk}/").content.decode()


def test_readers_see_claims_but_no_marking_or_linking_ui(
    client_reader: Client, client_editor: Client, ines: object
) -> None:
    doc = document(TEXT, title="Rechner")
    number = claim(doc, ines, "300 Petaflops")
    for_reader = client_reader.get(f"/documents/{doc.pk}/").content.decode()
    assert f'data-claims="{number.pk}"' in for_reader
    assert 'data-can-edit="false"' in for_reader
    for marker in ('id="claim-popover"', 'id="mark-button"', 'id="evidence-popover"', "Select text to mark"):
        assert marker not in for_reader
        assert marker in client_editor.get(f"/documents/{doc.pk}/").content.decode()
    detail = client_reader.get(f"/documents/{doc.pk}/claims/{number.pk}/").content.decode()
    assert "Link evidence" not in detail
    assert "Link evidence" in client_editor.get(f"/documents/{doc.pk}/claims/{number.pk}/").content.decode()


def test_only_the_evidence_creator_gets_edit_and_remove(client_reader: Client, ines: object) -> None:
    doc = document(TEXT, title="Rechner")
    source = document("Es sind nur 30 Petaflops, sagt der Test.\n", title="Test")
    number = claim(doc, ines, "300 Petaflops")
    item = evidence(number, source, ines, exact="nur 30 Petaflops", stance="contradicts", note="Labortest")
    url = f"/documents/{doc.pk}/claims/{number.pk}/"
    other = Client()
    other.force_login(editor("otto"))
    owner = Client()
    owner.force_login(ines)
    mine = owner.get(url).content.decode()
    assert f'id="evidence-{item.pk}"' in mine and 'data-action="evidence-remove"' in mine
    assert "Labortest" in mine and "nur 30 Petaflops" in mine
    for someone_else in (other, client_reader):
        theirs = someone_else.get(url).content.decode()
        assert "Labortest" in theirs
        assert 'data-action="evidence-remove"' not in theirs and 'data-action="evidence-edit"' not in theirs


def test_the_page_costs_the_same_queries_for_5_or_60_claims(client_editor: Client, ines: object) -> None:
    words = [f"Satz {n} sagt etwas." for n in range(60)]
    doc = document(" ".join(words) + "\n", title="Viele")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client_editor.get(f"/documents/{doc.pk}/").status_code == 200
        return len(captured)

    for word in words[:5]:
        claim(doc, ines, word)
    few = queries()
    for word in words[5:]:
        claim(doc, ines, word)
    assert queries() == few


def test_orphaned_claims_are_listed_apart_and_not_highlighted(client_editor: Client, ines: object) -> None:
    doc = document(TEXT, title="Rechner", url="https://example.org/rechner")
    kept = claim(doc, ines, "300 Petaflops")
    lost = claim(doc, ines, "am Montag in Berlin")
    document(TEXT.replace("am Montag in Berlin", "gestern"), url="https://example.org/rechner")
    claim_services.document_reanchor(document_id=doc.pk)
    assert Claim.objects.get(pk=lost.pk).orphaned
    html = client_editor.get(f"/documents/{doc.pk}/").content.decode()
    assert f'data-claims="{kept.pk}"' in article_text(html)
    assert f'data-claims="{lost.pk}"' not in article_text(html)
    assert "Not placed in this revision" in html and f'id="claim-{lost.pk}"' in html


def test_comment_blocks_are_given_in_utf16_offsets(client_editor: Client) -> None:
    text = "🧠 " * 120 + "\n\nKommentare (1)\nRalphEvans 4. August 2025 08:48\n\nEin Smartphone-Chip.\n"
    doc = document(text, title="Mit Kommentar")
    html = client_editor.get(f"/documents/{doc.pk}/").content.decode()
    byline = text.index("RalphEvans")
    found = re.search(r'<li data-start="(\d+)" data-end="(\d+)">RalphEvans</li>', html)
    assert found and int(found.group(1)) == byline + 120  # each emoji before it counts twice
    assert int(found.group(2)) == len(text) + 120


def test_speaker_names_used_in_the_document_are_offered(client_editor: Client, ines: object) -> None:
    doc = document(TEXT, title="Rechner")
    claim(doc, ines, "300 Petaflops", speaker="Ada Berg", speaker_role="quoted")
    html = client_editor.get(f"/documents/{doc.pk}/").content.decode()
    assert '<datalist id="speaker-names"><option value="Ada Berg"></option></datalist>' in html


def test_pending_claims_say_scoring_and_their_summaries_can_be_polled(
    client_editor: Client, ines: object
) -> None:
    doc = document(TEXT, title="Rechner")
    number = claim(doc, ines, "300 Petaflops")
    other = claim(doc, ines, "Das sagte")
    Claim.objects.filter(pk=number.pk).update(scoring_pending_since="2026-01-05T10:00:00Z")
    html = client_editor.get(f"/documents/{doc.pk}/").content.decode()
    assert re.search(rf'id="claim-summary-{number.pk}"[^>]*data-pending', html)
    response = client_editor.get(f"/documents/{doc.pk}/claim-summaries/?ids={number.pk},{other.pk}")
    summaries = response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    assert summaries.count('class="claim-summary"') == 2 and "scoring…" in summaries
    assert client_editor.get(f"/documents/{doc.pk}/claim-summaries/?ids=").status_code == 400
    # Another document's claim is not answered under this one.
    elsewhere = document("Anderer Text.\n", title="Anders")
    assert (
        "claim-summary"
        not in client_editor.get(
            f"/documents/{elsewhere.pk}/claim-summaries/?ids={number.pk}"
        ).content.decode()
    )


def test_parts_bring_the_new_text_and_panel(client_editor: Client, ines: object) -> None:
    doc = document(TEXT, title="Rechner")
    number = claim(doc, ines, "300 Petaflops")
    html = client_editor.get(f"/documents/{doc.pk}/parts/").content.decode()
    assert f'data-claims="{number.pk}"' in article_text(html)
    assert 'id="claim-list"' in html and f'id="claim-{number.pk}"' in html
    assert '<span class="count" id="claim-count">1</span>' in html


def test_claim_detail_shows_verdict_breakdown_and_evidence(client_editor: Client, ines: object) -> None:
    PublisherFactory(name="Labor", domain="labor.example", reliability=0.8)
    doc = document(TEXT, title="Rechner")
    source = document(
        "Es sind nur 30 Petaflops, sagt der Test.\n",
        title="Test",
        publisher="Labor",
        url="https://labor.example/t",
    )
    number = claim(doc, ines, "300 Petaflops", statement="Der Rechner schafft 300 Petaflops.")
    evidence(number, source, ines, exact="nur 30 Petaflops", stance="contradicts")
    evidence(number, document("Ein Hintergrund.\n", title="Hintergrund"), ines, stance="context")
    claims_score([number.pk])
    html = client_editor.get(f"/documents/{doc.pk}/claims/{number.pk}/").content.decode()
    assert "Der Rechner schafft 300 Petaflops." in html
    assert "Mostly contradicted" in html
    assert "passage in Labor, contradicts, publisher reliability 0.8" in html
    assert "Whole document" in html and "Hintergrund" in html
    assert client_editor.get(f"/documents/{source.pk}/claims/{number.pk}/").status_code == 404


def test_search_finds_documents_by_title_and_text_with_a_snippet(client_editor: Client, ines: object) -> None:
    doc = document(TEXT, title="Rechner")
    number = claim(doc, ines, "300 Petaflops")
    document("Vorspann. " * 20 + "Das System ist eine Rack-Lösung mit 300 Petaflops.\n", title="Im Test")
    document("Nichts dazu.\n", title="Rack-Lösung im Überblick")
    document("Ganz anderes Thema.\n", title="Wetter")
    html = client_editor.get("/documents/search/", {"q": "rack-lösung", "claim": number.pk}).content.decode()
    assert "Im Test" in html and "Rack-Lösung im Überblick" in html and "Wetter" not in html
    assert "…Vorspann." in html and "<strong>Rack-Lösung</strong>" in html
    assert f"/documents/{doc.pk + 1}/source/?claim={number.pk}" in html
    assert "Wetter" in client_editor.get("/documents/search/", {"claim": number.pk}).content.decode()
    assert client_editor.get("/documents/search/", {"q": "x"}).status_code == 400
    for not_an_id in ("²", "99999999999999999999"):  # no number, no bigint: told, not a server error
        assert client_editor.get("/documents/search/", {"q": "x", "claim": not_an_id}).status_code == 400
    nothing = client_editor.get("/documents/search/", {"q": "<b>zzz", "claim": number.pk}).content.decode()
    assert "No document has “<bdi>&lt;b&gt;zzz</bdi>”" in nothing


def test_source_pane_shows_the_text_with_linked_passages(
    client_editor: Client, client_reader: Client, ines: object
) -> None:
    PublisherFactory(name="Labor", reliability=0.8)
    doc = document(TEXT, title="Rechner")
    text = "Es sind nur 30 Petaflops, sagt der Test.\n<script>alert(1)</script>\n"
    source = document(text, title="Test", publisher="Labor")
    number = claim(doc, ines, "300 Petaflops")
    item = evidence(number, source, ines, exact="nur 30 Petaflops", stance="contradicts")
    html = client_editor.get(f"/documents/{source.pk}/source/?claim={number.pk}").content.decode()
    assert f'<span class="ev s-contradicts d1" data-evidence="{item.pk}">nur 30 Petaflops</span>' in html
    pane = re.search(r'id="source-text"[^>]*>(.*?)</div>', html, re.S).group(1)
    assert plain(pane) == text and "<script>" not in pane
    assert "Link whole document" in html and "reliability 0.8" in html
    assert (
        "Link whole document"
        not in client_reader.get(f"/documents/{source.pk}/source/?claim={number.pk}").content.decode()
    )
    assert client_editor.get(f"/documents/{source.pk}/source/").status_code == 400
    assert client_editor.get(f"/documents/{source.pk}/source/?claim=%C2%B2").status_code == 400
