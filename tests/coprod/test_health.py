from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_it_reports_each_dependency_without_signing_in(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "redis": "ok", "celery": "in-process"},
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_it_is_unhealthy_when_redis_does_not_answer(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["checks"]["redis"] == "down"


@pytest.mark.django_db
def test_it_is_unhealthy_when_no_celery_worker_answers(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["checks"]["celery"] == "down"


@pytest.mark.django_db
def test_it_refuses_to_change_anything(client):
    assert client.post(reverse("health")).status_code == 405
