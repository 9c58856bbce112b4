"""The browser's activity cookie (core/activity.py), set and read as a browser would."""

from __future__ import annotations

import time

from django.http import HttpRequest, HttpResponse

from core.activity import ACTIVE_COOKIE


def _salt(client) -> str:
    return f"core.activity:{client.session.session_key}"


def last_request_ago(client, seconds: float) -> None:
    """Make the browser's last request in this session `seconds` ago."""
    response = HttpResponse()
    response.set_signed_cookie(ACTIVE_COOKIE, f"{time.time() - seconds:.0f}", salt=_salt(client))
    client.cookies[ACTIVE_COOKIE] = response.cookies[ACTIVE_COOKIE].value


def seconds_since_last_request(client) -> float:
    request = HttpRequest()
    request.COOKIES[ACTIVE_COOKIE] = client.cookies[ACTIVE_COOKIE].value
    return time.time() - float(request.get_signed_cookie(ACTIVE_COOKIE, salt=_salt(client)))
