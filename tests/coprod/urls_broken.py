"""A URLconf with a view that fails, to see the 500 page and its headers."""

from django.urls import include, path


def broken(request):
    raise RuntimeError("this view fails on purpose")


urlpatterns = [
    path("broken/", broken),
    path("", include("coprod.urls")),
]

handler500 = "coprod.views.server_error"
