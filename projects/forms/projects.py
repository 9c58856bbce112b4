from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import Role, User
from nhsuk.forms import (
    CheckboxSelectMultiple,
    DateField,
    RadioSelect,
    Submit,
    Textarea,
)
from projects.models import Membership, Person, Project, Service
from projects.rungs import Group, Rung

STATUS_HINTS = {
    Project.Status.IDEA: "Still being shaped. Nothing has happened yet.",
    Project.Status.ACTIVE: "Work is happening now.",
    Project.Status.PAUSED: "Stopped for now, expected to start again.",
    Project.Status.COMPLETED: "Finished.",
}


class ProjectForm(forms.ModelForm):
    start_date = DateField(
        label="Start date",
        help_text="For example, 15 3 2026",
        error_messages={"required": "Enter the date the project started or will start"},
    )
    end_date = DateField(
        label="End date (optional)",
        required=False,
        help_text="Leave blank if it has no end date yet.",
    )

    class Meta:
        model = Project
        fields = ["title", "aim", "services", "status", "start_date", "end_date"]
        widgets = {
            "aim": Textarea(),
            "services": CheckboxSelectMultiple(),
            "status": RadioSelect(choice_hints=STATUS_HINTS),
        }
        labels = {"services": "Services", "aim": "What matters most"}
        help_texts = {
            "services": "Choose every service the project is for.",
            "title": "A short name people will recognise.",
        }
        error_messages = {
            "title": {
                "required": "Enter a title",
                "max_length": "Title must be 150 characters or fewer",
            },
            "aim": {
                "required": "Enter what matters most to the people this project is for",
                "max_length": "What matters most must be 2,000 characters or fewer",
            },
            "services": {"required": "Choose at least one service"},
            "status": {"required": "Choose a status"},
        }

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        services = Service.objects.active()
        if not user.is_admin:
            # Staff start projects in their own services; a project already
            # shared with other services keeps them.
            allowed = services.for_user(user)
            if self.instance.pk:
                allowed = allowed | self.instance.services.all()
            services = allowed.distinct()
        self.fields["services"].queryset = services.order_by("name")
        self.helper = FormHelper()
        self.helper.add_input(Submit("Save project"))

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "End date must be the same as or after the start date")
        return cleaned


def addable_members(project: Project, by: User) -> QuerySet[User]:
    """Who a lead may add: staff of the project's services, and people with an
    account who are on the register where the lead can see them (someone who took
    part, or whom they recorded). Admins may add anyone. The list never shows
    people the lead has no reason to know about."""
    people = User.objects.active().exclude(memberships__project=project)
    if not by.is_admin:
        people = people.filter(
            Q(services__in=project.services.all())
            | Q(person__in=Person.objects.visible_to(by))
            | Q(person__involvements__activity__project=project)
        )
    return people.exclude(role=Role.GOVERNANCE).distinct().order_by("full_name")


class MemberAddForm(forms.Form):
    user = forms.ModelChoiceField(
        label="Person",
        queryset=User.objects.none(),
        help_text="Only people with an account are listed. Ask an admin to invite someone new.",
        error_messages={"required": "Choose who to add", "invalid_choice": "Choose who to add"},
    )
    role = forms.ChoiceField(
        label="Their part in the project",
        choices=Membership.Role.choices,
        initial=Membership.Role.MEMBER,
        widget=RadioSelect(
            choice_hints={
                Membership.Role.LEAD: "Can change the project and log its activities, "
                "with the same rights whatever their role.",
                Membership.Role.MEMBER: "Can see the project and its activities.",
            }
        ),
    )

    def __init__(self, *args, project: Project, by: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = addable_members(project, by)
        self.fields["user"].label_from_instance = lambda user: (
            f"{user.name} ({user.get_role_display()})"
        )
        self.helper = FormHelper()
        self.helper.add_input(Submit("Add to project"))


STATUS_FILTER_CHOICES = [("", "Any status"), *Project.Status.choices]


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label="Search titles and aims", required=False, max_length=100)
    service = forms.ModelChoiceField(
        label="Service", required=False, queryset=Service.objects.all(), empty_label="Any service"
    )
    status = forms.ChoiceField(label="Status", required=False, choices=STATUS_FILTER_CHOICES)
    member = forms.ModelChoiceField(
        label="Member", required=False, queryset=User.objects.none(), empty_label="Anyone"
    )
    rung = forms.TypedChoiceField(
        label="Has activities at this rung",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any rung"), *reversed(Rung.choices)],
    )
    group = forms.ChoiceField(
        label="Has activities in this group",
        required=False,
        choices=[("", "Any group"), *Group.choices],
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.only("pk", "name").order_by("name")
        # Only people in projects the user can already see: the list of names is
        # itself personal data (who is an expert by experience, and where). EXISTS,
        # not a join with DISTINCT over every column, and only the columns a name needs.
        in_visible_project = Membership.objects.filter(
            user=OuterRef("pk"), project__in=Project.objects.visible_to(user)
        )
        self.fields["member"].queryset = (
            User.objects.filter(Exists(in_visible_project))
            .only("pk", "email", "full_name", "display_name")
            .order_by("full_name")
        )
        self.fields["member"].label_from_instance = lambda user: user.name
        # No crispy helper: templates/projects/_project_filters.html writes the form.
