"""The embedded mode as `make run` serves it, in a process of its own: SQLite in a temporary var dir,
Celery jobs in-process, Django's threaded runserver. Tests drive it over HTTP (API or Chromium)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
USERNAME, PASSWORD = "ines", "embedded-secret-1"

# Makes an editor and a token, and prints the token's key (the last line of output).
SETUP = f"""
from django.contrib.auth.models import Group, User
from claims.tokens.services import api_token_create
from sources.permissions import EDITORS_GROUP
user = User.objects.create_user({USERNAME!r}, password={PASSWORD!r})
user.groups.add(Group.objects.get_or_create(name=EDITORS_GROUP)[0])
print(api_token_create(user=user, name="embedded test")[1])
"""


class EmbeddedServer:
    """`manage.py runserver` on a free port with no services configured, as a newcomer runs it."""

    def __init__(self, var_dir: Path, **env: str) -> None:
        self.var_dir = var_dir
        self.extra_env = env
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = var_dir / "server.log"
        self.process: subprocess.Popen[str] | None = None
        self.token = ""

    def env(self) -> dict[str, str]:
        unset = {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "EMAIL_URL", "DJANGO_SETTINGS_MODULE"}
        env = {key: value for key, value in os.environ.items() if key not in unset}
        # A crash in C code (it happened once: "double free or corruption") then leaves every thread's
        # Python stack in the server's log.
        return {
            **env,
            "FACTCHECK_VAR_DIR": str(self.var_dir),
            "DEBUG": "1",
            "PYTHONFAULTHANDLER": "1",
            **self.extra_env,
        }

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def start(self) -> EmbeddedServer:
        self.manage("migrate", "--noinput", "-v", "0")
        self.token = self.manage("shell", "-c", SETUP).strip().splitlines()[-1]
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{self.port}"],
            cwd=ROOT,
            env=self.env(),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.output()[-3000:]
            try:
                requests.get(f"{self.url}/login/", timeout=2)
                return self
            except requests.ConnectionError:
                time.sleep(0.2)
        raise AssertionError(f"the embedded server did not start:\n{self.output()[-3000:]}")

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def api(self) -> requests.Session:
        session = requests.Session()
        # Enough connections for every request a test sends at once.
        session.mount("http://", requests.adapters.HTTPAdapter(pool_maxsize=32))
        session.headers["Authorization"] = f"Token {self.token}"
        return session

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
            self.process = None
            self.log.close()
