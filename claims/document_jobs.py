"""A document's jobs after a new text: re-anchoring its claims (core's) and searching it for suggestions
(claims.assist's), each recorded by a mark on the document and a count of the attempts begun on it.

Each job that begins the work counts an attempt and moves the mark to that moment; the job clears both
when done. A job begun FACTCHECK_DOCUMENT_JOBS_ATTEMPTS times without finishing is given up, so that a
document a worker dies on every time (killed on it, handed out again by the broker, sent again by the
sweep) is not tried forever: no job begins it again and the sweep sends none. An editor's request, or a
newer text, starts the count anew.

An attempt begun is neither sent again by the sweep nor called failed while it may still be running: a
search longer than the sweep's wait would otherwise run twice, and the first could not clear its mark.
Under a worker, an attempt can no longer be running once Celery's hard time limit has passed since it
began (its mark); a mark with attempts counted that a sweep moved (the attempt before died) is waited on
as long, a lost message then sent again after the time limit rather than the sweep's wait. With jobs
in-process (the embedded mode) there is no time limit, but the job runs in the process that sent it,
which runs the sweeps and answers the pages too: an attempt is running while this process runs it, and
has ended the moment it stops. (A command run beside the embedded server, an import say, runs its jobs in
its own process, which the server cannot see.) A mark never begun is sent again after SWEEP_AFTER.
"""

from __future__ import annotations

import enum
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.utils import timezone

from claims import embedded_sweeps, jobs
from sources.models import Document

# Documents per suggestion job: enough that a large import sends few messages, few enough that several
# workers share the work.
SUGGEST_BATCH = 100


@dataclass(frozen=True)
class DocumentJob:
    """A kind of job a new text brings: its task's name, its mark and its attempts (Document columns)."""

    task: str
    mark: str
    attempts: str


REANCHORING = DocumentJob(jobs.REANCHOR, "reanchor_pending_since", "reanchor_attempts")
SUGGESTING = DocumentJob(jobs.SUGGEST_DOCUMENTS, "suggestions_pending_since", "suggestions_attempts")


class JobState(enum.StrEnum):
    DONE = "done"  # no mark: nothing waits
    WAITING = "waiting"  # marked, attempts left: a job is on its way, or the sweep sends one
    LAST = "last"  # its last attempt began and may still finish; nothing sends it again
    FAILED = "failed"  # its last attempt ended without finishing; only an editor's request runs it again


# The attempts this process runs now, by mark and document (two threads may run one document's).
_running: Counter[tuple[str, int]] = Counter()
_running_lock = threading.Lock()


def _running_here(job: DocumentJob) -> list[int]:
    with _running_lock:
        return [document_id for (mark, document_id) in _running if mark == job.mark]


def _given_up(job: DocumentJob) -> Q:
    """The one rule of a job given up: marked, and begun as many times as it may be."""
    allowed = settings.FACTCHECK_DOCUMENT_JOBS_ATTEMPTS
    return Q(**{f"{job.mark}__isnull": False, f"{job.attempts}__gte": allowed})


def _may_be_running(job: DocumentJob) -> Q:
    """An attempt begun that may still be running (see the module's docstring): with jobs in-process,
    one this process runs now; under a worker, one begun less than the hard time limit ago."""
    if current_app.conf.task_always_eager:
        return Q(pk__in=_running_here(job))
    began_after = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    return Q(**{f"{job.attempts}__gt": 0, f"{job.mark}__gte": began_after})


def _failed(job: DocumentJob) -> Q:
    """Given up, and its last attempt can no longer be running."""
    return _given_up(job) & ~_may_be_running(job)


def documents_failed(job: DocumentJob) -> QuerySet[Document]:
    """Documents whose job failed after its attempts, longest waiting first."""
    return Document.objects.filter(_failed(job)).order_by(job.mark, "id")


def document_job_state(job: DocumentJob, document_id: int) -> JobState:
    """Where the document's job stands (DONE for a document gone), read in one query."""
    state = Case(
        When(**{f"{job.mark}__isnull": True}, then=Value(JobState.DONE.value)),
        When(_failed(job), then=Value(JobState.FAILED.value)),
        When(_given_up(job), then=Value(JobState.LAST.value)),
        default=Value(JobState.WAITING.value),
        output_field=CharField(),
    )
    found = Document.objects.filter(pk=document_id).annotate(job_state=state).values_list("job_state")
    row = found.first()
    return JobState(row[0]) if row else JobState.DONE


