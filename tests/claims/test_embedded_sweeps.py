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
