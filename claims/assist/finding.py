"""Finding suggestions: the check-worthy claims of a document, and evidence for claims among the passages.

Claim suggestions (`document_claims_suggest`) come from claims/assist/rules/checkworthiness.py on a
document's current revision; evidence suggestions (`claim_evidence_suggest`, `document_evidence_suggest`)
from searching the passages of all documents (claims/assist/passages.py), ranked by
claims/assist/rules/ranking.py, each with the stance claims/assist/rules/stance.py proposes. A suggestion
an editor decided (accepted or dismissed) is kept, so the same quote is not proposed again for that
document or claim; open ones of an older revision are proposed anew from the new text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from claims.assist.models import (
    ClaimSuggestion,
    EvidenceSuggestion,
    SuggestionStatus,
    quote_key,
    spans_overlap,
)
from claims.assist.passages import ClaimText, DocumentPassages, Found, claim_source, passages_search
from claims.assist.rules.checkworthiness import suggest_claims
from claims.assist.rules.ranking import FINDING_CONFIDENCE
from claims.assist.rules.stance import propose_stance
from claims.assist.rules.terms import content_terms, guess_language
from claims.models import Claim, ClaimStatus, Evidence, Stance
from sources.models import Document

# Evidence suggestions kept open per claim and search: what an editor can look through at a glance.
EVIDENCE_PER_CLAIM = 5
# How many of the passages found are read for a stance, those with a finding moved first: reading the
# stance costs a few milliseconds a passage, and on the labelled corpus ten did as well as twenty
# (recall@5 0.691 against 0.685).
STANCE_DEPTH = 10


# --- Claim suggestions ------------------------------------------------------------------------------


@transaction.atomic
def document_claims_suggest(*, document_id: int) -> int:
    """Propose the check-worthy spans of the document's current revision that are not claims yet and
    were not decided before; returns how many were added."""
    document = (
        Document.objects.select_related("current_revision")
        .select_for_update(of=("self",))
        .get(pk=document_id)
    )
    revision = document.current_revision
    if revision is None:
        return 0
    # Open suggestions of an older revision are stale: proposed again below from the new text.
    ClaimSuggestion.objects.filter(document=document, status=SuggestionStatus.OPEN).exclude(
        revision=revision
    ).delete()
    known = set(ClaimSuggestion.objects.filter(document=document).values_list("key", flat=True))
    claimed = list(Claim.objects.filter(document=document, revision=revision).values_list("start", "end"))
    language = document.language or guess_language(revision.text, "de")
    new = []
    for found in suggest_claims(revision.text, language):
        key = quote_key(found.exact)
        if key in known or any(spans_overlap((found.start, found.end), span) for span in claimed):
            continue
        known.add(key)
        new.append(
            ClaimSuggestion(
                document=document,
                revision=revision,
                start=found.start,
                end=found.end,
                exact=found.exact,
                key=key,
                score=round(min(1.0, max(0.0, found.score)), 3),
                reasons=list(found.reasons),
                speaker=found.speaker[:200],
                speaker_role=found.speaker_role,
            )
        )
    ClaimSuggestion.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


# --- Evidence suggestions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ranked:
    found: Found
    stance: str
    confidence: float
    reasons: tuple[str, ...]
    finding: bool  # the stance rests on numbers, descriptors or a ranking, not shared words alone


def claim_text(claim: Claim, *, source: str = "") -> ClaimText:
    """What evidence is searched for: the statement when an editor wrote one, else the quote. `source`
    (passages.claim_source) matters only where the claim's own document is searched."""
    text = claim.statement or claim.exact
    language = guess_language(text, claim.document.language or "de")
    return ClaimText(text, language, claim.document_id, claim.start, claim.end, source)


def _shared_words(claim: str, passage: str) -> tuple[str, ...]:
    wanted = set(content_terms(claim))
    shared = []
    for word in passage.split():
        bare = word.strip(".,;:!?()\"'„“”«»")
        terms = content_terms(bare)
        if terms and terms[0] in wanted and bare not in shared:
            shared.append(bare)
    return tuple(shared[:6])


def rank_evidence(claim: ClaimText, found: Sequence[Found]) -> list[_Ranked]:
    """Passages in the order to suggest them: those among the first STANCE_DEPTH on which the stance
    rules find evidence first (as claims.assist.rules.ranking.rerank_by_stance does), each with its stance
    and why."""
    ranked = []
    for item in found[:STANCE_DEPTH]:
        proposal = propose_stance(claim.text, item.text, claim.language, item.language)
        shared = _shared_words(claim.text, item.text)
        reasons = (f"shares {', '.join(shared)}",) if shared else ()
        ranked.append(
            _Ranked(
                found=item,
                stance=proposal.stance or Stance.CONTEXT,
                confidence=proposal.confidence if proposal.stance else 0.0,
                reasons=(*reasons, *proposal.reasons)
                if proposal.stance
                else (*reasons, "no stance found: the rules see only shared words"),
                finding=proposal.confidence >= FINDING_CONFIDENCE,
            )
        )
    return [r for r in ranked if r.finding] + [r for r in ranked if not r.finding]


