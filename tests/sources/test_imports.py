"""How an import says what became of its files (sources.imports): one sentence for the command, the
import page and import.js alike."""

from __future__ import annotations

from sources.imports import import_summary


def test_the_summary_counts_every_kind_in_order_and_the_optional_ones_only_when_there_are_any() -> None:
    assert import_summary({}) == "Imported 0, unchanged 0, new revision 0, failed 0."
    counts = {"failed": 1, "no_answer": 2, "imported": 3, "needs_choice": 1, "unchanged": 4}
    assert import_summary(counts) == (
        "Imported 3, unchanged 4, new revision 0, failed 1, 1 waiting for your choice, no answer 2."
    )
