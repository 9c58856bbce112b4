"""Activities, with their rung on the ladder and the evidence or reason for it.
Checked by the activity form. Changed activities are saved and classified by the
services the pages use; new ones in batches, as those services would save them."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models.functions import Lower
from simple_history.utils import bulk_create_with_history

from imports.audit import Importing, change_reason
from imports.kinds.base import REFERENCE, Column, Importer, Planned, Row
from imports.kinds.projects import date_data
from imports.models import ImportReference, ImportRow, Kind
from imports.values import normalise
from ladder.models import Classification
from ladder.questions import QUESTIONS, Answer, Label, suggest_rung
from ladder.services import classification_build, classification_record
from projects.forms.activities import ActivityForm
from projects.models import Activity, Project
from projects.rungs import Rung
from projects.telling import what_changed_tell


class SharedFields(dict):
    """A form's fields, shared by every form of its class instead of copied.

    A form deep-copies its class's fields so that one page can change its own
    (choices, widget attributes) without touching the next. Rows of an import
    change nothing once the class is made, and ten thousand deep copies took
    longer than checking the rows."""

    def __deepcopy__(self, memo: dict[int, Any]) -> SharedFields:
        return SharedFields(self)


class ActivityRowForm(ActivityForm):
    """The activity form's fields, messages and rules, without what only the page
    needs (its layout and the REIS boxes): built ten thousand times in a large
    import, those cost more than the checking."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        forms.ModelForm.__init__(self, *args, **kwargs)
        if self.instance.pk:
            hours, minutes = divmod(self.instance.duration_minutes, 60)
            self.initial.update(duration_hours=hours, duration_minutes_part=minutes)

    def clean(self) -> dict[str, Any]:
        cleaned = forms.ModelForm.clean(self)
        self._clean_duration(cleaned)
        if cleaned.get("kind") == Activity.Kind.REIS:
            self.add_error(
                "kind", "environmental assessments need their four scores: log them in Coprod"
            )
        return cleaned


# The evidence questions, by the column that answers each.
EVIDENCE_COLUMNS = {
    "Took part": "took_part",
    "Told what was decided": "told",
    "Asked for views": "asked_views",
    "Views changed the decision": "views_changed",
    "Helped set the agenda or design": "shaped",
    "Shared the final decisions": "shared_decisions",
    "Helped deliver it": "delivered",
}
QUESTION_TEXT = {question.key: question.text for question in QUESTIONS}
# New activities are saved this many at a time: a few queries each.
SAVE_BATCH = 1000
# Read once: an enum's `choices` is worked out afresh on every use.
KINDS, LABELS, RUNGS, ANSWERS = Activity.Kind.choices, Label.choices, Rung.choices, Answer.choices
# The row form's own copy of the fields (the page's form keeps its own), with
# the kinds to choose from, shared by every row.
ActivityRowForm.base_fields = SharedFields(copy.deepcopy(ActivityRowForm.base_fields))
ActivityRowForm.base_fields["kind"].choices = [("", "Choose a kind"), *KINDS]  # type: ignore[attr-defined]


