"""`manage.py suggest`: propose claims and evidence for documents that have none yet.

An import does this in the background for each new text; this command is for documents imported with
`import_documents --no-suggestions`, or before suggestions existed. A document counts as done once its
current revision's passages are indexed.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Exists, OuterRef, QuerySet
from tqdm import tqdm

from claims import document_jobs
from claims.assist.models import Passage
from claims.assist.tasks import document_suggest
from sources.models import Document


def documents_without_suggestions() -> QuerySet[Document]:
    indexed = Passage.objects.filter(revision=OuterRef("current_revision"))
    return Document.objects.filter(current_revision__isnull=False).exclude(Exists(indexed)).order_by("id")


class Command(BaseCommand):
    help = (
        "Propose check-worthy claims and evidence for the documents not searched yet (or for --document "
        "ID ..., again), as an import does in the background."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--document", type=int, nargs="+", default=None, metavar="ID", help="Only these documents."
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Leave the work to the Celery workers (one job per document) instead of doing it here.",
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not show the progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["document"]:
            ids = sorted(set(options["document"]))
            found = set(Document.objects.filter(id__in=ids).values_list("id", flat=True))
            missing = [pk for pk in ids if pk not in found]
            if missing:
                raise CommandError(f"No document with id {', '.join(map(str, missing))}.")
        else:
            ids = list(documents_without_suggestions().values_list("id", flat=True))
        if not ids:
            self.stdout.write("Every document has been searched for suggestions already.")
            return
        if options["enqueue"]:
            for pk in ids:
                document_jobs.document_job_request(document_jobs.SUGGESTING, pk)
            # Said so that it holds whether Redis took the jobs or not: a job it did not take was warned
            # about just above, and its document stays marked for the sweep.
            self.stdout.write(
                f"Asked the workers to search {len(ids)} document{'s' if len(ids) != 1 else ''}; the sweep "
                "sends again any job Redis did not take."
            )
            return
        claims = evidence = 0
        hide = options["no_progress"] or options["verbosity"] == 0
        for pk in tqdm(ids, unit="document", desc="Suggesting", disable=hide):
            made = document_suggest.run(pk) or {}
            claims += made.get("claims", 0)
            evidence += made.get("evidence", 0)
        self.stdout.write(
            self.style.SUCCESS(
                f"Searched {len(ids)} documents: {claims} claims and {evidence} pieces of evidence suggested."
            )
        )
