"""Every URL that names an object, aimed at someone else's object.

`tests/access.py` proves each URL answers each persona as it should for the
personas' own objects. This table asks the other question: what happens when a
person who uses a kind of page for their own work types in the id of an object
that is not theirs (the next number along, a link someone forwarded)? The answer
must be 404 (or 403 where that kind of object is readable to them but not
changeable), and a POST must change nothing.

Each case names:
- `target`: the URL arguments for an object that belongs elsewhere (the `elsewhere`
  fixture in `test_object_access.py` builds a second project, service, plan...);
- `intruders`: the personas who use this kind of page for their own objects, with
  the status each must get here;
- `owner`: a persona who may act on that object. Their POST of the same form must
  change the database, which proves the refused POST carried a real change.

`test_object_access.py` walks every URL pattern with the matrix's walker
(`tests.access.url_patterns`): a URL with a path parameter and no case here fails
the suite, so a new object page arrives with its outsider test.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from projects.models import Erasure, PopulationProfile
from projects.rungs import Rung
from tests.access import printed_letters
from tests.factories import CONSULTATION_ANSWERS


@dataclass(frozen=True)
class ObjectCase:
    target: Callable[[dict], dict]
    intruders: dict[str, int]
    owner: str | None = None
    # Merged over the owner's form as the page shows it, to make a real change.
    data: Callable[[dict], dict] = lambda world: {}
    # Where the owner acts, when it is not the intruder's URL (a personal link).
    owner_target: Callable[[dict], dict] | None = None
    # Values for optional path parts (the step of a multi-page form).
    extra: dict[str, str] = field(default_factory=dict)
    # POST-only URLs answer a GET with 405, before any object is looked up.
    get: bool = True


@dataclass(frozen=True)
class NotAnObject:
    """A path parameter that names no object (the same for everyone)."""

    reason: str


def refused(status: int, *personas: str) -> dict[str, int]:
    return dict.fromkeys(personas, status)


# The people of `project` (its lead, co-lead and member) and an expert who belongs
# to nothing: each uses project pages for their own projects.
PROJECT_PEOPLE = refused(404, "staff", "co_lead", "expert", "outsider_expert")
# Everyone but an admin: admin pages are hidden from them.
NOT_ADMINS = refused(
    404, "staff", "other_staff", "governance", "expert", "co_lead", "outsider_expert"
)
# Staff and governance leads read every plan but change none (403); an expert by
# experience reads only plans their projects deliver, so another plan is hidden.
PLAN_CHANGE = {
    **refused(403, "staff", "other_staff", "governance"),
    **refused(404, "expert", "co_lead", "outsider_expert"),
}
PLAN_READ = refused(404, "expert", "co_lead", "outsider_expert")
EXPERTS_REFUSED = refused(403, "expert", "co_lead", "outsider_expert")
REPORTS_REFUSED = {**refused(404, "expert", "co_lead", "outsider_expert"), "staff": 403}
# Everyone who could be a reviewer of something, none of them this one's reviewer.
NOT_REVIEWERS = refused(404, "staff", "other_staff", "expert", "co_lead", "outsider_expert")
READ_ALL_REVIEWS = refused(403, "admin", "governance")
# The other plan's owner is `other_staff`: everyone else who is not a reader of all.
NOT_INSIDERS = refused(404, "staff", "expert", "co_lead", "outsider_expert")


# Payment runs belong to no corner of the organisation: admins and finance see
# every run, and everyone else is refused any run by their role.
NOT_PAYERS = refused(
    403, "staff", "other_staff", "governance", "expert", "co_lead", "outsider_expert"
)


def vouchers_elsewhere(world: dict) -> dict:
    """Vouchers to give someone in the other project (made once)."""
    from tests.factories import InvolvementFactory, PersonFactory

    if "other_vouchers" not in world:
        world["other_vouchers"] = InvolvementFactory(
            activity=world["other_activity"],
            person=PersonFactory(display_name="Vic Voucher"),
            hours=1,
            fee_due_pence=2000,
            fee_paid_pence=2000,
            payment_choice="vouchers",
        )
    return {"pk": world["other_vouchers"].pk}


def payment_run_elsewhere(world: dict) -> dict:
    """An open run paying someone in the other project (made once)."""
    from projects.services import payment_run_create
    from tests.factories import InvolvementFactory, PersonFactory

    if "other_run" not in world:
        InvolvementFactory(
            activity=world["other_activity"],
            person=PersonFactory(display_name="Pat Payee"),
            hours=1,
            fee_due_pence=2000,
            fee_paid_pence=2000,
            payment_choice="paid",
        )
        world["other_run"] = payment_run_create(
            user=world["admin"], on=world["other_activity"].date
        )
    return {"pk": world["other_run"].pk}


def pk(key: str) -> Callable[[dict], dict]:
    return lambda world: {"pk": world[key].pk}


def activity_form(world: dict) -> dict:
    return {
        "date_day": "12",
        "date_month": "3",
        "date_year": "2026",
        "kind": "workshop",
        "title": "Menu tasting",
        "description": "We tasted the new menu together.",
        "what_changed": "Two dishes changed.",
        "duration_hours": "2",
        "duration_minutes_part": "0",
        "participants-TOTAL_FORMS": "0",
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "60",
        "action": "save",
    }


def dates(prefix: str, when: str) -> dict[str, str]:
    year, month, day = when.split("-")
    return {f"{prefix}_day": day, f"{prefix}_month": month, f"{prefix}_year": year}


def forged_token(world: dict) -> dict:
    """The other invitation's link with its last character changed."""
    from tests.factories import personal_link

    if "other_token" not in world:  # made once, before the database is compared
        link = personal_link(world["other_invitation"])
        world["other_token"] = link.rstrip("/").rsplit("/", 1)[-1]
    token = world["other_token"]
    return {"token": token[:-1] + ("A" if token[-1] != "A" else "B")}


