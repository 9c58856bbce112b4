"""Two-factor helpers for tests: a known secret for the admin and governance personas,
and the code an authenticator app would show for it."""

from __future__ import annotations

import time

from django.utils import timezone

from accounts import two_factor
from accounts.models import User

# A fixed secret, like one an app would hold; only ever used in tests.
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def set_up_two_factor(user: User, secret: str = SECRET) -> User:
    user.totp_secret = two_factor.encrypt_secret(secret)
    user.totp_changed_at = timezone.now()
    user.save(update_fields=["totp_secret", "totp_changed_at"])
    return user


def code_now(secret: str = SECRET, *, offset: int = 0) -> str:
    """The code for this 30-second step, or `offset` steps away."""
    return two_factor.code_for(secret, at=time.time() + offset * 30)
