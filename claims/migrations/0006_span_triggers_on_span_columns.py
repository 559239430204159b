"""Check spans only when a span column changes: scoring updates every claim row it touches, and
re-reading the revision for each of them made those updates slow."""

from django.db import migrations

TABLES = ("claims_claim", "claims_evidence")
COLUMNS = 'revision_id, start, "end", document_id'


def sqlite_trigger(table: str) -> str:
    return f"""
CREATE TRIGGER {table}_span_inside_revision_update
BEFORE UPDATE OF {COLUMNS} ON {table}
WHEN NEW.revision_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM sources_documentrevision r
    WHERE r.id = NEW.revision_id AND r.document_id = NEW.document_id AND NEW."end" <= length(r.text)
)
BEGIN
    SELECT RAISE(ABORT, 'span is not inside a revision of its document');
END;
"""


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_span_inside_revision ON {table};")
            schema_editor.execute(
                f"CREATE TRIGGER {table}_span_inside_revision BEFORE INSERT OR UPDATE OF {COLUMNS} ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION claims_span_inside_revision();"
            )
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_span_inside_revision_update;")
            schema_editor.execute(sqlite_trigger(table))


def reverse(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_span_inside_revision ON {table};")
            schema_editor.execute(
                f"CREATE TRIGGER {table}_span_inside_revision BEFORE INSERT OR UPDATE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION claims_span_inside_revision();"
            )


class Migration(migrations.Migration):
    dependencies = [("claims", "0005_large_value_fields")]
    operations = [migrations.RunPython(forward, reverse)]
