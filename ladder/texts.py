"""What each rung and group means, in our own words, plain and Easy Read.

The ladder itself comes from Think Local Act Personal (TLAP) and its National
Co-production Advisory Group. The rungs are shared facts in `projects.rungs`;
the words people read about them live here.
"""

from __future__ import annotations

from dataclasses import dataclass

from nhsuk.easy_read import EasyRead
from projects.rungs import RUNGS_IN_GROUP, Group, Rung, group_of

CREDIT = (
    "The ladder of co-production was created by Think Local Act Personal (TLAP) "
    "and its National Co-production Advisory Group. The descriptions on this site "
    "are written in our own words."
)


@dataclass(frozen=True)
class RungText:
    rung: Rung
    description: str
    easy_read: str

    @property
    def label(self) -> str:
        return str(self.rung.label)

    @property
    def group(self) -> Group:
        return group_of(self.rung)

    @property
    def easy(self) -> EasyRead:
        return easy_read(self.rung)


RUNG_TEXTS: dict[Rung, RungText] = {
    text.rung: text
    for text in (
        RungText(
            Rung.COERCION,
            "Decisions are made about people without them. Nobody asks what they think, "
            "and they are expected to go along with what others have decided.",
            "Other people choose for you. Nobody asks what you think.",
        ),
        RungText(
            Rung.EDUCATING,
            "People are taught about a service or a condition so that they understand it "
            "and fit in with it. Learning goes one way: nobody asks what they know.",
            "Staff teach you about a service. You listen. They do not ask what you know.",
        ),
        RungText(
            Rung.INFORMING,
            "People are told what has been decided or what is planned. The news is useful, "
            "but there is no real way to answer back or change it.",
            "Staff tell you what they have decided. You cannot change it.",
        ),
        RungText(
            Rung.CONSULTATION,
            "People are asked for their views, for example in a survey or a meeting, but "
            "have no clear say in what happens next. Without feedback it can feel like "
            "ticking a box.",
            "Staff ask what you think. They might use your ideas, or they might not.",
        ),
        RungText(
            Rung.ENGAGEMENT,
            "People's views are heard and do change decisions. Staff still set the agenda "
            "and make the final choice.",
            "Staff listen to you. Your ideas change things. Staff still make the final choice.",
        ),
        RungText(
            Rung.CO_DESIGN,
            "People with lived experience and staff design the thing together from the "
            "start: what it should be and how it should work. Power is shared in the design, "
            "though not always in running it.",
            "You and staff plan it and design it together.",
        ),
        RungText(
            Rung.CO_PRODUCTION,
            "People with lived experience and staff share power as equals at every stage: "
            "planning, designing, deciding and doing the work. Both kinds of knowledge "
            "count the same.",
            "You and staff do everything together, as equals. You plan, decide and do the work.",
        ),
    )
}


@dataclass(frozen=True)
class GroupText:
    group: Group
    description: str
    easy_read: str

    @property
    def label(self) -> str:
        return str(self.group.label)

    @property
    def rungs(self) -> tuple[Rung, ...]:
        return RUNGS_IN_GROUP[self.group]


GROUP_TEXTS: dict[Group, GroupText] = {
    text.group: text
    for text in (
        GroupText(
            Group.DOING_TO,
            "Things are done to people. Their views are not looked for, or do not count.",
            "Things are done to you.",
        ),
        GroupText(
            Group.DOING_FOR,
            "Things are done for people. They are told, asked or listened to, but others "
            "hold the power.",
            "Things are done for you. Staff still decide.",
        ),
        GroupText(
            Group.DOING_WITH,
            "Things are done with people. Power is shared, and lived experience counts as "
            "much as professional knowledge.",
            "Things are done with you, as equals.",
        ),
    )
}


def rung_text(rung: int | None) -> RungText | None:
    return RUNG_TEXTS.get(Rung(rung)) if rung else None


def _picture(rung: Rung) -> str:
    return f"ladder/pictures/{rung.name.lower()}.svg"


# The Easy Read version of each rung: for people whose preferred format is Easy
# Read (the confirm page, their personal page). "You" is the person reading.
EASY_READ: dict[Rung, EasyRead] = {
    Rung.COERCION: EasyRead(
        (
            "Other people make the choices.",
            "Nobody asks you what you think.",
            "You are told to go along with it.",
        ),
        _picture(Rung.COERCION),
        "A member of staff points the way. Your speech bubble has a cross in it.",
    ),
    Rung.EDUCATING: EasyRead(
        (
            "Staff teach you about a service.",
            "You sit and learn.",
            "They do not ask what you know.",
        ),
        _picture(Rung.EDUCATING),
        "A member of staff stands by a board. You sit and listen.",
    ),
    Rung.INFORMING: EasyRead(
        (
            "Staff tell you what they have planned.",
            "It is good to know.",
            "But you cannot change it.",
        ),
        _picture(Rung.INFORMING),
        "A member of staff sends you a letter. The arrow goes one way, from staff to you.",
    ),
    Rung.CONSULTATION: EasyRead(
        (
            "Staff ask you what you think.",
            "You tell them.",
            "They might use your ideas.",
            "Or they might not.",
        ),
        _picture(Rung.CONSULTATION),
        "You talk to a member of staff. Their speech bubble has a question mark in it.",
    ),
    Rung.ENGAGEMENT: EasyRead(
        (
            "Staff ask what you think, and they listen.",
            "Your ideas change what they do.",
            "But staff still make the last choice.",
        ),
        _picture(Rung.ENGAGEMENT),
        "Arrows go both ways between you and a member of staff. Staff hold the tick.",
    ),
    Rung.CO_DESIGN: EasyRead(
        (
            "You and staff plan it together.",
            "You work out what it should be from the start.",
            "Staff may still run it on their own.",
        ),
        _picture(Rung.CO_DESIGN),
        "You and a member of staff draw a plan on one sheet of paper.",
    ),
    Rung.CO_PRODUCTION: EasyRead(
        (
            "You and staff do it all together.",
            "You plan it, you choose, and you do the work.",
            "What you know counts as much as what staff know.",
            "You are equals.",
        ),
        _picture(Rung.CO_PRODUCTION),
        "You and a member of staff stand side by side, the same size, "
        "with an equals sign between you.",
    ),
}


def easy_read(rung: int) -> EasyRead:
    """The Easy Read version of a rung (`templates/ladder/_rung_easy_read.html`
    draws it)."""
    return EASY_READ[Rung(rung)]
