"""A document's jobs after a new text: re-anchoring its claims (core's) and searching it for suggestions
(claims.assist's), each recorded by a mark on the document and a count of the attempts begun on it.

Each job that begins the work counts an attempt and moves the mark to that moment; the job clears both
when done. A job begun FACTCHECK_DOCUMENT_JOBS_ATTEMPTS times without finishing is given up, so that a
document a worker dies on every time (killed on it, handed out again by the broker, sent again by the
sweep) is not tried forever: no job begins it again and the sweep sends none. Given up, it has *failed*
once its last attempt can no longer be running (Celery's hard time limit has passed since it began):
before that, the last attempt may still finish, and the page concerned keeps waiting for it. An editor's
request, or a newer text, starts the count anew.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

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


def _given_up(job: DocumentJob) -> Q:
    """The one rule of a job given up: marked, and begun as many times as it may be."""
    allowed = settings.FACTCHECK_DOCUMENT_JOBS_ATTEMPTS
    return Q(**{f"{job.mark}__isnull": False, f"{job.attempts}__gte": allowed})


def _failed(job: DocumentJob) -> Q:
    """Given up, and its last attempt (which moved the mark as it began) is past the hard time limit."""
    ended = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    return _given_up(job) & Q(**{f"{job.mark}__lt": ended})


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


def attempt_begin(job: DocumentJob, document_id: int) -> bool:
    """Count a job beginning the document's marked work, committed before the work starts, so that a
    worker dying on it leaves the count; False when the job is given up (the caller leaves it alone).
    A document without a mark is worked on as asked, uncounted."""
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


def document_job_restart(job: DocumentJob, document_id: int) -> None:
    """Mark the document's work anew, its attempts counted from none: an editor asks for it again (the
    caller sends the job after the commit; the mark has the sweep send it if that job is lost)."""
    Document.objects.filter(pk=document_id).update(**{job.mark: timezone.now(), job.attempts: 0})


@transaction.atomic
def documents_due_take(job: DocumentJob, *, older_than: timedelta, limit: int = 1000) -> list[int]:
    """Documents whose mark for `job` is older than `older_than`, for the sweep to send their job again;
    not those given up (a job would leave them alone). Their mark moves to now: a job only slow to come
    (a long queue) is sent again once per `older_than`, not at every sweep."""
    now = timezone.now()
    due = Document.objects.filter(**{f"{job.mark}__lt": now - older_than}).exclude(_given_up(job))
    ids = list(due.order_by(job.mark, "id").values_list("id", flat=True)[:limit])
    Document.objects.filter(id__in=ids).update(**{job.mark: now})
    return ids


def suggestions_send(document_ids: list[int], *, only_pending: bool = False) -> None:
    """Send the suggestion search of these documents, SUGGEST_BATCH to a job; sent again by the sweep
    (`only_pending`), a job skips the documents its first sending finished meanwhile."""
    for first in range(0, len(document_ids), SUGGEST_BATCH):
        jobs.enqueue(SUGGESTING.task, document_ids[first : first + SUGGEST_BATCH], only_pending)


def document_job_sent_again_by(since: datetime) -> datetime:
    """The latest the sweep sends a document's job again when the one sent or begun at `since` (its mark)
    has not finished: once the mark is FACTCHECK_DOCUMENT_JOBS_SWEEP_AFTER old, at the next sweep
    (beat's, or in the embedded mode the web process's round)."""
    every = embedded_sweeps.every("sweep-pending-document-jobs")
    return since + timedelta(seconds=settings.FACTCHECK_DOCUMENT_JOBS_SWEEP_AFTER + every)
