"""The Making Data Count SPC module, against series worked out by hand.

Most rule tests append a short tail to BASE and fix the limits on BASE (a 16-point
baseline), so the arithmetic is the same every time:

    BASE = 9, 11, 9, 11, ... (16 points, indices 0-15; the last point, 15, is an 11)
    mean = 10; every moving range is 2, so the mean moving range is 2
    3 sigma = 2.66 x 2 = 5.32   -> process limits 15.32 and 4.68
    2 sigma = 5.32 x 2/3 = 3.5467 -> two-sigma lines 13.5467 and 6.4533
    1 sigma = 5.32 / 3 = 1.7733   -> one-sigma lines 11.7733 and 8.2267

BASE itself has no special cause (it alternates sides of the mean and direction), and
the tail starts at index 16.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from charts import spc

BASE = [9, 11] * 8


def chart(tail, direction="up", **options):
    values = BASE + list(tail)
    return spc.analyse(list(enumerate(values)), direction=direction, baseline=16, **options)


def flagged(result):
    """Each special-cause point's index and rules, strongest first."""
    return {i: point.rules for i, point in enumerate(result.points) if point.signals}


def months(count, start=datetime.date(2024, 1, 1)):
    return [
        datetime.date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1)
        for i in range(count)
    ]


# 15 points for the arithmetic without a baseline:
#   values  5 7 6 8 7 9 8 6 7 5 6 8 7 6 10   sum 105, mean 7
#   ranges    2 1 2 1 2 1 2 1 2 1 2 1 1 4    sum 23 over 14, mean 23/14 = 1.642857
#   3 sigma = 2.66 x 23/14 = 4.37 -> limits 11.37 and 2.63
#   2 sigma = 2.9133 -> 9.9133 and 4.0867; 1 sigma = 1.4567 -> 8.4567 and 5.5433
# The last point (10) is beyond the upper two-sigma line, but the point before it (6) is
# below the mean, so no two-of-three; no run of 6 on one side, no 6 rising or falling.
FIFTEEN = [5, 7, 6, 8, 7, 9, 8, 6, 7, 5, 6, 8, 7, 6, 10]


# The XmR arithmetic


def test_it_calculates_the_mean_moving_ranges_limits_and_sigma_lines():
    result = spc.analyse(list(enumerate(FIFTEEN)), direction="up")

    limits = result.limits
    assert limits.mean == pytest.approx(7)
    assert limits.mean_moving_range == pytest.approx(23 / 14)
    assert limits.upper_process_limit == pytest.approx(11.37)
    assert limits.lower_process_limit == pytest.approx(2.63)
    assert limits.upper_two_sigma == pytest.approx(7 + 4.37 * 2 / 3)
    assert limits.lower_two_sigma == pytest.approx(7 - 4.37 * 2 / 3)
    assert limits.upper_one_sigma == pytest.approx(7 + 4.37 / 3)
    assert limits.lower_one_sigma == pytest.approx(7 - 4.37 / 3)
    assert [p.moving_range for p in result.points[:4]] == [None, 2, 1, 2]
    assert result.points[-1].moving_range == 4
    assert all(p.limits == limits and p.mean == pytest.approx(7) for p in result.points)
    assert result.points[0].upper_process_limit == pytest.approx(11.37)
    assert result.points[0].lower_process_limit == pytest.approx(2.63)
    assert flagged(result) == {}
    assert result.variation_icon == "common_cause"
    assert result.baseline_points == 15
    assert result.note == ""


def test_it_keeps_the_periods_and_takes_decimal_values_as_floats():
    data = list(zip(months(15), [Decimal(v) for v in FIFTEEN], strict=True))

    result = spc.analyse(data, direction="up")

    assert result.points[0].period == datetime.date(2024, 1, 1)
    assert result.points[-1].period == datetime.date(2025, 3, 1)
    assert isinstance(result.points[0].value, float)
    assert result.limits.mean == pytest.approx(7)


# The minimum number of points (15, as the SQL's @SettingMinimumPoints)