def forged_digest_token(kind: str) -> Callable[[dict], dict]:
    """A link from the other person's digest email with its last character changed."""

    def target(world: dict) -> dict:
        from opportunities.digest import reply_token, stop_token
        from opportunities.models import Digest

        key = f"other_digest_{kind}_token"
        if key not in world:  # made once, before the database is compared
            person = world["other_person"]
            if "other_digest" not in world:
                person.email, person.opportunities_digest = "other@example.org", True
                person.save()
                world["other_digest"] = Digest.objects.create(
                    person=person, week=timezone.localdate(), email_key=f"test-{person.pk}"
                )
                world["other_digest"].opportunities.add(world["other_opportunity"])
            digest = world["other_digest"]
            world[key] = (
                stop_token(person)
                if kind == "stop"
                else reply_token(digest, world["other_opportunity"])
            )
        token = world[key]
        return {"token": token[:-1] + ("A" if token[-1] != "A" else "B")}

    return target


def forged_personal_token(world: dict) -> dict:
    """The other person's personal link with its last character changed."""
    from personal.services import link_new

    if "other_personal_token" not in world:  # made once, before the database is compared
        made = link_new(person=world["other_person"], by=world["other_staff"], given="printed")
        world["other_personal_token"] = made.token
    token = world["other_personal_token"]
    return {"token": token[:-1] + ("A" if token[-1] != "A" else "B")}


# The personas of the world's project and service: the other service's Always Event
# is none of theirs.
NOT_IN_OTHER_SERVICE = refused(404, "staff", "co_lead", "expert", "outsider_expert")


def other_event(world: dict) -> dict:
    """An Always Event of the other service, run through the other project (made once)."""
    from improvement.models import AlwaysEvent

    if "other_always_event" not in world:
        world["other_always_event"] = AlwaysEvent.objects.create(
            service=world["other_service"], project=world["other_project"], title="Menus"
        )
    return {"pk": world["other_always_event"].pk}


def other_reliability(world: dict) -> dict:
    return {**other_event(world), "service_pk": world["other_service"].pk}


def other_cycle(world: dict) -> dict:
    from improvement.models import PdsaCycle

    other_event(world)
    if "other_cycle" not in world:
        world["other_cycle"] = PdsaCycle.objects.create(
            event=world["other_always_event"],
            number=1,
            change="Menus on the table",
            prediction="People choose sooner",
            measure="Ask at lunch",
            started_on=datetime.date(2026, 2, 2),
        )
    return {"pk": world["other_always_event"].pk, "cycle_pk": world["other_cycle"].pk}


def training_elsewhere(world: dict) -> dict:
    """A training cohort run by `other_staff` (made once), with a team, a member
    from the register and a session."""
    if "other_cohort" not in world:
        from training.models import Cohort, Member, Team

        cohort = Cohort.objects.create(
            name="Autumn cohort",
            starts_on=timezone.localdate() - datetime.timedelta(days=100),
            follow_up_on=timezone.localdate() - datetime.timedelta(days=1),
        )
        cohort.programme_staff.add(world["other_staff"])
        team = Team.objects.create(cohort=cohort, name="Café team", aim="Menus made together")
        world["other_cohort"] = cohort
        world["other_team"] = team
        world["other_member"] = Member.objects.create(team=team, person=world["other_person"])
        world["other_training_session"] = cohort.sessions.create(
            date=timezone.localdate(), topic="Listening"
        )
    return world


def training(key: str, **extra: str) -> Callable[[dict], dict]:
    return lambda world: {"pk": training_elsewhere(world)[key].pk, **extra}


def forged_rating_token(world: dict) -> dict:
    """The other member's self-rating link with its last character changed."""
    if "other_rating_token" not in world:
        from training.services import rating_for, rating_link_new

        rating = rating_for(member=training_elsewhere(world)["other_member"], stage="baseline")
        world["other_rating_token"] = rating_link_new(rating=rating)
    token = world["other_rating_token"]
    return {"token": token[:-1] + ("A" if token[-1] != "A" else "B")}


