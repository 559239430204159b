"""Suggestions: proposing check-worthy claims and evidence, and an editor accepting or dismissing them.

Claim suggestions (`document_claims_suggest`) come from claims/assist/rules/checkworthiness.py on a
document's current revision; evidence suggestions (`claim_evidence_suggest`) from searching the passages
of all documents (claims/passages.py), ranked by claims/assist/rules/ranking.py, each with the stance
claims/assist/rules/stance.py proposes. A
suggestion an editor decided (accepted or dismissed) is kept, so the same quote is not proposed again
for that document or claim; open ones of an older revision are proposed anew from the new text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from claims import services
from claims.assist.rules.checkworthiness import suggest_claims
from claims.assist.rules.ranking import FINDING_CONFIDENCE
from claims.assist.rules.stance import propose_stance
from claims.assist.rules.terms import content_terms, guess_language
from claims.errors import ClaimRefused
from claims.models import Claim, ClaimStatus, Evidence, EvidenceOrigin, SpeakerRole, Stance
from claims.passages import ClaimText, DocumentPassages, Found, passages_search
from claims.suggestion_models import (
    ClaimSuggestion,
    EvidenceSuggestion,
    Passage,
    SuggestionStatus,
    quote_key,
)
from sources.models import Document

# Evidence suggestions kept open per claim and search: what an editor can look through at a glance.
EVIDENCE_PER_CLAIM = 5
# How many of the passages found are read for a stance, those with a finding moved first: reading the
# stance costs a few milliseconds a passage, and on the labelled corpus ten did as well as twenty
# (recall@5 0.691 against 0.685).
STANCE_DEPTH = 10


# --- Claim suggestions ------------------------------------------------------------------------------


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """By at least half of the shorter span, as the evaluation counts a match."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and shared >= 0.5 * min(a[1] - a[0], b[1] - b[0])


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
        if key in known or any(_overlaps((found.start, found.end), span) for span in claimed):
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


def _decide(suggestion: ClaimSuggestion | EvidenceSuggestion, user: AbstractBaseUser, status: str) -> None:
    if suggestion.status != SuggestionStatus.OPEN:
        raise ClaimRefused(
            f"This suggestion was {suggestion.status} already.", field="status", code="already_decided"
        )
    suggestion.status = status
    suggestion.decided_by = user
    suggestion.decided_at = timezone.now()


def _where(suggestion: ClaimSuggestion | EvidenceSuggestion) -> tuple[Document, services.SpanInput]:
    """The document and the span to accept: in the revision it was suggested in, the offsets hold; after
    a new revision, the quote is looked for again, and a quote no longer there is refused."""
    document = Document.objects.select_related("current_revision").get(pk=suggestion.document_id)
    if document.current_revision_id == suggestion.revision_id:
        return document, services.SpanInput(
            start=suggestion.start, end=suggestion.end, exact=suggestion.exact
        )
    if document.current_revision is None or suggestion.exact not in document.current_revision.text:
        raise ClaimRefused(
            "This passage is no longer in the document's current text (it has a new revision); dismiss "
            "the suggestion, or select the text again.",
            field="span",
            code="stale",
        )
    return document, services.SpanInput(exact=suggestion.exact)


def _locked(model: type[ClaimSuggestion] | type[EvidenceSuggestion], pk: int) -> ClaimSuggestion:
    # Locked: two editors accepting at once make one claim, not two.
    return model.objects.select_for_update(of=("self",)).get(pk=pk)


def _claimed_overlap(claim: Claim, start: int, end: int) -> bool:
    """Whether a span overlaps the claim by at least half of the shorter of the two."""
    return claim.revision_id is not None and _overlaps((start, end), (claim.start, claim.end))


@transaction.atomic
def claim_suggestions_settle(*, claim_id: int) -> int:
    """An open suggestion of the sentence an editor claimed by hand is taken as accepted, with that
    claim: accepting it later would only make the same claim twice. Runs in the claim's background job
    (claim_suggestion_accept checks again, for the moments before it runs); returns how many."""
    # Locked: a claim deleted meanwhile is not found (the job stops quietly) and cannot vanish before commit.
    locked = Claim.objects.select_for_update(of=("self",)).select_related("created_by")
    claim = locked.filter(pk=claim_id).first()
    if claim is None:
        return 0
    overlapping = ClaimSuggestion.objects.filter(
        document_id=claim.document_id,
        revision_id=claim.revision_id,
        status=SuggestionStatus.OPEN,
        start__lt=claim.end,
        end__gt=claim.start,
    ).values_list("id", "start", "end")
    settled = [pk for pk, start, end in overlapping if _claimed_overlap(claim, start, end)]
    return ClaimSuggestion.objects.filter(id__in=settled).update(
        status=SuggestionStatus.ACCEPTED, claim=claim, decided_by=claim.created_by, decided_at=timezone.now()
    )


