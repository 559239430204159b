"""Moving ApiToken from the claims app to the tokens app keeps its table, every row and every key: tokens
made before the move still sign programs in afterwards, and the admin's permissions follow the model."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from rest_framework.test import APIClient

from claims.tokens.models import ApiToken, key_hash

BEFORE = [("claims", "0015_publish_fact_checks")]
USED = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def _migrate(targets: list[tuple[str, str]] | None = None) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    executor.loader.build_graph()
    return executor


@pytest.fixture
def before_the_move(transactional_db: None) -> Iterator[MigrationExecutor]:
    executor = _migrate(BEFORE)
    yield executor
    _migrate()  # whatever the test did, the next one finds the database at the end of the migrations


def test_tokens_made_before_the_move_are_all_there_and_still_sign_in(
    before_the_move: MigrationExecutor,
) -> None:
    old = before_the_move.loader.project_state(BEFORE).apps
    user_model = old.get_model(settings.AUTH_USER_MODEL)
    old_token = old.get_model("claims", "ApiToken")
    ines = user_model.objects.create(username="ines", email="ines@example.org", password="!", is_active=True)
    kai = user_model.objects.create(username="kai", password="!", is_active=True)
    old_token.objects.create(
        user=ines, name="dashboard", key_hash=key_hash("fc_dashboard-key"), key_start="fc_dashboa"
    )
    old_token.objects.create(
        user=ines,
        name="nightly export",
        key_hash=key_hash("fc_export-key"),
        key_start="fc_export-",
        last_used_at=USED,
    )
    old_token.objects.create(
        user=kai, name="dashboard", key_hash=key_hash("fc_kai-key"), key_start="fc_kai-key"
    )
    # The admin's permissions hang on the model's content type, as they did in the claims app.
    old_type = ContentType.objects.get_or_create(app_label="claims", model="apitoken")[0]
    delete = Permission.objects.get_or_create(
        content_type=old_type, codename="delete_apitoken", defaults={"name": "Can delete api token"}
    )[0]

    _migrate()
    ContentType.objects.clear_cache()

    rows = sorted(ApiToken.objects.values_list("user__username", "name", "key_start", "last_used_at"))
    assert rows == [
        ("ines", "dashboard", "fc_dashboa", None),
        ("ines", "nightly export", "fc_export-", USED),
        ("kai", "dashboard", "fc_kai-key", None),
    ]
    me = APIClient()
    me.credentials(HTTP_AUTHORIZATION="Token fc_export-key")
    answer = me.get("/api/v1/me/")
    assert answer.status_code == 200
    assert answer.json()["username"] == "ines"
    assert ContentType.objects.get_for_model(ApiToken).pk == old_type.pk
    assert Permission.objects.get(pk=delete.pk).content_type.app_label == "tokens"
