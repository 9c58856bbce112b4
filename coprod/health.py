"""Health endpoints for load balancers and on-call staff.

- `/health/` says the process is up and answering, to anyone. It touches
  nothing (no database, cache, Redis or Celery), so probing it often costs nothing
  and an outage of one dependency never takes every web process out of rotation.
- `/health/deep/` reports each dependency as "ok", "down" or how it is configured,
  with no detail that would help an attacker; any "down" makes it 503. It is only
  for callers we trust: a private or loopback address (behind a proxy, the real
  client's: see BEHIND_PROXY and TRUSTED_PROXY_COUNT) or the
  `HEALTH_CHECK_TOKEN`, sent as `Authorization: Bearer <token>` or `X-Health-Token`.
  Each process keeps its answer for a few seconds, so a flood of probes makes at
  most one round of checks per process in that time, and the Celery check is
  answered by the first worker that replies.
"""

from __future__ import annotations

import ipaddress
import logging
import threading
import time
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.addresses import client_address

logger = logging.getLogger(__name__)

# How long a process reuses its last deep answer.
DEEP_ANSWER_SECONDS = 5.0
# Enough for a worker that is alive to reply; the first reply ends the wait.
CELERY_PING_SECONDS = 1.0


@dataclass
class _Answer:
    at: float = float("-inf")
    checks: dict[str, str] = field(default_factory=dict)


_lock = threading.Lock()
_last = _Answer()


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("health check: database down")
        return "down"
    return "ok"


def check_cache() -> str:
    key = f"health:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", timeout=5)
        ok = cache.get(key) == "1"
        cache.delete(key)
    except Exception:  # any backend error means the cache is unusable
        logger.exception("health check: cache down")
        return "down"
    return "ok" if ok else "down"


def check_redis() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
    except redis.RedisError:
        logger.exception("health check: redis down")
        return "down"
    return "ok"


def check_celery() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"
    from coprod.celery import app

    try:
        # limit=1: one worker answering is enough; never wait to hear from all.
        replies = app.control.ping(timeout=CELERY_PING_SECONDS, limit=1)
    except Exception:  # broker unreachable
        logger.exception("health check: celery broker down")
        return "down"
    return "ok" if replies else "down"


def deep_checks() -> dict[str, str]:
    """Every dependency's state, worked out at most once per process every
    `DEEP_ANSWER_SECONDS`; callers in between get the same answer."""
    with _lock:
        if time.monotonic() - _last.at >= DEEP_ANSWER_SECONDS:
            _last.checks = {
                "database": check_database(),
                "cache": check_cache(),
                "redis": check_redis(),
                "celery": check_celery(),
            }
            _last.at = time.monotonic()
        return _last.checks


def forget_deep_answer() -> None:
    """The next deep check works everything out again (tests change what it sees)."""
    with _lock:
        _last.at = float("-inf")


def _has_token(request: HttpRequest) -> bool:
    expected = settings.HEALTH_CHECK_TOKEN
    if not expected:
        return False
    scheme, _, bearer = request.headers.get("Authorization", "").partition(" ")
    sent = bearer.strip() if scheme.lower() == "bearer" else ""
    sent = sent or request.headers.get("X-Health-Token", "")
    return constant_time_compare(sent, expected)


def _from_private_address(request: HttpRequest) -> bool:
    """A caller inside the network (or on this machine)."""
    try:
        address = ipaddress.ip_address(client_address(request) or "")
    except ValueError:
        return False
    return address.is_private or address.is_loopback


@login_not_required
@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Liveness: this process answers. Nothing else is checked."""
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
@require_GET
def health_deep(request: HttpRequest) -> JsonResponse:
    if not (_has_token(request) or _from_private_address(request)):
        return JsonResponse({"status": "forbidden"}, status=403)
    checks = deep_checks()
    healthy = "down" not in checks.values()
    return JsonResponse(
        {"status": "ok" if healthy else "down", "checks": checks},
        status=200 if healthy else 503,
    )
