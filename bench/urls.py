"""The product's URLs plus the benchmark's floor: the least a signed-in page can
cost behind the same middleware. Only the benchmark uses this URLconf."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from coprod.urls import handler500
from coprod.urls import urlpatterns as product_urlpatterns

__all__ = ["handler500", "urlpatterns"]


def floor(request: HttpRequest) -> HttpResponse:
    """Signed in (the login middleware sends anyone else away), no query of its own."""
    return HttpResponse(f"Signed in as {request.user.pk}", content_type="text/plain")


urlpatterns = [
    # /bench/floor/
    path("bench/floor/", floor, name="bench_floor"),
    *product_urlpatterns,
]
