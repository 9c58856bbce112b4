"""Self-assessment rounds against the seven principles.

A lead opens a `Round` for a project and invites people (`Invitation`). Each
invitation has a personal link; the person's answers are one `Response` with an
`Answer` per principle. A response with no `submitted_at` is a draft: answers
save as people go, so nothing is lost if they leave.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.link_sessions import link_hash, link_new
from principles.texts import CODES, Principle

TOKEN_SALT = "principles.invitation"


class RoundQuerySet(models.QuerySet["Round"]):
    def open_on(self, day: datetime.date) -> RoundQuerySet:
        return self.filter(opens_on__lte=day, closes_on__gte=day)


class Round(models.Model):
    """One time a project's people rate the principles. Repeat it to see change."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="principle_rounds"
    )
    name = models.CharField(
        max_length=100, help_text="For example, “Start of the project” or “Six months in”."
    )
    opens_on = models.DateField("opens on")
    closes_on = models.DateField("closes on")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="round_closes_after_opening"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.project})"

    def is_open(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on

    def has_closed(self, today: datetime.date | None = None) -> bool:
        return (today or timezone.localdate()) > self.closes_on

    def previous(self) -> Round | None:
        """The project's round before this one, if any."""
        return (
            Round.objects.filter(project_id=self.project_id)
            .filter(Q(opens_on__lt=self.opens_on) | Q(opens_on=self.opens_on, pk__lt=self.pk))
            .order_by("-opens_on", "-pk")
            .first()
        )


class Perspective(models.TextChoices):
    LIVED_EXPERIENCE = "lived_experience", "Lived experience"
    CARER = "carer", "Carer or partner in care"
    STAFF = "staff", "Staff"


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def for_user(self, user) -> InvitationQuerySet:
        """Invitations to this account, directly or through their place on the register."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(user=user) | Q(person__user=user))

    def by_token(self, token: str) -> InvitationQuerySet:
        """The invitation a personal link opens: none for a changed, made-up or
        replaced link, without asking the database about a forged one."""
        hash_ = link_hash(token, TOKEN_SALT)
        return self.none() if hash_ is None else self.filter(key_hash=hash_)


def new_key() -> str:
    """Kept for migration 0001, from when keys were stored as they are."""
    return secrets.token_urlsafe(24)


class Invitation(models.Model):
    """A personal invitation to a round: someone on the register, an account, or both.

    A personal link carries a random key signed with the site's secret, so a changed
    or made-up link is refused before the database is asked anything. Only a hash of
    the key is kept: the link is shown or emailed once, when it is made, and nobody
    (staff, admins, a copy of the database) can read it back. Making a new link
    replaces the hash, so the old link stops working; blank means no working link.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(
        "projects.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="principle_invitations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="principle_invitations",
    )
    key_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    link_made_at = models.DateTimeField(
        null=True, blank=True, help_text="When the working personal link was made."
    )
    link_shown_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who was shown the working link to hand over; blank when it was emailed.",
    )
    perspective = models.CharField(
        max_length=20,
        choices=Perspective.choices,
        blank=True,
        help_text="What we expect; the person says for themselves when they answer.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the personal link was emailed, if it was."
    )
    paper_reference = models.CharField(
        max_length=9,
        blank=True,
        default="",
        db_default="",  # the scale data set writes invitations with COPY
        editable=False,
        help_text="Printed on their paper questionnaire, to match it when it comes back. "
        "Random, so it tells nobody who they are.",
    )

    history = HistoricalRecords(excluded_fields=["key_hash"])
    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(user__isnull=False),
                name="invitation_is_for_someone",
            ),
            models.UniqueConstraint(
                fields=["round", "person"],
                condition=Q(person__isnull=False),
                name="one_invitation_per_person",
            ),
            models.UniqueConstraint(
                fields=["round", "user"],
                condition=Q(user__isnull=False),
                name="one_invitation_per_user",
            ),
            models.UniqueConstraint(
                fields=["key_hash"], condition=~Q(key_hash=""), name="one_invitation_per_link"
            ),
            models.UniqueConstraint(
                fields=["paper_reference"],
                condition=~Q(paper_reference=""),
                name="one_invitation_per_paper_reference",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.name} to {self.round.name}"

    @property
    def email(self) -> str:
        """Where to email the link: their account, or the register if they agreed
        to be contacted by email. Blank when the link must go another way."""
        if self.user is not None and self.user.is_active:
            return self.user.email
        person = self.person
        if (
            person is not None
            and person.email
            and person.consent_to_contact
            and person.contact == person.Contact.EMAIL
        ):
            return person.email
        return ""

    @property
    def name(self) -> str:
        if self.person is not None:
            return self.person.display_name
        return self.user.name if self.user else ""

    def new_link(self, *, shown_to=None) -> str:
        """Make a new personal link's token, replacing (and so ending) the old one.
        The token is returned once, to show (to `shown_to`) or send; the caller saves."""
        token, self.key_hash = link_new(TOKEN_SALT)
        self.link_made_at = timezone.now()
        self.link_shown_to = shown_to
        return token


