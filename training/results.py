"""Change in confidence, per team and for the whole cohort, from plain rows.

For each principle: the mean at the start, the mean at follow-up, and the change.
A mean drawn from fewer than 3 people is not shown (`core.suppression`), and a
change needs both means. Where a team's figure is hidden but the cohort's is
shown, the next smallest team is hidden too, so the hidden one cannot be worked
out from the cohort's figure and the other teams'.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from core.suppression import MIN_GROUP, hidden_cells
from projects.principle_texts import CODES

BASELINE = "baseline"
FOLLOW_UP = "follow_up"
STAGES = (BASELINE, FOLLOW_UP)


@dataclass(frozen=True)
class RatingRow:
    """One sent answer: whose rating (by member id only), their team, the stage,
    the principle and the score."""

    member_id: int
    team_id: int
    stage: str
    principle: str
    score: int


@dataclass(frozen=True)
class PrincipleChange:
    code: str
    baseline: Decimal | None  # None: fewer than 3 people, not shown
    follow_up: Decimal | None
    change: Decimal | None


@dataclass(frozen=True)
class GroupChange:
    """A team's or the cohort's figures. `people` per stage is None when fewer
    than 3 (and not 0) people rated at that stage."""

    people: dict[str, int | None]
    principles: list[PrincipleChange]

    @property
    def anything_shown(self) -> bool:
        return any(p.baseline is not None or p.follow_up is not None for p in self.principles)


@dataclass(frozen=True)
class CohortChange:
    cohort: GroupChange
    teams: dict[int, GroupChange]


def _mean(scores: Sequence[int]) -> Decimal:
    return (Decimal(sum(scores)) / len(scores)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _group(rows: Iterable[RatingRow], hidden: dict[str, bool] | None = None) -> GroupChange:
    """Figures for one group; `hidden[stage]` True hides that stage whatever its size."""
    scores: dict[tuple[str, str], list[int]] = defaultdict(list)
    people: dict[str, set[int]] = {stage: set() for stage in STAGES}
    for row in rows:
        scores[(row.stage, row.principle)].append(row.score)
        people[row.stage].add(row.member_id)
    hidden = hidden or {}
    principles = []
    for code in CODES:
        means: dict[str, Decimal | None] = {}
        for stage in STAGES:
            given = scores.get((stage, code), [])
            shown = len(given) >= MIN_GROUP and not hidden.get(stage, False)
            means[stage] = _mean(given) if shown else None
        baseline, follow_up = means[BASELINE], means[FOLLOW_UP]
        change = follow_up - baseline if baseline is not None and follow_up is not None else None
        principles.append(PrincipleChange(code, baseline, follow_up, change))
    counts: dict[str, int | None] = {}
    for stage in STAGES:
        n = len(people[stage])
        counts[stage] = None if (0 < n < MIN_GROUP or hidden.get(stage, False)) else n
    return GroupChange(counts, principles)


def cohort_change(rows: Sequence[RatingRow], team_ids: Sequence[int]) -> CohortChange:
    """The cohort's figures and each team's, with small groups left out."""
    by_team: dict[int, list[RatingRow]] = {team_id: [] for team_id in team_ids}
    for row in rows:
        by_team.setdefault(row.team_id, []).append(row)
    hidden: dict[int, dict[str, bool]] = defaultdict(dict)
    for stage in STAGES:
        # Teams with nobody rating give nothing away; among the rest, one hidden
        # team would follow from the cohort's figure, so a second is hidden too.
        people = {
            team_id: len({row.member_id for row in team_rows if row.stage == stage})
            for team_id, team_rows in by_team.items()
        }
        rated = {team_id: n for team_id, n in people.items() if n > 0}
        for team_id in hidden_cells(rated):
            hidden[team_id][stage] = True
    return CohortChange(
        cohort=_group(rows),
        teams={
            team_id: _group(team_rows, hidden[team_id]) for team_id, team_rows in by_team.items()
        },
    )
