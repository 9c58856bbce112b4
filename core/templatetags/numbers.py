"""Formatting for numbers people read."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def hours(value: Decimal | float | int | None) -> str:
    """Hours as people write them: 2, 1.5, 0.75 (never 1.50 or 2.00)."""
    if value is None or value == "":
        return ""
    return f"{Decimal(value):.2f}".rstrip("0").rstrip(".")


@register.filter
def pence_as_pounds(value: int | str | None) -> str:
    """Whole pence as pounds and pence with thousands separated: 123456 is 1,234.56."""
    if value is None or value == "":
        return ""
    return f"{(Decimal(value) / 100).quantize(Decimal('0.01')):,}"
