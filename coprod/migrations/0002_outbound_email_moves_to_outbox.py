# The outbox is the `outbox` app's now (see outbox 0001, which takes over the
# table): only the state forgets the model here, the table and its rows stay.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('coprod', '0001_outbound_email'),
        ('outbox', '0001_outbound_email'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='OutboundEmail')],
            database_operations=[],
        ),
    ]
