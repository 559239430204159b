"""Celery tasks for the weekly digest: an hourly fan-out (beat) and one task per editor.

The delivery row, not the broker, is the record of what was sent (claims/digests/services.py): a task
that runs twice, or a fan-out that enqueues an editor again, sends nothing twice. Send errors are retried with
exponential backoff and jitter, up to a maximum; a refusal (5xx) is not retried. The tasks keep the names
they were registered under in claims/digest_tasks.py: beat's schedule and jobs already queued name them.
"""

from __future__ import annotations

import contextlib
import logging
import random
import smtplib
import time
from datetime import datetime

from celery import Task, shared_task
from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from claims import jobs
from claims.digests import selectors, services
from claims.digests.weeks import IsoWeek
from factcheck.env import env_int

log = logging.getLogger(__name__)

MAX_RETRIES = 8


def retry_delay(retries: int) -> float:
    """Seconds before the next attempt: base × 2^n, at most an hour, ±20 % jitter so a recovering SMTP
    server is not hit by every editor's retry at the same instant. The base comes from
    FACTCHECK_DIGEST_RETRY_DELAY (settings, else the environment, so a test worker can shorten it)."""
    base = getattr(settings, "FACTCHECK_DIGEST_RETRY_DELAY", None) or env_int(
        "FACTCHECK_DIGEST_RETRY_DELAY", 60
    )
    return min(base * 2**retries, 3600) * random.uniform(0.8, 1.2)


@shared_task(name="claims.digest_tasks.digests_fan_out", acks_late=True)
def digests_fan_out(now: str | None = None) -> int:
    """Beat, hourly: enqueue one digest_send per editor whose digest is due (see selectors.digests_due).
    `now` (ISO 8601) is for tests and manual runs."""
    moment = datetime.fromisoformat(now) if now else timezone.now()
    due = selectors.digests_due(moment)
    for item in due:
        # Guarded: a digest not sent now is still due at the next hourly fan-out (its delivery row is open).
        jobs.enqueue(jobs.DIGEST, item.user_id, str(item.week))
    if due:
        log.info("Digest fan-out: %s digests enqueued", len(due))
    return len(due)


# One SMTP connection per worker process, kept open from one digest to the next: a connection per
# digest cost a TCP and SMTP handshake (and a QUIT) each time. One idle for a while is checked with NOOP
# first, since servers close idle connections; one that failed a send is dropped.
_mailer: BaseEmailBackend | None = None
_mailer_used = 0.0
MAILER_IDLE_CHECK = 30.0  # seconds


def mailer() -> BaseEmailBackend:
    global _mailer, _mailer_used
    if _mailer is not None and time.monotonic() - _mailer_used > MAILER_IDLE_CHECK and not _alive(_mailer):
        mailer_drop()
    if _mailer is None:
        _mailer = get_connection()
    _mailer_used = time.monotonic()
    return _mailer


def _alive(connection: BaseEmailBackend) -> bool:
    smtp = getattr(connection, "connection", None)
    if smtp is None:  # not SMTP (console, memory), or not opened yet: nothing to check
        return True
    try:
        return smtp.noop()[0] == 250
    except (smtplib.SMTPException, OSError):
        return False


def mailer_drop() -> None:
    global _mailer
    if _mailer is not None:
        with contextlib.suppress(Exception):  # it is being thrown away: a failed QUIT changes nothing
            _mailer.close()
    _mailer = None


@shared_task(name="claims.digest_tasks.digest_send", bind=True, acks_late=True, max_retries=MAX_RETRIES)
def digest_send(self: Task, user_id: int, week: str) -> str:
    """Build and send one editor's digest for one ISO week, unless it was sent (or found empty) before."""
    final = self.request.retries >= self.max_retries
    try:
        outcome = services.digest_deliver(
            user_id=user_id, week=IsoWeek.parse(week), final_attempt=final, connection=mailer()
        )
    except services.SEND_ERRORS as error:
        mailer_drop()
        if final or services.is_permanent(error):
            log.error("Digest %s for user %s not sent, giving up: %s", week, user_id, error)
            return "failed"
        countdown = retry_delay(self.request.retries)
        log.warning(
            "Digest %s for user %s not sent (%s); retrying in %.0f s", week, user_id, error, countdown
        )
        raise self.retry(exc=error, countdown=countdown) from error
    except (OperationalError, InterfaceError) as error:
        # The database went away: the row's transaction rolled back, so it is still open for the retry.
        raise self.retry(exc=error, countdown=retry_delay(self.request.retries)) from error
    if outcome == services.Outcome.BUSY and not final:
        # Another worker holds the row: it is sending right now, or it died and the database has not yet
        # noticed. Look again later; if it was sent by then, the retry finds it done.
        raise self.retry(countdown=retry_delay(self.request.retries))
    log.info("Digest %s for user %s: %s", week, user_id, outcome)
    return str(outcome)
