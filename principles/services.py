"""Opening rounds and saving answers: operations that span several models."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from outbox.mail import email_queue
from principles.models import Answer, Invitation, Perspective, Response, Round
from projects.models import Involvement, Membership, Person, Project

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Invitee:
    """Someone a lead can invite: an account, a person on the register, or both."""

    key: str  # "u<user pk>" or "p<person pk>", the value of their checkbox
    name: str
    hint: str
    user_id: int | None
    person_id: int | None
    perspective: str


def invitees_for(project: Project) -> list[Invitee]:
    """The project's members, then the people who took part in its activities and
    are not members, each once. Two queries."""
    found: dict[str, Invitee] = {}
    memberships = Membership.objects.filter(project=project).select_related("user__person")
    member_ids = set()
    for membership in memberships:
        user = membership.user
        member_ids.add(user.pk)
        person = getattr(user, "person", None)
        found[f"u{user.pk}"] = Invitee(
            key=f"u{user.pk}",
            name=user.name,
            hint=f"{membership.get_role_display()} of the project, {user.get_role_display()}",
            user_id=user.pk,
            person_id=person.pk if person else None,
            perspective=Perspective.STAFF if user.has_staff_role else "",
        )
    involvements = (
        Involvement.objects.filter(activity__project=project)
        .select_related("person", "staff")
        .order_by("pk")
    )
    for involvement in involvements:
        person, staff = involvement.person, involvement.staff
        if person is not None:
            if person.user_id in member_ids or f"p{person.pk}" in found:
                continue
            perspective = (
                Perspective.CARER
                if person.experience == Person.Experience.CARER
                else Perspective.LIVED_EXPERIENCE
            )
            found[f"p{person.pk}"] = Invitee(
                key=f"p{person.pk}",
                name=person.display_name,
                hint="Took part in an activity. " + _how_to_reach(person),
                user_id=person.user_id,
                person_id=person.pk,
                perspective=perspective,
            )
        elif staff is not None and staff.pk not in member_ids and f"u{staff.pk}" not in found:
            found[f"u{staff.pk}"] = Invitee(
                key=f"u{staff.pk}",
                name=staff.name,
                hint="Staff who took part in an activity",
                user_id=staff.pk,
                person_id=None,
                perspective=Perspective.STAFF,
            )
    return list(found.values())


def _how_to_reach(person: Person) -> str:
    if person.user_id:
        return "Has an account."
    return f"No account: contact {person.get_contact_display().lower()}."


def round_open(
    *,
    project: Project,
    name: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    by: User,
    invitees: Iterable[Invitee],
) -> Round:
    with transaction.atomic():
        round_ = Round.objects.create(
            project=project, name=name, opens_on=opens_on, closes_on=closes_on, created_by=by
        )
        Invitation.objects.bulk_create(
            Invitation(
                round=round_,
                user_id=invitee.user_id,
                person_id=invitee.person_id,
                perspective=invitee.perspective,
            )
            for invitee in invitees
        )
    return round_


def invitation_link_new(*, invitation: Invitation, shown_to: User | None = None) -> str:
    """A new personal link for this invitation, returned once to show (to
    `shown_to`, who hands it over) or to send. The old link stops working, and so
    does any answering session opened with it."""
    token = invitation.new_link(shown_to=shown_to)
    invitation.save(update_fields=["key_hash", "link_made_at", "link_shown_to"])
    return token


def response_for(invitation: Invitation, *, on_behalf_by: User | None = None) -> Response:
    """The invitation's response, started now if need be.

    Staff entering answers for someone mark it, so everyone can see who typed
    them in. The person saving something themselves is noted too: from then on
    the answers are theirs alone (see `on_behalf_refused`).
    """
    now = timezone.now()
    response, created = Response.objects.get_or_create(
        invitation=invitation,
        defaults={
            "round_id": invitation.round_id,
            "perspective": invitation.perspective,
            "entered_on_behalf_by": on_behalf_by,
            "invitee_started_at": None if on_behalf_by else now,
        },
    )
    if created:
        return response
    if on_behalf_by is not None and response.entered_on_behalf_by_id is None:
        response.entered_on_behalf_by = on_behalf_by
        response.save(update_fields=["entered_on_behalf_by", "updated_at"])
    elif on_behalf_by is None and response.invitee_started_at is None:
        response.invitee_started_at = now
        response.save(update_fields=["invitee_started_at", "updated_at"])
    return response


def on_behalf_refused(response: Response | None) -> bool:
    """Someone who has started answering by their own link answers for themselves:
    nobody may enter or change their answers for them any more."""
    return response is not None and response.invitee_started_at is not None


def answer_save(
    *, response: Response, principle: str, score: int | None, comment: str, by: User | None = None
) -> Answer:
    """Save one principle's answer straight away; `score` None means "don't know".
    `by` is whoever typed it in for the person, None when they did it themselves."""
    answer, _created = Answer.objects.update_or_create(
        response=response,
        principle=principle,
        defaults={
            "score": score,
            "dont_know": score is None,
            "comment": comment,
            "entered_by": by,
        },
    )
    Response.objects.filter(pk=response.pk).update(updated_at=timezone.now())
    return answer


def response_submit(*, response: Response) -> Response:
    response.submitted_at = timezone.now()
    response.save(update_fields=["submitted_at", "updated_at"])
    return response


def invitations_email(*, round_: Round, site_url: str) -> int:
    """Email each invited person who can be emailed their personal link, once.

    Each invitation is marked, given its link and its email put in the outbox in
    one transaction, so running this twice (a retry, a double click) never queues
    a second copy, and a mail server or Redis outage delays the email instead of
    losing it. Returns how many were queued.
    """
    queued = 0
    invitations = round_.invitations.filter(emailed_at__isnull=True).select_related(
        "person", "user", "round__project"
    )
    for invitation in invitations:
        if not invitation.email:
            continue
        with transaction.atomic():
            claimed = Invitation.objects.filter(pk=invitation.pk, emailed_at__isnull=True).update(
                emailed_at=timezone.now()
            )
            if not claimed:
                continue
            _link_email(invitation, site_url=site_url, key=f"principles-invitation-{invitation.pk}")
        queued += 1
    return queued


def invitation_link_email(*, invitation: Invitation, site_url: str) -> bool:
    """Email the person a new personal link (the old one stops working). False,
    and nothing changed, when there is no address we may use."""
    if not invitation.email:
        return False
    with transaction.atomic():
        Invitation.objects.filter(pk=invitation.pk).update(emailed_at=timezone.now())
        _link_email(invitation, site_url=site_url, key=None)
    return True


def _link_email(invitation: Invitation, *, site_url: str, key: str | None) -> str:
    """Make the invitation a new link and put it in the outbox. The outbox forgets
    the email's body once it is sent, so the link is kept nowhere."""
    token = invitation_link_new(invitation=invitation)
    link = site_url + reverse("principles:respond", kwargs={"token": token})
    email_queue(
        key=key
        or f"principles-invitation-{invitation.pk}-{invitation.link_made_at:%Y%m%d%H%M%S%f}",
        to=invitation.email,
        subject=f"How is {invitation.round.project.title} going? Tell us",
        body=render_to_string(
            "principles/email/invitation.txt",
            {"invitation": invitation, "round": invitation.round, "link": link},
        ),
    )
    return token
