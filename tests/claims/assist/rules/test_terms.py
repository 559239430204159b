"""claims/assist/rules/terms.py: German compounds split on the stems of Debian's hunspell-de-de, so a
claim and a passage that name a thing by its compound and by its head still share a term."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from claims.assist.rules import terms
from claims.assist.rules.ranking import Bm25Ranker
from claims.assist.rules.terms import HUNSPELL_DE, compound_head, content_terms


def test_the_german_dictionary_is_installed() -> None:
    # make test / the Dockerfile install hunspell-de-de; without it compounds silently stay whole.
    assert HUNSPELL_DE.is_file(), "apt-get install hunspell-de-de"
    assert len(terms.german_stems()) > 40_000


@pytest.mark.parametrize(
    ("word", "head"),
    [
        ("Rechenleistung", "leistung"),
        ("Gasturbinen", "turbinen"),
        ("Wärmepumpen", "pumpen"),
        ("Batteriefabrik", "fabrik"),
        ("Strafuntersuchung", "untersuchung"),
    ],
)
def test_a_compound_has_its_head(word: str, head: str) -> None:
    assert compound_head(word) == head


@pytest.mark.parametrize("word", ["performance", "electricity", "veröffentlicht", "Stadtrat", "H100"])
def test_other_words_are_not_split(word: str) -> None:
    assert compound_head(word) is None


@dataclass(frozen=True)
class _Passage:
    text: str
    language: str


def test_a_head_finds_its_compound() -> None:
    passages = [
        _Passage("Die neuen Wärmepumpen im Rathaus laufen seit Mai.", "de"),
        _Passage("Die Heizung im Rathaus läuft seit Mai mit Gas.", "de"),
        _Passage("Das Rathaus bekommt im Mai ein neues Dach.", "de"),
    ]
    claim = _Passage("Die Pumpen im Rathaus sind defekt.", "de")
    assert "pump" in content_terms("Die Wärmepumpen laufen.")
    assert Bm25Ranker(passages)(claim, passages)[0] == passages[0]


def test_numbers_count_only_with_the_topic() -> None:
    other_topic = _Passage("Officials expect the pipeline to cost $6 billion over ten years.", "en")
    same_topic = _Passage(
        "The sports hall cost 14 million euros, of which the district paid 6 million.", "en"
    )
    claim = _Passage("Der Landkreis beteiligte sich mit 6 Millionen Euro am Bau der Sporthalle.", "de")
    assert Bm25Ranker([other_topic, same_topic])(claim, [other_topic, same_topic]) == [same_topic]


def test_a_figure_alone_counts_in_a_document_on_the_claims_topic() -> None:
    # A reader comment under the article shares only a kind of figure with it, and says it is far off.
    article = _Passage("Die Anlage am Hafen hat eine Leistung von 120 Megawatt.", "de")
    comment = _Passage("Each of those turbines is rated at a few hundred watts.", "en")
    elsewhere = _Passage("The heat pump draws about 3 kilowatts.", "en")
    documents = {article: "port", comment: "port", elsewhere: "homes"}
    ranker = Bm25Ranker([comment, elsewhere], document_of=documents.__getitem__)
    assert ranker(article, [comment, elsewhere]) == [comment]
