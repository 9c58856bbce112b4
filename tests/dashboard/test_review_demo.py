"""The demo shows the peer-review workflow, and keeps to the reviewer rule."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from dashboard.models import Assignment, Review
from dashboard.reviews.assigning import related_service_ids

pytestmark = pytest.mark.django_db


def test_the_demo_has_reviews_at_every_stage_from_reviewers_of_other_services():
    call_command("demo_data", stdout=StringIO())
    leads = Assignment.objects.filter(kind=Assignment.Kind.LEAD).select_related("report__plan")
    assert leads.count() == 8
    for assignment in leads:
        related = related_service_ids(assignment.report.plan)
        assert not assignment.reviewer.services.filter(pk__in=related).exists()
    assert Review.objects.filter(closed_at__isnull=False).exists(), "answered and closed"
    assert Review.objects.filter(closed_at__isnull=True).exists(), "waiting for answers"
    for email in ("governance@demo.coprod.invalid", "staff@demo.coprod.invalid"):
        user = User.objects.get(email=email)
        assert Assignment.objects.for_reviewer(user).filter(submitted_at__isnull=True).exists()
    jordan = User.objects.get(email="expert@demo.coprod.invalid")
    assert Assignment.objects.filter(reviewer=jordan, status="offered").exists()
    assert Assignment.objects.filter(kind="expert", submitted_at__isnull=False).exists()
