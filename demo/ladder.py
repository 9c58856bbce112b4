"""Where the work sits on the Ladder of Co-production, and what the people who took
part said about it.

Most activities older than a fortnight are classified, with answers that fit the
kind of activity and how far the project has come: most projects climb over the
two years, a couple stall or slip back. A few are called co-production when the
answers say otherwise (faux-production), and people with lived experience who
have an account confirm or contest what was proposed. Most projects have a target.

This writes the rows the ladder's services would (`ladder.services`), using the
same rules (`suggest_rung`, `is_faux_production`, `status_from_verdicts`), but in
bulk and without the emails: the people in the demo were "asked" long ago.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from demo.story import Story, stamp
from ladder.models import Classification, Response
from ladder.questions import Answer, Label, is_faux_production, suggest_rung
from ladder.services import status_from_verdicts
from projects.models import Activity, Person, Project
from projects.rungs import Rung, RungStatus

Kind = Activity.Kind
YES, NO, NOT_SURE = Answer.YES, Answer.NO, Answer.NOT_SURE

# Activities newer than this have not been classified yet.
CLASSIFY_AFTER_DAYS = 14
CLASSIFIED_SHARE = 0.82
FAUX_SHARE = 0.05
# Of the classifications someone with an account could answer: who answers, and how.
ANSWERED_SHARE = 0.8
CONTESTED_SHARE = 0.04


@dataclass(frozen=True)
class Arc:
    """How a project's work moves on the ladder: the level at its first activity and
    at its last (rungs, as numbers), and the rung it aims for."""

    first: float
    last: float
    target: int | None
    slipping: bool = False  # lets activities fall below their kind's usual floor


ARCS: dict[str, Arc] = {
    "welcome_pack": Arc(4.5, 6.6, Rung.CO_PRODUCTION),
    "calmer_nights": Arc(4.0, 6.2, Rung.CO_DESIGN),
    "birch_reis": Arc(5.5, 7.0, Rung.CO_PRODUCTION),
    "community_meeting": Arc(3.4, 3.4, Rung.CO_PRODUCTION),
    "sensory_room": Arc(4.4, 7.0, Rung.CO_PRODUCTION),
    "rowan_reis": Arc(5.6, 6.6, Rung.CO_DESIGN),
    "panels": Arc(5.0, 5.0, Rung.CO_DESIGN),  # stalls at engagement
    "care_plans": Arc(4.4, 6.6, Rung.CO_PRODUCTION),
    "carers_evenings": Arc(6.0, 3.6, Rung.CO_DESIGN, slipping=True),  # slips back
    "crisis_survey": Arc(4.2, 5.8, Rung.CO_DESIGN),
    "anxiety_course": Arc(5.0, 7.0, Rung.CO_PRODUCTION),
    "voices_course": Arc(5.6, 7.0, Rung.CO_PRODUCTION),
    "prospectus": Arc(3.4, 4.4, None),
    "sensory_garden": Arc(4.4, 7.0, Rung.CO_PRODUCTION),
    "easy_read_letters": Arc(4.6, 6.6, Rung.CO_DESIGN),
    "ward_round": Arc(4.0, 5.8, Rung.ENGAGEMENT),
    "health_checks": Arc(4.4, 6.6, Rung.CO_PRODUCTION),
    "autism_wait": Arc(5.2, 3.8, Rung.CO_DESIGN, slipping=True),  # slips back
    "lighthouse_reis": Arc(5.0, 7.0, Rung.CO_PRODUCTION),
    "transition_guide": Arc(3.4, 3.4, None),
}

# The rungs each kind of activity can honestly reach (lowest, highest), and how it
# sits against the project's level: meetings run a rung below the rest of the work.
KIND_RUNGS: dict[str, tuple[int, int, float]] = {
    Kind.MEETING: (Rung.INFORMING, Rung.CO_DESIGN, -1.0),
    Kind.WORKSHOP: (Rung.ENGAGEMENT, Rung.CO_PRODUCTION, 0.0),
    Kind.FOCUS_GROUP: (Rung.CONSULTATION, Rung.ENGAGEMENT, 0.0),
    Kind.QUESTIONNAIRE: (Rung.CONSULTATION, Rung.CONSULTATION, 0.0),
    Kind.INTERVIEW_PANEL: (Rung.ENGAGEMENT, Rung.ENGAGEMENT, 0.0),
    Kind.EVENT: (Rung.CO_DESIGN, Rung.CO_PRODUCTION, 0.0),
    Kind.TRAINING: (Rung.CO_DESIGN, Rung.CO_PRODUCTION, 0.0),
    Kind.REIS: (Rung.CO_DESIGN, Rung.CO_PRODUCTION, 0.0),
    Kind.ALWAYS_EVENT: (Rung.ENGAGEMENT, Rung.CO_DESIGN, 0.0),
    Kind.WRITING: (Rung.CO_DESIGN, Rung.CO_PRODUCTION, 0.0),
    Kind.OTHER: (Rung.INFORMING, Rung.ENGAGEMENT, 0.0),
}

# The kinds someone might call co-production when it was not.
FAUX_KINDS = {Kind.EVENT, Kind.WORKSHOP, Kind.TRAINING, Kind.WRITING, Kind.INTERVIEW_PANEL}

# The name usually given to work on each rung.
USUAL_LABEL = {
    Rung.INFORMING: Label.OTHER,
    Rung.CONSULTATION: Label.CONSULTATION,
    Rung.ENGAGEMENT: Label.ENGAGEMENT,
    Rung.CO_DESIGN: Label.CO_DESIGN,
    Rung.CO_PRODUCTION: Label.CO_PRODUCTION,
}

FAUX_REASONS = [
    "We have always called this co-production, and people with lived experience "
    "were in the room for all of it.",
    "It was planned as co-production from the start, and the group agreed the aims "
    "together at the first meeting.",
    "People with lived experience were paid for their time and their say was taken "
    "seriously, so it feels like more than asking for views.",
    "The project as a whole is co-produced, so we used the same word for this part of it.",
    "The panel's scores counted alongside the staff panel's, so we see it as shared work.",
    "Carers helped plan the first evenings, and we still think of them as co-produced.",
]

CONTEST_REASONS = [
    "It was called co-production, but the decisions had been made before we got there.",
    "We were asked what we thought, but I could not see that anything changed because of it.",
    "Staff ran it and we listened. I would call it informing, not co-production.",
    "We gave our views, but we did not help decide what happened next.",
    "I was there, but it did not feel like we were equals in the room.",
]
CONFIRM_REASONS = [
    "",
    "",
    "",
    "Yes, that is how it felt.",
    "That sounds right to me.",
    "We really did plan it together.",
    "Our ideas were used, and we were told how.",
]


def create_classifications(story: Story) -> None:
    """Classify most older activities, record what people said, and set targets."""
    rng = story.rng
    eligible = [
        activity
        for activity in story.activities
        if (story.today - activity.date).days >= CLASSIFY_AFTER_DAYS
    ]
    lived = _lived_experience_participants(story)
    chosen = [
        activity for activity in eligible if lived[activity.pk] and rng.random() < CLASSIFIED_SHARE
    ]
    span = _project_spans(story)
    planned = {activity.pk: _planned_rung(story, activity, span) for activity in chosen}
    faux = _pick_faux(story, chosen, planned)

    people_with_accounts = {
        person.pk: person
        for person in story.people.values()
        if person.user is not None and person.user.is_active and person.user.email
    }
    classifications, asked = [], {}
    for activity in chosen:
        classification = _classification(story, activity, planned[activity.pk], activity.pk in faux)
        # Who the service would email: people who took part with an account (not
        # the person who classified it).
        asked[activity.pk] = [
            people_with_accounts[pk]
            for pk in lived[activity.pk]
            if pk in people_with_accounts and people_with_accounts[pk].user != classification.by
        ]
        if asked[activity.pk]:
            classification.participants_emailed_at = classification.created_at
        classifications.append(classification)
    classifications = bulk_create_with_history(classifications, Classification, batch_size=500)

    responses = []
    by_activity: dict[int, list[Response]] = defaultdict(list)
    for classification in classifications:
        for response in _responses(story, classification, asked[classification.activity_id], faux):
            responses.append(response)
            by_activity[classification.activity_id].append(response)
    bulk_create_with_history(responses, Response, batch_size=500)

    _update_activities(story, classifications, by_activity)
    _set_targets(story)


def _lived_experience_participants(story: Story) -> dict[int, list[int]]:
    """Activity id to the ids of the people with lived experience who took part."""
    found: dict[int, list[int]] = defaultdict(list)
    for involvement in story.involvements:
        if involvement.person_id is not None:
            found[involvement.activity_id].append(involvement.person_id)
    return found


def _project_spans(story: Story) -> dict[int, tuple[datetime.date, int]]:
    """Project id to (first activity date, days to its last activity)."""
    dates: dict[int, list[datetime.date]] = defaultdict(list)
    for activity in story.activities:
        dates[activity.project_id].append(activity.date)
    return {pk: (min(days), (max(days) - min(days)).days) for pk, days in dates.items()}


def _key_of(story: Story, activity: Activity) -> str:
    """The storyline key of the activity's project."""
    return next(key for key, project in story.projects.items() if project.pk == activity.project_id)


