"""Suggestions on text the rules were not written for.

tests/claims/assist_unseen (a tidal power plant, written and labelled for issue 17 and measured before any
rule changed), first measured, then after the stance rules of the second round (assertions.py, scales,
questions, negations about another subject), which were written looking at its errors:

    claim suggestions   precision 0.947 (18/19), recall 0.857 (18/21)
    evidence            recall@5 0.614 (27/44) -> 0.864 (38/44); PostgreSQL search 0.614 -> 0.818
    stance              accuracy 0.477 (21/44) -> 0.841 (37/44); sided right 0.895 (17/19) -> 1.0 (33/33)

tests/claims/assist_heldout (an electric ferry) was written, labelled and committed before that round and
only measured: no rule was written from it.

    claim suggestions   precision 1.0 (17/17), recall 0.85 (17/20)
    evidence            recall@5 0.886 (39/44) -> 0.909 (40/44), the same on PostgreSQL
    stance              accuracy 0.727 (32/44) -> 0.818 (36/44); a side taken right 0.889 -> 0.947 (36/38)

What is left is mostly German/English pairs without a shared word or name ("Umweltverbände kritisieren
den Bau" / "Environmental groups have criticised the project"): the rules have no bilingual dictionary
beyond the concepts in terms.py. The floors below keep the figures from falling.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.assist.rules.evaluation import Report, evaluate

HERE = Path(__file__).resolve().parents[2]
UNSEEN = HERE / "assist_unseen"
HELD_OUT = HERE / "assist_heldout"


@pytest.fixture(scope="module")
def report() -> Report:
    return evaluate(UNSEEN)


@pytest.fixture(scope="module")
def held_out() -> Report:
    return evaluate(HELD_OUT)


def test_claim_suggestions_on_unseen_text(report: Report, held_out: Report) -> None:
    for measured in (report, held_out):
        assert measured.precision >= 0.9, "\n".join(measured.lines(verbose=True))
        assert measured.recall >= 0.8, "\n".join(measured.lines(verbose=True))


def test_a_side_taken_is_right_four_times_in_five(report: Report, held_out: Report) -> None:
    for measured in (report, held_out):
        _right, proposed = measured.decisive
        assert proposed >= 30
        assert measured.decisive_precision >= 0.9, "\n".join(measured.lines(verbose=True))


def test_stance_is_right_four_times_in_five(report: Report, held_out: Report) -> None:
    for measured in (report, held_out):
        assert measured.stance_accuracy >= 0.8, "\n".join(measured.lines(verbose=True))


def test_evidence_is_found_in_the_top_five(report: Report, held_out: Report) -> None:
    for measured in (report, held_out):
        assert measured.recall_at_5 >= 0.85, "\n".join(measured.lines(verbose=True))
