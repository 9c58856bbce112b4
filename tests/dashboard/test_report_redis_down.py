"""Asking for a report while Redis is down: a normal page, the request recorded,
and the report built by the sweep once Redis is back. The shared Redis is never
touched: the test starts its own on a free port and stops that one."""

from __future__ import annotations

import datetime
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import redis
from django.urls import reverse
from django.utils import timezone
from kombu import pools

from coprod.celery import app
from dashboard.models import Report
from dashboard.reports import services
from tests.factories import PlanFactory
from tests.smtp import free_port
from tests.worker import celery_worker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@contextmanager
def throwaway_redis(port: int) -> Iterator[subprocess.Popen]:
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                process.kill()
                raise
            time.sleep(0.05)
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def broker(url: str) -> Iterator[None]:
    """Point this process's Celery app at another broker (and back after)."""
    old = app.conf.broker_url

    def switch(to: str) -> None:
        app.conf.broker_url = to
        # Forget every cached connection and producer, including kombu's global
        # pools and the control mailbox, so nothing keeps talking to the old one.
        pools.reset()
        app._pool = None
        app.amqp._producer_pool = None
        app.__dict__.pop("control", None)

    switch(url)
    try:
        yield
    finally:
        switch(old)


def test_a_report_asked_for_while_redis_is_down_is_built_when_it_is_back(
    client, admin, settings, caplog
):
    plan = PlanFactory(service__name="Willow ward")
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    with broker(url):
        settings.CELERY_BROKER_URL = url  # for the worker this test starts
        with throwaway_redis(port):
            pass  # up, then stopped: nothing answers on the port now
        client.force_login(admin)
        started = time.monotonic()
        response = client.post(
            reverse("dashboard:report_request"),
            {
                "plan": plan.pk,
                "period_start_day": 1,
                "period_start_month": 7,
                "period_start_year": 2025,
                "period_end_day": 30,
                "period_end_month": 9,
                "period_end_year": 2025,
            },
            follow=True,
        )
        assert time.monotonic() - started < 10, "the request did not hang on the broker"
        assert response.status_code == 200
        assert "The report is waiting to be built" in response.content.decode()
        report = Report.objects.get()
        assert report.status == Report.Status.QUEUED, "the request is recorded"
        assert "broker unavailable: dashboard.tasks.report_build_task" in caplog.text
        # Later: the sweep's grace for a report's own task has passed.
        Report.objects.filter(pk=report.pk).update(
            created_at=timezone.now() - services.SWEEP_GRACE - datetime.timedelta(seconds=1)
        )
        with throwaway_redis(port), celery_worker():
            assert services.reports_sweep() == 1
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                report.refresh_from_db()
                if report.status == Report.Status.READY:
                    break
                time.sleep(0.2)
        assert report.status == Report.Status.READY
        assert report.attempts == 1
