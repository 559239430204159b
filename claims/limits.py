"""What the database holds claims, evidence and verdicts to: the longest free texts (README, "Limits"),
and the check constraints that keep spans and texts within them."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

# The longest free texts, in characters (README, "Limits"). The database refuses longer ones, the API and
# the forms answer them with a clear error; with them a page of a list has a known largest size.
SPEAKER_MAX = 200
STATEMENT_MAX = 2_000
NOTE_MAX = 10_000  # an evidence note
EXPLANATION_MAX = 10_000  # an editorial verdict's explanation
QUOTE_MAX = 5_000  # the quoted span of a claim or an evidence passage
# Google shows claimReviewed in search results and asks for under 75 characters.
SHORT_STATEMENT_HINT = 75


def span_constraints(prefix: str, *, optional: bool) -> list[models.BaseConstraint]:
    """Offsets ordered, non-negative, and as far apart as the quote is long (code points both)."""
    ordered = Q(start__gte=0) & Q(end__gt=F("start")) & Q(end=F("start") + Length("exact"))
    if optional:
        no_passage = Q(revision__isnull=True, start__isnull=True, end__isnull=True, exact="")
        passage = Q(revision__isnull=False, start__isnull=False, end__isnull=False) & ordered
        return [
            models.CheckConstraint(condition=no_passage | passage, name=f"{prefix}_passage_whole_or_valid")
        ]
    return [models.CheckConstraint(condition=ordered, name=f"{prefix}_span_ordered_and_matches_quote")]


def length_constraints(prefix: str, **maxima: int) -> list[models.BaseConstraint]:
    """The database refuses texts over their maximum (a TextField's max_length is not in its column)."""
    return [
        models.CheckConstraint(
            condition=LessThanOrEqual(Length(field), maximum), name=f"{prefix}_{field}_length"
        )
        for field, maximum in maxima.items()
    ]
