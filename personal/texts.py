"""The words of the personal page, in standard English and in Easy Read.

Standard texts score at least 60 on the Flesch reading-ease scale and Easy Read
texts at least 80 (`tests/personal/test_texts.py`).
"""

from __future__ import annotations

STANDARD = {
    "title": "Your page",
    "lede": "This page is just for you. It shows the work you do with us.",
    "waiting": "What is waiting for you",
    "nothing_waiting": "Nothing is waiting for you just now. Thank you for your help.",
    "rounds_intro": "We would like to know how well these projects work for you.",
    "rungs_intro": "Tell us if we described these activities right. There is no wrong answer.",
    "said_did": "You said, we did",
    "said_did_intro": "What changed because of the activities you took part in.",
    "nothing_changed": "Nothing is written here yet. We will add it when something changes.",
    "told_on": "We told you on",
    "more_told": "Earlier changes",
    "involvement": "What you took part in",
    "latest_intro": "Here are the last 10 things you took part in.",
    "all_activities": "See all your activities",
    "activities_title": "All your activities",
    "activities_intro": "Everything you took part in with us, newest first.",
    "no_activities": "Nothing is written here yet.",
    "tax_years": "Money for each tax year",
    "tax_years_intro": "A tax year runs from 6 April to 5 April. If you get benefits, these totals can help you tell them about money you were paid.",
    "pay_limit": "The limit you chose",
    "pay_limit_intro": "You asked us to keep your fees under a limit. It is your choice. We will tell you before we pay you more than it.",
    "pay_limit_so_far": "Your fees so far",
    "pay_limit_advice": "For free advice about money and benefits, you can go to",
    "details": "Your details and choices",
    "details_intro": "Check how we contact you and how you like things written.",
    "equality": "Equality questions",
    "equality_intro": "These questions are optional. We ask them to check we hear from all kinds of people. Only totals are ever shown. Nobody can look up your answers.",
    "check_rung": "Check how we described it",
    "start_round": "Start answering",
    "more_rungs": "There are more to check. They will show here when you have checked these.",
    "contents": "On this page",
    # The page on paper (`personal/printing.py`).
    "download": "Download your page as a large-print PDF",
    "print_intro": "This is a copy of your own page, in large print. It shows the work you do with us.",
    "print_waiting_how": "You can answer on your page online. Or ask us for a form on paper.",
    "print_details_wrong": "If something here is wrong, tell us and we will put it right.",
    "print_no_money": "No payments yet.",
    "print_more_rungs": "There are {n} more to check. You can check them on your page, or ask us for the next form.",
    "print_told_earlier": "We told you about {n} more changes before these. They are on your page.",
    "print_all_activities": "This copy shows the latest {shown}. You took part in {n} in all. They are all on your page.",
    "form_more": "There are {n} more to check. When we get this form back, we will send you the next one.",
    # The form to check activities on paper.
    "form_title": "Did we get these activities right?",
    "form_intro": "You took part in these activities. For each one, tick one box. You can tell us why, but you do not have to.",
    "form_we_said": "We said it was",
    "form_yes": "Yes, that is right",
    "form_no": "No, not quite",
    "form_why": "Tell us why (you do not have to). Please do not write anyone's name.",
    "form_send": "Please send the form back to us. A member of staff will type your answers in for you.",
}

EASY_READ = {
    "title": "Your page",
    "lede": "This page is for you. It shows the work you do with us.",
    "waiting": "Things to do",
    "nothing_waiting": "There is nothing to do now. Thank you.",
    "rounds_intro": "Tell us how the project is going for you.",
    "rungs_intro": "Did we say it right? Tell us. There is no wrong answer.",
    "said_did": "You said, we did",
    "said_did_intro": "What we changed because of you.",
    "nothing_changed": "Nothing here yet. We will tell you when things change.",
    "told_on": "We told you on",
    "more_told": "More changes",
    "involvement": "What you did with us",
    "latest_intro": "Here are the last 10 things you did.",
    "all_activities": "See all your activities",
    "activities_title": "All you did with us",
    "activities_intro": "The newest is at the top.",
    "no_activities": "Nothing here yet.",
    "tax_years": "Money each year",
    "tax_years_intro": "A tax year starts on 6 April. It ends on 5 April. This can help if you get benefits.",
    "pay_limit": "Your limit",
    "pay_limit_intro": "You told us a limit for your pay. You choose it. We tell you if we would pay you more.",
    "pay_limit_so_far": "Paid so far",
    "pay_limit_advice": "For free help about money, go to",
    "details": "About you",
    "details_intro": "How we get in touch. How you like to read things.",
    "equality": "Questions about you",
    "equality_intro": "You do not have to answer. We only count the answers. Nobody sees yours.",
    "check_rung": "Check it",
    "start_round": "Start",
    "more_rungs": "There are more to check. You will see them next.",
    "contents": "On this page",
    "download": "Get this page in big print (PDF)",
    "print_intro": "This is your page on paper. It is in big print.",
    "print_waiting_how": "You can do this on your page. Or ask us for a form on paper.",
    "print_details_wrong": "Is something wrong? Tell us. We will fix it.",
    "print_no_money": "No money yet.",
    "print_more_rungs": "There are {n} more. You can do them on your page. Or ask us for the next form.",
    "print_told_earlier": "We told you {n} more things before this. They are on your page.",
    "print_all_activities": "Here are the last {shown}. You did {n} in all. They are all on your page.",
    "form_more": "There are {n} more. When you send this back, we will send you the next form.",
    "form_title": "Did we say it right?",
    "form_intro": "You took part in these. Tick one box for each one. You can tell us why if you want to.",
    "form_we_said": "We said",
    "form_yes": "Yes, that is right",
    "form_no": "No, not quite",
    "form_why": "Why? You do not have to say. Do not write names.",
    "form_send": "Send the form back to us. We will put your answers in for you.",
}


def texts_for(person) -> dict[str, str]:
    return EASY_READ if is_easy_read(person) else STANDARD


def is_easy_read(person) -> bool:
    return person.preferred_format == person.Format.EASY_READ
