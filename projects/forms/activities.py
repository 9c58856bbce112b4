"""The activity form: the activity, its REIS scores and its participants.

`ActivityEntry` puts the activity form and the participants formset together,
because the participants' fees depend on the activity's date.
"""

from __future__ import annotations

import copy
import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from crispy_forms.layout import HTML, Div
from django import forms
from django.http import QueryDict

from accounts.models import User
from nhsuk.forms import DateField, Fieldset, NHSField, RadioSelect, Textarea, filter_helper
from projects.forms.common import Redrawable, quiet_helper
from projects.forms.participants import (
    PREFIX,
    EditParticipantFormSet,
    ParticipantFormSet,
    initial_participants,
    people_to_choose,
    staff_to_choose,
)
from projects.models import (
    Activity,
    Person,
    Project,
    ReisDomain,
    ReisScore,
    Service,
)
from projects.pay_limits import Offered
from projects.rungs import RUNGS_IN_GROUP, Group, Rung, RungStatus
from projects.services import ReisEntry

# The activity ------------------------------------------------------------------


def reis_rating_name(domain: str) -> str:
    return f"reis_{domain}"


def reis_findings_name(domain: str) -> str:
    return f"reis_{domain}_findings"


class ActivityForm(Redrawable, forms.ModelForm):
    date = DateField(
        label="Date",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date of the activity"},
    )
    duration_hours = forms.IntegerField(
        label="Hours",
        required=False,
        min_value=0,
        max_value=24,
        error_messages={
            "invalid": "Enter the hours as a whole number, like 2",
            "min_value": "Hours must be 0 or more",
            "max_value": "Hours must be 24 or fewer",
        },
    )
    duration_minutes_part = forms.IntegerField(
        label="Minutes",
        required=False,
        min_value=0,
        max_value=59,
        error_messages={
            "invalid": "Enter the minutes as a whole number, like 30",
            "min_value": "Minutes must be 0 or more",
            "max_value": "Minutes must be 59 or fewer",
        },
    )

    class Meta:
        model = Activity
        fields = ["date", "kind", "title", "description", "what_changed"]
        widgets = {"description": Textarea(), "what_changed": Textarea()}
        labels = {
            "kind": "Kind of activity",
            "title": "Title",
            "description": "What happened (optional)",
            "what_changed": "What changed because of this (optional)",
        }
        help_texts = {
            "title": "A short name people will recognise, like 'Menu tasting with patients'",
            "what_changed": "You said, we did: what is different now. You can add this later.",
        }
        error_messages = {
            "kind": {"required": "Choose the kind of activity"},
            "title": {
                "required": "Enter a title",
                "max_length": "Title must be 150 characters or fewer",
            },
            "description": {"max_length": "What happened must be 4,000 characters or fewer"},
            "what_changed": {"max_length": "What changed must be 4,000 characters or fewer"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Choose a kind"), *Activity.Kind.choices]
        self.fields["title"].widget.attrs["spellcheck"] = "true"
        for name in ("duration_hours", "duration_minutes_part"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric"})
        if self.instance.pk:
            hours, minutes = divmod(self.instance.duration_minutes, 60)
            self.initial.update(duration_hours=hours, duration_minutes_part=minutes)
        self._add_reis_fields()
        self.helper = quiet_helper(
            NHSField("date"),
            NHSField("kind"),
            NHSField("title"),
            NHSField("description"),
            Div(
                Fieldset(
                    "How long did it take?",
                    HTML(
                        '<div class="nhsuk-hint">The activity itself. Preparation is counted '
                        "for each person below.</div>"
                    ),
                    Div(
                        NHSField("duration_hours", width=2, wrapper_class="nhsuk-date-input__item"),
                        NHSField(
                            "duration_minutes_part", width=2, wrapper_class="nhsuk-date-input__item"
                        ),
                        css_class="nhsuk-date-input",
                    ),
                    size="s",
                ),
                css_class="nhsuk-form-group",
            ),
            NHSField("what_changed"),
            # Native <details>: closed unless this is an environmental assessment,
            # so the long REIS questions stay out of the way with or without JS.
            HTML(
                '<details class="nhsuk-details" id="reis"{% if form.kind.value == "reis" %} open'
                '{% endif %}><summary class="nhsuk-details__summary"><span class='
                '"nhsuk-details__summary-text">Environmental assessment (REIS) scores</span>'
                '</summary><div class="nhsuk-details__text">'
            ),
            Fieldset(
                "Environmental assessment (REIS)",
                HTML(
                    '<div class="nhsuk-hint">Only for environmental assessments. Rate each '
                    "of the four areas from 1 to 4 and say what you found.</div>"
                ),
                *self._reis_layout(),
                size="s",
            ),
            HTML("</div></details>"),
        )

    def _add_reis_fields(self) -> None:
        scores = {s.domain: s for s in self.instance.reis_scores.all()} if self.instance.pk else {}
        for domain, label in ReisDomain.choices:
            self.fields[reis_rating_name(domain)] = forms.TypedChoiceField(
                label=label,
                choices=ReisScore.Rating.choices,
                coerce=int,
                required=False,
                widget=RadioSelect(small=True),
                initial=scores[domain].rating if domain in scores else None,
            )
            self.fields[reis_findings_name(domain)] = forms.CharField(
                label=f"What you found: {label.lower()} (optional)",
                max_length=2000,
                required=False,
                widget=Textarea(attrs={"rows": "3"}),
                initial=scores[domain].findings if domain in scores else "",
                error_messages={"max_length": "Findings must be 2,000 characters or fewer"},
            )

    def _reis_layout(self) -> list[Any]:
        return [
            Div(NHSField(reis_rating_name(domain)), NHSField(reis_findings_name(domain)))
            for domain, _label in ReisDomain.choices
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        self._clean_duration(cleaned)
        if cleaned.get("kind") == Activity.Kind.REIS:
            for domain, label in ReisDomain.choices:
                if not cleaned.get(reis_rating_name(domain)):
                    self.add_error(reis_rating_name(domain), f"Choose a rating for {label.lower()}")
        return cleaned

    def _clean_duration(self, cleaned: dict[str, Any]) -> None:
        if "duration_hours" not in cleaned or "duration_minutes_part" not in cleaned:
            return  # Already has an error of its own.
        total = (cleaned["duration_hours"] or 0) * 60 + (cleaned["duration_minutes_part"] or 0)
        if total <= 0:
            self.add_error("duration_hours", "Enter how long it took, in hours and minutes")
        elif total > 24 * 60:
            self.add_error("duration_hours", "An activity must take 24 hours or less")
        cleaned["duration_minutes"] = total

    def activity_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return {**data, "duration_minutes": self.cleaned_data["duration_minutes"]}

    def reis_entries(self) -> list[ReisEntry]:
        if self.cleaned_data["kind"] != Activity.Kind.REIS:
            return []
        return [
            ReisEntry(
                domain=domain,
                rating=self.cleaned_data[reis_rating_name(domain)],
                findings=self.cleaned_data[reis_findings_name(domain)],
            )
            for domain, _label in ReisDomain.choices
        ]


class ActivityEntry:
    """The activity form and its participants, filled in and checked together."""

    def __init__(
        self,
        data: QueryDict | None,
        *,
        user: User,
        project: Project,
        activity: Activity | None = None,
        redraw: bool = False,
        initial: dict[str, Any] | None = None,
        participants_initial: list[dict[str, Any]] | None = None,
    ) -> None:
        """`initial` and `participants_initial` pre-fill a new activity (a higher
        app logging what it arranged, such as an opportunity's accepted people)."""
        self.search = (data.get("find_person", "") if data else "").strip()[:80]
        chosen = [str(data[key]) for key in data if key.endswith("-person")] if data else []
        if data is None and participants_initial:
            chosen += [str(row["person"]) for row in participants_initial if row.get("person")]
        people = people_to_choose(user=user, project=project, search=self.search, chosen=chosen)
        # A copy, so that a failed edit does not change the page's own heading.
        self.form = ActivityForm(
            data, instance=copy.copy(activity) if activity else None, initial=initial
        )
        formset_class = EditParticipantFormSet if activity else ParticipantFormSet
        self.participants = formset_class(
            data,
            prefix=PREFIX,
            initial=initial_participants(activity) if activity else participants_initial,
            form_kwargs={"people": people, "staff": staff_to_choose(project=project)},
        )
        self.found: list[Person] | None = None
        if self.search:
            self.found = list(Person.objects.visible_to(user).search(self.search)[:25])
        for form in [self.form, self.participants, *self.participants.forms]:
            form.redraw = redraw

    def is_valid(self) -> bool:
        activity_ok = self.form.is_valid()
        if activity_ok:
            self.participants.activity_date = self.form.cleaned_data["date"]
        return self.participants.is_valid() and activity_ok

    def has_errors(self) -> bool:
        return bool(self.form.errors or self.participants.total_error_count())

    def offered(self) -> tuple[datetime.date | None, list[Offered]]:
        """The day and the payments on the form as it is drawn: as it opened
        (pre-filled, or the activity being changed), or as checked after a save
        that failed. Rows not understood yet are left out; saving warns again."""
        if self.form.is_bound:
            day = getattr(self.form, "cleaned_data", {}).get("date")
            rows = [
                (form.cleaned_data, form.cleaned_data.get("person"))
                for form in self.participants.forms
                if getattr(form, "cleaned_data", None)
                and not form.cleaned_data.get("DELETE")
                and "hours" not in form.errors
            ]
        else:
            day = self.form.initial.get("date")
            rows = [(form.initial, form.initial.get("person")) for form in self.participants.forms]
        offered = []
        for values, person in rows:
            person_id = getattr(person, "pk", person)
            try:
                hours = Decimal(str(values.get("hours") or ""))
            except InvalidOperation:
                continue
            if person_id and hours > 0:
                offered.append(
                    Offered(
                        person_id=int(person_id),
                        hours=hours,
                        payment_choice=values.get("payment_choice") or "",
                        amount_taken_pence=values.get("amount_taken") or None,
                    )
                )
        return (day if isinstance(day, datetime.date) else None), offered


# The activities list -------------------------------------------------------------


class ActivityFilterForm(forms.Form):
    q = forms.CharField(label="Words in the title or notes", required=False, max_length=100)
    service = forms.ModelChoiceField(
        label="Service", queryset=Service.objects.none(), required=False, empty_label="All services"
    )
    project = forms.ModelChoiceField(
        label="Project", queryset=Project.objects.none(), required=False, empty_label="All projects"
    )
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "All kinds"), *Activity.Kind.choices]
    )
    date_from = DateField(label="From", required=False, help_text="For example, 1 4 2026")
    date_to = DateField(label="Up to and including", required=False)
    rung = forms.TypedChoiceField(
        label="Rung on the ladder",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any rung"), *reversed(Rung.choices)],
    )
    group = forms.ChoiceField(
        label="Group on the ladder", required=False, choices=[("", "Any group"), *Group.choices]
    )
    rung_status = forms.ChoiceField(
        label="Classification", required=False, choices=[("", "Any"), *RungStatus.choices]
    )
    flagged = forms.BooleanField(label="Only possible faux-production", required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.all()
        self.fields["project"].queryset = Project.objects.visible_to(user).order_by("title")
        self.helper = filter_helper()

    def filters(self) -> dict[str, Any]:
        """The filters that were typed correctly; a wrong one is shown, not applied."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            "service": cleaned.get("service"),
            "project": cleaned.get("project"),
            "kind": cleaned.get("kind", ""),
            "date_from": cleaned.get("date_from"),
            "date_to": cleaned.get("date_to"),
            "text": cleaned.get("q", ""),
            "rungs": self._rungs(cleaned),
            "rung_status": cleaned.get("rung_status", ""),
            "faux_production": cleaned.get("flagged") or None,
        }

    @staticmethod
    def _rungs(cleaned: dict[str, Any]) -> list[int] | None:
        rungs: set[int] | None = None
        if cleaned.get("rung"):
            rungs = {cleaned["rung"]}
        if cleaned.get("group"):
            in_group = {int(rung) for rung in RUNGS_IN_GROUP[Group(cleaned["group"])]}
            rungs = in_group if rungs is None else rungs & in_group
        return None if rungs is None else sorted(rungs)
