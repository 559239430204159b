"""What a digest says: its sections and their lines, built by the selectors and read by the templates.

"Still unverified", "orphaned" and "most contradicted" describe the state when the digest is built;
"created" and "changed" describe the week. Colours are the email template's business, not these lines'.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Generic, TypeVar

from claims.digests.weeks import IsoWeek
from claims.models import SpeakerRole
from claims.scoring import VERDICT_LABELS, Verdict
from factcheck.links import path_to

T = TypeVar("T")


@dataclass(frozen=True)
class Section(Generic[T]):
    items: list[T]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.items)


@dataclass(frozen=True)
class ClaimLine:
    claim_id: int
    document_id: int
    document_title: str
    text: str
    speaker: str
    speaker_role: str
    created_at: datetime
    verdict: str  # the current computed verdict; "" while it has never been scored
    support_score: float | None
    published_verdict: str  # the editorial verdict, "" when none is published
    contradicting: int = 0
    days_waiting: int = 0
    published_at: datetime | None = None  # when the editorial verdict was published

    @property
    def path(self) -> str:
        """The claim in its document's reader (site-relative; the email prefixes the site's URL)."""
        return path_to("document-read", self.document_id, fragment=f"claim-{self.claim_id}")

    @property
    def verdict_label(self) -> str:
        return verdict_label(self.verdict or Verdict.UNVERIFIED)

    @property
    def published_label(self) -> str:
        return verdict_label(self.published_verdict) if self.published_verdict else ""

    @property
    def speaker_label(self) -> str:
        role = SpeakerRole(self.speaker_role).label.lower() if self.speaker_role else ""
        return f"{self.speaker} ({role})" if self.speaker and role else self.speaker


@dataclass(frozen=True)
class VerdictChange:
    claim: ClaimLine
    old_verdict: str
    old_score: float | None
    new_verdict: str
    new_score: float | None
    changed_at: datetime | None = None  # when the computed verdict took its new value

    @property
    def old_label(self) -> str:
        return verdict_label(self.old_verdict)

    @property
    def new_label(self) -> str:
        return verdict_label(self.new_verdict)

    @property
    def published_differs(self) -> bool:
        """The published (editorial) verdict is not the computed one."""
        return bool(self.claim.published_verdict) and self.claim.published_verdict != self.new_verdict

    @property
    def published_before_change(self) -> bool:
        """The verdict was published before the evidence moved the computed one: worth another look.
        Published after it, the difference is the editor's own judgement and nothing has gone wrong."""
        published, changed = self.claim.published_at, self.changed_at
        return (
            self.published_differs and published is not None and changed is not None and published < changed
        )

    @property
    def published_note(self) -> str:
        """The difference between the published and the computed verdict, in plain words."""
        if not self.published_differs:
            return ""
        published, computed = self.claim.published_label, self.new_label
        if self.published_before_change:
            return (
                f"Published verdict: {published}. The evidence changed after it was published and now "
                f"computes {computed}: worth another look."
            )
        return (
            f"Published verdict: {published}, an editor's judgement; the evidence alone computes {computed}."
        )


@dataclass(frozen=True)
class OrphanLine:
    kind: str  # "claim" or "evidence"
    text: str
    document_title: str

    @property
    def path(self) -> str:
        """The orphaned-spans page, where they are confirmed or re-placed."""
        return path_to("orphans")


@dataclass(frozen=True)
class Digest:
    user_id: int
    email: str
    name: str
    week: IsoWeek
    time_zone: str
    start: datetime
    end: datetime
    as_of: datetime
    unverified_days: int
    new_claims: Section[ClaimLine]
    verdict_changes: Section[VerdictChange]
    unverified: Section[ClaimLine]
    orphans: Section[OrphanLine]
    contradicted: Section[ClaimLine]
    last_day: date = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "last_day", self.week.monday + timedelta(days=6))

    @property
    def is_empty(self) -> bool:
        sections = (self.new_claims, self.verdict_changes, self.unverified, self.orphans, self.contradicted)
        return not any(section.total for section in sections)

    @property
    def headline(self) -> list[str]:
        """The counts worth a subject line, most pressing first; only the ones that are not zero."""
        counts = [
            (self.verdict_changes.total, "verdict changed", "verdicts changed"),
            (self.unverified.total, "claim needs evidence", "claims need evidence"),
            (self.orphans.total, "orphaned span", "orphaned spans"),
            (self.contradicted.total, "contradicted claim", "contradicted claims"),
            (self.new_claims.total, "new claim", "new claims"),
        ]
        return [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]

    @property
    def subject_counts(self) -> list[str]:
        """The three most pressing counts: a subject line longer than that is cut off by mail clients."""
        return self.headline[:3]


def verdict_label(value: str) -> str:
    return VERDICT_LABELS[Verdict(value)] if value else ""
