"""claims/assist/rules/evaluation.py on the labelled corpus (tests/claims/assist_corpus): the suggestion
quality may not silently fall, and the evaluation itself measures what it says.

Reached on the corpus (11 documents, 98 labelled claims, 346 labelled evidence passages):
    claim suggestions   precision 0.978 (91/93), recall 0.929 (91/98); speaker role right 0.967
    evidence            recall@5 0.688 (238/346), the BM25 ranker alone 0.647 (224/346); at most 0.867 is
                        reachable, as some claims have more than five labelled passages
    stance proposals    accuracy 0.902 (312/346)
The floors below sit a little under these. Since German compounds also index their head (issue 17:
"Rechenleistung" → "leistung"), recall@5 is 0.685 (237/346) and the ranker alone 0.636 (220/346): one
passage each way at the top, a few lower in the ranker alone, where heads such as "zentren" are shared by
more passages. Searched in PostgreSQL as suggestions run (full-text search
re-ranked by BM25; `evaluate_suggestions --stored`), evidence recall@5 is 0.691 (239/346).

The three Kestrel documents were written and labelled after the rules were built on the other two topics.
Measured alone before any rule changed for them, they gave precision 0.944, recall 0.680, recall@5 0.589
and stance accuracy 0.357 (56 pairs): an honest estimate for unseen text. The rules then gained per-period
rates compared with unstated periods, "up to" as a peak range, counted nouns after an adjective, a
cell-chemistry facet and subjects read before a number in its clause; the Kestrel documents now give
precision 0.957, recall 0.880, recall@5 0.730 and stance accuracy 0.703 (74 pairs).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.assist.rules.evaluation import (
    Corpus,
    CorpusError,
    Passage,
    Report,
    evaluate,
    load_corpus,
    overlaps,
)

CORPUS = Path(__file__).resolve().parents[2] / "assist_corpus"

PRECISION_FLOOR = 0.95
RECALL_FLOOR = 0.90
ROLE_FLOOR = 0.93
RECALL_AT_5_FLOOR = 0.66
RANKER_ALONE_RECALL_AT_5_FLOOR = 0.62
STANCE_ACCURACY_FLOOR = 0.87


@pytest.fixture(scope="module")
def report() -> Report:
    return evaluate(CORPUS)


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(CORPUS)


def test_the_corpus_is_big_and_varied_enough(corpus: Corpus) -> None:
    assert len(corpus.texts) >= 6
    assert len(corpus.claims) >= 40
    assert {"de", "en"} <= set(corpus.languages.values())
    roles = {claim.speaker_role for claim in corpus.claims}
    assert roles == {"author", "quoted", "commenter"}
    stances = {item.stance for claim in corpus.claims for item in claim.evidence}
    assert stances == {"supports", "contradicts", "mixed", "context"}
    # English reader comments under German articles, as in the seed workload
    assert any(c.speaker_role == "commenter" and c.passage.language == "en" and
               corpus.languages[c.passage.document] == "de" for c in corpus.claims)  # fmt: skip


def test_claim_suggestions_stay_above_their_floors(report: Report) -> None:
    assert report.precision >= PRECISION_FLOOR, "\n".join(report.lines(verbose=True))
    assert report.recall >= RECALL_FLOOR, "\n".join(report.lines(verbose=True))
    assert report.role_accuracy >= ROLE_FLOOR, "\n".join(report.lines(verbose=True))


def test_evidence_suggestions_stay_above_their_floor(report: Report) -> None:
    assert report.recall_at_5 >= RECALL_AT_5_FLOOR, "\n".join(report.lines(verbose=True))
    assert report.retrieval_recall_at_5 >= RANKER_ALONE_RECALL_AT_5_FLOOR


def test_stance_proposals_stay_above_their_floor(report: Report) -> None:
    assert report.stance_accuracy >= STANCE_ACCURACY_FLOOR, "\n".join(report.lines(verbose=True))


def test_the_report_prints_every_number(report: Report) -> None:
    text = "\n".join(report.lines())
    for number in (report.precision, report.recall, report.recall_at_5, report.stance_accuracy):
        assert f"{number:.3f}" in text
    verbose = "\n".join(report.lines(verbose=True))
    assert "Missed claims" in verbose and "Wrong stances" in verbose


# --- how it measures ------------------------------------------------------------------------------------


def passage(start: int, end: int, document: str = "a.txt") -> Passage:
    return Passage(document, start, end, "x" * (end - start), "de")


def test_spans_match_when_they_overlap_by_half_the_shorter() -> None:
    assert overlaps(passage(0, 100), passage(50, 60))
    assert overlaps(passage(0, 100), passage(90, 110))  # 10 of the shorter 20
    assert not overlaps(passage(0, 100), passage(95, 120))
    assert not overlaps(passage(0, 100), passage(0, 100, "b.txt"))


def test_another_ranker_is_measured_as_given() -> None:
    def nothing(claim: Passage, candidates: Sequence[Passage]) -> list[Passage]:
        return []

    def everything_in_order(claim: Passage, candidates: Sequence[Passage]) -> list[Passage]:
        return list(candidates)

    assert evaluate(CORPUS, ranker=nothing).recall_at_5 == 0
    assert 0 < evaluate(CORPUS, ranker=everything_in_order).retrieval_recall_at_5 < RECALL_AT_5_FLOOR


def copy_corpus(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


def rewrite_labels(folder: Path, change: Callable[[dict], object]) -> None:
    path = folder / "labels.json"
    labels = json.loads(path.read_text(encoding="utf-8"))
    change(labels)
    path.write_text(json.dumps(labels, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda labels: labels["claims"][0].update(exact="Nirgends zu finden"), "is not in"),
        (lambda labels: labels["claims"][0].update(document="missing.txt"), "unknown document"),
        (lambda labels: labels["claims"][0].update(speaker_role="editor"), "speaker_role must be one of"),
        (lambda labels: labels["claims"][0]["evidence"][0].update(stance="refutes"), "is not one of"),
        (lambda labels: labels["documents"].append({"file": "gone.txt", "language": "de"}), "not in"),
    ],
)
def test_an_inconsistent_corpus_is_refused_with_the_reason(
    tmp_path: Path, change: callable, message: str
) -> None:
    folder = copy_corpus(tmp_path)
    rewrite_labels(folder, change)
    with pytest.raises(CorpusError, match=message):
        load_corpus(folder)


def test_a_missing_corpus_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"labels\.json is missing"):
        load_corpus(tmp_path)


def test_the_command_prints_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("evaluate_suggestions", "--corpus", str(CORPUS))
    out = capsys.readouterr().out
    assert "Claim suggestions: precision" in out
    assert "recall@5" in out
    assert "Stance proposals: accuracy" in out


# Evidence suggestions as they run (claims/assist/stored.py): the corpus in PostgreSQL, its passages
# searched with full-text search and re-ranked by BM25. Reached 0.691 (239/346).
STORED_RECALL_AT_5_FLOOR = 0.67


@pytest.mark.django_db
def test_evidence_suggestions_as_stored_and_searched_stay_above_their_floor(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from claims.assist.models import Passage
    from sources.models import Document

    call_command("evaluate_suggestions", "--stored", "--corpus", str(CORPUS))
    out = capsys.readouterr().out

    assert "Evidence searched in the database (PostgreSQL full-text search" in out
    measured = float(out.split("Evidence suggestions: recall@5 ")[1].split()[0])
    assert measured >= STORED_RECALL_AT_5_FLOOR, out
    assert not Document.objects.exists() and not Passage.objects.exists()  # measured, then rolled back


def test_the_command_says_what_is_missing(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no corpus folder"):
        call_command("evaluate_suggestions", "--corpus", str(tmp_path / "nowhere"))
    with pytest.raises(CommandError, match=r"labels\.json is missing"):
        call_command("evaluate_suggestions", "--corpus", str(tmp_path))
