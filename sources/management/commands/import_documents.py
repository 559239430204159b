"""`manage.py import_documents PATH...`: import .txt, .md and .html files and folders as documents."""

from __future__ import annotations

import multiprocessing
import os
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import IntegrityError, connections, reset_queries
from tqdm import tqdm

from sources import services
from sources.errors import ImportRefused
from sources.imports import import_summary

# Files are extracted and written in batches: fast, and memory stays flat.
BATCH_SIZE = 200
# Below this many files, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 400

Prepared = services.PreparedDocument | tuple[str, str]  # a document, or (file, why it was refused)


def prepare(item: str, overrides: services.ImportOverrides) -> Prepared:
    """One file, or one web page when the argument is an http(s) URL (fetched as the API fetches)."""
    try:
        if _is_web_address(item):
            source = services.source_from_url(item)
        else:
            source = services.source_from_path(item, not_found_hint=_hint(item))
        return services.document_prepare(source, overrides)
    except ImportRefused as refusal:
        return (item, refusal.message.removeprefix(f"{item}: "))


# "https://…", "ftp://…": a scheme and "//" say the argument is an address, not a path.
_ADDRESS = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def _is_web_address(item: str) -> bool:
    return urlsplit(item).scheme.lower() in ("http", "https") and bool(_ADDRESS.match(item))


def _hint(item: str) -> str:
    """Why an argument that is no file may not be one: an address of something other than a web page."""
    if _ADDRESS.match(item):
        return "this command reads files, folders and http(s) web pages, not other addresses"
    return ""


_INHERITED_CONNECTIONS: list[object] = []


def _forget_inherited_connections() -> None:
    """Runs in each forked worker. The parent's database connections came along with the fork:
    closing (or finalising) one here would end the parent's session, so set them aside untouched;
    workers exit through os._exit, which runs no finalisers."""
    for connection in connections.all(initialized_only=True):
        _INHERITED_CONNECTIONS.append(connection.connection)
        connection.connection = None


def _prepare_in_worker(job: tuple[str, services.ImportOverrides]) -> Prepared:
    return prepare(*job)


def prepared_batches(
    paths: list[str], overrides: services.ImportOverrides, jobs: int
) -> Iterator[list[Prepared]]:
    """Batches of extracted documents, in order. With jobs > 1, worker processes extract the next
    batch while the caller stores this one; at most two batches are in memory at once."""
    chunks = [paths[start : start + BATCH_SIZE] for start in range(0, len(paths), BATCH_SIZE)]
    if jobs <= 1:
        for chunk in chunks:
            yield [prepare(path, overrides) for path in chunk]
        return
    with multiprocessing.get_context("fork").Pool(jobs, initializer=_forget_inherited_connections) as pool:
        pending = None
        for chunk in [*chunks, None]:
            ready = pending.get() if pending is not None else None
            if chunk is not None:
                pending = pool.map_async(
                    _prepare_in_worker, [(path, overrides) for path in chunk], chunksize=8
                )
            if ready is not None:
                yield ready


def iter_paths(paths: list[str]) -> Iterator[str]:
    """Files and web pages named, as given, and every file under folders named (recursively, skipping
    dot-files)."""
    for raw in paths:
        if not _ADDRESS.match(raw) and Path(raw).is_dir():
            for folder, dirs, files in os.walk(raw):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield os.path.join(folder, name)
        else:
            yield raw


