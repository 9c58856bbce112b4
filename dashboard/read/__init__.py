"""The dashboard's read model: every figure on the page, for one set of filters.

Each function takes a `Filters` and runs one or two aggregate queries, whatever
the amount of data; nothing here loops over rows to query again. The scope is a
set of service ids (a service and everything below it) or None for the whole
charity; a project shared by two services in scope counts once.

Periods are half-open: `start` is included, `end` is not. The previous period is
the one of the same length that ends where this one starts.
"""

from dashboard.read import suppression
from dashboard.read.actions import OverdueActions, overdue_actions
from dashboard.read.filters import (
    DOING_WITH,
    QUIET_DAYS,
    SPC_MONTHS,
    TOP_SHARE,
    Filters,
    projects_in,
    scope_of,
    scope_root,
)
from dashboard.read.headline import (
    Headline,
    MonthSoFar,
    ResponseRates,
    first_involvements,
    headlines,
    month_so_far,
    response_rates,
)
from dashboard.read.ladder import (
    Movement,
    ProjectMove,
    ServiceMix,
    doing_with_by_month,
    group_mix_by_service,
    movement_for,
    rung_movement,
    rungs_by_month,
)
from dashboard.read.participation import (
    Reach,
    quiet_services,
    reach,
)
from dashboard.read.plans import (
    ASSURANCE_LABELS,
    VARIATION_LABELS,
    MetricStatus,
    PlanRow,
    metric_statuses,
    plan_rows,
)
from dashboard.read.population import (
    GroupRow,
    PopulationComparison,
    QuestionComparison,
    population_comparison,
)
from dashboard.read.principles import (
    TREND_QUARTERS,
    GapTrend,
    PrincipleMeans,
    principle_gap_trend,
    principle_means,
    quarter_label,
    quarters_ending,
)
from projects.metrics import DRAWN_FROM_PEOPLE

__all__ = [
    "ASSURANCE_LABELS",
    "DOING_WITH",
    "DRAWN_FROM_PEOPLE",
    "QUIET_DAYS",
    "SPC_MONTHS",
    "TOP_SHARE",
    "TREND_QUARTERS",
    "VARIATION_LABELS",
    "Filters",
    "GapTrend",
    "GroupRow",
    "Headline",
    "MetricStatus",
    "MonthSoFar",
    "Movement",
    "OverdueActions",
    "PlanRow",
    "PopulationComparison",
    "PrincipleMeans",
    "ProjectMove",
    "QuestionComparison",
    "Reach",
    "ResponseRates",
    "ServiceMix",
    "doing_with_by_month",
    "first_involvements",
    "group_mix_by_service",
    "headlines",
    "metric_statuses",
    "month_so_far",
    "movement_for",
    "overdue_actions",
    "plan_rows",
    "population_comparison",
    "principle_gap_trend",
    "principle_means",
    "projects_in",
    "quarter_label",
    "quarters_ending",
    "quiet_services",
    "reach",
    "response_rates",
    "rung_movement",
    "rungs_by_month",
    "scope_of",
    "scope_root",
    "suppression",
]
