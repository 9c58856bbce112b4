from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from tests.api.tokens import token_for


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and ETag times live in the cache (Redis): each test
    starts without another's, whatever ids the database hands out."""
    cache.clear()
    yield
    cache.clear()


def client_for(user) -> Client:
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_for(user)}"
    return client


@pytest.fixture
def api_as(world):
    """A client sending a fresh token of the named persona."""
    return lambda persona: client_for(world[persona])