class Command(BaseCommand):
    help = (
        "Import .txt, .md and .html files (and folders, recursively) and http(s) web pages as documents. "
        "Re-importing the same text changes nothing; a changed text for the same URL (or --document) makes "
        "a new revision."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths",
            nargs="+",
            metavar="PATH",
            help="Files or folders to import, or http(s) URLs of web pages to fetch (as the API's "
            "source_url: internal addresses refused).",
        )
        parser.add_argument(
            "--publisher", default="", help="Publisher name for every document (created if new)."
        )
        parser.add_argument("--url", default="", help="The document's URL (one file only).")
        parser.add_argument("--title", default="", help="The document's title (one file only).")
        parser.add_argument(
            "--language", default="", help="Language code, e.g. de or en, instead of detecting it."
        )
        parser.add_argument(
            "--document",
            type=int,
            default=None,
            metavar="ID",
            help="Import as a new revision of document ID.",
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not show the progress bar.")
        parser.add_argument(
            "--no-suggestions",
            action="store_true",
            help=(
                "Do not propose claims and evidence for these documents now (without a worker, in the "
                "embedded mode, that is done during the import); `manage.py suggest` does it later."
            ),
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=0,
            metavar="N",
            help=f"Processes extracting text (default: one per CPU from {PARALLEL_MIN_FILES} files on).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths = list(iter_paths(options["paths"]))
        single = {name: options[name] for name in ("url", "title", "document") if options[name]}
        if single and len(paths) != 1:
            flags = ", ".join(f"--{name}" for name in single)
            raise CommandError(f"{flags} name one document; give exactly one file (got {len(paths)}).")
        try:
            overrides = services.ImportOverrides(
                title=options["title"],
                url=options["url"],
                language=options["language"],
                publisher=options["publisher"],
                document_id=options["document"],
            )
        except ImportRefused as refusal:  # a --url that is no http(s) address: nothing is read or stored
            raise CommandError(f"--{refusal.field}: {refusal.message}") from None
        counts: Counter[str] = Counter()
        failures: list[tuple[str, str]] = []
        verbose = options["verbosity"] >= 2
        jobs = options["jobs"] or ((os.cpu_count() or 1) if len(paths) >= PARALLEL_MIN_FILES else 1)
        progress = tqdm(
            total=len(paths),
            unit="file",
            desc="Importing",
            disable=options["no_progress"] or options["verbosity"] == 0,
        )
        for batch in prepared_batches(paths, overrides, jobs):
            documents = [item for item in batch if isinstance(item, services.PreparedDocument)]
            failures.extend(item for item in batch if isinstance(item, tuple))
            for outcome in self._store(documents, failures, suggest=not options["no_suggestions"]):
                counts[outcome.status.value] += 1
                if verbose:
                    tqdm.write(
                        f"{outcome.status.value:>12}  {outcome.source_name}  (document {outcome.document.pk})"
                    )
            progress.update(len(batch))
            reset_queries()  # with DEBUG on, Django keeps every query, texts included: memory would grow
        progress.close()
        self._report(counts, failures)
        if options["no_suggestions"] and counts["imported"] + counts["new_revision"]:
            self.stdout.write("No suggestions were made for them; `python manage.py suggest` makes them.")
        if failures:
            raise CommandError(f"{len(failures)} of {len(paths)} files failed.")

    def _store(
        self, batch: list[services.PreparedDocument], failures: list[tuple[str, str]], *, suggest: bool
    ) -> list[services.ImportOutcome]:
        if not batch:
            return []
        try:
            return services.documents_import_batch(prepared=batch, suggest=suggest)
        except (ImportRefused, IntegrityError):
            pass
        # Something in the batch was refused (or raced with another import): store one by one so
        # only the bad file fails and the good ones are still imported.
        outcomes = []
        for item in batch:
            try:
                outcomes.extend(services.documents_import_batch(prepared=[item], suggest=suggest))
            except ImportRefused as refusal:
                failures.append((item.source_name, refusal.message))
            except IntegrityError as exc:
                failures.append((item.source_name, f"could not be stored: {exc}"))
        return outcomes

    def _report(self, counts: Counter[str], failures: list[tuple[str, str]]) -> None:
        summary = import_summary({**counts, "failed": len(failures)})
        self.stdout.write(self.style.SUCCESS(summary) if not failures else self.style.WARNING(summary))
        for name, reason in failures:
            self.stdout.write(self.style.ERROR(f"  failed  {name}: {reason}"))
