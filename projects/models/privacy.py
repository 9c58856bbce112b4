"""Records kept about how personal data is handled: who looked at a person's
record, and which people (and accounts) were erased, when, by whom and why.

Both are append-only audit logs: rows are written once and never edited, so they
carry no simple-history of their own. They hold ids and fixed choices only, never
a name, an email address or anything a person typed about someone else.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class RecordViewQuerySet(models.QuerySet["RecordView"]):
    def older_than(self, moment) -> RecordViewQuerySet:
        return self.filter(at__lt=moment)


class RecordView(models.Model):
    """Someone opened a page showing a person's record, or took a copy of it."""

    class Action(models.TextChoices):
        DETAIL = "detail", "Opened their record"
        EDIT = "edit", "Opened the form to change their details"
        EQUALITY_SAVED = "equality_saved", "Saved equality answers"
        EXPORT_PAGE = "export_page", "Viewed the copy of everything we hold"
        EXPORT_FILE = "export_file", "Downloaded the copy of everything we hold"
        ERASE_PAGE = "erase_page", "Opened the page to erase their details"
        PAGE_PRINTED = "page_printed", "Printed their page in large print"
        PAGE_DOWNLOADED = "page_downloaded", "Downloaded their own page in large print"
        LADDER_FORM = "ladder_form", "Printed a form for them to check activities"

    person = models.ForeignKey(
        "projects.Person", on_delete=models.CASCADE, related_name="record_views"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    at = models.DateTimeField(default=timezone.now)
    # The person themselves, with no account, by their personal link.
    by_personal_link = models.BooleanField(default=False)

    objects = RecordViewQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["person", "-at"], name="record_view_by_person"),
            models.Index(fields=["at"], name="record_view_by_time"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.at:%Y-%m-%d %H:%M})"


class Erasure(models.Model):
    """A person on the register, an account, or both, anonymised for good.

    `scrubbed` counts the rows changed per table, so the record shows the erasure
    was thorough without keeping anything that was erased.
    """

    class Reason(models.TextChoices):
        REQUEST = "request", "They asked us to erase their details"
        CONSENT_WITHDRAWN = "consent_withdrawn", "They no longer agree to us keeping their details"
        OTHER = "other", "Another lawful reason, recorded in our case notes"
        # Only the scheduled retention job uses these.
        REGISTER_RETENTION = "register_retention", "Not involved for longer than we keep details"
        ACCOUNT_RETENTION = "account_retention", "Account closed for longer than we keep details"

    person = models.OneToOneField(
        "projects.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="erasure",
    )
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="erasure",
    )
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the scheduled retention job did it.",
    )
    erased_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    reference = models.CharField(
        "case reference",
        max_length=40,
        blank=True,
        help_text="Your own reference for the request, such as DSR-2026-014.",
    )
    scrubbed = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-erased_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(account__isnull=False),
                name="erasure_is_of_someone",
            )
        ]

    def __str__(self) -> str:
        return f"Erasure {self.pk} ({self.erased_at:%Y-%m-%d})"