class ActivitiesImporter(Importer):
    kind = Kind.ACTIVITIES
    columns = (
        Column(
            REFERENCE,
            "Your own code for the activity. Involvements name their activity by it. Importing "
            "again with the same reference updates the activity instead of adding it twice.",
            ("ACT-0001", "ACT-0002"),
            aliases=("Ref", "ID", "Activity reference"),
        ),
        Column(
            "Project",
            "The project's reference from the projects import, or its title exactly as in Coprod.",
            ("PRJ-01", "PRJ-01"),
            required=True,
        ),
        Column(
            "Date",
            "The day it happened, like 27/03/2024, 27/3/24 or 27 Mar 2024.",
            ("27/03/2024", "3 Apr 2024"),
            required=True,
        ),
        Column(
            "Kind",
            "One of: "
            + "; ".join(label for _, label in Activity.Kind.choices)
            + ". Environmental assessments need their four scores: log those in Coprod instead.",
            ("Workshop", "Focus group"),
            required=True,
            aliases=("Kind of activity", "Type"),
        ),
        Column(
            "Title",
            "A short name people will recognise. 150 characters at most.",
            ("Menu tasting", "Welcome pack review"),
            required=True,
        ),
        Column("Description", "What happened. Optional.", ("Patients tried the new menu.", "")),
        Column(
            "Hours",
            "How long the activity itself took, in hours, like 2 or 1.5. 24 at most.",
            ("2", "1.5"),
            required=True,
            aliases=("Duration", "Length in hours"),
        ),
        Column(
            "What changed",
            "You said, we did: what is different because of it. Optional.",
            ("Two dishes were added to the menu.", ""),
            aliases=("What changed because of this", "You said we did"),
        ),
        Column(
            "Called it",
            "What the people running it called it: "
            + "; ".join(label for _, label in Label.choices)
            + ". Empty means nothing in particular.",
            ("Co-production", "Engagement"),
            aliases=("Label",),
        ),
        Column(
            "Rung",
            "Its rung on the ladder: "
            + "; ".join(label for _, label in Rung.choices)
            + ". Empty: the rung the evidence suggests, if it suggests one; otherwise not classified.",
            ("Co-production", "Consultation"),
            aliases=("Ladder rung",),
        ),
        Column(
            "Reason for rung",
            "Why this rung, in a sentence. Needed when the rung is not the one the evidence suggests.",
            ("", "Views were asked for, but the decision was made already."),
            aliases=("Reason", "Why this rung"),
        ),
        *(
            Column(name, f"{QUESTION_TEXT[key]} Yes, No or Not sure. Optional.", examples)
            for (name, key), examples in zip(
                EVIDENCE_COLUMNS.items(),
                (
                    ("Yes", "Yes"),
                    ("Yes", "Yes"),
                    ("Yes", "Yes"),
                    ("Yes", "No"),
                    ("Yes", "No"),
                    ("Yes", "No"),
                    ("Yes", "No"),
                ),
                strict=True,
            )
        ),
    )
    field_columns = {
        "date": "Date",
        "kind": "Kind",
        "title": "Title",
        "description": "Description",
        "what_changed": "What changed",
        "duration_hours": "Hours",
        "duration_minutes_part": "Hours",
        **{
            f"reis_{domain}": "Kind"
            for domain in ("space", "objects", "relationships", "activities")
        },
    }

    def prepare(self, rows: list[Row]) -> None:
        self.by_reference = self.references(rows)
        named = {row.text("Project") for row in rows}
        self.project_references = dict(
            ImportReference.objects.filter(kind=Kind.PROJECTS, reference__in=named).values_list(
                "reference", "object_id"
            )
        )
        self.project_titles: dict[str, list[int]] = {}
        for pk, title in (
            Project.objects.annotate(lower_title=Lower("title"))
            .filter(lower_title__in={name.lower() for name in named})
            .values_list("pk", "title")
        ):
            self.project_titles.setdefault(normalise(title), []).append(pk)
        project_ids = set(self.project_references.values()) | {
            pk for pks in self.project_titles.values() for pk in pks
        }
        self.projects = Project.objects.in_bulk(project_ids)
        self.by_title: dict[tuple[int, datetime.date, str], int] = {}
        for pk, project_id, day, title in Activity.objects.filter(
            project_id__in=project_ids
        ).values_list("pk", "project_id", "date", "title"):
            self.by_title.setdefault((project_id, day, normalise(title)), pk)
        # Only the activities a row may be about are read whole, not every
        # activity of the projects named.
        titles = {normalise(row.text("Title")) for row in rows}
        wanted = set(self.by_reference.values()) | {
            pk for (_project, _day, title), pk in self.by_title.items() if title in titles
        }
        self.activities = Activity.objects.in_bulk(wanted)
        self.classifications = {
            c.activity_id: c
            for c in Classification.objects.current().filter(activity_id__in=wanted)
        }

    def _project(self, row: Row) -> Project | None:
        name = row.text("Project", required=True)
        if not name:
            return None
        if name in self.project_references:
            return self.projects.get(self.project_references[name])
        found = self.project_titles.get(normalise(name), [])
        if len(found) > 1:
            row.problem("Project", f"more than one project is called {name}: use its reference")
            return None
        if not found:
            row.problem("Project", f"no project has the reference or title {name}")
            return None
        return self.projects.get(found[0])

    def plan(self, row: Row) -> Planned | None:
        project = self._project(row)
        day = row.date("Date")
        title = row.text("Title")
        reference = row.text(REFERENCE)
        pk = self.by_reference.get(reference) if reference else None
        if pk is None and project and day:
            pk = self.by_title.get((project.pk, day, normalise(title)))
        existing = self.activities.get(pk) if pk else None
        form = ActivityRowForm(data=self._form_data(row, existing, day), instance=existing)
        form.is_valid()
        row.errors(form.errors, self.field_columns)
        classification = self._classification(row)
        if not row.ok or project is None:
            return None
        if existing is not None and existing.project_id != project.pk:
            row.problem("Project", "the activity with this reference belongs to another project")
            return None
        if existing is None:
            return Planned(
                row=row.number,
                action=ImportRow.Action.CREATED,
                label=title,
                reference=reference,
                new=(project, _activity_data(form), classification),
            )
        changed = form.has_changed() or self._reclassifies(existing, classification)
        action = ImportRow.Action.UPDATED if changed else ImportRow.Action.SKIPPED
        return Planned(
            row=row.number,
            action=action,
            label=title,
            reference=reference,
            save=(lambda: self._save(existing, form, classification))
            if action != ImportRow.Action.SKIPPED
            else None,
            object_id=existing.pk,
        )

    def _form_data(
        self, row: Row, existing: Activity | None, day: datetime.date | None
    ) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": existing.kind if existing else "",
            "title": existing.title if existing else "",
            "description": existing.description if existing else "",
            "what_changed": existing.what_changed if existing else "",
            **date_data("date", day if day or not existing else existing.date),
        }
        if existing:
            hours, minutes = divmod(existing.duration_minutes, 60)
            data.update(duration_hours=str(hours), duration_minutes_part=str(minutes))
        for column, field in (
            ("Title", "title"),
            ("Description", "description"),
            ("What changed", "what_changed"),
        ):
            if row.in_file(column):
                data[field] = row.text(column)
        if row.in_file("Kind"):
            data["kind"] = row.choice("Kind", KINDS) or ""
        if row.in_file("Hours"):
            hours = row.decimal("Hours")
            if hours is not None:
                minutes = int((hours * 60).quantize(Decimal(1)))
                data["duration_hours"], data["duration_minutes_part"] = (
                    str(part) for part in divmod(minutes, 60)
                )
                if minutes <= 0:
                    row.problem("Hours", "must be more than 0")
                elif minutes > 24 * 60:
                    row.problem("Hours", "must be 24 or fewer")
            else:
                data["duration_hours"] = data["duration_minutes_part"] = ""
        return data

    def _classification(self, row: Row) -> dict[str, Any] | None:
        answers = {}
        for column, key in EVIDENCE_COLUMNS.items():
            if row.given(column):
                answer = row.choice(column, ANSWERS)
                if answer:
                    answers[key] = answer
        label = row.choice("Called it", LABELS) if row.given("Called it") else Label.OTHER
        chosen = row.choice("Rung", RUNGS) if row.given("Rung") else None
        reason = row.text("Reason for rung", max_length=2000)
        suggested = suggest_rung(answers) if answers else None
        if chosen is None and row.given("Rung"):
            return None
        chosen = chosen or suggested
        if chosen is None:
            if reason:
                row.problem("Rung", "is empty, but there is a reason for a rung: choose the rung")
            return None
        if chosen != suggested and not reason:
            if suggested is None:
                row.problem(
                    "Reason for rung",
                    "say why it is on this rung, or answer the evidence questions",
                )
            else:
                row.problem(
                    "Reason for rung",
                    f"say why it is on this rung: the evidence suggests {Rung(suggested).label}",
                )
        return {
            "answers": answers,
            "label": label or Label.OTHER,
            "chosen": int(chosen),
            "reason": reason,
        }

    def _reclassifies(self, activity: Activity, classification: dict[str, Any] | None) -> bool:
        if classification is None:
            return False
        current = self.classifications.get(activity.pk)
        return current is None or (
            current.chosen_rung,
            current.label,
            current.reason,
            current.answers,
        ) != (
            classification["chosen"],
            classification["label"],
            classification["reason"],
            classification["answers"],
        )

    def save_all(
        self, plans: list[Planned], *, current: Importing, on_saved: Callable[[int], None]
    ) -> None:
        """New activities in batches, a few queries each however many rows; changed
        ones one by one, through the services the activity pages use.

        A new activity has nobody who took part yet, so there is nobody to tell
        what changed (`what_changed_tell`) or to ask about its rung
        (`classification_record`): saving the records and their history is all
        `activity_log` and `classification_record` would do for it. Whatever
        else those learn to do for a new activity must be done here too.
        """
        new = [planned for planned in plans if planned.new is not None]
        for start in range(0, len(new), SAVE_BATCH):
            chunk = new[start : start + SAVE_BATCH]
            activities, classifications = [], []
            for planned in chunk:
                project, data, rung = planned.new
                activity = Activity(project=project, created_by=self.by, **data)
                # The audit trail, as `imports.audit.mark_imported` writes it for
                # records saved one by one (bulk saves send no signal).
                activity._change_reason = change_reason(current.batch_id, planned.row)
                activities.append(activity)
                if rung is not None:
                    classification = classification_build(activity=activity, by=self.by, **rung)
                    classification._change_reason = activity._change_reason
                    classifications.append(classification)
            bulk_create_with_history(activities, Activity, default_user=self.by)
            bulk_create_with_history(classifications, Classification, default_user=self.by)
            for planned, activity in zip(chunk, activities, strict=True):
                planned.object_id = activity.pk
                planned.new = None
            on_saved(start + len(chunk))
        super().save_all(
            [planned for planned in plans if planned.save],
            current=current,
            on_saved=lambda done: on_saved(len(new) + done),
        )

    def _save(
        self,
        existing: Activity,
        form: ActivityForm,
        classification: dict[str, Any] | None,
    ) -> int:
        # As `activity_update` does, keeping everyone who took part.
        activity = existing
        for name, value in _activity_data(form).items():
            setattr(activity, name, value)
        activity.save()
        what_changed_tell(activity=activity, by=self.by)
        if classification is not None and self._reclassifies(activity, classification):
            classification_record(activity=activity, by=self.by, **classification)
        return activity.pk


def _activity_data(form: ActivityForm) -> dict[str, Any]:
    return {
        name: form.cleaned_data[name]
        for name in ("date", "kind", "title", "description", "what_changed", "duration_minutes")
    }
