"""The charts' axis labels stay readable however many months they show."""

from __future__ import annotations

import datetime

import pytest

from charts import _x_labels, month_label


@pytest.mark.parametrize("count", [2, 12, 13, 15, 22, 23, 24, 25, 36])
def test_month_labels_never_crowd_each_other(count):
    months = [datetime.date(2024 + (m // 12), m % 12 + 1, 1) for m in range(count)]
    labels = _x_labels([month_label(month) for month in months])
    assert labels[-1]["label"] == month_label(months[-1])
    assert labels[-1]["anchor"] == "end"
    # The last label ends at its point; the one before is centred on its own.
    if len(labels) > 1:
        assert labels[-1]["x"] - labels[-2]["x"] >= 75, labels[-2:]
