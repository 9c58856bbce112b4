from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from coprod.navigation import menu_for


def shell(request: HttpRequest) -> dict[str, object]:
    """What the page shell needs on every page: names, logo, menu, session length."""
    return {
        "organisation_name": settings.ORGANISATION_NAME,
        "organisation_logo": settings.ORGANISATION_LOGO,
        "service_name": settings.SERVICE_NAME,
        "session_idle_seconds": settings.SESSION_IDLE_SECONDS,
        "navigation": menu_for(request),
    }
