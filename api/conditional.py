"""ETag and Last-Modified on every answer, and 304 when the caller already has it.

The ETag is a hash of the JSON answer itself, so it changes exactly when what this
reader would get changes, whatever changed underneath (a record, their role, the
suppression of a small figure). Last-Modified is when this reader first got this
answer at this address: kept in the cache with the ETag, and moved on whenever the
ETag changes (so a figure that changes and changes back is still new). If the cache
forgets, the time moves later, which only costs a full answer."""

from __future__ import annotations

import hashlib
import json
import time

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.http import http_date, parse_http_date_safe
from rest_framework.request import Request
from rest_framework.response import Response

REMEMBERED_SECONDS = 60 * 60 * 24 * 30


def _etag(data: object) -> str:
    body = json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"))
    return f'"{hashlib.sha256(body.encode()).hexdigest()[:40]}"'


def _first_seen(request: Request, etag: str) -> int:
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    key = f"api:seen:{request.user.pk}:{address}"
    now = int(time.time())
    try:
        stored = cache.get(key)
        if stored and stored[0] == etag:
            return int(stored[1])
        cache.set(key, (etag, now), timeout=REMEMBERED_SECONDS)
    except Exception:
        return now
    return now


def _matches(header: str, etag: str) -> bool:
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in tags or etag in tags


def make_conditional(request: Request, response: Response) -> Response:
    """Adds ETag and Last-Modified to a 200, and turns it into a bodiless 304 when
    If-None-Match (or, without it, If-Modified-Since) says the caller has it."""
    etag = _etag(response.data)
    seen = _first_seen(request, etag)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(seen)
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        unchanged = _matches(if_none_match, etag)
    else:
        since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
        unchanged = since is not None and seen <= since
    if unchanged:
        response.status_code = 304
        response.data = None
    return response