def _planned_rung(
    story: Story, activity: Activity, span: dict[int, tuple[datetime.date, int]]
) -> int:
    """Where the project's level had reached by the activity's date, held within what
    its kind of activity can reach, with a little give either way."""
    arc = ARCS[_key_of(story, activity)]
    first, days = span[activity.project_id]
    progress = (activity.date - first).days / days if days else 0.0
    lowest, highest, offset = KIND_RUNGS[activity.kind]
    if arc.slipping:
        lowest = min(lowest, Rung.CONSULTATION)
    level = arc.first + (arc.last - arc.first) * progress + offset
    level += story.rng.uniform(-0.6, 0.6)
    return max(lowest, min(highest, round(level)))


def _pick_faux(story: Story, chosen: list[Activity], planned: dict[int, int]) -> set[int]:
    """About one in twenty: work called co-production that the answers place lower."""
    candidates = [
        activity.pk
        for activity in chosen
        if activity.kind in FAUX_KINDS and planned[activity.pk] <= Rung.CO_DESIGN
    ]
    wanted = min(len(candidates), max(2, round(len(chosen) * FAUX_SHARE)))
    return set(story.rng.sample(candidates, k=wanted))


def answers_for(rng, rung: int) -> dict[str, str]:
    """Answers to the evidence questions that point to `rung` (informing and up).

    Each step up to the rung is a "yes"; the next is a firm "no"; the ones after it
    are "no" or "not sure", as people do not always know.
    """
    climb = ["asked_views", "views_changed", "shaped", "shared_decisions", "delivered"]
    steps = {
        Rung.INFORMING: 0,
        Rung.CONSULTATION: 1,
        Rung.ENGAGEMENT: 2,
        Rung.CO_DESIGN: rng.choice([3, 3, 4]),
        Rung.CO_PRODUCTION: 5,
    }[rung]
    answers = {"took_part": YES, "told": YES if rng.random() < 0.85 else NOT_SURE}
    if rung == Rung.INFORMING:
        answers["told"] = YES
    for index, key in enumerate(climb):
        if index < steps:
            answers[key] = YES
        elif index == steps:
            answers[key] = NO
        else:
            answers[key] = NO if rng.random() < 0.6 else NOT_SURE
    return answers


