"""Move what plan owners said they would do about each peer-review recommendation
(`Recommendation.action`, `action_due_on`) onto the action log, (0005 drops the two fields).

Nothing is lost: each recommendation with an action (or only a date) becomes one
`actions.Action` for the plan's service, owned by whoever answered it, due when
they said, linked back to the recommendation. Every earlier wording or date in
the recommendation's history becomes a row of the action's history, with its
date and author, because the fields leave the historical table too. Going back
writes the latest action text and date onto the recommendation again.
"""

from django.db import migrations

OPEN = "open"


def _content_type(apps, app_label, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    return content_type


def recommendation_actions_to_log(apps, schema_editor):
    Recommendation = apps.get_model("dashboard", "Recommendation")
    HistoricalRecommendation = apps.get_model("dashboard", "HistoricalRecommendation")
    Action = apps.get_model("actions", "Action")
    HistoricalAction = apps.get_model("actions", "HistoricalAction")
    content_type = _content_type(apps, "dashboard", "recommendation")
    with_action = (
        Recommendation.objects.exclude(action="", action_due_on__isnull=True)
        .select_related("review__assignment__report__plan")
        .order_by("pk")
    )
    for recommendation in with_action.iterator(chunk_size=500):
        plan = recommendation.review.assignment.report.plan
        action = Action.objects.create(
            what=recommendation.action or recommendation.text,
            owner_id=recommendation.answered_by_id,
            service_id=plan.service_id,
            due_on=recommendation.action_due_on,
            status=OPEN,
            source_type=content_type,
            source_id=recommendation.pk,
            created_by_id=recommendation.answered_by_id,
        )
        versions = _versions(
            HistoricalRecommendation.objects.filter(id=recommendation.pk).order_by(
                "history_date", "history_id"
            )
        )
        if versions:
            action.created_at = versions[0].history_date
            Action.objects.filter(pk=action.pk).update(created_at=action.created_at)
        else:
            versions = [None]
        for number, version in enumerate(versions):
            HistoricalAction.objects.create(
                id=action.pk,
                what=(version.action if version else recommendation.action) or recommendation.text,
                owner_id=recommendation.answered_by_id,
                service_id=plan.service_id,
                due_on=version.action_due_on if version else recommendation.action_due_on,
                status=OPEN,
                evidence="",
                closed_at=None,
                source_type_id=content_type.pk,
                source_id=recommendation.pk,
                created_by_id=recommendation.answered_by_id,
                created_at=action.created_at,
                updated_at=version.history_date if version else action.updated_at,
                history_date=version.history_date if version else action.updated_at,
                history_user_id=version.history_user_id if version else None,
                history_type="+" if number == 0 else "~",
                history_change_reason="Moved from the peer-review recommendation",
            )


def _versions(history):
    """The historical rows where the action or its date changed, oldest first."""
    versions, last = [], None
    for row in history:
        key = (row.action, row.action_due_on)
        if key != last and (row.action or row.action_due_on):
            versions.append(row)
        last = key
    return versions


def recommendation_actions_back(apps, schema_editor):
    Recommendation = apps.get_model("dashboard", "Recommendation")
    Action = apps.get_model("actions", "Action")
    HistoricalAction = apps.get_model("actions", "HistoricalAction")
    content_type = _content_type(apps, "dashboard", "recommendation")
    for action in Action.objects.filter(source_type=content_type).order_by("pk"):
        Recommendation.objects.filter(pk=action.source_id).update(
            action=action.what, action_due_on=action.due_on
        )
    Action.objects.filter(source_type=content_type).delete()
    HistoricalAction.objects.filter(source_type=content_type).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0001_action_log"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("dashboard", "0003_stored_figures"),
    ]

    operations = [
        migrations.RunPython(recommendation_actions_to_log, recommendation_actions_back),
    ]
