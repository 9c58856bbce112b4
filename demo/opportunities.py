"""Opportunities the services are advertising, and who said they were interested.

A few open ones (one for the person with the printed link, who said yes by
it), some closed last month and one already filled. Interest comes mostly by
personal link, some through staff in person, by phone or on paper. On the filled
one the lead chose people: one accepted by their link, one declined by phone
(entered for them), and the others were thanked.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from demo.story import Story, backdate, stamp, weighted
from opportunities.models import Decision, Interest, Opportunity, Reply, Support
from projects.models import Involvement, Person

SUPPORT_NEEDED = [
    "",
    "",
    "",
    "A quiet room and a break halfway through.",
    "Someone to look after my mum while I am there.",
    "Step-free access, please. I use a wheelchair.",
    "I would like the papers a week before, in large print.",
    "A taxi there and back, as the bus does not run that late.",
    "I may need to leave early. My medication makes me tired.",
]
HOW = {
    Interest.How.PERSONAL_LINK: 6,
    Interest.How.IN_PERSON: 2,
    Interest.How.PHONE: 2,
    Interest.How.PAPER: 1,
}


@dataclass(frozen=True)
class Advert:
    project: str  # storyline key
    title: str
    description: str
    kind: str
    where: str
    place: str
    hours: str
    support: tuple[str, ...]
    looking_for: str
    places: int
    posted: int  # days ago
    closes: int  # days from today; negative when it closed already
    happens: int | None  # days from today; None when to be arranged
    public: bool = False
    filled: bool = False
    interested: int = 3


ADVERTS = [
    Advert(
        "panels",
        "Interview panel for a Birch ward manager",
        "We are choosing a new ward manager. Sit on the panel with two senior nurses, "
        "ask your own questions and score each person with us. Your score counts the same as ours.",
        "interview_panel",
        Opportunity.Where.IN_PERSON,
        "Trust headquarters, meeting room 2, Mill Lane",
        "4",
        (Support.TRAVEL, Support.CARER_COVER, Support.ACCESSIBLE_VENUE),
        "People who have stayed on an inpatient ward in the last five years, or cared for someone who has.",
        places=2,
        posted=12,
        closes=9,
        happens=20,
        public=True,
        interested=4,
    ),
    Advert(
        "calmer_nights",
        "Focus group: what helps you sleep on the ward",
        "We want to hear what made nights on Birch ward better or worse for you. "
        "What you say will shape the new night-time routine.",
        "focus_group",
        Opportunity.Where.IN_PERSON,
        "Birch ward day room",
        "2",
        (Support.TRAVEL, Support.ACCESSIBLE_VENUE),
        "Anyone who has stayed on Birch ward, or visited someone there at night.",
        places=8,
        posted=6,
        closes=14,
        happens=21,
        interested=3,
    ),
    Advert(
        "sensory_garden",
        "Design group for the sensory garden",
        "Help choose the plants, paths and seats for the new garden at Hazel House. "
        "Three short sessions, with tea and cake.",
        "workshop",
        Opportunity.Where.IN_PERSON,
        "Hazel House, the garden room",
        "6",
        (Support.TRAVEL, Support.CARER_COVER, Support.ACCESSIBLE_VENUE, Support.INTERPRETER),
        "People with a learning disability who use Hazel House, and their carers.",
        places=6,
        posted=20,
        closes=5,
        happens=None,
        public=True,
        interested=5,
    ),
    Advert(
        "care_plans",
        "Thinking partner: care plans in plain English",
        "Read three draft care plan letters and tell us, on the phone, what is hard to follow.",
        "writing",
        Opportunity.Where.PHONE,
        "",
        "1.5",
        (),
        "People who have had a care plan from the Riverside team.",
        places=4,
        posted=3,
        closes=25,
        happens=None,
        interested=1,
    ),
    Advert(
        "anxiety_course",
        "Co-deliver the spring anxiety course",
        "Teach the six-week course with one of our tutors, sharing what helped you.",
        "training",
        Opportunity.Where.ONLINE,
        "",
        "12",
        (Support.CARER_COVER,),
        "People who have done a Recovery College course and would like to teach one.",
        places=2,
        posted=40,
        closes=10,
        happens=30,
        filled=True,
        interested=4,
    ),
    Advert(
        "carers_evenings",
        "Plan next year's carers' evenings",
        "Join two planning meetings to choose topics and speakers for the carers' evenings.",
        "meeting",
        Opportunity.Where.ONLINE,
        "",
        "3",
        (Support.CARER_COVER,),
        "Carers of people who use the Riverside or crisis teams.",
        places=5,
        posted=60,
        closes=-25,
        happens=-10,
        interested=4,
    ),
    Advert(
        "ward_round",
        "Feedback group on the new ward round",
        "Tell us how the new ward round felt, so we can keep what works.",
        "focus_group",
        Opportunity.Where.IN_PERSON,
        "Hazel House, meeting room",
        "1.5",
        (Support.TRAVEL, Support.ACCESSIBLE_VENUE),
        "People who have been on the ward round at Hazel House since the summer.",
        places=6,
        posted=45,
        closes=-12,
        happens=-5,
        interested=2,
    ),
]


def create_opportunities(story: Story, *, linked: Person) -> list[Opportunity]:
    """The adverts above, and one in a service the linked person knows, which they
    said yes to by their personal link."""
    made = [_advertise(story, advert) for advert in ADVERTS]
    theirs = _for_linked_person(story, linked)
    made.append(theirs)
    for opportunity, advert in zip(made, [*ADVERTS, None], strict=True):
        _interest(story, opportunity, advert.interested if advert else 2, exclude=linked)
    _said_yes(story, theirs, linked)
    for opportunity in made:
        if opportunity.filled_at:
            _decided(opportunity)
    return made


def _advertise(story: Story, advert: Advert, *, title: str | None = None) -> Opportunity:
    line = story.storylines[advert.project]
    lead = story.users[next(key for key in line.leads if story.users[key].has_staff_role)]
    posted = story.moment(story.day(advert.posted))
    happens = story.today + datetime.timedelta(days=advert.happens) if advert.happens else None
    opportunity = Opportunity(
        project=story.projects[advert.project],
        title=title or advert.title,
        description=advert.description,
        kind=advert.kind,
        starts_on=happens,
        starts_at=datetime.time(14, 0) if happens else None,
        where=advert.where,
        place=advert.place,
        hours=Decimal(advert.hours),
        rate_card=story.card_on(story.today),
        support=list(advert.support),
        looking_for=advert.looking_for,
        places=advert.places,
        closes_on=story.today + datetime.timedelta(days=advert.closes),
        public=advert.public,
        filled_at=posted + datetime.timedelta(days=30) if advert.filled else None,
        created_by=lead,
    )
    stamp([opportunity], when=posted, by=lead)
    opportunity.save()
    backdate(Opportunity, [opportunity], "created_at")
    return opportunity


def _for_linked_person(story: Story, person: Person) -> Opportunity:
    """An open opportunity in the newest project the person took part in."""
    took_part = {
        key: Involvement.objects.filter(person=person, activity__project=project).count()
        for key, project in story.projects.items()
    }
    key = max(sorted(took_part), key=lambda key: took_part[key])
    advert = Advert(
        key,
        "",
        "We are rewriting the letters people get before an appointment. Read two drafts "
        "with us and say what is clear and what is not.",
        "writing",
        Opportunity.Where.IN_PERSON,
        "The community hub, Market Street",
        "2",
        (Support.TRAVEL, Support.ACCESSIBLE_VENUE),
        "Anyone who has had a letter from us about an appointment.",
        places=4,
        posted=4,
        closes=12,
        happens=16,
    )
    return _advertise(story, advert, title="Reading group: letters before an appointment")


def _interest(story: Story, opportunity: Opportunity, count: int, *, exclude: Person) -> None:
    people = list(
        Person.objects.filter(
            involvements__activity__project__services__in=opportunity.project.services.all(),
            user__isnull=True,
        )
        .exclude(pk=exclude.pk)
        .distinct()
        .order_by("pk")
    )
    chosen = story.rng.sample(people, min(count, len(people)))
    lead = opportunity.created_by
    posted = opportunity.created_at
    last_day = min(opportunity.closes_on, story.today)
    span = max((last_day - posted.date()).days, 1)
    interests = []
    for person in chosen:
        how = weighted(story.rng, HOW)
        when = story.moment(posted.date() + datetime.timedelta(days=story.rng.randint(0, span)))
        when = min(when, timezone.now())
        interest = Interest(
            opportunity=opportunity,
            person=person,
            support_needed=story.rng.choice(SUPPORT_NEEDED),
            how=how,
            entered_by=None if how == Interest.How.PERSONAL_LINK else lead,
            created_at=when,
        )
        stamp([interest], when=when, by=interest.entered_by)
        interest.save()
        interests.append(interest)
    # One person changed their mind on an open one.
    if len(interests) >= 3 and opportunity.is_open:
        interests[-1].withdrawn_at = min(
            interests[-1].created_at + datetime.timedelta(days=2), timezone.now()
        )
        stamp([interests[-1]], when=interests[-1].withdrawn_at)
        interests[-1].save()


def _said_yes(story: Story, opportunity: Opportunity, person: Person) -> None:
    when = min(story.moment(story.day(2)), timezone.now())
    interest = Interest(
        opportunity=opportunity,
        person=person,
        support_needed="I would like to sit near the door, and have a short break.",
        how=Interest.How.PERSONAL_LINK,
        created_at=when,
    )
    stamp([interest], when=when)
    interest.save()


def _decided(opportunity: Opportunity) -> None:
    """The lead chose the first to say so (up to the places) a few days before it
    was filled and told everyone; the first chosen accepted by their personal link,
    the next declined by phone. No random numbers: the rest of the story stays."""
    assert opportunity.filled_at is not None
    lead = opportunity.created_by
    decided = opportunity.filled_at - datetime.timedelta(days=4)
    told = decided + datetime.timedelta(hours=2)
    interests = list(opportunity.interests.current().order_by("created_at", "pk"))
    for index, interest in enumerate(interests):
        chosen = index < opportunity.places
        interest.decision = Decision.CHOSEN if chosen else Decision.NOT_CHOSEN
        interest.decided_by = lead
        interest.decided_at = decided
        interest.told_at = told
        stamp([interest], when=told, by=lead)
        interest.save()
        if chosen and index < 2:
            interest.reply = Reply.ACCEPTED if index == 0 else Reply.DECLINED
            interest.replied_at = told + datetime.timedelta(days=1 + index)
            interest.reply_entered_by = None if index == 0 else lead
            stamp([interest], when=interest.replied_at, by=interest.reply_entered_by)
            interest.save()
