"""The computed metrics on a small data set worked out by hand.

Willow ward has a sub-team, Willow outreach; the Community team is another
service and must never count. March 2026 is the month under test: it has
activities on its first and last days, neighbours on the days either side,
a project shared by both Willow services (counted once) and payments made in
March for February's work. May 2026 is empty.

Activities:              date        rung  status
  a6  Willow             28 Feb      6     confirmed
  a1  Willow              1 Mar      7     confirmed
  a4  Willow + outreach  10 Mar      -     unclassified
  a3  Willow             15 Mar      4     contested
  a2  outreach           31 Mar      6     proposed
  a5  Willow              1 Apr      7     confirmed
  a7  Community team     10 Jan      7     confirmed (never counted)

People with lived experience:  activity  hours  paid on   days to payment
  Xena                         a6        2      2 Mar     2
  Xena                         a1        1.5    11 Mar    10
  Yusuf                        a1        3      1 Apr     31
  Yusuf                        a4        1      31 Mar    21
  Zara                         a3        2      -
  Zara                         a7        5      -   (other service)
and a member of staff on a1 (never counted).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from projects import metrics
from projects.models import Computation, Service
from projects.summaries import summaries_catch_up
from tests.factories import (
    ActivityFactory,
    InvolvementFactory,
    MetricFactory,
    PersonFactory,
    PlanFactory,
    ProjectFactory,
    ReadingFactory,
    ServiceFactory,
    UserFactory,
)

D = datetime.date
FEB, MAR, APR, MAY, JUN = D(2026, 2, 1), D(2026, 3, 1), D(2026, 4, 1), D(2026, 5, 1), D(2026, 6, 1)


@pytest.fixture
def services(db) -> set[int]:
    willow = ServiceFactory(name="Willow ward", kind="ward")
    outreach = ServiceFactory(name="Willow outreach", parent=willow)
    community = ServiceFactory(name="Community team")
    on_ward = ProjectFactory(services=[willow], start_date=D(2026, 1, 1))
    outreach_project = ProjectFactory(services=[outreach], start_date=D(2026, 1, 1))
    shared = ProjectFactory(services=[willow, outreach], start_date=D(2026, 1, 1))
    elsewhere = ProjectFactory(services=[community], start_date=D(2026, 1, 1))

    def activity(project, day, rung, status):
        return ActivityFactory(project=project, date=day, rung=rung, rung_status=status)

    a6 = activity(on_ward, D(2026, 2, 28), 6, "confirmed")
    a1 = activity(on_ward, D(2026, 3, 1), 7, "confirmed")
    a4 = activity(shared, D(2026, 3, 10), None, "unclassified")
    a3 = activity(on_ward, D(2026, 3, 15), 4, "contested")
    activity(outreach_project, D(2026, 3, 31), 6, "proposed")
    activity(on_ward, D(2026, 4, 1), 7, "confirmed")
    a7 = activity(elsewhere, D(2026, 1, 10), 7, "confirmed")

    xena, yusuf, zara = (PersonFactory(display_name=name) for name in ("Xena", "Yusuf", "Zara"))
    InvolvementFactory(activity=a6, person=xena, hours=Decimal(2), paid_on=D(2026, 3, 2))
    InvolvementFactory(activity=a1, person=xena, hours=Decimal("1.5"), paid_on=D(2026, 3, 11))
    InvolvementFactory(activity=a1, person=yusuf, hours=Decimal(3), paid_on=D(2026, 4, 1))
    InvolvementFactory(activity=a4, person=yusuf, hours=Decimal(1), paid_on=D(2026, 3, 31))
    InvolvementFactory(activity=a3, person=zara, hours=Decimal(2))
    InvolvementFactory(activity=a7, person=zara, hours=Decimal(5))
    InvolvementFactory(activity=a1, staff=UserFactory(), hours=Decimal(2))
    return willow.descendant_ids()


def test_it_registers_one_computation_for_every_name():
    assert set(metrics.COMPUTATIONS) == set(Computation.values)


def test_it_counts_activities_at_co_design_or_above_from_first_to_last_day(services):
    assert metrics.activities_at_co_design_or_above(services, MAR, APR) == 2
    assert metrics.activities_at_co_design_or_above(services, FEB, MAR) == 1
    assert metrics.activities_at_co_design_or_above(services, APR, MAY) == 1
    assert metrics.activities_at_co_design_or_above(services, MAY, JUN) == 0


def test_it_shares_classified_activities_in_doing_with(services):
    # a1 and a2 of the three classified (a4 is not classified yet).
    assert metrics.share_of_activities_doing_with(services, MAR, APR) == Decimal("66.7")
    assert metrics.share_of_activities_doing_with(services, FEB, MAR) == Decimal("100.0")
    assert metrics.share_of_activities_doing_with(services, MAY, JUN) is None


def test_it_counts_each_person_with_lived_experience_once(services):
    # Xena, Yusuf (twice) and Zara; the member of staff does not count.
    assert metrics.lived_experience_people_involved(services, MAR, APR) == 3
    assert metrics.lived_experience_people_involved(services, MAY, JUN) == 0


def test_it_counts_people_in_the_month_they_first_took_part_in_these_services(services):
    # Yusuf and Zara are new in March (Zara's January work was elsewhere); Xena
    # started on 28 February.
    assert metrics.new_people_involved(services, MAR, APR) == 2
    assert metrics.new_people_involved(services, FEB, MAR) == 1
    assert metrics.new_people_involved(services, APR, MAY) == 0


def test_it_adds_up_lived_experience_hours(services):
    assert metrics.lived_experience_hours(services, MAR, APR) == Decimal("7.5")
    assert metrics.lived_experience_hours(services, FEB, MAR) == Decimal(2)
    assert metrics.lived_experience_hours(services, MAY, JUN) == 0


def test_it_shares_settled_classifications_that_participants_confirmed(services):
    # Of a1 (confirmed), a3 (contested) and a2 (proposed).
    assert metrics.share_of_classifications_confirmed(services, MAR, APR) == Decimal("33.3")
    assert metrics.share_of_classifications_confirmed(services, MAY, JUN) is None


def test_it_takes_the_median_wait_of_payments_made_in_the_period(services):
    # Paid in March: 2, 10 and 21 days after the activity.
    assert metrics.median_days_to_payment(services, MAR, APR) == Decimal(10)
    assert metrics.median_days_to_payment(services, APR, MAY) == Decimal(31)
    assert metrics.median_days_to_payment(services, FEB, MAR) is None


def test_it_covers_a_whole_year_as_well_as_a_month(services):
    year = (D(2026, 1, 1), D(2027, 1, 1))
    assert metrics.activities_at_co_design_or_above(services, *year) == 4
    assert metrics.median_days_to_payment(services, *year) == Decimal("15.5")


@pytest.mark.parametrize("raw", [False, True], ids=["summaries", "raw rows"])
def test_it_gives_every_month_of_every_computation_from_four_queries(
    services, django_assert_num_queries, raw
):
    plan = PlanFactory(service=Service.objects.get(name="Willow ward"))
    for computation in Computation.values:
        MetricFactory(plan=plan, source="computed", computation=computation)
    plan_metrics = list(plan.metrics.all())
    months = [FEB, MAR, APR, MAY]
    summaries_catch_up()
    # From the summary tables: any change not taken in yet; activities by month and
    # rung; people and payments by month; first involvements by month. From the raw
    # rows: the plan's services; activities; involvements by activity or payment
    # date; first involvements.
    with django_assert_num_queries(4):
        series = metrics.metric_series(plan_metrics, months, raw=raw)
    for metric in plan_metrics:
        spec = metrics.COMPUTATIONS[metric.computation]
        expected = [spec(services, m, metrics.next_month(m)) for m in months]
        assert series[metric.pk] == expected, metric.computation


def test_a_metric_series_is_what_was_entered_or_the_computation_month_by_month(
    services, django_assert_num_queries
):
    plan = PlanFactory(service=Service.objects.get(name="Willow ward"))
    entered = MetricFactory(plan=plan)
    ReadingFactory(metric=entered, period=MAR, value=Decimal(7))
    ReadingFactory(metric=entered, period=JUN, value=Decimal(9))  # outside the months
    people = MetricFactory(plan=plan, source="computed", computation="lived_experience_people")
    plan_metrics = list(plan.metrics.all())
    months = [FEB, MAR, APR, MAY]
    summaries_catch_up()
    # readings; any change the summaries have not taken in; people by month (the
    # only summary the computation needs).
    with django_assert_num_queries(3):
        series = metrics.metric_series(plan_metrics, months)
    assert series[entered.pk] == [None, Decimal(7), None, None]
    computed = [
        metrics.lived_experience_people_involved(services, m, metrics.next_month(m)) for m in months
    ]
    assert series[people.pk] == computed == [1, 3, 0, 0]

    # `shown` sees each computed value with the number of people behind it.
    hidden = metrics.metric_series(
        plan_metrics, months, shown=lambda value, behind: value if behind >= 3 else None
    )
    assert hidden[people.pk] == [None, 3, None, None]
    assert hidden[entered.pk] == series[entered.pk]


def test_it_lists_months_oldest_first():
    assert metrics.months_ending(D(2026, 2, 14), 3) == [D(2025, 12, 1), D(2026, 1, 1), FEB]
