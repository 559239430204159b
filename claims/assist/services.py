"""What editors do with suggestions: accept one (a claim made, evidence linked) or dismiss it; and what a
claim marked or evidence linked by hand settles (an open suggestion of the same sentence or passage).

A refusal (decided already, claimed already, the quote no longer in the current text) is a ClaimRefused,
as the claims services raise, so the API and the pages answer it the same way.
"""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from claims import services
from claims.assist.models import ClaimSuggestion, EvidenceSuggestion, SuggestionStatus, spans_overlap
from claims.errors import ClaimRefused
from claims.models import Claim, ClaimStatus, Evidence, EvidenceOrigin, SpeakerRole
from sources.models import Document

AnySuggestion = TypeVar("AnySuggestion", ClaimSuggestion, EvidenceSuggestion)


def _decide(suggestion: ClaimSuggestion | EvidenceSuggestion, user: AbstractBaseUser, status: str) -> None:
    if suggestion.status != SuggestionStatus.OPEN:
        raise ClaimRefused(
            f"This suggestion was {suggestion.status} already.", field="status", code="already_decided"
        )
    suggestion.status = status
    suggestion.decided_by = user
    suggestion.decided_at = timezone.now()


def _record(suggestion: ClaimSuggestion | EvidenceSuggestion, **made: Claim | Evidence) -> None:
    """Save the decision `_decide` took, with what accepting it made (its claim or its evidence)."""
    for name, value in made.items():
        setattr(suggestion, name, value)
    suggestion.save(update_fields=["status", "decided_by", "decided_at", *made])


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


def _locked(model: type[AnySuggestion], pk: int) -> AnySuggestion:
    # Locked: two editors accepting at once make one claim, not two.
    return model.objects.select_for_update(of=("self",)).get(pk=pk)


@transaction.atomic
def _dismiss(model: type[AnySuggestion], pk: int, user: AbstractBaseUser) -> AnySuggestion:
    """Dismiss a suggestion of either kind: kept, so it is not proposed again."""
    suggestion = _locked(model, pk)
    _decide(suggestion, user, SuggestionStatus.DISMISSED)
    _record(suggestion)
    return suggestion


def _claimed_overlap(claim: Claim, start: int, end: int) -> bool:
    """Whether a span overlaps the claim by at least half of the shorter of the two."""
    return claim.revision_id is not None and spans_overlap((start, end), (claim.start, claim.end))


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
    _record(suggestion, claim=claim)
    return claim


def claim_suggestion_dismiss(*, suggestion: ClaimSuggestion, user: AbstractBaseUser) -> ClaimSuggestion:
    return _dismiss(ClaimSuggestion, suggestion.pk, user)


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
    _record(suggestion, evidence=evidence)
    return evidence


def evidence_suggestion_dismiss(
    *, suggestion: EvidenceSuggestion, user: AbstractBaseUser
) -> EvidenceSuggestion:
    return _dismiss(EvidenceSuggestion, suggestion.pk, user)


def evidence_suggestions_settle(*, evidence: Evidence, user: AbstractBaseUser) -> int:
    """An open suggestion of a passage the editor has just linked by hand is taken as accepted with
    that evidence: it is linked, so proposing it again would only ask for the same link twice. Runs in
    the transaction that linked it (claims.signals.evidence_linked); returns how many."""
    return EvidenceSuggestion.objects.filter(
        claim_id=evidence.claim_id,
        revision_id=evidence.revision_id,
        status=SuggestionStatus.OPEN,
        start__lt=evidence.end,
        end__gt=evidence.start,
    ).update(status=SuggestionStatus.ACCEPTED, evidence=evidence, decided_by=user, decided_at=timezone.now())
