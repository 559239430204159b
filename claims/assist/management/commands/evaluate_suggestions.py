"""`manage.py evaluate_suggestions`: measure claim, evidence and stance suggestions on the labelled corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from claims.assist.rules.evaluation import CorpusError, evaluate, load_corpus
from claims.assist.stored import stored_ranker

DEFAULT_CORPUS = Path("tests") / "claims" / "assist_corpus"
SEARCHES = {
    "postgresql": "PostgreSQL full-text search, re-ranked by BM25",
    "sqlite": "SQLite: BM25 in Python",
}


class Command(BaseCommand):
    help = (
        "Print precision and recall of claim suggestions, recall@5 of evidence suggestions and the accuracy "
        "of stance proposals on a labelled corpus (default: tests/claims/assist_corpus)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--corpus",
            type=Path,
            default=None,
            help="A folder with the sample documents and labels.json (default: tests/claims/assist_corpus).",
        )
        parser.add_argument(
            "--stored",
            action="store_true",
            help=(
                "Measure evidence suggestions as they run: the corpus imported into the database (in a "
                "transaction that is rolled back), its passages indexed and searched (full-text search on "
                "PostgreSQL). Without it, the rules are measured on their own with a BM25 ranker."
            ),
        )
        parser.add_argument(
            "--verbose",
            action="store_true",
            help="Also list missed claims, false suggestions and wrong stances.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        corpus = options["corpus"] or Path(settings.BASE_DIR) / DEFAULT_CORPUS
        if not corpus.is_dir():
            raise CommandError(
                f"no corpus folder at {corpus}; pass --corpus PATH to a folder with labels.json"
            )
        try:
            if options["stored"]:
                with transaction.atomic():
                    report = evaluate(corpus, ranker=stored_ranker(load_corpus(corpus)))
                    transaction.set_rollback(True)  # the corpus was only imported to be measured
                self.stdout.write(f"Evidence searched in the database ({SEARCHES[connection.vendor]})")
            else:
                report = evaluate(corpus)
        except CorpusError as error:
            raise CommandError(str(error)) from error
        for line in report.lines(verbose=options["verbose"]):
            self.stdout.write(line)
