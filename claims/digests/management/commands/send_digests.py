"""Send the weekly digests now, for every subscribed editor or one (the beat fan-out does this hourly).

    python manage.py send_digests [--week 2026-W48] [--editor EMAIL] [--dry-run]

Without --week each editor gets the last complete ISO week in their time zone, whatever their weekday and
hour. Digests already sent are never sent again; running the command twice sends nothing the second time.
An editor who joined after the week ended gets none for it.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import get_connection
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from claims.digests import selectors, services
from claims.digests.emails import digest_render
from claims.digests.models import DeliveryStatus
from claims.digests.weeks import IsoWeek, ended_before_joining, reported_week, zone_of


class Command(BaseCommand):
    help = "Send the weekly digest to subscribed editors (each at most once per ISO week)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--week", help="ISO week to report, e.g. 2026-W48 (default: the last complete one)"
        )
        parser.add_argument("--editor", metavar="EMAIL", help="Only this editor (by email address)")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print each subject and text; send and store nothing"
        )

    def handle(self, *args: Any, week: str | None, editor: str | None, dry_run: bool, **options: Any) -> None:
        chosen_week = self._week(week) if week else None
        recipients = self._recipients(editor)
        now = timezone.now()
        counts: Counter[str] = Counter()
        connection = None if dry_run else get_connection()
        try:
            for user in recipients:
                subscription = selectors.subscription_of(user)
                if not subscription.enabled:
                    counts["unsubscribed"] += 1
                    continue
                zone = zone_of(subscription)
                report = chosen_week or reported_week(now, zone)
                if ended_before_joining(report, user.date_joined, zone):
                    counts["joined later"] += 1
                    continue
                if dry_run:
                    counts[self._dry_run(user, report, now)] += 1
                    continue
                try:
                    outcome = services.digest_deliver(
                        user_id=user.pk, week=report, now=now, final_attempt=False, connection=connection
                    )
                except services.SEND_ERRORS as error:
                    counts["failed"] += 1
                    self.stderr.write(f"{user.email}: not sent ({type(error).__name__}: {error})")
                    if not services.is_permanent(error):
                        # The server is down or unreachable: every other editor would wait for the same
                        # timeout. Their digests stay open for the next run or the hourly fan-out.
                        self.stderr.write("Stopping: the SMTP server did not take the message.")
                        break
                    connection.close()
                    connection = get_connection()
                    continue
                counts[outcome.value] += 1
        finally:
            if connection is not None:
                connection.close()
        self._summary(counts, dry_run=dry_run)
        if counts["failed"]:
            raise CommandError(
                f"{counts['failed']} digest(s) could not be sent; run the command again later."
            )

    def _week(self, text: str) -> IsoWeek:
        try:
            return IsoWeek.parse(text)
        except ValueError as error:
            raise CommandError(f"--week: {error}") from None

    def _recipients(self, email: str | None) -> list[AbstractBaseUser]:
        editors = selectors.editors().select_related("digest_subscription").order_by("email", "pk")
        if email is None:
            return list(editors)
        found = list(editors.filter(email__iexact=email.strip()))
        if found:
            return found
        if get_user_model().objects.filter(email__iexact=email.strip()).exists():
            raise CommandError(f"--editor: {email} is not an active editor; only editors get digests.")
        raise CommandError(f"--editor: no user has the email address {email}.")

    def _dry_run(self, user: AbstractBaseUser, week: IsoWeek, now: Any) -> str:
        """Print what would be sent; reads only."""
        done = selectors.finished_delivery_of(user, week)
        if done is not None:
            return "already done" if done.status == DeliveryStatus.SENT else "skipped"
        digest = selectors.digest_build(user=user, week=week, now=now)
        if digest.is_empty:
            return "skipped"
        rendered = digest_render(digest)
        self.stdout.write(f"=== To: {digest.email} · week {week} ===")
        self.stdout.write(f"Subject: {rendered.subject}")
        self.stdout.write("")
        self.stdout.write(rendered.text)
        return "sent"

    def _summary(self, counts: Counter[str], *, dry_run: bool) -> None:
        unsubscribed = counts["unsubscribed"] + counts[services.Outcome.NOT_SUBSCRIBED.value]
        parts = [
            f"{'would send' if dry_run else 'sent'} {counts['sent']}",
            f"skipped (nothing to say) {counts['skipped']}",
            f"already sent {counts['already done']}",
        ]
        extra = [
            ("unsubscribed", unsubscribed),
            ("joined after the week", counts["joined later"]),
            ("being sent by a worker", counts["busy"]),
        ]
        parts += [f"{label} {n}" for label, n in [*extra, ("failed", counts["failed"])] if n]
        line = ", ".join(parts) + "."
        line = line[0].upper() + line[1:]
        self.stdout.write(f"Dry run: {line} Nothing was sent or stored." if dry_run else line)
