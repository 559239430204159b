"""Claims whose verdict changed in a stretch of time: counted once per claim, first → last, with times set."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from claims.models import Claim
from claims.verdict_changes import changed_verdicts
from tests.factories import assessment, claim, document, editor

pytestmark = pytest.mark.django_db

ARTICLE = "Die Fähre fährt 80 km weit. Sie schafft 9 Knoten. Sie kostet 12 Millionen. Sie fasst 300 Gäste.\n"
START, END = datetime(2026, 11, 16, tzinfo=UTC), datetime(2026, 11, 23, tzinfo=UTC)


def day(n: int) -> datetime:
    return datetime(2026, 11, n, 12, tzinfo=UTC)


def changes(**kwargs: object) -> dict[int, tuple[str, str]]:
    return {c.pk: (c.old_verdict, c.new_verdict) for c in changed_verdicts(start=START, end=END, **kwargs)}


def test_a_claim_counts_once_from_its_verdict_before_to_its_verdict_after() -> None:
    anna = editor("anna")
    article = document(ARTICLE, title="Fähre")
    twice, back, first, still, later = (
        claim(article, anna, quote)
        for quote in ("80 km", "9 Knoten", "12 Millionen", "300 Gäste", "Die Fähre")
    )
    assessment(twice, "supported", 0.85, day(10))
    assessment(twice, "mostly_contradicted", 0.3, day(17))
    assessment(twice, "contradicted", 0.12, day(20))  # two changes in the week: one, first → last
    assessment(back, "disputed", 0.5, day(10))
    assessment(back, "contradicted", 0.1, day(17))
    assessment(back, "disputed", 0.5, day(19))  # back where it started: no change
    assessment(first, "mostly_supported", 0.7, day(18))  # first scored: from unverified
    assessment(still, "unverified", None, day(18))  # scored, still unverified: no change
    assessment(later, "supported", 0.9, day(24))  # after the week

    found = list(changed_verdicts(start=START, end=END))

    assert [c.pk for c in found] == [twice.pk, first.pk]  # the latest change first
    assert [(c.old_verdict, c.old_score, c.new_verdict, c.new_score) for c in found] == [
        ("supported", 0.85, "contradicted", 0.12),
        ("unverified", None, "mostly_supported", 0.7),
    ]
    assert [c.changed_at for c in found] == [day(20), day(18)]
    assert changes(claims=Claim.objects.filter(pk=first.pk)) == {first.pk: ("unverified", "mostly_supported")}
    # Without an end: up to now, so the week after counts too.
    assert later.pk in {c.pk for c in changed_verdicts(start=START)}


def test_an_assessment_stored_without_its_previous_verdict_counts_from_unverified() -> None:
    article = document(ARTICLE, title="Fähre")
    old = claim(article, editor("anna"), "80 km")
    made = assessment(old, "supported", 0.9, day(17))
    made.previous_verdict = ""  # stored before previous verdicts were
    made.save()

    assert changes() == {old.pk: ("unverified", "supported")}
