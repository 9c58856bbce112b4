"""Operations that span the ladder's models and the activity they describe.

The status rule (also shown on the confirm and activity ladder pages): once an
activity is classified its rung is proposed. People with lived experience who took
part can confirm or contest it. As soon as anyone contests, it is contested. When
at least one person has answered and everyone who answered agrees, it is
confirmed. Reclassifying starts again at proposed and asks everyone again.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from ladder.models import Classification, Response
from ladder.questions import is_faux_production, suggest_rung
from ladder.texts import rung_text
from outbox.mail import email_queue
from projects.models import Activity, Person
from projects.rungs import Rung, RungStatus


def participants_to_ask(activity: Activity) -> list[Person]:
    """People with lived experience who took part and can sign in to answer."""
    return list(
        Person.objects.filter(
            involvements__activity=activity, user__isnull=False, user__is_active=True
        )
        .select_related("user")
        .order_by("pk")
    )


def classification_record(
    *,
    activity: Activity,
    by: User,
    answers: Mapping[str, str],
    label: str,
    chosen: int,
    reason: str,
    site_url: str = "",
) -> Classification:
    """Record a classification, make it the activity's current rung, and ask the
    people who took part whether they agree (by email after commit).

    `site_url` ("https://coprod.example.org/") makes the link in the email absolute.
    """
    with transaction.atomic():
        # Lock the activity so two leads classifying at once leave it consistent.
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        classification = classification_build(
            activity=activity, by=by, answers=answers, label=label, chosen=chosen, reason=reason
        )
        classification.save(force_insert=True)
        activity.save(update_fields=["rung", "rung_status", "faux_production", "updated_at"])
        people = [
            person for person in participants_to_ask(activity) if person.user and person.user.email
        ]
        if people:
            classification.participants_emailed_at = timezone.now()
            classification.save(update_fields=["participants_emailed_at"])
            _email_participants(classification, people, site_url=site_url)
    return classification


def classification_build(
    *,
    activity: Activity,
    by: User,
    answers: Mapping[str, str],
    label: str,
    chosen: int,
    reason: str,
) -> Classification:
    """A classification of `activity`, not saved, with the activity's rung, status
    and faux-production flag set to match it (not saved either).

    `classification_record` saves the two and asks the people who took part. An
    import saves thousands of new activities at once with their classifications
    (`bulk_create`): nobody has taken part in a new activity yet, so nobody is asked.
    """
    suggested = suggest_rung(answers)
    classification = Classification(
        activity=activity,
        by=by,
        answers=dict(answers),
        label=label,
        suggested_rung=suggested,
        chosen_rung=chosen,
        reason=reason.strip(),
    )
    activity.rung = chosen
    activity.rung_status = RungStatus.PROPOSED
    activity.faux_production = is_faux_production(
        label=label, suggested=suggested, chosen=chosen, contested=False
    )
    return classification


def _email_participants(
    classification: Classification, people: list[Person], *, site_url: str
) -> None:
    link = site_url.rstrip("/") + reverse("ladder:confirm", args=[classification.activity_id])
    rung = Rung(classification.chosen_rung)
    for person in people:
        assert person.user is not None  # participants_to_ask() only finds people with one
        context = {
            "person": person,
            "activity": classification.activity,
            "rung": rung,
            "text": rung_text(rung),
            "link": link,
            "organisation_name": settings.ORGANISATION_NAME,
        }
        email_queue(
            key=f"ladder-confirm-{classification.pk}-person-{person.pk}",
            to=person.user.email,
            subject=f"Is this right? How we described “{classification.activity.title}”",
            body=render_to_string("ladder/email/confirm.txt", context),
        )


def status_from_verdicts(verdicts: list[str]) -> RungStatus:
    """The status rule, on its own (see the module docstring)."""
    if Response.Verdict.CONTESTED in verdicts:
        return RungStatus.CONTESTED
    if verdicts:
        return RungStatus.CONFIRMED
    return RungStatus.PROPOSED


def response_record(
    *,
    classification: Classification,
    person: Person,
    verdict: str,
    reason: str,
    entered_by: User | None = None,
    how: str = "",
) -> Response:
    """Record (or change) what someone who took part says, and update the activity's
    status and faux-production flag. Only the current classification counts.

    `entered_by` is the member of staff typing it in for the person, and `how` how
    the person told them (a `Response.How`); both are cleared when the person
    answers themselves. The history row names `entered_by` as who made the change.
    Raises `AnsweredThemselves` rather than enter anything over the person's own
    answer (the view checks first; this holds if they answer in between).
    """
    if entered_by is not None and not how:
        raise ValueError("Say how the person told you their answer")
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=classification.activity_id)
        response = (
            Response.objects.select_for_update()
            .filter(classification=classification, person=person)
            .first()
        ) or Response(classification=classification, person=person)
        if entered_by is not None and response_on_behalf_refused(response):
            raise AnsweredThemselves(person)
        response.verdict = verdict
        response.reason = reason.strip()
        response.answered_at = timezone.now()
        response.entered_by = entered_by
        response.how = how if entered_by is not None else ""
        if entered_by is not None:
            response._history_user = entered_by  # type: ignore[attr-defined]  # read by simple-history
        response.save()
        current = Classification.objects.latest_for(activity)
        if current is not None and current.pk == classification.pk:
            _activity_refresh(activity, classification)
    return response


class AnsweredThemselves(Exception):
    """Staff tried to enter an answer for someone who has given their own."""


def response_on_behalf_refused(response: Response | None) -> bool:
    """Staff may not enter or change an answer the person gave themselves."""
    return response is not None and response.pk is not None and not response.entered_on_behalf


def _activity_refresh(activity: Activity, classification: Classification) -> None:
    verdicts = list(classification.responses.values_list("verdict", flat=True))
    activity.rung_status = status_from_verdicts(verdicts)
    activity.faux_production = is_faux_production(
        label=classification.label,
        suggested=classification.suggested_rung,
        chosen=classification.chosen_rung,
        contested=activity.rung_status == RungStatus.CONTESTED,
    )
    activity.save(update_fields=["rung_status", "faux_production", "updated_at"])
