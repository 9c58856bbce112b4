from __future__ import annotations

import pytest
from django.urls import reverse

from tests.worker import celery_worker


@pytest.mark.worker
@pytest.mark.django_db
def test_it_reports_celery_healthy_only_while_a_real_worker_answers(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert client.get(reverse("health")).json()["checks"]["celery"] == "down"
    with celery_worker():
        response = client.get(reverse("health"))
        assert response.status_code == 200
        assert response.json()["checks"]["celery"] == "ok"
