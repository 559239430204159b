"""The suggestion models move to the assist app (claims.assist): removed from this app's state only.

Their tables (claims_passage, claims_claimsuggestion, claims_evidencesuggestion), their rows, and the
GIN index on claims_passage.search that 0010 made with SQL stay where they are; assist's 0001 takes the
models over in its state.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("claims", "0017_tokens_apitoken_moves_out")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ClaimSuggestion"),
                migrations.DeleteModel(name="EvidenceSuggestion"),
                migrations.DeleteModel(name="Passage"),
            ],
            database_operations=[],
        )
    ]
