"""Evaluate claim suggestions on labelled real web pages (tests/claims/assist_web_labels).

Pure Python, no Django, no database. Each labelled page is read from a folder of raw pages (the shared
web-page corpus; nothing of it is in the repository), extracted as an import does, and given to
`suggest_claims()`. A suggestion *matches* a labelled sentence when their spans overlap by at least half of
the shorter one (as in claims/assist/rules/evaluation.py). Measured, for any subset of the pages:

- precision (share of suggestions matching a label) and recall (share of labels matched);
- the junk share of the top five: of the (at most) five highest-scoring suggestions of each page, the share
  matching no label;
- how many pages without a labelled sentence got suggestions anyway.

Each result carries its labelling batch (batch 1's pages name none in labels.json), so that rules changed
after a batch was labelled can be measured on that batch apart, as unseen text, and its language, so that
German and English pages can be measured apart.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from claims.assist.rules.checkworthiness import ClaimSuggestion, suggest_claims
from sources.extraction import extract

LABELS_FILE = "labels.json"
TOP_K = 5
MIN_OVERLAP = 0.5
DEFAULT_LANGUAGE = "en"
FIRST_BATCH = 1


@dataclass(frozen=True)
class PageResult:
    """One page's labels and suggestions, as spans of its extracted text."""

    file: str
    kind: str  # "news" or "other"
    language: str  # as suggestions were made for it: the extracted page's, else the label's
    held_out: bool
    batch: int
    labels: tuple[tuple[int, int], ...]
    missing: tuple[str, ...]  # labelled sentences not found in the extracted text
    suggestions: tuple[ClaimSuggestion, ...]

    def matches(self, suggestion: ClaimSuggestion) -> bool:
        return any(_overlap(suggestion.start, suggestion.end, s, e) for s, e in self.labels)

    def found(self, label: tuple[int, int]) -> bool:
        return any(_overlap(label[0], label[1], s.start, s.end) for s in self.suggestions)

    @property
    def top(self) -> list[ClaimSuggestion]:
        return sorted(self.suggestions, key=lambda s: (-s.score, s.start))[:TOP_K]


@dataclass(frozen=True)
class PageFigures:
    """Figures over a set of pages."""

    pages: int
    suggestions: int
    matched_suggestions: int
    labels: int
    found_labels: int
    top: int
    top_junk: int
    empty_pages: int
    empty_pages_with_suggestions: int

    @property
    def precision(self) -> float:
        return self.matched_suggestions / self.suggestions if self.suggestions else 1.0

    @property
    def recall(self) -> float:
        return self.found_labels / self.labels if self.labels else 1.0

    @property
    def junk_share(self) -> float:
        return self.top_junk / self.top if self.top else 0.0

    def line(self, title: str) -> str:
        return (
            f"{title}: {self.pages} pages; precision {self.precision:.3f} "
            f"({self.matched_suggestions}/{self.suggestions}), recall {self.recall:.3f} "
            f"({self.found_labels}/{self.labels}); top-{TOP_K} junk {self.junk_share:.3f} "
            f"({self.top_junk}/{self.top}); pages without check-worthy sentences that got suggestions "
            f"{self.empty_pages_with_suggestions}/{self.empty_pages}"
        )


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    shared = min(a_end, b_end) - max(a_start, b_start)
    return shared > 0 and shared >= MIN_OVERLAP * min(a_end - a_start, b_end - b_start)


@dataclass(frozen=True)
class LabelledPage:
    """A labelled page as imported: its extracted text and its labels located in it."""

    file: str
    kind: str  # "news" or "other"
    language: str  # the extracted page's, else the label's
    held_out: bool
    batch: int
    text: str
    labels: tuple[tuple[int, int], ...]
    missing: tuple[str, ...]  # labelled sentences not found in the extracted text

    def is_labelled(self, start: int, end: int) -> bool:
        """Whether a span of the text matches a labelled sentence (as a suggestion matches one)."""
        return any(_overlap(start, end, s, e) for s, e in self.labels)

    def result(self, suggestions: Iterable[ClaimSuggestion]) -> PageResult:
        return PageResult(
            self.file,
            self.kind,
            self.language,
            self.held_out,
            self.batch,
            self.labels,
            self.missing,
            tuple(suggestions),
        )


