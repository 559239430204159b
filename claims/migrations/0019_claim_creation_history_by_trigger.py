"""A claim's creation is recorded in its history by the INSERT itself (a trigger), not by a second
statement from django-simple-history: marking a claim is then one statement, with no transaction of its
own around it, where it was BEGIN, INSERT claim, INSERT history row, COMMIT (four round trips to the
database for every claim marked). Changes and deletions are still recorded by django-simple-history.

The row is what simple-history wrote for a creation: the claim's tracked columns, `+`, the creator as
the user, and the claim's `created_at` as the date. HISTORY_COLUMNS must list every column of
claims_historicalclaim but the history_* ones; tests/claims/test_api_history.py holds it to that.
"""

from django.db import migrations

HISTORY_COLUMNS = (
    "id",
    "document_id",
    "revision_id",
    "start",
    "end",
    "exact",
    "prefix",
    "suffix",
    "orphaned",
    "anchor_confidence",
    "speaker",
    "speaker_role",
    "statement",
    "speaker_kind",
    "short_statement",
    "status",
    "created_by_id",
    "updated_by_id",
    "created_at",
)
_COLUMNS = ", ".join(f'"{column}"' for column in HISTORY_COLUMNS)
_VALUES = ", ".join(f'NEW."{column}"' for column in HISTORY_COLUMNS)
_INSERT = (
    f"INSERT INTO claims_historicalclaim ({_COLUMNS}, history_date, history_type, history_user_id, "
    f"history_change_reason) VALUES ({_VALUES}, NEW.created_at, '+', NEW.created_by_id, NULL);"
)

POSTGRES = f"""
CREATE FUNCTION claims_claim_created_history() RETURNS trigger AS $$
BEGIN
    {_INSERT}
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER claims_claim_created_history AFTER INSERT ON claims_claim
    FOR EACH ROW EXECUTE FUNCTION claims_claim_created_history();
"""
SQLITE = f"CREATE TRIGGER claims_claim_created_history AFTER INSERT ON claims_claim BEGIN {_INSERT} END;"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE)


def reverse(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS claims_claim_created_history ON claims_claim;")
        schema_editor.execute("DROP FUNCTION IF EXISTS claims_claim_created_history();")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS claims_claim_created_history;")


class Migration(migrations.Migration):
    dependencies = [("claims", "0018_assist_moves_out")]

    operations = [migrations.RunPython(forward, reverse)]
