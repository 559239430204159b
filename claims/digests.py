"""Weekly digests: what an editor's week needs from them, built from bulk queries, rendered, sent once.

Whose claims
    A digest covers the claims the editor created: those created in the week, those whose computed
    verdict changed, those still unverified after FACTCHECK_DIGEST_UNVERIFIED_DAYS, the orphaned spans
    among them and their evidence, and the most contradicted ones without a matching published verdict.
    Why not the whole newsroom: the digest is "what needs *your* attention"; past a handful of editors a
    newsroom-wide list is the same long email for everyone and says nothing about who should act, while
    the newsroom view already exists in the browser. It also keeps each digest's queries on the
    created_by index, so their cost does not grow with the newsroom.

The editor's week
    The ISO week (Monday 00:00 to Monday 00:00) in the editor's time zone. A digest reports the last
    *complete* week and is sent during the following week, on the editor's weekday and hour: the default
    Monday 08:00 delivers week 48 on the Monday of week 49. "Still unverified", "orphaned" and "most
    contradicted" describe the state when the digest is built; "created" and "changed" describe the week.

Sending once (claims/digest_models.py DigestDelivery)
    The row (user, week) is created, then locked (SELECT ... FOR UPDATE SKIP LOCKED) for the whole
    build and send, and marked sent in that same transaction. A worker that dies releases the lock with
    its database connection and its transaction rolls back, so the row is open again and the next run
    sends it: nothing is lost. A row marked sent is never sent again. The one window left is between the
    SMTP server's "250 accepted" and our COMMIT (one UPDATE, before the SMTP QUIT): a crash exactly there
    sends that editor's digest a second time. We chose at-least-once for that window over at-most-once,
    because the only way to be at-most-once is to never resend a digest whose send was interrupted, and
    then a crash mid-send (far likelier than one in that millisecond) loses the editor's week. The resend
    carries the same deterministic Message-ID, so mail systems that deduplicate by it show one email.
"""

from __future__ import annotations

import re
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, Window
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.text import Truncator

from claims.digest_models import (
    FINISHED,
    DeliveryStatus,
    DigestDelivery,
    DigestSubscription,
    default_time_zone,
    validate_time_zone,
)
from claims.models import Assessment, Claim, Evidence, SpeakerRole, Stance
from claims.scoring import VERDICT_LABELS, Verdict
from sources.permissions import EDITORS_GROUP

SECTION_LIMIT = 10  # items listed per section; the rest are counted ("and 12 more")
CONTRADICTED_LIMIT = 5
TEXT_LIMIT = 220
UNSUBSCRIBE_SALT = "claims.digests.unsubscribe"
ORPHANS_PATH = "/orphans/"

# --- Weeks ----------------------------------------------------------------------------------------------

_WEEK = re.compile(r"([0-9]{4})-W([0-9]{2})")


@dataclass(frozen=True, order=True)
class IsoWeek:
    year: int
    week: int

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        """Read "2026-W48"; a ValueError saying what is wrong for anything that is not an ISO week."""
        match = _WEEK.fullmatch(text.strip())
        if not match:
            raise ValueError(f"{text!r} is not an ISO week: write it like 2026-W48.")
        year, week = int(match[1]), int(match[2])
        if not 1 <= year <= 9998:
            raise ValueError(f"{text!r} is not an ISO week: the year is out of range.")
        last = date(year, 12, 28).isocalendar().week  # 28 December is always in the year's last week
        if not 1 <= week <= last:
            raise ValueError(f"{text!r} is not an ISO week: {year} has weeks W01 to W{last}.")
        return cls(year, week)

    @classmethod
    def of(cls, day: date) -> IsoWeek:
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    def previous(self) -> IsoWeek:
        return IsoWeek.of(self.monday - timedelta(days=7))

    def next(self) -> IsoWeek:
        return IsoWeek.of(self.monday + timedelta(days=7))

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """Monday 00:00 of this week and of the next, in the zone."""
        start = datetime.combine(self.monday, time.min, tzinfo=zone)
        return start, datetime.combine(self.monday + timedelta(days=7), time.min, tzinfo=zone)


