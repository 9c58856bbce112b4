"""The table of cases for the rung suggestion: pure functions, no database."""

from __future__ import annotations

import pytest

from ladder.questions import QUESTION_KEYS, is_faux_production, next_steps, suggest_rung
from projects.rungs import Rung

Y, N, U = "yes", "no", "not_sure"


def answers(took_part=U, told=U, asked=U, changed=U, shaped=U, shared=U, delivered=U):
    return {
        "took_part": took_part,
        "told": told,
        "asked_views": asked,
        "views_changed": changed,
        "shaped": shaped,
        "shared_decisions": shared,
        "delivered": delivered,
    }


CASES = [
    # Every rung, by the plain route up the ladder.
    ("decided without them", answers(N, N, N, N, N, N, N), Rung.COERCION),
    ("taught, not told or asked", answers(Y, N, N, N, N, N, N), Rung.EDUCATING),
    ("told what was decided", answers(Y, Y, N, N, N, N, N), Rung.INFORMING),
    ("asked, views made no difference", answers(Y, Y, Y, N, N, N, N), Rung.CONSULTATION),
    ("views changed the decision", answers(Y, Y, Y, Y, N, N, N), Rung.ENGAGEMENT),
    ("designed it together", answers(Y, Y, Y, Y, Y, N, N), Rung.CO_DESIGN),
    ("designed and decided, not delivered", answers(Y, Y, Y, Y, Y, Y, N), Rung.CO_DESIGN),
    ("every step together", answers(Y, Y, Y, Y, Y, Y, Y), Rung.CO_PRODUCTION),
    # Nobody took part.
    ("a newsletter nobody answered", answers(N, Y, N, N, N, N, N), Rung.INFORMING),
    ("nobody there, but views changed it", answers(N, N, N, Y, N, N, N), Rung.CONSULTATION),
    ("nobody there, yet said to co-produce", answers(N, N, Y, Y, Y, Y, Y), Rung.CONSULTATION),
    # A firm no stops the climb, whatever comes after it.
    ("not asked, yet views changed it", answers(Y, Y, N, Y, N, N, N), Rung.INFORMING),
    ("delivered what others designed", answers(Y, Y, Y, Y, N, N, Y), Rung.ENGAGEMENT),
    ("decisions shared, design not", answers(Y, Y, Y, Y, N, Y, Y), Rung.ENGAGEMENT),
    # A later yes answers earlier "not sure"s.
    ("only know they delivered it", answers(U, U, U, U, U, U, Y), Rung.CO_PRODUCTION),
    ("unsure if asked, views changed it", answers(Y, U, U, Y, N, N, N), Rung.ENGAGEMENT),
    ("unsure if there, but told", answers(U, Y, N, N, N, N, N), Rung.INFORMING),
    ("unsure if told, took part", answers(Y, U, N, N, N, N, N), Rung.EDUCATING),
    # Not enough to go on.
    ("all not sure", answers(), None),
    ("unsure if anyone took part", answers(U, N, N, N, N, N, N), None),
    ("no answers at all", {}, None),
]


@pytest.mark.parametrize(("case", "given", "expected"), CASES, ids=[c[0] for c in CASES])
def test_it_suggests_a_rung_from_the_answers(case, given, expected):
    assert suggest_rung(given) == expected


def test_every_rung_is_reachable():
    assert {expected for _case, _given, expected in CASES} >= set(Rung)


def test_it_asks_the_same_questions_the_cases_answer():
    assert set(answers()) == set(QUESTION_KEYS)


def test_the_next_step_is_the_one_that_stopped_the_climb():
    steps = next_steps(answers(Y, Y, Y, N, N, N, N))
    assert steps[0].startswith("Show people how their views changed")
    assert len(steps) == 4
    assert next_steps(answers(Y, Y, Y, Y, Y, Y, Y)) == []


@pytest.mark.parametrize(
    ("label", "suggested", "chosen", "contested", "flagged"),
    [
        ("co_production", Rung.CONSULTATION, Rung.CONSULTATION, False, True),
        ("co_design", Rung.ENGAGEMENT, Rung.ENGAGEMENT, False, True),
        ("co_production", Rung.CO_DESIGN, Rung.CO_DESIGN, False, True),
        ("co_production", Rung.CO_PRODUCTION, Rung.CO_PRODUCTION, False, False),
        ("co_production", Rung.CO_PRODUCTION, Rung.CO_PRODUCTION, True, True),
        # Called consultation but placed at co-production against the evidence.
        ("consultation", Rung.CONSULTATION, Rung.CO_PRODUCTION, False, True),
        # Honest about being consultation, even if someone contests it.
        ("consultation", Rung.CONSULTATION, Rung.CONSULTATION, True, False),
        ("other", Rung.ENGAGEMENT, Rung.ENGAGEMENT, False, False),
        # No evidence either way: nothing to flag until someone contests.
        ("co_production", None, Rung.CO_PRODUCTION, False, False),
    ],
)
def test_it_flags_possible_faux_production(label, suggested, chosen, contested, flagged):
    assert (
        is_faux_production(label=label, suggested=suggested, chosen=chosen, contested=contested)
        is flagged
    )
