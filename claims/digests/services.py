"""Digest writes: deliver one editor's digest once, and change or end a subscription.

Sending once (claims/digests/models.py DigestDelivery)
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

import smtplib
from datetime import datetime
from enum import StrEnum

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from claims.digests.emails import digest_email, digest_render
from claims.digests.models import DeliveryStatus, DigestDelivery, DigestSubscription, validate_time_zone
from claims.digests.selectors import digest_build, editors, subscription_of
from claims.digests.weeks import IsoWeek

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
