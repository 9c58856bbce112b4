"""A health endpoint for load balancers and on-call staff.

It reports each dependency as "ok", "down" or how it is configured, with no detail
that would help an attacker. Any "down" makes the whole response 503.
"""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


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
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError:
        logger.exception("health check: redis down")
        return "down"
    return "ok"


def check_celery() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"
    from coprod.celery import app

    try:
        replies = app.control.ping(timeout=1.0)
    except Exception:  # broker unreachable
        logger.exception("health check: celery broker down")
        return "down"
    return "ok" if replies else "down"


@login_not_required
@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    checks = {
        "database": check_database(),
        "cache": check_cache(),
        "redis": check_redis(),
        "celery": check_celery(),
    }
    healthy = "down" not in checks.values()
    return JsonResponse(
        {"status": "ok" if healthy else "down", "checks": checks},
        status=200 if healthy else 503,
    )
