from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User


def user_invite(*, request: HttpRequest, invited_by: User, data: dict[str, object]) -> User:
    """Create an account with no password and email a link to set one."""
    with transaction.atomic():
        user = User.objects.create_user(invited_by=invited_by, **data)  # type: ignore[arg-type]
    link = request.build_absolute_uri(
        reverse(
            "accounts:password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    )
    context = {"user": user, "invited_by": invited_by, "link": link}
    transaction.on_commit(
        lambda: send_mail(
            subject=f"You have been invited to {settings.ORGANISATION_NAME} co-production tracker",
            message=render_to_string("accounts/email/invitation.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )
    )
    return user


def user_set_active(*, user: User, active: bool) -> None:
    """Open or close an account. Closing it ends every session at once.

    Sessions store only the user's id; on each request Django's ModelBackend loads
    the user and refuses an inactive one, so a closed account is signed out on its
    very next request, wherever it was signed in.
    """
    user.is_active = active
    user.save(update_fields=["is_active"])
