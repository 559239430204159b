"""The OpenAPI schema is valid without warnings and served with Swagger UI; that the API honours it is
tested with schemathesis in test_api_schemathesis.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_schema_generates_and_validates_without_warnings(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "spectacular",
            "--validate",
            "--fail-on-warn",
            "--file",
            str(tmp_path / "s.yml"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "openapi: 3" in (tmp_path / "s.yml").read_text()


def test_swagger_ui_is_served_from_this_server(client: object) -> None:
    page = client.get("/api/docs/")
    assert page.status_code == 200
    assert "cdn" not in page.text.lower()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page.text