class ResponseQuerySet(models.QuerySet["Response"]):
    def submitted(self) -> ResponseQuerySet:
        return self.filter(submitted_at__isnull=False)


class EnteredFrom(models.TextChoices):
    """How answers someone else typed in reached them."""

    PAPER = "paper", "From paper"
    PHONE = "phone", "By phone"
    IN_PERSON = "in_person", "In person"


class Response(models.Model):
    """One person's answers in a round. A draft until `submitted_at` is set."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="response")
    perspective = models.CharField(max_length=20, choices=Perspective.choices, blank=True)
    anonymous_to_team = models.BooleanField(
        "keep my name from the project team",
        default=False,
        help_text="Admins can still find their answers to honour a data request.",
    )
    entered_on_behalf_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_from = models.CharField(
        "how the answers reached us",
        max_length=20,
        choices=EnteredFrom.choices,
        blank=True,
        default="",
        db_default="",  # the scale data set writes responses with COPY
        help_text="Set when someone else typed them in; blank when the person did.",
    )
    invitee_started_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the person first saved an answer themselves. From then on, "
        "nobody else may enter answers for them.",
    )
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Response to {self.round.name}"

    @property
    def is_draft(self) -> bool:
        return self.submitted_at is None


class AnswerQuerySet(models.QuerySet["Answer"]):
    def in_results(self, today: datetime.date | None = None) -> AnswerQuerySet:
        """Answers that count in results: sent, in rounds that have closed. While a
        round is open nobody sees figures from it, so watching them change as each
        person sends their answers cannot tell anyone how that person rated."""
        today = today or timezone.localdate()
        return self.filter(
            response__submitted_at__isnull=False, response__round__closes_on__lt=today
        )


class Answer(models.Model):
    """A rating of one principle: a score from 1 to 5, or "don't know".

    `entered_by` is set when someone other than the person typed it (a lead
    entering a paper or phone answer); blank means the person did.
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    principle = models.CharField(max_length=20, choices=Principle.choices)
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    dont_know = models.BooleanField("don't know", default=False)
    comment = models.TextField(max_length=1000, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who typed this answer in for the person, if someone did.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["response", "principle"]
        constraints = [
            models.UniqueConstraint(fields=["response", "principle"], name="one_answer_each"),
            models.CheckConstraint(
                condition=(Q(score__isnull=True, dont_know=True))
                | Q(score__gte=1, score__lte=5, dont_know=False),
                name="a_score_or_dont_know",
            ),
            models.CheckConstraint(
                condition=Q(principle__in=CODES), name="answer_names_a_principle"
            ),
        ]

    def __str__(self) -> str:
        rating = "don't know" if self.dont_know else self.score
        return f"{self.get_principle_display()}: {rating}"
