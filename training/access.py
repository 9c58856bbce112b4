"""Who may open what in the training programme.

Admins and governance leads read every cohort; staff read the cohorts they run
(programme staff). Admins and programme staff change them; governance leads who
try are refused (403). To anyone else a cohort, and everything in it, does not
exist (404). A personal link opens one self-rating for whoever holds it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from accounts.rules import is_admin, is_trust_staff
from core.link_sessions import LinkSession
from training.models import Cohort, Member, SelfRating, Team, TrainingSession


def can_see_training(user) -> bool:
    """The programme list is for trust staff (each sees the cohorts they may)."""
    return bool(is_trust_staff(user))


def can_start_cohorts(user) -> bool:
    return bool(is_admin(user))


def _guarded(queryset, user, pk: int, cohort: str, *, edit: bool):
    """The row, if its cohort (`cohort`: the lookup to it) is one the user may
    see; PermissionDenied when they may see it but `edit` and not change it."""
    editable = Cohort.objects.editable_by(user).filter(pk=OuterRef(cohort))
    found = get_object_or_404(
        queryset.filter(**{f"{cohort}__in": Cohort.objects.visible_to(user)}).annotate(
            can_edit=Exists(editable)
        ),
        pk=pk,
    )
    if edit and not found.can_edit:
        raise PermissionDenied
    return found


def get_cohort_for(user, pk: int, *, edit: bool = False) -> Cohort:
    return _guarded(Cohort.objects.select_related("project"), user, pk, "pk", edit=edit)


def get_team_for(user, pk: int, *, edit: bool = False) -> Team:
    return _guarded(Team.objects.select_related("cohort"), user, pk, "cohort", edit=edit)


def get_session_for(user, pk: int, *, edit: bool = False) -> TrainingSession:
    queryset = TrainingSession.objects.select_related("cohort__project")
    return _guarded(queryset, user, pk, "cohort", edit=edit)


def get_member_for(user, pk: int, *, edit: bool = False) -> Member:
    queryset = Member.objects.select_related("team__cohort", "person", "user")
    return _guarded(queryset, user, pk, "team__cohort", edit=edit)


# Rating by personal link ------------------------------------------------------------
#
# As for principle rounds (`core.link_sessions`): the link is exchanged on first
# use for a short session bound to the self-rating, and the browser moves on to
# an address without the token.

RATING_SESSION = LinkSession(name="training_rating", holder="rating", idle_seconds=30 * 60)


@dataclass(frozen=True)
class Rating:
    """The self-rating this browser may fill in, or why not ("none", "expired")."""

    rating: SelfRating | None
    problem: str = ""


def rating_by_token(token: str) -> SelfRating | None:
    return SelfRating.objects.by_token(token).first()


def rating_start(request: HttpRequest, rating: SelfRating) -> None:
    RATING_SESSION.start(request, pk=rating.pk, hash_=rating.key_hash)


def rating_current(request: HttpRequest) -> Rating:
    bound = RATING_SESSION.bound(request)
    if not bound:
        return Rating(None, "none")
    rating = (
        SelfRating.objects.select_related("member__team__cohort", "member__person")
        .filter(pk=bound["rating"], key_hash=bound["key_hash"])
        .exclude(key_hash="")
        .first()
    )
    if rating is None or not RATING_SESSION.still_open(request, bound):
        return Rating(None, "expired")
    return Rating(rating)
