"""Schemathesis against every operation, with a token, on PostgreSQL: no server errors, no answer the
schema does not list (status code, content type or body). Bounded in time; run it alone with
`pytest -m schemathesis`."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from claims.tokens.services import api_token_create
from factcheck.wsgi import application
from sources import services as sources
from tests.factories import PublisherFactory, claim, editor, evidence

pytestmark = pytest.mark.schemathesis

# Examples per operation and generation mode (with the coverage phase, about 90 cases per operation):
# about a minute of CPU on 2 cores for ~50 operations.
EXAMPLES = 10

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
schema.config.generation.update(modes=["positive", "negative"])

FIGURES: Counter[str] = Counter()
OPERATIONS: set[str] = set()


@pytest.fixture(scope="module", autouse=True)
def _figures(request: pytest.FixtureRequest) -> Iterator[None]:
    """Says how much was tried: operations, cases and the answers they got."""
    started = time.monotonic()
    yield
    statuses = ", ".join(f"{key}: {n}" for key, n in sorted(FIGURES.items()) if key.startswith("status"))
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(
            f"\nschemathesis: {len(OPERATIONS)} operations, {FIGURES['cases']} cases in "
            f"{time.monotonic() - started:.0f} s ({statuses})"
        )


@pytest.fixture
def in_test_transaction() -> Iterator[None]:
    """Requests go straight to the WSGI app inside the test's transaction: keep Django from closing
    the connection at the end of each request (its test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(db: None, in_test_transaction: None) -> str:
    """An admin's token (admins may do everything), and one of each thing to act on: a publisher,
    documents, a claim with evidence (ids 1 and up, which the generated ids often hit)."""
    user = editor("schemathesis", is_staff=True)
    PublisherFactory(name="Example News")
    first = sources.document_import(
        source=sources.source_from_text("Die Fähre fährt 80 km weit, sagte der Kapitän. 🧠 Ende.\n"),
        overrides=sources.ImportOverrides(url="https://example.org/1"),
    ).document
    second = sources.document_import(
        source=sources.source_from_text("The ferry runs 80 km, the captain said. Quite far.\n"),
        overrides=sources.ImportOverrides(url="https://example.org/2"),
    ).document
    marked = claim(first, user, "Die Fähre fährt 80 km weit", speaker="Kapitän")
    evidence(marked, second, user, "The ferry runs 80 km")
    return api_token_create(user=user, name="schemathesis")[1]


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_answer_is_in_the_schema(case: schemathesis.Case, token: str) -> None:
    FIGURES["cases"] += 1
    OPERATIONS.add(case.operation.label)
    response = case.call_and_validate(
        headers={"Authorization": f"Token {token}"},
        checks=[
            schemathesis.checks.not_a_server_error,
            schemathesis.specs.openapi.checks.status_code_conformance,
            schemathesis.specs.openapi.checks.content_type_conformance,
            schemathesis.specs.openapi.checks.response_schema_conformance,
        ],
    )
    FIGURES[f"status {response.status_code}"] += 1
