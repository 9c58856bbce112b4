""" "You said, we did": telling the people who took part what changed.

When a lead records (or rewrites) what changed because of an activity, every
person on the register who took part is told: always on their personal page,
by email if that is how they like to be contacted, and by a letter for staff to
print if they prefer post or paper. Staff who took part are not told: they
work here and read the activity page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from outbox.mail import email_queue
from projects.models import Activity, Person, Project, Telling
from projects.models.telling import text_fingerprint


def ways_to_tell(person: Person) -> list[str]:
    """How this person is told: on their page always; by email or letter only if
    they agreed to be contacted and chose that way (and, for email, we have an address)."""
    ways = [Telling.How.PAGE]
    if not person.consent_to_contact:
        return ways
    if person.contact == Person.Contact.EMAIL and email_address(person):
        ways.append(Telling.How.EMAIL)
    if person.contact == Person.Contact.POST or person.preferred_format == Person.Format.PAPER:
        ways.append(Telling.How.LETTER)
    return ways


def email_address(person: Person) -> str:
    """The address on the register, or else the one on their account."""
    return person.email or (person.user.email if person.user else "")


@transaction.atomic
def what_changed_tell(*, activity: Activity, by: User | None) -> list[Telling]:
    """Tell everyone on the register who took part in `activity` what changed.

    Call it in the transaction that saves the activity. Each person is told
    each text once, each way: calling it again with the same text tells no
    one, a changed text tells everyone again, and someone added to the activity
    later is told the text as it is then. Emails go through the outbox, keyed,
    so they are sent once after the transaction commits. Returns the new tellings
    (without ids: they are written in one insert that skips any told meanwhile).
    """
    text = activity.what_changed.strip()
    if not text:
        return []
    fingerprint = text_fingerprint(text)
    already = set(activity.tellings.filter(fingerprint=fingerprint).values_list("person_id", "how"))
    people = Person.objects.filter(involvements__activity=activity).select_related("user")
    told = [
        Telling(
            activity=activity,
            person=person,
            how=how,
            what_changed=text,
            fingerprint=fingerprint,
            told_by=by,
            email_key=f"told-{activity.pk}-{person.pk}-{fingerprint[:16]}"
            if how == Telling.How.EMAIL
            else "",
        )
        for person in people.distinct()
        for how in ways_to_tell(person)
        if (person.pk, how) not in already
    ]
    # Someone saving the same activity at the same moment may have told them
    # already: the constraint skips those rows, and the outbox key the email.
    Telling.objects.bulk_create(told, ignore_conflicts=True)
    for telling in told:
        if telling.how == Telling.How.EMAIL:
            email_queue(
                key=telling.email_key,
                to=email_address(telling.person),
                subject=f"What changed because of “{activity.title}”",
                body=render_to_string(
                    "projects/email/what_changed.txt",
                    {"person": telling.person, "activity": activity, "what_changed": text},
                ),
            )
    return told


@dataclass(frozen=True)
class ToldLine:
    """One "you said, we did" line for a person's own page."""

    activity_title: str
    activity_date: datetime.date
    what_changed: str
    told_at: datetime.datetime


def told_for(person: Person) -> list[ToldLine]:
    """What the person has been told changed, newest first: one line per text,
    however many ways it reached them. One query."""
    tellings = (
        Telling.objects.filter(person=person, how=Telling.How.PAGE)
        .select_related("activity")
        .order_by("-created_at", "-pk")
    )
    return [
        ToldLine(
            activity_title=telling.activity.title,
            activity_date=telling.activity.date,
            what_changed=telling.what_changed,
            told_at=telling.created_at,
        )
        for telling in tellings
    ]


@dataclass(frozen=True)
class Told:
    """One person told about an activity: each way, with its latest telling."""

    person: Person
    ways: list[Telling]

    @property
    def last_told_at(self) -> datetime.datetime:
        return max(telling.created_at for telling in self.ways)


