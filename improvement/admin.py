from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from improvement.models import AlwaysEvent, PdsaCycle, ReliabilityEntry


@admin.register(AlwaysEvent)
class AlwaysEventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "service", "stage", "goal"]
    list_filter = ["stage"]
    raw_id_fields = ["service", "project", "plan_metric", "created_by"]


@admin.register(PdsaCycle)
class PdsaCycleAdmin(SimpleHistoryAdmin):
    list_display = ["event", "number", "act", "started_on"]
    raw_id_fields = ["event", "people", "created_by"]


@admin.register(ReliabilityEntry)
class ReliabilityEntryAdmin(SimpleHistoryAdmin):
    list_display = ["event", "service", "period_start", "happened", "should_have"]
    raw_id_fields = ["event", "service", "entered_by"]