def test_it_draws_a_run_chart_with_a_plain_note_below_fifteen_points():
    result = spc.analyse(list(enumerate(FIFTEEN[:14])), direction="up", target=8)

    # 14 points: sum 95, mean 95/14 as the centre line, and nothing else.
    assert not result.has_limits
    assert result.limits is None
    assert all(p.limits is None and p.upper_process_limit is None for p in result.points)
    assert result.points[0].mean == pytest.approx(95 / 14)
    assert result.variation_icon is None
    assert result.assurance_icon is None
    assert result.note == (
        "There are only 14 points. Process limits need at least 15, so this is a run "
        "chart: no limits, special causes or icons yet."
    )


def test_it_calculates_limits_from_fifteen_points():
    assert spc.analyse(list(enumerate(FIFTEEN)), direction="up").has_limits


def test_it_flags_nothing_on_a_run_chart_even_for_a_pattern():
    # 14 strictly rising points would be a trend on an SPC chart.
    result = spc.analyse(list(enumerate(range(14))), direction="up")

    assert flagged(result) == {}
    assert not any(p.special_cause for p in result.points)


def test_it_lets_the_minimum_be_set_to_thirteen():
    settings = spc.SpcSettings(min_points_for_limits=13)

    twelve = spc.analyse(list(enumerate(FIFTEEN[:12])), direction="up", settings=settings)
    thirteen = spc.analyse(list(enumerate(FIFTEEN[:13])), direction="up", settings=settings)

    assert not twelve.has_limits
    assert "at least 13" in twelve.note
    assert thirteen.has_limits


def test_it_says_there_is_no_data_for_an_empty_series():
    result = spc.analyse([], direction="up", target=5)

    assert result.points == ()
    assert result.latest is None
    assert not result.has_limits
    assert result.variation_icon is None
    assert result.assurance_icon is None
    assert result.note == "There is no data to chart yet."


def test_it_draws_a_single_point_as_a_run_chart():
    result = spc.analyse([("2024-01", 42)], direction="down")

    (point,) = result.points
    assert point.value == 42
    assert point.mean == 42
    assert point.moving_range is None
    assert not point.special_cause
    assert point.kind == "common_cause"
    assert result.latest == point
    assert result.note.startswith("There is only 1 point. Process limits need at least 15")


# Rule 1: a single point beyond a process limit


def test_it_flags_a_point_above_the_upper_limit():
    # 16 > 15.32. The 10 before it is on the mean and inside the limits.
    result = chart([10, 16])

    assert flagged(result) == {17: ("single_point_high",)}
    assert result.latest.kind == "improvement"
    assert result.latest.rule == "single_point"
    assert result.variation_icon == "improvement_high"


def test_it_flags_a_point_above_the_upper_limit_as_concern_when_lower_is_better():
    result = chart([10, 16], direction="down")

    assert result.latest.kind == "concern"
    assert result.variation_icon == "concern_high"


def test_it_flags_a_point_below_the_lower_limit():
    # 4 < 4.68.
    up = chart([10, 4])
    down = chart([10, 4], direction="down")

    assert flagged(up) == {17: ("single_point_low",)}
    assert up.variation_icon == "concern_low"
    assert down.variation_icon == "improvement_low"


def test_it_does_not_flag_a_point_exactly_on_a_limit():
    # 15.32 is 10 + 2.66 x 2: on the upper limit, not beyond it.
    result = chart([10, 15.32])

    assert flagged(result) == {}
    assert result.variation_icon == "common_cause"


# Rule 2: two or three of three beyond the same two-sigma line, all on that side


def test_it_flags_two_of_three_points_beyond_the_upper_two_sigma_line():
    # 14 > 13.5467 (and within 15.32), 12 is above the mean, 14 again: the two 14s are
    # marked, the 12 is not (it is not beyond the line). The 10 is on the mean.
    up = chart([10, 14, 12, 14])
    down = chart([10, 14, 12, 14], direction="down")

    assert flagged(up) == {17: ("two_of_three_high",), 19: ("two_of_three_high",)}
    assert up.variation_icon == "improvement_high"
    assert down.variation_icon == "concern_high"


