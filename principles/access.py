"""Access to rounds, on top of the projects app's visibility rules.

Opening rounds, seeing invitations and entering answers for someone follow the
project's edit rights (its leads and admins). Results are also open to
governance leads. Everyone else who can see the project is refused (403); anyone
who cannot is told the round does not exist (404).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404

from accounts.models import Role
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
        allowed = allowed or user.role in {Role.ADMIN, Role.GOVERNANCE}
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
    """The invitation a personal link opens, or None for a changed or made-up link."""
    key = Invitation.key_from_token(token)
    if key is None:
        return None
    return (
        Invitation.objects.select_related("round__project", "person", "user")
        .filter(key=key)
        .first()
    )
