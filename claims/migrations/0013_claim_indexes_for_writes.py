# A new claim writes fewer index entries: the separate index on document goes (the (document, start) index
# serves lookups by document), and assessment and editorial are indexed only where set.
#
# Django would do this by dropping and re-adding each foreign key, which re-checks every claim while
# locking the tables it points at. Here only the indexes change, the new ones built before the old ones go,
# and on PostgreSQL CONCURRENTLY, so that claims can be marked meanwhile.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OLD = ["claims_claim_assessment_id_fbad09e3", "claims_claim_document_id_f4090397", "claims_claim_editorial_id_303297cb"]
NEW = {
    "claim_assessment_idx": ("assessment_id", "claims_claim_assessment_id_fbad09e3"),
    "claim_editorial_idx": ("editorial_id", "claims_claim_editorial_id_303297cb"),
}
OLD_DOCUMENT = ("document_id", "claims_claim_document_id_f4090397")


def _concurrently(schema_editor):
    return "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""


def forwards(apps, schema_editor):
    how = _concurrently(schema_editor)
    for name, (column, _) in NEW.items():
        schema_editor.execute(
            f'CREATE INDEX {how}IF NOT EXISTS "{name}" ON "claims_claim" ("{column}") WHERE "{column}" IS NOT NULL'
        )
    for name in OLD:
        schema_editor.execute(f'DROP INDEX {how}IF EXISTS "{name}"')


def backwards(apps, schema_editor):
    how = _concurrently(schema_editor)
    for column, name in [*NEW.values(), OLD_DOCUMENT]:
        schema_editor.execute(f'CREATE INDEX {how}IF NOT EXISTS "{name}" ON "claims_claim" ("{column}")')
    for name in NEW:
        schema_editor.execute(f'DROP INDEX {how}IF EXISTS "{name}"')


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("claims", "0012_claim_history_without_fk_indexes"),
        ("sources", "0005_revision_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="claim",
                    name="assessment",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="claims.assessment",
                    ),
                ),
                migrations.AlterField(
                    model_name="claim",
                    name="document",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="claims",
                        to="sources.document",
                    ),
                ),
                migrations.AlterField(
                    model_name="claim",
                    name="editorial",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="claims.editorialverdict",
                    ),
                ),
                migrations.AddIndex(
                    model_name="claim",
                    index=models.Index(
                        condition=models.Q(("assessment__isnull", False)),
                        fields=["assessment"],
                        name="claim_assessment_idx",
                    ),
                ),
                migrations.AddIndex(
                    model_name="claim",
                    index=models.Index(
                        condition=models.Q(("editorial__isnull", False)),
                        fields=["editorial"],
                        name="claim_editorial_idx",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(forwards, backwards)],
        )
    ]
