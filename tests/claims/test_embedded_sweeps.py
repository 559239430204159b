"""The embedded mode's sweeps are beat's: every "sweep-…" entry of the schedule, found by task name, so a
feature's sweep (suggestions') runs without claims core importing the feature."""

from __future__ import annotations

from celery import current_app
from django.conf import settings

from claims import embedded_sweeps


def test_the_embedded_sweeps_are_beats_and_each_is_a_registered_task() -> None:
    names = embedded_sweeps.sweep_names()
    assert names == [
        "claims.tasks.claims_sweep_pending",
        "claims.tasks.documents_sweep_pending",
        "claims.tasks.claims_sweep_suggestions",
    ]
    assert all(name in current_app.tasks for name in names)
    # The digests' hourly fan-out is beat's too, but not a sweep: the embedded mode sends no digests.
    assert "claims.digest_tasks.digests_fan_out" not in names
    assert "digests-fan-out" in settings.CELERY_BEAT_SCHEDULE


def test_a_sweep_runs_at_its_own_interval_under_beat_and_at_the_shared_round_embedded(
    settings: object,
) -> None:
    schedule = {key: dict(entry) for key, entry in settings.CELERY_BEAT_SCHEDULE.items()}
    schedule["sweep-pending-scoring"]["schedule"] = 15.0
    schedule["sweep-pending-document-jobs"]["schedule"] = 240.0
    settings.CELERY_BEAT_SCHEDULE = schedule
    # What the Suggestions tab says of a late search ("sent again within …") follows the sweep that sends it.
    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert embedded_sweeps.every("sweep-pending-document-jobs") == 240.0
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert embedded_sweeps.every("sweep-pending-document-jobs") == 15.0
