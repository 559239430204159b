"""ApiToken moves to the tokens app (claims.tokens): removed from this app's state only; its table
claims_apitoken and every row stay, and tokens' 0001 takes the model over in state."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("claims", "0016_digests_move_out")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ApiToken")],
            database_operations=[],
        )
    ]