def reported_week(now: datetime, zone: ZoneInfo) -> IsoWeek:
    """The week a digest sent at `now` reports: the last complete ISO week in the editor's zone."""
    return IsoWeek.of(now.astimezone(zone).date()).previous()


def zone_of(subscription: DigestSubscription | None) -> ZoneInfo:
    return ZoneInfo(subscription.time_zone if subscription else default_time_zone())


def scheduled_send(subscription: DigestSubscription, week: IsoWeek) -> datetime:
    """When the digest reporting `week` is due: the editor's weekday and hour in the week after it."""
    day = week.next().monday + timedelta(days=subscription.weekday)
    return datetime.combine(day, time(subscription.hour), tzinfo=zone_of(subscription))


def next_digest(subscription: DigestSubscription, now: datetime) -> tuple[IsoWeek, datetime]:
    """The week the editor's next digest reports, and when it is due."""
    week = reported_week(now, zone_of(subscription))
    due = scheduled_send(subscription, week)
    if now < due:
        return week, due
    return week.next(), scheduled_send(subscription, week.next())


# --- Who gets digests -----------------------------------------------------------------------------------


def editors() -> QuerySet[AbstractBaseUser]:
    """Active editors with an email address (the rule of sources.permissions.is_editor, as a query)."""
    user_model = get_user_model()
    in_group = user_model.groups.through.objects.filter(user_id=OuterRef("pk"), group__name=EDITORS_GROUP)
    return (
        user_model.objects.filter(is_active=True)
        .exclude(email="")
        .filter(Q(is_staff=True) | Q(is_superuser=True) | Exists(in_group))
    )


def subscription_of(user: AbstractBaseUser) -> DigestSubscription:
    """The editor's subscription, or an unsaved one with the defaults (on, Monday 08:00)."""
    try:
        return user.digest_subscription  # type: ignore[attr-defined]
    except DigestSubscription.DoesNotExist:
        return DigestSubscription(user=user)


@dataclass(frozen=True)
class DueDigest:
    user_id: int
    week: IsoWeek


def digests_due(now: datetime) -> list[DueDigest]:
    """Editors whose digest time has come this week (in their zone) and whose digest for the reported
    week is not finished. Hours missed (beat down, a crash) are caught up by the next hourly run."""
    rows = editors().values_list(
        "id",
        "digest_subscription__enabled",
        "digest_subscription__weekday",
        "digest_subscription__hour",
        "digest_subscription__time_zone",
    )
    due: list[DueDigest] = []
    for user_id, enabled, weekday, hour, time_zone in rows:
        if enabled is False:
            continue
        subscription = DigestSubscription(enabled=True)  # the defaults, for editors without a row
        if enabled is not None:
            subscription.weekday, subscription.hour, subscription.time_zone = weekday, hour, time_zone
        week = reported_week(now, zone_of(subscription))
        if now >= scheduled_send(subscription, week):
            due.append(DueDigest(user_id, week))
    # A failed row is not retried by the fan-out every hour (send_digests can); a pending one is: its
    # worker may have died.
    closed = set(
        DigestDelivery.objects.filter(
            week__in={str(d.week) for d in due}, status__in=[*FINISHED, DeliveryStatus.FAILED]
        ).values_list("user_id", "week")
    )
    return [d for d in due if (d.user_id, str(d.week)) not in closed]


# --- The content ----------------------------------------------------------------------------------------

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
        return f"/documents/{self.document_id}/#claim-{self.claim_id}"

    @property
    def verdict_label(self) -> str:
        return verdict_label(self.verdict or Verdict.UNVERIFIED)

    @property
    def verdict_colour(self) -> str:
        return verdict_colour(self.verdict)

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
    def old_colour(self) -> str:
        return verdict_colour(self.old_verdict)

    @property
    def new_colour(self) -> str:
        return verdict_colour(self.new_verdict)

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
    path: str = ORPHANS_PATH


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


# The browser UI's verdict hues (frontend/static/frontend/app.css) for the email's inline styles, a shade
# darker where small text on white needs a 4.5:1 contrast; the label is always written out as well.
VERDICT_COLOURS = {
    "supported": "#2e6b47",
    "mostly_supported": "#4f7a22",
    "disputed": "#8a5f00",
    "mostly_contradicted": "#a84a22",
    "contradicted": "#a61b29",
    "unverified": "#5b636d",
}


