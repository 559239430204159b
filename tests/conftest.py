"""Test-wide fixtures. Under CI=true the real services are required and a skip is a failure."""

from __future__ import annotations

import os

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> object:
    """In CI nothing is silently skipped: a missing service or browser must fail the run."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.longrepr = f"Skipped in CI, which counts as a failure: {reason}"


@pytest.fixture(scope="session", autouse=True)
def _real_database_in_ci(django_db_blocker: object) -> None:
    from django.db import connection

    if IN_CI and connection.vendor != "postgresql":
        pytest.exit("CI must run against PostgreSQL: set DATABASE_URL (make test does).", returncode=3)
