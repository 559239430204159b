"""Evidence across German and English as an editor meets it: an English reader comment proposed for a
German claim that shares no word with it as written, through the real search (PostgreSQL full-text
search, BM25) and the dictionary's translations (claims/assist/rules/bilingual.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from claims.assist import passages
from claims.assist.models import EvidenceSuggestion
from tests.factories import editor

pytestmark = pytest.mark.django_db

MARKET = """Neues aus der Altstadt

Die Bäckerei am Marktplatz backt jeden Morgen frisches Brot aus Roggenmehl. Der Stadtrat berät am Montag
über den Umbau des Platzes.
"""
COMMENTS = """Comments on the market square story

I walk past it daily: the bakery on the market square bakes fresh rye bread every morning.
The bakery on the market square closes early on Sundays, though.
Parking in the old town is a nightmare.
"""
RESTATED = "I walk past it daily: the bakery on the market square bakes fresh rye bread every morning."
CLAIM = "Die Bäckerei am Marktplatz backt jeden Morgen frisches Brot aus Roggenmehl."


def test_an_english_comment_is_found_for_a_german_claim(imported: Callable) -> None:
    market = imported(MARKET, title="Marktplatz", language="de")
    comments = imported(COMMENTS, title="Comments", language="en")
    start = market.text.index(CLAIM)

    found = passages.passages_search(passages.ClaimText(CLAIM, "de", market.pk, start, start + len(CLAIM)))

    assert found[0].document_id == comments.pk
    assert "bakes fresh rye bread" in found[0].text
    assert not any("Parking" in f.text for f in found)  # nothing in common, in either language


def test_the_restatement_is_proposed_as_supporting_and_the_topic_as_context(
    imported: Callable, marked: Callable
) -> None:
    market = imported(MARKET, title="Marktplatz", language="de")
    comments = imported(COMMENTS, title="Comments", language="en")

    bakery = marked(market, editor("anna"), CLAIM)

    proposed = {s.exact: s for s in EvidenceSuggestion.objects.filter(claim=bakery, document=comments)}
    restated = proposed[RESTATED]
    assert restated.stance == "supports"
    assert any("much the same words" in reason for reason in restated.reasons)
    assert proposed["The bakery on the market square closes early on Sundays, though."].stance == "context"
