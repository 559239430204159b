"""A real Celery worker in a subprocess, against the test database and the test Redis.

Tests that use it must commit their data (pytest's `transactional_db`), since the worker is another
process with its own connection. In CI a missing Redis fails the test; it is never skipped.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import redis
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def procfile_line(name: str) -> str:
    """The Procfile's command for the process `name`."""
    for line in (ROOT / "Procfile").read_text(encoding="utf-8").splitlines():
        process, separator, command = line.partition(":")
        if separator and process == name:
            return command.strip()
    raise AssertionError(f"the Procfile has no {name!r} process")


class WorkerProcess:
    """`celery worker` (or, with kind="beat", `celery beat`) as its own process. With procfile=True, the
    Procfile's line for it, as honcho runs it: through a shell, in a process group of its own, which a stop
    signals as a whole."""

    def __init__(
        self, name: str = "test", *, kind: str = "worker", procfile: bool = False, **env: str
    ) -> None:
        self.name = name
        self.kind = kind
        self.procfile = procfile
        self.extra_env = env
        self.process: subprocess.Popen[str] | None = None
        self.log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"factcheck-{kind}-{os.getpid()}-{name}.log"

    def env(self) -> dict[str, str]:
        database = connection.settings_dict
        url = (
            f"postgresql://{database['USER'] or 'postgres'}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        )
        base = {"DATABASE_URL": url, "REDIS_URL": settings.REDIS_URL, "LOG_LEVEL": "INFO"}
        # The Procfile's `celery` is the virtualenv's, as `make run-services` puts it first on PATH.
        path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
        return {**os.environ, "PATH": path, **base, **self.extra_env}

    def command(self, concurrency: int) -> list[str]:
        if self.procfile:
            return ["/bin/sh", "-c", procfile_line(self.kind)]
        celery = [sys.executable, "-m", "celery", "-A", "factcheck"]
        if self.kind == "beat":
            return [
                *celery,
                "beat",
                "--loglevel=INFO",
                "--schedule",
                str(self.log_path.with_suffix(".schedule")),
            ]
        name = f"{self.name}-{os.getpid()}@%h"
        options = ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        return [*celery, "worker", "--loglevel=INFO", f"--concurrency={concurrency}", "-n", name, *options]

    def start(self, *, concurrency: int = 1, wait: float = 30.0) -> WorkerProcess:
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            self.command(concurrency),
            cwd=ROOT,
            env=self.env(),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=self.procfile,
        )
        started = " ready." if self.kind == "worker" else "beat: Starting..."
        self.wait_for(lambda: started in self.output(), timeout=wait, what=f"the {self.kind} to start")
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
        if self.procfile:
            os.killpg(self.process.pid, signal.SIGKILL)
        else:
            subprocess.run(["pkill", "-KILL", "-P", str(self.process.pid)], check=False)
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None

    def kill_pool(self) -> None:
        """SIGKILL the worker's pool processes, as the kernel's OOM killer would the one running a job;
        the main process lives on, starts new ones and hands the job lost out again."""
        if self.process is not None:
            subprocess.run(["pkill", "-KILL", "-P", str(self.process.pid)], check=False)

    def stop(self) -> None:
        if self.process is None:
            return
        if self.procfile:
            os.killpg(self.process.pid, signal.SIGTERM)  # as honcho stops a process
        else:
            self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()
        self.process = None
        self.log.close()


class RedisServer:
    """A Redis server of the test's own on a free port, which the test may stop and start again."""

    def __init__(self) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                redis.Redis.from_url(self.url).ping()
                return self
            except redis.ConnectionError:
                time.sleep(0.05)
        raise AssertionError("the test's Redis server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


@contextlib.contextmanager
def broker(url: str) -> Iterator[None]:
    """Send this process's tasks to another broker, and fail fast when it is down."""
    from factcheck.celery import app

    saved = app.conf.broker_url, app.conf.task_publish_retry
    app.conf.broker_url, app.conf.task_publish_retry = url, False
    app._pool = None  # Celery caches connections per broker; start afresh
    app.amqp._producer_pool = None
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.task_publish_retry = saved
        app._pool = None
        app.amqp._producer_pool = None


def flush_test_redis() -> None:
    """Empty the test Redis database so no task from an earlier test is delivered."""
    redis.Redis.from_url(settings.REDIS_URL).flushdb()
