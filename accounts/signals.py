"""Security events worth a log line. Receivers here only log; they decide nothing."""

from __future__ import annotations

import logging

from axes.signals import user_locked_out
from django.dispatch import receiver

from accounts.models import User

security_log = logging.getLogger("accounts.security")


@receiver(user_locked_out, dispatch_uid="accounts.log_lockout")
def log_lockout(sender: object, request: object, username: str | None, **kwargs: object) -> None:
    """django-axes locked an account at an address (its tables keep the address)."""
    user_id = (
        User.objects.filter(email__iexact=username).values_list("pk", flat=True).first()
        if username
        else None
    )
    security_log.warning("event=sign_in_locked_out user_id=%s", user_id or "unknown")
