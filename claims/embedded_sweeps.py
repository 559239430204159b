"""The embedded mode's beat: with jobs in-process there is no beat process, so the web process runs the
sweeps itself, in a daemon thread, every FACTCHECK_SCORING_SWEEP_INTERVAL seconds.

An in-process job that failed (after Celery's retries in place) left its mark in the database like a lost
message does with a worker; the sweep runs it again once the mark is old enough, as beat does. The sweeps
run are beat's own (the schedule's "sweep-…" entries), found by task name: claims' and its features'
(claims.assist's suggestion sweep) alike, without this module importing the features.

How often a sweep runs, under beat or here, is said in one place (`every`): what tells an editor when a
late job is sent again reads it.
"""

from __future__ import annotations

import logging
import threading

from celery import current_app
from django.conf import settings
from django.db import connection

log = logging.getLogger(__name__)

_started = threading.Event()


def start() -> None:
    """Start the sweeps in this process, once, and only where jobs run in-process."""
    if not settings.CELERY_TASK_ALWAYS_EAGER or _started.is_set():
        return
    _started.set()
    threading.Thread(target=_run, name="embedded-sweeps", daemon=True).start()


# The embedded mode's one round for all the sweeps: the scoring sweep's interval.
ROUND = "sweep-pending-scoring"


def every(sweep: str) -> float:
    """Seconds between two runs of beat's sweep `sweep` (its schedule's key) where this process sends
    jobs: beat's own interval for it, or with jobs in-process the round all the sweeps share here."""
    key = ROUND if settings.CELERY_TASK_ALWAYS_EAGER else sweep
    return float(settings.CELERY_BEAT_SCHEDULE[key]["schedule"])


def _run() -> None:
    interval = every(ROUND)
    stop = threading.Event()
    while not stop.wait(interval):
        for name in sweep_names():
            try:
                current_app.tasks[name]()
            except Exception:
                # A sweep that fails now is run again at the next round; the marks are still there.
                log.exception("Embedded sweep %s failed", name)
        connection.close()  # this thread's connection, not held between rounds


def sweep_names() -> list[str]:
    """The tasks of beat's sweeps, in the schedule's order."""
    schedule = settings.CELERY_BEAT_SCHEDULE
    return [entry["task"] for key, entry in schedule.items() if key.startswith("sweep-")]
