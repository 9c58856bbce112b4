from __future__ import annotations

import datetime
import logging
import secrets

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import two_factor
from accounts.models import (
    API_TOKEN_PREFIX,
    ApiToken,
    RecoveryCode,
    User,
    api_token_hash,
)
from outbox.mail import email_queue

# Sign-in events (failures, lockouts, two-factor changes). Ids only, never emails.
security_log = logging.getLogger("accounts.security")


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
        # In the same transaction: no account without its invitation, or the reverse.
        email_queue(
            key=f"account-invitation-{user.pk}",
            to=user.email,
            subject=f"You have been invited to {settings.ORGANISATION_NAME} co-production tracker",
            body=render_to_string("accounts/email/invitation.txt", context),
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


# Two-factor authentication ---------------------------------------------------------


def two_factor_enable(*, user: User, secret: str, code: str) -> list[str] | None:
    """Turn two-factor on with `secret` if `code` proves the app holds it.

    Returns the new recovery codes (in plain text, to show once), or None if the
    code is wrong. The accepted step is recorded, so the same code cannot then be
    used to sign in.
    """
    step = two_factor.matching_step(secret, two_factor.normalise_code(code))
    if step is None:
        return None
    with transaction.atomic():
        user.totp_secret = two_factor.encrypt_secret(secret)
        user.totp_last_step = step
        user.totp_changed_at = timezone.now()
        user._change_reason = "Two-factor authentication set up"  # type: ignore[attr-defined]
        user.save(update_fields=["totp_secret", "totp_last_step", "totp_changed_at"])
        codes = recovery_codes_replace(user=user)
    security_log.info("event=two_factor_set_up user_id=%s", user.pk)
    return codes


def recovery_codes_replace(*, user: User) -> list[str]:
    """Make a fresh set of recovery codes; any old ones stop working."""
    codes = [two_factor.new_recovery_code() for _ in range(two_factor.RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        user.recovery_codes.all().delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(user=user, code_hash=two_factor.recovery_code_hash(code)) for code in codes
        )
    return codes


def two_factor_verify(*, user: User, code: str) -> bool:
    """Is `code` the user's current code, and not one already used?

    Claiming the step is a conditional UPDATE, so two requests racing with the
    same code cannot both succeed.
    """
    secret = two_factor.decrypt_secret(user.totp_secret) if user.totp_secret else None
    if secret is None:
        return False
    step = two_factor.matching_step(secret, two_factor.normalise_code(code))
    if step is None:
        return False
    claimed = (
        User.objects.filter(pk=user.pk)
        .filter(Q(totp_last_step__lt=step) | Q(totp_last_step=None))
        .update(totp_last_step=step)
    )
    if claimed:
        user.totp_last_step = step
    return bool(claimed)


def recovery_code_use(*, user: User, code: str) -> bool:
    """Spend one of the user's recovery codes, if `code` is one they have not used."""
    used = RecoveryCode.objects.filter(
        user=user, used_at=None, code_hash__in=two_factor.recovery_code_hashes(code)
    ).update(used_at=timezone.now())
    if used:
        security_log.info("event=recovery_code_used user_id=%s", user.pk)
    return bool(used)


def two_factor_reset(*, user: User, by: User) -> None:
    """Turn two-factor off, so it can be set up again (a new phone, a lost one).

    The history records who did it; the session hash changes, so the person is
    signed out everywhere else. If their role needs two-factor they are asked to
    set it up the next time they sign in.
    """
    with transaction.atomic():
        user.totp_secret = ""
        user.totp_last_step = None
        user.totp_changed_at = timezone.now()
        user._change_reason = (  # type: ignore[attr-defined]
            "Two-factor authentication reset"
            if by == user
            else f"Two-factor authentication reset by an admin (user {by.pk})"
        )
        user.save(update_fields=["totp_secret", "totp_last_step", "totp_changed_at"])
        user.recovery_codes.all().delete()
    security_log.warning("event=two_factor_reset user_id=%s by_user_id=%s", user.pk, by.pk)


def two_factor_failure_record(*, user: User) -> bool:
    """Count a wrong code at the second step, from whatever address it came.

    The row is locked while counting, so guesses sent together cannot slip past the
    limit. At the limit the second step locks for a while: the history records it,
    the person is emailed (it may mean someone has their password) and a security
    event is logged. Returns True if the second step is locked now.
    """
    with transaction.atomic():
        counted = User.objects.select_for_update().get(pk=user.pk)
        if counted.second_step_locked:
            user.two_factor_locked_until = counted.two_factor_locked_until
            return True
        failures = counted.two_factor_failures + 1
        if failures < two_factor.LOCK_AFTER_FAILURES:
            User.objects.filter(pk=user.pk).update(two_factor_failures=failures)
            user.two_factor_failures = failures
            return False
        until = timezone.now() + datetime.timedelta(seconds=two_factor.LOCK_SECONDS)
        counted.two_factor_failures = 0
        counted.two_factor_locked_until = until
        counted._change_reason = (  # type: ignore[attr-defined]
            f"Second step locked after {failures} wrong codes"
        )
        counted.save(update_fields=["two_factor_failures", "two_factor_locked_until"])
        email_queue(
            key=f"two-factor-locked-{user.pk}-{int(until.timestamp())}",
            to=counted.email,
            subject=f"Your {settings.ORGANISATION_NAME} co-production tracker account is locked "
            "for now",
            body=render_to_string(
                "accounts/email/two_factor_locked.txt",
                {
                    "user": counted,
                    "failures": failures,
                    "until": until,
                    "reset_link": settings.SITE_URL + reverse("accounts:password_reset"),
                },
            ),
        )
    user.two_factor_failures = 0
    user.two_factor_locked_until = until
    security_log.warning(
        "event=two_factor_locked_out user_id=%s until=%s", user.pk, until.isoformat()
    )
    return True


def two_factor_failures_clear(*, user: User) -> None:
    """A right code: the count of wrong ones starts again."""
    if user.two_factor_failures:
        User.objects.filter(pk=user.pk).update(two_factor_failures=0)
        user.two_factor_failures = 0


def two_factor_unlock(*, user: User, by: User) -> None:
    """An admin lifts the lock on someone's second step before it runs out (they
    know it was them, and need to sign in now)."""
    user.two_factor_failures = 0
    user.two_factor_locked_until = None
    user._change_reason = (  # type: ignore[attr-defined]
        f"Second step unlocked by an admin (user {by.pk})"
    )
    user.save(update_fields=["two_factor_failures", "two_factor_locked_until"])
    security_log.warning("event=two_factor_unlocked user_id=%s by_user_id=%s", user.pk, by.pk)


# Personal API tokens.


def api_token_create(*, user: User, name: str, days: int) -> tuple[ApiToken, str]:
    """A new token for `user`, valid for `days`, and the token itself: the only
    time it exists outside the hash."""
    secret = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        token_hash=api_token_hash(secret),
        hint=secret[: len(API_TOKEN_PREFIX) + 4],
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    security_log.info("API token %s made by user %s", token.pk, user.pk)
    return token, secret


def api_token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        security_log.info("API token %s revoked by user %s", token.pk, token.user_id)
