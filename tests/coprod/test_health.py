"""/health/ (liveness, for anyone) and /health/deep/ (every dependency, for
callers we trust)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coprod import health

pytestmark = pytest.mark.django_db

LIVE = reverse("health")
DEEP = reverse("health_deep")
OUTSIDE = "81.2.69.160"  # a public address: anywhere on the internet
TOKEN = "a-long-random-token-for-the-load-balancer"


def test_liveness_answers_anyone_and_touches_nothing(client, settings, django_assert_num_queries):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing answers there
    settings.CELERY_TASK_ALWAYS_EAGER = False  # and no worker is running
    with django_assert_num_queries(0):
        response = client.get(LIVE, REMOTE_ADDR=OUTSIDE)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_the_deep_check_reports_each_dependency_to_a_local_caller(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get(DEEP)  # the test client calls from 127.0.0.1
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "redis": "ok", "celery": "in-process"},
    }
    assert "no-cache" in response["Cache-Control"]
    assert client.get(DEEP, REMOTE_ADDR="10.20.30.40").status_code == 200


def test_it_is_unhealthy_when_redis_does_not_answer(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get(DEEP)
    assert response.status_code == 503
    assert response.json()["checks"]["redis"] == "down"


def test_it_is_unhealthy_when_no_celery_worker_answers(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = client.get(DEEP)
    assert response.status_code == 503
    assert response.json()["checks"]["celery"] == "down"


def test_the_deep_check_tells_an_outside_caller_nothing(client, settings):
    settings.HEALTH_CHECK_TOKEN = TOKEN
    for headers in ({}, {"Authorization": "Bearer not-the-token"}, {"X-Health-Token": ""}):
        response = client.get(DEEP, REMOTE_ADDR=OUTSIDE, headers=headers)
        assert response.status_code == 403
        assert response.json() == {"status": "forbidden"}


def test_the_deep_check_answers_an_outside_caller_with_the_token(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.HEALTH_CHECK_TOKEN = TOKEN
    for headers in ({"Authorization": f"Bearer {TOKEN}"}, {"X-Health-Token": TOKEN}):
        response = client.get(DEEP, REMOTE_ADDR=OUTSIDE, headers=headers)
        assert response.status_code == 200
        assert response.json()["checks"]["database"] == "ok"


def test_without_a_token_set_no_token_opens_it(client, settings):
    settings.HEALTH_CHECK_TOKEN = ""
    response = client.get(DEEP, REMOTE_ADDR=OUTSIDE, headers={"Authorization": "Bearer "})
    assert response.status_code == 403


def test_behind_a_proxy_it_trusts_the_address_the_proxy_saw(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 1

    def from_proxy(forwarded_for: str) -> int:
        headers = {"X-Forwarded-For": forwarded_for}
        return client.get(DEEP, REMOTE_ADDR="10.0.0.2", headers=headers).status_code

    assert from_proxy(OUTSIDE) == 403
    assert from_proxy("10.1.2.3") == 200
    # A private address the caller wrote in front of the one the proxy added.
    assert from_proxy(f"10.1.2.3, {OUTSIDE}") == 403
    assert from_proxy("") == 403


def test_behind_a_proxy_with_no_hops_counted_no_address_is_trusted(client, settings):
    """Every request would seem to come from the proxy's own private address."""
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 0
    assert client.get(DEEP, REMOTE_ADDR="10.0.0.2").status_code == 403


def test_the_deep_answer_is_kept_for_a_few_seconds(client, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert client.get(DEEP).json()["checks"]["redis"] == "ok"
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    # A burst of probes is answered from the first one's checks...
    assert client.get(DEEP).json()["checks"]["redis"] == "ok"
    # ...until the answer is older than DEEP_ANSWER_SECONDS.
    monkeypatch.setattr(health, "DEEP_ANSWER_SECONDS", 0)
    assert client.get(DEEP).json()["checks"]["redis"] == "down"
