"""Load-test helpers: a fresh benchmark database, gunicorn on 127.0.0.1 with production settings,
and wrk (Debian's package) driving it for a bounded time. Traffic stays on this machine."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]

# wrk reports percentiles through this script; one JSON line at the end.
WRK_SCRIPT = """
wrk.method = os.getenv("WRK_METHOD") or "GET"
wrk.body = os.getenv("WRK_BODY")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = os.getenv("WRK_AUTH")
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format('{"requests": %d, "seconds": %f, "p50": %f, "p99": %f, "errors": %d}\\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1e3, latency:percentile(99) / 1e3, errors))
end
"""


@dataclass(frozen=True)
class LoadResult:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    def line(self, label: str) -> str:
        return (
            f"{label:<44} {self.per_second:8.1f} req/s   p50 {self.p50_ms:7.1f} ms   "
            f"p99 {self.p99_ms:7.1f} ms   errors {self.errors}"
        )


def admin_url() -> str:
    url = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/factcheck")
    return url.rsplit("/", 1)[0] + "/postgres"


def fresh_database(name: str) -> str:
    """Drop and create database `name`, migrate it, and return its URL."""
    with psycopg.connect(admin_url(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    url = admin_url().rsplit("/", 1)[0] + f"/{name}"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=production_env(url), check=True
    )
    return url


def production_env(database_url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",  # plain http on loopback
        "LOG_LEVEL": "WARNING",
        # As deployed: jobs go to Redis (no worker runs in the load tests; they just queue up).
        "REDIS_URL": "redis://127.0.0.1:6379/6",
    }
    return env


def run_django(database_url: str, code: str, *, env_extra: dict[str, str] | None = None) -> str:
    """Run Python with Django set up against the benchmark database; returns its stdout."""
    script = "import django; django.setup()\n" + code
    env = {
        **production_env(database_url),
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        **(env_extra or {}),
    }
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(database_url: str, *, workers: int = 4) -> Iterator[str]:
    # Started as the README says: static files collected first (the web server refuses to start without).
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=production_env(database_url),
        check=True,
    )
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "factcheck.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=production_env(database_url),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"{base}/api/schema/", timeout=1)
                break
            time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def wrk(
    url: str,
    *,
    token: str,
    method: str = "GET",
    body: dict | None = None,
    connections: int = 8,
    seconds: int = 10,
) -> LoadResult:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    env = {
        **os.environ,
        "WRK_METHOD": method,
        "WRK_BODY": json.dumps(body) if body is not None else "",
        "WRK_AUTH": f"Token {token}",
    }
    done = subprocess.run(
        [
            "wrk",
            "-t",
            str(min(2, connections)),
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--timeout",
            "10s",
            "-s",
            script.name,
            url,
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    )
    os.unlink(script.name)
    stats = json.loads(done.stdout.strip().splitlines()[-1])
    return LoadResult(stats["requests"], stats["seconds"], stats["p50"], stats["p99"], stats["errors"])