def verdict_colour(value: str) -> str:
    return VERDICT_COLOURS.get(value or "unverified", "#5b636d")


CLAIM_FIELDS = (
    "id",
    "document_id",
    "document__title",
    "exact",
    "statement",
    "speaker",
    "speaker_role",
    "created_at",
    "assessment__verdict",
    "assessment__support_score",
    "editorial__verdict",
    "editorial__published_at",
)


def _claim_line(row: dict[str, Any], **extra: int) -> ClaimLine:
    return ClaimLine(
        claim_id=row["id"],
        document_id=row["document_id"],
        document_title=row["document__title"],
        text=Truncator(row["statement"] or row["exact"]).chars(TEXT_LIMIT),
        speaker=row["speaker"],
        speaker_role=row["speaker_role"],
        created_at=row["created_at"],
        verdict=row["assessment__verdict"] or "",
        support_score=row["assessment__support_score"],
        published_verdict=row["editorial__verdict"] or "",
        published_at=row["editorial__published_at"],
        **extra,
    )


def _page(queryset: QuerySet[Any], limit: int, *fields: str) -> tuple[list[dict[str, Any]], int]:
    """The first `limit` rows and the total, in one query (a window count over the whole filter)."""
    rows = list(queryset.annotate(total=Window(Count("pk"))).values(*fields, "total")[:limit])
    return rows, rows[0]["total"] if rows else 0


def _new_claims(user_id: int, start: datetime, end: datetime) -> Section[ClaimLine]:
    claims = Claim.objects.filter(created_by_id=user_id, created_at__gte=start, created_at__lt=end)
    rows, total = _page(claims.order_by("-created_at", "-id"), SECTION_LIMIT, *CLAIM_FIELDS)
    return Section([_claim_line(row) for row in rows], total)


# The verdict scale, for ranking changes; unverified (no usable evidence) sits in the middle, like disputed.
VERDICT_RATING = {
    Verdict.SUPPORTED: 5,
    Verdict.MOSTLY_SUPPORTED: 4,
    Verdict.DISPUTED: 3,
    Verdict.UNVERIFIED: 3,
    Verdict.MOSTLY_CONTRADICTED: 2,
    Verdict.CONTRADICTED: 1,
}


def _significance(old: str, new: str, new_score: float | None) -> tuple[int, float]:
    """The larger step on the verdict scale first (supported → contradicted before supported → mostly
    supported), then the more decisive new score."""
    step = abs(VERDICT_RATING[Verdict(new)] - VERDICT_RATING[Verdict(old)])
    return step, abs((0.5 if new_score is None else new_score) - 0.5)


def _verdict_changes(user_id: int, start: datetime, end: datetime) -> Section[VerdictChange]:
    """The editor's claims whose verdict at the end of the week differs from the one before it.

    Two plain queries: the week's assessments of the editor's claims (each knows the verdict before
    it), ranked here; then the ten claims to show, with the score they had before the week. Their cost
    follows the editor's week, not the number of claims they ever made."""
    rows = (
        Assessment.objects.filter(claim__created_by_id=user_id, created_at__gte=start, created_at__lt=end)
        .order_by("claim_id", "created_at", "id")
        .values_list("claim_id", "verdict", "previous_verdict", "support_score", "created_at")
    )
    before: dict[int, str] = {}
    after: dict[int, tuple[str, float | None]] = {}
    changed_at: dict[int, datetime] = {}
    for claim_id, verdict, previous, score, created_at in rows:
        before.setdefault(claim_id, previous or Verdict.UNVERIFIED.value)  # "" is a claim's first scoring
        if claim_id not in after or after[claim_id][0] != verdict:
            changed_at[claim_id] = created_at
        after[claim_id] = (verdict, score)
    changed = [claim_id for claim_id, (verdict, _) in after.items() if verdict != before[claim_id]]
    changed.sort(
        key=lambda claim_id: (_significance(before[claim_id], *after[claim_id]), claim_id), reverse=True
    )
    shown = changed[:SECTION_LIMIT]
    earlier = Assessment.objects.filter(claim=OuterRef("pk"), created_at__lt=start).order_by(
        "-created_at", "-id"
    )
    details = {
        row["id"]: row
        for row in Claim.objects.filter(pk__in=shown)
        .annotate(old_score=Subquery(earlier.values("support_score")[:1]))
        .values(*CLAIM_FIELDS, "old_score")
    }
    changes = [
        VerdictChange(
            claim=_claim_line(details[claim_id]),
            old_verdict=before[claim_id],
            old_score=details[claim_id]["old_score"],
            new_verdict=after[claim_id][0],
            new_score=after[claim_id][1],
            changed_at=changed_at[claim_id],
        )
        for claim_id in shown
        if claim_id in details  # deleted since: its assessments went with it, but not in this read
    ]
    return Section(changes, len(changed))