# Training cohorts: programme staff of other cohorts and experts by experience are
# told it does not exist; governance leads read every cohort but change none (403).
TRAINING_READ = refused(404, "staff", "expert", "co_lead", "outsider_expert")
TRAINING_CHANGE = {**TRAINING_READ, "governance": 403}


OBJECT_CASES: dict[str, ObjectCase | NotAnObject] = {
    # Someone else's API token: only its owner revokes it.
    "accounts:api_token_revoke": ObjectCase(
        target=pk("other_api_token"),
        intruders=refused(404, "staff", "expert", "co_lead", "governance", "admin"),
        owner="other_staff",
        get=False,
    ),
    # Accounts --------------------------------------------------------------------
    # A reset link with someone else's id and a made-up token: Django's page says
    # the link is not valid (200) and a POST sets no password.
    "accounts:password_reset_confirm": ObjectCase(
        target=lambda world: {"uidb64": world["other_uidb64"], "token": "set-by-someone-else"},
        intruders={"anonymous": 200, "expert": 200},
        data=lambda world: {
            "new_password1": "a new long password 42",
            "new_password2": "a new long password 42",
        },
    ),
    "accounts:user_edit": ObjectCase(
        target=pk("target_user"),
        intruders=NOT_ADMINS,
        owner="admin",
        # What an intruder would most like: an account with every right.
        data=lambda world: {"role": "admin", "full_name": "Tara Takeover"},
    ),
    "accounts:user_deactivate": ObjectCase(
        target=pk("target_user"), intruders=NOT_ADMINS, owner="admin"
    ),
    "accounts:user_reactivate": ObjectCase(
        target=pk("closed_user"), intruders=NOT_ADMINS, owner="admin", get=False
    ),
    "accounts:user_two_factor_reset": ObjectCase(
        target=pk("two_factor_user"), intruders=NOT_ADMINS, owner="admin"
    ),
    "accounts:user_two_factor_unlock": ObjectCase(
        target=pk("locked_user"), intruders=NOT_ADMINS, owner="admin", get=False
    ),
    # Projects --------------------------------------------------------------------
    "projects:project_detail": ObjectCase(target=pk("other_project"), intruders=PROJECT_PEOPLE),
    "projects:project_edit": ObjectCase(
        target=pk("other_project"),
        intruders=PROJECT_PEOPLE,
        owner="other_staff",
        data=lambda world: {"title": "Taken over"},
    ),
    "projects:project_history": ObjectCase(target=pk("other_project"), intruders=PROJECT_PEOPLE),
    # Adding a colleague of the other service as a lead.
    "projects:member_add": ObjectCase(
        target=pk("other_project"),
        intruders=PROJECT_PEOPLE,
        owner="other_staff",
        data=lambda world: {"user": str(world["other_colleague"].pk), "role": "lead"},
    ),
    "projects:member_remove": ObjectCase(
        target=lambda world: {
            "pk": world["other_project"].pk,
            "membership_pk": world["other_membership"].pk,
        },
        intruders=PROJECT_PEOPLE,
        owner="other_staff",
        get=False,
    ),
    "projects:service_edit": ObjectCase(
        target=pk("other_service"),
        intruders=NOT_ADMINS,
        owner="admin",
        data=lambda world: {"name": "Renamed"},
    ),
    "projects:person_detail": ObjectCase(target=pk("other_person"), intruders=PROJECT_PEOPLE),
    "projects:payment_run_detail": ObjectCase(target=payment_run_elsewhere, intruders=NOT_PAYERS),
    "projects:payment_run_export": ObjectCase(target=payment_run_elsewhere, intruders=NOT_PAYERS),
    "projects:payment_run_mark_paid": ObjectCase(
        target=payment_run_elsewhere,
        intruders=NOT_PAYERS,
        owner="finance",
        data=lambda world: dates("paid_on", timezone.localdate().isoformat()),
    ),
    "projects:payment_run_mark_exported": ObjectCase(
        target=payment_run_elsewhere, intruders=NOT_PAYERS, owner="finance", get=False
    ),
    "projects:vouchers_given": ObjectCase(
        target=vouchers_elsewhere, intruders=NOT_PAYERS, owner="finance", get=False
    ),
    "projects:payment_run_cancel": ObjectCase(
        target=payment_run_elsewhere, intruders=NOT_PAYERS, owner="finance"
    ),
    "projects:person_edit": ObjectCase(
        target=pk("other_person"),
        intruders=PROJECT_PEOPLE,
        owner="other_staff",
        data=lambda world: {"display_name": "Renamed"},
    ),
    "projects:person_equality": ObjectCase(
        target=pk("other_person"),
        intruders=PROJECT_PEOPLE,
        owner="other_staff",
        data=lambda world: {"age_band": "25_34"},
    ),
    # Personal data pages: admins (and, for the audit, governance leads) see every
    # person, so only those who meet people through projects can try someone else's.
    "projects:person_copy": ObjectCase(target=pk("other_person"), intruders=PROJECT_PEOPLE),
    "projects:person_copy_download": ObjectCase(
        target=pk("other_person"), intruders=PROJECT_PEOPLE
    ),
    "projects:person_audit": ObjectCase(target=pk("other_person"), intruders=PROJECT_PEOPLE),
    "projects:person_erase": ObjectCase(
        target=pk("other_person"),
        intruders=PROJECT_PEOPLE,
        owner="admin",
        data=lambda world: {"reason": Erasure.Reason.REQUEST, "confirm_name": "Ravi"},
    ),
    "projects:population_profile_edit": ObjectCase(
        target=pk("other_service"),
        intruders=NOT_ADMINS,
        owner="admin",
        data=lambda world: {
            "source": "Caseload on 31 March 2026",
            "basis": PopulationProfile.Basis.COUNT,
            "people_served": "4500",
            "age_band__under_18": "120",
        },
    ),
    "projects:activity_create": ObjectCase(
        target=pk("other_project"),
        intruders=PROJECT_PEOPLE,
        owner="other_staff",
        data=activity_form,
    ),
    "projects:activity_detail": ObjectCase(target=pk("other_activity"), intruders=PROJECT_PEOPLE),
    "projects:activity_edit": ObjectCase(
        target=pk("other_activity"),
        intruders=PROJECT_PEOPLE,
        owner="other_staff",
        data=lambda world: {"title": "Taken over", "action": "save"},
    ),
    "projects:activity_delete": ObjectCase(
        target=pk("other_activity"), intruders=PROJECT_PEOPLE, owner="other_staff"
    ),
    "projects:award_nominate": ObjectCase(
        target=pk("other_project"),
        intruders=PROJECT_PEOPLE,
        owner="other_staff",
        data=lambda world: {"statement": "They changed the menu together."},
    ),
    # A batch of "you said, we did" letters printed for another project: hidden from
    # the leads of this one; experts by experience print no letters at all.
    "projects:letter_batch": ObjectCase(
        target=lambda world: {
            "key": printed_letters({**world, "activity": world["other_activity"]})["key"]
        },
        intruders={**refused(404, "staff", "co_lead"), **refused(403, "expert", "outsider_expert")},
    ),
    # Growth plans ----------------------------------------------------------------
    "projects:plan_detail": ObjectCase(target=pk("other_plan"), intruders=PLAN_READ),
    "projects:plan_edit": ObjectCase(
        target=pk("other_plan"),
        intruders=PLAN_CHANGE,
        owner="admin",
        data=lambda world: {"sponsor_name": "Someone else"},
    ),
    "projects:standard_create": ObjectCase(
        target=pk("other_plan"),
        intruders=PLAN_CHANGE,
        owner="admin",
        data=lambda world: {"statement": "We meet as equals.", "principle": "power"},
    ),
    "projects:standard_edit": ObjectCase(
        target=pk("other_standard"),
        intruders=PLAN_CHANGE,
        owner="admin",
        data=lambda world: {"statement": "Rewritten"},
    ),
    "projects:standard_template_use": ObjectCase(
        target=pk("other_plan"),
        intruders=PLAN_CHANGE,
        owner="admin",
        data=lambda world: {"template": "model"},
    ),
    "projects:standard_template_save": ObjectCase(
        target=pk("other_plan"),
        intruders=PLAN_CHANGE,
        owner="admin",
        data=lambda world: {"name": "Café standards"},
    ),
    "projects:priority_create": ObjectCase(
        target=pk("other_plan"),
        intruders=PLAN_CHANGE,
        owner="admin",
        data=lambda world: {
            "title": "More co-design",
            "target_rung": str(Rung.CO_DESIGN.value),
            **dates("due_date", "2027-03-31"),
        },
    ),
    "projects:priority_edit": ObjectCase(
        target=pk("other_priority"),
        intruders=PLAN_CHANGE,
        owner="admin",
        data=lambda world: {"title": "Rewritten"},
    ),
    "projects:metric_create": ObjectCase(
        target=pk("other_plan"),
        intruders=PLAN_CHANGE,
        owner="admin",
        data=lambda world: {
            "name": "Carers at meetings",
            "definition": "Carers who came to a meeting.",
            "unit": "people",
            "target": "10",
            "source": "manual",
        },
    ),
    "projects:metric_edit": ObjectCase(
        target=pk("other_metric"),
        intruders=PLAN_CHANGE,
        owner="admin",
        data=lambda world: {"name": "Renamed"},
    ),
    "projects:reading_create": ObjectCase(
        target=pk("other_metric"),
        intruders=PLAN_CHANGE,
        owner="admin",
        data=lambda world: {"value": "7"},
    ),
    # Ladder ----------------------------------------------------------------------
    "ladder:activity": ObjectCase(target=pk("other_activity"), intruders=PROJECT_PEOPLE),
    "ladder:classify": ObjectCase(
        target=pk("other_activity"),
        intruders=PROJECT_PEOPLE,
        owner="other_staff",
        data=lambda world: {
            **CONSULTATION_ANSWERS,
            "label": "co_production",
            "chosen_rung": str(Rung.CO_PRODUCTION.value),
            "reason": "We decided everything together.",
            "action": "save",
        },
    ),
    # The expert took part in `activity`, not in this one; their answer about
    # someone else's activity must not count.
    "ladder:confirm": ObjectCase(
        target=pk("other_activity"),
        intruders={**PROJECT_PEOPLE, "other_staff": 403},
        owner="other_expert",
        data=lambda world: {"verdict": "contested", "reason": "It was only a survey."},
    ),
    # Someone who took part in the other project's activity: its leads only.
    "ladder:respond_on_behalf": ObjectCase(
        target=lambda world: {
            "pk": world["other_activity"].pk,
            "person_pk": world["other_person"].pk,
        },
        intruders=PROJECT_PEOPLE,
        owner="other_staff",
        data=lambda world: {"verdict": "contested", "reason": "Only a survey.", "how": "phone"},
    ),
    "ladder:project": ObjectCase(target=pk("other_project"), intruders=PROJECT_PEOPLE),
    "ladder:project_target": ObjectCase(
        target=pk("other_project"),
        intruders=PROJECT_PEOPLE,
        owner="other_staff",
        data=lambda world: {"target_rung": str(Rung.CO_PRODUCTION.value)},
    ),
    # Principles ------------------------------------------------------------------
    "principles:project_rounds": ObjectCase(target=pk("other_project"), intruders=PROJECT_PEOPLE),
    "principles:round_create": ObjectCase(
        target=pk("other_project"),
        intruders=PROJECT_PEOPLE,
        owner="other_staff",
        data=lambda world: {
            "name": "Spring round",
            **dates("opens_on", str(timezone.localdate())),
            **dates("closes_on", str(timezone.localdate() + datetime.timedelta(days=14))),
            "invitees": [f"u{world['other_staff'].pk}"],
        },
    ),
    "principles:round_detail": ObjectCase(target=pk("other_round"), intruders=PROJECT_PEOPLE),
    "principles:round_results": ObjectCase(target=pk("other_round"), intruders=PROJECT_PEOPLE),
    # The read API, asked with each intruder's own token.
    "api:project": ObjectCase(target=pk("other_project"), intruders=PROJECT_PEOPLE),
    "api:round_results": ObjectCase(target=pk("other_round"), intruders=PROJECT_PEOPLE),
    "principles:respond_on_behalf": ObjectCase(
        target=pk("other_invitation"),
        intruders=PROJECT_PEOPLE,
        owner="other_staff",
        extra={"step": "about-you"},
        data=lambda world: {"perspective": "carer", "entered_from": "phone"},
    ),
    "principles:invitation_paper": ObjectCase(
        target=pk("other_invitation"), intruders=PROJECT_PEOPLE
    ),
    "principles:invitation_link": ObjectCase(
        target=pk("other_invitation"),
        intruders=PROJECT_PEOPLE,
        owner="other_staff",
        data=lambda world: {"how": "show"},
    ),
    "principles:respond_mine": ObjectCase(
        target=pk("other_invitation"),
        intruders=refused(404, "expert", "co_lead", "outsider_expert", "staff", "admin"),
        extra={"step": "about-you"},
        data=lambda world: {"perspective": "carer"},
    ),
    # A personal link needs no account, so anyone may try one: a changed link
    # opens nothing, for the signed-in and the anonymous alike. It answers GET only.
    "principles:respond": ObjectCase(
        target=forged_token,
        intruders=refused(404, "anonymous", "expert", "other_staff"),
    ),
    "principles:answer": NotAnObject(
        "a step of the answer pages, the same for everyone; the invitation comes from "
        "the session a personal link opened (tests/principles/test_respond.py)"
    ),
    # Personal pages ----------------------------------------------------------------
    # A changed link opens nothing, for the signed-in and the anonymous alike.
    "personal:open": ObjectCase(
        target=forged_personal_token,
        intruders=refused(200, "anonymous", "expert", "other_staff"),
    ),
    # The digest email's links: a changed one opens and changes nothing.
    "personal:digest_reply": ObjectCase(
        target=forged_digest_token("reply"),
        intruders=refused(200, "anonymous", "expert", "other_staff"),
    ),
    "opportunities:digest_stop": ObjectCase(
        target=forged_digest_token("stop"),
        intruders=refused(200, "anonymous", "expert", "other_staff"),
    ),
    "personal:rung": NotAnObject(
        "an activity, looked up only among those the person of the session took part "
        "in; nobody else has that session (tests/personal/test_page.py: "
        "test_it_refuses_to_check_an_activity_rita_did_not_take_part_in)"
    ),
    "personal:round_start": NotAnObject(
        "an invitation, looked up only among the person of the session's own "
        "(tests/personal/test_page.py: test_it_will_not_start_someone_elses_round)"
    ),
    "personal:link_new": ObjectCase(
        target=pk("other_person"),
        intruders=PROJECT_PEOPLE,
        owner="other_staff",
        data=lambda world: {"how": "print"},
    ),
    "personal:page_print": ObjectCase(
        target=pk("other_person"), intruders=PROJECT_PEOPLE, owner="other_staff"
    ),
    "personal:ladder_form": ObjectCase(
        target=pk("other_person"), intruders=PROJECT_PEOPLE, owner="other_staff"
    ),
    "personal:opportunity": NotAnObject(
        "an opportunity, looked up only among those offered to the person of the "
        "session (tests/opportunities/test_for_person.py: "
        "test_it_will_not_show_an_opportunity_not_offered_to_them)"
    ),
    "personal:opportunity_reply": NotAnObject(
        "the invitation of the person of the session only (tests/opportunities/"
        "test_invitations.py: test_a_person_answers_only_their_own_invitation)"
    ),
    "personal:opportunity_withdraw": NotAnObject(
        "the interest of the person of the session only (tests/opportunities/"
        "test_for_person.py: test_it_withdraws_only_their_own_interest)"
    ),
    # Opportunities -----------------------------------------------------------------
    # Another project's opportunity does not exist for the people of this one.
    "opportunities:opportunity_detail": ObjectCase(
        target=pk("other_opportunity"), intruders=PROJECT_PEOPLE
    ),
    "opportunities:opportunity_edit": ObjectCase(
        target=pk("other_opportunity"),
        intruders=PROJECT_PEOPLE,
        owner="other_staff",
        data=lambda world: {"title": "Taken over"},
    ),
    "opportunities:interest_record": ObjectCase(
        target=pk("other_opportunity"),
        intruders=refused(404, "staff", "co_lead", "expert", "outsider_expert"),
        owner="other_staff",
        data=lambda world: {"person": str(world["other_person"].pk), "how": "phone"},
    ),
    # Choosing people, telling them and their answers: as changing it.
    "opportunities:shortlist": ObjectCase(
        target=pk("other_opportunity"),
        intruders=PROJECT_PEOPLE,
        owner="other_staff",
        data=lambda world: {"chosen": [str(world["other_undecided"].pk)]},
    ),
    "opportunities:decisions_tell": ObjectCase(
        target=pk("other_opportunity"),
        intruders=PROJECT_PEOPLE,
        owner="other_staff",
        get=False,
    ),
    "opportunities:letters": ObjectCase(target=pk("other_opportunity"), intruders=PROJECT_PEOPLE),
    "opportunities:reply_record": ObjectCase(
        target=lambda world: {
            "pk": world["other_opportunity"].pk,
            "interest_pk": world["other_invited"].pk,
        },
        intruders=PROJECT_PEOPLE,
        owner="other_staff",
        data=lambda world: {"reply": "declined"},
        get=False,
    ),
    "opportunities:activity_log": ObjectCase(
        target=pk("other_opportunity"),
        intruders=PROJECT_PEOPLE,
        owner="other_staff",
        data=activity_form,
    ),
    # Not public: to everyone on the public page it does not exist.
    "opportunities:public_detail": ObjectCase(
        target=pk("other_opportunity"),
        intruders=refused(404, "anonymous", "expert", "staff", "other_staff", "admin"),
    ),
    # Imports ---------------------------------------------------------------------
    # Another admin's import: hidden from everyone who is not an admin.
    "imports:import_upload": NotAnObject("a kind of record, the same for everyone"),
    "imports:template_guide": NotAnObject("a kind of record, the same for everyone"),
    "imports:template_download": NotAnObject("a kind of record and a file type"),
    "imports:import_detail": ObjectCase(target=pk("other_import"), intruders=NOT_ADMINS),
    "imports:import_confirm": ObjectCase(
        target=pk("other_import"), intruders=NOT_ADMINS, owner="admin", get=False
    ),
    "imports:import_cancel": ObjectCase(
        target=pk("other_import"), intruders=NOT_ADMINS, owner="admin", get=False
    ),
    # Training cohorts ------------------------------------------------------------
    "training:cohort_detail": ObjectCase(target=training("other_cohort"), intruders=TRAINING_READ),
    "training:team_create": ObjectCase(
        target=training("other_cohort"),
        intruders=TRAINING_CHANGE,
        owner="other_staff",
        data=lambda world: {"name": "Birch", "aim": "Visits planned together"},
    ),
    "training:session_create": ObjectCase(
        target=training("other_cohort"),
        intruders=TRAINING_CHANGE,
        owner="other_staff",
        data=lambda world: {**dates("date", str(timezone.localdate())), "topic": "Power"},
    ),
    "training:team_edit": ObjectCase(
        target=training("other_team"),
        intruders=TRAINING_CHANGE,
        owner="other_staff",
        data=lambda world: {"name": "Café crew", "aim": "Menus and prices made together"},
    ),
    "training:member_add": ObjectCase(
        target=training("other_team"),
        intruders=TRAINING_CHANGE,
        owner="other_staff",
        data=lambda world: {"user": str(world["other_staff"].pk)},
    ),
    "training:attendance": ObjectCase(
        target=training("other_training_session"),
        intruders=TRAINING_CHANGE,
        owner="other_staff",
        data=lambda world: {"members": [str(world["other_member"].pk)]},
    ),
    "training:rating_link": ObjectCase(
        target=training("other_member", stage="start"),
        intruders=TRAINING_CHANGE,
        owner="other_staff",
    ),
    "training:rating_on_behalf": ObjectCase(
        target=training("other_member", stage="start"),
        intruders=TRAINING_CHANGE,
        owner="other_staff",
        data=lambda world: (
            dict.fromkeys(
                ("power", "knowledge", "partnerships", "give_and_take", "mutual_benefit"), "3"
            )
            | {"reflection": "3", "flexibility": "3"}
        ),
    ),
    # A changed link opens nothing, for the signed-in and the anonymous alike.
    "training:rate_open": ObjectCase(
        target=forged_rating_token,
        intruders=refused(404, "anonymous", "expert", "other_staff"),
    ),
    # Dashboard -------------------------------------------------------------------
    "dashboard:chart_csv": NotAnObject(
        "a chart's name, the same for everyone; each figure is filtered to what the "
        "reader may see (tests/dashboard)"
    ),
    # Every staff member, governance lead and admin reads every plan's charts; the
    # page is not for experts by experience at all.
    "dashboard:plan": ObjectCase(target=pk("other_plan"), intruders=EXPERTS_REFUSED),
    "dashboard:plan_csv": ObjectCase(target=pk("other_plan"), intruders=EXPERTS_REFUSED),
    # Peer-review reports: staff of another service read the plan but not its
    # reports (403); experts by experience outside its projects never see it (404).
    "dashboard:report_list": ObjectCase(
        target=lambda world: {"plan_pk": world["other_plan"].pk}, intruders=REPORTS_REFUSED
    ),
    "dashboard:report_detail": ObjectCase(target=pk("other_report"), intruders=REPORTS_REFUSED),
    "dashboard:report_download": ObjectCase(target=pk("other_report"), intruders=REPORTS_REFUSED),
    "dashboard:report_csv": ObjectCase(target=pk("other_report"), intruders=REPORTS_REFUSED),
    "dashboard:report_retry": ObjectCase(
        target=pk("other_failed_report"),
        intruders={**REPORTS_REFUSED, **refused(403, "other_staff", "governance")},
        owner="admin",
        get=False,
    ),
    # Reviews: a reviewer sees only their own assignment. Admins and governance leads
    # read every one and are refused (403) where only its reviewer may write.
    "dashboard:review_open": ObjectCase(target=pk("other_assignment"), intruders=NOT_REVIEWERS),
    "dashboard:review_edit": ObjectCase(
        target=pk("other_assignment"),
        intruders={**NOT_REVIEWERS, **READ_ALL_REVIEWS},
        owner="other_reviewer",
        data=lambda world: {
            "strengths": "Meetings are chaired together.",
            "recommendation_1": "Pay people on the day.",
            "action": "save",
        },
    ),
    "dashboard:review_check": ObjectCase(
        target=pk("other_drafted_assignment"),
        intruders={**NOT_REVIEWERS, **READ_ALL_REVIEWS},
        owner="other_reviewer",
    ),
    "dashboard:review_done": ObjectCase(
        target=lambda world: {"pk": world["other_sent_review"].assignment_id},
        intruders={**NOT_REVIEWERS, **refused(404, "admin", "governance")},
    ),
    "dashboard:coreview_offer": ObjectCase(
        target=pk("other_offer"),
        intruders={**NOT_REVIEWERS, **READ_ALL_REVIEWS},
        owner="other_co_reviewer",
        data=lambda world: {"answer": "yes"},
    ),
    "dashboard:coreview_step": ObjectCase(
        target=pk("other_coreview"),
        intruders={**NOT_REVIEWERS, **READ_ALL_REVIEWS},
        owner="other_co_reviewer",
        extra={"step": "going-well"},
        data=lambda world: {"answer": "People are listened to."},
    ),
    # Only admins change reviewers; a governance lead reads the assignment (403).
    "dashboard:assignment_reassign": ObjectCase(
        target=pk("other_assignment"),
        intruders={**NOT_REVIEWERS, "governance": 403},
        owner="admin",
        data=lambda world: {
            "reviewer": str(world["governance"].pk),
            "reason": "On leave until June.",
        },
    ),
    # A sent review is read by the plan's owners, its service's staff, its reviewer,
    # admins and governance leads; owners answer it.
    "dashboard:review_report": ObjectCase(
        target=lambda world: {"pk": world["other_sent_review"].assignment.report_id},
        intruders=NOT_INSIDERS,
    ),
    "dashboard:recommendation_respond": ObjectCase(
        target=pk("other_recommendation"),
        intruders={**NOT_INSIDERS, **READ_ALL_REVIEWS},
        owner="other_staff",
        data=lambda world: {"answer": "accepted", "action": "We will pay on the day."},
    ),
    "dashboard:plan_reviews": ObjectCase(
        target=pk("other_plan"),
        intruders={**refused(404, "co_lead", "expert", "outsider_expert"), "staff": 403},
    ),
    # The action log: the other service's action, owned by `other_staff`; Willow's
    # people and experts of any project are told it does not exist.
    "actions:service": ObjectCase(
        target=lambda world: {"pk": world["other_service"].pk}, intruders=PROJECT_PEOPLE
    ),
    "actions:service_reis": ObjectCase(
        target=lambda world: {"pk": world["other_service"].pk}, intruders=PROJECT_PEOPLE
    ),
    "actions:action_detail": ObjectCase(target=pk("other_action"), intruders=PROJECT_PEOPLE),
    "actions:action_edit": ObjectCase(
        target=pk("other_action"),
        intruders=PROJECT_PEOPLE,
        owner="other_staff",
        data=lambda world: {"what": "Fix the lounge clock", "status": "in_progress"},
    ),
    "actions:action_done": ObjectCase(
        target=pk("other_action"),
        intruders=PROJECT_PEOPLE,
        owner="other_staff",
        data=lambda world: {"evidence": "The clock works; residents checked it."},
    ),
    "actions:raise": ObjectCase(
        target=lambda world: {"source": "reis", "pk": world["other_finding"].pk},
        intruders=PROJECT_PEOPLE,
        owner="other_staff",
        data=lambda world: {
            "what": "Move the chairs",
            "due_on_day": "1",
            "due_on_month": "6",
            "due_on_year": "2027",
        },
    ),
    # Always Events: the other service's event, changed by its staff (other_staff);
    # to the personas of the world's project it does not exist.
    "improvement:event_detail": ObjectCase(target=other_event, intruders=NOT_IN_OTHER_SERVICE),
    "improvement:event_edit": ObjectCase(
        target=other_event,
        intruders=NOT_IN_OTHER_SERVICE,
        owner="other_staff",
        data=lambda world: {"title": "Taken over"},
    ),
    "improvement:stage_move": ObjectCase(
        target=other_event, intruders=NOT_IN_OTHER_SERVICE, owner="other_staff", get=False
    ),
    "improvement:conversation_add": ObjectCase(
        target=other_event,
        intruders=NOT_IN_OTHER_SERVICE,
        owner="other_staff",
        data=lambda world: {
            "activity": str(world["other_activity"].pk),
            "what_matters": "Being asked, not told.",
        },
    ),
    "improvement:statement_edit": ObjectCase(
        target=other_event,
        intruders=NOT_IN_OTHER_SERVICE,
        owner="other_staff",
        data=lambda world: {"statement": "Always say hello first"},
    ),
    "improvement:cycle_create": ObjectCase(
        target=other_event,
        intruders=NOT_IN_OTHER_SERVICE,
        owner="other_staff",
        data=lambda world: {
            "change": "Menus on the table",
            "prediction": "People choose sooner",
            "measure": "Ask at lunch",
            "people": [str(world["other_person"].pk)],
            **dates("started_on", "2026-02-02"),
        },
    ),
    "improvement:cycle_edit": ObjectCase(
        target=other_cycle,
        intruders=NOT_IN_OTHER_SERVICE,
        owner="other_staff",
        data=lambda world: {"what_happened": "We tried it at lunch."},
    ),
    "improvement:reliability": ObjectCase(target=other_reliability, intruders=NOT_IN_OTHER_SERVICE),
    "improvement:reliability_record": ObjectCase(
        target=other_reliability,
        intruders=NOT_IN_OTHER_SERVICE,
        owner="other_staff",
        data=lambda world: {
            "happened": "3",
            "should_have": "4",
            **dates("period_start", "2026-02-02"),
        },
    ),
    "improvement:adoption_add": ObjectCase(
        target=other_event,
        intruders=NOT_IN_OTHER_SERVICE,
        owner="other_staff",
        data=lambda world: {
            "service": str(world["service"].pk),
            **dates("started_on", "2026-02-02"),
        },
    ),
}
