"""Test-wide fixtures. Under CI=true the real services are required and a skip is a failure."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

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


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: object) -> None:
    """A real hasher costs ~0.3 s per test user; tests need passwords to work, not to be slow to crack."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _token_failures_forgotten() -> Iterator[None]:
    """Failed token attempts are counted per address in the cache, which outlives a test's transaction:
    each test starts with none from the test client's addresses."""
    from django.core.cache import cache

    from claims.tokens.throttling import TokenFailureThrottle

    keys = [
        TokenFailureThrottle.cache_format % {"scope": TokenFailureThrottle.scope, "ident": address}
        for address in ("127.0.0.1", "203.0.113.50")
    ]
    cache.delete_many(keys)
    yield
    cache.delete_many(keys)


@pytest.fixture(autouse=True)
def _tasks_run_in_process() -> Iterator[None]:
    """By default a task runs in-process when enqueued, as in the embedded mode. Celery copies its
    configuration once, so this sets the app's own config rather than Django's settings."""
    from factcheck.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = True


@pytest.fixture
def worker_process(transactional_db: None, settings: object) -> Iterator[object]:
    """A real Celery worker (another process) for this test; tasks go through the real Redis."""
    from factcheck.celery import app
    from tests.worker import WorkerProcess, flush_test_redis

    if not settings.REDIS_URL:
        pytest.fail("worker tests need REDIS_URL (make test sets it)")
    app.conf.task_always_eager = False
    flush_test_redis()
    worker = WorkerProcess().start()
    yield worker
    worker.stop()
    flush_test_redis()


@pytest.fixture
def imported(django_capture_on_commit_callbacks: Callable) -> Callable[..., object]:
    """Import a document as a user would: its jobs (suggestions, re-anchoring) run once it commits."""
    from tests.factories import document

    def run(text: str, **fields: object) -> object:
        with django_capture_on_commit_callbacks(execute=True):
            return document(text, **fields)

    return run


@pytest.fixture
def marked(django_capture_on_commit_callbacks: Callable) -> Callable[..., object]:
    """Mark a claim as an editor would: evidence is looked for once it commits."""
    from tests.factories import claim

    def run(*args: object, **fields: object) -> object:
        with django_capture_on_commit_callbacks(execute=True):
            return claim(*args, **fields)

    return run
