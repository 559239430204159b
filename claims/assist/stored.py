"""Evidence suggestions measured as they run: the corpus stored in the database, its passages indexed
(claims/assist/passages.py) and searched, the results ranked as claims/assist/finding.py ranks them.

claims/assist/rules/evaluation.py measures the rules on their own; `stored_ranker` gives it a ranker that goes
through the database instead (PostgreSQL full-text search, or the SQLite fallback). Run it inside a
transaction that is rolled back: it imports the corpus documents.
"""

from __future__ import annotations

from collections.abc import Sequence

from claims.assist.finding import rank_evidence
from claims.assist.passages import ClaimText, claim_source, document_passages_index, passages_search
from claims.assist.rules.evaluation import Corpus, Passage, Ranker
from sources import services
from sources.models import Document


def stored_ranker(corpus: Corpus) -> Ranker:
    """Import the corpus documents, index their passages, and return a ranker searching them."""
    documents: dict[str, Document] = {}
    for name, text in corpus.texts.items():
        kind = "markdown" if name.endswith(".md") else "text"
        source = services.source_from_text(text, text_format=kind, name=name)
        overrides = services.ImportOverrides(title=name, language=corpus.languages[name])
        document = services.document_import(source=source, overrides=overrides).document
        if document.text != text:
            raise ValueError(f"{name}: stored text differs from the file; the offsets would not match")
        document_passages_index(document_id=document.pk)
        documents[name] = document
    names = {document.pk: name for name, document in documents.items()}

    def rank(claim: Passage, candidates: Sequence[Passage]) -> list[Passage]:
        document_id = documents[claim.document].pk
        source = claim_source(document_id, claim.start)
        wanted = ClaimText(claim.text, claim.language, document_id, claim.start, claim.end, source)
        ranked = rank_evidence(wanted, passages_search(wanted, documents=list(names)))
        return [
            Passage(names[r.found.document_id], r.found.start, r.found.end, r.found.text, r.found.language)
            for r in ranked
        ]

    return rank
