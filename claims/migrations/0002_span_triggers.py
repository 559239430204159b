"""Span invariants a CHECK constraint cannot express, because they need another table:
the revision belongs to the span's document, and the span ends inside the revision's text."""

from django.db import migrations

TABLES = ("claims_claim", "claims_evidence")

# "%%" because Django passes this through the driver's parameter formatting; PostgreSQL sees "%".
POSTGRES_FUNCTION = """
CREATE FUNCTION claims_span_inside_revision() RETURNS trigger AS $$
DECLARE
    revision_document bigint;
    revision_length integer;
BEGIN
    IF NEW.revision_id IS NULL THEN
        RETURN NEW;
    END IF;
    SELECT document_id, char_length(text) INTO revision_document, revision_length
        FROM sources_documentrevision WHERE id = NEW.revision_id;
    IF revision_document IS DISTINCT FROM NEW.document_id THEN
        RAISE EXCEPTION 'span revision %% belongs to another document', NEW.revision_id
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW."end" > revision_length THEN
        RAISE EXCEPTION 'span end %% is past the end of the revision text (%% characters)',
            NEW."end", revision_length
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


def sqlite_trigger(table: str, event: str) -> str:
    return f"""
CREATE TRIGGER {table}_span_inside_revision_{event.lower()}
BEFORE {event} ON {table}
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
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTION)
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_span_inside_revision BEFORE INSERT OR UPDATE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION claims_span_inside_revision();"
            )
    elif vendor == "sqlite":
        for table in TABLES:
            for event in ("INSERT", "UPDATE"):
                schema_editor.execute(sqlite_trigger(table, event))


def reverse(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_span_inside_revision ON {table};")
        schema_editor.execute("DROP FUNCTION IF EXISTS claims_span_inside_revision();")
    elif vendor == "sqlite":
        for table in TABLES:
            for event in ("insert", "update"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_span_inside_revision_{event};")


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial"), ("sources", "0003_publisher_reliability_validators")]
    operations = [migrations.RunPython(forward, reverse)]
