from django.db import migrations

# Changes to principles rounds, invitations, responses and answers note "something
# else changed" for the dashboard's stored figures, as the records of projects
# 0018 do (the same note, the same function on PostgreSQL).
TABLES = ["principles_round", "principles_invitation", "principles_response", "principles_answer"]
NOTE = (
    "INSERT OR IGNORE INTO projects_summarychange (project, month, service, person) "
    "VALUES (-1, '1970-01-01', 0, 0)"
)


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(
                f"CREATE TRIGGER {table}_summary_other AFTER INSERT OR UPDATE OR DELETE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION projects_note_other()"
            )
        elif vendor == "sqlite":
            for event in ("INSERT", "UPDATE", "DELETE"):
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_summary_other_{event.lower()} AFTER {event} "
                    f"ON {table} BEGIN {NOTE}; END"
                )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER {table}_summary_other ON {table}")
        elif vendor == "sqlite":
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER {table}_summary_other_{event}")


class Migration(migrations.Migration):
    dependencies = [
        ("principles", "0004_paper_questionnaires"),
        ("projects", "0018_other_changes"),
    ]

    operations = [migrations.RunPython(create, drop)]
