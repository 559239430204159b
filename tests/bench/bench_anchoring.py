"""Benchmark: `reanchor_all` on 10,000 spans of a ~50 KB article after an edit; spans/s and outcomes.

Case 1 inserts and deletes a few sentences, so almost every quote survives exactly (target ≥ 5,000 spans/s).
Case 2 puts a typo or a changed word into most sentences, so most quotes need fuzzy matching
(target ≥ 500 spans/s). Texts are generated from a fixed seed, so runs are comparable.
"""

from __future__ import annotations

import random
import time
from collections import Counter

from rapidfuzz.distance import Levenshtein

from sources.anchoring import Anchor, Reanchored, anchor_from_offsets, reanchor_all

SPANS = 10_000
TEXT_CHARS = 50_000

VOCABULARY = (
    "der die das und ist nicht mit von für auf sagte laut Prozent Millionen Rechenzentrum Beschleuniger "
    "Chip Speicher Strom Netz Hersteller Leistung Kapazität Bericht Unternehmen erreicht mehr als weniger "
    "neue System Petaflops Grafikkarte Modell Rack Kühlung Energiebedarf Anbieter Kunden Markt Analysten "
    "Entwicklung Prozessor Architektur Preis Quartal Umsatz Wachstum Forschung Training Inferenz Daten "
    "schneller günstiger effizienter vorgestellt angekündigt geliefert geplant bisher bereits jedoch "
    "außerdem zudem etwa rund knapp über unter seit während nach vor Jahr Woche Montag Berlin München"
)
WORDS = VOCABULARY.split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
    if rng.random() < 0.5:
        words.insert(rng.randrange(len(words)), f"{rng.randint(2, 900)} {rng.choice(['TOPS', 'Watt', 'GB'])}")
    # The separator belongs to the sentence, so inserting one does not move every later paragraph break.
    text = " ".join(words)
    return text[0].upper() + text[1:] + (".\n\n" if rng.random() < 0.2 else ". ")


def article(rng: random.Random) -> list[str]:
    sentences: list[str] = []
    while sum(len(s) + 1 for s in sentences) < TEXT_CHARS:
        sentences.append(sentence(rng))
    return sentences


def join(sentences: list[str]) -> str:
    return "".join(sentences).rstrip()


def spans(rng: random.Random, text: str) -> list[Anchor]:
    """Quotes of 20 to 120 characters from word start to word end, as an editor's selection would be."""
    starts = [i for i in range(len(text)) if text[i] != " " and (i == 0 or text[i - 1] in " \n")]
    anchors = []
    while len(anchors) < SPANS:
        start = rng.choice(starts)
        end = start + rng.randint(20, 120)
        if end > len(text):
            continue
        while text[end - 1] in " \n":
            end -= 1
        anchors.append(anchor_from_offsets(text, start, end))
    return anchors


def typo(rng: random.Random, sentence: str) -> str:
    """One light edit: a changed word (of the vocabulary) or a mistyped letter; numbers are left alone."""
    words = sentence.split(" ")
    # Only plain words: the sentence's end stays as it is.
    index = rng.choice([i for i, word in enumerate(words) if word.isalpha()])
    if rng.random() < 0.5:
        words[index] = rng.choice(WORDS)
    else:
        word = words[index]
        at = rng.randrange(len(word))
        words[index] = word[:at] + rng.choice("aeinrst") + word[at + 1 :]
    return " ".join(words)


def run(label: str, anchors: list[Anchor], new_text: str) -> list[Reanchored]:
    started = time.perf_counter()
    results = reanchor_all(anchors, new_text)
    elapsed = time.perf_counter() - started
    outcomes = Counter(result.method for result in results)
    print(
        f"{label}: {len(anchors)} spans in {elapsed:.2f} s = {len(anchors) / elapsed:,.0f} spans/s; "
        f"exact {outcomes['exact']}, fuzzy {outcomes['fuzzy']}, orphaned {outcomes['orphaned']}; "
        f"mean confidence of matches {mean_confidence(results):.3f}"
    )
    return results


def mean_confidence(results: list[Reanchored]) -> float:
    matched = [result.confidence for result in results if not result.orphaned]
    return sum(matched) / max(1, len(matched))


def misplaced(anchors: list[Anchor], results: list[Reanchored], old: list[str], new: list[str]) -> int:
    """Matches more than a word away from where the edits moved the passage (sentence by sentence truth)."""
    moved = [0] * (sum(map(len, old)) + 1)
    old_at = new_at = 0
    for before, after in zip(old, new, strict=True):
        for tag, src_start, src_end, dest_start, _ in Levenshtein.opcodes(before, after):
            for i in range(src_start, src_end):
                kept = tag in ("equal", "replace")
                moved[old_at + i] = new_at + (dest_start + i - src_start if kept else dest_start)
        old_at, new_at = old_at + len(before), new_at + len(after)
    count = 0
    for anchor, result in zip(anchors, results, strict=True):
        if result.anchor is not None:
            start, end = moved[anchor.start], moved[anchor.end - 1] + 1
            # An edited word at the quote's edge moves that edge a little; that is not a wrong place.
            count += abs(result.anchor.start - start) > 12 or abs(result.anchor.end - end) > 12
    return count


def main() -> None:
    rng = random.Random(20240601)
    sentences = article(rng)
    text = join(sentences)
    anchors = spans(rng, text)
    print(f"anchoring: {len(text):,} characters, {len(anchors):,} spans")

    # Case 1: a few sentences inserted and deleted; the quotes that remain survive exactly.
    edited = list(sentences)
    for _ in range(5):
        edited.insert(rng.randrange(len(edited)), sentence(rng))
    for _ in range(3):
        del edited[rng.randrange(len(edited))]
    run("  sentences inserted/deleted", anchors, join(edited))

    # Case 2: every sentence gets one to three light edits, so most quotes contain one.
    edited = []
    for s in sentences:
        for _ in range(rng.randint(1, 3)):
            s = typo(rng, s)
        edited.append(s)
    results = run("  most quotes lightly edited", anchors, join(edited))
    wrong = misplaced(anchors, results, sentences, edited)
    print(f"    of the matches, {wrong} are not where the edits put the passage")


if __name__ == "__main__":
    main()