def _classification(story: Story, activity: Activity, rung: int, faux: bool) -> Classification:
    rng = story.rng
    # Usually the staff lead who set the project up; sometimes the other lead.
    leads = [story.users[key] for key in story.storylines[_key_of(story, activity)].leads]
    by = rng.choice(leads) if rng.random() < 0.25 else activity.created_by
    reason = ""
    if faux:
        answers = answers_for(rng, rng.choice([Rung.CONSULTATION, Rung.ENGAGEMENT]))
        label, chosen_rung = Label.CO_PRODUCTION, Rung.CO_PRODUCTION
        reason = rng.choice(FAUX_REASONS)
    else:
        answers = answers_for(rng, rung)
        label = USUAL_LABEL[Rung(rung)] if rng.random() < 0.8 else Label.OTHER
        chosen_rung = rung
    suggested = suggest_rung(answers)
    assert faux or suggested == rung, (answers, rung)
    day = activity.date + datetime.timedelta(days=rng.randint(0, 10))
    created_at = story.moment(min(day, story.today - datetime.timedelta(days=1)))
    classification = Classification(
        activity=activity,
        by=by,
        created_at=created_at,
        answers=answers,
        label=label,
        suggested_rung=suggested,
        chosen_rung=chosen_rung,
        reason=reason,
    )
    stamp([classification], when=created_at, by=by)
    return classification