@transaction.atomic
def claim_suggestion_accept(
    *,
    suggestion: ClaimSuggestion,
    user: AbstractBaseUser,
    speaker: str | None = None,
    speaker_role: str | None = None,
    statement: str = "",
) -> Claim:
    """Make the suggested span a claim (speaker and role as suggested unless given)."""
    suggestion = _locked(ClaimSuggestion, suggestion.pk)
    _decide(suggestion, user, SuggestionStatus.ACCEPTED)
    claimed = next(
        (
            c
            for c in Claim.objects.filter(
                document_id=suggestion.document_id, revision_id=suggestion.revision_id
            )
            if _claimed_overlap(c, suggestion.start, suggestion.end)
        ),
        None,
    )
    if claimed is not None:  # marked by hand a moment ago; its job settles the suggestion
        raise ClaimRefused(
            f"This sentence is a claim already (claim {claimed.pk}, marked by "
            f"{claimed.created_by.get_username()}).",
            code="already_claimed",
        )
    role = speaker_role if speaker_role is not None else suggestion.speaker_role
    if role not in SpeakerRole.values:
        raise ClaimRefused(
            f"Unknown speaker role {role!r}; use one of {', '.join(SpeakerRole.values)}.",
            field="speaker_role",
            code="invalid_choice",
        )
    document, span = _where(suggestion)
    claim = services.claim_create(
        document=document,
        user=user,
        span=span,
        speaker=speaker if speaker is not None else suggestion.speaker,
        speaker_role=role,
        statement=statement,
        status=ClaimStatus.DRAFT,
    )
    suggestion.claim = claim
    suggestion.save(update_fields=["status", "decided_by", "decided_at", "claim"])
    return claim


@transaction.atomic
def claim_suggestion_dismiss(*, suggestion: ClaimSuggestion, user: AbstractBaseUser) -> ClaimSuggestion:
    suggestion = _locked(ClaimSuggestion, suggestion.pk)
    _decide(suggestion, user, SuggestionStatus.DISMISSED)
    suggestion.save(update_fields=["status", "decided_by", "decided_at"])
    return suggestion


# --- Evidence suggestions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ranked:
    found: Found
    stance: str
    confidence: float
    reasons: tuple[str, ...]
    finding: bool  # the stance rests on numbers, descriptors or a ranking, not shared words alone


def claim_text(claim: Claim) -> ClaimText:
    """What evidence is searched for: the statement when an editor wrote one, else the quote."""
    text = claim.statement or claim.exact
    language = guess_language(text, claim.document.language or "de")
    return ClaimText(text, language, claim.document_id, claim.start, claim.end)


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
    wanted = claim_text(claim)
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
        wanted = claim_text(claim)
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
            revision == item.revision_id and _overlaps((item.start, item.end), (start, end))
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


@transaction.atomic
def evidence_suggestion_accept(
    *, suggestion: EvidenceSuggestion, user: AbstractBaseUser, stance: str | None = None, note: str = ""
) -> Evidence:
    """Link the suggested passage as evidence (origin "suggestion"), with the proposed stance unless an
    editor corrected it."""
    suggestion = _locked(EvidenceSuggestion, suggestion.pk)
    _decide(suggestion, user, SuggestionStatus.ACCEPTED)
    document, span = _where(suggestion)
    evidence = services.evidence_link(
        claim=Claim.objects.get(pk=suggestion.claim_id),
        document=document,
        user=user,
        stance=stance or suggestion.stance,
        span=span,
        note=note,
        origin=EvidenceOrigin.SUGGESTION,
    )
    suggestion.evidence = evidence
    suggestion.save(update_fields=["status", "decided_by", "decided_at", "evidence"])
    return evidence


@transaction.atomic
def evidence_suggestion_dismiss(
    *, suggestion: EvidenceSuggestion, user: AbstractBaseUser
) -> EvidenceSuggestion:
    suggestion = _locked(EvidenceSuggestion, suggestion.pk)
    _decide(suggestion, user, SuggestionStatus.DISMISSED)
    suggestion.save(update_fields=["status", "decided_by", "decided_at"])
    return suggestion


def document_searched(document: Document) -> bool:
    """Whether the suggestion job has run on the document's current text (its passages are indexed)."""
    return Passage.objects.filter(revision_id=document.current_revision_id).exists()


def open_claim_suggestions(document: Document) -> QuerySet[ClaimSuggestion]:
    return ClaimSuggestion.objects.filter(document=document, status=SuggestionStatus.OPEN).order_by("start")


def open_evidence_suggestions(claim: Claim) -> QuerySet[EvidenceSuggestion]:
    return (
        EvidenceSuggestion.objects.filter(claim=claim, status=SuggestionStatus.OPEN)
        .select_related("document__publisher")
        .order_by("-score", "id")
    )
