"""Opportunities: a project asks people with lived experience to take part, and
people on the register say they are interested."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone
from simple_history.models import HistoricalRecords

from projects.models import Activity, Person, Project, RateCard, Service
from projects.models.payments import pounds


class Status(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    FILLED = "filled", "Filled"


class Support(models.TextChoices):
    TRAVEL = "travel", "Travel costs paid"
    CARER_COVER = "carer_cover", "Carer cover paid"
    INTERPRETER = "interpreter", "An interpreter"
    ACCESSIBLE_VENUE = "accessible_venue", "An accessible venue"


class OpportunityQuerySet(models.QuerySet["Opportunity"]):
    def visible_to(self, user) -> OpportunityQuerySet:
        """Whoever may see the project sees its opportunities."""
        return self.filter(project__in=Project.objects.visible_to(user))

    def open_on(self, day: datetime.date) -> OpportunityQuerySet:
        return self.filter(filled_at__isnull=True, closes_on__gte=day)

    def closed_on(self, day: datetime.date) -> OpportunityQuerySet:
        """Past their closing date without being filled."""
        return self.filter(filled_at__isnull=True, closes_on__lt=day)

    def filled(self) -> OpportunityQuerySet:
        return self.filter(filled_at__isnull=False)

    def with_status(self, day: datetime.date) -> OpportunityQuerySet:
        """Adds `status_on` (a `Status` value), so a list can show and sort by it."""
        return self.annotate(
            status_on=Case(
                When(filled_at__isnull=False, then=Value(Status.FILLED.value)),
                When(closes_on__lt=day, then=Value(Status.CLOSED.value)),
                default=Value(Status.OPEN.value),
                output_field=models.CharField(),
            )
        )

    def public(self) -> OpportunityQuerySet:
        return self.filter(public=True)

    def for_person(self, person: Person, day: datetime.date) -> OpportunityQuerySet:
        """Open opportunities offered to someone on the register: those of the
        services they have taken part in, and every public one."""
        their_services = Service.objects.filter(projects__activities__involvements__person=person)
        in_their_services = Project.services.through.objects.filter(
            project=OuterRef("project_id"), service__in=their_services
        )
        return self.open_on(day).filter(Q(public=True) | Q(Exists(in_their_services)))

    def with_interest_of(self, person: Person) -> OpportunityQuerySet:
        """Adds `interested`: whether `person` has said so (and not taken it back)."""
        said_so = Interest.objects.current().filter(opportunity=OuterRef("pk"), person=person)
        return self.annotate(interested=Exists(said_so))


class Opportunity(models.Model):
    """A way to take part in a project's work, offered to people with lived experience.

    Its status is worked out, never stored: open until its closing date, then
    closed, unless staff mark it filled first.
    """

    class Where(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"
        PHONE = "phone", "By phone"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="opportunities")
    title = models.CharField(max_length=150)
    description = models.TextField(
        "what it is and why",
        max_length=2000,
        help_text="What people will do, and what difference it will make.",
    )
    kind = models.CharField("kind of activity", max_length=20, choices=Activity.Kind.choices)
    starts_on = models.DateField(
        "date", null=True, blank=True, help_text="Leave it blank if it is to be arranged."
    )
    starts_at = models.TimeField("start time", null=True, blank=True)
    where = models.CharField("where it happens", max_length=20, choices=Where.choices)
    place = models.CharField(
        "place",
        max_length=200,
        blank=True,
        help_text="The building and room, with the address.",
    )
    hours = models.DecimalField(
        "time needed, in hours",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("100"))],
        help_text="Including any reading or preparation.",
    )
    rate_card = models.ForeignKey(
        RateCard,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="pay",
    )
    support = models.JSONField("support offered", default=list, blank=True)
    support_other = models.CharField("other support offered", max_length=200, blank=True)
    looking_for = models.TextField(
        "who it is looking for",
        max_length=1000,
        help_text="In plain words, such as experience of a service, a condition or caring.",
    )
    places = models.PositiveSmallIntegerField(
        "number of places", validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    closes_on = models.DateField("closing date")
    public = models.BooleanField(
        "show it on the public page too",
        default=False,
        help_text="Anyone can see it there without signing in. "
        "Nothing about who is interested is ever shown.",
    )
    filled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = OpportunityQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "opportunities"
        ordering = ["closes_on", "pk"]
        indexes = [models.Index(fields=["closes_on"])]

    def __str__(self) -> str:
        return self.title

    def status(self, day: datetime.date | None = None) -> Status:
        day = day or timezone.localdate()
        if self.filled_at:
            return Status.FILLED
        if self.closes_on < day:
            return Status.CLOSED
        return Status.OPEN

    @property
    def is_open(self) -> bool:
        return self.status() == Status.OPEN

    @property
    def support_labels(self) -> list[str]:
        labels = [Support(code).label for code in self.support if code in Support.values]
        if self.support_other:
            labels.append(self.support_other)
        return labels

    @property
    def fee_pence(self) -> int | None:
        """What taking part pays at the rate card, or None when it is not paid."""
        return self.rate_card.fee_for(self.hours) if self.rate_card else None

    @property
    def fee_pounds(self) -> Decimal | None:
        fee = self.fee_pence
        return pounds(fee) if fee is not None else None


class Decision(models.TextChoices):
    CHOSEN = "chosen", "Chosen"
    NOT_CHOSEN = "not_chosen", "Not chosen"


class Reply(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class InterestQuerySet(models.QuerySet["Interest"]):
    def current(self) -> InterestQuerySet:
        """Not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)


class Interest(models.Model):
    """Someone on the register says they would like to take part.

    One per person per opportunity: saying so again after withdrawing brings the
    same row back (the history keeps each step). Staff may record it for them
    (`entered_by`, and `how` says how the person told them).
    """

    class How(models.TextChoices):
        PERSONAL_LINK = "personal_link", "By their personal link"
        IN_PERSON = "in_person", "In person, through staff"
        PHONE = "phone", "By phone, through staff"
        PAPER = "paper", "On paper, through staff"

    ON_BEHALF = (How.IN_PERSON, How.PHONE, How.PAPER)

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="interests")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="interests")
    support_needed = models.TextField("support they need", max_length=1000, blank=True)
    how = models.CharField("how they told us", max_length=20, choices=How.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The member of staff who recorded it on the person's behalf.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Shortlisting (`opportunities/shortlist.py`): staff choose, the history says who.
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Told of the decision (`opportunities/invitations.py`): invited, or thanked.
    told_at = models.DateTimeField(null=True, blank=True)
    # The answer to an invitation, by the person or through staff (`reply_entered_by`).
    reply = models.CharField(max_length=20, choices=Reply.choices, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    reply_entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()
    objects = InterestQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "person"], name="one_interest_per_person"
            ),
            models.CheckConstraint(
                condition=Q(how="personal_link", entered_by__isnull=True) | ~Q(how="personal_link"),
                name="interest_by_link_is_the_persons_own",
            ),
            models.CheckConstraint(
                condition=Q(reply="") | Q(decision="chosen", told_at__isnull=False),
                name="only_invited_people_reply",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.opportunity}"

    @property
    def on_behalf(self) -> bool:
        return self.how in self.ON_BEHALF


# The weekly digest email's records live in their own module.
from opportunities.digest_models import Digest, DigestReply  # noqa: E402

__all__ = ["Digest", "DigestReply", "Interest", "Opportunity", "Status", "Support"]
