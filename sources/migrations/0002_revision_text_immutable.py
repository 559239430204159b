"""A revision's text never changes after it is stored: the database refuses it, whoever asks."""

from django.db import migrations

MESSAGE = "the text of a document revision never changes: import a new revision instead"

POSTGRES_FORWARD = f"""
CREATE FUNCTION sources_revision_immutable() RETURNS trigger AS $$
BEGIN
    IF NEW.text IS DISTINCT FROM OLD.text
       OR NEW.content_hash IS DISTINCT FROM OLD.content_hash
       OR NEW.document_id IS DISTINCT FROM OLD.document_id
       OR NEW.number IS DISTINCT FROM OLD.number THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER sources_revision_immutable
    BEFORE UPDATE ON sources_documentrevision
    FOR EACH ROW EXECUTE FUNCTION sources_revision_immutable();
"""
POSTGRES_REVERSE = """
DROP TRIGGER IF EXISTS sources_revision_immutable ON sources_documentrevision;
DROP FUNCTION IF EXISTS sources_revision_immutable();
"""
SQLITE_FORWARD = f"""
CREATE TRIGGER sources_revision_immutable
BEFORE UPDATE OF text, content_hash, document_id, number ON sources_documentrevision
WHEN NEW.text IS NOT OLD.text OR NEW.content_hash IS NOT OLD.content_hash
     OR NEW.document_id IS NOT OLD.document_id OR NEW.number IS NOT OLD.number
BEGIN
    SELECT RAISE(ABORT, '{MESSAGE}');
END;
"""
SQLITE_REVERSE = "DROP TRIGGER IF EXISTS sources_revision_immutable;"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def reverse(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_REVERSE)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("sources", "0001_initial")]
    operations = [migrations.RunPython(forward, reverse)]
