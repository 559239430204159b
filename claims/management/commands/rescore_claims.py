"""`manage.py rescore_claims`: score claims again in batches, e.g. after the algorithm changed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Q
from django.utils import timezone

from claims import scoring
from claims.models import Claim
from claims.verdicts import enqueue_scoring


class Command(BaseCommand):
    help = (
        "Score again every claim whose assessment is missing or from an older algorithm version "
        f"(now {scoring.ALGORITHM_VERSION}); --all scores every claim. Runs through the workers in batches."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="Every claim, whatever its algorithm version.")
        parser.add_argument("--batch-size", type=int, default=500, help="Claims per job (default 500).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch_size"] < 1:
            self.stderr.write(self.style.ERROR("--batch-size must be at least 1"))
            raise SystemExit(2)
        claims = Claim.objects.all()
        if not options["all"]:
            claims = claims.filter(
                Q(assessment__isnull=True) | ~Q(assessment__algorithm_version=scoring.ALGORITHM_VERSION)
            )
        ids = list(claims.order_by("id").values_list("id", flat=True))
        # The mark first: if a job is lost, the sweep finds these claims again.
        Claim.objects.filter(id__in=ids, scoring_pending_since__isnull=True).update(
            scoring_pending_since=timezone.now()
        )
        size = options["batch_size"]
        enqueue_scoring(ids, batch_size=size)  # guarded: with the broker away, the sweep sends them later
        batches = (len(ids) + size - 1) // size
        self.stdout.write(self.style.SUCCESS(f"Queued {len(ids)} claims for scoring in {batches} batches."))
