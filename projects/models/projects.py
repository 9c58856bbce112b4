from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from simple_history.models import HistoricalRecords

from projects.rungs import Rung


class ProjectQuerySet(models.QuerySet["Project"]):
    def visible_to(self, user) -> ProjectQuerySet:
        """Admins and governance leads see every project; staff see their services'
        projects and any they belong to; experts by experience see only theirs."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.reads_everything:
            return self
        member = Membership.objects.filter(project=OuterRef("pk"), user=user)
        if user.is_staff_member:
            in_service = Project.services.through.objects.filter(
                project=OuterRef("pk"), service__members=user
            )
            return self.filter(Exists(member) | Exists(in_service))
        return self.filter(Exists(member))

    def editable_by(self, user) -> ProjectQuerySet:
        """Admins edit everything; otherwise only the project's leads."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_admin:
            return self
        if user.is_governance:
            return self.none()
        lead = Membership.objects.filter(
            project=OuterRef("pk"), user=user, role=Membership.Role.LEAD
        )
        return self.filter(Exists(lead))

    def with_activities_at(self, rungs) -> ProjectQuerySet:
        """Projects with at least one activity classified at one of `rungs`."""
        from projects.models import Activity

        return self.filter(
            Exists(Activity.objects.filter(project=OuterRef("pk"), rung__in=list(rungs)))
        )

    def search(self, text: str) -> ProjectQuerySet:
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(title__icontains=text) | Q(aim__icontains=text))


class Project(models.Model):
    class Status(models.TextChoices):
        IDEA = "idea", "Idea"
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        COMPLETED = "completed", "Completed"

    title = models.CharField(max_length=150)
    aim = models.TextField(
        "what matters most",
        max_length=2000,
        help_text="In the project's own words: what matters most to the people it is for.",
    )
    services = models.ManyToManyField("projects.Service", related_name="projects")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IDEA)
    start_date = models.DateField("start date")
    end_date = models.DateField("end date", null=True, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="projects.Membership", related_name="projects"
    )
    target_rung = models.PositiveSmallIntegerField(
        "rung the project aims for",
        choices=Rung.choices,
        null=True,
        blank=True,
        help_text="Where on the ladder the project's work should be by its end.",
    )
    priority = models.ForeignKey(
        "projects.Priority",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[services])
    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="project_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def effective_target_rung(self) -> int | None:
        """The project's own target, or else the target of the priority it delivers."""
        if self.target_rung:
            return self.target_rung
        return self.priority.target_rung if self.priority_id and self.priority else None

    @property
    def target_from_priority(self) -> bool:
        return not self.target_rung and self.effective_target_rung is not None


class Membership(models.Model):
    """Someone with an account who belongs to a project. A lead can edit it,
    whatever their role: an expert by experience who leads is a lead."""

    class Role(models.TextChoices):
        LEAD = "lead", "Lead"
        MEMBER = "member", "Member"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    added_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="one_membership_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) in {self.project}"

    @property
    def is_lead(self) -> bool:
        return self.role == self.Role.LEAD
