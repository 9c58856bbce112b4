from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterator
from typing import ClassVar

from django.conf import settings
from django.contrib.auth import models as auth_models
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from simple_history.models import HistoricalRecords

from accounts import two_factor


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    GOVERNANCE = "governance", "Governance lead"
    STAFF = "staff", "Staff"
    EXPERT = "expert", "Expert by experience"
    FINANCE = "finance", "Finance"


# The NHS Data Security and Protection Toolkit asks for a second factor on accounts
# that can see or change the whole organisation, and finance sees what people are
# paid and the references they are paid by. Staff are offered it; experts by
# experience may turn it on but are never asked, to keep their way in simple.
TWO_FACTOR_REQUIRED = frozenset({Role.ADMIN, Role.GOVERNANCE, Role.FINANCE})
TWO_FACTOR_OFFERED = frozenset({Role.ADMIN, Role.GOVERNANCE, Role.STAFF, Role.FINANCE})

# Who may do what, by role. The User properties below are the only place these
# sets are read; views, templates and querysets ask the properties, or the
# `accounts.rules` predicates built on them.
READS_EVERYTHING = frozenset({Role.ADMIN, Role.GOVERNANCE})
TRUST_STAFF = frozenset({Role.ADMIN, Role.GOVERNANCE, Role.STAFF})
RUNS_PROJECTS = frozenset({Role.ADMIN, Role.STAFF})
SEES_PAYMENTS = frozenset({Role.ADMIN, Role.FINANCE})
# Finance is least privilege: payments and the payee details needed to pay, and
# nothing else (no projects, dashboard or register). Every page they may open is
# marked `@open_to_finance` (accounts.middleware refuses the rest).
CONFINED_TO_PAYMENTS = frozenset({Role.FINANCE})


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("role", Role.ADMIN)
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def active(self) -> models.QuerySet[User]:
        return self.filter(is_active=True)

    def trust_staff(self) -> models.QuerySet[User]:
        """Active admins, governance leads and staff (`User.is_trust_staff`)."""
        return self.active().filter(role__in=TRUST_STAFF)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Email is the login; the role decides what they can do.

    `is_staff` keeps its Django meaning (may open Django admin); it has nothing to do
    with the Staff role.
    """

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField("full name", max_length=150)
    display_name = models.CharField(
        "name to show",
        max_length=80,
        blank=True,
        help_text="How the person wants to be named on screen. Leave blank to use their full name.",
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.STAFF)
    is_active = models.BooleanField("active", default=True)
    is_staff = models.BooleanField("can open Django admin", default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    invited_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Two-factor authentication. The secret is encrypted (see accounts/two_factor.py)
    # and, like the password, kept out of the history and the admin.
    totp_secret = models.TextField("two-factor secret", blank=True, editable=False)
    # The last 30-second step a code was accepted for: that code, or an older one,
    # is refused, so a code seen over someone's shoulder cannot be used again.
    totp_last_step = models.BigIntegerField(null=True, blank=True, editable=False)
    # When two-factor was last set up or reset (never cleared): the history shows
    # who did it, and it is part of the session hash so either ends other sessions.
    totp_changed_at = models.DateTimeField(
        "two-factor last changed", null=True, blank=True, editable=False
    )

    # Wrong codes (and recovery codes) typed at the second step since the last right
    # one, from any address; at `two_factor.LOCK_AFTER_FAILURES` the second step locks
    # until `two_factor_locked_until`. The count is left out of the history (each
    # wrong code would add a row); the lock, and who lifted it, is in it.
    two_factor_failures = models.PositiveSmallIntegerField(default=0, editable=False)
    two_factor_locked_until = models.DateTimeField(
        "second step locked until", null=True, blank=True, editable=False
    )

    history = HistoricalRecords(
        excluded_fields=[
            "password",
            "last_login",
            "totp_secret",
            "totp_last_step",
            "two_factor_failures",
        ]
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        constraints = [
            # People sign in with any capitalisation, so one address is one account.
            models.UniqueConstraint(Lower("email"), name="unique_email_in_any_case"),
        ]

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.display_name or self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.name

    @property
    def has_two_factor(self) -> bool:
        return bool(self.totp_secret)

    @property
    def second_step_locked(self) -> bool:
        """Too many wrong codes: no code is accepted until the lock runs out."""
        return (
            self.two_factor_locked_until is not None
            and self.two_factor_locked_until > timezone.now()
        )

    @property
    def two_factor_required(self) -> bool:
        return self.role in TWO_FACTOR_REQUIRED

    @property
    def two_factor_offered(self) -> bool:
        return self.role in TWO_FACTOR_OFFERED

    def has_perm(self, perm: str, obj: object = None) -> bool:
        """Django's, without its short cut for superusers: what someone may do in
        Coprod comes from their role (the rules), whatever their superuser flag.
        A superuser still has every model permission Django admin asks for, from
        the model backend."""
        # Django's own loop over the authentication backends.
        return self.is_active and auth_models._user_has_perm(self, perm, obj)  # type: ignore[attr-defined]

    def get_session_auth_hash(self) -> str:
        return self._session_hash()

    def get_session_auth_fallback_hash(self) -> Iterator[str]:
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret=fallback_secret)

    def _session_hash(self, secret: str | bytes | None = None) -> str:
        """Django's session hash (an HMAC of the password), plus the two-factor
        state once it has ever been set up. Sessions keep working for people who
        never used two-factor; setting it up or resetting it ends other sessions,
        as changing the password does."""
        key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        material = self.password + two_factor.session_hash_material(self.totp_changed_at)
        return salted_hmac(key_salt, material, secret=secret, algorithm="sha256").hexdigest()

    @property
    def is_admin(self) -> bool:
        return self.is_active and self.role == Role.ADMIN

    @property
    def is_governance(self) -> bool:
        return self.is_active and self.role == Role.GOVERNANCE

    @property
    def is_staff_member(self) -> bool:
        return self.is_active and self.role == Role.STAFF

    @property
    def is_expert(self) -> bool:
        return self.is_active and self.role == Role.EXPERT

    @property
    def is_finance(self) -> bool:
        return self.is_active and self.role == Role.FINANCE

    @property
    def has_staff_role(self) -> bool:
        """The Staff role, whether or not the account is still active: what a
        person was, not what they may do now."""
        return self.role == Role.STAFF

    @property
    def reads_everything(self) -> bool:
        """Admins and governance leads: every project, person, report, review and
        result, and the dashboard's day-level and equality figures."""
        return self.is_active and self.role in READS_EVERYTHING

    @property
    def is_trust_staff(self) -> bool:
        """Admins, governance leads and staff, as against experts by experience:
        they read every growth plan, the dashboard and the register."""
        return self.is_active and self.role in TRUST_STAFF

    @property
    def runs_projects(self) -> bool:
        """Admins and staff: they start projects and keep the register of people."""
        return self.is_active and self.role in RUNS_PROJECTS

    @property
    def sees_payments(self) -> bool:
        """Admins and finance: payment runs, their export, and the payee details
        needed to pay (a payee reference, what is due, any limit a person set)."""
        return self.is_active and self.role in SEES_PAYMENTS

    @property
    def reads_api(self) -> bool:
        """Everyone but finance may make and use API tokens: the API serves what
        people read in the browser about projects, and finance reads only payments,
        which the API does not serve."""
        return self.is_active and self.role not in CONFINED_TO_PAYMENTS

    @property
    def confined_to_payments(self) -> bool:
        """Finance: may open the payment pages and their own account, nothing else."""
        return self.role in CONFINED_TO_PAYMENTS


