"""Who took part in each activity, for how long, and what they were paid."""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from demo.story import Story, stamp, weighted
from demo.storylines import Storyline
from demo.work import member_keys
from projects.models import Activity, Involvement

Kind = Activity.Kind
Choice = Involvement.PaymentChoice

# How many take part (fewest, most) and roughly what share of them are staff.
PARTICIPANTS: dict[str, tuple[int, int, float]] = {
    Kind.MEETING: (3, 6, 0.45),
    Kind.WORKSHOP: (5, 8, 0.3),
    Kind.FOCUS_GROUP: (4, 8, 0.2),
    Kind.QUESTIONNAIRE: (2, 5, 0.25),
    Kind.INTERVIEW_PANEL: (3, 5, 0.4),
    Kind.EVENT: (5, 8, 0.35),
    Kind.TRAINING: (3, 6, 0.35),
    Kind.REIS: (3, 5, 0.35),
    Kind.ALWAYS_EVENT: (4, 8, 0.3),
    Kind.WRITING: (2, 4, 0.35),
    Kind.OTHER: (2, 4, 0.5),
}


def create_involvements(story: Story) -> None:
    """Who took part in each activity: 2 to 8 people, staff and people with lived
    experience, with hours (including preparation) and payments."""
    lines = {project.pk: story.storylines[key] for key, project in story.projects.items()}
    members = {pk: member_keys(story, line) for pk, line in lines.items()}
    involvements = []
    for activity in story.activities:
        line = lines[activity.project_id]
        involvements += _activity_involvements(story, activity, line, members[activity.project_id])
    story.involvements = bulk_create_with_history(involvements, Involvement)


def _activity_involvements(
    story: Story, activity: Activity, line: Storyline, members: list[str]
) -> list[Involvement]:
    rng = story.rng
    fewest, most, staff_share = PARTICIPANTS[activity.kind]
    total = rng.randint(fewest, most)
    staff_keys = [k for k in members if story.users[k].has_staff_role]
    # A staff-only meeting needs two staff on the project; with one it is not a meeting.
    staff_only = activity.kind == Kind.MEETING and rng.random() < 0.06 and len(staff_keys) > 1
    staff_wanted = total if staff_only else max(1, round(total * staff_share))

    staff = _pick(
        rng, staff_keys, staff_wanted, must=[k for k in line.leads if k in staff_keys][:1]
    )

    people: list[str] = []
    if not staff_only:
        experts = [k for k in members if k in story.people]
        must = [k for k in experts if rng.random() < (0.9 if k in line.leads else 0.6)]
        divisions = {story.division_of[s] for s in line.services}
        pool = [
            k
            for k, spec in story.person_specs.items()
            if (spec.division in divisions or k in experts) and story.joined[k] <= activity.date
        ]
        people = _pick(rng, pool, max(total - len(staff), 1), must=must, weights=story.keenness)
    while len(staff) + len(people) < 2:  # never fewer than two people
        spare = [k for k in staff_keys if k not in staff]
        if not spare:
            break
        staff.append(spare[0])

    hours_base = Decimal(activity.duration_minutes) / 60
    involvements = []
    for index, staff_key in enumerate(staff):
        part: str = (
            Involvement.Part.LED
            if index == 0 and staff_key in line.leads
            else Involvement.Part.ATTENDED
        )
        involvements.append(
            Involvement(
                activity=activity,
                staff=story.users[staff_key],
                part=part,
                hours=_hours(rng, hours_base, part, activity.kind),
            )
        )
    for person_key in people:
        part = _lived_experience_part(rng, activity.kind, leads=person_key in line.leads)
        hours = _hours(rng, hours_base, part, activity.kind)
        involvements.append(
            Involvement(
                activity=activity,
                person=story.people[person_key],
                part=part,
                hours=hours,
                **_payment(story, person_key, activity.date, hours),
            )
        )
    for involvement in involvements:
        stamp([involvement], when=activity._history_date, by=activity.created_by)  # type: ignore[attr-defined]
    return involvements


def _pick(
    rng: random.Random,
    pool: Sequence[str],
    count: int,
    *,
    must: Sequence[str] = (),
    weights: dict[str, float] | None = None,
) -> list[str]:
    """`must` first, then others from `pool` (by weight) until there are `count`."""
    chosen = list(dict.fromkeys(must))
    others = [k for k in pool if k not in chosen]
    while len(chosen) < count and others:
        picked = rng.choices(others, weights=[weights[k] for k in others] if weights else None)[0]
        chosen.append(picked)
        others.remove(picked)
    return chosen


def _lived_experience_part(rng: random.Random, kind: str, *, leads: bool) -> str:
    Part = Involvement.Part
    if leads:
        return (
            Part.LED
            if kind in {Kind.MEETING, Kind.TRAINING} and rng.random() < 0.4
            else Part.CO_FACILITATED
        )
    if kind in {Kind.QUESTIONNAIRE, Kind.WRITING} and rng.random() < 0.5:
        return Part.REVIEWED
    return Part.ATTENDED


def _hours(rng: random.Random, base: Decimal, part: str, kind: str) -> Decimal:
    """Time on the day plus preparation, to the nearest quarter of an hour."""
    Part = Involvement.Part
    if part == Part.REVIEWED:
        hours = Decimal(rng.choice(["0.5", "0.75", "1", "1.5"]))
    elif part in {Part.LED, Part.CO_FACILITATED}:
        hours = base + Decimal(rng.choice(["0.5", "1", "1.5", "2"]))
    else:
        hours = base + Decimal(rng.choice(["0", "0", "0.25", "0.5"]))
    if kind == Kind.INTERVIEW_PANEL:
        hours += Decimal("0.5")  # reading the applications
    quarters = (hours * 4).to_integral_value()
    return max(Decimal("0.25"), min(Decimal(24), quarters / 4)).quantize(Decimal("0.01"))


def _payment(story: Story, person_key: str, day: datetime.date, hours: Decimal) -> dict:
    """The fee from the card in force on the day, the person's choice, travel
    expenses for some, and a paid date 5 to 30 days later (or none yet)."""
    rng = story.rng
    card = story.card_on(day)
    due = card.fee_for(hours)
    usual = story.habit[person_key]
    choice = (
        usual
        if rng.random() < 0.9
        else weighted(rng, {"paid": 6, "donated": 2, "reduced": 1, "declined": 1})
    )
    fees: dict[str, int] = {
        Choice.PAID: due,
        Choice.REDUCED: max(100, due // 2 // 100 * 100),
        Choice.DECLINED: 0,
        Choice.DONATED: due,  # paid out, to the charity they named
    }
    paid = fees[choice]
    expenses = rng.choice([400, 560, 640, 850, 1200, 2250]) if rng.random() < 0.25 else 0
    pay_day = day + datetime.timedelta(days=rng.randint(5, 30))
    recent = (story.today - day).days < 45
    # Nothing to pay, or not paid yet: finance runs behind on the last few weeks.
    unpaid = (
        (paid == 0 and expenses == 0) or pay_day >= story.today or (recent and rng.random() < 0.4)
    )
    return {
        "rate_card": card,
        "fee_due_pence": due,
        "fee_paid_pence": paid,
        "expenses_pence": expenses,
        "payment_choice": choice,
        "donated_to": story.charity[person_key] if choice == Choice.DONATED else "",
        "paid_on": None if unpaid else pay_day,
    }
