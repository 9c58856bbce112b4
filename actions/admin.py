from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from actions.models import Action, ActionReminder


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["what", "owner", "service", "due_on", "status"]
    list_filter = ["status"]
    raw_id_fields = ["owner", "created_by"]


@admin.register(ActionReminder)
class ActionReminderAdmin(admin.ModelAdmin):
    list_display = ["action", "kind", "due_on", "sent_at"]
