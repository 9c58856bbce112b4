"""The rows each endpoint returns: flat (no nested objects or lists), so Power BI
and Excel load them as tables as they are. Each field says what it holds; the
reference page and the OpenAPI description are written from these."""

from __future__ import annotations

import functools

from rest_framework import serializers

RUNG_HELP = (
    "Rung of the Ladder of Co-production, 1 (coercion) to 7 (co-production); null if not classified"
)


class ServiceRow(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField(help_text="division, directorate, ward or team")
    parent_id = serializers.IntegerField(
        allow_null=True, help_text="The service this one sits in; null at the top"
    )
    path = serializers.CharField(
        help_text="Names from the top of the hierarchy down to this service, joined by ' / '"
    )
    depth = serializers.IntegerField(help_text="0 at the top of the hierarchy")
    is_active = serializers.BooleanField()


class ProjectRow(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField(help_text="idea, active, paused or completed")
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    target_rung = serializers.IntegerField(allow_null=True, help_text=RUNG_HELP)
    service_ids = serializers.CharField(
        help_text="Ids of the project's services, separated by ';' (a project can have several)"
    )
    service_names = serializers.CharField(help_text="Their names, separated by '; '")
    updated_at = serializers.DateTimeField()


class ActivityRow(serializers.Serializer):
    id = serializers.IntegerField()
    project_id = serializers.IntegerField()
    project_title = serializers.CharField()
    date = serializers.DateField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    title = serializers.CharField()
    duration_minutes = serializers.IntegerField()
    rung = serializers.IntegerField(allow_null=True, help_text=RUNG_HELP)
    rung_label = serializers.CharField(help_text="The rung's name; empty if not classified")
    group = serializers.CharField(
        help_text="doing_to, doing_for or doing_with; empty if not classified"
    )
    group_label = serializers.CharField()
    rung_status = serializers.CharField(
        help_text="unclassified, proposed, confirmed (by people who took part) or contested"
    )
    faux_production = serializers.BooleanField(
        help_text="Called co-design or co-production, but the evidence says otherwise"
    )
    updated_at = serializers.DateTimeField()


class LadderMixRow(serializers.Serializer):
    month = serializers.DateField(help_text="The first day of the month")
    rung = serializers.IntegerField(allow_null=True, help_text=RUNG_HELP)
    rung_label = serializers.CharField()
    group = serializers.CharField()
    group_label = serializers.CharField()
    activities = serializers.IntegerField(help_text="Activities on this rung in this month")


class MovementRow(serializers.Serializer):
    project_id = serializers.IntegerField()
    project_title = serializers.CharField()
    rung_before = serializers.IntegerField(
        help_text="The project's rung in the period of the same length just before"
    )
    rung_before_label = serializers.CharField()
    rung_now = serializers.IntegerField(help_text="The project's rung in this period")
    rung_now_label = serializers.CharField()
    change = serializers.IntegerField(help_text="Rungs moved: up is positive")
    period_start = serializers.DateField()
    period_end = serializers.DateField(help_text="The last day of the period (included)")


class PrincipleResultRow(serializers.Serializer):
    round_id = serializers.IntegerField()
    round_name = serializers.CharField()
    project_id = serializers.IntegerField()
    project_title = serializers.CharField()
    closed_on = serializers.DateField()
    principle = serializers.CharField()
    principle_label = serializers.CharField()
    side = serializers.CharField(help_text="lived (lived experience, carers included) or staff")
    shown = serializers.BooleanField(
        help_text="False when fewer than 3 people on this side scored the principle: "
        "then every figure in the row is null"
    )
    people = serializers.IntegerField(
        allow_null=True, help_text="People on this side who answered the round (null under 3)"
    )
    rated = serializers.IntegerField(allow_null=True)
    dont_know = serializers.IntegerField(allow_null=True)
    mean = serializers.DecimalField(
        max_digits=3, decimal_places=1, allow_null=True, coerce_to_string=False
    )
    change = serializers.DecimalField(
        max_digits=3,
        decimal_places=1,
        allow_null=True,
        coerce_to_string=False,
        help_text="Change in the mean since the project's previous closed round",
    )
    gap = serializers.DecimalField(
        max_digits=3,
        decimal_places=1,
        allow_null=True,
        coerce_to_string=False,
        help_text="Lived-experience mean minus staff mean (the same on both sides' rows)",
    )
    score_1 = serializers.IntegerField(allow_null=True)
    score_2 = serializers.IntegerField(allow_null=True)
    score_3 = serializers.IntegerField(allow_null=True)
    score_4 = serializers.IntegerField(allow_null=True)
    score_5 = serializers.IntegerField(allow_null=True)


class PlanRow(serializers.Serializer):
    id = serializers.IntegerField()
    service_id = serializers.IntegerField(allow_null=True, help_text="null: the charity-wide plan")
    service_name = serializers.CharField()
    start_year = serializers.IntegerField()
    end_year = serializers.IntegerField()
    phase = serializers.CharField()
    status = serializers.CharField()
    sponsor_name = serializers.CharField()


class MetricValueRow(serializers.Serializer):
    plan_id = serializers.IntegerField()
    metric_id = serializers.IntegerField()
    metric = serializers.CharField()
    unit = serializers.CharField()
    month = serializers.DateField(help_text="The first day of the month")
    value = serializers.FloatField()
    target = serializers.FloatField(allow_null=True)


class MetricSpcRow(serializers.Serializer):
    plan_id = serializers.IntegerField()
    metric_id = serializers.IntegerField()
    metric = serializers.CharField()
    direction = serializers.CharField(help_text="Which way is better: higher, lower or neither")
    latest_month = serializers.DateField(allow_null=True)
    latest_value = serializers.FloatField(allow_null=True)
    target = serializers.FloatField(allow_null=True)
    variation = serializers.CharField(help_text="Making Data Count variation, in words")
    variation_icon = serializers.CharField(
        allow_null=True,
        help_text="common_cause, improvement_high, concern_low ...; null: too few points",
    )
    assurance = serializers.CharField(help_text="Making Data Count assurance, in words")
    assurance_icon = serializers.CharField(allow_null=True, help_text="pass, fail or hit_or_miss")
    mean = serializers.FloatField(allow_null=True)
    upper_process_limit = serializers.FloatField(allow_null=True)
    lower_process_limit = serializers.FloatField(allow_null=True)
    points = serializers.IntegerField(help_text="Months with a value on the chart")
    note = serializers.CharField()


class ReachRow(serializers.Serializer):
    period_start = serializers.DateField()
    period_end = serializers.DateField(help_text="The last day of the period (included)")
    people = serializers.IntegerField(
        allow_null=True, help_text="People with lived experience who took part (null under 3)"
    )
    new_people = serializers.IntegerField(allow_null=True)
    returning_people = serializers.IntegerField(allow_null=True)
    top_share = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        allow_null=True,
        coerce_to_string=False,
        help_text="Percent of all involvements by the most involved 10% of people",
    )
    top_people = serializers.IntegerField(help_text="How many people that 10% is")
    quiet_services = serializers.IntegerField(
        help_text="Active services with no lived-experience involvement in the last 90 days"
    )
    quiet_service_names = serializers.CharField(help_text="Their names, separated by '; '")


@functools.cache
def envelope(row: type[serializers.Serializer]) -> type[serializers.Serializer]:
    """The shape of every list answer, for endpoints that fit on one page."""
    return type(
        f"{row.__name__}List",
        (serializers.Serializer,),
        {
            "next": serializers.URLField(allow_null=True, help_text="Always null: one page"),
            "previous": serializers.URLField(allow_null=True),
            "results": row(many=True),
        },
    )
