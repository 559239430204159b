"""The embedded mode's beat: with jobs in-process there is no beat process, so the web process runs the
sweeps itself, in a daemon thread, every FACTCHECK_SCORING_SWEEP_INTERVAL seconds.

An in-process job that failed (after Celery's retries in place) left its mark in the database like a lost
message does with a worker; the sweep runs it again once the mark is old enough, as beat does.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import connection

from claims.tasks import claims_sweep_pending, claims_sweep_suggestions, documents_sweep_pending

log = logging.getLogger(__name__)

_started = threading.Event()


def start() -> None:
    """Start the sweeps in this process, once, and only where jobs run in-process."""
    if not settings.CELERY_TASK_ALWAYS_EAGER or _started.is_set():
        return
    _started.set()
    threading.Thread(target=_run, name="embedded-sweeps", daemon=True).start()


def _run() -> None:
    interval = settings.CELERY_BEAT_SCHEDULE["sweep-pending-scoring"]["schedule"]
    stop = threading.Event()
    while not stop.wait(interval):
        for sweep in (claims_sweep_pending, documents_sweep_pending, claims_sweep_suggestions):
            try:
                sweep()
            except Exception:
                # A sweep that fails now is run again at the next round; the marks are still there.
                log.exception("Embedded sweep %s failed", sweep.name)
        connection.close()  # this thread's connection, not held between rounds