@contextmanager
def attempt(job: DocumentJob, document_id: int) -> Iterator[bool]:
    """A job's attempt at the document's work: counted as it begins (False when given up: the caller
    leaves it alone), and known to this process as running until the block ends, however it ends."""
    if not _attempt_begin(job, document_id):
        yield False
        return
    key = (job.mark, document_id)
    with _running_lock:
        _running[key] += 1
    try:
        yield True
    finally:
        with _running_lock:
            _running[key] -= 1
            if not _running[key]:
                del _running[key]


def _attempt_begin(job: DocumentJob, document_id: int) -> bool:
    """Count a job beginning the document's marked work, committed before the work starts, so that a
    worker dying on it leaves the count; False when the job is given up. A document without a mark is
    worked on as asked, uncounted."""
    marked = Document.objects.filter(pk=document_id, **{f"{job.mark}__isnull": False})
    counted = marked.exclude(_given_up(job)).update(
        **{job.attempts: F(job.attempts) + 1, job.mark: timezone.now()}
    )
    return bool(counted) or not marked.exists()


def attempt_undo(job: DocumentJob, document_id: int) -> None:
    """Take back the attempt a job counted when it failed on a passing error (the database or the broker
    away) and is retried: that is no job dying on the document."""
    Document.objects.filter(pk=document_id, **{f"{job.attempts}__gt": 0}).update(
        **{job.attempts: F(job.attempts) - 1}
    )


def document_job_done(job: DocumentJob, document_id: int, *, begun: datetime | None = None) -> None:
    """Clear the document's mark and attempts; with `begun` (when the job began), only if no newer text
    or request marked it again while the job ran."""
    done = Document.objects.filter(pk=document_id)
    if begun is not None:
        done = done.filter(**{f"{job.mark}__lte": begun})
    done.update(**{job.mark: None, job.attempts: 0})


@transaction.atomic
def document_job_request(job: DocumentJob, document_id: int) -> None:
    """Run the document's job again, marked anew with its attempts counted from none: an editor asks
    (a search late, failed or never run; a re-anchoring failed), or `manage.py suggest --enqueue` does.
    The job is sent after the commit; the mark has the sweep send it if that job is lost."""
    Document.objects.filter(pk=document_id).update(**{job.mark: timezone.now(), job.attempts: 0})
    transaction.on_commit(lambda: documents_send(job, [document_id]))


@transaction.atomic
def documents_due_take(job: DocumentJob, *, older_than: timedelta, limit: int = 1000) -> list[int]:
    """Documents whose mark for `job` is older than `older_than`, for the sweep to send their job again;
    not those given up (a job would leave them alone), nor those whose attempt begun may still be running.
    Their mark moves to now: a job only slow to come (a long queue) is sent again once per `older_than`,
    not at every sweep."""
    now = timezone.now()
    due = Document.objects.filter(**{f"{job.mark}__lt": now - older_than})
    due = due.exclude(_given_up(job)).exclude(_may_be_running(job))
    ids = list(due.order_by(job.mark, "id").values_list("id", flat=True)[:limit])
    Document.objects.filter(id__in=ids).update(**{job.mark: now})
    return ids


def documents_send(job: DocumentJob, document_ids: list[int], *, only_pending: bool = False) -> None:
    """Send the job of these documents: re-anchoring one job a document, the suggestion search
    SUGGEST_BATCH to a job; sent again by the sweep (`only_pending`), a search skips the documents its
    first sending finished meanwhile."""
    if job is REANCHORING:
        for document_id in document_ids:
            jobs.enqueue(job.task, document_id)
        return
    for first in range(0, len(document_ids), SUGGEST_BATCH):
        jobs.enqueue(job.task, document_ids[first : first + SUGGEST_BATCH], only_pending)


def document_job_sent_again_by(job: DocumentJob, document: Document) -> datetime | None:
    """The latest the sweep sends the document's pending job again if it has not finished: once its mark
    (sent, or its attempt begun) is old enough, at the next sweep (beat's, or in the embedded mode the web
    process's round). Old enough: FACTCHECK_DOCUMENT_JOBS_SWEEP_AFTER for a job never begun or, with
    jobs in-process, one that ended; under a worker, an attempt begun waits out the hard time limit.
    None while this process runs it: only once it has ended unfinished."""
    since = getattr(document, job.mark)
    if since is None or document.pk in _running_here(job):
        return None
    wait = settings.FACTCHECK_DOCUMENT_JOBS_SWEEP_AFTER
    if getattr(document, job.attempts) > 0 and not current_app.conf.task_always_eager:
        wait = max(wait, settings.CELERY_TASK_TIME_LIMIT)
    every = embedded_sweeps.every("sweep-pending-document-jobs")
    return since + timedelta(seconds=wait + every)
