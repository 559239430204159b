"""ApiToken, taken over from the claims app in state only: the table claims_apitoken and its rows stay as
they are. The model's content type is relabelled so admin permissions and log entries keep pointing at it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def content_type_to_tokens(apps: object, schema_editor: object) -> None:
    _relabel(apps, schema_editor, old="claims", new="tokens")


def content_type_to_claims(apps: object, schema_editor: object) -> None:
    _relabel(apps, schema_editor, old="tokens", new="claims")


def _relabel(apps: object, schema_editor: object, *, old: str, new: str) -> None:
    content_types = apps.get_model("contenttypes", "ContentType").objects.using(schema_editor.connection.alias)
    if not content_types.filter(app_label=new, model="apitoken").exists():
        content_types.filter(app_label=old, model="apitoken").update(app_label=new)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("claims", "0017_tokens_apitoken_moves_out"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ApiToken",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "name",
                            models.CharField(
                                help_text="What the token is for, e.g. 'newsroom dashboard'.", max_length=100
                            ),
                        ),
                        ("key_hash", models.CharField(max_length=64, unique=True)),
                        (
                            "key_start",
                            models.CharField(
                                help_text="The first characters of the key, to recognise it.", max_length=12
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("last_used_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="api_tokens",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "claims_apitoken",
                        "ordering": ["-created_at", "-id"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "name"), name="api_token_name_unique_per_user"
                            )
                        ],
                    },
                )
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_tokens, content_type_to_claims),
    ]
