"""A round's results, worked out from plain rows so the rules can be checked by hand.

Two sides are compared: people with lived experience (carers count with them)
and staff. The gap is the lived-experience mean minus the staff mean: below
zero, people with lived experience rate the principle lower than staff do.

Small groups are never shown: any figure, and any group of comments, drawn from
fewer than `MIN_GROUP` people is left out and the page says why.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from core.suppression import MIN_GROUP
from principles.models import Answer, Perspective
from principles.texts import CODES

LIVED = "lived"
STAFF = "staff"
SIDES = (LIVED, STAFF)
SIDE_LABELS = {LIVED: "Lived experience (including carers)", STAFF: "Staff"}


def side_of(perspective: str) -> str | None:
    if perspective in {Perspective.LIVED_EXPERIENCE, Perspective.CARER}:
        return LIVED
    if perspective == Perspective.STAFF:
        return STAFF
    return None


@dataclass(frozen=True)
class AnswerRow:
    """One submitted answer: whose response (by id only), their perspective, the
    principle, a score from 1 to 5 or None for "don't know", and any comment."""

    response_id: int
    perspective: str
    principle: str
    score: int | None
    comment: str = ""


@dataclass(frozen=True)
class SideFigures:
    """One side's ratings of one principle. `shown` is False when fewer than
    `MIN_GROUP` people gave a score; then nothing else may be displayed."""

    shown: bool
    counts: dict[int, int] = field(default_factory=dict)
    dont_know: int = 0
    mean: Decimal | None = None
    change: Decimal | None = None

    @property
    def rated(self) -> int:
        return sum(self.counts.values())


HIDDEN = SideFigures(shown=False)


@dataclass(frozen=True)
class PrincipleResult:
    code: str
    sides: dict[str, SideFigures]
    gap: Decimal | None
    previous_gap: Decimal | None
    comments: list[str] | None  # None: hidden, fewer than MIN_GROUP people commented


@dataclass(frozen=True)
class RoundResults:
    respondents: dict[str, int | None]  # None: fewer than MIN_GROUP, so not shown
    principles: list[PrincipleResult]
    has_previous: bool


def _mean(scores: Sequence[int]) -> Decimal:
    return (Decimal(sum(scores)) / len(scores)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _side_scores(rows: Iterable[AnswerRow]) -> dict[tuple[str, str], list[int | None]]:
    scores: dict[tuple[str, str], list[int | None]] = {}
    for row in rows:
        side = side_of(row.perspective)
        if side is not None:
            scores.setdefault((row.principle, side), []).append(row.score)
    return scores


def _figures(answers: list[int | None], previous: list[int | None]) -> SideFigures:
    rated = [score for score in answers if score is not None]
    if len(rated) < MIN_GROUP:
        return HIDDEN
    mean = _mean(rated)
    before = [score for score in previous if score is not None]
    return SideFigures(
        shown=True,
        counts={point: rated.count(point) for point in range(1, 6)},
        # "Don't know" is only shown alongside a side big enough to show.
        dont_know=len(answers) - len(rated),
        mean=mean,
        change=mean - _mean(before) if len(before) >= MIN_GROUP else None,
    )


def _gap(lived: Sequence[int | None], staff: Sequence[int | None]) -> Decimal | None:
    lived_rated = [s for s in lived if s is not None]
    staff_rated = [s for s in staff if s is not None]
    if len(lived_rated) < MIN_GROUP or len(staff_rated) < MIN_GROUP:
        return None
    return _mean(lived_rated) - _mean(staff_rated)


def round_results(
    rows: Sequence[AnswerRow], previous_rows: Sequence[AnswerRow] | None = None
) -> RoundResults:
    """Figures per principle and side, the gap, change since the previous round,
    and comments, with everything drawn from fewer than 3 people left out."""
    now = _side_scores(rows)
    before = _side_scores(previous_rows or [])
    people: dict[str, set[int]] = {side: set() for side in SIDES}
    people[""] = set()  # no perspective: never counted, never quoted
    for row in rows:
        side = side_of(row.perspective)
        if side is not None:
            people[side].add(row.response_id)
    results = []
    for code in CODES:
        sides = {
            side: _figures(now.get((code, side), []), before.get((code, side), []))
            for side in SIDES
        }
        # Words from a side too small to show could point to the person who wrote them.
        commented = [
            row
            for row in rows
            if row.principle == code
            and row.comment.strip()
            and len(people[side_of(row.perspective) or ""]) >= MIN_GROUP
        ]
        commenters = {row.response_id for row in commented}
        comments = sorted(row.comment.strip() for row in commented)
        results.append(
            PrincipleResult(
                code=code,
                sides=sides,
                gap=_gap(now.get((code, LIVED), []), now.get((code, STAFF), [])),
                previous_gap=_gap(before.get((code, LIVED), []), before.get((code, STAFF), [])),
                comments=comments if len(commenters) >= MIN_GROUP else None,
            )
        )
    return RoundResults(
        respondents={
            side: len(people[side]) if len(people[side]) >= MIN_GROUP else None for side in SIDES
        },
        principles=results,
        has_previous=bool(previous_rows),
    )


def answer_rows(round_ids: list[int]) -> dict[int, list[AnswerRow]]:
    """Every submitted answer of these rounds, by round, in one query, with no names."""
    found: dict[int, list[AnswerRow]] = {}
    answers = (
        Answer.objects.in_results()
        .filter(response__round_id__in=round_ids)
        .values_list(
            "response__round_id",
            "response_id",
            "response__perspective",
            "principle",
            "score",
            "comment",
        )
    )
    for round_id, response_id, perspective, principle, score, comment in answers:
        found.setdefault(round_id, []).append(
            AnswerRow(response_id, perspective, principle, score, comment)
        )
    return found
