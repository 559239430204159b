"""The digest models, taken over from the claims app with their tables and rows (state only).

claims 0007 made the tables claims_digestsubscription and claims_digestdelivery; claims 0016 removed the
models from the claims app's state. Here they enter this app's state with the same tables: nothing is
done to the database, on a fresh one or an existing one.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import claims.digests.models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("claims", "0016_digests_move_out"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="DigestDelivery",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "week",
                            models.CharField(
                                help_text='The ISO week the digest reports, e.g. "2026-W48".', max_length=8
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Pending"),
                                    ("sent", "Sent"),
                                    ("skipped", "Nothing to say"),
                                    ("failed", "Failed"),
                                ],
                                default="pending",
                                max_length=8,
                            ),
                        ),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        ("claimed_at", models.DateTimeField(auto_now_add=True)),
                        ("last_attempt_at", models.DateTimeField(blank=True, null=True)),
                        ("last_error", models.TextField(blank=True)),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                        ("message_id", models.CharField(blank=True, max_length=255)),
                        ("subject", models.CharField(blank=True, max_length=255)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "claims_digestdelivery",
                        "verbose_name_plural": "digest deliveries",
                        "ordering": ["-week", "user_id"],
                        "indexes": [
                            models.Index(fields=["week", "status"], name="claims_dige_week_c201e9_idx")
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "week"), name="digest_delivery_once_per_week"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("status__in", ["pending", "sent", "skipped", "failed"])),
                                name="digest_delivery_status_valid",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("week__regex", "^[0-9]{4}-W[0-9]{2}$")),
                                name="digest_delivery_week_iso",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("status", "sent"), _negated=True),
                                    ("sent_at__isnull", False),
                                    _connector="OR",
                                ),
                                name="digest_delivery_sent_has_time",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="DigestSubscription",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("enabled", models.BooleanField(default=True)),
                        (
                            "weekday",
                            models.PositiveSmallIntegerField(
                                choices=[
                                    (0, "Monday"),
                                    (1, "Tuesday"),
                                    (2, "Wednesday"),
                                    (3, "Thursday"),
                                    (4, "Friday"),
                                    (5, "Saturday"),
                                    (6, "Sunday"),
                                ],
                                default=0,
                                help_text="Day the digest is sent: 0 is Monday.",
                            ),
                        ),
                        (
                            "hour",
                            models.PositiveSmallIntegerField(
                                choices=[
                                    (0, "00:00"),
                                    (1, "01:00"),
                                    (2, "02:00"),
                                    (3, "03:00"),
                                    (4, "04:00"),
                                    (5, "05:00"),
                                    (6, "06:00"),
                                    (7, "07:00"),
                                    (8, "08:00"),
                                    (9, "09:00"),
                                    (10, "10:00"),
                                    (11, "11:00"),
                                    (12, "12:00"),
                                    (13, "13:00"),
                                    (14, "14:00"),
                                    (15, "15:00"),
                                    (16, "16:00"),
                                    (17, "17:00"),
                                    (18, "18:00"),
                                    (19, "19:00"),
                                    (20, "20:00"),
                                    (21, "21:00"),
                                    (22, "22:00"),
                                    (23, "23:00"),
                                ],
                                default=8,
                                help_text="Hour (0–23) the digest is sent, in the editor's time zone.",
                            ),
                        ),
                        (
                            "time_zone",
                            models.CharField(
                                default=claims.digests.models.default_time_zone,
                                max_length=64,
                                validators=[claims.digests.models.validate_time_zone],
                            ),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="digest_subscription",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "claims_digestsubscription",
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("weekday__lte", 6)),
                                name="digest_subscription_weekday_0_6",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("hour__lte", 23)), name="digest_subscription_hour_0_23"
                            ),
                        ],
                    },
                ),
            ],
        )
    ]
