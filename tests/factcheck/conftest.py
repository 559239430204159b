"""Fixtures for the deployment tests: a production-like environment and static files collected once."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
# All a subprocess inherits; every setting it gets is spelled out by the test.
PASSED_THROUGH = ("PATH", "HOME", "LANG", "TMPDIR")


def run(args: list[str], *, env: dict[str, str], timeout: int = 180) -> subprocess.CompletedProcess[str]:
    """A command in the project directory with only the given settings (and PATH, HOME, LANG, TMPDIR)."""
    process_env = {name: os.environ[name] for name in PASSED_THROUGH if name in os.environ}
    process_env.update(env)
    return subprocess.run(
        args, cwd=BASE_DIR, env=process_env, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="session")
def collected_var_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A var/ directory whose static files were collected with DEBUG=0, as the README's start does."""
    var = tmp_path_factory.mktemp("var")
    env = {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "FACTCHECK_VAR_DIR": str(var)}
    result = run([sys.executable, "manage.py", "collectstatic", "--noinput"], env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return var
