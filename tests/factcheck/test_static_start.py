"""Starting the web server by hand as the README says, with DEBUG=0: gunicorn after collectstatic serves
every page and its static files; gunicorn without it refuses to start and names the command, where it
used to start and answer 500 on every HTML page."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.factcheck.conftest import BASE_DIR, PASSED_THROUGH

GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(var_dir: Path) -> dict[str, str]:
    env = {name: os.environ[name] for name in PASSED_THROUGH if name in os.environ}
    return {
        **env,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",  # plain http on the loopback, as compose serves localhost
        "FACTCHECK_VAR_DIR": str(var_dir),
    }


@contextmanager
def gunicorn(var_dir: Path, port: int) -> Iterator[subprocess.Popen[str]]:
    """`gunicorn factcheck.wsgi:application`, the README's command, on a free port."""
    process = subprocess.Popen(
        [GUNICORN, "factcheck.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=BASE_DIR,
        env=production_env(var_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=20)


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_until_serving(process: subprocess.Popen[str], url: str) -> tuple[int, bytes]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}:\n{process.stdout.read()}")
        try:
            return get(url)
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    pytest.fail("gunicorn did not answer within 60 s")


def test_gunicorn_after_collectstatic_serves_pages_and_their_static_files(collected_var_dir: Path) -> None:
    port = free_port()
    with gunicorn(collected_var_dir, port) as process:
        status, body = wait_until_serving(process, f"http://127.0.0.1:{port}/login/")
        assert status == 200, body[:500]
        page = body.decode()
        start = page.index('href="/static/frontend/app.')
        css = page[start + len('href="') : page.index('"', start + len('href="'))]
        assert get(f"http://127.0.0.1:{port}{css}")[0] == 200  # the hashed name, served by WhiteNoise


def test_gunicorn_without_collectstatic_refuses_to_start_naming_the_command(tmp_path: Path) -> None:
    with gunicorn(tmp_path, free_port()) as process:
        output, _ = process.communicate(timeout=60)

    assert process.returncode != 0
    assert "Static files are not collected" in output
    assert "Run `python manage.py collectstatic --noinput` before starting the web server" in output
