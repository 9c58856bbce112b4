"""Personal links: a person on the register opens their own page without an account.

A link carries a random key signed with the site's secret, so a changed or made-up
link is refused before the database is asked anything. A short code (for people
who type it from a letter) opens the same link. Only hashes are kept: the link
and the code are shown or sent once, when they are made, and nobody can read
them back. Making a new link revokes the old one.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from simple_history.models import HistoricalRecords

TOKEN_SALT = "personal.link"
CODE_SALT = "personal.code"
# No 0/O, 1/I/L or U/V look-alikes: a code is read off paper and typed by hand.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
CODE_LENGTH = 12
CODE_GROUP = 4


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def code_normalise(typed: str) -> str:
    """A code as typed (any case, with spaces or dashes) in its stored form."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def code_hash(code: str) -> str:
    """Keyed with the site's secret, so a copy of the database alone cannot be
    searched for codes."""
    return salted_hmac(CODE_SALT, code_normalise(code), algorithm="sha256").hexdigest()


def code_display(code: str) -> str:
    return "-".join(code[i : i + CODE_GROUP] for i in range(0, len(code), CODE_GROUP))


class PersonalLinkQuerySet(models.QuerySet["PersonalLink"]):
    def working(self) -> PersonalLinkQuerySet:
        return self.filter(revoked_at__isnull=True)

    def by_token(self, token: str) -> PersonalLinkQuerySet:
        """The link a token opens, revoked or not; none for a changed or made-up
        token, without asking the database about a forged one."""
        try:
            key = signing.Signer(salt=TOKEN_SALT).unsign(token)
        except signing.BadSignature:
            return self.none()
        return self.filter(key_hash=key_hash(key))

    def by_code(self, typed: str) -> PersonalLinkQuerySet:
        code = code_normalise(typed)
        if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
            return self.none()
        return self.filter(code_hash=code_hash(code))


class PersonalLink(models.Model):
    """One personal link (and its short code) to a person's own page."""

    class Given(models.TextChoices):
        EMAILED = "emailed", "Emailed"
        PRINTED = "printed", "Printed in a letter"

    person = models.ForeignKey(
        "projects.Person", on_delete=models.CASCADE, related_name="personal_links"
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    given = models.CharField("how it was given", max_length=20, choices=Given.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField("stopped working", null=True, blank=True)
    last_used_at = models.DateTimeField("last opened", null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["key_hash", "code_hash"])
    objects = PersonalLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(revoked_at__isnull=True),
                name="one_working_personal_link_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"Personal link made {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


def new_secrets() -> tuple[str, str]:
    """A fresh (signed token, short code) pair."""
    key = secrets.token_urlsafe(24)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return key, code


def sign(key: str) -> str:
    return signing.Signer(salt=TOKEN_SALT).sign(key)
