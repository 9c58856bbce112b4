"""ETag, Last-Modified and 304; the rate limit per token; the last use."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils.http import http_date, parse_http_date

from accounts.models import ApiToken
from tests.api.conftest import client_for
from tests.factories import ActivityFactory


@pytest.mark.django_db
def test_an_unchanged_answer_is_304_by_etag_or_date_and_a_change_is_200(world):
    client = client_for(world["staff"])
    url = reverse("api:activities")
    first = client.get(url)
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"')
    assert parse_http_date(modified)

    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200

    ActivityFactory(project=world["project"], title="A new workshop")
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "A new workshop" in {row["title"] for row in changed.json()["results"]}
    # An If-Modified-Since from before this answer was first given: the full answer.
    earlier = http_date(parse_http_date(changed["Last-Modified"]) - 1)
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


@pytest.mark.django_db
def test_the_etag_is_the_readers_own(world):
    """Two readers with different rights get different answers, and tags."""
    url = reverse("api:projects")
    staff = client_for(world["staff"]).get(url)
    governance = client_for(world["governance"]).get(url)
    assert staff["ETag"] != governance["ETag"]
    assert (
        client_for(world["staff"]).get(url, HTTP_IF_NONE_MATCH=governance["ETag"]).status_code
        == 200
    )


@pytest.mark.django_db
@override_settings(API_REQUESTS_PER_MINUTE=3)
def test_each_token_has_its_own_budget_and_then_gets_429_with_retry_after(world):
    url = reverse("api:services")
    client = client_for(world["staff"])
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(url)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"]
    # Another token, even the same person's, has its own budget.
    assert client_for(world["staff"]).get(url).status_code == 200


@pytest.mark.django_db
def test_the_last_use_is_noted_when_a_token_reads_something(world):
    client = client_for(world["outsider_expert"])
    token = ApiToken.objects.get(user=world["outsider_expert"])
    assert token.last_used_at is None
    # Refused (not their project): not a use.
    assert client.get(reverse("api:project", args=[world["project"].pk])).status_code == 404
    token.refresh_from_db()
    assert token.last_used_at is None
    assert client.get(reverse("api:projects")).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
