"""The organisation: accounts, services and their staff, and payment rate cards."""

from __future__ import annotations

import datetime

from django.contrib.auth.hashers import make_password
from simple_history.utils import bulk_create_with_history

from accounts import two_factor
from accounts.models import User
from accounts.services import recovery_codes_replace
from demo.cast import COST_CENTRES, DEMO_PASSWORD, DEMO_TWO_FACTOR_SECRET, SERVICES, USERS
from demo.story import Story, stamp
from projects.models import RateCard, Service


def create_logins(story: Story) -> list[tuple[str, str]]:
    """Every account, all with the demo password. Returns (role, email) for the
    printed logins, one per role."""
    password = make_password(DEMO_PASSWORD)  # hashed once: hashing is slow on purpose
    joined = story.moment(story.day(760))
    users = [
        User(
            email=spec.address,
            full_name=spec.full_name,
            display_name=spec.display_name,
            role=spec.role,
            password=password,
            date_joined=joined,
        )
        for spec in USERS
    ]
    for user in users:
        # Django's own admin is for the Admin role.
        user.is_staff = user.is_superuser = user.is_admin
    stamp(users, when=joined)
    users = bulk_create_with_history(users, User)
    story.users = {spec.key: user for spec, user in zip(USERS, users, strict=True)}
    return [(spec.role, spec.address) for spec in USERS if spec.printed]


def create_two_factor(story: Story) -> dict[str, list[str]]:
    """Two-factor for the printed logins whose role needs it, with the demo key.
    Returns three of each one's recovery codes, by role, to print. The other admin
    and governance accounts have none, so they are asked to set it up."""
    printed = {}
    for spec in USERS:
        user = story.users[spec.key]
        if spec.printed and user.two_factor_required:
            user.totp_secret = two_factor.encrypt_secret(DEMO_TWO_FACTOR_SECRET)
            user.totp_changed_at = user.date_joined
            user.save(update_fields=["totp_secret", "totp_changed_at"])
            printed[spec.role] = recovery_codes_replace(user=user)[:3]
    return printed


def create_services(story: Story) -> None:
    """Divisions, a directorate, wards and teams, with their staff."""
    for spec in SERVICES:
        service = Service(
            name=spec.name,
            kind=spec.kind,
            parent=story.services[spec.parent] if spec.parent else None,
            cost_centre=COST_CENTRES.get(spec.key, ""),
        )
        stamp([service], when=story.moment(story.day(750)), by=story.users["amara"])
        service.save()
        story.services[spec.key] = service
        story.division_of[spec.key] = spec.division
    members = [
        Service.members.through(service_id=story.services[key].pk, user_id=story.users[spec.key].pk)
        for spec in USERS
        for key in spec.services
    ]
    Service.members.through.objects.bulk_create(members)


def create_rate_cards(story: Story) -> None:
    """£15 an hour from before the story starts; £18.50 from 1 April last year."""
    first = datetime.date(story.start.year, 4, 1)
    if first > story.start:
        first = first.replace(year=first.year - 1)
    cards = [
        RateCard(
            name="Involvement rate",
            starts_on=first,
            hourly_rate_pence=1500,
            notes="For meetings, workshops, panels and training.",
        ),
        RateCard(
            name="Involvement rate (new)",
            starts_on=datetime.date(story.today.year - 1, 4, 1),
            hourly_rate_pence=1850,
            notes="Raised after the involvement group asked for a rate in line with the living wage.",
        ),
    ]
    for card in cards:
        stamp([card], when=story.moment(card.starts_on - datetime.timedelta(days=20)))
    story.rate_cards = bulk_create_with_history(cards, RateCard, default_user=story.users["amara"])
