"""`manage.py check --deploy` in a production-like environment: the settings are safe to deploy.

Each run is a fresh process with only the variables given here, so a setting leaking in from the
test runner's own environment cannot make a bad configuration pass.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

# A deployment-like environment. `check` neither connects to the database nor to Redis.
DEPLOYMENT_ENV = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "factcheck.example.org",
    "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/postgres",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


# All the subprocess inherits; every setting it gets is spelled out by the test.
PASSED_THROUGH = ("PATH", "HOME", "LANG", "TMPDIR")


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    process_env = {name: os.environ[name] for name in PASSED_THROUGH if name in os.environ}
    process_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=process_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def secret_key() -> str:
    key = secrets.token_urlsafe(50)
    assert len(key) >= 50
    return key


def test_deploy_check_passes_in_production(secret_key: str, collected_var_dir: Path) -> None:
    env = {**DEPLOYMENT_ENV, "SECRET_KEY": secret_key, "FACTCHECK_VAR_DIR": str(collected_var_dir)}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_passes_with_the_key_from_a_file(
    secret_key: str, tmp_path: Path, collected_var_dir: Path
) -> None:
    # Docker secrets arrive as files: SECRET_KEY_FILE must be as good as SECRET_KEY.
    key_file = tmp_path / "secret_key"
    key_file.write_text(secret_key + "\n", encoding="utf-8")
    env = {**DEPLOYMENT_ENV, "SECRET_KEY_FILE": str(key_file), "FACTCHECK_VAR_DIR": str(collected_var_dir)}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_fails_without_collected_static_files(secret_key: str, tmp_path: Path) -> None:
    env = {**DEPLOYMENT_ENV, "SECRET_KEY": secret_key, "FACTCHECK_VAR_DIR": str(tmp_path)}
    result = manage("check", "--deploy", env=env)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "frontend.E001" in output and "python manage.py collectstatic --noinput" in output


def test_deploy_check_fails_with_debug_and_the_dev_key() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", env={**DEPLOYMENT_ENV, "DEBUG": "1"})
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "security.W018" in output  # DEBUG on
    assert "security.W009" in output  # the dev-only SECRET_KEY


def test_deploy_check_fails_without_https(secret_key: str) -> None:
    # Turning the https redirect off (as compose does for plain-http localhost) is not deployable.
    env = {**DEPLOYMENT_ENV, "SECRET_KEY": secret_key, "SECURE_SSL_REDIRECT": "0"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "security.W008" in output


def test_production_without_secret_key_refuses_to_start() -> None:
    result = manage("check", env=DEPLOYMENT_ENV)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_bad_boolean_refuses_to_start_naming_the_variable(secret_key: str) -> None:
    result = manage("check", env={**DEPLOYMENT_ENV, "SECRET_KEY": secret_key, "DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG='maybe'" in result.stderr
