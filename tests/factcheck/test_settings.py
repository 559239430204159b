"""Settings that depend on each other are checked when the service starts: each run is a fresh process
with only the variables given here, as a deployment starts."""

from __future__ import annotations

import sys

from tests.factcheck.conftest import run

READ_WAIT = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.FACTCHECK_SUGGESTIONS_WAIT)"
)


def suggestions_wait(**env: str) -> str:
    result = run(
        [sys.executable, "-c", READ_WAIT], env={"DJANGO_SETTINGS_MODULE": "factcheck.settings", **env}
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_suggestions_tab_calls_a_search_late_before_the_sweep_sends_it_again() -> None:
    assert suggestions_wait() == "90"  # the sweep sends a search again after 120 s
    assert suggestions_wait(FACTCHECK_DOCUMENT_JOBS_SWEEP_AFTER="30") == "30"  # follows a shorter sweep
    assert suggestions_wait(FACTCHECK_SUGGESTIONS_WAIT="120") == "120"


def test_a_suggestions_wait_longer_than_the_sweeps_refuses_to_start() -> None:
    env = {"FACTCHECK_SUGGESTIONS_WAIT": "200", "FACTCHECK_DOCUMENT_JOBS_SWEEP_AFTER": "120"}
    result = run([sys.executable, "manage.py", "check"], env=env)

    assert result.returncode != 0
    assert "FACTCHECK_SUGGESTIONS_WAIT=200 must be between 1 and FACTCHECK_DOCUMENT_JOBS_SWEEP_AFTER=120" in (
        result.stderr
    )
