""" "You said, we did" as people were told it: each person on the register who
took part in an activity with something written under "what changed" was told,
a few days or weeks after it, in the ways they chose (`projects.telling.ways_to_tell`).
The letters are printed, but for the last fortnight's, still waiting for staff.

Rows are written as `projects.telling.what_changed_tell` would, in bulk and
without the emails: the people in the demo were told long ago.
"""

from __future__ import annotations

import datetime

from demo.story import Story
from projects.models import Person, Telling
from projects.models.telling import text_fingerprint
from projects.telling import ways_to_tell

# Letters told more recently than this are still waiting to be printed.
LETTERS_WAITING_DAYS = 14


def create_tellings(story: Story) -> None:
    rng = story.rng
    people: dict[int, Person] = {person.pk: person for person in story.people.values()}
    took_part: dict[int, dict[int, Person]] = {}
    for involvement in story.involvements:
        if involvement.person_id is not None:
            took_part.setdefault(involvement.activity_id, {})[involvement.person_id] = people[
                involvement.person_id
            ]
    tellings = []
    for activity in story.activities:
        text = activity.what_changed.strip()
        if not text or activity.pk not in took_part:
            continue
        told_on = activity.date + datetime.timedelta(days=rng.randint(3, 28))
        if told_on >= story.today:
            continue
        told_at = story.moment(told_on)
        fingerprint = text_fingerprint(text)
        for person in took_part[activity.pk].values():
            for how in ways_to_tell(person):
                telling = Telling(
                    activity=activity,
                    person=person,
                    how=how,
                    what_changed=text,
                    fingerprint=fingerprint,
                    told_by=activity.created_by,
                    email_key=f"told-{activity.pk}-{person.pk}-{fingerprint[:16]}"
                    if how == Telling.How.EMAIL
                    else "",
                )
                telling.told_at = told_at  # type: ignore[attr-defined]
                if (
                    how == Telling.How.LETTER
                    and (story.today - told_on).days > LETTERS_WAITING_DAYS
                ):
                    telling.printed_at = told_at + datetime.timedelta(days=rng.randint(1, 5))
                tellings.append(telling)
    created = Telling.objects.bulk_create(tellings, batch_size=500)
    # `created_at` is set on insert; put back when each person was told.
    for telling in created:
        telling.created_at = telling.told_at  # type: ignore[attr-defined]
    Telling.objects.bulk_update(created, ["created_at"], batch_size=500)
