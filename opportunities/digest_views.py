"""Stopping the weekly digest from its email, in one step and without signing in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from opportunities.digest import digest_stop, person_from_stop_token
from projects.privacy.audit import by_personal_link


def _no_referrer(response: HttpResponse) -> HttpResponse:
    # The address holds the signed token: it must not leak to another site.
    # ("no-referrer" would also blank the Origin of the form's own POST, which the
    # CSRF check then refuses.)
    response.headers["Referrer-Policy"] = "same-origin"
    return response


ONE_CLICK = "One-Click"


@csrf_protect
def _stop_page(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (a mail scanner opening the link changes nothing); POST, from the
    page's own form, stops it."""
    person = person_from_stop_token(token)
    if person is None:
        return _no_referrer(render(request, "opportunities/digest_stop.html", {"state": "unknown"}))
    if request.method == "POST":
        with by_personal_link(person.pk):
            digest_stop(person)
        return _no_referrer(render(request, "opportunities/digest_stop.html", {"state": "done"}))
    state = "ask" if person.opportunities_digest else "already"
    return _no_referrer(render(request, "opportunities/digest_stop.html", {"state": state}))


def _one_click(request: HttpRequest, token: str) -> HttpResponse:
    """A mail program's own "Unsubscribe" button (RFC 8058): a POST of
    `List-Unsubscribe=One-Click`, with no cookies, so no CSRF token. The signed
    token in the address is what proves it is theirs; a scanner only GETs."""
    person = person_from_stop_token(token)
    if person is None:
        return HttpResponse("This link is not known.", status=404, content_type="text/plain")
    with by_personal_link(person.pk):
        digest_stop(person)
    return HttpResponse("The weekly emails are stopped.", content_type="text/plain")


# Exempt here only so the one-click POST can pass; every other POST is checked by
# `_stop_page`'s own csrf_protect, as on any form.
@csrf_exempt
@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def stop(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST" and request.POST.get("List-Unsubscribe") == ONE_CLICK:
        return _one_click(request, token)
    return _stop_page(request, token)
