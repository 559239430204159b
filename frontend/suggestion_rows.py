"""What the suggestion lists show, formatted once here: the claim suggestions of the reader's Suggestions
tab (quote cut to the panel's length, role label, score as text, where the span is in browser offsets)
and the evidence suggestions on the claim page (stance label, confidence, the editor's last attempt).

Reasons and quotes come from imported documents: they stay plain strings here and templates escape them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from claims.assist.models import ClaimSuggestion, EvidenceSuggestion
from claims.models import SpeakerRole, Stance
from frontend import reader
from sources.models import Document

QUOTE_CHARS = 160  # as the claims panel cuts a claim's quote
ROLE_LABELS = dict(SpeakerRole.choices)
STANCE_LABELS = dict(Stance.choices)


def _cut(text: str, length: int = QUOTE_CHARS) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _reasons(value: object) -> tuple[str, ...]:
    # A JSON list of strings as the job writes it; anything else is shown as text, not a failed page.
    items = value if isinstance(value, list) else [value] if value else []
    return tuple(str(item) for item in items)


# --- The reader's Suggestions tab -----------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimSuggestionRow:
    """A span proposed as a claim, as the Suggestions tab lists it."""

    id: int
    quote: str  # cut to QUOTE_CHARS
    exact: str
    speaker: str
    speaker_role: str
    role_label: str
    score: str  # "0.75"
    reasons: tuple[str, ...]
    # Where the span is in the text the page shows, in UTF-16 units (what the browser counts); None when
    # it was proposed in an older revision (accepting looks for its quote again).
    start: int | None
    end: int | None


def claim_suggestion_rows(
    document: Document, suggestions: Iterable[ClaimSuggestion]
) -> list[ClaimSuggestionRow]:
    found = list(suggestions)
    current = document.current_revision_id
    placed = [s for s in found if s.revision_id == current]
    offsets = reader.utf16_offsets(document.text, [o for s in placed for o in (s.start, s.end)])
    where = {s.pk: (offsets[2 * i], offsets[2 * i + 1]) for i, s in enumerate(placed)}
    return [
        ClaimSuggestionRow(
            id=s.pk,
            quote=_cut(s.exact),
            exact=s.exact,
            speaker=s.speaker,
            speaker_role=s.speaker_role,
            role_label=ROLE_LABELS.get(s.speaker_role, s.speaker_role),
            score=f"{s.score:.2f}",
            reasons=_reasons(s.reasons),
            start=where[s.pk][0] if s.pk in where else None,
            end=where[s.pk][1] if s.pk in where else None,
        )
        for s in found
    ]


# --- The claim page's Suggested evidence ----------------------------------------------------------------


@dataclass(frozen=True)
class Attempt:
    """What an editor posted for one suggestion and why it was refused: shown again beside the item."""

    stance: str
    note: str
    error: str


@dataclass(frozen=True)
class EvidenceSuggestionRow:
    """A passage proposed as evidence for the claim, as its page lists it."""

    suggestion: EvidenceSuggestion
    stance_label: str
    confidence: str  # "0.85"
    score: str
    reasons: tuple[str, ...]
    outdated: bool  # proposed from an older revision of its document
    stance_chosen: str  # what the stance select shows: the proposed one unless the editor chose another
    note: str
    error: str


def evidence_suggestion_rows(
    suggestions: Iterable[EvidenceSuggestion], attempts: Mapping[int, Attempt] | None = None
) -> list[EvidenceSuggestionRow]:
    attempts = attempts or {}
    rows = []
    for s in suggestions:
        attempt = attempts.get(s.pk)
        rows.append(
            EvidenceSuggestionRow(
                suggestion=s,
                stance_label=STANCE_LABELS.get(s.stance, s.stance),
                confidence=f"{s.stance_confidence:.2f}",
                score=f"{s.score:.2f}",
                reasons=_reasons(s.reasons),
                outdated=s.revision_id != s.document.current_revision_id,
                stance_chosen=attempt.stance if attempt and attempt.stance in STANCE_LABELS else s.stance,
                note=attempt.note if attempt else "",
                error=attempt.error if attempt else "",
            )
        )
    return rows
