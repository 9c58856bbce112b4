# The payload was pickled; it is JSON now. Stored figures are disposable (they are
# worked out again on the next view), so the old column is dropped, not converted.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0003_stored_figures"),
    ]

    operations = [
        migrations.RemoveField(model_name="storedfigures", name="payload"),
        migrations.AddField(
            model_name="storedfigures",
            name="payload",
            field=models.JSONField(default=dict),
        ),
    ]
