"""A personal page for someone without an account, and the link that opens it."""

from __future__ import annotations

from demo.story import Story
from personal import page
from personal.models import PersonalLink
from personal.services import NewLink, link_new
from projects.models import Person


def create_personal_link(story: Story) -> tuple[Person, NewLink]:
    """Give the person without an account who has the most waiting for them (rounds
    to answer, then rungs to check) a printed personal link, as staff would."""

    def waiting(person: Person) -> tuple[int, int, int]:
        return (
            len(page.rounds_waiting(person)),
            len(page.rungs_to_check(person)),
            -person.pk,
        )

    people = Person.objects.filter(user__isnull=True, involvements__isnull=False).distinct()
    person = max(people, key=waiting)
    by = person.created_by or next(iter(story.users.values()))
    return person, link_new(person=person, by=by, given=PersonalLink.Given.PRINTED)
