"""Who may do what with personal links.

Staff who may manage someone on the register (`projects.access.get_person_for`
with edit rights) make them a link. The person opens it with no account: the
link (or its short code) is exchanged on first use for a short session bound to
that person and that link, and the browser moves on to `/me/` without the token,
so it never reaches access logs, the browser's history or a Referer header. The
session ends after a short idle time, or at once when a new link is made; what
was typed when it ran out is kept for when the same person opens a link again.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from core.activity import idle_since
from core.addresses import client_address
from personal.models import PersonalLink
from projects.access import get_person_for
from projects.models import Person

SESSION_KEY = "personal_page"
IDLE_SECONDS = 30 * 60

# Short codes: 29^12 (about 3 x 10^17) codes; with these limits a guesser gets at
# most a few thousand tries a day from the whole internet.
CODE_TRIES_PER_ADDRESS = 10
CODE_TRIES_EVERYWHERE = 200
CODE_WINDOW_SECONDS = 60 * 60


def get_person_to_link(user, pk: int) -> Person:
    """Someone on the register this member of staff may send or print a link for."""
    return get_person_for(user, pk, edit=True)


@dataclass(frozen=True)
class Visit:
    """The person this browser's personal session is for, or why there is none
    (`problem`: "none" when no link was opened here, "expired" when it was too
    long ago or the link has been revoked since)."""

    person: Person | None
    link: PersonalLink | None = None
    problem: str = ""


def visit_start(request: HttpRequest, link: PersonalLink) -> str | None:
    """Bind this browser's session to the person a genuine link opened. Returns
    the address of a form left when an earlier session for the same person ran
    out, if any, so they can carry on where they were."""
    earlier = request.session.get(SESSION_KEY) or {}
    kept = earlier.get("kept") if earlier.get("person") == link.person_id else None
    request.session.cycle_key()  # a session fixed by someone else gains nothing
    request.session[SESSION_KEY] = {
        "person": link.person_id,
        "link": link.pk,
        "key_hash": link.key_hash,
        "seen": time.time(),
        **({"kept": kept} if kept else {}),
    }
    # Saved (not updated in bulk) so the opening is a row in the audit trail.
    link.last_used_at = timezone.now()
    link.save(update_fields=["last_used_at"])
    return kept["path"] if kept else None


def visit_current(request: HttpRequest) -> Visit:
    """The person this browser may see, while the visit is not idle too long
    (`core.activity`: each response restarts the clock without a write)."""
    bound = request.session.get(SESSION_KEY)
    if not bound:
        return Visit(None, problem="none")
    link = (
        PersonalLink.objects.working()
        .select_related("person")
        .filter(pk=bound["link"], key_hash=bound["key_hash"], person_id=bound["person"])
        .first()
    )
    if link is None or bound.get("ended") or idle_since(request, bound["seen"]) > IDLE_SECONDS:
        # Ended for good: the next response must not restart its idle clock.
        if not bound.get("ended"):
            bound["ended"] = True
            request.session.modified = True
        return Visit(None, problem="expired")
    return Visit(link.person, link)


def visit_keep_input(request: HttpRequest) -> bool:
    """Keep what was sent after the session ran out, for when the same person opens
    a link again in this browser. False when there is no session to keep it in."""
    bound = request.session.get(SESSION_KEY)
    if not bound:
        return False
    data = {k: v for k, v in request.POST.lists() if k != "csrfmiddlewaretoken"}
    bound["kept"] = {"path": request.path, "data": data}
    request.session.modified = True
    return True


def visit_take_kept(request: HttpRequest) -> dict[str, list[str]] | None:
    """What was kept for this page when the session ran out, once."""
    bound = request.session.get(SESSION_KEY) or {}
    kept = bound.get("kept")
    if not kept or kept.get("path") != request.path:
        return None
    del bound["kept"]
    request.session.modified = True
    return kept["data"]


def code_tries_left(request: HttpRequest) -> bool:
    """Count one try at a short code; False once this address, or everyone
    together, has tried too many in the last hour."""
    address = client_address(request) or "unknown"
    window = int(time.time() // CODE_WINDOW_SECONDS)
    counters = (
        (f"personal:code:{address}:{window}", CODE_TRIES_PER_ADDRESS),
        (f"personal:code:all:{window}", CODE_TRIES_EVERYWHERE),
    )
    allowed = True
    for key, limit in counters:
        cache.add(key, 0, CODE_WINDOW_SECONDS)
        try:
            tries = cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, CODE_WINDOW_SECONDS)
            tries = 1
        if tries > limit:
            allowed = False
    return allowed
