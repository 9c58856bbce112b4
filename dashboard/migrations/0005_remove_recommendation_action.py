"""The recommendation's action lives on the action log now (see 0004)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0004_recommendation_actions_to_log"),
    ]

    operations = [
        migrations.RemoveField(model_name="historicalrecommendation", name="action"),
        migrations.RemoveField(model_name="historicalrecommendation", name="action_due_on"),
        migrations.RemoveField(model_name="recommendation", name="action"),
        migrations.RemoveField(model_name="recommendation", name="action_due_on"),
    ]
