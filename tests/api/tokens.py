"""Personal API tokens for tests: made the way the account page makes them."""

from __future__ import annotations

from accounts.models import User
from accounts.services import api_token_create


def token_for(user: User, *, days: int = 30) -> str:
    _token, secret = api_token_create(user=user, name="Test token", days=days)
    return secret


def bearer(user: User) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_for(user)}"}