def test_it_flags_two_of_three_points_beyond_the_lower_two_sigma_line():
    # 6 < 6.4533 (and within 4.68), 8 below the mean, 6 again.
    up = chart([10, 6, 8, 6])
    down = chart([10, 6, 8, 6], direction="down")

    assert flagged(up) == {17: ("two_of_three_low",), 19: ("two_of_three_low",)}
    assert up.variation_icon == "concern_low"
    assert down.variation_icon == "improvement_low"


def test_it_flags_three_of_three_points_beyond_the_two_sigma_line():
    result = chart([10, 14, 14, 14])

    assert flagged(result) == dict.fromkeys((17, 18, 19), ("two_of_three_high",))


def test_it_needs_the_third_point_on_the_same_side_of_the_mean():
    # 14, 9, 14: the 9 is below the mean, so the window does not count.
    assert flagged(chart([10, 14, 9, 14])) == {}


def test_it_needs_the_third_point_off_the_mean():
    # 14, 10, 14: the 10 is on the mean, not above it.
    assert flagged(chart([10, 14, 10, 14])) == {}


def test_it_leaves_points_beyond_a_limit_to_the_single_point_rule():
    # 16 (beyond 15.32), 14 (beyond 13.5467), 12: as in the SQL, only points between
    # the two-sigma line and the limit count, so this window has one, not two.
    result = chart([10, 16, 14, 12])

    assert flagged(result) == {17: ("single_point_high",)}


# Rule 3: a shift of 6 points on one side of the mean


def test_it_flags_every_point_of_a_shift_above_the_mean():
    # 6 points above 10; they alternate up and down, so no trend; all within 1 sigma.
    up = chart([10, 11, 12, 11, 12, 11, 12])
    down = chart([10, 11, 12, 11, 12, 11, 12], direction="down")

    assert flagged(up) == dict.fromkeys(range(17, 23), ("shift_high",))
    assert up.variation_icon == "improvement_high"
    assert down.variation_icon == "concern_high"


def test_it_flags_every_point_of_a_shift_below_the_mean():
    up = chart([10, 9, 8, 9, 8, 9, 8])
    down = chart([10, 9, 8, 9, 8, 9, 8], direction="down")

    assert flagged(up) == dict.fromkeys(range(17, 23), ("shift_low",))
    assert up.variation_icon == "concern_low"
    assert down.variation_icon == "improvement_low"


def test_it_does_not_flag_five_points_on_one_side():
    assert flagged(chart([10, 11, 12, 11, 12, 11])) == {}


def test_it_breaks_a_shift_at_a_point_exactly_on_the_mean():
    # 3 above, one on the mean (10), 3 above: two runs of 3, not a shift.
    broken = chart([10, 11, 12, 11, 10, 12, 11, 12])
    # The same with 11 instead of the 10: a run of 7 above.
    unbroken = chart([10, 11, 12, 11, 11, 12, 11, 12])

    assert flagged(broken) == {}
    assert flagged(unbroken) == dict.fromkeys(range(17, 24), ("shift_high",))


def test_it_uses_the_shift_length_setting():
    six_above = [10, 11, 12, 11, 12, 11, 12]
    seven = spc.SpcSettings(shift_length=7)

    assert flagged(chart(six_above, settings=seven)) == {}
    assert len(flagged(chart([*six_above, 11], settings=seven))) == 7


# Rule 4: a trend of 6 points rising or falling, endpoints included


def test_it_flags_every_point_of_a_rising_trend():
    # 11 (index 15) falls to 8; then 8, 8.5, 9, 9.5, 10, 10.5: 6 points, 5 rises. They
    # cross the mean, so no shift; all within the one-sigma lines.
    up = chart([8, 8.5, 9, 9.5, 10, 10.5])
    down = chart([8, 8.5, 9, 9.5, 10, 10.5], direction="down")

    assert flagged(up) == dict.fromkeys(range(16, 22), ("trend_high",))
    assert up.latest.rule == "trend"
    assert up.variation_icon == "improvement_high"
    assert down.variation_icon == "concern_high"


