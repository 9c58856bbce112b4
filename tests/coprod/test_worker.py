from __future__ import annotations

import time

import pytest
from django.urls import reverse

from coprod import health
from tests.worker import celery_worker


@pytest.mark.worker
@pytest.mark.django_db
def test_it_reports_celery_healthy_only_while_a_real_worker_answers(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert client.get(reverse("health_deep")).json()["checks"]["celery"] == "down"
    with celery_worker():
        health.forget_deep_answer()
        response = client.get(reverse("health_deep"))
        assert response.status_code == 200
        assert response.json()["checks"]["celery"] == "ok"


@pytest.mark.worker
@pytest.mark.django_db
def test_the_celery_check_ends_when_the_first_worker_replies(settings):
    """With workers up, waiting the whole ping timeout for every one of them would
    hold each deep check (and the probe) that long."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with celery_worker():
        assert health.check_celery() == "ok"  # the worker is warm
        started = time.monotonic()
        assert health.check_celery() == "ok"
        took = time.monotonic() - started
    assert took < health.CELERY_PING_SECONDS / 2