def _responses(
    story: Story, classification: Classification, asked: list[Person], faux: set[int]
) -> list[Response]:
    """What the people asked said: most answer within a few weeks and agree; some
    disagree, more often when the work was called more than it was."""
    rng = story.rng
    contest_chance = 0.6 if classification.activity_id in faux else CONTESTED_SHARE
    responses = []
    for person in asked:
        if rng.random() > ANSWERED_SHARE:
            continue
        answered_at = classification.created_at + datetime.timedelta(
            days=rng.randint(1, 20), hours=rng.randint(0, 6)
        )
        if answered_at.date() >= story.today:
            continue  # not answered yet
        if rng.random() < contest_chance:
            verdict, reason = Response.Verdict.CONTESTED, rng.choice(CONTEST_REASONS)
        else:
            verdict, reason = Response.Verdict.CONFIRMED, rng.choice(CONFIRM_REASONS)
        response = Response(
            classification=classification,
            person=person,
            verdict=verdict,
            reason=reason,
            answered_at=answered_at,
        )
        stamp([response], when=answered_at, by=person.user)
        responses.append(response)
    return responses


def _update_activities(
    story: Story,
    classifications: list[Classification],
    by_activity: dict[int, list[Response]],
) -> None:
    """Set each activity's rung, status and flag as the ladder's services would."""
    activities = {activity.pk: activity for activity in story.activities}
    changed = []
    for classification in classifications:
        activity = activities[classification.activity_id]
        responses = by_activity.get(activity.pk, [])
        status = status_from_verdicts([response.verdict for response in responses])
        activity.rung = classification.chosen_rung
        activity.rung_status = status
        activity.faux_production = is_faux_production(
            label=classification.label,
            suggested=classification.suggested_rung,
            chosen=classification.chosen_rung,
            contested=status == RungStatus.CONTESTED,
        )
        activity.updated_at = max(
            [classification.created_at, *(response.answered_at for response in responses)]
        )
        stamp([activity], when=activity.updated_at, by=classification.by)
        changed.append(activity)
    bulk_update_with_history(
        changed,
        Activity,
        ["rung", "rung_status", "faux_production", "updated_at"],
        batch_size=500,
    )


def _set_targets(story: Story) -> None:
    projects = []
    for key, project in story.projects.items():
        target = ARCS[key].target
        if target is None:
            continue
        project.target_rung = target
        # Set in the first weeks, never later than yesterday.
        days_old = (story.today - project.created_at.date()).days
        days = story.rng.randint(min(7, days_old - 1), min(45, days_old - 1))
        when = project.created_at + datetime.timedelta(days=days)
        stamp([project], when=when, by=project.created_by)
        projects.append(project)
    bulk_update_with_history(projects, Project, ["target_rung"], batch_size=500)


