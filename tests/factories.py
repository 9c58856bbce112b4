from __future__ import annotations

import factory

from accounts.models import Role, User

PASSWORD = "a long test password 42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    role = Role.STAFF
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Service"

    name = factory.Sequence(lambda n: f"Service {n}")
    kind = "team"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Person"

    display_name = factory.Faker("first_name", locale="en_GB")
    experience = "service_user"
    consent_to_contact = True
    consent_to_store = True


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Project"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Project {n}")
    aim = "People who use the ward say what a good night's sleep needs."
    status = "active"
    start_date = factory.Faker("date_between", start_date="-2y", end_date="-30d")

    @factory.post_generation
    def services(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            self.services.set(extracted)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Membership"

    role = "member"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Activity"

    title = factory.Sequence(lambda n: f"Activity {n}")
    kind = "workshop"
    date = factory.LazyAttribute(lambda activity: activity.project.start_date)
    duration_minutes = 120


class RateCardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.RateCard"

    name = "Standard rate"
    starts_on = factory.Faker("date_between", start_date="-5y", end_date="-3y")
    hourly_rate_pence = 2000


class InvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Involvement"

    hours = 2


# Ladder.

CONSULTATION_ANSWERS = {
    "took_part": "yes",
    "told": "yes",
    "asked_views": "yes",
    "views_changed": "no",
    "shaped": "no",
    "shared_decisions": "no",
    "delivered": "no",
}


class ClassificationFactory(factory.django.DjangoModelFactory):
    """A classification as the ladder's service would record it; prefer
    `ladder.services.classification_record` when the activity's fields matter."""

    class Meta:
        model = "ladder.Classification"

    answers = factory.LazyFunction(lambda: dict(CONSULTATION_ANSWERS))
    label = "consultation"
    suggested_rung = 4
    chosen_rung = 4


# Principles.


class RoundFactory(factory.django.DjangoModelFactory):
    """A round open today for a week either side, unless told otherwise."""

    class Meta:
        model = "principles.Round"

    name = factory.Sequence(lambda n: f"Round {n}")
    opens_on = factory.LazyFunction(lambda: _days_from_today(-7))
    closes_on = factory.LazyFunction(lambda: _days_from_today(7))


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "principles.Invitation"


def personal_link(invitation) -> str:
    """Make the invitation a new personal link, as a lead does, and return its
    address (the old link, if any, stops working)."""
    from django.urls import reverse

    from principles.services import invitation_link_new

    token = invitation_link_new(invitation=invitation)
    return reverse("principles:respond", kwargs={"token": token})


def _days_from_today(days: int):
    from datetime import timedelta

    from django.utils import timezone

    return timezone.localdate() + timedelta(days=days)


# Growth plans.


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Plan"

    service = factory.SubFactory(ServiceFactory)
    sponsor_name = "Dr Amara Okafor, Chief Nurse"
    status = "active"


class StandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Standard"

    statement = "People who use the service help choose what we work on."
    principle = "power"


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Priority"

    title = factory.Sequence(lambda n: f"Priority {n}")
    target_rung = 6


class MetricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Metric"

    name = factory.Sequence(lambda n: f"Metric {n}")
    definition = "How many people took part."
    target = 10
    source = "manual"


class ReadingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Reading"

    value = 5


# Opportunities.


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "opportunities.Opportunity"

    title = factory.Sequence(lambda n: f"Interview panel {n}")
    description = "Help us choose the next ward manager."
    kind = "interview_panel"
    where = "in_person"
    place = "Willow ward meeting room"
    hours = 3
    looking_for = "People who have stayed on Willow ward, or care for someone who has."
    places = 3
    closes_on = factory.Faker("date_between", start_date="+7d", end_date="+30d")
    public = False


class InterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "opportunities.Interest"

    how = "personal_link"


# Actions.


class ActionFactory(factory.django.DjangoModelFactory):
    """An action not started, due in a fortnight, unless told otherwise."""

    class Meta:
        model = "actions.Action"

    what = factory.Sequence(lambda n: f"Action {n}")
    due_on = factory.LazyFunction(lambda: _days_from_today(14))


def reis_assessment(
    project, *, date, ratings: dict[str, int], findings: dict[str, str] | None = None
):
    """An environmental assessment (REIS) of `project` on `date`, with a score for
    each domain in `ratings` (by domain code) and any findings."""
    from projects.models import ReisScore

    activity = ActivityFactory(project=project, kind="reis", date=date, title=f"REIS {date}")
    for domain, rating in ratings.items():
        ReisScore.objects.create(
            activity=activity,
            domain=domain,
            rating=rating,
            findings=(findings or {}).get(domain, ""),
        )
    return activity
