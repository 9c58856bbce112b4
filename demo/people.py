"""The register of people with lived experience, and the equality monitoring
about half of them chose to share."""

from __future__ import annotations

import datetime
import random

from simple_history.utils import bulk_create_with_history

from accounts.models import User
from demo import words
from demo.cast import PEOPLE, USERS, PersonSpec
from demo.story import Story, backdate, stamp, weighted
from projects.models import EqualityMonitoring, Person


def create_register(story: Story) -> None:
    """About 40 people with lived experience, six of them with accounts."""
    rng = story.rng
    staff_by_division = _staff_by_division(story)
    people = []
    for spec in PEOPLE:
        user = story.users.get(spec.key)
        joined = _joined(story, has_account=user is not None)
        recorder = rng.choice(staff_by_division[spec.division])
        recorded_at = story.moment(joined)
        person = Person(
            display_name=spec.display_name,
            experience=spec.experience,
            user=user,
            consent_to_store=True,
            consent_to_contact=user is not None or rng.random() < 0.92,
            consent_recorded_by=recorder,
            consent_recorded_at=recorded_at,
            privacy_notice_version=words.PRIVACY_NOTICES[joined >= story.day(365)],
            created_by=recorder,
            **_contact_details(rng, spec, user),
        )
        needs_share = 0.6 if spec.division == "ld" else 0.35
        if rng.random() < needs_share:
            person.access_needs = " ".join(
                rng.sample(words.ACCESS_NEEDS[spec.division], k=rng.choice([1, 1, 2]))
            )
        stamp([person], when=recorded_at, by=recorder)
        people.append(person)
        story.person_specs[spec.key] = spec
        story.joined[spec.key] = joined
        # A few people take part a lot; most now and then.
        story.keenness[spec.key] = 3.0 if user else rng.choice([0.5, 1, 1, 1.5, 2, 3])
        story.charity[spec.key] = spec.charity or rng.choice(words.CHARITIES)
        story.habit[spec.key] = spec.usual_choice or weighted(
            rng, {"paid": 85, "reduced": 5, "declined": 5, "donated": 5}
        )
    people = bulk_create_with_history(people, Person)
    backdate(Person, people, "created_at")
    story.people = {spec.key: person for spec, person in zip(PEOPLE, people, strict=True)}


def create_equality_monitoring(story: Story) -> None:
    """About half the people chose to answer; some preferred not to say."""
    rng = story.rng
    keys = sorted(story.people)
    chosen = rng.sample(keys, k=len(keys) // 2 + rng.randint(-2, 2))
    answers = [
        EqualityMonitoring(
            person=story.people[key], **_equality_answers(rng, story.person_specs[key])
        )
        for key in sorted(chosen)
    ]
    EqualityMonitoring.objects.bulk_create(answers)


def _staff_by_division(story: Story) -> dict[str, list[User]]:
    found: dict[str, list[User]] = {}
    for spec in USERS:
        for key in spec.services:
            users = found.setdefault(story.division_of[key], [])
            if story.users[spec.key] not in users:
                users.append(story.users[spec.key])
    return found


def _joined(story: Story, *, has_account: bool) -> datetime.date:
    rng = story.rng
    if has_account or rng.random() < 0.55:
        return story.day(730 + rng.randint(10, 200))
    return story.day(rng.randint(30, 700))


def _contact_details(rng: random.Random, spec: PersonSpec, user: User | None) -> dict[str, str]:
    contacts, formats = {
        "adult": (
            {"email": 35, "phone": 30, "post": 10, "through_staff": 25},
            {"standard": 60, "large_print": 10, "phone": 10, "paper": 15, "easy_read": 5},
        ),
        "ld": (
            {"through_staff": 50, "phone": 30, "post": 20},
            {"easy_read": 70, "standard": 10, "paper": 10, "large_print": 10},
        ),
        "cyp": (
            {"phone": 50, "email": 20, "through_staff": 30},
            {"standard": 85, "easy_read": 5, "phone": 10},
        ),
    }[spec.division]
    contact = "email" if user else weighted(rng, contacts)
    details = {"contact": contact, "preferred_format": weighted(rng, formats)}
    slug = spec.key.replace(" ", "")
    if user:
        details["email"] = user.email
    elif contact == "email":
        details["email"] = f"{slug}{rng.randint(10, 99)}@example.org"
    if contact == "phone" or rng.random() < 0.3:
        details["phone"] = f"07700 900{rng.randint(0, 999):03d}"  # a range kept for drama
    if not user:
        # Most people without an account get letters: an address from a drawer of
        # its own, so the rest of the story stays as it was for a given seed.
        details["postal_address"] = _postal_address(random.Random(f"address-{spec.key}"))
    return details


STREETS = ["Willow Road", "Station Lane", "Park Crescent", "Mill Street", "Church View"]
TOWNS = ["Hazelbrook", "Ashford Vale", "Kingsmere"]


def _postal_address(rng: random.Random) -> str:
    """A made-up address in made-up towns (the postcodes follow the real pattern)."""
    flat = f"Flat {rng.randint(1, 12)}, " if rng.random() < 0.3 else ""
    street = f"{flat}{rng.randint(2, 120)} {rng.choice(STREETS)}"
    postcode = (
        f"ZZ{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTU')}"
    )
    return f"{street}\n{rng.choice(TOWNS)}\n{postcode}"


def _equality_answers(rng: random.Random, spec: PersonSpec) -> dict[str, str]:
    E = EqualityMonitoring
    not_said = "prefer_not_to_say"
    if rng.random() < 0.12:  # answered, but chose "prefer not to say" throughout
        return {}
    ages = {
        "adult": {"25_34": 20, "35_49": 35, "50_64": 30, "65_plus": 10, "18_24": 5},
        "ld": {"18_24": 20, "25_34": 30, "35_49": 25, "50_64": 20, "65_plus": 5},
        "cyp": {"under_18": 60, "18_24": 25, "35_49": 10, "50_64": 5},
    }[spec.division]
    answers = {
        "age_band": weighted(rng, ages),
        "sex": rng.choice([E.Sex.FEMALE, E.Sex.MALE]),
        "gender_same_as_birth": weighted(rng, {"yes": 92, "no": 4, not_said: 4}),
        "ethnicity": weighted(
            rng, {"white": 68, "asian": 12, "black": 9, "mixed": 6, "other": 2, not_said: 3}
        ),
        "disability": weighted(
            rng,
            {"yes": 90, "no": 5, not_said: 5}
            if spec.division == "ld"
            else {"yes": 55, "no": 35, not_said: 10},
        ),
        "sexual_orientation": weighted(
            rng, {"straight": 76, "gay_lesbian": 6, "bisexual": 7, "other": 2, not_said: 9}
        ),
    }
    # Some people skip a question or two.
    for question in rng.sample(sorted(answers), k=rng.choice([0, 0, 0, 1, 2])):
        answers[question] = not_said
    return answers
