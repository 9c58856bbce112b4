"""Templates for a plan's standards: the seven principles, and the national
Co-Production Model. (Admins' own saved templates are `StandardTemplate` rows.)

The Coalition for Collaborative Care published "A Co-Production Model" in 2016
(updated in 2021, now kept by the Coalition for Personalised Care): a definition
of co-production, five values and behaviours, and seven practical steps to make
it happen. The names of the values and steps are shared facts, shortened here;
every description and suggested standard is written in our own words.

Each part suggests the principle a standard made from it most often shows, so a
standard made from the model still ties to one of the seven principles.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from projects.principle_texts import PRINCIPLES, Principle

CREDIT = (
    "The Co-Production Model is published by the Coalition for Collaborative Care "
    "(2016, updated 2021). The descriptions here are written in our own words."
)


class ModelPart(models.TextChoices):
    """The values and steps of the Co-Production Model a standard can come from."""

    VALUE_OWNERSHIP = "value_ownership", "Value: everyone owns co-production"
    VALUE_OPENNESS = "value_openness", "Value: openness and honesty"
    VALUE_SHARING_POWER = "value_sharing_power", "Value: sharing power and decisions"
    VALUE_CLEAR_COMMUNICATION = "value_communication", "Value: clear, jargon-free communication"
    VALUE_VALUING_PEOPLE = "value_valuing_people", "Value: people are valued and respected"
    STEP_LEADERS = "step_leaders", "Step: leaders agree to champion it"
    STEP_RANGE_OF_PEOPLE = "step_range_of_people", "Step: involve a wide range of people"
    STEP_SUPPORT = "step_support", "Step: support people to take part"
    STEP_RECOGNITION = "step_recognition", "Step: recognise and reward contributions"
    STEP_WHERE_IT_MATTERS = "step_where_it_matters", "Step: start early, where it matters"
    STEP_AGREE_HOW = "step_agree_how", "Step: agree together how to work"
    STEP_REVIEW = "step_review", "Step: review and share what was learned"


@dataclass(frozen=True)
class Part:
    part: ModelPart
    description: str
    statement: str
    principle: Principle

    @property
    def is_value(self) -> bool:
        return str(self.part.value).startswith("value_")


PARTS: tuple[Part, ...] = (
    Part(
        ModelPart.VALUE_OWNERSHIP,
        "Co-production belongs to everyone, from the board to the ward, not to one team.",
        "Everyone here, including our leaders, understands co-production and makes time for it.",
        Principle.PARTNERSHIPS,
    ),
    Part(
        ModelPart.VALUE_OPENNESS,
        "People say what they think and are told the truth, including what cannot change.",
        "We are honest about what can and cannot change, and we say why.",
        Principle.REFLECTION,
    ),
    Part(
        ModelPart.VALUE_SHARING_POWER,
        "Decisions are made with people, not for them, and power is handed over, not just talked about.",
        "People with lived experience share the decisions that shape this service.",
        Principle.POWER,
    ),
    Part(
        ModelPart.VALUE_CLEAR_COMMUNICATION,
        "Plain words, information in good time, and formats that suit each person.",
        "We use plain words and share papers in good time, in the format each person needs.",
        Principle.FLEXIBILITY,
    ),
    Part(
        ModelPart.VALUE_VALUING_PEOPLE,
        "Everyone's experience counts, and people are listened to and treated with respect.",
        "Lived experience is valued as much as professional knowledge in our work.",
        Principle.KNOWLEDGE,
    ),
    Part(
        ModelPart.STEP_LEADERS,
        "Senior people say co-production matters and back it with time and money.",
        "A named senior leader champions co-production and makes sure it is resourced.",
        Principle.POWER,
    ),
    Part(
        ModelPart.STEP_RANGE_OF_PEOPLE,
        "Reach beyond the usual few, including groups the service seldom hears from.",
        "We involve a wide range of people, and reach out to groups we seldom hear from.",
        Principle.PARTNERSHIPS,
    ),
    Part(
        ModelPart.STEP_SUPPORT,
        "Give people what they need to take part: information, training, practical help.",
        "People get the information, training and practical support they need to take part.",
        Principle.FLEXIBILITY,
    ),
    Part(
        ModelPart.STEP_RECOGNITION,
        "Thank people, pay them fairly for their time, and show what their work changed.",
        "People are paid fairly for their time and told what changed because of them.",
        Principle.GIVE_AND_TAKE,
    ),
    Part(
        ModelPart.STEP_WHERE_IT_MATTERS,
        "Bring people in at the very start, on the work where it will make most difference.",
        "People with lived experience are involved from the start, not once plans are made.",
        Principle.MUTUAL_BENEFIT,
    ),
    Part(
        ModelPart.STEP_AGREE_HOW,
        "Agree roles, ground rules and how decisions are made, together, before starting.",
        "Each piece of work starts by agreeing together how we will work and decide.",
        Principle.PARTNERSHIPS,
    ),
    Part(
        ModelPart.STEP_REVIEW,
        "Look back together at how it went, and share what was learned so others can use it.",
        "We review how co-production went, together, and share what we learned.",
        Principle.REFLECTION,
    ),
)

PART_TEXTS: dict[str, Part] = {str(part.part.value): part for part in PARTS}


@dataclass(frozen=True)
class Suggestion:
    """One standard a template suggests."""

    statement: str
    principle: str
    model_part: str = ""


PRINCIPLE_STATEMENTS = {
    Principle.POWER: "People with lived experience and staff make the decisions together.",
    Principle.KNOWLEDGE: "What people know from living with a condition counts as much as training.",
    Principle.PARTNERSHIPS: "Everyone is included at every step and gets the support to take part.",
    Principle.GIVE_AND_TAKE: "Everyone who gives time gets something fair back for it.",
    Principle.MUTUAL_BENEFIT: "The work makes things better for people who use the service and for staff.",
    Principle.REFLECTION: "We stop regularly to look back together at how we work and what to change.",
    Principle.FLEXIBILITY: "We change when, where and how we meet so more people can take part.",
}

PRINCIPLES_TEMPLATE = "principles"
MODEL_TEMPLATE = "model"


def built_in(name: str) -> list[Suggestion]:
    """The standards a built-in template suggests, in order."""
    if name == PRINCIPLES_TEMPLATE:
        return [Suggestion(PRINCIPLE_STATEMENTS[text.principle], text.code) for text in PRINCIPLES]
    if name == MODEL_TEMPLATE:
        return [
            Suggestion(part.statement, str(part.principle.value), str(part.part.value))
            for part in PARTS
        ]
    raise KeyError(name)
