"""The digest models move to the digests app (claims.digests): removed from this app's state only.

Their tables (claims_digestsubscription, claims_digestdelivery) and rows stay where they are; the
digests app's 0001 takes them over in its state.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("claims", "0015_publish_fact_checks")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="DigestDelivery"),
                migrations.DeleteModel(name="DigestSubscription"),
            ],
            database_operations=[],
        )
    ]
