"""The digest models' move to the digests app keeps every subscription and delivery row, on a database
that already had them: migrate back to before the move, write rows through the historical models,
migrate to the end, and read them through the digests app's models."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from claims.digests.models import DeliveryStatus, DigestDelivery, DigestSubscription

pytestmark = [pytest.mark.migration, pytest.mark.django_db(transaction=True)]

BEFORE_THE_MOVE = [("claims", "0015_publish_fact_checks"), ("digests", None)]
SENT_AT = datetime(2026, 11, 23, 7, 0, 3, tzinfo=UTC)


def migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


def test_subscriptions_and_deliveries_survive_the_move_to_the_digests_app() -> None:
    executor = migrate(BEFORE_THE_MOVE)
    old = executor.loader.project_state(BEFORE_THE_MOVE[:1]).apps
    assert not any(model._meta.app_label == "digests" for model in old.get_models())
    user_model = old.get_model("auth", "User")
    anna = user_model.objects.create(username="anna", email="anna@example.org", is_staff=True)
    bernd = user_model.objects.create(username="bernd", email="bernd@example.org", is_staff=True)
    old_subscription = old.get_model("claims", "DigestSubscription")
    old_delivery = old.get_model("claims", "DigestDelivery")
    old_subscription.objects.create(user=anna, enabled=False, weekday=4, hour=17, time_zone="Europe/Berlin")
    old_subscription.objects.create(user=bernd, enabled=True, weekday=0, hour=8, time_zone="UTC")
    old_delivery.objects.create(
        user=anna,
        week="2026-W47",
        status="sent",
        attempts=2,
        sent_at=SENT_AT,
        last_attempt_at=SENT_AT,
        message_id="<digest.2026-W47.abc@localhost>",
        subject="Factcheck week 47: 3 verdicts changed",
    )
    old_delivery.objects.create(
        user=bernd, week="2026-W47", status="failed", attempts=8, last_error="SMTP 451"
    )

    migrate(executor.loader.graph.leaf_nodes())

    subscriptions = {
        s.user.username: (s.enabled, s.weekday, s.hour, s.time_zone)
        for s in DigestSubscription.objects.select_related("user")
    }
    assert subscriptions == {"anna": (False, 4, 17, "Europe/Berlin"), "bernd": (True, 0, 8, "UTC")}
    sent = DigestDelivery.objects.get(user__username="anna")
    assert (sent.week, sent.status, sent.attempts, sent.sent_at, sent.last_attempt_at) == (
        "2026-W47",
        DeliveryStatus.SENT,
        2,
        SENT_AT,
        SENT_AT,
    )
    assert (sent.message_id, sent.subject) == (
        "<digest.2026-W47.abc@localhost>",
        "Factcheck week 47: 3 verdicts changed",
    )
    failed = DigestDelivery.objects.get(user__username="bernd")
    assert (failed.status, failed.attempts, failed.last_error) == (DeliveryStatus.FAILED, 8, "SMTP 451")
    # The reverse relation and the database's guard against a second send came along with the table.
    assert DigestSubscription.objects.get(user__username="anna").user.digest_subscription.hour == 17
    with pytest.raises(IntegrityError), transaction.atomic():
        DigestDelivery.objects.create(user=sent.user, week="2026-W47", status=DeliveryStatus.PENDING)
