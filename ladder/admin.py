from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ladder.models import Classification, Response


class ResponseInline(admin.TabularInline):
    model = Response
    extra = 0
    raw_id_fields = ["person", "entered_by"]


@admin.register(Classification)
class ClassificationAdmin(SimpleHistoryAdmin):
    list_display = ["activity", "chosen_rung", "suggested_rung", "label", "by", "created_at"]
    list_filter = ["chosen_rung", "label"]
    raw_id_fields = ["activity", "by"]
    inlines = [ResponseInline]
