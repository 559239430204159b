"""What the dashboard shows an editor at the start of a day: five short lists, each read with one query
(and one count where the list is cut short), so the page costs the same whatever the database holds."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from claims.digests.content import Section
from claims.models import Claim, Evidence
from claims.scoring import VERDICT_LABELS, Verdict
from claims.verdict_changes import changed_verdicts
from sources.models import Document
from sources.selectors import document_list

T = TypeVar("T")

LIST_LENGTH = 10
ORPHAN_LIST_LENGTH = 5


@dataclass(frozen=True)
class ChangedVerdict:
    """A claim whose verdict changed this week, listed old → new."""

    claim: Claim  # annotated by claims.verdict_changes.changed_verdicts

    @property
    def old_label(self) -> str:
        return VERDICT_LABELS[Verdict(self.claim.old_verdict)]  # type: ignore[attr-defined]

    @property
    def new_label(self) -> str:
        return VERDICT_LABELS[Verdict(self.claim.new_verdict)]  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Dashboard:
    recent_documents: list[Document]
    claims_without_evidence: Section[Claim]
    verdict_changes: Section[ChangedVerdict]
    orphaned_claims: Section[Claim]
    orphaned_evidence: Section[Evidence]
    pending_claims: Section[Claim]
    week_start: datetime.datetime

    @property
    def orphan_total(self) -> int:
        return self.orphaned_claims.total + self.orphaned_evidence.total


def week_start(now: datetime.datetime | None = None) -> datetime.datetime:
    """Monday 00:00 of the ISO week `now` falls in, in the site's time zone (digests count weeks so too)."""
    local = timezone.localtime(now or timezone.now())
    monday = local.date() - datetime.timedelta(days=local.isoweekday() - 1)
    return datetime.datetime.combine(monday, datetime.time.min, tzinfo=local.tzinfo)


def _section(queryset: QuerySet[T], limit: int) -> Section[T]:
    # Fetch one more than shown: only when the list overflows is a separate count needed.
    items = list(queryset[: limit + 1])
    if len(items) <= limit:
        return Section(items=items, total=len(items))
    return Section(items=items[:limit], total=queryset.count())


def _claims() -> QuerySet[Claim]:
    # Every claim item links into its document and shows its current computed verdict.
    return Claim.objects.select_related("document", "assessment")


def claims_without_evidence() -> QuerySet[Claim]:
    """Claims nobody has linked evidence to yet, newest first."""
    has_evidence = Evidence.objects.filter(claim=OuterRef("pk"))
    return _claims().filter(~Exists(has_evidence)).order_by("-created_at", "-id")


def verdict_changes(since: datetime.datetime) -> QuerySet[Claim]:
    """Claims whose verdict changed since `since` (claims.verdict_changes: the verdict now differs from
    the one before; the digest counts them so too), the latest change first, annotated old → new."""
    return changed_verdicts(start=since, claims=Claim.objects.select_related("document"))


def _changed(section: Section[Claim]) -> Section[ChangedVerdict]:
    return Section([ChangedVerdict(claim) for claim in section.items], section.total)


def orphaned_claims() -> QuerySet[Claim]:
    return _claims().filter(orphaned=True).order_by("-updated_at", "-id")


def orphaned_evidence() -> QuerySet[Evidence]:
    return (
        Evidence.objects.select_related("claim", "document")
        .filter(orphaned=True)
        .order_by("-updated_at", "-id")
    )


def pending_claims() -> QuerySet[Claim]:
    """Claims waiting for a scoring job, longest waiting first."""
    return _claims().filter(scoring_pending_since__isnull=False).order_by("scoring_pending_since", "id")


def dashboard(now: datetime.datetime | None = None) -> Dashboard:
    since = week_start(now)
    return Dashboard(
        recent_documents=list(document_list()[:LIST_LENGTH]),
        claims_without_evidence=_section(claims_without_evidence(), LIST_LENGTH),
        verdict_changes=_changed(_section(verdict_changes(since), LIST_LENGTH)),
        orphaned_claims=_section(orphaned_claims(), ORPHAN_LIST_LENGTH),
        orphaned_evidence=_section(orphaned_evidence(), ORPHAN_LIST_LENGTH),
        pending_claims=_section(pending_claims(), LIST_LENGTH),
        week_start=since,
    )
