"""A project's audit trail, read from django-simple-history, in plain words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from heapq import merge
from itertools import islice

from projects.models import Activity, Membership, Project
from projects.privacy.audit import who_did

LIMIT = 200


@dataclass(frozen=True)
class Entry:
    when: datetime
    who: str
    what: str
    changes: list[str]


VERBS = {"+": "added", "~": "changed", "-": "removed"}


def _entries(records, describe) -> list[Entry]:
    """Entries for history records, newest first, each compared with the record
    before it for the same object (paired here, so no query per record)."""
    records = list(records)
    previous: dict[int, object] = {}
    earlier_of = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        earlier_of[record.history_id] = previous.get(record.id)
        previous[record.id] = record
    entries = []
    for record in records:
        changes: list[str] = []
        earlier = earlier_of[record.history_id]
        if record.history_type == "~" and earlier is not None:
            # Many-to-many fields are left out: diffing them queries once per record.
            delta = record.diff_against(earlier, excluded_fields=["updated_at", "services"])
            changes = [
                str(record.instance._meta.get_field(change.field).verbose_name)
                for change in delta.changes
            ]
            if not changes:
                continue
        who = who_did(record)
        entries.append(Entry(record.history_date, who, describe(record), changes))
    return entries


def project_history_entries(project: Project) -> list[Entry]:
    """Newest first: changes to the project, its members and its activities."""
    project_records = Project.history.filter(id=project.pk).select_related("history_user")
    project_records = project_records.order_by("-history_date", "-history_id")
    member_records = Membership.history.filter(project_id=project.pk).select_related(
        "history_user", "user"
    )
    activity_records = Activity.history.filter(project_id=project.pk).select_related("history_user")
    streams = [
        _entries(project_records[:LIMIT], lambda r: f"Project {VERBS[r.history_type]}"),
        _entries(
            member_records[:LIMIT],
            lambda r: (
                f"{r.user.name if r.user else 'Someone'} {VERBS[r.history_type]} "
                f"as {r.get_role_display().lower()}"
            ),
        ),
        _entries(
            activity_records[:LIMIT], lambda r: f"Activity “{r.title}” {VERBS[r.history_type]}"
        ),
    ]
    return list(islice(merge(*streams, key=lambda e: e.when, reverse=True), LIMIT))
