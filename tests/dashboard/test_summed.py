"""Every dashboard figure read from the summary tables equals the same figure worked
out from the raw rows: on the demo data and on the benchmark's data, for every
scope (the organisation, each division, each service) and every listed period
(`dashboard.summaries_check`, as `manage.py summaries --check` runs it)."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from dashboard.summaries_check import differences, periods
from demo.scale import generate
from projects.models import PersonMonth, ScopeMonth
from projects.summaries import summaries_rebuild

pytestmark = pytest.mark.django_db


def test_every_figure_agrees_on_the_demo_data():
    call_command("demo_data", stdout=StringIO())
    today = timezone.localdate()
    assert ScopeMonth.objects.exists()  # the demo works its summaries out as it ends
    assert differences(today=today) == []


def test_every_figure_agrees_on_the_benchmark_data():
    today = datetime.date(2026, 11, 1)
    generate(scale=0.004, seed=3, today=today)
    summaries_rebuild()
    assert len(periods(today)) == 18  # 12 months, 12 quarters, 5 years... as listed
    assert differences(today=today) == []


def test_the_command_prints_each_difference_and_fails():
    call_command("demo_data", stdout=StringIO())
    # Summaries out of step with the raw rows, as a bug would leave them: a month's
    # total, and someone left out of a recent month.
    total = ScopeMonth.objects.filter(scope=0, people__gt=3).order_by("-month").first()
    ScopeMonth.objects.filter(pk=total.pk).update(people=total.people + 1)
    PersonMonth.objects.filter(
        scope=0, involvements__gt=0, month__gte=timezone.localdate() - datetime.timedelta(days=200)
    ).order_by("-month").first().delete()
    out = StringIO()
    with pytest.raises(CommandError, match="figures differ from the raw rows"):
        call_command("summaries", "--check", stdout=out)
    printed = out.getvalue()
    assert "projects_scopemonth: kept but not rebuilt" in printed
    assert "projects_personmonth: rebuilt but not kept" in printed
    assert "headlines" in printed
    assert "from the summaries" in printed
    # The check rolls its rebuild back: the tables are as it found them.
    assert ScopeMonth.objects.get(pk=total.pk).people == total.people + 1
