"""Making, sending and revoking personal links."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from outbox.mail import email_queue
from personal.models import PersonalLink, code_display, code_hash, key_hash, new_secrets, sign
from projects.models import Person


@dataclass(frozen=True)
class NewLink:
    """A link as it is made: the only time its token and code exist outside the
    person's letter or email."""

    link: PersonalLink
    token: str
    code: str

    @property
    def code_shown(self) -> str:
        return code_display(self.code)


def link_new(*, person: Person, by, given: str) -> NewLink:
    """Make `person` a new personal link and short code; their old one stops working."""
    key, code = new_secrets()
    now = timezone.now()
    with transaction.atomic():
        for old in PersonalLink.objects.select_for_update().filter(
            person=person, revoked_at__isnull=True
        ):
            old.revoked_at = now
            old.save(update_fields=["revoked_at"])
        link = PersonalLink.objects.create(
            person=person,
            key_hash=key_hash(key),
            code_hash=code_hash(code),
            given=given,
            created_by=by,
            created_at=now,
        )
    return NewLink(link=link, token=sign(key), code=code)


def link_url(*, site_url: str, token: str) -> str:
    return site_url + reverse("personal:open", kwargs={"token": token})


def can_email(person: Person) -> bool:
    return bool(person.email)


def link_email(*, person: Person, by, site_url: str) -> bool:
    """Email `person` a new personal link through the outbox (which forgets the
    body once sent). False, and nothing changed, when they have no email address."""
    if not can_email(person):
        return False
    with transaction.atomic():
        made = link_new(person=person, by=by, given=PersonalLink.Given.EMAILED)
        email_queue(
            key=f"personal-link-{made.link.pk}",
            to=person.email,
            subject="Your own page about your co-production work",
            body=render_to_string(
                "personal/email/link.txt",
                {
                    "person": person,
                    "url": link_url(site_url=site_url, token=made.token),
                    "code": made.code_shown,
                    "code_url": site_url + reverse("personal:code"),
                },
            ),
        )
    return True


def links_revoke(*, person: Person) -> int:
    """Stop every working link of `person` (when they are erased, say)."""
    now = timezone.now()
    count = 0
    for link in PersonalLink.objects.filter(person=person, revoked_at__isnull=True):
        link.revoked_at = now
        link.save(update_fields=["revoked_at"])
        count += 1
    return count