def test_it_flags_every_point_of_a_falling_trend():
    # 11 rises to 12; then 12, 11.5, 11, 10.5, 10, 9.5: 6 points, 5 falls.
    up = chart([12, 11.5, 11, 10.5, 10, 9.5])
    down = chart([12, 11.5, 11, 10.5, 10, 9.5], direction="down")

    assert flagged(up) == dict.fromkeys(range(16, 22), ("trend_low",))
    assert up.variation_icon == "concern_low"
    assert down.variation_icon == "improvement_low"


def test_it_does_not_flag_five_rising_points():
    assert flagged(chart([8, 8.5, 9, 9.5, 10])) == {}


def test_it_breaks_a_trend_at_an_equal_consecutive_value():
    # 8, 8.5, 9, 9, 9.5, 10, 10.5: the repeated 9 neither rises nor falls, leaving
    # runs of 3 and 4 points.
    broken = chart([8, 8.5, 9, 9, 9.5, 10, 10.5])
    # With 9.25 instead of the second 9: 7 rising points.
    unbroken = chart([8, 8.5, 9, 9.25, 9.5, 10, 10.5])

    assert flagged(broken) == {}
    assert flagged(unbroken) == dict.fromkeys(range(16, 23), ("trend_high",))


def test_it_uses_the_trend_length_setting():
    seven_rising = [8, 8.5, 9, 9.25, 9.5, 10, 10.5]
    eight = spc.SpcSettings(trend_length=8)

    assert flagged(chart(seven_rising, settings=eight)) == {}
    assert len(flagged(chart([*seven_rising, 11], settings=eight))) == 8


# When one point is both improvement and concern


def test_it_lets_a_trend_beat_a_shift_and_two_of_three_on_the_other_side():
    # 10, then 15, 14.5, 14, 13.5, 13, 12.5 (indices 17-22):
    #   falling trend: 6 points, all of them               -> low (concern when up)
    #   shift: 6 points above the mean, all of them        -> high (improvement when up)
    #   two of three: 15, 14.5, 14 are beyond 13.5467; windows (15, 14.5, 14) and
    #   (14.5, 14, 13.5) qualify, so 15, 14.5 and 14 are marked -> high
    # The trend is the stronger rule, so every point is concern.
    tail = [10, 15, 14.5, 14, 13.5, 13, 12.5]
    up = chart(tail)
    down = chart(tail, direction="down")

    assert flagged(up) == {
        17: ("trend_low", "shift_high", "two_of_three_high"),
        18: ("trend_low", "shift_high", "two_of_three_high"),
        19: ("trend_low", "shift_high", "two_of_three_high"),
        20: ("trend_low", "shift_high"),
        21: ("trend_low", "shift_high"),
        22: ("trend_low", "shift_high"),
    }
    assert all(up.points[i].kind == "concern" and up.points[i].conflict for i in range(17, 23))
    assert up.latest.rule == "trend"
    assert up.variation_icon == "concern_low"
    assert all(down.points[i].kind == "improvement" for i in range(17, 23))
    assert down.variation_icon == "improvement_low"


def test_it_lets_a_trend_beat_a_single_point_on_the_other_side():
    # 16 is beyond 15.32 (high) and starts the falling trend 16, 15, 14, 13, 12, 11.
    result = chart([10, 16, 15, 14, 13, 12, 11])

    first = result.points[17]
    assert first.rules == ("trend_low", "shift_high", "single_point_high")
    assert first.kind == "concern"
    assert first.rule == "trend"


def test_it_reports_the_strongest_rule_when_the_rules_agree():
    # Same side: no conflict, and the shift is reported as the deciding rule.
    result = chart([10, 11, 12, 11, 12, 11, 16])

    assert result.latest.rules == ("shift_high", "single_point_high")
    assert result.latest.rule == "shift"
    assert not result.latest.conflict


# A peak that ends a rising trend and starts a falling one: a tie at equal strength.
#   8, 8.5, 9, 9.5, 10, 10.5 (indices 16-21) rise; 10.5, 10, 9.5, 9, 8.5, 8 (21-26) fall.
PEAK = [8, 8.5, 9, 9.5, 10, 10.5, 10, 9.5, 9, 8.5, 8]


