"""Put back, on SQLite, the triggers migration 0014 dropped: adding its check constraints rebuilt the
claims and evidence tables, and SQLite drops a table's triggers with it. Without them the embedded mode
(`make run`) counted no evidence (every claim showed 0 evidence) and let a span point past its
revision's text. The counts are recounted from the evidence, as they would have been kept.

PostgreSQL alters tables in place and kept its triggers: nothing to do there."""

from importlib import import_module

from django.db import migrations

# The triggers as 0008 defines them (its module name starts with a digit: no plain import).
_0008 = import_module("claims.migrations.0008_evidence_counts_and_span_length")


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for event in ("insert", "delete", "update"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS claims_evidence_counts_{event};")
    schema_editor.execute("DELETE FROM claims_evidencecounts;")
    schema_editor.execute(_0008.BACKFILL)
    for statement in _0008.SQLITE_COUNTS:
        schema_editor.execute(statement)
    _0008._sqlite_span_triggers(schema_editor, 'r."length"')


class Migration(migrations.Migration):
    dependencies = [("claims", "0019_claim_creation_history_by_trigger")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
