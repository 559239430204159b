"""Passages: each document's sentences, indexed for finding evidence, and the search over them.

Indexing (`document_passages_index`) splits a document's current revision into sentences
(claims/assist/rules/sentences.py: headline, body, reader comments) and stores them, replacing those of older
revisions. Searching (`passages_search`) finds the passages that share the most with a claim:

- PostgreSQL: full-text search over `Passage.search` with its GIN index. Each passage is indexed with
  its own language's text search configuration (german, english, …, else simple) plus the terms of
  claims/assist/rules/ranking.py as lexemes of their own (names, normalised numbers such as
  "=5.6e+05W", descriptor facets, concepts shared by both languages), so "0,56 Megawatt" meets "560 kW"
  and a German claim meets an English passage. The claim's words are looked up in the german, english
  and simple configurations and its terms as they are (with the other language's terms for its words:
  ranking.query_terms, the same query BM25 weighs), leaving out lexemes too common to tell anything
  (see SEARCH_SQL); `ts_rank` picks the best RETRIEVAL_DEPTH matches, which BM25 re-ranks.
- SQLite (the embedded mode): Okapi BM25 over the same terms in Python (claims/assist/rules/ranking.py),
  over at most SQLITE_SEARCH_LIMIT passages, the newest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

from django.db import connection, transaction
from django.db.models import F

from claims.assist.models import Passage
from claims.assist.rules.ranking import Bm25Ranker, query_terms, retrieval_terms
from claims.assist.rules.sentences import source_of, split_document
from claims.assist.rules.terms import guess_language
from sources.models import Document

# PostgreSQL text search configurations for the languages documents are detected in.
TEXT_SEARCH_CONFIGS = {
    "de": "german",
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "nl": "dutch",
}
SEARCH_CONFIG_DEFAULT = "simple"
INSERT_BATCH = 500
SQLITE_SEARCH_LIMIT = 20_000


def search_config(language: str) -> str:
    return TEXT_SEARCH_CONFIGS.get(language, SEARCH_CONFIG_DEFAULT)


@dataclass(frozen=True)
class PassageText:
    """Where a passage stands (its document, revision and span) and what it says."""

    id: int
    document_id: int
    revision_id: int
    start: int
    end: int
    text: str
    language: str


@dataclass(frozen=True)
class Found(PassageText):
    """A passage found for a claim, and how well it matched (higher is better; comparable only
    within one search)."""

    score: float


@transaction.atomic
def document_passages_index(*, document_id: int) -> int:
    """Index the sentences of the document's current revision as its passages (replacing those of older
    revisions); returns how many. Nothing to do when they are indexed already."""
    document = Document.objects.select_related("current_revision").get(pk=document_id)
    revision = document.current_revision
    if revision is None:
        return 0
    if Passage.objects.filter(revision=revision).exists():
        return Passage.objects.filter(revision=revision).count()
    Passage.objects.filter(document=document).delete()
    sentences = split_document(revision.text, document.language or guess_language(revision.text, "de"))
    rows = [
        (document.pk, revision.pk, s.start, s.end, s.text, s.kind, s.language, s.speaker[:200],
         " ".join(retrieval_terms(s.text, s.language)))
        for s in sentences
    ]  # fmt: skip
    if connection.vendor == "postgresql":
        _insert_with_search(rows)
    else:
        Passage.objects.bulk_create(
            Passage(
                document_id=d, revision_id=r, start=start, end=end, text=text, kind=kind, language=lang,
                speaker=speaker, terms=terms,
            )
            for d, r, start, end, text, kind, lang, speaker, terms in rows
        )  # fmt: skip
    return len(rows)


def _insert_with_search(rows: Sequence[tuple[object, ...]]) -> None:
    """PostgreSQL: insert passages with their search vectors, a batch per statement."""
    for first in range(0, len(rows), INSERT_BATCH):
        batch = rows[first : first + INSERT_BATCH]
        values = ", ".join(
            ["(%s::bigint, %s::bigint, %s::integer, %s::integer, %s::text, %s::text, %s::text, %s::text, "
             "%s::text, %s::regconfig)"] + ["(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"] * (len(batch) - 1)
        )  # fmt: skip
        params: list[object] = []
        for row in batch:
            params.extend([*row, search_config(row[6])])
        with connection.cursor() as cursor:
            cursor.execute(
                'INSERT INTO claims_passage (document_id, revision_id, start, "end", text, kind, language, '
                "speaker, terms, search) SELECT v.d, v.r, v.s, v.e, v.t, v.k, v.l, v.p, v.terms, "
                "to_tsvector(v.c, v.t) || array_to_tsvector(string_to_array(v.terms, ' ')) "
                f"FROM (VALUES {values}) AS v(d, r, s, e, t, k, l, p, terms, c)",
                params,
            )


# --- Search ---------------------------------------------------------------------------------------------

# The claim's lexemes (as the german, english and simple configurations read its words, and its terms
# as they are), without those in more than COMMON_PASSAGES passages by PostgreSQL's own statistics
# (pg_stats.most_common_elems of the column and the table's row estimate; a lexeme not listed there is
# rarer): a word in half of 100,000 passages would make the search rank 50,000 of them, and says little
# about the claim. When that leaves fewer than MIN_LEXEMES, the rarest MIN_LEXEMES are kept.
COMMON_PASSAGES = 1000
MIN_LEXEMES = 3
SEARCH_SQL = """
WITH lexeme AS (
    SELECT DISTINCT lexeme FROM unnest(
        to_tsvector('german', %(text)s) || to_tsvector('english', %(text)s)
        || to_tsvector('simple', %(text)s) || array_to_tsvector(%(terms)s::text[]))
), common AS (
    SELECT unnest(most_common_elems::text::text[]) AS lexeme,
           unnest(most_common_elem_freqs) * (
               SELECT reltuples FROM pg_class WHERE oid = 'claims_passage'::regclass
           ) AS passages
    FROM pg_stats
    WHERE schemaname = current_schema() AND tablename = 'claims_passage' AND attname = 'search'
), ranked AS (
    SELECT lexeme.lexeme, coalesce(common.passages, 0) AS passages,
           row_number() OVER (ORDER BY coalesce(common.passages, 0), lexeme.lexeme) AS rarity
    FROM lexeme LEFT JOIN common ON common.lexeme = lexeme.lexeme
), q AS (
    SELECT coalesce(string_agg(quote_literal(lexeme), ' | '), '')::tsquery AS query
    FROM ranked WHERE passages <= %(common)s OR rarity <= %(min_lexemes)s
)
SELECT p.id, p.document_id, p.revision_id, p.start, p."end", p.text, p.language, p.terms, p.kind, p.speaker,
       ts_rank(p.search, q.query, 1) AS rank