def tellings_of(activity: Activity) -> list[Told]:
    """Who has been told about `activity` and how, by name. One query."""
    latest: dict[int, dict[str, Telling]] = {}
    people: dict[int, Person] = {}
    for telling in activity.tellings.select_related("person").order_by(
        "person__display_name", "person_id", "created_at", "pk"
    ):
        people[telling.person_id] = telling.person
        latest.setdefault(telling.person_id, {})[telling.how] = telling
    order = list(Telling.How)
    return [
        Told(person=person, ways=sorted(latest[pk].values(), key=lambda t: order.index(t.how)))
        for pk, person in people.items()
    ]


def letters_for(user: User) -> QuerySet[Telling]:
    """Letters waiting to be printed for the projects `user` leads (all, for admins)."""
    return (
        Telling.objects.letters_to_print()
        .filter(activity__project__in=Project.objects.editable_by(user))
        .select_related("person", "activity__project")
        .order_by("created_at", "pk")
    )


def can_send_letters(user: User) -> bool:
    """The people who change activities (leads and admins) print their letters."""
    return Project.objects.editable_by(user).exists()


@dataclass(frozen=True)
class LetterBatch:
    """Letters printed together: marked printed at the same moment, drawn again as
    one PDF whenever the printer jams."""

    printed_at: datetime.datetime
    count: int

    @property
    def key(self) -> str:
        return self.printed_at.astimezone(datetime.UTC).strftime(BATCH_KEY)


# A batch's name in its address: the moment it was printed, to the microsecond, in UTC.
BATCH_KEY = "%Y%m%dT%H%M%S%fZ"
# How long a printed batch can be printed again.
REPRINT_DAYS = 30


def letters_print(*, user: User, ids: list[int]) -> LetterBatch | None:
    """Mark the chosen letters still waiting for `user` as printed, together, and
    return their batch (None when none were waiting). The conditional UPDATE
    claims them, so two people pressing print at once never print the same
    letter twice."""
    now = timezone.now()
    with transaction.atomic():
        waiting = letters_for(user).filter(pk__in=ids)
        claimed = list(waiting.select_for_update(of=("self",)).values_list("pk", flat=True))
        count = Telling.objects.filter(pk__in=claimed, printed_at__isnull=True).update(
            printed_at=now
        )
    return LetterBatch(printed_at=now, count=count) if count else None


def printed_for(user: User) -> QuerySet[Telling]:
    """Letters for `user`'s projects printed in the last `REPRINT_DAYS` days."""
    since = timezone.now() - datetime.timedelta(days=REPRINT_DAYS)
    return Telling.objects.filter(
        how=Telling.How.LETTER,
        printed_at__gte=since,
        activity__project__in=Project.objects.editable_by(user),
    )


def letter_batches(user: User) -> list[LetterBatch]:
    """The batches `user` may print again, newest first, in one query."""
    rows = (
        printed_for(user)
        .order_by()
        .values("printed_at")
        .annotate(count=Count("pk"))
        .order_by("-printed_at")
    )
    return [LetterBatch(printed_at=row["printed_at"], count=row["count"]) for row in rows]


def batch_from_key(key: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.strptime(key, BATCH_KEY).replace(tzinfo=datetime.UTC)
    except ValueError:
        return None


def letters_pdf(*, user: User, printed_at: datetime.datetime) -> bytes | None:
    """One A4 PDF of the batch printed at `printed_at`, each letter on its own page;
    None when `user` has no such batch."""
    from core.pdf import pdf_from_html

    letters = list(
        printed_for(user)
        .filter(printed_at=printed_at)
        .select_related("person", "activity__project")
        .order_by("person__display_name", "pk")
    )
    if not letters:
        return None
    html = render_to_string(
        "projects/telling/letters_pdf.html",
        {"letters": letters, "organisation_name": settings.ORGANISATION_NAME},
    )
    return pdf_from_html(html)