def _unverified(user_id: int, as_of: datetime, days: int) -> Section[ClaimLine]:
    claims = Claim.objects.filter(created_by_id=user_id, created_at__lte=as_of - timedelta(days=days)).filter(
        Q(assessment__isnull=True) | Q(assessment__verdict=Verdict.UNVERIFIED.value)
    )
    rows, total = _page(claims.order_by("created_at", "id"), SECTION_LIMIT, *CLAIM_FIELDS)
    lines = [_claim_line(row, days_waiting=(as_of - row["created_at"]).days) for row in rows]
    return Section(lines, total)


def _contradicted(user_id: int) -> Section[ClaimLine]:
    """The editor's claims the evidence contradicts, unless the published verdict already says so."""
    contradicting = (
        Evidence.objects.filter(claim=OuterRef("pk"), stance=Stance.CONTRADICTS)
        .order_by()
        .values("claim")
        .annotate(n=Count("pk"))
        .values("n")
    )
    claims = (
        Claim.objects.filter(
            created_by_id=user_id,
            assessment__verdict__in=[Verdict.CONTRADICTED.value, Verdict.MOSTLY_CONTRADICTED.value],
        )
        .filter(Q(editorial__isnull=True) | ~Q(editorial__verdict=F("assessment__verdict")))
        .annotate(contradicting=Coalesce(Subquery(contradicting[:1]), Value(0)))
        .order_by("assessment__support_score", "-contradicting", "id")
    )
    rows, total = _page(claims, CONTRADICTED_LIMIT, *CLAIM_FIELDS, "contradicting")
    return Section([_claim_line(row, contradicting=row["contradicting"]) for row in rows], total)


def _orphans(user_id: int) -> Section[OrphanLine]:
    """Spans re-anchoring could not place: the editor's claims and the evidence on them (whoever linked
    it: the claim's editor is the one who needs it placed)."""
    claims = Claim.objects.filter(created_by_id=user_id, orphaned=True).order_by("-updated_at", "-id")
    claim_rows, claim_total = _page(claims, SECTION_LIMIT, "exact", "document__title")
    evidence = Evidence.objects.filter(claim__created_by_id=user_id, orphaned=True)
    evidence_rows, evidence_total = _page(
        evidence.order_by("-updated_at", "-id"), SECTION_LIMIT, "exact", "document__title"
    )
    lines = [
        OrphanLine(kind, Truncator(row["exact"]).chars(TEXT_LIMIT), row["document__title"])
        for kind, rows in (("claim", claim_rows), ("evidence", evidence_rows))
        for row in rows
    ]
    return Section(lines[:SECTION_LIMIT], claim_total + evidence_total)


def digest_build(*, user: AbstractBaseUser, week: IsoWeek, now: datetime | None = None) -> Digest:
    """The editor's digest for `week`: six queries whatever the number of claims (plus the
    subscription, when it was not loaded with the user)."""
    as_of = now or timezone.now()
    subscription = subscription_of(user)
    zone = zone_of(subscription)
    start, end = week.bounds(zone)
    days = settings.FACTCHECK_DIGEST_UNVERIFIED_DAYS
    return Digest(
        user_id=user.pk,
        email=user.email,  # type: ignore[attr-defined]
        name=user.get_full_name() or user.get_username(),  # type: ignore[attr-defined]
        week=week,
        time_zone=str(zone),
        start=start,
        end=end,
        as_of=as_of,
        unverified_days=days,
        new_claims=_new_claims(user.pk, start, end),
        verdict_changes=_verdict_changes(user.pk, start, end),
        unverified=_unverified(user.pk, as_of, days),
        orphans=_orphans(user.pk),
        contradicted=_contradicted(user.pk),
    )


