"""The charts' axis labels stay readable however many months they show; a sparkline
breaks where a month has no value; levels are drawn highest at the top."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from charts import _x_labels, levels, month_label, sparkline


@pytest.mark.parametrize("count", [2, 12, 13, 15, 22, 23, 24, 25, 36])
def test_month_labels_never_crowd_each_other(count):
    months = [datetime.date(2024 + (m // 12), m % 12 + 1, 1) for m in range(count)]
    labels = _x_labels([month_label(month) for month in months])
    assert labels[-1]["label"] == month_label(months[-1])
    assert labels[-1]["anchor"] == "end"
    # The last label ends at its point; the one before is centred on its own.
    if len(labels) > 1:
        assert labels[-1]["x"] - labels[-2]["x"] >= 75, labels[-2:]


def test_a_sparkline_breaks_at_a_month_with_no_value_and_dots_a_lone_value():
    line = sparkline([Decimal(3), Decimal(5), None, Decimal(2), None], target=Decimal(4))
    assert len(line["lines"]) == 1  # the first two months
    assert len(line["dots"]) == 1  # the fourth, on its own
    # The scale runs from 0 to 5 across the 48 pixels inside the padding.
    assert line["lines"][0] == "6.0,25.2 63.0,6.0"
    assert line["target_y"] == 15.6


def test_levels_put_the_highest_level_at_the_top_and_leave_room_for_one_value():
    chart = levels(scale=[(1, "Low"), (2, "Middle"), (3, "High")], values=[3], target=1)
    assert [level["label"] for level in chart["levels"]] == ["Low", "Middle", "High"]
    assert chart["points"] == [{"x": chart["left"] + 36, "y": chart["levels"][2]["y"]}]
    assert chart["levels"][2]["y"] < chart["levels"][0]["y"] == chart["target_y"]
    assert chart["right"] - chart["left"] == 4 * 72  # one value still spans four columns
    assert levels(scale=[(1, "Low")], values=[], target=None) is None
