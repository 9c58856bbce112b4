"""The weekly opportunities digest in the demo: some people on the register chose
to hear about new opportunities by email, and last week's digest went out.

The emails are written straight into the outbox as sent (their bodies gone, as
the outbox forgets a body once it is sent), so making the demo sends no email.
"""

from __future__ import annotations

import datetime

from demo.story import Story
from opportunities.digest import email_key, news_for, week_of
from opportunities.models import Digest
from outbox.models import OutboundEmail
from projects.models import Person

CHOOSERS = 12


def create_digests(story: Story) -> list[Person]:
    """About a dozen people who chose the digest, and last week's digests to
    those of them who had news then. Returns the people who chose it."""
    able = sorted(
        (
            person
            for person in story.people.values()
            if person.email and person.consent_to_contact and person.consent_to_store
        ),
        key=lambda person: person.pk,
    )
    chosen = story.rng.sample(able, min(CHOOSERS, len(able)))
    for person in chosen:
        person.opportunities_digest = True
        person.save(update_fields=["opportunities_digest"])
    last_week = week_of(story.today) - datetime.timedelta(days=7)
    sent_at = story.moment(last_week)
    for person in chosen:
        news = list(news_for(person, last_week))
        if not news:
            continue
        key = email_key(person.pk, last_week)
        digest = Digest.objects.create(
            person=person, week=last_week, email_key=key, created_at=sent_at
        )
        digest.opportunities.set(news)
        email = OutboundEmail.objects.create(
            key=key,
            to=person.email,
            subject="New ways to get involved" if len(news) > 1 else "A new way to get involved",
            body="",
            status=OutboundEmail.Status.SENT,
            attempts=1,
            sent_at=sent_at,
        )
        OutboundEmail.objects.filter(pk=email.pk).update(created_at=sent_at)
    return chosen