class RecoveryCodeQuerySet(models.QuerySet["RecoveryCode"]):
    def unused(self) -> RecoveryCodeQuerySet:
        return self.filter(used_at=None)


class RecoveryCode(models.Model):
    """A single-use code for signing in without the phone. Only a keyed hash is
    kept: the codes are shown once, when made, and never again."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    objects = RecoveryCodeQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Recovery code {self.pk} for user {self.user_id}"


# Personal API tokens ---------------------------------------------------------------

API_TOKEN_PREFIX = "coprod_"


def api_token_hash(secret: str) -> str:
    """The SHA-256 of a token. A token is 256 random bits, so a fast unkeyed hash is
    enough (nobody can guess one to match a leaked hash), and it survives a change
    of SECRET_KEY, unlike the recovery codes' keyed hash."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def live(self, at: datetime.datetime | None = None) -> ApiTokenQuerySet:
        """Neither revoked nor expired, for an active account."""
        return self.filter(
            revoked_at=None, expires_at__gt=at or timezone.now(), user__is_active=True
        )

    def matching(self, secret: str) -> ApiTokenQuerySet:
        return self.filter(token_hash=api_token_hash(secret))


class ApiToken(models.Model):
    """A personal token for the read API (`api`): it reads what its owner may read
    in the browser, as their role says on the day it is used. Only its hash is
    kept; the token is shown once, when made."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the token, to tell tokens apart in the list.
    hint = models.CharField(max_length=20, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    # The last time it read something (a refused request is not a use).
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["token_hash", "last_used_at"])
    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"API token {self.name} ({self.hint}…)"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "Revoked"
        if self.expires_at <= timezone.now():
            return "Expired"
        return "Active"
