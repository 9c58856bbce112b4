from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from simple_history.models import HistoricalRecords


class PersonQuerySet(models.QuerySet["Person"]):
    def search(self, text: str) -> PersonQuerySet:
        return self.filter(display_name__icontains=text.strip()) if text.strip() else self

    def visible_to(self, user) -> PersonQuerySet:
        """People a user may look up: everyone for admins and governance leads;
        for staff, people who took part in their services' projects or whom they
        recorded; for an expert by experience, only themselves."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.reads_everything:
            return self
        if user.is_staff_member:
            # EXISTS rather than a join with DISTINCT: PostgreSQL can stop at the
            # first involvement it finds, and the query stays cheap as a subquery.
            involvement = self.model._meta.get_field("involvements").related_model
            in_their_services = involvement.objects.filter(
                person=OuterRef("pk"), activity__project__services__members=user
            )
            return self.filter(Q(created_by=user) | Q(Exists(in_their_services)))
        return self.filter(user=user)


class Person(models.Model):
    """Someone with lived experience who takes part, with or without an account.

    Only what the work needs is kept. Equality monitoring lives apart, in
    `EqualityMonitoring`, and is only ever read as totals.
    """

    class Experience(models.TextChoices):
        SERVICE_USER = "service_user", "Uses or has used services"
        CARER = "carer", "Carer or partner in care"
        PEER_WORKER = "peer_worker", "Peer worker"

    class Contact(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"
        POST = "post", "Post"
        THROUGH_STAFF = "through_staff", "Through a member of staff"

    class Format(models.TextChoices):
        STANDARD = "standard", "Standard"
        EASY_READ = "easy_read", "Easy Read"
        LARGE_PRINT = "large_print", "Large print"
        PHONE = "phone", "Spoken, by phone"
        PAPER = "paper", "On paper"

    class LimitPeriod(models.TextChoices):
        WEEK = "week", "Each week (Monday to Sunday)"
        TAX_YEAR = "tax_year", "Each tax year (6 April to 5 April)"

    display_name = models.CharField(
        "name to show",
        max_length=80,
        help_text="The name they want us to use. It can be a first name only.",
    )
    experience = models.CharField("kind of experience", max_length=20, choices=Experience.choices)
    contact = models.CharField(
        "how they like to be contacted",
        max_length=20,
        choices=Contact.choices,
        default=Contact.THROUGH_STAFF,
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    postal_address = models.TextField(
        "postal address",
        max_length=300,
        blank=True,
        help_text="For letters, one line each: house and street, town, postcode.",
    )
    preferred_format = models.CharField(
        "format they prefer", max_length=20, choices=Format.choices, default=Format.STANDARD
    )
    access_needs = models.TextField(
        "access needs",
        max_length=1000,
        blank=True,
        help_text="Anything that helps them take part, such as a quiet room or breaks.",
    )
    consent_to_contact = models.BooleanField("agrees to be contacted", default=False)
    consent_to_store = models.BooleanField("agrees to us keeping their details", default=False)
    opportunities_digest = models.BooleanField(
        "weekly email about new opportunities",
        default=False,
        help_text="Needs an email address and their agreement to be contacted.",
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    privacy_notice_version = models.CharField(max_length=20, blank=True)
    # A limit the person chose to stay under (often because of their benefits).
    # Their choice, never our advice: paying over it warns, and never blocks.
    pay_limit_pence = models.PositiveIntegerField(
        "limit they want to stay under, in pence", null=True, blank=True
    )
    pay_limit_period = models.CharField(
        "the limit is for", max_length=10, choices=LimitPeriod.choices, blank=True
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text="Their account, if they have one.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["display_name", "pk"]
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pay_limit_pence__isnull=True, pay_limit_period="")
                | models.Q(pay_limit_pence__isnull=False) & ~models.Q(pay_limit_period=""),
                name="pay_limit_has_amount_and_period",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def payee_reference(self) -> str:
        """How finance knows this person: made from the record's number, so it never
        changes and says nothing about who they are (a name can be shared or change)."""
        return payee_reference(self.pk)


PREFER_NOT_TO_SAY = ("prefer_not_to_say", "Prefer not to say")


class EqualityMonitoring(models.Model):
    """Answers a person chose to share. Never shown one by one: only as totals,
    and never for fewer than 3 people."""

    class AgeBand(models.TextChoices):
        UNDER_18 = "under_18", "Under 18"
        AGE_18_24 = "18_24", "18 to 24"
        AGE_25_34 = "25_34", "25 to 34"
        AGE_35_49 = "35_49", "35 to 49"
        AGE_50_64 = "50_64", "50 to 64"
        AGE_65_PLUS = "65_plus", "65 or over"
        NOT_SAID = PREFER_NOT_TO_SAY

    class Ethnicity(models.TextChoices):
        ASIAN = "asian", "Asian or Asian British"
        BLACK = "black", "Black, Black British, Caribbean or African"
        MIXED = "mixed", "Mixed or multiple ethnic groups"
        WHITE = "white", "White"
        OTHER = "other", "Another ethnic group"
        NOT_SAID = PREFER_NOT_TO_SAY

    class YesNo(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        NOT_SAID = PREFER_NOT_TO_SAY

    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        NOT_SAID = PREFER_NOT_TO_SAY

    class Orientation(models.TextChoices):
        STRAIGHT = "straight", "Straight or heterosexual"
        GAY_LESBIAN = "gay_lesbian", "Gay or lesbian"
        BISEXUAL = "bisexual", "Bisexual"
        OTHER = "other", "Another sexual orientation"
        NOT_SAID = PREFER_NOT_TO_SAY

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="equality")
    age_band = models.CharField(max_length=20, choices=AgeBand.choices, default=AgeBand.NOT_SAID)
    sex = models.CharField(max_length=20, choices=Sex.choices, default=Sex.NOT_SAID)
    gender_same_as_birth = models.CharField(
        "gender the same as sex registered at birth",
        max_length=20,
        choices=YesNo.choices,
        default=YesNo.NOT_SAID,
    )
    ethnicity = models.CharField(
        max_length=20, choices=Ethnicity.choices, default=Ethnicity.NOT_SAID
    )
    disability = models.CharField(
        "disabled or long-term condition",
        max_length=20,
        choices=YesNo.choices,
        default=YesNo.NOT_SAID,
    )
    sexual_orientation = models.CharField(
        max_length=20, choices=Orientation.choices, default=Orientation.NOT_SAID
    )
    recorded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return "Equality monitoring answers"


def payee_reference(person_id: int) -> str:
    return f"P-{person_id:05d}"
