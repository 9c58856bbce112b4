from __future__ import annotations

from decimal import Decimal

import pytest

from core.templatetags.numbers import hours


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("2.00"), "2"),
        (Decimal("1.50"), "1.5"),
        (Decimal("0.75"), "0.75"),
        (10, "10"),
        (None, ""),
    ],
)
def test_hours_read_the_way_people_write_them(value, shown):
    assert hours(value) == shown