def test_it_follows_the_conflict_setting_for_a_tie_improvement():
    result = chart(PEAK, settings=spc.SpcSettings(conflict="improvement"))

    peak = result.points[21]
    assert peak.rules == ("trend_high", "trend_low")
    assert peak.conflict
    assert (peak.kind, peak.side) == ("improvement", "high")
    assert result.points[20].kind == "improvement"
    assert result.points[22].kind == "concern"


def test_it_follows_the_conflict_setting_for_a_tie_concern():
    up = chart(PEAK, settings=spc.SpcSettings(conflict="concern"))
    down = chart(PEAK, direction="down", settings=spc.SpcSettings(conflict="concern"))

    assert (up.points[21].kind, up.points[21].side) == ("concern", "low")
    assert (down.points[21].kind, down.points[21].side) == ("concern", "high")


def test_it_defaults_a_tie_to_concern():
    assert chart(PEAK).points[21].kind == "concern"


def test_it_follows_the_conflict_setting_for_a_tie_neither():
    # 10.5 is above the mean, so the neutral point is on the high side.
    result = chart(PEAK, settings=spc.SpcSettings(conflict="neither"))

    peak = result.points[21]
    assert (peak.kind, peak.side, peak.special_cause, peak.conflict) == (
        "neither",
        "high",
        True,
        True,
    )


# Direction neither


def test_it_calls_special_causes_neither_when_no_direction_is_better():
    high = chart([10, 16], direction="neither", target=12)
    low = chart([10, 4], direction="neither", target=12)

    assert (high.latest.kind, high.latest.side) == ("neither", "high")
    assert high.variation_icon == "neither_high"
    assert low.variation_icon == "neither_low"
    assert high.assurance_icon is None


def test_it_uses_the_strongest_rule_for_the_side_when_no_direction_is_better():
    result = chart([10, 15, 14.5, 14, 13.5, 13, 12.5], direction="neither")

    assert result.variation_icon == "neither_low"
    assert not result.latest.conflict


def test_it_accepts_the_growth_plan_spellings_of_the_direction():
    assert chart([10, 16], direction="higher").variation_icon == "improvement_high"
    assert chart([10, 16], direction="lower").variation_icon == "concern_high"


# The assurance icon: limits 4.68 and 15.32


@pytest.mark.parametrize(
    ("direction", "target", "icon"),
    [
        ("up", 4, "pass"),
        ("up", Decimal("4.68"), "pass"),  # on the lower limit: always met
        ("up", 10, "hit_or_miss"),
        ("up", Decimal("15.32"), "fail"),  # on the upper limit: never met
        ("up", 16, "fail"),
        ("down", 16, "pass"),
        ("down", Decimal("15.32"), "pass"),
        ("down", 10, "hit_or_miss"),
        ("down", Decimal("4.68"), "fail"),
        ("down", 4, "fail"),
    ],
)
def test_it_gives_the_assurance_icon_from_the_target_and_the_limits(direction, target, icon):
    assert chart([], direction=direction, target=target).assurance_icon == icon


def test_it_ignores_float_noise_when_a_value_or_target_is_on_a_limit():
    # Rates alternating 0.7 and 0.9: mean 0.8, mean moving range 0.2, so the limits are
    # 0.8 +/- 0.532 = 1.332 and 0.268. In floats the moving range is 0.20000000000000007
    # and the upper limit 1.3320000000000003, which a plain comparison would put above
    # a value or target of 1.332.
    rates = [0.7, 0.9] * 8
    on_limit = spc.analyse(list(enumerate([*rates, 1.332])), direction="up", baseline=16)
    fail = spc.analyse(list(enumerate(rates)), direction="up", target=Decimal("1.332"))

    assert on_limit.limits.upper_process_limit == pytest.approx(1.332)
    assert not on_limit.latest.special_cause
    assert fail.assurance_icon == "fail"


def test_it_gives_no_assurance_icon_without_a_target():
    assert chart([]).assurance_icon is None


def test_it_passes_a_flat_process_whose_target_is_its_value():
    # Every value 7: mean 7, moving ranges 0, so both limits are 7 and the target is on them.
    result = spc.analyse(list(enumerate([7] * 15)), direction="up", target=7)

    assert result.assurance_icon == "pass"
    assert result.variation_icon == "common_cause"


