from django.contrib import admin
from django.urls import include, path

from coprod import health, views

urlpatterns = [
    # /
    path("", views.home, name="home"),
    # /accessibility/, /privacy/
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    # /health/, /health/deep/
    path("health/", health.health, name="health"),
    path("health/deep/", health.health_deep, name="health_deep"),
    # /account/...
    path("account/", include("accounts.urls")),
    # /projects/...
    path("projects/", include("projects.urls")),
    # /actions/...
    path("actions/", include("actions.urls")),
    # /ladder/...
    path("ladder/", include("ladder.urls")),
    # /principles/...
    path("principles/", include("principles.urls")),
    # /opportunities/...
    path("opportunities/", include("opportunities.urls")),
    # /always-events/...
    path("always-events/", include("improvement.urls")),
    # /training/...
    path("training/", include("training.urls")),
    # /dashboard/...
    path("dashboard/", include("dashboard.urls")),
    # /imports/...
    path("imports/", include("imports.urls")),
    # /api/v1/... (the read API for BI tools)
    path("api/v1/", include("api.urls")),
    # /me/... (a person's own page, by personal link), /personal-links/...
    path("", include("personal.urls")),
    # Django's own admin, for superusers only; people use the product's pages.
    path("django-admin/", admin.site.urls),
]

handler500 = views.server_error
