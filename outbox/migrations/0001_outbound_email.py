# The outbox used to be a model of the `coprod` app. Its table is taken over, not
# created: in state the model is made here with the old table name, then the table
# is renamed, so a new database and one migrated before the move end the same,
# with every row kept. `coprod` 0002 drops the old model from its state only.

from django.db import migrations, models


def content_type_follows(apps, schema_editor):
    """Permissions and admin history point at the content type; move it, not a copy."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="outbox", model="outboundemail").exists():
        ContentType.objects.using(db).filter(app_label="coprod", model="outboundemail").update(
            app_label="outbox"
        )


def content_type_goes_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="coprod", model="outboundemail").exists():
        ContentType.objects.using(db).filter(app_label="outbox", model="outboundemail").update(
            app_label="coprod"
        )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('coprod', '0001_outbound_email'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='OutboundEmail',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(help_text="What this email is about, e.g. 'report-12-reviewer-3'. One email per key, ever.", max_length=200, unique=True)),
                        ('to', models.EmailField(max_length=254)),
                        ('subject', models.CharField(max_length=300)),
                        ('body', models.TextField()),
                        ('status', models.CharField(choices=[('pending', 'Waiting to send'), ('sending', 'Sending'), ('sent', 'Sent'), ('failed', 'Gave up')], default='pending', max_length=10)),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('claimed_at', models.DateTimeField(blank=True, null=True)),
                        ('sent_at', models.DateTimeField(blank=True, null=True)),
                        ('last_error', models.CharField(blank=True, max_length=300)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        'db_table': 'coprod_outboundemail',
                        'ordering': ['created_at', 'pk'],
                        'indexes': [models.Index(fields=['status', 'claimed_at'], name='outbound_email_due')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name='outboundemail', table=None),
        migrations.RunPython(content_type_follows, content_type_goes_back, elidable=True),
    ]
