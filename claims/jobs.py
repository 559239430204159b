"""Background jobs are sent one way: after the commit that recorded their work in the database, guarded.

The database, not the broker, is the record of work. Each kind of job has its mark: a claim's
`scoring_pending_since` (scoring) and `suggestions_pending_since` (evidence suggestions), a document's
`reanchor_pending_since` (re-anchoring after a new revision) and `suggestions_pending_since` (claim and
evidence suggestions after a new text), a digest's delivery row. A change sets the mark in its own
transaction; the job clears it when done; a periodic sweep (beat) sends the job again for marks left too
long. So `enqueue` may fail without losing anything: with the broker down the edit still stands, and with
jobs running in-process (the embedded mode) a job that fails after Celery's retries is logged and leaves
its mark, which the page concerned reports (the reader's Suggestions tab offers to search again) and
which claims/embedded_sweeps.py sweeps up there, standing in for beat. A document's jobs after a new text
count their attempts and are given up after a few (claims/document_jobs.py). Suggestion jobs are
claims.assist's (claims/assist/pending.py, receivers.py); of them, claims core sends only the documents'
job, by name, from its document sweep (claims/tasks.py).
"""

from __future__ import annotations

import logging

from celery import current_app
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# The broker unreachable: what sending a job raises then.
BROKER_ERRORS = (OSError, KombuOperationalError, RedisError)


class SweepMissedWhileBrokerDown(logging.Filter):
    """Beat's log (`celery.beat`): a sweep beat could not send because the broker is unreachable is one
    warning line, not Celery's error with its stack and a chain of tracebacks (a hundred lines for each
    sweep, three sweeps a minute through an outage). Nothing is lost: beat sends the sweep at its next
    time, and the sweep finds the work still marked in the database."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        while error is not None and not isinstance(error, BROKER_ERRORS):
            error = error.__cause__ or error.__context__
        if error is not None and record.exc_info:
            # Celery's message, "Couldn't apply scheduled task <name>: <the broker's error>", kept alone.
            record.msg, record.args = "%s (sent again at its next time)", (record.exc_info[1],)
            record.exc_info = record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
        return True


# Task names (sending by name keeps this module below the tasks, which import the services; the
# suggestion tasks are claims.assist's, under the names they had before assist was an app).
SCORE = "claims.tasks.claims_score"
REANCHOR = "claims.tasks.document_reanchor"
SUGGEST_DOCUMENTS = "claims.tasks.documents_suggest"
DIGEST = "claims.digest_tasks.digest_send"


def enqueue(name: str, *args: object) -> bool:
    """Send the job `name`; False (and logged) when it could not be sent or, in-process, failed."""
    task = current_app.tasks[name]
    try:
        result = task.delay(*args)
    except BROKER_ERRORS as error:
        log.warning("Could not enqueue %s%s (%s); the sweep sends it again", name, args, error)
        return False
    if current_app.conf.task_always_eager and result.failed():
        # In-process the job ran here (transient errors retried in place first) and failed: the request
        # that sent it committed its work already and still answers success.
        log.error("Job %s%s failed; its work stays marked in the database:\n%s", name, args, result.traceback)
        return False
    return True
