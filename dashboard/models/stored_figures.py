"""The dashboard's figures for one set of filters, kept for a few minutes.

Not a record of anything: a row can be deleted at any time and is worked out again
on the next view. Rows older than `DASHBOARD_FIGURES_MAX_AGE` are never read and
the periodic refresh deletes them, so the table holds a few rows, each minutes
old. The figures are counts, sums and shares (small numbers suppressed as on the
page), project and plan titles; no one's name or answers.
"""

from __future__ import annotations

from django.db import models


class StoredFigures(models.Model):
    key = models.CharField(max_length=200, unique=True)  # the filters, see dashboard.page_cache
    computed_at = models.DateTimeField()
    payload = models.JSONField(default=dict)  # see dashboard.page_cache._as_json

    class Meta:
        verbose_name_plural = "stored figures"

    def __str__(self) -> str:
        return f"{self.key} at {self.computed_at:%Y-%m-%d %H:%M}"
