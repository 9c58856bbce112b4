from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from principles.models import Answer, Invitation, Response, Round


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    raw_id_fields = ["person", "user", "link_shown_to"]


@admin.register(Round)
class RoundAdmin(SimpleHistoryAdmin):
    list_display = ["name", "project", "opens_on", "closes_on"]
    raw_id_fields = ["project", "created_by"]
    inlines = [InvitationInline]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    raw_id_fields = ["entered_by"]


# Admins find a person's answers here to honour a data request, even when the
# person chose to stay anonymous to the project team.
@admin.register(Response)
class ResponseAdmin(SimpleHistoryAdmin):
    list_display = ["round", "invitation", "perspective", "submitted_at"]
    list_filter = ["perspective"]
    raw_id_fields = ["round", "invitation", "entered_on_behalf_by"]
    search_fields = ["invitation__person__display_name", "invitation__user__email"]
    inlines = [AnswerInline]