def load_pages(
    labels_dir: str | Path, pages_dir: str | Path, *, leave_out_batches: Collection[int] = ()
) -> list[LabelledPage]:
    """Every labelled page but those of `leave_out_batches` (left unread: a measurement set), extracted,
    with its labels located in the text."""
    data = json.loads((Path(labels_dir) / LABELS_FILE).read_text(encoding="utf-8"))
    pages = []
    for page in data["pages"]:
        if int(page.get("batch", FIRST_BATCH)) in leave_out_batches:
            continue
        raw = (Path(pages_dir) / page["file"]).read_bytes()
        extracted = extract(raw, kind="html", name=page["file"])
        text = extracted.text
        spans, missing = [], []
        for sentence in page["checkworthy"]:
            start = text.find(sentence)
            if start < 0:
                missing.append(sentence)
            else:
                spans.append((start, start + len(sentence)))
        pages.append(
            LabelledPage(
                page["file"],
                page["kind"],
                extracted.language or page.get("language") or DEFAULT_LANGUAGE,
                bool(page["held_out"]),
                int(page.get("batch", FIRST_BATCH)),
                text,
                tuple(spans),
                tuple(missing),
            )
        )
    return pages


def evaluate_pages(labels_dir: str | Path, pages_dir: str | Path) -> list[PageResult]:
    """Suggestions on every labelled page, with the labels located in the page's extracted text."""
    return [
        page.result(suggest_claims(page.text, page.language)) for page in load_pages(labels_dir, pages_dir)
    ]


def figures(results: Iterable[PageResult]) -> PageFigures:
    """Precision, recall and top-5 junk over the given pages."""
    results = list(results)
    top = [(result, s) for result in results for s in result.top]
    empty = [result for result in results if not result.labels and not result.missing]
    return PageFigures(
        pages=len(results),
        suggestions=sum(len(r.suggestions) for r in results),
        matched_suggestions=sum(r.matches(s) for r in results for s in r.suggestions),
        labels=sum(len(r.labels) for r in results),
        found_labels=sum(r.found(label) for r in results for label in r.labels),
        top=len(top),
        top_junk=sum(not r.matches(s) for r, s in top),
        empty_pages=len(empty),
        empty_pages_with_suggestions=sum(bool(r.suggestions) for r in empty),
    )


def report_lines(results: list[PageResult], *, verbose: bool = False) -> list[str]:
    """Figures for news and other pages: written on, then the held-out pages of each batch apart; then
    (verbose) every page."""
    parts = [("rules written on", [r for r in results if not r.held_out])]
    for batch in sorted({r.batch for r in results if r.held_out}):
        parts.append((f"held out, batch {batch}", [r for r in results if r.held_out and r.batch == batch]))
    lines = []
    for part, chosen in parts:
        for kind in ("news", "other"):
            lines.append(figures(r for r in chosen if r.kind == kind).line(f"{kind}, {part}"))
    lines.append(figures(results).line("all"))
    if verbose:
        for result in results:
            held_out = ", held out" if result.held_out else ""
            lines.append(f"== {result.file} ({result.kind}, batch {result.batch}{held_out})")
            lines.extend(f"   MISSING LABEL {sentence[:80]}" for sentence in result.missing)
            for s in result.top:
                mark = "ok  " if result.matches(s) else "JUNK"
                lines.append(f"   {mark} {s.score:.2f} {s.exact[:100]!r} {'; '.join(s.reasons)}")
            for label in result.labels:
                if not result.found(label):
                    lines.append(f"   MISSED {label}")
    return lines