@transaction.atomic
def claim_evidence_suggest(*, claim_id: int) -> int:
    """Search every document's passages for evidence on the claim and keep the best EVIDENCE_PER_CLAIM
    not linked, suggested or dismissed before; returns how many were added."""
    claim = Claim.objects.select_related("document").filter(pk=claim_id).first()
    if claim is None:
        return 0
    wanted = claim_text(claim, source=claim_source(claim.document_id, claim.start))
    found = passages_search(wanted)
    return _suggest(claim, wanted, found, _seen([claim.pk]).get(claim.pk, _Seen()), findings_only=False)


@transaction.atomic
def document_evidence_suggest(*, document_id: int) -> int:
    """Look in a document that just arrived for evidence on the most recently changed unpublished claims
    elsewhere (claims_for_new_document), in memory: its passages are few. Only passages on which the
    stance rules find something (numbers, descriptors, rankings that agree or conflict) are suggested,
    so that one shared word does not put the new document under every claim."""
    search = DocumentPassages(document_id)
    if not search:
        return 0
    claims = list(
        Claim.objects.select_related("document").filter(id__in=claims_for_new_document(document_id))
    )
    seen = _seen([claim.pk for claim in claims], document_id=document_id)
    added = 0
    for claim in claims:
        wanted = claim_text(claim)  # a claim of another document: its own source is not searched here
        found = search.search(wanted)
        added += _suggest(claim, wanted, found, seen.get(claim.pk, _Seen()), findings_only=True)
    return added


@dataclass
class _Seen:
    """What a claim must not be suggested again: suggestions of any status (document, quote key), and the
    passages linked as its evidence (revision, start, end)."""

    known: set[tuple[int, str]] = field(default_factory=set)
    linked: list[tuple[int, int, int]] = field(default_factory=list)


def _seen(claim_ids: Sequence[int], *, document_id: int | None = None) -> dict[int, _Seen]:
    """For many claims at once (two queries); only in one document when given."""
    seen: dict[int, _Seen] = defaultdict(_Seen)
    suggested = EvidenceSuggestion.objects.filter(claim_id__in=claim_ids)
    linked = Evidence.objects.filter(claim_id__in=claim_ids, revision__isnull=False)
    if document_id is not None:
        suggested, linked = suggested.filter(document_id=document_id), linked.filter(document_id=document_id)
    for claim_id, document, key in suggested.values_list("claim_id", "document_id", "key"):
        seen[claim_id].known.add((document, key))
    for claim_id, revision, start, end in linked.values_list("claim_id", "revision_id", "start", "end"):
        seen[claim_id].linked.append((revision, start, end))
    return seen


def _suggest(
    claim: Claim, wanted: ClaimText, found: Sequence[Found], seen: _Seen, *, findings_only: bool
) -> int:
    if not found:
        return 0
    known, linked = seen.known, seen.linked
    best = max(item.score for item in found) or 1.0
    new = []
    for ranked in rank_evidence(wanted, found):
        if findings_only and not ranked.finding:
            break  # those with a finding come first
        item = ranked.found
        key = quote_key(item.text)
        if (item.document_id, key) in known or any(
            revision == item.revision_id and spans_overlap((item.start, item.end), (start, end))
            for revision, start, end in linked
        ):
            continue
        known.add((item.document_id, key))
        new.append(
            EvidenceSuggestion(
                claim=claim,
                document_id=item.document_id,
                revision_id=item.revision_id,
                start=item.start,
                end=item.end,
                exact=item.text,
                key=key,
                stance=ranked.stance,
                stance_confidence=round(ranked.confidence, 3),
                # How strongly: the match relative to the best one found, and the stance's confidence.
                score=round(0.5 * item.score / best + 0.5 * ranked.confidence, 3),
                reasons=list(ranked.reasons),
            )
        )
        if len(new) == EVIDENCE_PER_CLAIM:
            break
    return _store_evidence_suggestions(claim.pk, new)


@transaction.atomic
def _store_evidence_suggestions(claim_id: int, new: list[EvidenceSuggestion]) -> int:
    """Store a claim's new suggestions unless the claim was deleted meanwhile: the claim is locked first
    (claim_delete locks it too), so a job and a delete take turns and the job stops quietly, rather than
    failing at commit on a suggestion whose claim is gone."""
    if not new or not Claim.objects.select_for_update(of=("self",)).filter(pk=claim_id).exists():
        return 0
    EvidenceSuggestion.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def claims_for_new_document(document_id: int) -> list[int]:
    """The claims whose evidence is searched in a document that just arrived: the most recently changed
    unpublished ones, FACTCHECK_SUGGEST_CLAIMS_PER_DOCUMENT of them (a bound, so that the job stays cheap
    however many claims there are)."""
    limit = settings.FACTCHECK_SUGGEST_CLAIMS_PER_DOCUMENT
    return list(
        Claim.objects.exclude(status=ClaimStatus.PUBLISHED)
        .exclude(document_id=document_id)
        .order_by("-updated_at", "-id")
        .values_list("id", flat=True)[:limit]
    )
