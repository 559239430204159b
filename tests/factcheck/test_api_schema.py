"""The OpenAPI schema is valid without warnings, and the API honours it: schemathesis generates
requests from the schema and finds no server errors and no responses that contradict it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from claims.tokens import api_token_create
from factcheck.wsgi import application
from sources import services as sources
from tests.factories import editor

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


schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def in_test_transaction() -> Iterator[None]:
    """Requests go straight to the WSGI app, inside the test's transaction: keep Django from closing
    the connection at the end of each request (its test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(db: None, in_test_transaction: None) -> str:
    """A real editor's token, and a document to act on, on the real database."""
    user = editor("schemathesis")
    sources.document_import(
        source=sources.source_from_text("Die Fähre fährt 80 km weit, sagte der Kapitän. 🧠 Ende.\n"),
        overrides=sources.ImportOverrides(url="https://example.org/1"),
    )
    return api_token_create(user=user, name="schemathesis")[1]


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_honours_its_schema(case: schemathesis.Case, token: str) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Token {token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
