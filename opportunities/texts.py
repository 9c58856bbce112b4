"""The words people on the register read about opportunities, in standard English
and in Easy Read: on their personal page and on the page where they say they are
interested. Standard texts score at least 60 on the Flesch reading-ease scale and
Easy Read texts at least 80 (`tests/opportunities/test_texts.py`)."""

from __future__ import annotations

STANDARD = {
    "heading": "Ways to get involved",
    "intro": "These are chances to help shape services. Tell us if one suits you. You can change your mind at any time.",
    "none": "There is nothing open just now. We will show new ones here.",
    "read_more": "Find out more",
    "interested": "You said you are interested",
    "pays": "Pay",
    "not_paid": "This is not paid. We can still pay your travel costs if you ask.",
    "when": "When",
    "to_be_arranged": "To be arranged with the people who take part.",
    "where": "Where",
    "time_needed": "Time needed",
    "support": "Help we offer",
    "support_none": "Ask us what would help you.",
    "looking_for": "Who we are looking for",
    "closes": "Closing date",
    "say_heading": "Would you like to take part?",
    "say_intro": "Tell us you are interested. It does not mean you have to take part. We will get in touch to talk about it.",
    "support_label": "What would help you take part? (optional)",
    "support_hint": "For example, a quiet room, a lift, breaks, or someone to come with you.",
    "submit": "I'm interested",
    "update": "Save changes",
    "thanks": "Thank you. We have told the team you are interested. They will get in touch.",
    "already": "You told us you are interested. You can change what would help, or take it back.",
    "withdraw_heading": "Changed your mind?",
    "withdraw_intro": "That is fine. We will not ask why.",
    "withdraw": "I'm no longer interested",
    "withdrawn": "We have taken your name off. Thank you for letting us know.",
    "closed": "This one has closed. Thank you for looking.",
    "back": "Back to your page",
}

EASY_READ = {
    "heading": "Ways to get involved",
    "intro": "You can help us make things better. Tell us if you want to help. You can change your mind.",
    "none": "There is nothing new now. Look again soon.",
    "read_more": "Read more",
    "interested": "You said yes",
    "pays": "Pay",
    "not_paid": "There is no pay. We can pay for your bus or taxi.",
    "when": "When",
    "to_be_arranged": "We will find a time with you.",
    "where": "Where",
    "time_needed": "How long",
    "support": "Help we give",
    "support_none": "Ask us what help you need.",
    "looking_for": "Who we want",
    "closes": "Tell us by",
    "say_heading": "Do you want to help?",
    "say_intro": "Tell us if you want to help. You do not have to. We will talk to you first.",
    "support_label": "What help do you need? (you do not have to say)",
    "support_hint": "It might be a quiet room, a lift, a break or a friend with you.",
    "submit": "I'm interested",
    "update": "Save",
    "thanks": "Thank you. We will get in touch with you soon.",
    "already": "You said yes. You can change what help you need. Or you can say no now.",
    "withdraw_heading": "Changed your mind?",
    "withdraw_intro": "That is OK. You do not have to say why.",
    "withdraw": "I'm no longer interested",
    "withdrawn": "OK. We took your name off. Thank you for telling us.",
    "closed": "This has closed now. Thank you for looking.",
    "back": "Back to your page",
}


def texts_for(*, easy_read: bool) -> dict[str, str]:
    return EASY_READ if easy_read else STANDARD
