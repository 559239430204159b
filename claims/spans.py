"""Spans: where a claim or an evidence passage is in a document's text. The span a client gives (offsets, a
quote, or both) is placed in the document's current revision; the fields a span is stored in are named
here once for every writer and reader.

Offsets are Unicode code points; the API converts browser (UTF-16) offsets before calling in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from claims.errors import ClaimRefused
from claims.models import QUOTE_MAX, Claim, Evidence
from sources import anchoring
from sources.models import Document, DocumentRevision

# Where a span is in a revision's text: the fields of a W3C position and quote selector (an Anchor's).
ANCHOR_FIELDS = ("start", "end", "exact", "prefix", "suffix")
# Every field a claim or an evidence passage keeps its span in.
SPAN_FIELDS = ("revision", *ANCHOR_FIELDS, "orphaned", "anchor_confidence")


@dataclass(frozen=True)
class SpanInput:
    """Where a span is: offsets, a quote, or both (then they must agree). Code points."""

    start: int | None = None
    end: int | None = None
    exact: str | None = None
    prefix: str = ""
    suffix: str = ""

    @property
    def given(self) -> bool:
        return self.start is not None or self.end is not None or bool(self.exact)


def stale_revision_message(revision: DocumentRevision, current: DocumentRevision | None) -> str:
    """Why a span selected in `revision` is refused when the document's current revision is `current`."""
    return (
        f"Revision {revision.number} is not the document's current revision "
        f"({current.number if current else 'none'}); reload the document and select the text again."
    )


def current_revision(document: Document, revision: DocumentRevision | None) -> DocumentRevision:
    """The revision a new span is placed in: the document's current one, which `revision` (the one the
    client selected in, if it says) must still be."""
    current = document.current_revision
    if current is None:
        raise ClaimRefused("The document has no text yet.", field="document", code="no_text")
    if revision is not None and revision.pk != current.pk:
        raise ClaimRefused(stale_revision_message(revision, current), field="revision", code="stale_revision")
    return current


def span_anchor(revision: DocumentRevision, span: SpanInput) -> anchoring.Anchor:
    """The anchor for a span input in a revision's text; refuses offsets and quotes that do not fit."""
    try:
        if span.start is not None or span.end is not None:
            if span.start is None or span.end is None:
                raise anchoring.AnchorError("give both start and end")
            return anchoring.anchor_from_offsets(
                revision.text, span.start, span.end, exact=span.exact or None
            )
        if span.exact:
            return anchoring.anchor_from_quote(
                revision.text, span.exact, prefix=span.prefix, suffix=span.suffix
            )
    except anchoring.AnchorError as error:
        raise ClaimRefused(str(error), field="span", code="anchor") from None
    raise ClaimRefused(
        "Give the span's start and end offsets, or its exact quote.", field="span", code="required"
    )


def anchored(anchor: anchoring.Anchor) -> dict[str, Any]:
    """The span fields of a claim or evidence placed at `anchor`: found, and certain of it."""
    if len(anchor.exact) > QUOTE_MAX:
        raise ClaimRefused(
            f"The span is {len(anchor.exact):,} characters long; a claim or an evidence passage quotes at "
            f"most {QUOTE_MAX:,}. Select a sentence or a paragraph.",
            field="span",
            code="too_long",
        )
    return {
        **{name: getattr(anchor, name) for name in ANCHOR_FIELDS},
        "orphaned": False,
        "anchor_confidence": 1.0,
    }


def set_anchor(target: Claim | Evidence, revision: DocumentRevision, anchor: anchoring.Anchor) -> None:
    """Place a claim or an evidence passage (in memory) at `anchor` in `revision`."""
    target.revision = revision
    for name, value in anchored(anchor).items():
        setattr(target, name, value)
