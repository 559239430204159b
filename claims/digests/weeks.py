"""The editor's week: ISO weeks, the week a digest reports, and when each editor's digest is due.

The ISO week runs Monday 00:00 to Monday 00:00 in the editor's time zone. A digest reports the last
*complete* week and is sent during the following week, on the editor's weekday and hour: the default
Monday 08:00 delivers week 48 on the Monday of week 49.

A slot missed (beat or the workers down, the service stopped) is caught up by the hourly fan-out for
CATCH_UP after it, no longer: later, the digest would report a week long past with standing items
(orphaned spans, contradicted claims) as they are now, and the next one is days away. No digest reports
a week that ended before the editor joined: it holds nothing of theirs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from claims.digests.models import DigestSubscription, default_time_zone

_WEEK = re.compile(r"([0-9]{4})-W([0-9]{2})")

# How late a missed digest is still sent: a day covers an outage of beat, the workers or the SMTP server
# (the send's own retries take about three hours), without a digest arriving days after its week.
CATCH_UP = timedelta(hours=24)


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


def ended_before_joining(week: IsoWeek, joined: datetime, zone: ZoneInfo) -> bool:
    """Whether the week was over (in the editor's zone) when the editor joined: no digest reports it."""
    return week.bounds(zone)[1] <= joined


def due_week(subscription: DigestSubscription, joined: datetime, now: datetime) -> IsoWeek | None:
    """The week whose digest the hourly fan-out sends at `now`: the last complete one, from the editor's
    weekday and hour for CATCH_UP, unless it ended before the editor joined; else None."""
    zone = zone_of(subscription)
    week = reported_week(now, zone)
    due = scheduled_send(subscription, week)
    if not due <= now < due + CATCH_UP or ended_before_joining(week, joined, zone):
        return None
    return week


def next_digest(
    subscription: DigestSubscription, now: datetime, joined: datetime
) -> tuple[IsoWeek, datetime]:
    """The week the editor's next digest reports, and when it is due (never a week that ended before the
    editor joined)."""
    zone = zone_of(subscription)
    week = reported_week(now, zone)
    due = scheduled_send(subscription, week)
    if now < due and not ended_before_joining(week, joined, zone):
        return week, due
    return week.next(), scheduled_send(subscription, week.next())
