"""Claim suggestions on real web pages they were not written for (claims/assist/pages.py on
tests/claims/assist_web_labels, reading the pages from the shared corpus beside the clone).

Measured before the rules were changed for these pages (issue 17), and after:

                         precision        recall           top-5 junk      empty pages suggested
    news, written on     0.779 → 0.870    0.500 → 0.755    0.184 → 0.088   –
    other, written on    0.444 → 0.458    0.421 → 0.500    0.643 → 0.471   2/3 → 1/5
    news, held out       0.773 → 0.750    0.459 → 0.568    0.227 → 0.231   –
    other, held out      0.000 → 0.000    –                1.000 → 1.000   3/3 → 1/3

"Written on" are the pages the rules were changed looking at: 21 of batch 1, then the 14 of batch 2,
which were first measured unseen (news precision 0.830, recall 0.449, top-5 junk 0.171; 2/2 empty pages
got suggestions) and only then written on. The 9 held-out pages of batch 1 were fixed before any change
(see the labels' README) and only their totals were looked at. The floors sit a little under the figures
reached.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.assist.pages import PageResult, evaluate_pages, figures

LABELS = Path(__file__).parents[1] / "assist_web_labels"
PAGES = Path(__file__).resolve().parents[4] / "shared" / "corpora" / "web-pages" / "pages"


@pytest.fixture(scope="module")
def results() -> list[PageResult]:
    assert PAGES.is_dir(), f"the shared web-page corpus is expected beside the clone, at {PAGES}"
    return evaluate_pages(LABELS, PAGES)


def _part(results: list[PageResult], kind: str, *, held_out: bool) -> list[PageResult]:
    return [r for r in results if r.kind == kind and r.held_out == held_out]


def test_the_labels_are_found_in_the_pages_as_imported(results: list[PageResult]) -> None:
    labels = sum(len(r.labels) + len(r.missing) for r in results)
    missing = [sentence for r in results for sentence in r.missing]
    assert labels >= 250 and len(results) == 44
    # An import change may re-split a sentence or two; more than that means the labels need a look.
    assert len(missing) <= 0.05 * labels, missing


def test_news_pages_the_rules_were_written_on(results: list[PageResult]) -> None:
    news = figures(_part(results, "news", held_out=False))
    assert news.precision >= 0.84, news.line("news")
    assert news.recall >= 0.72, news.line("news")
    assert news.junk_share <= 0.12, news.line("news")


def test_other_pages_the_rules_were_written_on(results: list[PageResult]) -> None:
    other = figures(_part(results, "other", held_out=False))
    assert other.precision >= 0.40, other.line("other")
    assert other.junk_share <= 0.50, other.line("other")
    assert other.empty_pages >= 5
    assert other.empty_pages_with_suggestions <= 1, other.line("other")


def test_held_out_news_pages(results: list[PageResult]) -> None:
    news = figures(_part(results, "news", held_out=True))
    assert news.precision >= 0.70, news.line("held-out news")
    assert news.recall >= 0.55, news.line("held-out news")
    assert news.junk_share <= 0.25, news.line("held-out news")


def test_a_recipe_gets_no_suggestions(results: list[PageResult]) -> None:
    recipe = next(r for r in results if r.file == "backen.de.maulwurfkuchen.html")
    assert not recipe.labels and recipe.suggestions == ()
