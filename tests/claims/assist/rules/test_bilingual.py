"""claims/assist/rules/bilingual.py: German ↔ English terms read from Debian's FreeDict dictionary, so a
restatement in the other language is read as saying the same, and a passage that only shares the topic
stays context."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from claims.assist.rules import bilingual
from claims.assist.rules.bilingual import FREEDICT_DEU_ENG, english_terms, german_terms, translated_terms
from claims.assist.rules.stance import propose_stance

BAKERY = "Die Bäckerei am Marktplatz backt jeden Morgen frisches Brot aus Roggenmehl."
BAKERY_EN = "The bakery on the market square bakes fresh rye bread every morning."
BAKERY_HOURS_EN = "The bakery on the market square closes early on Sundays."
ZOO = "Der Zoo hat im Winter zwei junge Elefanten bekommen."
ZOO_EN = "Two young elephants arrived at the zoo this winter."
ZOO_TICKETS_EN = "The zoo sells its tickets online."


def _forget() -> None:
    bilingual._table.cache_clear()
    bilingual._lookup.cache_clear()


@pytest.fixture
def no_dictionary(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setattr(bilingual, "FREEDICT_DEU_ENG", tmp_path / "freedict-deu-eng.dict.dz")
    _forget()
    yield
    monkeypatch.undo()
    _forget()


def test_the_debian_dictionary_is_installed_and_read() -> None:
    # make test / the Dockerfile install dict-freedict-deu-eng; without it nothing is translated.
    assert FREEDICT_DEU_ENG.is_file(), "apt-get install dict-freedict-deu-eng"
    assert "elephant" in english_terms("Elefanten")  # a plural, as the dictionary lists it
    assert "bakery" in english_terms("Bäckerei")
    assert "bread" in english_terms("Brot")
    assert "elefant" in german_terms("elephants")
    assert "brot" in german_terms("bread")


def test_a_compound_the_dictionary_lacks_is_translated_by_its_head() -> None:
    assert not bilingual._lookup("w", "roggenbrotbackerei")
    assert "bakery" in english_terms("Roggenbrotbäckerei")


def test_a_claim_is_searched_with_the_other_languages_terms_but_not_its_own_again() -> None:
    searched = translated_terms(BAKERY, "de")

    assert {"bakery", "bread", "rye", "fresh"} <= set(searched)
    assert "brot" not in searched
    assert translated_terms(BAKERY, "fr") == []  # only German and English


@pytest.mark.parametrize(("claim", "passage"), [(BAKERY, BAKERY_EN), (ZOO, ZOO_EN)])
def test_a_restatement_in_the_other_language_supports_the_claim(claim: str, passage: str) -> None:
    assert propose_stance(claim, passage, "de", "en").stance == "supports"
    assert propose_stance(passage, claim, "en", "de").stance == "supports"


@pytest.mark.parametrize(("claim", "passage"), [(BAKERY, BAKERY_HOURS_EN), (ZOO, ZOO_TICKETS_EN)])
def test_a_passage_in_the_other_language_on_the_same_topic_stays_context(claim: str, passage: str) -> None:
    assert propose_stance(claim, passage, "de", "en").stance == "context"
    assert propose_stance(passage, claim, "en", "de").stance == "context"


@pytest.mark.usefixtures("no_dictionary")
def test_without_the_dictionary_nothing_is_translated_and_the_log_says_so_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger=bilingual.__name__):
        assert translated_terms(BAKERY, "de") == []
        assert english_terms("Brot") == ()
        stance = propose_stance(ZOO, ZOO_EN, "de", "en").stance

    assert stance == "context"  # only "zoo" is shared as written
    assert [r.getMessage() for r in caplog.records].count(
        f"{bilingual.FREEDICT_DEU_ENG} not found (Debian package dict-freedict-deu-eng): evidence is not "
        "searched across German and English beyond the hand lexicon"
    ) == 1
