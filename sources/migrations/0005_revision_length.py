"""Each revision stores the length of its text (code points), which the span triggers compare with.

Written by hand: on SQLite, Django's AddField/AddConstraint rebuild the table, which would drop the
trigger keeping revision texts immutable. There the rule "length is the text's length" is a trigger too.
"""

import django.db.models.functions.text
from django.db import migrations, models

SQLITE_LENGTH_TRIGGER = """
CREATE TRIGGER sources_revision_length_of_text
BEFORE INSERT ON sources_documentrevision
WHEN NEW.length IS NOT length(NEW.text)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: revision_length_of_text');
END;
"""


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            'ALTER TABLE sources_documentrevision ADD COLUMN "length" integer NOT NULL DEFAULT 0 '
            'CHECK ("length" >= 0)'
        )
        schema_editor.execute('UPDATE sources_documentrevision SET "length" = char_length(text)')
        schema_editor.execute('ALTER TABLE sources_documentrevision ALTER COLUMN "length" DROP DEFAULT')
        schema_editor.execute(
            "ALTER TABLE sources_documentrevision ADD CONSTRAINT revision_length_of_text "
            'CHECK ("length" = char_length(text))'
        )
    elif vendor == "sqlite":
        schema_editor.execute(
            'ALTER TABLE sources_documentrevision ADD COLUMN "length" integer unsigned NOT NULL DEFAULT 0 '
            'CHECK ("length" >= 0)'
        )
        schema_editor.execute('UPDATE sources_documentrevision SET "length" = length(text)')
        schema_editor.execute(SQLITE_LENGTH_TRIGGER)


def reverse(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS sources_revision_length_of_text")
    else:
        schema_editor.execute(
            "ALTER TABLE sources_documentrevision DROP CONSTRAINT IF EXISTS revision_length_of_text"
        )
    schema_editor.execute('ALTER TABLE sources_documentrevision DROP COLUMN "length"')


class Migration(migrations.Migration):
    dependencies = [("sources", "0004_large_value_fields")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forward, reverse)],
            state_operations=[
                migrations.AddField(
                    model_name="documentrevision",
                    name="length",
                    field=models.PositiveIntegerField(help_text="Length of the text in Unicode code points."),
                    preserve_default=False,
                ),
                migrations.AddConstraint(
                    model_name="documentrevision",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("length", django.db.models.functions.text.Length("text"))),
                        name="revision_length_of_text",
                    ),
                ),
            ],
        ),
    ]
