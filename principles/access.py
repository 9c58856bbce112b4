"""Access to rounds, on top of the projects app's visibility rules.

Opening rounds, seeing invitations and entering answers for someone follow the
project's edit rights (its leads and admins). Results are also open to
governance leads. Everyone else who can see the project is refused (403); anyone
who cannot is told the round does not exist (404).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from accounts.rules import reads_everything
from core.link_sessions import LinkSession
from principles.models import Invitation, Round
from projects.models import Project


def get_round_for(user, pk: int, *, edit: bool = False, results: bool = False) -> Round:
    editable = Project.objects.editable_by(user).filter(pk=OuterRef("project_id"))
    round_ = get_object_or_404(
        Round.objects.filter(project__in=Project.objects.visible_to(user))
        .select_related("project")
        .annotate(can_edit=Exists(editable)),
        pk=pk,
    )
    allowed = round_.can_edit  # type: ignore[attr-defined]  # annotated above
    if results:
        allowed = allowed or reads_everything(user)
    if (edit or results) and not allowed:
        raise PermissionDenied
    return round_


def get_invitation_for(user, pk: int) -> Invitation:
    """An invitation a lead may fill in for someone (a paper or phone answer)."""
    editable = Project.objects.editable_by(user).filter(pk=OuterRef("round__project_id"))
    invitation = get_object_or_404(
        Invitation.objects.filter(round__project__in=Project.objects.visible_to(user))
        .select_related("round__project", "person", "user")
        .annotate(can_edit=Exists(editable)),
        pk=pk,
    )
    if not invitation.can_edit:  # type: ignore[attr-defined]  # annotated above
        raise PermissionDenied
    return invitation


def get_invitation_by_token(token: str) -> Invitation | None:
    """The invitation a personal link opens, or None for a changed, made-up or
    replaced link."""
    return Invitation.objects.by_token(token).select_related("round__project").first()


# Answering by personal link ------------------------------------------------------
#
# A link is exchanged on first use for a short answering session bound to its
# invitation (`core.link_sessions`), and the browser moves on to addresses without
# the token. The session ends after a short idle time, or at once when a new link
# is made.

ANSWERING = "principles_answering"
ANSWERING_IDLE_SECONDS = 30 * 60
LINK_SESSION = LinkSession(name=ANSWERING, holder="invitation", idle_seconds=ANSWERING_IDLE_SECONDS)


@dataclass(frozen=True)
class Answering:
    """The invitation this browser may answer for, or why it may not (`problem`:
    "none" when no link was opened here, "expired" when it was too long ago or a
    new link has been made since)."""

    invitation: Invitation | None
    problem: str = ""


def answering_start(request: HttpRequest, invitation: Invitation) -> None:
    """Bind this browser's session to the invitation a genuine link opened.
    Anything typed when an earlier session for the same link ran out comes along."""
    LINK_SESSION.start(request, pk=invitation.pk, hash_=invitation.key_hash)


def answering_invitation(request: HttpRequest) -> Answering:
    """The invitation this browser is answering for, while not idle too long."""
    bound = LINK_SESSION.bound(request)
    if not bound:
        return Answering(None, "none")
    invitation = (
        Invitation.objects.select_related("round__project", "person", "user")
        .filter(pk=bound["invitation"], key_hash=bound["key_hash"])
        .exclude(key_hash="")
        .first()
    )
    if invitation is None or not LINK_SESSION.still_open(request, bound):
        return Answering(None, "expired")
    return Answering(invitation)


def answering_keep_input(request: HttpRequest, step: str | None) -> bool:
    """Keep what was sent after the answering session ran out, for when the same
    link is opened again in this browser. False when there is no session to keep it in."""
    return LINK_SESSION.keep_input(request, step)


def answering_take_kept(request: HttpRequest, step: str) -> dict[str, list[str]] | None:
    """What was kept for this step when the session ran out, once."""
    return LINK_SESSION.take_kept(request, step)