# Baselines


def test_it_carries_the_baseline_limits_forward():
    # Five 12s after BASE. Without a baseline they would move the mean to
    # (160 + 60) / 21 = 10.476; with it the limits stay at 10 +/- 5.32.
    fixed = chart([12] * 5)
    moving = spc.analyse(list(enumerate(BASE + [12] * 5)), direction="up")

    assert fixed.limits.mean == 10
    assert fixed.limits.upper_process_limit == pytest.approx(15.32)
    assert fixed.baseline_points == 16
    assert [p.in_baseline for p in fixed.points] == [True] * 16 + [False] * 5
    assert all(p.limits == fixed.limits for p in fixed.points)
    assert moving.limits.mean == pytest.approx(220 / 21)
    assert fixed.note == ""


def test_it_takes_a_baseline_as_a_period_range():
    periods = months(20)  # January 2024 to August 2025; BASE is January 2024 to April 2025
    data = list(zip(periods, [*BASE, 12, 12, 12, 12], strict=True))

    result = spc.analyse(
        data, direction="up", baseline=(datetime.date(2024, 1, 1), datetime.date(2025, 4, 1))
    )

    assert result.baseline_points == 16
    assert result.limits.mean == 10
    assert result.limits.mean_moving_range == 2


def test_it_applies_the_rules_across_the_end_of_the_baseline():
    # BASE ends with 11 (above the mean); 12, 11, 12, 11, 12 make a run of 6 above.
    result = chart([12, 11, 12, 11, 12])

    assert flagged(result) == dict.fromkeys(range(15, 21), ("shift_high",))


def test_it_uses_every_point_when_the_baseline_is_longer_than_the_data():
    result = spc.analyse(list(enumerate(FIFTEEN)), direction="up", baseline=20)

    assert result.baseline_points == 15
    assert result.limits.mean == pytest.approx(7)
    assert "set to 20 points but there are only 15" in result.note


def test_it_notes_a_baseline_shorter_than_twelve_points():
    # The first 10 points of BASE still give mean 10 and mean moving range 2.
    result = spc.analyse(list(enumerate(BASE)), direction="up", baseline=10)

    assert result.limits.mean == 10
    assert [p.in_baseline for p in result.points].count(True) == 10
    assert "baseline of only 10 points" in result.note


def test_it_draws_a_run_chart_when_the_baseline_range_holds_one_point():
    data = list(zip(months(16), BASE, strict=True))

    result = spc.analyse(
        data, direction="up", baseline=(datetime.date(2024, 3, 1), datetime.date(2024, 3, 31))
    )

    assert not result.has_limits
    assert "baseline covers fewer than 2 points" in result.note


# Bad input


@pytest.mark.parametrize("baseline", [1, 0, True, "16"])
def test_it_refuses_a_baseline_that_cannot_give_limits(baseline):
    with pytest.raises(ValueError, match="baseline"):
        spc.analyse(list(enumerate(BASE)), direction="up", baseline=baseline)


def test_it_refuses_a_baseline_range_that_ends_before_it_starts():
    with pytest.raises(ValueError, match="ends"):
        spc.analyse(list(enumerate(BASE)), direction="up", baseline=(10, 2))


@pytest.mark.parametrize(
    "options",
    [{"shift_length": 5}, {"shift_length": 9}, {"trend_length": 5}, {"trend_length": 9}],
)
def test_it_keeps_the_run_lengths_from_six_to_eight(options):
    with pytest.raises(ValueError, match="from 6 to 8"):
        spc.SpcSettings(**options)


def test_it_refuses_an_unknown_conflict_setting_or_direction():
    with pytest.raises(ValueError, match="conflict"):
        spc.SpcSettings(conflict="both")
    with pytest.raises(ValueError, match="direction"):
        spc.analyse([], direction="sideways")


def test_it_refuses_values_that_are_not_finite_numbers():
    with pytest.raises(ValueError, match="finite"):
        spc.analyse([(1, 3), (2, float("nan"))], direction="up")
