"""Access to the ladder's pages, on top of the projects app's helpers.

Classifying follows the activity's edit rights (`get_activity_for(..., edit=True)`).
Confirming belongs to the people with lived experience who took part: anyone else
who can see the activity is refused (403); everyone else is told it does not
exist (404). Entering an answer on someone's behalf follows the activity's edit
rights, as entering principles answers for someone does; the person must have
taken part, or they do not exist here (404).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404

from projects.access import get_activity_for
from projects.models import Activity, Involvement, Person


def get_activity_to_confirm(user, pk: int) -> Activity:
    took_part = Involvement.objects.filter(activity=OuterRef("pk"), person__user=user)
    # A participant may not be a member of the project, so taking part counts as
    # seeing it here, as well as the project's usual visibility.
    visible = Activity.objects.visible_to(user).values("pk")
    activity = get_object_or_404(
        Activity.objects.filter(Q(pk__in=visible) | Q(Exists(took_part)))
        .annotate(took_part=Exists(took_part))
        .select_related("project"),
        pk=pk,
    )
    if not activity.took_part:  # type: ignore[attr-defined]  # annotated above
        raise PermissionDenied
    return activity


def get_participant_for(user, pk: int, person_pk: int) -> tuple[Activity, Person]:
    """An activity a lead may enter answers for, and someone who took part in it."""
    activity = get_activity_for(user, pk, edit=True)
    took_part = Involvement.objects.filter(activity=activity, person=OuterRef("pk"))
    person = get_object_or_404(Person.objects.filter(Exists(took_part)), pk=person_pk)
    return activity, person
