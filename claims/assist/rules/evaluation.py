"""Evaluate claim, evidence and stance suggestions against a labelled corpus (tests/claims/assist_corpus).

Pure Python, no Django, no database. The corpus is a folder of sample articles and a `labels.json` naming,
for each check-worthy claim, its exact text, speaker and role, and the passages that support or contradict
it with the expected stance (see the corpus README). What is measured, and how:

- **Claim suggestions**: `suggest_claims()` on every document. A suggestion *matches* a labelled claim of the
  same document when their spans overlap by at least half of the shorter span. Precision is the share of
  suggestions matching a label; recall the share of labels matched by a suggestion. Speaker and role are
  checked on the matched pairs.
- **Evidence recall@5**: for each claim, candidate passages are the sentences of every document (its own
  included) except those overlapping the claim; a ranker orders them. A labelled passage is *found* when
  one of the top five overlaps it by half the shorter span. The default ranker is a BM25 over content terms,
  names, normalised numbers and descriptor facets (terms.py, quantities.py, descriptors.py); the
  PostgreSQL full-text retrieval can be measured by passing its own `ranker`. The top twenty are then
  re-ranked: passages on which `propose_stance` finds evidence (numbers, descriptors, rankings) first.
  Recall@5 is reported with and without that step.
- **Stance accuracy**: `propose_stance()` on each labelled (claim, passage) pair; the share that equals the
  expected stance (no proposal counts as wrong).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from claims.assist.rules.checkworthiness import suggest_claims
from claims.assist.rules.ranking import Bm25Ranker, rerank_by_stance
from claims.assist.rules.sentences import source_of, split_document
from claims.assist.rules.stance import STANCES, propose_stance

LABELS_FILE = "labels.json"
TOP_K = 5
MIN_OVERLAP = 0.5  # of the shorter span
ROLES = ("author", "quoted", "commenter")
DECISIVE = ("supports", "contradicts", "mixed")  # stances that take a side, unlike "context"


class CorpusError(Exception):
    """The labelled corpus is missing or inconsistent; the message says what to fix."""


@dataclass(frozen=True)
class Passage:
    """A span of a corpus document (offsets in code points) and its language."""

    document: str
    start: int
    end: int
    text: str
    language: str
    source: str = ""  # sentences.source_of the sentence it is in: the article, or a commenter


@dataclass(frozen=True)
class LabelledEvidence:
    passage: Passage
    stance: str


@dataclass(frozen=True)
class LabelledClaim:
    id: str
    passage: Passage
    speaker: str
    speaker_role: str
    evidence: tuple[LabelledEvidence, ...]


@dataclass(frozen=True)
class Corpus:
    directory: Path
    texts: dict[str, str]  # document file name -> text
    languages: dict[str, str]  # document file name -> ISO 639-1
    claims: tuple[LabelledClaim, ...]

    def passages(self) -> list[Passage]:
        """Every sentence of every document that can hold a claim or evidence."""
        return [
            Passage(name, s.start, s.end, s.text, s.language, source_of(s.kind, s.speaker))
            for name, text in self.texts.items()
            for s in split_document(text, self.languages[name])
        ]


# A ranker orders candidate passages for a claim, best first; it may return fewer than all of them.
Ranker = Callable[[Passage, Sequence[Passage]], Sequence[Passage]]


@dataclass(frozen=True)
class Report:
    """What `evaluate()` measured, and the cases it got wrong (for --verbose)."""

    documents: int
    claims_labelled: int
    claims_suggested: int
    suggestions_matching: int
    claims_found: int
    roles_right: int
    speakers_right: int
    evidence_pairs: int
    evidence_found: int  # in the top five after re-ranking by stance findings
    retrieval_found: int  # in the top five of the ranker alone
    evidence_reachable: int  # at most five per claim can be in its top five
    stance_pairs: int
    stance_right: int
    confusion: dict[tuple[str, str], int]
    suggestion_ms_per_kb: float
    missed_claims: tuple[str, ...] = field(default=())
    false_suggestions: tuple[str, ...] = field(default=())
    missed_evidence: tuple[str, ...] = field(default=())
    wrong_stances: tuple[str, ...] = field(default=())

    @property
    def precision(self) -> float:
        return _ratio(self.suggestions_matching, self.claims_suggested)

    @property
    def recall(self) -> float:
        return _ratio(self.claims_found, self.claims_labelled)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def role_accuracy(self) -> float:
        return _ratio(self.roles_right, self.claims_found)

    @property
    def speaker_accuracy(self) -> float:
        return _ratio(self.speakers_right, self.claims_found)

    @property
    def recall_at_5(self) -> float:
        return _ratio(self.evidence_found, self.evidence_pairs)

    @property
    def retrieval_recall_at_5(self) -> float:
        return _ratio(self.retrieval_found, self.evidence_pairs)

    @property
    def stance_accuracy(self) -> float:
        return _ratio(self.stance_right, self.stance_pairs)

    @property
    def decisive(self) -> tuple[int, int]:
        """Of the proposals taking a side (supports, contradicts, mixed): how many are right, of how many."""
        sided = {(e, p): n for (e, p), n in self.confusion.items() if p in DECISIVE}
        return sum(n for (e, p), n in sided.items() if e == p), sum(sided.values())

    @property
    def decisive_precision(self) -> float:
        return _ratio(*self.decisive)

    def lines(self, *, verbose: bool = False) -> list[str]:
        lines = [
            f"Corpus: {self.documents} documents, {self.claims_labelled} labelled claims, "
            f"{self.evidence_pairs} labelled evidence passages",
            f"Claim suggestions: precision {self.precision:.3f} "
            f"({self.suggestions_matching}/{self.claims_suggested}), "
            f"recall {self.recall:.3f} ({self.claims_found}/{self.claims_labelled}), F1 {self.f1:.3f}",
            f"  speaker role right {self.role_accuracy:.3f}, speaker name right {self.speaker_accuracy:.3f} "
            f"(of {self.claims_found} found); {self.suggestion_ms_per_kb:.2f} ms per KB of text",
            f"Evidence suggestions: recall@{TOP_K} {self.recall_at_5:.3f} "
            f"({self.evidence_found}/{self.evidence_pairs}); "
            f"the ranker alone {self.retrieval_recall_at_5:.3f} "
            f"({self.retrieval_found}/{self.evidence_pairs}); at most "
            f"{_ratio(self.evidence_reachable, self.evidence_pairs):.3f} "
            f"(some claims have more than {TOP_K})",
            f"Stance proposals: accuracy {self.stance_accuracy:.3f} "
            f"({self.stance_right}/{self.stance_pairs}); supports/contradicts/mixed proposals right "
            f"{self.decisive_precision:.3f} ({self.decisive[0]}/{self.decisive[1]})",
        ]
        labels = [*STANCES, "None"]
        lines.append("  expected \\ proposed: " + " ".join(f"{label:>11}" for label in labels))
        for expected in STANCES:
            counts = [self.confusion.get((expected, proposed), 0) for proposed in labels]
            if any(counts):
                lines.append(f"  {expected:>19}: " + " ".join(f"{count:>11}" for count in counts))
        if verbose:
            for title, items in (
                ("Missed claims", self.missed_claims),
                ("Suggestions matching no label", self.false_suggestions),
                (f"Evidence not in the top {TOP_K}", self.missed_evidence),
                ("Wrong stances", self.wrong_stances),
            ):
                lines.append(f"{title} ({len(items)}):")
                lines.extend(f"  - {item}" for item in items)
        return lines


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


# --- Corpus ---------------------------------------------------------------------------------------------


def load_corpus(directory: str | Path) -> Corpus:
    """The documents and labels in `directory`; CorpusError says what is missing or inconsistent."""
    directory = Path(directory)
    labels_path = directory / LABELS_FILE
    if not labels_path.is_file():
        raise CorpusError(f"no labelled corpus at {directory}: {LABELS_FILE} is missing")
    try:
        labels = json.loads(labels_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CorpusError(f"{labels_path}: not readable JSON ({error})") from error
    texts: dict[str, str] = {}
    languages: dict[str, str] = {}
    for entry in labels.get("documents", []):
        name = entry.get("file", "")
        path = directory / name
        if not name or not path.is_file():
            raise CorpusError(f"{labels_path}: document {name!r} is listed but not in {directory}")
        texts[name] = path.read_text(encoding="utf-8")
        languages[name] = entry.get("language", "")
    if not texts:
        raise CorpusError(f"{labels_path}: no documents listed")
    sentences = {name: split_document(text, languages[name]) for name, text in texts.items()}
    claims = []
    for entry in labels.get("claims", []):
        where = f"{labels_path}: claim {entry.get('id', '?')}"
        if entry.get("speaker_role") not in ROLES:
            raise CorpusError(f"{where}: speaker_role must be one of {', '.join(ROLES)}")
        passage = _find(entry, texts, languages, sentences, where)
        evidence = []
        for item in entry.get("evidence", []):
            if item.get("stance") not in STANCES:
                raise CorpusError(
                    f"{where}: stance {item.get('stance')!r} is not one of {', '.join(STANCES)}"
                )
            evidence.append(LabelledEvidence(_find(item, texts, languages, sentences, where), item["stance"]))
        claims.append(
            LabelledClaim(
                entry["id"], passage, entry.get("speaker", ""), entry["speaker_role"], tuple(evidence)
            )
        )
    return Corpus(directory, texts, languages, tuple(claims))


def _find(
    entry: dict, texts: dict[str, str], languages: dict[str, str], sentences: dict, where: str
) -> Passage:
    """The passage an entry names: its document and exact text (the `occurrence`-th, first by default)."""
    name, exact = entry.get("document", ""), entry.get("exact", "")
    if name not in texts:
        raise CorpusError(f"{where}: unknown document {name!r}")
    start = -1
    for _ in range(entry.get("occurrence", 1)):
        start = texts[name].find(exact, start + 1)
    if not exact or start < 0:
        raise CorpusError(f"{where}: {exact[:60]!r} is not in {name}")
    end = start + len(exact)
    # The language of the sentence it is in: reader comments under a German article may be English.
    sentence = next((s for s in sentences[name] if s.start <= start < s.end), None)
    language = sentence.language if sentence else languages[name]
    source = source_of(sentence.kind, sentence.speaker) if sentence else ""
    return Passage(name, start, end, exact, language, source)


def _excluded(passage: Passage, claim: Passage) -> bool:
    """Whether a passage can be no evidence for the claim: the claim itself, or its document's same source
    (as claims.assist.passages.ClaimText.excludes). Labels that pair a claim with its own source (an
    article's headline for its lead, written before this rule) stay in the corpus and count as missed."""
    return overlaps(passage, claim) or (passage.document == claim.document and passage.source == claim.source)


def overlaps(a: Passage, b: Passage) -> bool:
    """Whether two spans of one document overlap by at least half of the shorter one."""
    if a.document != b.document:
        return False
    shared = min(a.end, b.end) - max(a.start, b.start)
    return shared > 0 and shared >= MIN_OVERLAP * min(a.end - a.start, b.end - b.start)


# --- Evaluation -----------------------------------------------------------------------------------------


def evaluate(corpus_dir: str | Path, *, ranker: Ranker | None = None) -> Report:
    """Measure claim suggestions, evidence retrieval and stance proposals on the corpus in `corpus_dir`."""
    corpus = load_corpus(corpus_dir)
    claims = _evaluate_claims(corpus)
    passages = corpus.passages()
    ranker = ranker or Bm25Ranker(passages, document_of=lambda passage: passage.document)
    evidence_pairs = evidence_found = retrieval_found = 0
    missed_evidence = []
    for claim in corpus.claims:
        if not claim.evidence:
            continue
        candidates = [p for p in passages if not _excluded(p, claim.passage)]
        ranked = list(ranker(claim.passage, candidates))
        top = rerank_by_stance(claim.passage, ranked)[:TOP_K]
        for item in claim.evidence:
            evidence_pairs += 1
            retrieval_found += any(overlaps(found, item.passage) for found in ranked[:TOP_K])
            if any(overlaps(found, item.passage) for found in top):
                evidence_found += 1
            else:
                missed_evidence.append(f"[{claim.id}] {_short(item.passage.text)} ({item.passage.document})")
    confusion: Counter[tuple[str, str]] = Counter()
    wrong = []
    for claim in corpus.claims:
        for item in claim.evidence:
            proposal = propose_stance(
                claim.passage.text, item.passage.text, claim.passage.language, item.passage.language
            )
            proposed = proposal.stance or "None"
            confusion[(item.stance, proposed)] += 1
            if proposed != item.stance:
                wrong.append(
                    f"[{claim.id}] expected {item.stance}, proposed {proposed}: {_short(item.passage.text)} "
                    f"— {'; '.join(proposal.reasons)}"
                )
    stance_pairs = sum(confusion.values())
    stance_right = sum(count for (expected, proposed), count in confusion.items() if expected == proposed)
    return Report(
        **claims,
        evidence_pairs=evidence_pairs,
        evidence_found=evidence_found,
        retrieval_found=retrieval_found,
        evidence_reachable=sum(min(TOP_K, len(claim.evidence)) for claim in corpus.claims),
        stance_pairs=stance_pairs,
        stance_right=stance_right,
        confusion=dict(confusion),
        missed_evidence=tuple(missed_evidence),
        wrong_stances=tuple(wrong),
    )


def _evaluate_claims(corpus: Corpus) -> dict:
    suggested = matching = 0
    found: set[str] = set()
    roles_right = speakers_right = 0
    false_suggestions = []
    elapsed = 0.0
    for name, text in corpus.texts.items():
        began = time.perf_counter()
        suggestions = suggest_claims(text, corpus.languages[name])
        elapsed += time.perf_counter() - began
        labelled = [claim for claim in corpus.claims if claim.passage.document == name]
        for suggestion in suggestions:
            suggested += 1
            span = Passage(name, suggestion.start, suggestion.end, suggestion.exact, "")
            matches = [claim for claim in labelled if overlaps(span, claim.passage)]
            if not matches:
                false_suggestions.append(
                    f"{_short(suggestion.exact)} ({name}; {'; '.join(suggestion.reasons)})"
                )
                continue
            matching += 1
            for claim in matches:
                if claim.id in found:
                    continue
                found.add(claim.id)
                roles_right += suggestion.speaker_role == claim.speaker_role
                speakers_right += suggestion.speaker == claim.speaker
    kilobytes = sum(len(text.encode("utf-8")) for text in corpus.texts.values()) / 1024
    return {
        "documents": len(corpus.texts),
        "claims_labelled": len(corpus.claims),
        "claims_suggested": suggested,
        "suggestions_matching": matching,
        "claims_found": len(found),
        "roles_right": roles_right,
        "speakers_right": speakers_right,
        "suggestion_ms_per_kb": 1000 * elapsed / kilobytes if kilobytes else 0.0,
        "missed_claims": tuple(
            f"[{claim.id}] {_short(claim.passage.text)}" for claim in corpus.claims if claim.id not in found
        ),
        "false_suggestions": tuple(false_suggestions),
    }


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
