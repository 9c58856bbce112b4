"""The seven principles of co-production, in our own words, plain and Easy Read.

The principles come from Lokot and Wake (2021), as adapted by a mental health
trust's patients and staff. Their names are shared facts; every sentence here
is ours. They sit in `projects` because several apps above it show them: the
principles rounds ask people to rate them, training cohorts ask people how
confident they feel in each.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from nhsuk.easy_read import EasyRead

CREDIT = (
    "The seven principles are adapted from Lokot and Wake (2021). "
    "The descriptions on this site are written in our own words."
)


class Principle(models.TextChoices):
    POWER = "power", "Power"
    KNOWLEDGE = "knowledge", "Knowledge"
    PARTNERSHIPS = "partnerships", "Partnerships"
    GIVE_AND_TAKE = "give_and_take", "Give and take"
    MUTUAL_BENEFIT = "mutual_benefit", "Mutual benefit"
    REFLECTION = "reflection", "Reflection"
    FLEXIBILITY = "flexibility", "Flexibility"


# The same five words for every principle; each principle says what they mean for it.
SCALE_WORDS = {1: "Not at all", 2: "A little", 3: "Partly", 4: "Mostly", 5: "Fully"}


@dataclass(frozen=True)
class PrincipleText:
    principle: Principle
    question: str
    description: str
    easy_read: str
    scale: dict[int, str]

    @property
    def code(self) -> str:
        return str(self.principle.value)

    @property
    def name(self) -> str:
        return str(self.principle.label)

    @property
    def easy(self) -> EasyRead:
        return easy_read(self.code)


PRINCIPLES: tuple[PrincipleText, ...] = (
    PrincipleText(
        Principle.POWER,
        question="Was power shared?",
        description=(
            "Staff often hold more power than the people who use services. "
            "In good co-production, everyone has a real say in what happens."
        ),
        easy_read="Everyone gets a fair say. Staff do not choose it all.",
        scale={
            1: "Staff decided everything.",
            2: "We were asked, but staff decided.",
            3: "Some decisions were shared.",
            4: "Most decisions were shared.",
            5: "We decided together as equals.",
        },
    ),
    PrincipleText(
        Principle.KNOWLEDGE,
        question="Was everyone's knowledge valued?",
        description=(
            "Knowing what it is like to live with a condition matters as much as "
            "training or a job title. Everyone brings something to learn from."
        ),
        easy_read="What you know from your life counts as much as what staff know.",
        scale={
            1: "Only staff knowledge counted.",
            2: "Lived experience was heard, but did not count for much.",
            3: "Lived experience counted some of the time.",
            4: "Lived experience counted most of the time.",
            5: "Every kind of knowledge counted the same.",
        },
    ),
    PrincipleText(
        Principle.PARTNERSHIPS,
        question="Was it a fair partnership?",
        description=(
            "Everyone is included at every step, not as a box to tick. "
            "People get the support they need to take part, and feel listened to."
        ),
        easy_read="You are part of the team at every step. You get help to join in.",
        scale={
            1: "People were left out or not listened to.",
            2: "People were included now and then.",
            3: "People were included in some steps.",
            4: "People were included in most steps.",
            5: "Everyone was included and listened to at every step.",
        },
    ),
    PrincipleText(
        Principle.GIVE_AND_TAKE,
        question="Was there fair give and take?",
        description=(
            "Everyone puts in time, effort or ideas, and everyone gets something back, "
            "such as new skills, confidence, or a better service."
        ),
        easy_read="We all give something. We all get something back.",
        scale={
            1: "Some people gave a lot and got nothing back.",
            2: "Giving and getting back was mostly one-sided.",
            3: "It was fair some of the time.",
            4: "It was fair most of the time.",
            5: "Everyone gave and everyone gained.",
        },
    ),
    PrincipleText(
        Principle.MUTUAL_BENEFIT,
        question="Did everyone grow from it?",
        description=(
            "Working together should help everyone learn and grow, people with "
            "lived experience and staff alike. That growth can improve care."
        ),
        easy_read="We all learn something new. We all grow.",
        scale={
            1: "Nobody learned or grew.",
            2: "A few people learned a little.",
            3: "Some people learned and grew.",
            4: "Most people learned and grew.",
            5: "Everyone learned and grew.",
        },
    ),
    PrincipleText(
        Principle.REFLECTION,
        question="Did we stop and think about how it went?",
        description=(
            "The group looks back at what works and what does not. People think "
            "about their own habits and assumptions, and change what needs changing."
        ),
        easy_read="We talk about what went well and what to do better.",
        scale={
            1: "We never looked back at how it went.",
            2: "We looked back once, briefly.",
            3: "We looked back now and then.",
            4: "We looked back often and made changes.",
            5: "Looking back and improving was part of how we worked.",
        },
    ),
    PrincipleText(
        Principle.FLEXIBILITY,
        question="Was the way we worked flexible?",
        description=(
            "Meetings, tasks and ways of taking part can change to suit people, "
            "before and during the work. This builds trust."
        ),
        easy_read="We change how we work so it suits everyone.",
        scale={
            1: "There was one way to take part and it did not change.",
            2: "Small changes were made if people asked more than once.",
            3: "Some changes were made to suit people.",
            4: "Most things could change to suit people.",
            5: "We changed how we worked whenever people needed it.",
        },
    ),
)

PRINCIPLE_TEXTS: dict[str, PrincipleText] = {text.code: text for text in PRINCIPLES}
CODES: tuple[str, ...] = tuple(text.code for text in PRINCIPLES)


def _picture(principle: Principle) -> str:
    return f"principles/pictures/{principle.value}.svg"


# The Easy Read version of each question, for people whose preferred format is
# Easy Read. "We" is everyone who worked together; "you" is the person answering.
EASY_READ: dict[str, EasyRead] = {
    Principle.POWER: EasyRead(
        (
            "Everyone gets a fair say.",
            "Staff do not choose it all.",
            "We make the big choices together.",
        ),
        _picture(Principle.POWER),
        "A pair of scales, level on both sides.",
    ),
    Principle.KNOWLEDGE: EasyRead(
        (
            "You know things from your own life.",
            "That counts as much as what staff learned at work.",
            "We learn from each other.",
        ),
        _picture(Principle.KNOWLEDGE),
        "You and a member of staff each have a light bulb, with an equals sign between you.",
    ),
    Principle.PARTNERSHIPS: EasyRead(
        (
            "You are part of the team.",
            "You help at each step, not just at the end.",
            "You get the help you need to join in.",
            "People listen to you.",
        ),
        _picture(Principle.PARTNERSHIPS),
        "Three people stand in a row and hold hands.",
    ),
    Principle.GIVE_AND_TAKE: EasyRead(
        (
            "We all give time or ideas.",
            "We all get something back.",
            "It is fair both ways.",
        ),
        _picture(Principle.GIVE_AND_TAKE),
        "Two arrows go round in a circle between you and a member of staff.",
    ),
    Principle.MUTUAL_BENEFIT: EasyRead(
        (
            "Everyone learns something new.",
            "You grow, and staff grow too.",
            "That helps make care better.",
        ),
        _picture(Principle.MUTUAL_BENEFIT),
        "You and a member of staff, with a plant growing between you.",
    ),
    Principle.REFLECTION: EasyRead(
        (
            "We stop and talk about how it went.",
            "What went well?",
            "What could be better?",
            "Then we make changes.",
        ),
        _picture(Principle.REFLECTION),
        "A speech bubble with a tick in it, and an arrow that goes back round.",
    ),
    Principle.FLEXIBILITY: EasyRead(
        (
            "We change how we work to suit you.",
            "When, where and how you join in can change.",
            "This helps us trust each other.",
        ),
        _picture(Principle.FLEXIBILITY),
        "A path that bends round a rock to reach a flag.",
    ),
}


def easy_read(code: str) -> EasyRead:
    """The Easy Read version of a principle's question
    (`templates/principles/_question_easy_read.html` draws it)."""
    return EASY_READ[code]


def scale_label(score: int) -> str:
    return f"{score} \N{EN DASH} {SCALE_WORDS[score]}"
