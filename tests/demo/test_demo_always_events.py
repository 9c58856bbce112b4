"""The demo's Always Events: one in testing, one spreading, each ward counting its own."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import User
from improvement.models import AlwaysEvent, PdsaCycle, Stage
from projects.models import Reading
from tests.demo.test_demo_data import run_demo

pytestmark = pytest.mark.django_db


def test_one_always_event_is_in_testing_and_one_is_spreading(client):
    run_demo()
    testing = AlwaysEvent.objects.get(stage=Stage.TESTING)
    spreading = AlwaysEvent.objects.get(stage=Stage.SPREADING)
    for event in (testing, spreading):
        assert event.statement.startswith("Always ")
        assert event.criteria_met()
        assert event.conversations.exists()
        assert all(cycle.people.exists() for cycle in event.cycles.all())
    # The spreading one was adopted after two chained cycles, and each ward counts.
    assert list(spreading.cycles.values_list("act", flat=True)) == [
        PdsaCycle.Act.ADAPT,
        PdsaCycle.Act.ADOPT,
    ]
    first, second = spreading.cycles.all()
    assert second.change == first.next_step
    (adoption,) = spreading.adoptions.all()
    assert spreading.entries.filter(service=spreading.service).count() == 18
    assert spreading.entries.filter(service=adoption.service).count() == 6
    assert testing.entries.count() == 5
    # Its own ward's months are its growth plan metric's readings.
    assert Reading.objects.filter(metric=spreading.plan_metric).count() == 18

    client.force_login(User.objects.get(email__startswith="staff@"))
    page = client.get(reverse("improvement:event_detail", args=[spreading.pk])).content.decode()
    assert "Upper limit" in page
    assert adoption.service.name in page
