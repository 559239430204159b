"""Two speed-ups that keep every invariant in the database:

- EvidenceCounts: each claim's evidence counted in all and by stance, kept by triggers on the evidence
  table, so lists join one row instead of counting each claim's evidence five times.
- The span triggers compare a span's end with the revision's stored length (sources 0005) instead of
  measuring the revision's text for every span written: re-anchoring writes thousands at once.
"""

import django.db.models.deletion
from django.db import migrations, models

STANCES = ("supports", "contradicts", "mixed", "context")
SPAN_TABLES = ("claims_claim", "claims_evidence")


def _sum(row: str, sign: str, cast: str) -> str:
    return ", ".join(f"{s} = {s} {sign} ({row}.stance = '{s}'){cast}" for s in STANCES)


POSTGRES_COUNTS = f"""
CREATE FUNCTION claims_evidence_counts() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE claims_evidencecounts SET total = total - 1, {_sum("OLD", "-", "::int")}
        WHERE claim_id = OLD.claim_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO claims_evidencecounts (claim_id, total, {", ".join(STANCES)})
        VALUES (NEW.claim_id, 1, {", ".join(f"(NEW.stance = '{s}')::int" for s in STANCES)})
        ON CONFLICT (claim_id) DO UPDATE SET total = claims_evidencecounts.total + 1,
            {", ".join(f"{s} = claims_evidencecounts.{s} + EXCLUDED.{s}" for s in STANCES)};
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER claims_evidence_counts AFTER INSERT OR DELETE ON claims_evidence
    FOR EACH ROW EXECUTE FUNCTION claims_evidence_counts();
CREATE TRIGGER claims_evidence_counts_update AFTER UPDATE OF claim_id, stance ON claims_evidence
    FOR EACH ROW WHEN (OLD.claim_id IS DISTINCT FROM NEW.claim_id OR OLD.stance IS DISTINCT FROM NEW.stance)
    EXECUTE FUNCTION claims_evidence_counts();
"""

_SQLITE_ADD = f"""
    INSERT OR IGNORE INTO claims_evidencecounts (claim_id, total, {", ".join(STANCES)})
        VALUES (NEW.claim_id, 0, 0, 0, 0, 0);
    UPDATE claims_evidencecounts SET total = total + 1, {_sum("NEW", "+", "")} WHERE claim_id = NEW.claim_id;
"""
_SQLITE_REMOVE = f"""
    UPDATE claims_evidencecounts SET total = total - 1, {_sum("OLD", "-", "")} WHERE claim_id = OLD.claim_id;
"""
SQLITE_COUNTS = [
    f"CREATE TRIGGER claims_evidence_counts_insert AFTER INSERT ON claims_evidence BEGIN {_SQLITE_ADD} END;",
    f"CREATE TRIGGER claims_evidence_counts_delete AFTER DELETE ON claims_evidence BEGIN {_SQLITE_REMOVE} END;",
    "CREATE TRIGGER claims_evidence_counts_update AFTER UPDATE OF claim_id, stance ON claims_evidence "
    "WHEN OLD.claim_id IS NOT NEW.claim_id OR OLD.stance IS NOT NEW.stance "
    f"BEGIN {_SQLITE_REMOVE} {_SQLITE_ADD} END;",
]
BACKFILL = f"""
INSERT INTO claims_evidencecounts (claim_id, total, {", ".join(STANCES)})
SELECT claim_id, count(*), {", ".join(f"sum(CASE WHEN stance = '{s}' THEN 1 ELSE 0 END)" for s in STANCES)}
FROM claims_evidence GROUP BY claim_id
"""

# "%%" because Django passes this through the driver's parameter formatting; PostgreSQL sees "%".
POSTGRES_SPAN_FUNCTION = """
CREATE OR REPLACE FUNCTION claims_span_inside_revision() RETURNS trigger AS $$
DECLARE
    revision_document bigint;
    revision_length integer;
BEGIN
    IF NEW.revision_id IS NULL THEN
        RETURN NEW;
    END IF;
    SELECT document_id, "length" INTO revision_document, revision_length
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


def sqlite_span_trigger(table: str, event: str, measure: str) -> str:
    columns = ' OF revision_id, start, "end", document_id' if event == "UPDATE" else ""
    return f"""
CREATE TRIGGER {table}_span_inside_revision_{event.lower()}
BEFORE {event}{columns} ON {table}
WHEN NEW.revision_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM sources_documentrevision r
    WHERE r.id = NEW.revision_id AND r.document_id = NEW.document_id AND NEW."end" <= {measure}
)
BEGIN
    SELECT RAISE(ABORT, 'span is not inside a revision of its document');
END;
"""


def _sqlite_span_triggers(schema_editor, measure: str) -> None:
    for table in SPAN_TABLES:
        for event in ("INSERT", "UPDATE"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_span_inside_revision_{event.lower()};")
            schema_editor.execute(sqlite_span_trigger(table, event, measure))


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    schema_editor.execute(BACKFILL)
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_COUNTS)
        schema_editor.execute(POSTGRES_SPAN_FUNCTION)
    elif vendor == "sqlite":
        for statement in SQLITE_COUNTS:
            schema_editor.execute(statement)
        _sqlite_span_triggers(schema_editor, 'r."length"')


def reverse(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS claims_evidence_counts ON claims_evidence;")
        schema_editor.execute("DROP TRIGGER IF EXISTS claims_evidence_counts_update ON claims_evidence;")
        schema_editor.execute("DROP FUNCTION IF EXISTS claims_evidence_counts();")
        schema_editor.execute(
            POSTGRES_SPAN_FUNCTION.replace('document_id, "length" INTO', "document_id, char_length(text) INTO")
        )
    elif vendor == "sqlite":
        for event in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS claims_evidence_counts_{event};")
        _sqlite_span_triggers(schema_editor, "length(r.text)")


class Migration(migrations.Migration):
    dependencies = [("claims", "0007_digests"), ("sources", "0005_revision_length")]

    operations = [
        migrations.CreateModel(
            name="EvidenceCounts",
            fields=[
                (
                    "claim",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="counts",
                        serialize=False,
                        to="claims.claim",
                    ),
                ),
                ("total", models.PositiveIntegerField(default=0)),
                ("supports", models.PositiveIntegerField(default=0)),
                ("contradicts", models.PositiveIntegerField(default=0)),
                ("mixed", models.PositiveIntegerField(default=0)),
                ("context", models.PositiveIntegerField(default=0)),
            ],
            options={"verbose_name_plural": "evidence counts"},
        ),
        migrations.RunPython(forward, reverse),
    ]
