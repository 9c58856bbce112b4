"""The twenty demo projects: what each is for, who leads it and how it went.

Dates are days before "today", so the demo always covers the last two years.
Beats are the one-off moments of a project, in order; repeats fill the rest of
its activities (titles may use {n}, a running number, and {month}).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Beat:
    kind: str
    title: str
    description: str
    what_changed: str = ""
    at: float | None = None  # how far through the project (0 to 1); None spreads beats evenly


@dataclass(frozen=True)
class Repeat:
    kind: str
    title: str
    description: str
    cycle: int = 0  # for courses: {n} counts 1..cycle, then starts again


@dataclass(frozen=True)
class Storyline:
    key: str
    title: str
    aim: str
    services: tuple[str, ...]
    status: str
    start: int  # days ago
    end: int | None  # days ago: when it finished (completed) or stopped (paused)
    leads: tuple[str, ...]
    members: tuple[str, ...]
    activities: int
    beats: tuple[Beat, ...]
    repeats: tuple[Repeat, ...] = field(default=())


GROUP_MEETING = Repeat(
    "meeting", "Project group meeting, {month}", "The project group met to check progress and plan."
)

STORYLINES = [
    Storyline(
        key="welcome_pack",
        title="A welcome pack for Birch ward",
        aim=(
            "People arriving on the ward told us the first day is the most frightening. "
            "We want a welcome pack, written with people who have stayed here, that says "
            "what happens, who is who and what you can ask for."
        ),
        services=("birch",),
        status="completed",
        start=700,
        end=380,
        leads=("sunita", "jordan"),
        members=("grace",),
        activities=16,
        beats=(
            Beat(
                "focus_group",
                "What I wish I had known on my first day",
                "People who have stayed on Birch ward shared what the first day was like.",
                "People said nobody explained what 'obs' meant. The pack now explains it in one line.",
            ),
            Beat(
                "workshop",
                "Choosing what goes in the pack",
                "We sorted ideas into 'must have' and 'nice to have'.",
                "The group cut the pack from 20 pages to 8 and put 'your rights' on page one.",
            ),
            Beat(
                "writing",
                "Writing the first draft together",
                "Jordan and Sunita drafted the pack with two people from the ward.",
            ),
            Beat(
                "questionnaire",
                "Asking people on the ward to read the draft",
                "A short feedback form went out with the draft.",
                "Readers asked for a map of the ward. A hand-drawn map is now on the back page.",
            ),
            Beat(
                "event",
                "Launching the welcome pack",
                "A tea on the ward to hand out the first printed copies.",
                "Every new admission now gets the pack, and an Easy Read version is ready.",
            ),
        ),
        repeats=(
            GROUP_MEETING,
            Repeat(
                "writing", "Writing session, {month}", "Working through the next part of the pack."
            ),
        ),
    ),
    Storyline(
        key="calmer_nights",
        title="Calmer nights on Birch ward",
        aim=(
            "Nights on the ward can be loud and lonely. We want to find out what would "
            "help people sleep and feel safe, and try the ideas out."
        ),
        services=("birch",),
        status="active",
        start=420,
        end=None,
        leads=("sunita", "grace"),
        members=("jordan",),
        activities=20,
        beats=(
            Beat(
                "questionnaire",
                "A sleep survey for everyone on the ward",
                "Twelve questions about noise, light and feeling safe at night.",
                "Most people said the night checks woke them. Torches now have a red filter.",
            ),
            Beat(
                "focus_group",
                "Talking about nights with people who have stayed here",
                "An evening session with people who had recently left the ward.",
                "People asked for a hot drink after 10pm. The kitchen now stays open until midnight.",
            ),
            Beat(
                "always_event",
                "Always Event: being told what night checks are for",
                "Agreeing one thing that should always happen at night.",
                "Every new admission now has night checks explained on their first evening.",
            ),
            Beat(
                "workshop",
                "Testing quieter doors and softer lights",
                "People tried the new door closers and lamps and said what they thought.",
            ),
        ),
        repeats=(
            GROUP_MEETING,
            Repeat(
                "focus_group",
                "How were the nights? {month}",
                "Asking people on the ward how the changes are working at night.",
            ),
        ),
    ),
    Storyline(
        key="birch_reis",
        title="Environmental assessment (REIS) of Birch ward",
        aim=(
            "Does the ward help people get well, or get in the way? People who have stayed "
            "here and our occupational therapists will look at the space, the things in it, "
            "how staff and patients get on, and what there is to do, then push for changes."
        ),
        services=("birch",),
        status="active",
        start=640,
        end=None,
        leads=("tom", "sunita"),
        members=("jordan", "grace"),
        activities=12,
        beats=(
            Beat(
                "training",
                "Learning how to do a REIS assessment",
                "Tom ran a session for the people joining the assessment team.",
            ),
            Beat(
                "reis",
                "First REIS assessment of Birch ward",
                "The team spent a day on the ward: looking, asking and scoring.",
                "The ward manager agreed to open the garden all day and to unlock the kitchen for drinks.",
            ),
            Beat(
                "meeting",
                "Sharing what we found with the ward team",
                "The assessment team presented the findings at the ward business meeting.",
                "A quiet room was set up in the second lounge.",
            ),
            Beat(
                "reis",
                "Second REIS assessment of Birch ward",
                "A year on: the same team looked again to see what had changed.",
                "Scores went up in three domains. Weekend activities are the next thing to fix.",
            ),
            Beat(
                "reis",
                "Third REIS assessment of Birch ward",
                "A shorter check on the weekend activities and the garden.",
            ),
        ),
        repeats=(
            Repeat(
                "meeting", "Assessment team check-in, {month}", "Checking on the agreed changes."
            ),
        ),
    ),
    Storyline(
        key="community_meeting",
        title="Ward community meetings, run differently",
        aim=(
            "Community meetings feel like staff talking at people. People on the ward want "
            "to set the agenda and take turns to chair."
        ),
        services=("birch",),
        status="idea",
        start=30,
        end=None,
        leads=("sunita",),
        members=("jordan",),
        activities=1,
        beats=(
            Beat(
                "meeting",
                "First conversation about community meetings",
                "A chat with people on the ward about what they would change.",
            ),
        ),
    ),
    Storyline(
        key="sensory_room",
        title="A sensory room for Rowan ward",
        aim=(
            "Somewhere calm to go when things get too much, designed by people who have "
            "needed it, so that restraint is used less."
        ),
        services=("rowan",),
        status="active",
        start=520,
        end=None,
        leads=("kieran", "dev"),
        members=("aisha", "tom"),
        activities=22,
        beats=(
            Beat(
                "focus_group",
                "What helps when things get too much",
                "People shared what calms them and what makes things worse.",
                "People asked for weighted blankets and music they choose. Both are on the list.",
            ),
            Beat(
                "workshop",
                "Designing the room on paper",
                "People drew the room they wanted and voted on the ideas.",
                "The group chose a dimmer switch, a beanbag and a window seat over a bubble tube.",
            ),
            Beat(
                "meeting",
                "Agreeing the budget with the estates team",
                "Dev and Kieran met the estates team to agree what could be done.",
            ),
            Beat(
                "event",
                "Opening the sensory room",
                "People who designed the room opened it with the ward team.",
                "The room is open every day, and people can ask to use it without a reason.",
            ),
            Beat(
                "questionnaire",
                "How is the sensory room working?",
                "A short survey three months after opening.",
            ),
        ),
        repeats=(
            GROUP_MEETING,
            Repeat(
                "workshop",
                "Trying out things for the room, {month}",
                "People tried lights, fabrics and music and said what helped.",
            ),
        ),
    ),
    Storyline(
        key="rowan_reis",
        title="Environmental assessment (REIS) of Rowan ward",
        aim=(
            "Rowan ward is small and busy. We want to find out, with people who have stayed "
            "here, whether it helps people get through a hard time."
        ),
        services=("rowan",),
        status="completed",
        start=690,
        end=450,
        leads=("aisha",),
        members=("dev", "tom"),
        activities=8,
        beats=(
            Beat(
                "reis",
                "REIS assessment of Rowan ward",
                "A day on the ward with two experts by experience and an occupational therapist.",
                "Clocks and calendars went into every bedroom within a month.",
            ),
            Beat(
                "meeting",
                "Agreeing changes with the ward manager",
                "Going through the findings one domain at a time.",
                "Staff now eat lunch on the ward, not in the office.",
            ),
            Beat(
                "reis",
                "Follow-up REIS assessment of Rowan ward",
                "Looking again six months later.",
                "The ward is keeping a list of the changes on the noticeboard.",
            ),
        ),
        repeats=(
            Repeat(
                "meeting", "Assessment team check-in, {month}", "Checking on the agreed changes."
            ),
        ),
    ),
    Storyline(
        key="panels",
        title="People with lived experience on every interview panel",
        aim=(
            "The people who use our wards should help choose who works on them. Every "
            "interview for a ward job has a panel of people with lived experience, trained "
            "and paid, whose view counts."
        ),
        services=("inpatient", "birch", "rowan"),
        status="active",
        start=715,
        end=None,
        leads=("sunita", "shona"),
        members=("jordan", "dev", "kieran"),
        activities=30,
        beats=(
            Beat(
                "training",
                "Training for interview panel members",
                "What the law says, how scoring works and how to ask good questions.",
                "Panel members asked for a practice interview. It is now part of the training.",
                at=0.0,
            ),
            Beat(
                "writing",
                "Writing the panel's questions",
                "The panel wrote its own questions about listening and sharing decisions.",
                at=0.05,
            ),
        ),
        repeats=(
            Repeat(
                "interview_panel",
                "Interview panel: ward nurse",
                "People with lived experience interviewed candidates alongside the staff panel.",
            ),
            Repeat(
                "interview_panel",
                "Interview panel: healthcare assistant",
                "A lived-experience panel met each candidate.",
            ),
            Repeat(
                "interview_panel",
                "Interview panel: ward manager",
                "A lived-experience panel met each candidate.",
            ),
        ),
    ),
    Storyline(
        key="care_plans",
        title="Care plans in my own words",
        aim=(
            "People said their care plans read like a letter about someone else. We want a "
            "care plan that starts with what the person says matters to them, in their words."
        ),
        services=("riverside",),
        status="active",
        start=480,
        end=None,
        leads=("helen", "shona"),
        members=("marcus", "pat"),
        activities=20,
        beats=(
            Beat(
                "focus_group",
                "What a good care plan looks like",
                "People brought (or remembered) their care plans and said what worked.",
                "People wanted 'what matters to me' at the top. The template now starts there.",
            ),
            Beat(
                "writing",
                "Rewriting the care plan template",
                "Shona and Helen redrafted the template with four people who use the team.",
                "Words like 'non-compliant' and 'refused' were taken out of the guidance.",
            ),
            Beat(
                "training",
                "Training care coordinators to use the new template",
                "Shona co-delivered the training with a senior practitioner.",
            ),
            Beat(
                "questionnaire",
                "Do you recognise yourself in your care plan?",
                "A short survey of people with the new care plans.",
            ),
        ),
        repeats=(
            GROUP_MEETING,
            Repeat(
                "workshop",
                "Testing the template with people who use the team, {month}",
                "People filled in the new template with a care coordinator and said what to change.",
            ),
        ),
    ),
    Storyline(
        key="carers_evenings",
        title="Evening sessions for carers",
        aim=(
            "Carers told us they only hear from us in a crisis. A regular evening session "
            "where carers can ask questions, meet each other and tell us what would help."
        ),
        services=("riverside", "crisis"),
        status="paused",
        start=600,
        end=150,
        leads=("marcus", "pat"),
        members=("helen",),
        activities=14,
        beats=(
            Beat(
                "questionnaire",
                "What would help carers?",
                "A short survey for carers, on paper and online.",
                "Carers chose Tuesday evenings and asked for food. Both happen now.",
            ),
            Beat(
                "meeting",
                "Pausing the sessions",
                "Numbers had dropped, so the group agreed to pause and rethink.",
            ),
        ),
        repeats=(
            Repeat(
                "event",
                "Carers' evening, {month}",
                "An evening for carers: a short talk, food, and time to talk.",
            ),
        ),
    ),
    Storyline(
        key="crisis_survey",
        title="What helps in a crisis?",
        aim=(
            "We want to hear from people who have used the crisis team what helped, what "
            "did not, and what they want us to change."
        ),
        services=("crisis",),
        status="completed",
        start=560,
        end=330,
        leads=("priya",),
        members=("marcus", "shona"),
        activities=10,
        beats=(
            Beat(
                "workshop",
                "Designing the questions",
                "People who have used the team chose what to ask and how.",
                "The survey was cut to 12 questions and an Easy Read version was made.",
            ),
            Beat(
                "questionnaire",
                "Crisis feedback survey",
                "The survey went out by text, on paper and by phone.",
            ),
            Beat(
                "focus_group",
                "Talking through the survey results",
                "People who answered were invited to make sense of the results with us.",
                "The team now calls back within 4 hours, and says when it will call.",
            ),
            Beat(
                "event",
                "Sharing what we learned",
                "An open session to share the results and the changes.",
            ),
        ),
        repeats=(
            GROUP_MEETING,
            Repeat(
                "focus_group",
                "Listening session, {month}",
                "People who have used the crisis team talked about what helped.",
            ),
        ),
    ),
    Storyline(
        key="anxiety_course",
        title="Recovery college course: Understanding anxiety",
        aim=(
            "A four-week course, written and taught by a peer trainer and a clinician "
            "together, for anyone who wants to understand anxiety and find what helps."
        ),
        services=("college",),
        status="active",
        start=650,
        end=None,
        leads=("rachel", "yasmin"),
        members=("owen", "shona"),
        activities=36,
        beats=(
            Beat(
                "writing",
                "Writing the course together",
                "Yasmin and Rachel wrote the four sessions and the handouts.",
                at=0.0,
            ),
            Beat(
                "questionnaire",
                "Feedback from the first term's learners",
                "Learners rated each session and said what to change.",
                "The breathing exercise moved to the first session, as learners asked.",
                at=0.2,
            ),
        ),
        repeats=(
            Repeat(
                "training",
                "Understanding anxiety: session {n} of 4, {month}",
                "A two-hour session co-delivered by a peer trainer and a clinician.",
                cycle=4,
            ),
            Repeat("meeting", "Trainers' planning meeting, {month}", "Planning the next term."),
        ),
    ),
    Storyline(
        key="voices_course",
        title="Recovery college course: Hearing voices, finding ways through",
        aim=(
            "A course for people who hear voices and the people close to them, taught by "
            "people who hear voices, about living well with them."
        ),
        services=("college",),
        status="completed",
        start=710,
        end=420,
        leads=("owen",),
        members=("jordan", "rachel"),
        activities=18,
        beats=(
            Beat(
                "workshop",
                "Shaping the course with people who hear voices",
                "People said what they wished they had been told.",
                "The course now has a session for family members.",
                at=0.0,
            ),
        ),
        repeats=(
            Repeat(
                "training",
                "Hearing voices course: session {n} of 6, {month}",
                "A session co-delivered by a peer trainer and a psychologist.",
                cycle=6,
            ),
        ),
    ),
    Storyline(
        key="prospectus",
        title="A recovery college prospectus people want to read",
        aim=(
            "The prospectus is long and dense. Learners want something short and friendly, "
            "with faces and stories, in print and online."
        ),
        services=("college",),
        status="idea",
        start=40,
        end=None,
        leads=("rachel",),
        members=("yasmin",),
        activities=2,
        beats=(
            Beat("meeting", "First ideas for the prospectus", "A chat over coffee with learners."),
            Beat(
                "focus_group",
                "What makes you pick up a leaflet?",
                "Learners brought leaflets they liked and said why.",
            ),
        ),
    ),
    Storyline(
        key="sensory_garden",
        title="A sensory garden for Hazel ward",
        aim=(
            "The garden is a patch of grass nobody uses. People on the ward and their "
            "families want a garden with things to touch, smell and grow, and somewhere to sit."
        ),
        services=("hazel",),
        status="active",
        start=450,
        end=None,
        leads=("bethan", "marcia"),
        members=("samuel",),
        activities=22,
        beats=(
            Beat(
                "workshop",
                "Dreaming up the garden",
                "With pictures, seeds and plants to touch, people showed what they liked.",
                "People chose raised beds, a water feature and wind chimes.",
            ),
            Beat(
                "meeting",
                "Meeting the garden charity",
                "Marcia and Bethan met a local gardening charity to ask for help.",
            ),
            Beat(
                "event",
                "Planting day",
                "People on the ward, families and staff planted the first beds.",
                "People now look after their own pots and choose what to grow next.",
            ),
            Beat(
                "questionnaire",
                "Easy Read garden survey",
                "A picture survey about using the garden.",
                "People asked for shade. A sail shade went up before the summer.",
            ),
        ),
        repeats=(
            GROUP_MEETING,
            Repeat("event", "Gardening afternoon, {month}", "People and staff gardening together."),
        ),
    ),
    Storyline(
        key="easy_read_letters",
        title="Easy Read letters from Hazel ward",
        aim=(
            "Letters from the ward are hard to understand. People with a learning "
            "disability will help us rewrite them so everyone knows what is happening."
        ),
        services=("hazel", "cldt"),
        status="completed",
        start=620,
        end=300,
        leads=("samuel",),
        members=("marcia", "lucy"),
        activities=12,
        beats=(
            Beat(
                "workshop",
                "Which letters are hardest?",
                "People sorted real letters (with names removed) into easy and hard.",
                "The admission letter and the ward round letter were picked to go first.",
            ),
            Beat(
                "questionnaire",
                "Checking the new letters",
                "People read the new letters and said if they made sense.",
                "All six ward letters now have an Easy Read version.",
            ),
        ),
        repeats=(
            Repeat(
                "writing", "Rewriting letters together, {month}", "Rewriting one letter at a time."
            ),
        ),
    ),
    Storyline(
        key="ward_round",
        title="Always Event: being listened to at ward round",
        aim=(
            "Ward rounds can be frightening and fast. People want to always be asked what "
            "they want to talk about, and to always get a summary they can understand."
        ),
        services=("hazel",),
        status="active",
        start=380,
        end=None,
        leads=("bethan",),
        members=("marcia", "samuel"),
        activities=14,
        beats=(
            Beat(
                "focus_group",
                "What should always happen at ward round?",
                "People and families chose the one thing that matters most.",
                "'Always ask me first' was chosen as the Always Event.",
                at=0.0,
            ),
        ),
        repeats=(
            Repeat(
                "always_event",
                "Always Event check, {month}",
                "Checking with people whether it happened at their ward round.",
            ),
            GROUP_MEETING,
        ),
    ),
    Storyline(
        key="health_checks",
        title="Annual health checks that work for people with a learning disability",
        aim=(
            "Too many people miss their annual health check. People with a learning "
            "disability and their families will tell us what gets in the way and help fix it."
        ),
        services=("cldt",),
        status="active",
        start=540,
        end=None,
        leads=("lucy", "pat"),
        members=("marcia",),
        activities=18,
        beats=(
            Beat(
                "focus_group",
                "Why do people miss their health check?",
                "People and families shared what makes the check hard.",
                "People wanted to see the room first. GP surgeries now offer a visit beforehand.",
            ),
            Beat(
                "writing",
                "An Easy Read guide to your health check",
                "Writing and testing a picture guide.",
                "The guide is now sent with every invitation.",
            ),
            Beat(
                "training",
                "Training for GP receptionists",
                "People with a learning disability co-delivered a session on reasonable adjustments.",
            ),
            Beat(
                "event",
                "Health check open day",
                "A relaxed day to meet nurses and see the equipment.",
            ),
        ),
        repeats=(
            GROUP_MEETING,
            Repeat(
                "focus_group",
                "Listening to families, {month}",
                "Families and people with a learning disability talked about their last health check.",
            ),
        ),
    ),
    Storyline(
        key="autism_wait",
        title="Less of a wait in the dark for an autism assessment",
        aim=(
            "People waiting for an autism assessment hear nothing for months. Together we "
            "will decide what updates people want, how often and in what format."
        ),
        services=("autism",),
        status="paused",
        start=500,
        end=200,
        leads=("daniel",),
        members=("lucy",),
        activities=9,
        beats=(
            Beat(
                "questionnaire",
                "What would help while you wait?",
                "A survey of people on the waiting list.",
                "People wanted a letter every three months, even if nothing had changed.",
            ),
            Beat(
                "meeting",
                "Pausing while the service is reorganised",
                "The project was paused until the new team is in place.",
            ),
        ),
        repeats=(
            GROUP_MEETING,
            Repeat(
                "writing",
                "Writing the waiting-list update, {month}",
                "Writing the regular update letter with people on the waiting list.",
            ),
        ),
    ),
    Storyline(
        key="lighthouse_reis",
        title="Young people's REIS assessment of the Lighthouse unit",
        aim=(
            "Young people who have stayed on the unit will assess it with our occupational "
            "therapist: is it a place where a teenager can get well?"
        ),
        services=("lighthouse",),
        status="active",
        start=300,
        end=None,
        leads=("fiona", "yasmin"),
        members=("joseph",),
        activities=12,
        beats=(
            Beat(
                "training",
                "Getting ready to assess the unit",
                "A short training session for the young assessors.",
            ),
            Beat(
                "reis",
                "REIS assessment of the Lighthouse unit",
                "Young assessors spent an afternoon on the unit.",
                "Wi-Fi in the lounge was fixed, and phone charging was moved out of the office.",
            ),
            Beat(
                "meeting",
                "Young assessors present to the unit team",
                "Young people shared the findings and asked for changes.",
                "The unit agreed to let young people plan the weekend activities.",
            ),
            Beat(
                "reis",
                "Follow-up REIS assessment of the Lighthouse unit",
                "Looking again after the first changes.",
            ),
        ),
        repeats=(
            Repeat(
                "meeting", "Young assessors' check-in, {month}", "Checking on the agreed changes."
            ),
        ),
    ),
    Storyline(
        key="transition_guide",
        title="Moving on from the Lighthouse unit: a guide by young people",
        aim=(
            "Leaving the unit, or turning 18, is a cliff edge. Young people want a guide, "
            "written by people who have been through it, for those who come next."
        ),
        services=("lighthouse", "ypct"),
        status="idea",
        start=21,
        end=None,
        leads=("joseph", "megan"),
        members=("yasmin",),
        activities=1,
        beats=(
            Beat(
                "meeting",
                "First meeting about a moving-on guide",
                "Young people and staff talked about what a guide could cover.",
            ),
        ),
    ),
]
