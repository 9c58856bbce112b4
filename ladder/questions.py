"""The evidence questions, and the pure rules that turn answers into a rung.

Nothing here touches the database, so the rules can be read, tested and explained
on their own (`tests/ladder/test_suggest.py` holds the table of cases).

How a rung is suggested (the same words are shown on the classify page):

1. Six questions form a climb, lowest first: took part, asked for views, views
   changed the decision, helped set the agenda or design, shared the final
   decisions, helped deliver. Each "yes" is a step up.
2. A "yes" also answers the questions below it that were left "not sure": if
   their views changed the decision, they were asked for them.
3. A firm "no" stops the climb, even if a later answer is "yes". The ladder is
   about what really happened, and claiming too much is what it exists to catch.
   Whoever classifies can still choose a higher rung and say why.
4. If nobody took part but their views were used (say, from an earlier survey),
   they were heard at second hand: consultation at most. If nobody took part and
   they were only told about it, that is informing; otherwise it was decided
   without them (coercion).
5. If we cannot tell whether anyone took part, there is no suggestion.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import models

from projects.rungs import Rung


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_SURE = "not_sure", "Not sure"


class Label(models.TextChoices):
    """What the people running the activity called it."""

    CO_PRODUCTION = "co_production", "Co-production"
    CO_DESIGN = "co_design", "Co-design"
    ENGAGEMENT = "engagement", "Engagement"
    CONSULTATION = "consultation", "Consultation"
    OTHER = "other", "Something else, or nothing in particular"


# The rung a label claims, when it names one.
LABEL_RUNGS: dict[str, Rung] = {
    Label.CO_PRODUCTION: Rung.CO_PRODUCTION,
    Label.CO_DESIGN: Rung.CO_DESIGN,
    Label.ENGAGEMENT: Rung.ENGAGEMENT,
    Label.CONSULTATION: Rung.CONSULTATION,
}


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    hint: str
    # What to try next time when the answer was not "yes": the kind, practical
    # wording shown to people whose activity could climb higher.
    next_step: str


TOOK_PART = Question(
    "took_part",
    "Did people with lived experience take part?",
    "In person, online, by phone or in writing.",
    "Invite people with lived experience to take part, and make it easy: pay them for "
    "their time, and pick a time, place and format that suits them.",
)
TOLD = Question(
    "told",
    "Were they told what had been decided or planned?",
    "For example, at a briefing, in a letter or in a newsletter.",
    "Tell people what has been decided and why, in plain words, and how to ask about it.",
)
ASKED_VIEWS = Question(
    "asked_views",
    "Were they asked for their views?",
    "For example, in a survey, a focus group or a meeting.",
    "Ask people what they think before anything is decided, not after.",
)
VIEWS_CHANGED = Question(
    "views_changed",
    "Did their views change what was decided?",
    "Something is different because of what they said.",
    "Show people how their views changed what happens, and tell them: you said, we did.",
)
SHAPED = Question(
    "shaped",
    "Did they help set the agenda or design the thing?",
    "They decided what to talk about, or designed what was made, alongside staff.",
    "Set the agenda together and design side by side from the very start.",
)
SHARED_DECISIONS = Question(
    "shared_decisions",
    "Did they share the final decisions as equals?",
    "Their say counted as much as anyone's when it was decided.",
    "Make the final decisions together, where everyone's say counts the same.",
)
DELIVERED = Question(
    "delivered",
    "Did they help deliver or run it?",
    "For example, co-facilitating, training others or running an event. Paid for their time.",
    "Share the work of delivering it, in paid roles for people with lived experience.",
)

QUESTIONS: tuple[Question, ...] = (
    TOOK_PART,
    TOLD,
    ASKED_VIEWS,
    VIEWS_CHANGED,
    SHAPED,
    SHARED_DECISIONS,
    DELIVERED,
)
QUESTION_KEYS = tuple(question.key for question in QUESTIONS)

# The climb above "took part": how many steps give which rung. Sharing decisions
# without delivering is still co-design: power is shared, the doing is not.
CLIMB = (ASKED_VIEWS, VIEWS_CHANGED, SHAPED, SHARED_DECISIONS, DELIVERED)
RUNG_AFTER_STEPS = {
    1: Rung.CONSULTATION,
    2: Rung.ENGAGEMENT,
    3: Rung.CO_DESIGN,
    4: Rung.CO_DESIGN,
    5: Rung.CO_PRODUCTION,
}


def _filled(answers: Mapping[str, str]) -> dict[str, str]:
    """Answers with each unsure step below a "yes" counted as a yes (rule 2)."""
    chain = [TOOK_PART, *CLIMB]
    filled = {key: answers.get(key) or Answer.NOT_SURE for key in QUESTION_KEYS}
    later_yes = False
    for question in reversed(chain):
        if filled[question.key] == Answer.YES:
            later_yes = True
        elif filled[question.key] == Answer.NOT_SURE and later_yes:
            filled[question.key] = Answer.YES
    if filled[TOLD.key] == Answer.YES and filled[TOOK_PART.key] == Answer.NOT_SURE:
        filled[TOOK_PART.key] = Answer.YES  # Being told something is a way of taking part.
    return filled


def suggest_rung(answers: Mapping[str, str]) -> Rung | None:
    """The rung the evidence points to, or None when it cannot tell (see above)."""
    said = _filled(answers)
    if said[TOOK_PART.key] == Answer.NOT_SURE:
        return None
    if said[TOOK_PART.key] == Answer.NO:
        if any(said[question.key] == Answer.YES for question in CLIMB):
            return Rung.CONSULTATION
        return Rung.INFORMING if said[TOLD.key] == Answer.YES else Rung.COERCION
    steps = 0
    for question in CLIMB:
        if said[question.key] != Answer.YES:
            break
        steps += 1
    if steps == 0:
        return Rung.INFORMING if said[TOLD.key] == Answer.YES else Rung.EDUCATING
    return RUNG_AFTER_STEPS[steps]


def next_steps(answers: Mapping[str, str]) -> list[str]:
    """What would move the activity up, from each step of the climb not yet a "yes".

    The first is the step that stops the climb today; the rest follow in order.
    """
    said = _filled(answers)
    chain = [TOOK_PART, *CLIMB]
    return [question.next_step for question in chain if said[question.key] != Answer.YES]


def claimed_rung(*, label: str, chosen: int | None) -> int | None:
    """The highest rung anyone has claimed: the name given to it or the rung chosen."""
    claims = [rung for rung in (LABEL_RUNGS.get(label), chosen) if rung]
    return max(claims) if claims else None


def is_faux_production(
    *, label: str, suggested: int | None, chosen: int | None, contested: bool
) -> bool:
    """Called co-design or co-production, but the evidence or the people say otherwise.

    The claim is the higher of the label and the chosen rung. It is flagged when
    the answers suggest a lower rung than the claim, or when the people who took
    part contest the rung.
    """
    claim = claimed_rung(label=label, chosen=chosen)
    if claim is None or claim < Rung.CO_DESIGN:
        return False
    return contested or (suggested is not None and suggested < claim)


# The rule, for the classify page, in the same order as the module docstring.
SUGGESTION_RULE: tuple[str, ...] = (
    "Each question is a step up the ladder, from taking part to helping deliver it. "
    "Every yes is a step up.",
    "A yes also answers the questions before it that you were not sure about. "
    "For example, if their views changed the decision, they were asked for them.",
    "A no stops the climb, even if a later answer is yes. If a later yes is true, "
    "choose the higher rung and say why.",
    "If nobody took part but their views were used, they were heard at second hand: "
    "that is consultation at most.",
    "If we cannot tell whether anyone took part, we do not suggest a rung.",
)
