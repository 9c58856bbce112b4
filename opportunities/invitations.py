"""Telling people what was decided: the people chosen are invited, the others
thanked and told about similar open opportunities. Each person is told the way
they chose (`projects.telling.ways_to_tell`): always a line on their personal
page, an email through the outbox (keyed, so sent once), and a letter for post in
the opportunity's batch of letters (a PDF). Then they accept or decline, by their
personal link or through staff (marked, with who entered it).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from opportunities.models import Decision, Interest, Opportunity, Reply
from outbox.mail import email_queue
from projects.models import Person, Telling
from projects.telling import email_address, ways_to_tell


class NotInvited(Exception):
    """Only someone chosen and invited can accept or decline."""


def similar_open(
    opportunity: Opportunity, person: Person, today: datetime.date
) -> QuerySet[Opportunity]:
    """Open opportunities offered to `person` like this one: the same kind of
    activity or the same project."""
    return (
        Opportunity.objects.for_person(person, today)
        .exclude(pk=opportunity.pk)
        .filter(Q(kind=opportunity.kind) | Q(project_id=opportunity.project_id))
        .order_by("closes_on", "pk")[:3]
    )


def email_key(interest: Interest) -> str:
    return f"opportunity-{interest.opportunity_id}-{interest.pk}-{interest.decision}"


@transaction.atomic
def decisions_tell(*, opportunity: Opportunity, by) -> tuple[int, int]:
    """Tell everyone decided about and not yet told. Returns (invited, thanked).
    Calling it again tells no one twice."""
    today = timezone.localdate()
    waiting = (
        opportunity.interests.current()
        .filter(told_at__isnull=True)
        .exclude(decision="")
        .select_related("person", "person__user")
        .select_for_update(of=("self",))
    )
    invited = thanked = 0
    now = timezone.now()
    for interest in waiting:
        interest.told_at = now
        interest.save(update_fields=["told_at"])
        if Telling.How.EMAIL in ways_to_tell(interest.person):
            email_queue(
                key=email_key(interest),
                to=email_address(interest.person),
                subject=subject_for(interest),
                body=render_to_string(
                    "opportunities/email/told.txt",
                    told_context(interest, today=today),
                ),
            )
        if interest.decision == Decision.CHOSEN:
            invited += 1
        else:
            thanked += 1
    return invited, thanked


def subject_for(interest: Interest) -> str:
    if interest.decision == Decision.CHOSEN:
        return f"You are invited: {interest.opportunity.title}"
    return f"Thank you for your interest in {interest.opportunity.title}"


def told_context(interest: Interest, *, today: datetime.date) -> dict[str, object]:
    chosen = interest.decision == Decision.CHOSEN
    return {
        "interest": interest,
        "opportunity": interest.opportunity,
        "person": interest.person,
        "chosen": chosen,
        "similar": []
        if chosen
        else list(similar_open(interest.opportunity, interest.person, today)),
        "site_url": settings.SITE_URL,
    }


def letters_for(opportunity: Opportunity) -> list[Interest]:
    """The people told who asked for letters, for the opportunity's batch."""
    told = (
        opportunity.interests.current()
        .filter(told_at__isnull=False)
        .select_related("person", "person__user", "opportunity__project", "opportunity__rate_card")
        .order_by("person__display_name", "pk")
    )
    return [i for i in told if Telling.How.LETTER in ways_to_tell(i.person)]


def letters_pdf(opportunity: Opportunity) -> bytes | None:
    """One A4 PDF, a letter a page, for a window envelope; None when no one told
    asked for post."""
    from core.pdf import pdf_from_html

    letters = letters_for(opportunity)
    if not letters:
        return None
    today = timezone.localdate()
    html = render_to_string(
        "opportunities/letters_pdf.html",
        {
            "letters": [told_context(interest, today=today) for interest in letters],
            "opportunity": opportunity,
            "organisation_name": settings.ORGANISATION_NAME,
        },
    )
    return pdf_from_html(html)


@transaction.atomic
def reply_record(*, interest: Interest, reply: str, entered_by=None) -> Interest:
    """The person accepts or declines the invitation; `entered_by` is the member of
    staff who recorded it for them. They may change their answer."""
    interest = Interest.objects.select_for_update().get(pk=interest.pk)
    if interest.decision != Decision.CHOSEN or interest.told_at is None or interest.withdrawn_at:
        raise NotInvited
    if reply not in Reply.values:
        raise ValueError(reply)
    interest.reply = reply
    interest.replied_at = timezone.now()
    interest.reply_entered_by = entered_by
    interest.save(update_fields=["reply", "replied_at", "reply_entered_by"])
    return interest


def told_for(person: Person) -> QuerySet[Interest]:
    """What the person has been told about opportunities, newest first."""
    return (
        Interest.objects.current()
        .filter(person=person, told_at__isnull=False)
        .select_related("opportunity")
        .order_by("-told_at", "-pk")
    )