FROM claims_passage p, q
WHERE p.search @@ q.query
  -- ClaimText.excludes: not the claim itself, nor another sentence of its document's same source
  AND NOT (p.document_id = %(document)s AND (
      (p.start < %(end)s AND p."end" > %(start)s)
      OR (CASE WHEN p.kind = 'comment' THEN 'comment:' || p.speaker ELSE '' END) = %(source)s))
  {scope}
ORDER BY rank DESC, p.id
LIMIT %(limit)s
"""


@dataclass(frozen=True)
class ClaimText:
    """What a search looks for, and the span it must not find (the claim itself)."""

    text: str
    language: str
    document_id: int
    start: int
    end: int

    source: str = ""  # rules.sentences.source_of the sentence the claim is in

    def excludes(self, passage: _Candidate) -> bool:
        """Whether the passage can be no evidence for the claim (SEARCH_SQL leaves it out the same way):
        it overlaps the claim's own span, or it is in the claim's document and speaks for the same source
        (the article's headline for its lead; a commenter for their own comment)."""
        if passage.document_id != self.document_id:
            return False
        itself = passage.start < self.end and passage.end > self.start
        return itself or source_of(passage.kind, passage.speaker) == self.source


def claim_source(document_id: int, start: int) -> str:
    """The source a claim at `start` of the document's current text speaks for (rules.sentences.source_of):
    that of the passage it starts in; the article's when the document is not indexed yet."""
    passage = (
        Passage.objects.filter(
            document_id=document_id,
            revision=F("document__current_revision"),
            start__lte=start,
            end__gt=start,
        )
        .values_list("kind", "speaker")
        .first()
    )
    return source_of(*passage) if passage else ""


# PostgreSQL hands this many of its best matches to BM25: ts_rank knows how often a passage has a term,
# not how rare the term is, which BM25 weighs (its rarity among these candidates stands in for the whole).
RETRIEVAL_DEPTH = 100


def passages_search(
    claim: ClaimText, *, documents: Sequence[int] | None = None, limit: int = 50
) -> list[Found]:
    """The passages sharing most with the claim, best first, leaving out the claim's own span; only in
    `documents` when given."""
    if connection.vendor == "postgresql":
        candidates = _search_postgresql(claim, documents, max(limit, RETRIEVAL_DEPTH))
    else:
        candidates = _stored(claim, documents)
    return _bm25(claim, candidates)[:limit]


def _search_postgresql(claim: ClaimText, documents: Sequence[int] | None, limit: int) -> list[_Candidate]:
    params = {
        "text": claim.text,
        "terms": sorted(query_terms(claim.text, claim.language)),
        "common": COMMON_PASSAGES,
        "min_lexemes": MIN_LEXEMES,
        "document": claim.document_id,
        "start": claim.start,
        "end": claim.end,
        "source": claim.source,
        "limit": limit,
        "documents": list(documents or []),
    }
    scope = "AND p.document_id = ANY(%(documents)s)" if documents is not None else ""
    with connection.cursor() as cursor:
        cursor.execute(SEARCH_SQL.format(scope=scope), params)
        return [_Candidate(*row[:10]) for row in cursor.fetchall()]


def _stored(claim: ClaimText, documents: Sequence[int] | None) -> list[_Candidate]:
    """SQLite: the newest passages (at most SQLITE_SEARCH_LIMIT), but the claim's own span."""
    passages = Passage.objects.order_by("-id")
    if documents is not None:
        passages = passages.filter(document_id__in=documents)
    rows = passages.values_list(*_CANDIDATE_COLUMNS)[:SQLITE_SEARCH_LIMIT]
    candidates = (_Candidate(*row) for row in rows)
    return sorted((c for c in candidates if not claim.excludes(c)), key=lambda candidate: candidate.id)


@dataclass(frozen=True)
class _Candidate(PassageText):
    """A passage as claims.assist.rules.ranking ranks it: hashable, with its text, language and terms."""

    terms: str
    kind: str
    speaker: str


# A candidate is made from a row of these columns, in this order.
_CANDIDATE_COLUMNS = tuple(field.name for field in fields(_Candidate))


def _bm25(claim: ClaimText, candidates: list[_Candidate]) -> list[Found]:
    ranker = Bm25Ranker(
        candidates,
        terms_of=lambda candidate: candidate.terms.split(),
        document_of=lambda text: text.document_id,
    )
    return [
        Found(c.id, c.document_id, c.revision_id, c.start, c.end, c.text, c.language, score)
        for score, c in ranker.scored(claim, candidates)
    ]


class DocumentPassages:
    """One document's passages in memory, ranked for one claim after another (a document that just
    arrived, searched for evidence on many claims: one query instead of one a claim)."""

    def __init__(self, document_id: int) -> None:
        rows = Passage.objects.filter(
            document_id=document_id, revision=F("document__current_revision")
        ).values_list(*_CANDIDATE_COLUMNS)
        self._candidates = [_Candidate(*row) for row in rows]

    def __bool__(self) -> bool:
        return bool(self._candidates)

    def search(self, claim: ClaimText) -> list[Found]:
        return _bm25(claim, [c for c in self._candidates if not claim.excludes(c)])
