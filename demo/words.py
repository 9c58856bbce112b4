"""Everyday words the demo draws on: access needs, charities, "you said, we did"
statements and REIS findings. All made up, in plain English."""

from __future__ import annotations

ACCESS_NEEDS = {
    "adult": [
        "A quiet room, and a break every 45 minutes.",
        "Papers a week before, so there is time to read them.",
        "Meetings after 11am, because of medication in the morning.",
        "Uses a wheelchair: ground-floor rooms only.",
        "A hearing loop, please, and people speaking one at a time.",
        "Likes to know who will be there before coming.",
        "Travel paid on the day, in cash: no bank card.",
    ],
    "ld": [
        "Easy Read papers with pictures, and someone to go through them first.",
        "Comes with a support worker, who is not paid for the session.",
        "Short sessions: an hour at most, with a break.",
        "A photo of the room and the people before the day.",
        "Needs a taxi both ways; we book it.",
        "Finds loud rooms hard: ear defenders help.",
    ],
    "cyp": [
        "After school only, or in the holidays.",
        "Prefers to take part online with the camera off.",
        "A parent or carer nearby for the first few sessions.",
        "Text reminders the day before, not phone calls.",
        "Needs to be able to leave the room without explaining why.",
    ],
}

# Local charities people chose to give their fee to (made up).
CHARITIES = [
    "Greenway Carers' Centre",
    "Hazelbrook Gateway Club",
    "Eastvale Food Bank",
    "The Lantern Trust",
    "Riverside Hearing Voices Group",
]

PRIVACY_NOTICES = ["2024.1", "2025.2"]

# "You said, we did" for activities that repeat. One-off activities in the
# storylines carry their own.
WHAT_CHANGED = {
    "meeting": [
        "People asked for papers a week ahead. The agenda now goes out the Monday before.",
        "Mornings were hard for some people, so meetings moved to early afternoon.",
        "The group asked to chair meetings in turn. From the next one, a member with lived experience chairs.",
        "People said jargon got in the way. We now keep a list of words on the wall and stop to explain them.",
        "We agreed to pay travel in cash on the day for people without a bank card.",
        "The group chose its next three priorities. Staff took away actions, each with a date.",
        "People wanted to see what happened to their ideas. Each meeting now starts with 'what we did since last time'.",
    ],
    "workshop": [
        "The draft was rewritten in shorter sentences after people said it read like a policy.",
        "People picked the three ideas to try first. Each now has a named person and a date.",
        "We changed the colours and the font size after people said the first version was hard to read.",
        "The group asked for the photos to show real rooms, not stock pictures. We took new ones together.",
    ],
    "focus_group": [
        "People said they did not know who to ask at night. The name of the nurse in charge is now on the board.",
        "Several people said the first 24 hours were the hardest. A peer worker now visits on the first day.",
        "People wanted more say over when visitors come. Visiting times were widened at weekends.",
        "Families said they heard nothing after discharge. A follow-up call within a week is now routine.",
    ],
    "questionnaire": [
        "Answers showed people wanted shorter forms. The questionnaire went from 30 questions to 12.",
        "The Easy Read version doubled the number of replies, so it is now sent to everyone who asks.",
        "People asked for a way to answer by phone. A peer worker now rings anyone who wants to answer that way.",
    ],
    "interview_panel": [
        "The panel's view was given the same weight as the staff panel's, and the person they chose was appointed.",
        "Panel members asked for a question on how candidates share decisions. It is now in every interview.",
        "Candidates now meet people with lived experience informally before the interview, at the panel's request.",
    ],
    "event": [
        "Visitors asked for the event to be repeated in the evening. A second date is booked.",
        "People said the room was too noisy. Next time there will be a quiet space with chairs and water.",
    ],
    "training": [
        "Learners asked for the slides on paper. Large-print handouts are now ready at every session.",
        "Learners said one session was rushed. The course now has five sessions instead of four.",
        "A learner asked to co-deliver next term. They joined the training team after a short induction.",
        "People wanted more time for stories and less for slides. The session plan now has a 30-minute share.",
    ],
    "always_event": [
        "Ward rounds now start by asking the person what they want to talk about.",
        "People now get a written summary of their ward round in the format they chose.",
    ],
    "writing": [
        "The group rewrote the opening so it starts with the person, not the service.",
        "Words people found cold, like 'non-compliant', were taken out.",
    ],
    "reis": [
        "The assessment team agreed a list of changes with the ward manager, each with a date.",
    ],
}

# Short REIS findings, by domain and by how things were going (low: ratings 1-2).
REIS_FINDINGS = {
    "space": {
        "low": [
            "One shared lounge, and the television is always on. Nowhere quiet to sit.",
            "Corridors are long and bare. People said it feels like a hospital, not somewhere to get well.",
            "The garden is locked most of the day.",
        ],
        "high": [
            "A second lounge is now a quiet room, and people use it.",
            "The garden is open from 9am to dusk, with seating in the shade.",
            "Bedrooms have pinboards and people have put up their own pictures.",
        ],
    },
    "objects": {
        "low": [
            "The kitchen is locked, so people cannot make a drink when they want one.",
            "Few books, games or art things, and those there are look worn out.",
            "No clocks in the bedrooms. People lose track of time.",
        ],
        "high": [
            "A drinks station is open all day.",
            "New board games, books and art materials, chosen by people on the ward.",
            "Clocks and calendars in every bedroom.",
        ],
    },
    "relationships": {
        "low": [
            "Staff spend most of the day in the office. People said they feel watched, not helped.",
            "People do not know the names of the staff on shift.",
        ],
        "high": [
            "Staff eat lunch with people on the ward most days.",
            "Photos and names of the team on shift are on the board by the door.",
            "People said staff now knock and wait before coming in.",
        ],
    },
    "activities": {
        "low": [
            "Evenings and weekends have nothing planned.",
            "Activities are chosen by staff and often cancelled at short notice.",
        ],
        "high": [
            "A weekly planning meeting where people choose the activities.",
            "Weekend activities now run, led in turn by staff and peer workers.",
            "Cancelled sessions are rare, and a reason is given when they happen.",
        ],
    },
}
