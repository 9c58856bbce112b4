"""Who is asking: a personal API token (accounts.ApiToken), and whether their role
reads anything the API serves. Nothing else signs in here: no session, no
password, so no CSRF to worry about and no cookie a page could borrow."""

from __future__ import annotations

from typing import Any

from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from accounts.models import ApiToken
from accounts.rules import reads_api


class TokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <token>`: a live token of an active account (1 query)."""

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return None
        scheme, _, secret = header.partition(" ")
        secret = secret.strip()
        if scheme.lower() != "bearer" or not secret:
            raise AuthenticationFailed("Send the token in a header: Authorization: Bearer <token>")
        token = ApiToken.objects.live().matching(secret).select_related("user").first()
        if token is None:
            raise AuthenticationFailed(
                "This token does not work: it is mistyped, has expired or was revoked"
            )
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        # Makes DRF answer 401 (not 403) to a request with no token.
        return 'Bearer realm="Coprod API"'


class ReadsApi(BasePermission):
    """A token, of someone whose role reads what the API serves (not finance)."""

    message = "Your role cannot read anything the API serves"

    def has_permission(self, request: Request, view: Any) -> bool:
        if not isinstance(request.auth, ApiToken):
            return False  # DRF answers 401: nobody was authenticated
        return bool(reads_api(request.user))
