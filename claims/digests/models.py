"""Weekly digest emails: each editor's subscription, and one delivery row per editor and ISO week.

The delivery row is what makes "at most once per editor per week" hold across processes and restarts:
the database refuses a second row for the same (user, week), and a digest is sent only by the task
that holds the row's lock while its status is still open (see claims/digests/services.py).
The tables keep the names they had in the claims app (claims_digestsubscription, claims_digestdelivery).
"""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEK_PATTERN = r"^[0-9]{4}-W[0-9]{2}$"


def default_time_zone() -> str:
    """The site's time zone; a callable, so migrations do not freeze today's setting."""
    return settings.TIME_ZONE


def validate_time_zone(value: str) -> None:
    """An IANA name this server's zoneinfo knows (e.g. Europe/Berlin)."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            "%(value)s is not a time zone name; use an IANA name such as Europe/Berlin.",
            code="invalid_time_zone",
            params={"value": value},
        ) from None


class DigestSubscription(models.Model):
    """When an editor wants the weekly digest. No row means the defaults: on, Monday 08:00, site time."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_subscription"
    )
    enabled = models.BooleanField(default=True)
    weekday = models.PositiveSmallIntegerField(
        default=0, choices=list(enumerate(WEEKDAYS)), help_text="Day the digest is sent: 0 is Monday."
    )
    hour = models.PositiveSmallIntegerField(
        default=8,
        choices=[(hour, f"{hour:02d}:00") for hour in range(24)],
        help_text="Hour (0–23) the digest is sent, in the editor's time zone.",
    )
    time_zone = models.CharField(max_length=64, default=default_time_zone, validators=[validate_time_zone])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "claims_digestsubscription"
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="digest_subscription_weekday_0_6"),
            models.CheckConstraint(condition=Q(hour__lte=23), name="digest_subscription_hour_0_23"),
        ]

    def __str__(self) -> str:
        state = "on" if self.enabled else "off"
        return f"{self.user}: {state}, {WEEKDAYS[self.weekday]} {self.hour:02d}:00 {self.time_zone}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"  # claimed; not (yet) sent, or a failed attempt waits for its retry
    SENT = "sent", "Sent"  # the SMTP server accepted it: never sent again
    SKIPPED = "skipped", "Nothing to say"  # built, empty: no email for this week
    FAILED = "failed", "Failed"  # retries used up; the next fan-out may try once more within the week


FINISHED = (DeliveryStatus.SENT, DeliveryStatus.SKIPPED)


class DigestDelivery(models.Model):
    """One editor's digest for one ISO week ("2026-W48"): the guard against sending it twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.CharField(max_length=8, help_text='The ISO week the digest reports, e.g. "2026-W48".')
    status = models.CharField(max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=255, blank=True)
    subject = models.CharField(max_length=255, blank=True)

    class Meta:
        db_table = "claims_digestdelivery"
        verbose_name_plural = "digest deliveries"
        ordering = ["-week", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "week"], name="digest_delivery_once_per_week"),
            models.CheckConstraint(
                condition=Q(status__in=DeliveryStatus.values), name="digest_delivery_status_valid"
            ),
            models.CheckConstraint(condition=Q(week__regex=WEEK_PATTERN), name="digest_delivery_week_iso"),
            models.CheckConstraint(
                condition=~Q(status=DeliveryStatus.SENT) | Q(sent_at__isnull=False),
                name="digest_delivery_sent_has_time",
            ),
        ]
        indexes = [models.Index(fields=["week", "status"], name="claims_dige_week_c201e9_idx")]

    def __str__(self) -> str:
        return f"{self.user} {self.week}: {self.status}"
