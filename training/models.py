"""Co-production training: cohorts of teams, their sessions, and how confident
each participant feels in the seven principles at the start and at follow-up.

A `Cohort` is one intake of the programme (for example seven teams starting in
May). Each `Team` has its own co-production aim and the projects it leads to;
its `Member`s are staff with an account or people on the register. Sessions
(`TrainingSession`) are co-facilitated by people with lived experience, paid
through involvement: a session can be logged as an activity of the cohort's
project. Each member rates themselves twice (`SelfRating`, one `Confidence` per
principle), by a personal link or on paper typed in by staff. What a person
rates is theirs: pages show only figures from 3 people or more.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.link_sessions import link_hash, link_new
from projects.principle_texts import CODES, Principle

TOKEN_SALT = "training.self_rating"


class CohortQuerySet(models.QuerySet["Cohort"]):
    def visible_to(self, user) -> CohortQuerySet:
        """Admins and governance leads read every cohort; staff read the cohorts
        they run (its programme staff); nobody else reads any."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.reads_everything:
            return self
        if not user.is_trust_staff:
            return self.none()
        runs = Cohort.programme_staff.through.objects.filter(cohort_id=OuterRef("pk"), user=user)
        return self.filter(Exists(runs))

    def editable_by(self, user) -> CohortQuerySet:
        """Admins change every cohort; programme staff change theirs."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_admin:
            return self
        if not user.runs_projects:
            return self.none()
        runs = Cohort.programme_staff.through.objects.filter(cohort_id=OuterRef("pk"), user=user)
        return self.filter(Exists(runs))


class Cohort(models.Model):
    """One intake of the co-production training programme."""

    name = models.CharField(max_length=120, help_text="For example, “May 2026 cohort”.")
    starts_on = models.DateField("starts on")
    follow_up_on = models.DateField(
        "follow-up ratings from",
        help_text="When people rate themselves again, usually after the last session.",
    )
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Sessions are logged as activities of this project, so co-facilitators "
        "are paid through involvement.",
    )
    programme_staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="training_cohorts"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[programme_staff])
    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(follow_up_on__gte=models.F("starts_on")),
                name="cohort_follow_up_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A team on the programme, with its own co-production aim."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=120)
    aim = models.TextField("co-production aim", max_length=1000)
    projects = models.ManyToManyField("projects.Project", blank=True, related_name="training_teams")

    history = HistoricalRecords(m2m_fields=[projects])

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "name"],
                name="one_team_name_per_cohort",
                violation_error_message="This cohort already has a team with that name.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    """Someone on a team: a member of staff with an account, or a person on the register."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="training_memberships",
    )
    person = models.ForeignKey(
        "projects.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="training_memberships",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, person__isnull=True)
                | Q(user__isnull=True, person__isnull=False),
                name="training_member_is_one_someone",
            ),
            models.UniqueConstraint(
                fields=["team", "user"], condition=Q(user__isnull=False), name="one_team_place_user"
            ),
            models.UniqueConstraint(
                fields=["team", "person"],
                condition=Q(person__isnull=False),
                name="one_team_place_person",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.person is not None:
            return self.person.display_name
        return self.user.name if self.user else ""


class TrainingSession(models.Model):
    """One session of a cohort, co-facilitated by people with lived experience."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField()
    topic = models.CharField(max_length=150)
    facilitators = models.ManyToManyField(
        "projects.Person", blank=True, related_name="training_sessions_facilitated"
    )
    activity = models.OneToOneField(
        "projects.Activity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_session",
        help_text="The activity it was logged as, with the co-facilitators' involvement.",
    )

    history = HistoricalRecords(m2m_fields=[facilitators])

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.topic} ({self.date:%-d %B %Y})"


class Attendance(models.Model):
    """A member was at a session."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attended")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="attended")

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="attended_once")]

    def __str__(self) -> str:
        return f"{self.member} at {self.session}"


class Stage(models.TextChoices):
    BASELINE = "baseline", "At the start"
    FOLLOW_UP = "follow_up", "At follow-up"


STAGE_SLUGS = {"start": Stage.BASELINE, "follow-up": Stage.FOLLOW_UP}
SLUG_OF_STAGE = {stage: slug for slug, stage in STAGE_SLUGS.items()}


class SelfRatingQuerySet(models.QuerySet["SelfRating"]):
    def by_token(self, token: str) -> SelfRatingQuerySet:
        """The rating a personal link opens: none for a changed, made-up or
        replaced link, without asking the database about a forged one."""
        hash_ = link_hash(token, TOKEN_SALT)
        return self.none() if hash_ is None else self.filter(key_hash=hash_)

    def submitted(self) -> SelfRatingQuerySet:
        return self.filter(submitted_at__isnull=False)


class SelfRating(models.Model):
    """One member's confidence in the seven principles at one stage.

    Its personal link (as for principle rounds, `core.link_sessions`) is shown
    once when made; only a hash of its key is kept. `entered_on_behalf_by` is set
    when staff typed it in from paper in a session.
    """

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="ratings")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    key_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    link_made_at = models.DateTimeField(null=True, blank=True)
    entered_on_behalf_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who typed it in from paper, if someone did.",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["key_hash"])
    objects = SelfRatingQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["member", "stage"], name="one_self_rating_per_stage"),
            models.UniqueConstraint(
                fields=["key_hash"], condition=~Q(key_hash=""), name="one_self_rating_per_link"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.member}"

    def new_link(self) -> str:
        """Make a new personal link's token, ending the old one; the caller saves."""
        token, self.key_hash = link_new(TOKEN_SALT)
        self.link_made_at = timezone.now()
        return token


class Confidence(models.Model):
    """How confident someone feels in one principle, from 1 (not at all) to 5 (very)."""

    rating = models.ForeignKey(SelfRating, on_delete=models.CASCADE, related_name="answers")
    principle = models.CharField(max_length=20, choices=Principle.choices)
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["rating", "principle"]
        constraints = [
            models.UniqueConstraint(fields=["rating", "principle"], name="one_confidence_each"),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="confidence_from_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(principle__in=CODES), name="confidence_names_a_principle"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_principle_display()}: {self.score}"
