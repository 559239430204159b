"""A real Celery worker in a subprocess, against the test database and the test Redis.

Tests that use it must commit their data (pytest's `transactional_db`), since the worker is another
process with its own connection. In CI a missing Redis fails the test; it is never skipped.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import redis
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


class WorkerProcess:
    def __init__(self, name: str = "test") -> None:
        self.name = name
        self.process: subprocess.Popen[str] | None = None
        self.log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"factcheck-worker-{os.getpid()}-{name}.log"

    def env(self) -> dict[str, str]:
        database = connection.settings_dict
        url = (
            f"postgresql://{database['USER'] or 'postgres'}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        )
        return {**os.environ, "DATABASE_URL": url, "REDIS_URL": settings.REDIS_URL, "LOG_LEVEL": "INFO"}

    def start(self, *, concurrency: int = 1, wait: float = 30.0) -> WorkerProcess:
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "factcheck",
                "worker",
                "--loglevel=INFO",
                f"--concurrency={concurrency}",
                "--pool=prefork",
                "-n",
                f"{self.name}-{os.getpid()}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=self.env(),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.wait_for(lambda: " ready." in self.output(), timeout=wait, what="the worker to start")
        return self

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for(
        self, condition: Callable[[], bool], *, timeout: float = 30.0, what: str = "a condition"
    ) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            if self.process is not None and self.process.poll() is not None:
                raise AssertionError(
                    f"the worker exited ({self.process.returncode}):\n{self.output()[-3000:]}"
                )
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; worker log:\n{self.output()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL the whole worker (main process and its pool children), as a crash would."""
        if self.process is None:
            return
        subprocess.run(["pkill", "-KILL", "-P", str(self.process.pid)], check=False)
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()
        self.process = None
        self.log.close()


def flush_test_redis() -> None:
    """Empty the test Redis database so no task from an earlier test is delivered."""
    redis.Redis.from_url(settings.REDIS_URL).flushdb()
