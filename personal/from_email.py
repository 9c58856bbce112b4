"""A "say I'm interested" link from the weekly digest email (see
`opportunities.digest`): it opens the person's own page at that opportunity.

Like a personal link, it is exchanged on first use for a session bound to the
person, and the browser moves on to an address without the token. Each works
once: a second use (a forwarded email, say) is refused, unless this browser
already has the person's page open, when it just goes there.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from opportunities.digest import reply_from_token
from opportunities.models import DigestReply
from personal.access import visit_current, visit_start
from personal.models import PersonalLink
from personal.services import link_new
from personal.views import _no_referrer, _problem
from projects.privacy.audit import by_personal_link


@login_not_required
@never_cache
@require_GET
def digest_reply(request: HttpRequest, token: str) -> HttpResponse:
    reply = reply_from_token(token)
    if reply is None or not reply.digest.person.consent_to_store:
        return _problem(request, "unknown")
    person = reply.digest.person
    to_page = _no_referrer(redirect("personal:opportunity", pk=reply.opportunity.pk))
    try:
        with transaction.atomic():
            DigestReply.objects.create(digest=reply.digest, opportunity=reply.opportunity)
    except IntegrityError:
        if visit_current(request).person == person:
            return to_page
        return _problem(request, "used")
    with by_personal_link(person.pk), transaction.atomic():
        link = PersonalLink.objects.working().filter(person=person).first()
        if link is None:
            # Never had one, or it was stopped: the email address is theirs, as
            # for an emailed personal link. The new link's token is shown to nobody.
            link = link_new(person=person, by=None, given=PersonalLink.Given.EMAILED).link
        visit_start(request, link)
    return to_page
