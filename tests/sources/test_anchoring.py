"""Anchoring spans as position + quote selectors, UTF-16 offsets, and re-anchoring (sources/anchoring.py)."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from sources.anchoring import (
    CONFIDENCE_THRESHOLD,
    CONTEXT_CHARS,
    Anchor,
    AnchorError,
    anchor_from_offsets,
    anchor_from_quote,
    codepoint_to_utf16,
    reanchor,
    reanchor_all,
    utf16_to_codepoint,
)

ARTICLE = (
    "Berlin. Der Hersteller hat am Montag sein neues Rack-System vorgestellt. Laut Unternehmen erreicht "
    "das System 300 Petaflops bei voller Auslastung. Analysten sprechen von einer rack-scale Lösung, die "
    "vor allem für große Rechenzentren gedacht ist. Ein Leser schrieb, es habe eine 4-Bit-Architektur.\n\n"
    "Die Auslieferung soll im dritten Quartal beginnen; der Preis wurde nicht genannt."
)
CLAIM = "erreicht das System 300 Petaflops"

VOCABULARY = (
    "der die das und ist nicht mit von für auf sagte laut Prozent Millionen Rechenzentrum Beschleuniger "
    "Chip Speicher Strom Netz Hersteller Leistung Kapazität Bericht Unternehmen erreicht mehr als weniger "
    "neue System Petaflops Grafikkarte Modell Rack Kühlung Energiebedarf Anbieter Kunden Markt Analysten "
    "Entwicklung Prozessor Architektur Preis Quartal Umsatz Wachstum Forschung Training Inferenz Daten "
    "schneller günstiger effizienter vorgestellt angekündigt geliefert geplant bisher bereits jedoch "
    "außerdem zudem etwa rund knapp über unter seit während nach vor Jahr Woche Montag Berlin München "
    "the chip reaches more than record power grid operator said according report company first output"
)
WORDS = VOCABULARY.split()
FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 16))]
    if rng.random() < 0.4:
        words.insert(rng.randrange(len(words)), f"{rng.randint(2, 999)} {rng.choice(['TOPS', 'Watt', '%'])}")
    if rng.random() < 0.1:
        words.append(rng.choice(["🧠", "👩\u200d💻", "Café"]))
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice([". ", ". ", ". ", ".\n\n"])


def article(seed: int, sentences: int) -> str:
    """Generated article text: random words make a quote of a few words (nearly) unique, like real prose."""
    rng = random.Random(seed)
    return "".join(sentence(rng) for _ in range(sentences)).rstrip()


def repetitive_article(seed: int, sentences: int) -> str:
    """Sentences drawn from a pool of three, so most quotes occur several times."""
    rng = random.Random(seed)
    pool = [sentence(rng) for _ in range(3)]
    return "".join(rng.choice(pool) for _ in range(sentences)).rstrip()


articles = st.builds(article, st.integers(0, 2**32 - 1), st.integers(4, 14))
seeds = st.integers(0, 2**32 - 1)


def word_span(text: str, rng: random.Random, shortest: int, longest: int) -> tuple[int, int] | None:
    """A span from a word's start to a word's end, as an editor selects, or None if the text is too short."""
    starts = [m.start() for m in re.finditer(r"(?<!\S)\S", text)]
    ends = [m.end() for m in re.finditer(r"\S(?!\S)", text)]
    rng.shuffle(starts)
    for start in starts:
        fitting = [end for end in ends if shortest <= end - start <= longest]
        if fitting:
            return start, rng.choice(fitting)
    return None


# --- anchor_from_offsets ----------------------------------------------------------------------------------


def test_anchor_from_offsets_fills_in_the_quote_with_32_characters_of_context() -> None:
    start = ARTICLE.index(CLAIM)
    anchor = anchor_from_offsets(ARTICLE, start, start + len(CLAIM))
    assert anchor == Anchor(
        start=start,
        end=start + len(CLAIM),
        exact=CLAIM,
        prefix=ARTICLE[start - CONTEXT_CHARS : start],
        suffix=ARTICLE[start + len(CLAIM) : start + len(CLAIM) + CONTEXT_CHARS],
    )
    assert len(anchor.prefix) == len(anchor.suffix) == 32


def test_context_is_shorter_at_the_edges_of_the_text() -> None:
    first = anchor_from_offsets(ARTICLE, 0, 7)
    assert (first.exact, first.prefix) == ("Berlin.", "")
    last = anchor_from_offsets(ARTICLE, len(ARTICLE) - 8, len(ARTICLE))
    assert (last.exact, last.suffix) == ("genannt.", "")
    assert anchor_from_offsets("abc", 1, 2) == Anchor(1, 2, "b", "a", "c")


def test_anchor_from_offsets_accepts_the_quote_the_editor_saw() -> None:
    start = ARTICLE.index(CLAIM)
    assert anchor_from_offsets(ARTICLE, start, start + len(CLAIM), exact=CLAIM).exact == CLAIM


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (10, 5, "offsets 10\u20135 are not in order"),
        (10, 10, "offsets 10\u201310 select nothing"),
        (-1, 5, "start -1 is before the start of the text"),
        (10, 900, f"end 900 is past the end of the text ({len(ARTICLE)} characters)"),
        (1.5, 3, "offsets must be whole numbers, not 1.5"),
    ],
)
def test_bad_offsets_are_refused_with_what_is_wrong(start: int, end: int, message: str) -> None:
    with pytest.raises(AnchorError) as refused:
        anchor_from_offsets(ARTICLE, start, end)
    assert message in str(refused.value)


def test_offsets_and_quote_that_disagree_are_refused() -> None:
    with pytest.raises(AnchorError) as refused:
        anchor_from_offsets(ARTICLE, 0, 7, exact="Hamburg")
    assert str(refused.value) == "the quote 'Hamburg' does not match the text at 0\u20137 ('Berlin.')"


def test_a_long_quote_is_shortened_in_the_message() -> None:
    with pytest.raises(AnchorError) as refused:
        anchor_from_offsets(ARTICLE, 0, 100, exact="x" * 200)
    assert "x" * 59 + "…'" in str(refused.value)
    assert len(str(refused.value)) < 200


# --- anchor_from_quote ------------------------------------------------------------------------------------


def test_anchor_from_quote_finds_the_offsets() -> None:
    anchor = anchor_from_quote(ARTICLE, CLAIM)
    assert ARTICLE[anchor.start : anchor.end] == CLAIM
    assert anchor == anchor_from_offsets(ARTICLE, anchor.start, anchor.end)


def test_a_quote_that_is_not_in_the_text_is_refused() -> None:
    with pytest.raises(AnchorError, match=r"^the quote was not found in the text$"):
        anchor_from_quote(ARTICLE, "erreicht 180 Petaflops")
    with pytest.raises(AnchorError, match="the quote is empty"):
        anchor_from_quote(ARTICLE, "")


def test_prefix_and_suffix_choose_between_occurrences() -> None:
    text = "Erstens: das System. Zweitens: das System. Drittens: das System."
    second = anchor_from_quote(text, "das System", prefix="Zweitens: ", suffix=". Drittens")
    assert second.start == text.index("Zweitens: ") + len("Zweitens: ")
    # Without context or hint, the first occurrence (as the Hypothesis client does).
    assert anchor_from_quote(text, "das System").start == text.index("das System")


def test_the_hint_chooses_between_occurrences_with_the_same_context() -> None:
    text = "ab x ab x ab x ab"
    starts = [m.start() for m in re.finditer("x", text)]
    for start in starts:
        assert anchor_from_quote(text, "x", prefix="ab ", suffix=" ab", hint=start + 1).start == start


# --- UTF-16 offsets ---------------------------------------------------------------------------------------


def test_emoji_count_twice_in_utf16() -> None:
    text = "a🧠b"
    assert [codepoint_to_utf16(text, i) for i in range(4)] == [0, 1, 3, 4]
    assert [utf16_to_codepoint(text, i) for i in (0, 1, 3, 4)] == [0, 1, 2, 3]


def test_a_zwj_sequence_is_several_code_points_and_each_may_be_a_boundary() -> None:
    text = "x👩\u200d💻y"  # woman, zero width joiner, laptop: one glyph, three code points, five UTF-16 units
    assert [codepoint_to_utf16(text, i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 6, 7]
    assert utf16_to_codepoint(text, 4) == 3


def test_combining_marks_are_code_points_of_their_own() -> None:
    text = "Cafe\u0301!"  # "Café" with a combining acute accent: no surrogates, so the counts agree
    assert [codepoint_to_utf16(text, i) for i in range(len(text) + 1)] == list(range(len(text) + 1))
    assert utf16_to_codepoint(text, 4) == 4


@pytest.mark.parametrize(("text", "offset"), [("a🧠b", 2), ("x👩\u200d💻y", 2), ("x👩\u200d💻y", 5)])
def test_a_utf16_offset_inside_a_surrogate_pair_is_refused(text: str, offset: int) -> None:
    with pytest.raises(AnchorError, match=f"UTF-16 offset {offset} falls inside a surrogate pair"):
        utf16_to_codepoint(text, offset)


def test_offsets_outside_the_text_are_refused_in_both_directions() -> None:
    with pytest.raises(
        AnchorError, match=r"UTF-16 offset 5 is past the end of the text \(4 UTF-16 code units\)"
    ):
        utf16_to_codepoint("a🧠b", 5)
    with pytest.raises(AnchorError, match="UTF-16 offset -1 is before the start"):
        utf16_to_codepoint("a🧠b", -1)
    with pytest.raises(AnchorError, match="offset 4 is outside the text, which has 3 characters"):
        codepoint_to_utf16("a🧠b", 4)


# --- reanchor: unit cases ---------------------------------------------------------------------------------


def claim_anchor(text: str = ARTICLE, quote: str = CLAIM) -> Anchor:
    return anchor_from_quote(text, quote)


def test_an_unchanged_text_keeps_every_span_exactly() -> None:
    result = reanchor(claim_anchor(), ARTICLE)
    assert (result.anchor, result.confidence, result.method, result.orphaned) == (
        claim_anchor(),
        1.0,
        "exact",
        False,
    )


def test_a_span_moves_with_text_inserted_before_it() -> None:
    new_text = "Vorbemerkung der Redaktion: korrigiert. " + ARTICLE
    result = reanchor(claim_anchor(), new_text)
    assert result.method == "exact" and result.confidence == 1.0
    assert result.anchor == anchor_from_offsets(
        new_text, new_text.index(CLAIM), new_text.index(CLAIM) + len(CLAIM)
    )


def test_an_exact_quote_in_changed_context_is_a_bit_less_certain() -> None:
    new_text = ARTICLE.replace("Laut Unternehmen", "Nach eigenen Angaben").replace(
        "bei voller", "unter voller"
    )
    result = reanchor(claim_anchor(), new_text)
    assert result.method == "exact" and result.anchor is not None
    assert result.anchor.exact == CLAIM
    assert result.anchor.prefix.endswith("Nach eigenen Angaben ")
    assert CONFIDENCE_THRESHOLD < result.confidence < 1.0


def test_a_typo_fix_in_the_quote_is_followed_fuzzily() -> None:
    new_text = ARTICLE.replace("300 Petaflops", "300 PetaFLOPS")
    result = reanchor(claim_anchor(), new_text)
    assert result.method == "fuzzy" and result.anchor is not None
    assert result.anchor.exact == "erreicht das System 300 PetaFLOPS"
    assert CONFIDENCE_THRESHOLD <= result.confidence < 1.0


def test_a_deleted_quote_is_orphaned() -> None:
    new_text = ARTICLE.replace(
        " Laut Unternehmen erreicht das System 300 Petaflops bei voller Auslastung.", ""
    )
    result = reanchor(claim_anchor(), new_text)
    assert (result.anchor, result.confidence, result.method, result.orphaned) == (None, 0.0, "orphaned", True)


def test_a_rewritten_quote_is_orphaned_even_with_its_context_intact() -> None:
    new_text = ARTICLE.replace(CLAIM, "liefert die Anlage 300 Petaflops")
    assert reanchor(claim_anchor(), new_text).orphaned


# A quote whose number changed states a different claim. "erreicht 300 Petaflops" and "erreicht 180 Petaflops"
# differ in 2 of 22 characters, so similarity alone would call them the same span. The rule: a fuzzy match
# must keep the quote's numbers, so such a span is orphaned for an editor to confirm, whether the number
# was changed in place or the sentence was deleted and a look-alike remains elsewhere.


def test_a_changed_number_in_place_orphans_the_claim() -> None:
    new_text = ARTICLE.replace("300 Petaflops", "180 Petaflops")
    assert reanchor(claim_anchor(), new_text).orphaned


def test_a_look_alike_passage_elsewhere_is_not_taken_when_the_original_is_gone() -> None:
    text = ARTICLE + " Der Konkurrent erreicht 180 Petaflops im Test."
    old = claim_anchor(text, "erreicht das System 300 Petaflops")
    new_text = text.replace(" Laut Unternehmen erreicht das System 300 Petaflops bei voller Auslastung.", "")
    assert reanchor(old, new_text).orphaned
    # Without numbers in the quote, a near-copy of its words in another sentence is still refused: the
    # quote alone is close (one letter differs), but the context around it is not.
    old = claim_anchor(text, "erreicht das System")
    look_alike = new_text.replace("Der Konkurrent erreicht 180", "Der Konkurrent erreicht das Systen mit 180")
    assert "erreicht das System" not in look_alike
    assert reanchor(old, look_alike).orphaned
    assert not reanchor(old, look_alike, threshold=0.5).orphaned  # what a lax threshold would have done


def test_a_changed_word_in_a_long_claim_with_its_numbers_is_followed() -> None:
    quote = "Laut Unternehmen erreicht das System 300 Petaflops bei voller Auslastung"
    new_text = ARTICLE.replace("bei voller", "unter voller")
    result = reanchor(claim_anchor(quote=quote), new_text)
    assert result.method == "fuzzy" and result.anchor is not None
    assert result.anchor.exact == quote.replace("bei voller", "unter voller")


def test_the_threshold_decides_what_is_close_enough() -> None:
    new_text = ARTICLE.replace("300 Petaflops", "300 PetaFLOPS")
    assert not reanchor(claim_anchor(), new_text).orphaned
    assert reanchor(claim_anchor(), new_text, threshold=0.95).orphaned
    with pytest.raises(ValueError, match="threshold must be between 0 and 1"):
        reanchor(claim_anchor(), new_text, threshold=75)


def test_an_empty_new_text_orphans_everything() -> None:
    assert reanchor(claim_anchor(), "").orphaned


def test_reanchor_all_keeps_the_order_and_uses_how_the_text_moved() -> None:
    # The quote sits in a paragraph that occurs twice, with the same context both times; the span is in
    # the second copy. After a long insertion at the top, the old position is nearer the first copy, but
    # the spans around it show the text moved, so the batch picks the second copy.
    repeated = "Die Kühlung des neuen Rechenzentrums arbeitet mit Wasser aus dem nahen Fluss und ist sparsam."
    text = (
        f"Einleitung über Rechenzentren. {repeated} Ein Satz dazwischen, der mehrere Zeilen füllt. "
        f"{repeated} Schluss mit einem Fazit zu den Kosten der Anlage."
    )
    second = text.rindex("arbeitet mit Wasser")
    span = anchor_from_offsets(text, second, second + len("arbeitet mit Wasser"))
    neighbours = [
        anchor_from_quote(text, "Ein Satz dazwischen"),
        anchor_from_quote(text, "Schluss mit einem"),
    ]
    new_text = "Neu: " + "ein sehr langer Vorspann " * 4 + text

    alone = reanchor(span, new_text)
    assert alone.anchor is not None and alone.anchor.start == new_text.index("arbeitet mit Wasser")
    together = reanchor_all([neighbours[0], span, neighbours[1]], new_text)
    assert [r.anchor.exact for r in together if r.anchor] == [
        "Ein Satz dazwischen",
        span.exact,
        "Schluss mit einem",
    ]
    assert together[1].anchor is not None and together[1].anchor.start == new_text.rindex(
        "arbeitet mit Wasser"
    )


# --- properties -------------------------------------------------------------------------------------------


@FAST
@given(st.builds(repetitive_article, seeds, st.integers(3, 12)) | articles, st.randoms(use_true_random=False))
def test_offsets_to_quote_and_back_give_the_same_offsets(text: str, rng: random.Random) -> None:
    start = rng.randrange(len(text))
    end = rng.randint(start + 1, min(len(text), start + 80))
    anchor = anchor_from_offsets(text, start, end)
    again = anchor_from_quote(text, anchor.exact, prefix=anchor.prefix, suffix=anchor.suffix, hint=start)
    assert again == anchor


@FAST
@given(st.text(min_size=1), st.data())
def test_offsets_to_quote_and_back_on_any_text(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    anchor = anchor_from_offsets(text, start, end)
    assert (
        anchor_from_quote(text, anchor.exact, prefix=anchor.prefix, suffix=anchor.suffix, hint=start)
        == anchor
    )


unicode_texts = st.lists(
    st.sampled_from(["a", "ß", " ", "\n", "🧠", "👩\u200d💻", "e\u0301", "中", "\U0001d518", "\u200d"])
    | st.characters(exclude_categories=["Cs"]),  # stored text is valid Unicode: no lone surrogates
    max_size=40,
).map("".join)


@FAST
@given(unicode_texts)
def test_utf16_offsets_round_trip(text: str) -> None:
    for offset in range(len(text) + 1):
        utf16 = codepoint_to_utf16(text, offset)
        assert utf16 == len(text[:offset].encode("utf-16-le")) // 2
        assert utf16_to_codepoint(text, utf16) == offset
    # Every other UTF-16 offset is the middle of an astral character.
    boundaries = {codepoint_to_utf16(text, offset) for offset in range(len(text) + 1)}
    for middle in set(range(len(text.encode("utf-16-le")) // 2)) - boundaries:
        with pytest.raises(AnchorError, match="inside a surrogate pair"):
            utf16_to_codepoint(text, middle)


def edit_outside(text: str, start: int, end: int, rng: random.Random, edits: int) -> tuple[str, int]:
    """Apply random insertions, deletions and replacements away from the span and its context.

    Returns the new text and where the span now starts.
    """
    margin = CONTEXT_CHARS + 8
    for _ in range(edits):
        before = start - margin > 0 and (end + margin >= len(text) or rng.random() < 0.5)
        low, high = (0, start - margin) if before else (end + margin, len(text))
        if low >= high:
            continue
        at = rng.randint(low, high)
        removed = rng.randint(0, min(60, high - at)) if rng.random() < 0.7 else 0
        inserted = sentence(rng) if rng.random() < 0.7 else ""
        text = text[:at] + inserted + text[at + removed :]
        if before:
            start, end = start + len(inserted) - removed, end + len(inserted) - removed
    return text, start


@FAST
@given(articles, st.randoms(use_true_random=False), st.integers(1, 6))
def test_edits_away_from_a_span_keep_it_exactly_at_its_shifted_place(
    text: str, rng: random.Random, edits: int
) -> None:
    span = word_span(text, rng, 3, 100)
    assume(span is not None)
    old = anchor_from_offsets(text, *span)
    new_text, new_start = edit_outside(text, *span, rng, edits)
    result = reanchor(old, new_text)
    assert result.method == "exact" and result.confidence == 1.0
    assert result.anchor is not None and result.anchor.exact == old.exact
    # Where the edits created another copy of the quote with its whole context, either copy is right.
    if new_text.count(old.prefix + old.exact + old.suffix) == 1:
        assert result.anchor.start == new_start


@FAST
@given(articles, st.randoms(use_true_random=False), st.sampled_from(["quote", "sentence", "replace"]))
def test_a_deleted_quote_with_no_copy_left_is_orphaned(text: str, rng: random.Random, how: str) -> None:
    span = word_span(text, rng, 25, 90)
    assume(span is not None)
    start, end = span
    old = anchor_from_offsets(text, start, end)
    if how == "sentence":  # the quote and the rest of its sentences
        start = text.rfind(". ", 0, start) + 1
        end = (text.find(". ", end) + 1) or len(text)
    new_text = text[:start] + (sentence(rng) if how == "replace" else "") + text[end:]
    assume(old.exact not in new_text)
    assert reanchor(old, new_text).orphaned


@FAST
@given(articles, st.randoms(use_true_random=False), st.integers(1, 4))
def test_a_match_is_never_much_unlike_the_quote(text: str, rng: random.Random, edits: int) -> None:
    span = word_span(text, rng, 8, 100)
    assume(span is not None)
    old = anchor_from_offsets(text, *span)
    new_text = text
    for _ in range(edits):  # edits in and around the quote: words, letters, whole sentences
        at = rng.randint(max(0, old.start - 20), min(len(new_text), old.end + 20))
        removed = rng.randint(0, 12)
        inserted = rng.choice([rng.choice(WORDS), rng.choice("abcxyz0123 "), "", sentence(rng)])
        new_text = new_text[:at] + inserted + new_text[at + removed :]
    result = reanchor(old, new_text)
    event(result.method)  # --hypothesis-show-statistics: all three outcomes occur
    if result.anchor is None:
        return
    new = result.anchor
    assert new == anchor_from_offsets(new_text, new.start, new.end)
    # The quote alone must pass the threshold (context cannot carry it) and keep its numbers; rapidfuzz's
    # normalised Levenshtein similarity divides by the longer string, so it is at least that score.
    assert Levenshtein.normalized_similarity(old.exact, new.exact) >= CONFIDENCE_THRESHOLD
    assert re.findall(r"\d+", old.exact) == re.findall(r"\d+", new.exact)
    assert CONFIDENCE_THRESHOLD <= result.confidence <= 1.0
    assert (result.method == "exact") == (new.exact == old.exact)


@FAST
@given(articles, st.randoms(use_true_random=False), st.booleans())
def test_a_light_edit_inside_a_long_quote_is_followed_in_place(
    text: str, rng: random.Random, typo: bool
) -> None:
    span = word_span(text, rng, 60, 140)
    assume(span is not None)
    old = anchor_from_offsets(text, *span)
    inner = [m for m in re.finditer(r"[^\W\d]+", old.exact) if m.start() > 0 and m.end() < len(old.exact)]
    assume(len(inner) >= 3)
    word = rng.choice(inner[1:-1])
    if typo:
        at = rng.randrange(word.start(), word.end())
        replacement = old.exact[word.start() : at] + "x" + old.exact[at + 1 : word.end()]
    else:
        replacement = rng.choice([w for w in WORDS if w != word.group()])
    at, until = old.start + word.start(), old.start + word.end()
    new_text = text[:at] + replacement + text[until:]
    assume(old.exact not in new_text)
    result = reanchor(old, new_text)
    assert result.method == "fuzzy" and result.anchor is not None
    delta = len(replacement) - (until - at)
    assert (result.anchor.start, result.anchor.end) == (old.start, old.end + delta)
    assert CONFIDENCE_THRESHOLD <= result.confidence < 1.0
