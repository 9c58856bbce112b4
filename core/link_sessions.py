"""Personal links that are exchanged for a session on first use.

A personal link carries a random key signed with the site's secret, so a changed
or made-up link is refused before the database is asked anything. Only a hash of
the key is kept: the link is shown or sent once, and nobody can read it back.
Making a new link replaces the hash, so the old one stops working.

Opening a genuine link binds a short session to the record it opens (and to that
link's hash), and the browser moves on to addresses without the token, so the
token does not reach access logs, the browser's history or a Referer header. The
session ends after an idle time, or at once when a new link is made; what was
typed when it ran out can be kept for when the same link is opened again.

The principles rounds and the training cohorts' self-ratings both answer through
links like these; each names its own session key and salt.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.http import HttpRequest

from core.activity import idle_since


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def link_new(salt: str) -> tuple[str, str]:
    """A fresh (token for the link, hash to keep) pair."""
    key = secrets.token_urlsafe(24)
    return signing.Signer(salt=salt).sign(key), key_hash(key)


def link_hash(token: str, salt: str) -> str | None:
    """The hash a genuine token's key has, or None for a changed or made-up token."""
    try:
        key = signing.Signer(salt=salt).unsign(token)
    except signing.BadSignature:
        return None
    return key_hash(key)


@dataclass(frozen=True)
class LinkSession:
    """The session a kind of personal link opens.

    `name`: the session key; `holder`: what the bound record is called in it;
    `kept_at`: what the place some kept input belongs to is called (a step, a path).
    """

    name: str
    holder: str
    idle_seconds: int
    kept_at: str = "step"

    def start(self, request: HttpRequest, *, pk: int, hash_: str) -> dict[str, Any] | None:
        """Bind this browser's session to the record a genuine link opened. Anything
        typed when an earlier session for the same record ran out comes along;
        returns it (or None)."""
        earlier = request.session.get(self.name) or {}
        kept = earlier.get("kept") if earlier.get(self.holder) == pk else None
        request.session.cycle_key()  # a session fixed by someone else gains nothing
        request.session[self.name] = {
            self.holder: pk,
            "key_hash": hash_,
            "seen": time.time(),
            **({"kept": kept} if kept else {}),
        }
        return kept

    def bound(self, request: HttpRequest) -> dict[str, Any] | None:
        """What this browser's session is bound to: the record's pk under `holder`
        and the link's `key_hash`; None when no link was opened here."""
        bound = request.session.get(self.name)
        return bound or None

    def still_open(self, request: HttpRequest, bound: dict[str, Any]) -> bool:
        """False once the visit has been idle too long (`core.activity`: each
        response restarts the browser's clock, with no write to the session). Once
        ended it stays ended, so the response that says so cannot revive it."""
        if bound.get("ended"):
            return False
        if idle_since(request, bound["seen"]) > self.idle_seconds:
            bound["ended"] = True
            request.session.modified = True
            return False
        return True

    def keep_input(self, request: HttpRequest, at: str | None) -> bool:
        """Keep what was sent after the session ran out, for when the same link is
        opened again in this browser. False when there is no session to keep it in."""
        bound = request.session.get(self.name)
        if not bound or not at:
            return False
        data = {k: v for k, v in request.POST.lists() if k != "csrfmiddlewaretoken"}
        bound["kept"] = {self.kept_at: at, "data": data}
        request.session.modified = True
        return True

    def take_kept(self, request: HttpRequest, at: str) -> dict[str, list[str]] | None:
        """What was kept for this place when the session ran out, once."""
        bound = request.session.get(self.name) or {}
        kept = bound.get("kept")
        if not kept or kept.get(self.kept_at) != at:
            return None
        del bound["kept"]
        request.session.modified = True
        data: dict[str, list[str]] = kept["data"]
        return data
