from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from opportunities.models import Interest, Opportunity


class InterestInline(admin.TabularInline):
    model = Interest
    extra = 0
    raw_id_fields = ["person", "entered_by"]


@admin.register(Opportunity)
class OpportunityAdmin(SimpleHistoryAdmin):
    list_display = ["title", "project", "kind", "closes_on", "places", "public", "filled_at"]
    list_filter = ["kind", "public"]
    raw_id_fields = ["project", "created_by", "rate_card"]
    inlines = [InterestInline]
