from __future__ import annotations

import pytest
from django.urls import reverse

from projects.models import AwardNomination
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def test_a_member_nominates_a_project_with_its_evidence_gathered(client, world):
    ActivityFactory(project=world["project"], rung=4, what_changed="Quiet hours agreed.")
    ActivityFactory(project=world["project"], rung=7, what_changed="Patients run the group.")
    client.force_login(world["expert"])
    url = reverse("projects:award_nominate", args=[world["project"].pk])
    page = client.get(url).content.decode()
    assert "Quiet hours agreed." in page
    assert "Patients run the group." in page
    response = client.post(url, {"statement": "People who use the ward now lead it."})
    assert response.status_code == 302
    nomination = AwardNomination.objects.get()
    assert (nomination.project, nomination.nominated_by) == (world["project"], world["expert"])


def test_it_asks_for_a_statement_and_saves_nothing_without_one(client, world):
    client.force_login(world["staff"])
    url = reverse("projects:award_nominate", args=[world["project"].pk])
    response = client.post(url, {"statement": ""})
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Say why this project deserves the award" in content
    assert not AwardNomination.objects.exists()


def test_an_outsider_cannot_nominate_a_project_they_cannot_see(client, world):
    client.force_login(world["outsider_expert"])
    url = reverse("projects:award_nominate", args=[world["project"].pk])
    assert client.post(url, {"statement": "Sneaky"}).status_code == 404
    assert not AwardNomination.objects.exists()


def test_only_judges_read_the_nominations(client, world):
    AwardNomination.objects.create(
        project=world["project"], nominated_by=world["staff"], statement="Brilliant work."
    )
    client.force_login(world["staff"])
    assert client.get(reverse("projects:nomination_list")).status_code == 403
    client.force_login(world["governance"])
    page = client.get(reverse("projects:nomination_list")).content.decode()
    assert "Brilliant work." in page
