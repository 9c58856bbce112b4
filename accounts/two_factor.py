"""Two-factor authentication: time-based codes (TOTP, RFC 6238) from an app on a phone.

Why these parts:
- pyotp computes the codes. We compare them ourselves, window by window, so we
  know *which* 30-second step a code belongs to and can refuse it a second time.
- segno draws the QR code. We turn its module matrix into one SVG path that the
  template writes inline: no image request, no JavaScript, nothing marked safe.
- The secret is stored encrypted (Fernet, from `cryptography`) with a key derived
  from SECRET_KEY, so a database copy or backup alone cannot produce codes.
  SECRET_KEY_FALLBACKS still decrypt, so rotating the key does not lock people out.
- Recovery codes are random (60 bits), so a keyed fast hash is enough to store
  them: a slow password hash would make checking ten of them take seconds.

Session state (all in the server-side session):
- `PENDING_KEY`: the password was right for a user who has two-factor set up;
  they are *not* signed in until a code is accepted.
- `VERIFIED_KEY`: this session passed the second step (or set it up). A session
  signed in with a password alone never has it.
"""

from __future__ import annotations

import base64
import secrets
import time
import unicodedata
from dataclasses import dataclass
from typing import Any

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare, salted_hmac

PENDING_KEY = "two_factor_pending"
VERIFIED_KEY = "two_factor_verified"
SETUP_SECRET_KEY = "two_factor_setup_secret"
NEW_RECOVERY_CODES_KEY = "two_factor_new_recovery_codes"

# How long someone has between the password and the code.
PENDING_SECONDS = 5 * 60
# Codes from the step before and after the current one are accepted, so a phone
# clock a little out, or a code typed just as it changed, still works.
WINDOW = 1
# Wrong codes for one account, from any address, before its second step locks, and
# for how long. django-axes also locks an account at one address after five
# failures; this stops guessing spread over many addresses (about 5 guesses in a
# million every 15 minutes, instead of 5 per address).
LOCK_AFTER_FAILURES = 5
LOCK_SECONDS = 15 * 60
RECOVERY_CODE_COUNT = 10
# No 0/O or 1/I/L: recovery codes are often copied from paper.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_CODE_LENGTH = 12


# The secret, at rest -------------------------------------------------------------


def _fernet_key(secret_key: str | bytes) -> bytes:
    digest = salted_hmac(
        "accounts.two_factor.secret", "fernet", secret=secret_key, algorithm="sha256"
    ).digest()
    return base64.urlsafe_b64encode(digest[:32])


def _fernet() -> MultiFernet:
    keys = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return MultiFernet([Fernet(_fernet_key(key)) for key in keys])


def encrypt_secret(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt_secret(token: str) -> str | None:
    """The base32 secret, or None if it cannot be read (a lost SECRET_KEY)."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return None


def new_secret() -> str:
    return pyotp.random_base32()  # 32 characters: 160 bits, as RFC 4226 advises


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


# Codes ----------------------------------------------------------------------------


def normalise_code(code: str) -> str:
    """What people type, as the digits alone: spaces and dashes are allowed, and
    full-width digits (some phone keyboards) become ordinary ones."""
    return "".join(unicodedata.normalize("NFKC", code).split()).replace("-", "")


def matching_step(secret: str, code: str, *, at: float | None = None) -> int | None:
    """The 30-second step whose code this is, within the window, or None."""
    totp = pyotp.TOTP(secret)
    now = time.time() if at is None else at
    current = totp.timecode(now)
    for step in range(current - WINDOW, current + WINDOW + 1):
        if constant_time_compare(totp.generate_otp(step), code):
            return step
    return None


def code_for(secret: str, *, at: float | None = None) -> str:
    """The code an authenticator app would show now (used by tests and the demo)."""
    return pyotp.TOTP(secret).at(time.time() if at is None else at)


# Recovery codes ------------------------------------------------------------------


def new_recovery_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_recovery_code(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def recovery_code_hash(code: str, *, secret_key: str | bytes | None = None) -> str:
    normalised = normalise_recovery_code(code)
    return salted_hmac(
        "accounts.two_factor.recovery_code", normalised, secret=secret_key, algorithm="sha256"
    ).hexdigest()


def recovery_code_hashes(code: str) -> list[str]:
    """The hash under the current key and under each fallback key."""
    keys = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return [recovery_code_hash(code, secret_key=key) for key in keys]


# QR code --------------------------------------------------------------------------


@dataclass(frozen=True)
class QRCode:
    """A QR code as one SVG path: each dark run in a row is a 1-unit-high stroke."""

    size: int
    path: str


def qr_code(uri: str, *, border: int = 4) -> QRCode:
    matrix = segno.make(uri, error="m", micro=False).matrix
    parts = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                parts.append(f"M{start + border} {y + border}.5h{x - start}")
            else:
                x += 1
    return QRCode(size=len(matrix) + 2 * border, path="".join(parts))


def provisioning_uri(*, email: str, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer())


# Session state --------------------------------------------------------------------


def begin_challenge(request: HttpRequest, *, user_id: int, backend: str, next_url: str) -> None:
    request.session[PENDING_KEY] = {
        "user": user_id,
        "backend": backend,
        "next": next_url,
        "since": time.time(),
    }


def pending(request: HttpRequest) -> dict[str, Any] | None:
    """The half-finished sign-in, if there is one and it is recent."""
    state = request.session.get(PENDING_KEY)
    if not isinstance(state, dict):
        return None
    if time.time() - state.get("since", 0) > PENDING_SECONDS:
        del request.session[PENDING_KEY]
        return None
    return state


def mark_verified(request: HttpRequest) -> None:
    request.session[VERIFIED_KEY] = True


def is_verified(request: HttpRequest) -> bool:
    return request.session.get(VERIFIED_KEY) is True


def session_hash_material(totp_changed_at: object) -> str:
    """Mixed into the session hash so that setting up or resetting two-factor ends
    the person's other sessions, as a password change does."""
    return f"|two-factor:{totp_changed_at.isoformat()}" if totp_changed_at else ""  # type: ignore[attr-defined]


def issuer() -> str:
    """The account name people see in their authenticator app."""
    return f"{settings.ORGANISATION_NAME} co-production"


def setup_pending(request: HttpRequest) -> bool:
    """Signed in, but held on the set-up page until two-factor is on (no menu then)."""
    user = request.user
    return (
        user.is_authenticated
        and not is_verified(request)
        and user.two_factor_required
        and not user.has_two_factor
    )
