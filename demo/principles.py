"""How the work measured up against the seven principles, in the words of the
people who did it.

About a dozen projects ran self-assessment rounds: at the start, partway through
and (for finished work) near the end. Leads invited the project's members and the
people who had taken part so far; most answered, a few left a draft, and some
answers were typed in by a lead from a paper form or a phone call.

The headline: staff rate power and partnerships higher than people with lived
experience do. The gap narrows as a project climbs the ladder (`ladder.ARCS`) and
widens where the work slipped back. Two rounds are open now, with the printed
expert invited and not yet emailed, so the expert has something to answer at
/principles/mine/ and the printed staff lead has invitations to send.

This writes the rows `principles.services` would (`invitees_for`, `round_open`,
`response_for`, `answer_save`, `response_submit`), in bulk and without email.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import OuterRef, Subquery
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from demo.cast import USERS
from demo.ladder import ARCS
from demo.story import Story, backdate, stamp
from demo.storylines import Storyline
from demo.work import member_keys
from principles.models import Answer, EnteredFrom, Invitation, Perspective, Response, Round
from principles.results import MIN_GROUP, STAFF
from principles.texts import CODES, Principle
from projects.models import Person

P = Principle


@dataclass(frozen=True)
class Plan:
    """One round: its name and when it opened, as a share of the project's life so
    far (0 to 1), or, for a round open now, how many days ago."""

    name: str
    at: float | None = None
    opened_days_ago: int = 0
    days: int = 21  # how long it stays open

    @property
    def is_open(self) -> bool:
        return self.at is None


START, MIDDLE, END = "Start of the project", "Halfway through", "End of the project"

# The projects that ran rounds, in the order they are made. Projects with two
# staff or fewer can never show the staff side (fewer than three people).
PLANS: dict[str, tuple[Plan, ...]] = {
    "welcome_pack": (Plan(START, 0.12), Plan(MIDDLE, 0.5), Plan(END, 0.9)),
    "calmer_nights": (Plan(START, 0.12), Plan("One year in", opened_days_ago=9)),
    "birch_reis": (Plan(START, 0.1), Plan(MIDDLE, 0.55)),
    "sensory_room": (Plan(START, 0.12), Plan(MIDDLE, 0.5), Plan("Eighteen months in", 0.88)),
    "rowan_reis": (Plan(START, 0.15), Plan(END, 0.88, days=14)),
    "panels": (
        Plan(START, 0.08),
        Plan("One year in", 0.5),
        Plan("Two years in", opened_days_ago=2),
    ),
    "carers_evenings": (Plan(START, 0.15), Plan(MIDDLE, 0.6)),
    "easy_read_letters": (Plan(START, 0.15), Plan(END, 0.9, days=28)),
    "anxiety_course": (Plan(START, 0.1), Plan("One year in", 0.55), Plan("Latest check", 0.85)),
    "care_plans": (Plan(START, 0.15), Plan(MIDDLE, 0.6)),
    "autism_wait": (Plan(START, 0.3), Plan(MIDDLE, 0.6)),
    "lighthouse_reis": (Plan(START, 0.2), Plan(MIDDLE, 0.75)),
}

# How much higher staff rate each principle than the work's level, and how much
# lower people with lived experience do, before the project climbs.
STAFF_LIFT = {
    P.POWER: 1.0,
    P.KNOWLEDGE: 0.5,
    P.PARTNERSHIPS: 0.8,
    P.GIVE_AND_TAKE: 0.4,
    P.MUTUAL_BENEFIT: 0.3,
    P.REFLECTION: 0.4,
    P.FLEXIBILITY: 0.3,
}
LIVED_DROP = {
    P.POWER: 0.7,
    P.KNOWLEDGE: 0.3,
    P.PARTNERSHIPS: 0.5,
    P.GIVE_AND_TAKE: 0.2,
    P.MUTUAL_BENEFIT: 0.0,
    P.REFLECTION: 0.2,
    P.FLEXIBILITY: 0.1,
}
DONT_KNOW = {"lived": 0.08, STAFF: 0.03}
COMMENT_SHARE = 0.32
ANONYMOUS_SHARE = 0.1
ON_BEHALF_SHARE = 0.4  # of people with no email address who answer
DRAFT_SHARE = 0.4  # of people who do not send their answers: they started, and stopped

# Short comments, in plain English, by side and by how it went (3 or less, 4 or more).
COMMENTS: dict[str, dict[str, list[str]]] = {
    P.POWER: {
        "lived_low": [
            "Most of the big decisions were made before we were asked.",
            "We were asked what we thought, but staff still decided.",
            "It felt like our ideas were a nice extra, not the plan.",
        ],
        "lived_high": [
            "We voted on the big decisions and our votes counted.",
            "When we said no to an idea, it was dropped.",
            "I felt like an equal in the room.",
        ],
        "staff_low": [
            "We still made too many decisions between meetings.",
            "Budget decisions stayed with managers.",
        ],
        "staff_high": [
            "The group agreed every change before it went ahead.",
            "We handed over the agenda and it worked well.",
            "Decisions were made together in the group.",
        ],
    },
    P.KNOWLEDGE: {
        "lived_low": [
            "Clinical views seemed to win when we disagreed.",
            "I was not sure my experience counted as much.",
        ],
        "lived_high": [
            "People listened when I talked about my own stay.",
            "What we know from using the service was taken seriously.",
            "Staff asked us to explain things they had not thought of.",
        ],
        "staff_low": [
            "We leaned on guidance more than on what people told us.",
            "We could have made more of what people told us.",
        ],
        "staff_high": [
            "The best ideas came from people who had used the service.",
            "I learned more from the group than from any training.",
        ],
    },
    P.PARTNERSHIPS: {
        "lived_low": [
            "Meetings were at times that were hard for me to get to.",
            "I was not always told what happened after a meeting.",
            "Sometimes it felt like a box to tick.",
        ],
        "lived_high": [
            "I was included at every step, not just the start.",
            "I always had the papers in good time.",
            "Help with travel made it possible for me to come.",
        ],
        "staff_low": [
            "A few people dropped out and we did not follow up.",
            "We did not always share the papers early enough.",
        ],
        "staff_high": [
            "Everyone had a part to play from the start.",
            "We checked what support people needed before each session.",
            "It felt like one team, not staff and others.",
        ],
    },
    P.GIVE_AND_TAKE: {
        "lived_low": [
            "I put in a lot of time and was not sure what came of it.",
            "Payment took a long time to come through.",
        ],
        "lived_high": [
            "I was paid fairly and on time.",
            "I gave my time and got confidence back.",
        ],
        "staff_low": [
            "We asked a lot of a few people.",
            "Some people did far more than others.",
        ],
        "staff_high": [
            "People were paid for their time, which made it fairer.",
            "Everyone put something in and got something out.",
        ],
    },
    P.MUTUAL_BENEFIT: {
        "lived_low": [
            "I did not learn much that was new.",
            "I am not sure it changed much for people on the ward.",
        ],
        "lived_high": [
            "I have more confidence speaking in a group now.",
            "I learned how decisions are made in the service.",
            "It helped me feel useful again.",
        ],
        "staff_low": [
            "The benefit was mostly for the service.",
            "We learned something, but not as much as we hoped.",
        ],
        "staff_high": [
            "It changed how I think about my own practice.",
            "The team learned a lot from the group.",
        ],
    },
    P.REFLECTION: {
        "lived_low": [
            "We never really talked about how it was going.",
            "We looked back once, at the very end.",
        ],
        "lived_high": [
            "We talked about what went well at the end of each session.",
            "When something did not work, we changed it.",
        ],
        "staff_low": [
            "We were too busy to stop and look back.",
            "We should have checked in with the group more often.",
        ],
        "staff_high": [
            "The check-in at every meeting helped.",
            "We changed the plan twice after looking back.",
        ],
    },
    P.FLEXIBILITY: {
        "lived_low": [
            "It was hard to join in if you could not make the day.",
            "Everything was in person, which did not suit everyone.",
        ],
        "lived_high": [
            "I could join online when I was not well enough to travel.",
            "Breaks were there whenever we needed them.",
            "They changed the room when I asked.",
        ],
        "staff_low": [
            "We kept to the usual meeting format too much.",
            "We could have offered more ways to take part.",
        ],
        "staff_high": [
            "We moved meetings to suit the group.",
            "People could take part in person, online or on paper.",
        ],
    },
}


@dataclass
class Invitee:
    """Who a round invites, as `principles.services.invitees_for` finds them."""

    key: str  # "u<user pk>" or "p<person pk>"
    user: User | None
    person: Person | None
    perspective: str  # what the invitation expects
    side: str  # "lived" or "staff": what they say when they answer
    answers_as: str  # the perspective they choose

    @property
    def email(self) -> str:
        """As `Invitation.email`: blank when the link must go another way."""
        if self.user is not None and self.user.is_active:
            return self.user.email
        person = self.person
        if person and person.email and person.consent_to_contact and person.contact == "email":
            return person.email
        return ""


def create_assessment_rounds(story: Story) -> None:
    """Rounds for about a dozen projects, with invitations, responses and answers."""
    rng = story.rng
    expert = next(story.users[s.key] for s in USERS if s.printed and story.users[s.key].is_expert)
    leaning: dict[str, float] = {}  # how generous each person is, a little either way
    taken_part = _people_who_took_part(story)
    rounds, invitations, responses, answers = [], [], [], []
    for key, plans in PLANS.items():
        line = story.storylines[key]
        project = story.projects[key]
        staff_leads = [story.users[k] for k in line.leads if story.users[k].has_staff_role]
        first = project.start_date
        last = story.day(line.end) if line.end is not None else story.today
        arc = ARCS[key]
        for plan in plans:
            round_ = _round(story, plan, project, first, last, staff_leads)
            rounds.append(round_)
            invitees = _invitees(story, line, taken_part[project.pk], round_.opens_on)
            progress = (round_.opens_on - first).days / max((last - first).days, 1)
            climbed = (arc.last - arc.first) * min(progress, 1.0)
            level = arc.first + climbed
            # The gap narrows as the work climbs, and widens where it slips back.
            narrowing = max(0.25, 1 - 0.35 * climbed) if climbed >= 0 else 1 - 0.25 * climbed
            in_round = []
            for invitee, invitation, response in _respond(
                story, plan, round_, invitees, expert, staff_leads
            ):
                invitations.append(invitation)
                if response is None:
                    continue
                responses.append(response)
                lean = leaning.setdefault(invitee.key, rng.gauss(0, 0.3))
                made = _answers(story, response, invitee, level, narrowing, lean)
                in_round += [(answer, invitee.side) for answer in made]
            _comment(story, in_round)
            answers += [answer for answer, _side in in_round]
    _save(rounds, invitations, responses, answers)


def _round(
    story: Story,
    plan: Plan,
    project,
    first: datetime.date,
    last: datetime.date,
    staff_leads: list[User],
) -> Round:
    rng = story.rng
    if plan.is_open:
        opens_on = story.day(plan.opened_days_ago)
        closes_on = opens_on + datetime.timedelta(days=plan.days)
    else:
        opens_on = first + datetime.timedelta(days=round((last - first).days * plan.at))
        while opens_on.weekday() >= 5:
            opens_on -= datetime.timedelta(days=1)
        closes_on = min(opens_on + datetime.timedelta(days=plan.days), last, story.day(1))
    by = staff_leads[0] if rng.random() < 0.75 else rng.choice(staff_leads)
    created_at = story.moment(opens_on)
    round_ = Round(
        project=project, name=plan.name, opens_on=opens_on, closes_on=closes_on, created_by=by
    )
    stamp([round_], when=created_at, by=by)
    round_._plan = plan  # type: ignore[attr-defined]
    return round_


def _people_who_took_part(story: Story) -> dict[int, list[tuple[datetime.date, Person]]]:
    """Project id to (activity date, person) for each time someone on the register
    took part, oldest first. Staff who take part are all members."""
    found: dict[int, list[tuple[datetime.date, Person]]] = defaultdict(list)
    for involvement in story.involvements:
        if involvement.person is not None:
            activity = involvement.activity
            found[activity.project_id].append((activity.date, involvement.person))
    for records in found.values():
        records.sort(key=lambda record: record[0])
    return found


def _invitees(
    story: Story,
    line: Storyline,
    taken_part: list[tuple[datetime.date, Person]],
    by: datetime.date,
) -> list[Invitee]:
    """The project's members, then the people who took part in its activities by
    `by` and are not members, each once (as `invitees_for` finds them)."""
    found: dict[str, Invitee] = {}
    for key in member_keys(story, line):
        user = story.users[key]
        if user.has_staff_role:
            invitee = Invitee(
                f"u{user.pk}", user, None, Perspective.STAFF, STAFF, Perspective.STAFF
            )
        else:
            person = story.people.get(key)
            invitee = Invitee(f"u{user.pk}", user, person, "", "lived", _own_perspective(person))
        found[invitee.key] = invitee
    for day, person in taken_part:
        if day > by:
            break
        key = f"p{person.pk}"
        if key in found or (person.user is not None and f"u{person.user.pk}" in found):
            continue
        perspective = _own_perspective(person)
        found[key] = Invitee(key, person.user, person, perspective, "lived", perspective)
    return list(found.values())


def _own_perspective(person: Person | None) -> str:
    if person is not None and person.experience == Person.Experience.CARER:
        return Perspective.CARER
    return Perspective.LIVED_EXPERIENCE


def _respond(
    story: Story,
    plan: Plan,
    round_: Round,
    invitees: list[Invitee],
    expert: User,
    staff_leads: list[User],
) -> list[tuple[Invitee, Invitation, Response | None]]:
    """Who sent their answers, who left a draft, and who said nothing."""
    rng = story.rng
    # An open round's answers are still coming in.
    open_rate = 0.45 if plan.opened_days_ago > 5 else 0.15
    rate = open_rate if plan.is_open else rng.uniform(0.7, 0.9)
    status = {}
    for invitee in invitees:
        draw = rng.random()
        if plan.is_open and invitee.user == expert:
            status[invitee.key] = None  # waiting for the demo's expert to answer
        elif draw < rate:
            status[invitee.key] = "sent"
        elif draw < rate + (1 - rate) * DRAFT_SHARE:
            status[invitee.key] = "draft"
        else:
            status[invitee.key] = None
    if not plan.is_open:
        # Leads chase people up until each side has enough answers to show.
        for side in ("lived", STAFF):
            mine = [i for i in invitees if i.side == side]
            for invitee in mine if len(mine) >= MIN_GROUP else []:
                if sum(status[i.key] == "sent" for i in mine) >= MIN_GROUP:
                    break
                status[invitee.key] = "sent"

    latest = story.day(1) if plan.is_open else round_.closes_on
    opened = round_._history_date  # type: ignore[attr-defined]
    made = []
    for invitee in invitees:
        invitation = Invitation(
            round=round_,
            user=invitee.user,
            person=invitee.person,
            perspective=invitee.perspective,
        )
        address = invitee.email
        if address and not plan.is_open:
            invitation.emailed_at = opened + datetime.timedelta(minutes=rng.randint(2, 30))
            invitation.link_made_at = invitation.emailed_at
        stamp([invitation], when=opened, by=round_.created_by)
        response = None
        if status[invitee.key] is not None:
            response = _response(
                story, round_, invitation, invitee, status[invitee.key] == "sent", latest
            )
            if response.submitted_at and not address and rng.random() < ON_BEHALF_SHARE:
                response.entered_on_behalf_by = rng.choice(staff_leads)
                response.invitee_started_at = None  # a paper answer, typed in by staff
                response.entered_from = EnteredFrom.PAPER
                response._history_user = response.entered_on_behalf_by  # type: ignore[attr-defined]
        made.append((invitee, invitation, response))
    return made


def _response(
    story: Story,
    round_: Round,
    invitation: Invitation,
    invitee: Invitee,
    sent: bool,
    latest: datetime.date,
) -> Response:
    rng = story.rng
    span = max((latest - round_.opens_on).days, 0)
    day = round_.opens_on + datetime.timedelta(days=min(rng.randint(0, span), rng.randint(0, span)))
    at = max(story.moment(day), round_._history_date + datetime.timedelta(hours=1))  # type: ignore[attr-defined]
    started_at = at - datetime.timedelta(minutes=rng.randint(4, 40))
    response = Response(
        round=round_,
        invitation=invitation,
        perspective=invitee.answers_as,
        anonymous_to_team=invitee.side == "lived" and rng.random() < ANONYMOUS_SHARE,
        submitted_at=at if sent else None,
        invitee_started_at=started_at,
    )
    response.started_at, response.updated_at = started_at, at
    stamp([response], when=at, by=invitee.user)
    return response


def _answers(
    story: Story,
    response: Response,
    invitee: Invitee,
    level: float,
    narrowing: float,
    lean: float,
) -> list[Answer]:
    """A score for each principle (only the first few in a draft), from the work's
    level on the ladder, the side's usual view and the person's own."""
    rng = story.rng
    codes = list(CODES)
    if response.submitted_at is None:
        codes = codes[: rng.randint(1, len(codes) - 1)]
    base = 1.3 + (level - 3) * 0.7
    answers = []
    for code in codes:
        if rng.random() < DONT_KNOW[invitee.side]:
            score = None
        else:
            shift = STAFF_LIFT[code] if invitee.side == STAFF else -LIVED_DROP[code]
            mean = base + shift * narrowing + lean
            score = max(1, min(5, round(rng.gauss(mean, 0.55))))
        answer = Answer(
            response=response,
            principle=code,
            score=score,
            dont_know=score is None,
            entered_by=response.entered_on_behalf_by,
        )
        stamp([answer], when=response.updated_at, by=getattr(response, "_history_user", None))
        answers.append(answer)
    return answers


def _comment(story: Story, answers: list[tuple[Answer, str]]) -> None:
    """About a third of answers say why, in a few words; never the same words twice
    in one round."""
    rng = story.rng
    used: set[str] = set()
    for answer, side in answers:
        if answer.score is None or rng.random() >= COMMENT_SHARE:
            continue
        pool = COMMENTS[answer.principle][f"{side}_{'low' if answer.score <= 3 else 'high'}"]
        unused = [comment for comment in pool if comment not in used]
        if unused:
            answer.comment = rng.choice(unused)
            used.add(answer.comment)


def _save(
    rounds: list[Round],
    invitations: list[Invitation],
    responses: list[Response],
    answers: list[Answer],
) -> None:
    """Save in bulk, parents first, then put back the times that saving overwrote
    (`auto_now_add` and `auto_now`), a query or two each."""
    rounds = bulk_create_with_history(rounds, Round, batch_size=500)
    backdate(Round, rounds, "created_at")
    round_ids = [round_.pk for round_ in rounds]
    bulk_create_with_history(invitations, Invitation, batch_size=500)
    # Invited when the round was opened.
    Invitation.objects.filter(round__in=round_ids).update(
        created_at=Subquery(Round.objects.filter(pk=OuterRef("round_id")).values("created_at")[:1])
    )
    times = [(response.started_at, response.updated_at) for response in responses]
    responses = bulk_create_with_history(responses, Response, batch_size=500)
    # One statement, run per row: `bulk_update` builds a slow CASE for each field.
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE principles_response SET started_at = %s, updated_at = %s WHERE id = %s",
            [
                (adapt(started_at), adapt(updated_at), response.pk)
                for response, (started_at, updated_at) in zip(responses, times, strict=True)
            ],
        )
    bulk_create_with_history(answers, Answer, batch_size=500)
    # Each answer was last saved when its response was.
    Answer.objects.filter(response__round__in=round_ids).update(
        updated_at=Subquery(
            Response.objects.filter(pk=OuterRef("response_id")).values("updated_at")[:1]
        )
    )