# Answers a member of staff entered for someone without an account.
ON_BEHALF_COUNT = 8
HOW_TOLD = [Response.How.PHONE, Response.How.IN_PERSON, Response.How.PAPER]


def create_answers_on_behalf(story: Story, *, leave_out: Person) -> None:
    """A few people without an account told a member of staff, in person, by phone
    or on paper, what they made of how their activity was classified, and the
    member of staff who logged the activity entered it for them (as
    `ladder.services.response_record` does with `entered_by`). `leave_out` (the
    person given a printed link) answers for themselves, on their own page."""
    rng = story.rng
    answered = set(Response.objects.values_list("classification_id", "person_id"))
    people = {
        person.pk: person
        for person in story.people.values()
        if person.user is None and person.pk != leave_out.pk
    }
    classifications = {
        classification.activity_id: classification
        for classification in Classification.objects.current().select_related("by")
    }
    activities = {activity.pk: activity for activity in story.activities}
    choices = [
        (classifications[involvement.activity_id], people[involvement.person_id])
        for involvement in story.involvements
        if involvement.person_id in people
        and involvement.activity_id in classifications
        and activities[involvement.activity_id].created_by is not None
        and activities[involvement.activity_id].created_by.is_trust_staff
    ]
    choices = [
        (classification, person)
        for classification, person in dict.fromkeys(choices)
        if (classification.pk, person.pk) not in answered
    ]
    responses = []
    for classification, person in rng.sample(choices, min(ON_BEHALF_COUNT, len(choices))):
        answered_at = classification.created_at + datetime.timedelta(
            days=rng.randint(2, 30), hours=rng.randint(0, 6)
        )
        if answered_at.date() >= story.today:
            continue
        if rng.random() < 0.25:
            verdict, reason = Response.Verdict.CONTESTED, rng.choice(CONTEST_REASONS)
        else:
            verdict, reason = Response.Verdict.CONFIRMED, rng.choice(CONFIRM_REASONS)
        staff = activities[classification.activity_id].created_by
        response = Response(
            classification=classification,
            person=person,
            verdict=verdict,
            reason=reason,
            answered_at=answered_at,
            entered_by=staff,
            how=rng.choice(HOW_TOLD),
        )
        stamp([response], when=answered_at, by=staff)
        responses.append(response)
    bulk_create_with_history(responses, Response, batch_size=500)
    _refresh_statuses(story, {response.classification for response in responses})


def _refresh_statuses(story: Story, classifications: set[Classification]) -> None:
    """Each activity's status and flag after the answers entered for people."""
    activities = {activity.pk: activity for activity in story.activities}
    verdicts: dict[int, list[str]] = defaultdict(list)
    for classification_id, verdict in Response.objects.filter(
        classification__in=classifications
    ).values_list("classification_id", "verdict"):
        verdicts[classification_id].append(verdict)
    changed = []
    for classification in classifications:
        activity = activities[classification.activity_id]
        activity.rung_status = status_from_verdicts(verdicts[classification.pk])
        activity.faux_production = is_faux_production(
            label=classification.label,
            suggested=classification.suggested_rung,
            chosen=classification.chosen_rung,
            contested=activity.rung_status == RungStatus.CONTESTED,
        )
        latest = Response.objects.filter(classification=classification).latest("answered_at")
        activity.updated_at = max(activity.updated_at, latest.answered_at)
        stamp([activity], when=activity.updated_at, by=latest.entered_by)
        changed.append(activity)
    bulk_update_with_history(
        changed, Activity, ["rung_status", "faux_production", "updated_at"], batch_size=500
    )