# --- Rendering and sending ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RenderedDigest:
    subject: str
    text: str
    html: str
    unsubscribe_url: str


def site_url(path: str = "") -> str:
    return settings.FACTCHECK_SITE_URL.rstrip("/") + path


def unsubscribe_token(user_id: int) -> str:
    """A signed token that can do exactly one thing: turn this user's digest off. It does not expire:
    an unsubscribe link in an old email must still work."""
    return signing.dumps(user_id, salt=UNSUBSCRIBE_SALT)


def unsubscribe_user_id(token: str) -> int:
    """The user id in a token; signing.BadSignature when it was not made by this site (or was altered)."""
    value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(value, int):
        raise signing.BadSignature("not a digest unsubscribe token")
    return value


def digest_render(digest: Digest) -> RenderedDigest:
    from django.urls import reverse  # the URLconf imports views that import this module

    unsubscribe = site_url(reverse("digest-unsubscribe", args=[unsubscribe_token(digest.user_id)]))
    context = {
        "digest": digest,
        "organisation": settings.FACTCHECK_ORGANISATION,
        "site_url": site_url(),
        "profile_url": site_url(reverse("profile")),
        "orphans_url": site_url(ORPHANS_PATH),
        "unsubscribe_url": unsubscribe,
    }
    subject = " ".join(render_to_string("claims/email/digest_subject.txt", context).split())
    return RenderedDigest(
        subject=subject,
        text=render_to_string("claims/email/digest.txt", context),
        html=render_to_string("claims/email/digest.html", context),
        unsubscribe_url=unsubscribe,
    )


def digest_message_id(user_id: int, week: IsoWeek) -> str:
    """The same Message-ID every time this digest is sent, so a resend can be recognised as one."""
    digest_hash = salted_hmac("claims.digests.message-id", f"{user_id}:{week}").hexdigest()[:20]
    domain = urlsplit(settings.FACTCHECK_SITE_URL).hostname or "localhost"
    return f"<digest.{week}.{digest_hash}@{domain}>"


def digest_email(
    digest: Digest, rendered: RenderedDigest, *, connection: BaseEmailBackend | None = None
) -> EmailMultiAlternatives:
    domain = urlsplit(settings.FACTCHECK_SITE_URL).hostname or "localhost"
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[digest.email],
        connection=connection,
        headers={
            "Message-ID": digest_message_id(digest.user_id, digest.week),
            "List-Id": f"Weekly digest <digest.{domain}>",
            # RFC 8058: mail clients show an unsubscribe button that POSTs to this URL.
            "List-Unsubscribe": f"<{rendered.unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",  # RFC 3834: no vacation auto-replies
        },
    )
    message.attach_alternative(rendered.html, "text/html")
    return message


# --- Delivering once ------------------------------------------------------------------------------------

# Errors on the way to the SMTP server: worth another attempt later (smtplib's errors are OSErrors).
SEND_ERRORS: tuple[type[BaseException], ...] = (OSError,)


