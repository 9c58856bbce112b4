"""A budget of requests per token per minute, counted in the cache (Redis)."""

from __future__ import annotations

import logging
import math
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from accounts.models import ApiToken

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 60


class PerToken(BaseThrottle):
    """A fixed one-minute window per token: `API_REQUESTS_PER_MINUTE` requests,
    then 429 with Retry-After until the minute turns. One atomic INCR per request.
    With the cache down the API keeps serving (and says so in the log): a missing
    limit for a while is better than no figures for the board."""

    wait_seconds = 0.0

    def allow_request(self, request: Request, view: Any) -> bool:
        if not isinstance(request.auth, ApiToken):
            return True  # refused before this, by the permission
        now = time.time()
        key = f"api:rate:{request.auth.pk}:{int(now // WINDOW_SECONDS)}"
        try:
            cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
            used = cache.incr(key)
        except Exception:
            logger.warning("API rate limit not counted: the cache did not answer", exc_info=True)
            return True
        self.wait_seconds = WINDOW_SECONDS - now % WINDOW_SECONDS
        return used <= settings.API_REQUESTS_PER_MINUTE

    def wait(self) -> float:
        return math.ceil(self.wait_seconds)
