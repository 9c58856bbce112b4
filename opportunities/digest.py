"""The weekly digest email: new opportunities, to the people who chose to hear.

Each person gets at most one a week, and only when there is something they have
not been told about before. The `Digest` row (one per person per week) and the
outbox email (one per key) are written in one transaction per person, so a
rerun, a second worker, or a run killed halfway sends nobody a second email:
whoever was done is skipped, whoever was not is done now.

The email has two kinds of signed link, neither needing an account: one to stop
the emails (a page with one button, also in the List-Unsubscribe header for a
mail program's one-click button), and one per opportunity to say you are
interested, which opens the person's own page once (see `personal.views`). It is
written in Easy Read for people whose register record asks for it.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from opportunities.models import Digest, Opportunity
from outbox.mail import email_queue
from projects.models import Person

logger = logging.getLogger(__name__)

STOP_SALT = "opportunities.digest.stop"
REPLY_SALT = "opportunities.digest.reply"
# A reply link is for the week's news; after a month the person uses their own page.
REPLY_MAX_AGE = datetime.timedelta(days=31)


def week_of(day: datetime.date) -> datetime.date:
    """The Monday of `day`'s week: digests are counted by it."""
    return day - datetime.timedelta(days=day.weekday())


def email_key(person_id: int, week: datetime.date) -> str:
    return f"opportunities-digest-{person_id}-{week.isoformat()}"


def people_to_tell() -> QuerySet[Person]:
    """Who chose the digest and may be emailed: an address, and their agreement."""
    return (
        Person.objects.filter(
            opportunities_digest=True, consent_to_contact=True, consent_to_store=True
        )
        .exclude(email="")
        .order_by("pk")
    )


def news_for(person: Person, day: datetime.date) -> QuerySet[Opportunity]:
    """Open opportunities offered to `person` (as on their own page) that no
    digest has told them about and they have not already said yes to."""
    told = Digest.opportunities.through.objects.filter(digest__person=person).values(
        "opportunity_id"
    )
    return (
        Opportunity.objects.for_person(person, day)
        .with_interest_of(person)
        .filter(interested=False)
        .exclude(pk__in=told)
        .select_related("project", "rate_card")
        .order_by("closes_on", "pk")
    )


# Signed links ---------------------------------------------------------------------


def stop_token(person: Person) -> str:
    return signing.dumps(person.pk, salt=STOP_SALT)


def person_from_stop_token(token: str) -> Person | None:
    try:
        person_id = signing.loads(token, salt=STOP_SALT)
    except signing.BadSignature:
        return None
    return Person.objects.filter(pk=person_id).first() if isinstance(person_id, int) else None


def reply_token(digest: Digest, opportunity: Opportunity) -> str:
    return signing.dumps({"d": digest.pk, "o": opportunity.pk}, salt=REPLY_SALT)


@dataclass(frozen=True)
class Reply:
    digest: Digest
    opportunity: Opportunity


def reply_from_token(token: str) -> Reply | None:
    """The digest and opportunity a reply link is for, or None for a changed,
    made-up or old link, or one for an opportunity that digest did not list."""
    try:
        data = signing.loads(token, salt=REPLY_SALT, max_age=REPLY_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    if not isinstance(data, dict) or not isinstance(data.get("d"), int):
        return None
    digest = Digest.objects.select_related("person").filter(pk=data["d"]).first()
    if digest is None:
        return None
    opportunity = digest.opportunities.filter(pk=data.get("o")).first()
    return Reply(digest, opportunity) if opportunity else None


def stop_url(person: Person) -> str:
    return settings.SITE_URL + reverse("opportunities:digest_stop", args=[stop_token(person)])


def reply_url(digest: Digest, opportunity: Opportunity) -> str:
    return settings.SITE_URL + reverse(
        "personal:digest_reply", args=[reply_token(digest, opportunity)]
    )


# Sending --------------------------------------------------------------------------

# By (Easy Read?, more than one?): the subject says what it is, in their words.
SUBJECTS = {
    (False, False): "A new way to get involved",
    (False, True): "New ways to get involved",
    (True, False): "Something new you can help with",
    (True, True): "New things you can help with",
}


def digest_send(person: Person, *, day: datetime.date) -> Digest | None:
    """Queue `person`'s digest for `day`'s week, if they have news and were not
    sent one this week. Returns the digest made, or None."""
    week = week_of(day)
    news = list(news_for(person, day))
    if not news:
        return None
    key = email_key(person.pk, week)
    with transaction.atomic():
        digest, created = Digest.objects.get_or_create(
            person=person, week=week, defaults={"email_key": key}
        )
        if not created:
            return None
        digest.opportunities.set(news)
        stop = stop_url(person)
        easy_read = person.preferred_format == Person.Format.EASY_READ
        email_queue(
            key=key,
            to=person.email,
            subject=SUBJECTS[easy_read, len(news) > 1],
            body=render_to_string(
                "opportunities/email/digest_easy_read.txt"
                if easy_read
                else "opportunities/email/digest.txt",
                {
                    "person": person,
                    "items": [(o, reply_url(digest, o)) for o in news],
                    "stop_url": stop,
                    "page_url": settings.SITE_URL + reverse("opportunities:public_list"),
                },
            ),
            # Mail programs show their own "Unsubscribe" button, which posts to
            # the stop link in one step (RFC 8058); see `digest_views.stop`.
            headers={
                "List-Unsubscribe": f"<{stop}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
    return digest


def digests_send(*, day: datetime.date | None = None) -> int:
    """Send this week's digests. Safe to run again at any time. Returns how many
    were queued by this run."""
    day = day or timezone.localdate()
    sent = 0
    for person in people_to_tell().iterator(chunk_size=200):
        if digest_send(person, day=day) is not None:
            sent += 1
    logger.info("opportunity digests queued: %s", sent)
    return sent


def digest_stop(person: Person) -> bool:
    """Stop `person`'s digest. True if it was on. Saved (not updated in bulk) so
    the change is a row in their history."""
    if not person.opportunities_digest:
        return False
    person.opportunities_digest = False
    person.save(update_fields=["opportunities_digest"])
    return True