def is_permanent(error: BaseException) -> bool:
    """A 5xx answer (recipient or message refused) will not change on retry; anything else might."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


class Outcome(StrEnum):
    SENT = "sent"
    SKIPPED = "skipped"  # nothing to say this week
    ALREADY_DONE = "already done"  # sent (or found empty) before
    BUSY = "busy"  # another worker holds the row right now
    NOT_SUBSCRIBED = "not subscribed"  # unsubscribed, no longer an editor, or gone


OPEN = (DeliveryStatus.PENDING, DeliveryStatus.FAILED)
_FINISHED_OUTCOMES = {DeliveryStatus.SENT: Outcome.ALREADY_DONE, DeliveryStatus.SKIPPED: Outcome.SKIPPED}


def _recipient(user_id: int) -> AbstractBaseUser | None:
    """The editor with their subscription, or None when they should get no digest (gone, deactivated,
    no longer an editor, no address, or unsubscribed)."""
    user = editors().select_related("digest_subscription").filter(pk=user_id).first()
    if user is None or not subscription_of(user).enabled:
        return None
    return user


def digest_deliver(
    *,
    user_id: int,
    week: IsoWeek,
    now: datetime | None = None,
    final_attempt: bool = True,
    connection: BaseEmailBackend | None = None,
) -> Outcome:
    """Build and send one editor's digest for `week` unless it was sent before; see the module docstring
    for why this is safe against crashes and concurrent runs. On a send error the attempt is recorded
    and the error raised again (the row stays open, or is marked failed on the final attempt)."""
    user = _recipient(user_id)
    if user is None:
        return Outcome.NOT_SUBSCRIBED
    # The row is there (committed) before anything is sent. One INSERT that does nothing when the row
    # exists: no read-then-create race between two runs, and one round trip.
    DigestDelivery.objects.bulk_create(
        [DigestDelivery(user_id=user_id, week=str(week))], ignore_conflicts=True
    )
    row = DigestDelivery.objects.filter(user_id=user_id, week=str(week))
    own_connection = connection is None
    mailer = connection or get_connection()
    try:
        with transaction.atomic():
            claimed = row.select_for_update(skip_locked=True).filter(status__in=OPEN).first()
            if claimed is None:  # finished before, or another worker holds it right now
                status = row.values_list("status", flat=True).first()
                return _FINISHED_OUTCOMES.get(status or "", Outcome.BUSY)
            digest = digest_build(user=user, week=week, now=now)
            sent_at = timezone.now()
            if digest.is_empty:
                DigestDelivery.objects.filter(pk=claimed.pk).update(
                    status=DeliveryStatus.SKIPPED, last_attempt_at=sent_at
                )
                return Outcome.SKIPPED
            rendered = digest_render(digest)
            message = digest_email(digest, rendered, connection=mailer)
            # Opened here so that sending does not also close it: the SMTP QUIT waits for our commit.
            mailer.open()
            message.send()
            # Still inside the lock: the row becomes "sent" in the same commit that releases it.
            DigestDelivery.objects.filter(pk=claimed.pk).update(
                status=DeliveryStatus.SENT,
                sent_at=sent_at,
                last_attempt_at=sent_at,
                attempts=F("attempts") + 1,
                message_id=message.extra_headers["Message-ID"],
                subject=rendered.subject[:255],
                last_error="",
            )
        return Outcome.SENT
    except SEND_ERRORS as error:
        failed = final_attempt or is_permanent(error)
        row.filter(status__in=OPEN).update(
            status=DeliveryStatus.FAILED if failed else DeliveryStatus.PENDING,
            attempts=F("attempts") + 1,
            last_attempt_at=timezone.now(),
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        raise
    finally:
        if own_connection:
            mailer.close()  # QUIT only after the commit above


# --- Subscription changes -------------------------------------------------------------------------------


@transaction.atomic
def digest_subscription_update(
    *, user: AbstractBaseUser, enabled: bool, weekday: int, hour: int, time_zone: str
) -> DigestSubscription:
    validate_time_zone(time_zone)
    if not 0 <= weekday <= 6 or not 0 <= hour <= 23:
        raise ValidationError("The weekday must be 0–6 (Monday–Sunday) and the hour 0–23.")
    subscription, _ = DigestSubscription.objects.update_or_create(
        user=user, defaults={"enabled": enabled, "weekday": weekday, "hour": hour, "time_zone": time_zone}
    )
    return subscription


@transaction.atomic
def digest_unsubscribe(*, user_id: int) -> DigestSubscription:
    """Turn the digest off (idempotent); DoesNotExist when there is no such user."""
    user = get_user_model().objects.get(pk=user_id)
    subscription, _ = DigestSubscription.objects.update_or_create(user=user, defaults={"enabled": False})
    return subscription


def recent_deliveries(user: AbstractBaseUser, limit: int = 5) -> Sequence[DigestDelivery]:
    return list(DigestDelivery.objects.filter(user=user).order_by("-week")[:limit])
