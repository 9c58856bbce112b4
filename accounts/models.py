from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    GOVERNANCE = "governance", "Governance lead"
    STAFF = "staff", "Staff"
    EXPERT = "expert", "Expert by experience"


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

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

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
