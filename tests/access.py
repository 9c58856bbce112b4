"""The access matrix: every named URL, every persona, the status each must get.

`url_patterns()` walks the URL resolver; the matrix (`tests/test_url_access.py`)
and the object-access tests (`tests/security/test_object_access.py`) both use it,
and each fails when a named URL has no case, so every new page arrives with its
guard tested for every role and against someone else's object.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Django's own admin checks `is_staff` and model permissions itself; see
# test_it_keeps_django_admin_for_people_who_may_open_it.
SKIPPED_NAMESPACES = {"admin"}


def url_patterns(
    resolver: URLResolver | None = None, namespace: str = ""
) -> dict[str, list[frozenset[str]]]:
    """Every named URL of the site, with the path parameters of each of its
    patterns (one name can have several: with and without a step)."""
    found: dict[str, list[frozenset[str]]] = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            if inner in SKIPPED_NAMESPACES:
                continue
            prefix = f"{namespace}{inner}:" if inner else namespace
            for name, params in url_patterns(pattern, prefix).items():
                found.setdefault(name, []).extend(params)
        elif isinstance(pattern, URLPattern) and pattern.name:
            params = frozenset(pattern.pattern.regex.groupindex)
            found.setdefault(f"{namespace}{pattern.name}", []).append(params)
    return found


def object_url_patterns() -> dict[str, list[frozenset[str]]]:
    """The named URLs with a path parameter in at least one of their patterns."""
    return {
        name: [params for params in variants if params]
        for name, variants in url_patterns().items()
        if any(variants)
    }


def example_urls(name: str, kwargs: dict, optional: dict | None = None) -> list[str]:
    """The address of each pattern of `name` that `kwargs` can fill, the parts
    they do not name taken from `optional` (the step of a multi-page form).
    A pattern that needs a part neither gives is left out; none at all fails."""
    optional = optional or {}
    urls = [
        reverse(name, kwargs={**kwargs, **{part: optional[part] for part in params - set(kwargs)}})
        for params in url_patterns()[name]
        if set(kwargs) <= params <= set(kwargs) | set(optional)
    ]
    assert urls, f"{name}: no pattern takes exactly {sorted(kwargs)} (and {sorted(optional)})"
    return urls


ROLES = (
    "anonymous",
    "expert",
    "co_lead",
    "outsider_expert",
    "staff",
    "other_staff",
    "governance",
    "admin",
    "finance",
)
SIGN_IN = "sign-in"  # a redirect to the sign-in page


@dataclass(frozen=True)
class Case:
    """How one URL answers each persona.

    `expect` maps persona to a status (or SIGN_IN); `default` covers the rest.
    `kwargs` builds the URL arguments from the `world` of test objects; it is
    called afresh for each persona, so a case can make a new object to act on.
    """

    default: int | str | frozenset[int]
    expect: dict[str, int | str | frozenset[int]] = field(default_factory=dict)
    method: str = "get"
    kwargs: Callable[[dict], dict] = lambda world: {}
    data: Callable[[dict], dict] = lambda world: {}

    def status_for(self, role: str) -> int | str | frozenset[int]:
        return self.expect.get(role, self.default)


def admin_only(*, others: int, admin: int = 200, method: str = "get", **kw) -> Case:
    return Case(
        default=others,
        expect={"anonymous": SIGN_IN, "admin": admin},
        method=method,
        **kw,
    )


def target_user(world: dict) -> dict:
    return {"pk": world["target_user"].pk}


def target_user_with_two_factor(world: dict) -> dict:
    from tests.factories import UserFactory
    from tests.two_factor import set_up_two_factor

    return {"pk": set_up_two_factor(UserFactory(full_name="Tom Twofactor")).pk}


def target_user_locked_out(world: dict) -> dict:
    from django.utils import timezone

    from tests.factories import UserFactory
    from tests.two_factor import set_up_two_factor

    locked = set_up_two_factor(UserFactory(full_name="Lee Locked"))
    locked.two_factor_locked_until = timezone.now() + timezone.timedelta(minutes=15)
    locked.save(update_fields=["two_factor_locked_until"])
    return {"pk": locked.pk}


CASES: dict[str, Case] = {
    # Public pages.
    "accessibility": Case(default=200),
    "privacy": Case(default=200),
    # Liveness, for anyone. The deep check answers the test client's loopback
    # address: 503 when no Celery worker answers, as in most test runs.
    "health": Case(default=200),
    "health_deep": Case(default=frozenset({200, 503})),
    # The shell.
    # Finance starts at the payment runs.
    "home": Case(default=200, expect={"anonymous": SIGN_IN, "finance": 302}),
    # Signing in and out.
    "accounts:login": Case(default=302, expect={"anonymous": 200}),
    "accounts:logout": Case(default=302, method="post"),
    "accounts:account": Case(default=200, expect={"anonymous": SIGN_IN}),
    "accounts:session_extend": Case(default=302, expect={"anonymous": SIGN_IN}, method="post"),
    "accounts:password_change": Case(default=200, expect={"anonymous": SIGN_IN}),
    "accounts:password_change_done": Case(default=200, expect={"anonymous": SIGN_IN}),
    "accounts:password_reset": Case(default=200),
    "accounts:password_reset_done": Case(default=200),
    "accounts:password_reset_confirm": Case(
        default=200, kwargs=lambda world: {"uidb64": "MQ", "token": "not-a-real-token"}
    ),
    "accounts:password_reset_complete": Case(default=200),
    # Two-factor. The second step of signing in answers only a sign-in halfway
    # through; anyone else is sent on (to sign in, or home). Setting up is for
    # people without it (the admin and governance personas have it), turning off
    # for people with it; the new recovery codes page shows only freshly made codes.
    "accounts:two_factor_challenge": Case(default=302),
    "accounts:two_factor_recovery": Case(default=302),
    "accounts:two_factor_setup": Case(
        default=200,
        expect={"anonymous": SIGN_IN, "admin": 302, "governance": 302, "finance": 302},
    ),
    "accounts:two_factor_recovery_codes": Case(default=302, expect={"anonymous": SIGN_IN}),
    "accounts:two_factor_reset": Case(
        default=302,
        expect={"anonymous": SIGN_IN, "admin": 200, "governance": 200, "finance": 200},
    ),
    # Managing people: admins only. Lists refuse (403); an account is hidden (404).
    "accounts:user_list": admin_only(others=403),
    "accounts:user_invite": admin_only(others=403),
    "accounts:user_edit": admin_only(others=404, kwargs=target_user),
    "accounts:user_deactivate": admin_only(others=404, kwargs=target_user),
    "accounts:user_reactivate": admin_only(
        others=404, admin=302, method="post", kwargs=target_user
    ),
    "accounts:user_two_factor_reset": admin_only(others=404, kwargs=target_user_with_two_factor),
    "accounts:user_two_factor_unlock": admin_only(
        others=404, admin=302, method="post", kwargs=target_user_locked_out
    ),
}


def project(world: dict) -> dict:
    return {"pk": world["project"].pk}


def new_membership(world: dict) -> dict:
    from tests.factories import MembershipFactory, UserFactory

    membership = MembershipFactory(project=world["project"], user=UserFactory())
    return {"pk": world["project"].pk, "membership_pk": membership.pk}


def service(world: dict) -> dict:
    return {"pk": world["service"].pk}


def person(world: dict) -> dict:
    return {"pk": world["person"].pk}


# A project: its leads (staff, co_lead) and admins change it; its members, staff of
# its service and governance leads see it; everyone else is told it does not exist.
PROJECT_EDITORS = {"anonymous": SIGN_IN, "staff": 200, "co_lead": 200, "admin": 200}
PROJECT_READERS_REFUSED = {"expert": 403, "governance": 403}
PROJECT_EDIT = {**PROJECT_EDITORS, **PROJECT_READERS_REFUSED}
PRIVACY_ADMIN = {"anonymous": SIGN_IN, "staff": 403, "governance": 403, "admin": 200}

CASES.update(
    {
        # Projects.
        "projects:project_list": Case(default=200, expect={"anonymous": SIGN_IN}),
        "projects:project_create": Case(
            default=403,
            expect={"anonymous": SIGN_IN, "staff": 200, "other_staff": 200, "admin": 200},
        ),
        "projects:project_detail": Case(
            default=200,
            expect={"anonymous": SIGN_IN, "outsider_expert": 404, "other_staff": 404},
            kwargs=project,
        ),
        "projects:project_edit": Case(default=404, expect=PROJECT_EDIT, kwargs=project),
        "projects:project_history": Case(default=404, expect=PROJECT_EDIT, kwargs=project),
        "projects:member_add": Case(default=404, expect=PROJECT_EDIT, kwargs=project),
        "projects:member_remove": Case(
            default=404,
            expect={**PROJECT_EDIT, "staff": 302, "co_lead": 302, "admin": 302},
            method="post",
            kwargs=new_membership,
        ),
        # Services: admins only.
        "projects:service_list": admin_only(others=403),
        "projects:service_create": admin_only(others=403),
        "projects:service_edit": admin_only(others=404, kwargs=service),
        "projects:population_profile_edit": admin_only(others=404, kwargs=service),
        # The register: staff, governance leads and admins; experts see only themselves.
        "projects:person_list": Case(
            default=200,
            expect={"anonymous": SIGN_IN, "expert": 403, "co_lead": 403, "outsider_expert": 403},
        ),
        "projects:person_create": Case(
            default=403,
            expect={"anonymous": SIGN_IN, "staff": 200, "other_staff": 200, "admin": 200},
        ),
        "projects:person_detail": Case(
            default=404,
            expect={"anonymous": SIGN_IN, "staff": 200, "governance": 200, "admin": 200},
            kwargs=person,
        ),
        "projects:person_edit": Case(
            default=404,
            expect={"anonymous": SIGN_IN, "staff": 200, "governance": 403, "admin": 200},
            kwargs=person,
        ),
        "projects:person_equality": Case(
            default=404,
            expect={"anonymous": SIGN_IN, "staff": 200, "governance": 403, "admin": 200},
            kwargs=person,
        ),
        # Personal data: copies and erasure are for admins; governance leads also
        # see who viewed or changed a record. Staff who can see the person are
        # refused (403); to everyone else the person does not exist (404).
        "projects:person_copy": Case(default=404, expect=PRIVACY_ADMIN, kwargs=person),
        "projects:person_copy_download": Case(default=404, expect=PRIVACY_ADMIN, kwargs=person),
        "projects:person_erase": Case(default=404, expect=PRIVACY_ADMIN, kwargs=person),
        "projects:person_audit": Case(
            default=404, expect={**PRIVACY_ADMIN, "governance": 200}, kwargs=person
        ),
    }
)


# Activities, involvement and payments.


def activity(world: dict) -> dict:
    return {"pk": world["activity"].pk}


# An activity is as visible as its project; only the project's leads and admins change it.
ACTIVITY_READERS = {"anonymous": SIGN_IN, "outsider_expert": 404, "other_staff": 404}
SIGNED_IN = {"anonymous": SIGN_IN}


def printed_letters(world: dict) -> dict:
    """A batch of one letter about the world's activity, printed just now (the
    same batch however often it is asked for)."""
    from django.utils import timezone

    from projects.models import Telling
    from projects.models.telling import text_fingerprint
    from projects.telling import LetterBatch

    text = "Quieter nights"
    letter, _ = Telling.objects.get_or_create(
        activity=world["activity"],
        person=world["person"],
        how=Telling.How.LETTER,
        fingerprint=text_fingerprint(text),
        defaults={"what_changed": text, "printed_at": timezone.now()},
    )
    return {"key": LetterBatch(printed_at=letter.printed_at, count=1).key}


PAYERS = {"anonymous": SIGN_IN, "admin": 200, "finance": 200}


def vouchers(world: dict) -> dict:
    """Vouchers to give for the world's activity (made once)."""
    from projects.models import Involvement
    from tests.factories import InvolvementFactory, PersonFactory

    involvement = Involvement.objects.filter(payment_choice="vouchers").first()
    if involvement is None:
        involvement = InvolvementFactory(
            activity=world["activity"],
            person=PersonFactory(display_name="Vic Voucher"),
            hours=1,
            fee_due_pence=2000,
            fee_paid_pence=2000,
            payment_choice="vouchers",
        )
    return {"pk": involvement.pk}


def payment_run(world: dict) -> dict:
    """An open run holding the world's one payment due (made once)."""
    from projects.models import PaymentRun
    from projects.services import payment_run_create

    run = PaymentRun.objects.first() or payment_run_create(
        user=world["finance"], on=world["activity"].date
    )
    return {"pk": run.pk}


LETTER_PRINTERS = {
    "anonymous": SIGN_IN,
    "staff": 200,
    "other_staff": 200,
    "co_lead": 200,
    "admin": 200,
}

CASES.update(
    {
        "projects:activity_create": Case(default=404, expect=PROJECT_EDIT, kwargs=project),
        "projects:activity_detail": Case(default=200, expect=ACTIVITY_READERS, kwargs=activity),
        "projects:activity_edit": Case(default=404, expect=PROJECT_EDIT, kwargs=activity),
        "projects:activity_delete": Case(default=404, expect=PROJECT_EDIT, kwargs=activity),
        # Lists and exports hold only what each person may see.
        "projects:activity_list": Case(default=200, expect=SIGNED_IN),
        "projects:activity_export": Case(default=200, expect=SIGNED_IN),
        # Rate cards: admins only. The finance export and payment runs: admins
        # and finance.
        "projects:rate_card_list": admin_only(others=403),
        "projects:rate_card_create": admin_only(others=403),
        "projects:payment_export": Case(default=403, expect=PAYERS),
        "projects:payment_run_list": Case(default=403, expect=PAYERS),
        # With a payment due, making a run sends them to it.
        "projects:payment_run_create": Case(
            default=403,
            expect={"anonymous": SIGN_IN, "admin": 302, "finance": 302},
            method="post",
        ),
        "projects:payment_run_detail": Case(default=403, expect=PAYERS, kwargs=payment_run),
        "projects:payment_run_export": Case(default=403, expect=PAYERS, kwargs=payment_run),
        "projects:payment_run_mark_paid": Case(default=403, expect=PAYERS, kwargs=payment_run),
        # Marking the world's open run exported, or cancelling it, sends them back to it.
        "projects:payment_run_mark_exported": Case(
            default=403,
            expect={"anonymous": SIGN_IN, "admin": 302, "finance": 302},
            method="post",
            kwargs=payment_run,
        ),
        "projects:payment_run_cancel": Case(default=403, expect=PAYERS, kwargs=payment_run),
        # Vouchers marked given send them back to the list.
        "projects:vouchers_given": Case(
            default=403,
            expect={"anonymous": SIGN_IN, "admin": 302, "finance": 302},
            method="post",
            kwargs=vouchers,
        ),
        # Everyone may open it; only people on the register with an account see a record.
        "projects:my_involvement": Case(default=200, expect=SIGNED_IN),
        # "You said, we did" letters: for the people who change activities (project
        # leads, admins), each seeing only their own projects' letters. With none
        # waiting, printing sends them back to the list.
        "projects:letter_list": Case(default=403, expect=LETTER_PRINTERS),
        "projects:letter_print": Case(
            default=403,
            expect={person: 302 for person in LETTER_PRINTERS if person != "anonymous"}
            | {"anonymous": SIGN_IN},
            method="post",
        ),
        # A printed batch, again: only for those who may print its project's letters.
        "projects:letter_batch": Case(
            default=403,
            expect={**LETTER_PRINTERS, "other_staff": 404},
            kwargs=printed_letters,
        ),
    }
)


# Ladder.
# The reference and the rung list are for everyone signed in; an activity's and a
# project's ladder pages follow their visibility; classifying and setting a target
# follow the project's edit rights. Confirming is only for people with lived
# experience who took part (the expert): others who can see it are refused (403).

CASES.update(
    {
        "ladder:reference": Case(default=200, expect=SIGNED_IN),
        "ladder:activity": Case(default=200, expect=ACTIVITY_READERS, kwargs=activity),
        "ladder:classify": Case(default=404, expect=PROJECT_EDIT, kwargs=activity),
        "ladder:confirm": Case(
            default=403,
            expect={"expert": 200, **ACTIVITY_READERS},
            kwargs=activity,
        ),
        # Entering someone's answer for them follows the project's edit rights.
        "ladder:respond_on_behalf": Case(
            default=404,
            expect=PROJECT_EDIT,
            kwargs=lambda world: {"pk": world["activity"].pk, "person_pk": world["person"].pk},
        ),
        "ladder:project": Case(default=200, expect=ACTIVITY_READERS, kwargs=project),
        "ladder:project_target": Case(default=404, expect=PROJECT_EDIT, kwargs=project),
    }
)


# Principles.
# Rounds follow the project's edit rights (its leads and admins); results are also
# open to governance leads. A personal link answers anyone who holds it, signed in
# or not, by design: it is the person's key to their own form, exchanged for an
# answering session. The answer pages behind it open for that session only (a
# plain page asks everyone else to open their link); a signed-in person's own
# invitation opens without a link, for them alone.


def principles_round(world: dict) -> dict:
    from tests.factories import RoundFactory

    return {"pk": RoundFactory(project=world["project"]).pk}


def principles_invitation(world: dict):
    from tests.factories import InvitationFactory, RoundFactory

    round_ = RoundFactory(project=world["project"])
    return InvitationFactory(round=round_, person=world["person"])


def principles_link(world: dict) -> dict:
    from tests.factories import personal_link

    return {"token": personal_link(principles_invitation(world)).rstrip("/").rsplit("/", 1)[-1]}


def principles_expert_invitation(world: dict) -> dict:
    from tests.factories import InvitationFactory, RoundFactory

    round_ = RoundFactory(project=world["project"])
    return {"pk": InvitationFactory(round=round_, user=world["expert"]).pk}


CASES.update(
    {
        "principles:my_rounds": Case(default=200, expect=SIGNED_IN),
        "principles:project_rounds": Case(default=200, expect=ACTIVITY_READERS, kwargs=project),
        "principles:round_create": Case(default=404, expect=PROJECT_EDIT, kwargs=project),
        "principles:round_detail": Case(default=404, expect=PROJECT_EDIT, kwargs=principles_round),
        "principles:round_results": Case(
            default=404,
            expect={**PROJECT_EDITORS, "expert": 403, "governance": 200},
            kwargs=principles_round,
        ),
        "principles:invitation_link": Case(
            default=404,
            expect=PROJECT_EDIT,
            kwargs=lambda world: {"pk": principles_invitation(world).pk},
        ),
        "principles:invitation_paper": Case(
            default=404,
            expect=PROJECT_EDIT,
            kwargs=lambda world: {"pk": principles_invitation(world).pk},
        ),
        "principles:respond_on_behalf": Case(
            default=404,
            expect={**PROJECT_EDIT, "staff": 302, "co_lead": 302, "admin": 302},
            kwargs=lambda world: {"pk": principles_invitation(world).pk},
        ),
        "principles:respond_mine": Case(
            default=404,
            expect={"anonymous": SIGN_IN, "expert": 302},
            kwargs=principles_expert_invitation,
        ),
        # The link moves on to the answer pages, without the token.
        "principles:respond": Case(default=302, kwargs=principles_link),
        "principles:answer": Case(default=200),
    }
)


# Growth plans.
# Admins change plans. Governance leads and every member of staff read them, so
# staff of another service are refused changes (403). An expert by experience reads
# a plan only through a project that delivers one of its priorities (the expert and
# co_lead belong to `project`); to the outsider it does not exist (404).


def _plan(world: dict):
    from projects.models import Plan
    from tests.factories import PriorityFactory

    plan, made = Plan.objects.get_or_create(
        service=world["service"], defaults={"sponsor_name": "Dr Amara Okafor"}
    )
    if made:
        priority = PriorityFactory(plan=plan)
        world["project"].priority = priority
        world["project"].save(update_fields=["priority"])
    return plan


def plan(world: dict) -> dict:
    return {"pk": _plan(world).pk}


def plan_part(model: str):
    def kwargs(world: dict) -> dict:
        from tests import factories

        made = getattr(factories, f"{model}Factory")(plan=_plan(world))
        return {"pk": made.pk}

    return kwargs


PLAN_READERS = {"anonymous": SIGN_IN, "outsider_expert": 404, "admin": 200}
PLAN_EDIT = {"anonymous": SIGN_IN, "outsider_expert": 404, "admin": 200}

CASES.update(
    {
        "projects:plan_list": Case(default=200, expect=SIGNED_IN),
        "projects:plan_create": admin_only(others=403),
        "projects:plan_detail": Case(default=200, expect=PLAN_READERS, kwargs=plan),
        "projects:plan_edit": Case(default=403, expect=PLAN_EDIT, kwargs=plan),
        "projects:standard_create": Case(default=403, expect=PLAN_EDIT, kwargs=plan),
        "projects:standard_edit": Case(default=403, expect=PLAN_EDIT, kwargs=plan_part("Standard")),
        "projects:standard_template_use": Case(default=403, expect=PLAN_EDIT, kwargs=plan),
        "projects:standard_template_save": Case(default=403, expect=PLAN_EDIT, kwargs=plan),
        "projects:priority_create": Case(default=403, expect=PLAN_EDIT, kwargs=plan),
        "projects:priority_edit": Case(default=403, expect=PLAN_EDIT, kwargs=plan_part("Priority")),
        "projects:metric_create": Case(default=403, expect=PLAN_EDIT, kwargs=plan),
        "projects:metric_edit": Case(default=403, expect=PLAN_EDIT, kwargs=plan_part("Metric")),
        "projects:reading_create": Case(default=403, expect=PLAN_EDIT, kwargs=plan_part("Metric")),
        # Anyone who can see the project may nominate it; admins and governance read the list.
        "projects:award_nominate": Case(default=200, expect=ACTIVITY_READERS, kwargs=project),
        "projects:nomination_list": Case(
            default=403, expect={"anonymous": SIGN_IN, "governance": 200, "admin": 200}
        ),
    }
)

# Dashboard. Read-only for admins, governance leads and all staff; experts by
# experience get 403 (the page exists, it is not for their role).
DASHBOARD_READERS = {
    "anonymous": SIGN_IN,
    "staff": 200,
    "other_staff": 200,
    "governance": 200,
    "admin": 200,
}

CASES.update(
    {
        "dashboard:dashboard": Case(default=403, expect=DASHBOARD_READERS),
        "dashboard:chart_csv": Case(
            default=403, expect=DASHBOARD_READERS, kwargs=lambda world: {"name": "ladder"}
        ),
        "dashboard:movement_csv": Case(default=403, expect=DASHBOARD_READERS),
        "dashboard:plan": Case(default=403, expect=DASHBOARD_READERS, kwargs=plan),
        "dashboard:plan_csv": Case(default=403, expect=DASHBOARD_READERS, kwargs=plan),
    }
)


# Peer review. The plan's owner is `staff` (a member of its service); the lead
# reviewer is `other_staff` (another service). Reviewers see their own assignment;
# owners and the service's staff read reviews once sent; admins and governance read
# everything and only admins change reviewers; to anyone else it does not exist.


def _review_plan(world: dict):
    plan = _plan(world)
    plan.owners.add(world["staff"])
    return plan


def _lead(world: dict, **extra):
    from tests.dashboard.reviews_data import assign, ready_report

    return assign(ready_report(_review_plan(world)), world["other_staff"], **extra)


def lead_assignment(**extra):
    return lambda world: {"pk": _lead(world, **extra).pk}


def lead_with_draft(world: dict) -> dict:
    from dashboard.models import Review

    assignment = _lead(world)
    Review.objects.create(assignment=assignment, strengths="Draft")
    return {"pk": assignment.pk}


def expert_assignment(status: str):
    def kwargs(world: dict) -> dict:
        from tests.dashboard.reviews_data import assign, ready_report

        report = ready_report(_review_plan(world))
        reviewer = world["outsider_expert"]
        return {"pk": assign(report, reviewer, kind="expert", status=status).pk}

    return kwargs


def _sent(world: dict):
    from tests.dashboard.reviews_data import ready_report, sent_review

    return sent_review(ready_report(_review_plan(world)), world["other_staff"])


def sent_report(world: dict) -> dict:
    return {"pk": _sent(world).assignment.report_id}


def sent_recommendation(world: dict) -> dict:
    return {"pk": _sent(world).recommendations.first().pk}


def review_plan(world: dict) -> dict:
    return {"pk": _review_plan(world).pk}


EXPERTS = {"expert": 200, "co_lead": 200, "outsider_expert": 200, "anonymous": SIGN_IN}
REVIEWER_ONLY = {"anonymous": SIGN_IN, "other_staff": 200, "admin": 403, "governance": 403}
CO_REVIEWER_ONLY = {
    "anonymous": SIGN_IN,
    "outsider_expert": 200,
    "admin": 403,
    "governance": 403,
}
REVIEW_READERS = {"anonymous": SIGN_IN, "staff": 200, "other_staff": 200, "admin": 200}

CASES.update(
    {
        "dashboard:review_list": Case(default=200, expect=SIGNED_IN),
        "dashboard:review_willing": Case(default=403, expect=EXPERTS),
        "dashboard:assignment_list": Case(
            default=403, expect={"anonymous": SIGN_IN, "admin": 200, "governance": 200}
        ),
        # Its reviewer may see it but not change who reviews it (403).
        "dashboard:assignment_reassign": Case(
            default=404,
            expect={"anonymous": SIGN_IN, "admin": 200, "governance": 403, "other_staff": 403},
            kwargs=lead_assignment(),
        ),
        # The emailed link: on to the review for its reviewer, to the list for readers.
        "dashboard:review_open": Case(
            default=404,
            expect={"anonymous": SIGN_IN, "other_staff": 302, "admin": 302, "governance": 302},
            kwargs=lead_assignment(),
        ),
        "dashboard:review_edit": Case(default=404, expect=REVIEWER_ONLY, kwargs=lead_assignment()),
        "dashboard:review_check": Case(default=404, expect=REVIEWER_ONLY, kwargs=lead_with_draft),
        "dashboard:review_done": Case(
            default=404,
            expect={"anonymous": SIGN_IN, "other_staff": 200},
            kwargs=lambda world: {"pk": _sent(world).assignment_id},
        ),
        # The co-reviewer is `outsider_expert`, who belongs to no project of the plan.
        "dashboard:coreview_offer": Case(
            default=404, expect=CO_REVIEWER_ONLY, kwargs=expert_assignment("offered")
        ),
        "dashboard:coreview_step": Case(
            default=404,
            expect=CO_REVIEWER_ONLY,
            kwargs=lambda world: {**expert_assignment("accepted")(world), "step": "going-well"},
        ),
        # Sent reviews: owners and the service's staff, the reviewer, admins, governance.
        "dashboard:review_report": Case(
            default=404, expect={**REVIEW_READERS, "governance": 200}, kwargs=sent_report
        ),
        "dashboard:recommendation_respond": Case(
            default=404,
            expect={
                "anonymous": SIGN_IN,
                "staff": 200,
                "other_staff": 403,
                "admin": 403,
                "governance": 403,
            },
            kwargs=sent_recommendation,
        ),
        # The plan's archive: readers of the plan who may not read its reviews get 403.
        "dashboard:plan_reviews": Case(
            default=403,
            expect={
                "anonymous": SIGN_IN,
                "outsider_expert": 404,
                "staff": 200,
                "admin": 200,
                "governance": 200,
            },
            kwargs=review_plan,
        ),
    }
)

# The action log. An action is seen by its owner, staff of its service, admins and
# governance leads (who change none: 403); to anyone else it does not exist. The
# world's action is Willow's, owned by `staff`. A service's actions and REIS cycles
# are for its staff, admins and governance leads; experts are refused the list of
# services (403) and told a service's pages do not exist (404). Raising an action
# from a REIS finding is for the project's leads and Willow's staff.


def world_action(world: dict) -> dict:
    from tests.factories import ActionFactory

    action = ActionFactory(service=world["service"], owner=world["staff"])
    return {"pk": action.pk}


def reis_finding(world: dict) -> dict:
    import datetime

    from tests.factories import reis_assessment

    activity = reis_assessment(
        world["project"], date=datetime.date(2026, 3, 2), ratings={"space": 2}
    )
    return {"source": "reis", "pk": activity.reis_scores.get().pk}


ACTION_READERS = {"anonymous": SIGN_IN, "staff": 200, "governance": 200, "admin": 200}
ACTION_EDITORS = {"anonymous": SIGN_IN, "staff": 200, "governance": 403, "admin": 200}

CASES.update(
    {
        "actions:my_actions": Case(default=200, expect=SIGNED_IN),
        "actions:service_list": Case(
            default=200,
            expect={**SIGNED_IN, "expert": 403, "co_lead": 403, "outsider_expert": 403},
        ),
        "actions:service": Case(default=404, expect=ACTION_READERS, kwargs=service),
        "actions:service_reis": Case(default=404, expect=ACTION_READERS, kwargs=service),
        "actions:action_detail": Case(default=404, expect=ACTION_READERS, kwargs=world_action),
        "actions:action_edit": Case(default=404, expect=ACTION_EDITORS, kwargs=world_action),
        "actions:action_done": Case(default=404, expect=ACTION_EDITORS, kwargs=world_action),
        "actions:raise": Case(
            default=404,
            expect={
                "anonymous": SIGN_IN,
                "staff": 200,
                "co_lead": 200,
                "admin": 200,
                "expert": 403,
                "governance": 403,
            },
            kwargs=reis_finding,
        ),
    }
)


# Peer-review reports. Admins, governance leads, the plan's owners and staff of its
# service read them; others who can see the plan (staff elsewhere, experts through
# a project) are refused (403); to the outsider the plan does not exist (404).
# Only admins ask for a report now or build a failed one again.


def report(world: dict, **fields) -> dict:
    from dashboard.models import Report

    made, _ = Report.objects.get_or_create(
        plan=_plan(world),
        period_start="2025-07-01",
        period_end="2025-09-30",
        defaults={"trigger": "schedule", "status": "queued", **fields},
    )
    return {"pk": made.pk}


def ready_report(world: dict) -> dict:
    from tests.dashboard.report_data import ready

    return {"pk": ready(_plan(world)).pk}


def failed_report(world: dict) -> dict:
    import datetime

    from dashboard.models import Report

    # A new one for each persona, each for its own day.
    day = datetime.date(2025, 1, 1) + datetime.timedelta(days=Report.objects.count())
    made = Report.objects.create(
        plan=_plan(world),
        period_start=day,
        period_end=day,
        trigger="request",
        status="failed",
        error="The build stopped.",
    )
    return {"pk": made.pk}


REPORT_READERS = {
    "anonymous": SIGN_IN,
    "outsider_expert": 404,
    "staff": 200,
    "governance": 200,
    "admin": 200,
}

CASES.update(
    {
        "dashboard:report_list": Case(
            default=403, expect=REPORT_READERS, kwargs=lambda world: {"plan_pk": _plan(world).pk}
        ),
        "dashboard:report_detail": Case(default=403, expect=REPORT_READERS, kwargs=report),
        "dashboard:report_download": Case(default=403, expect=REPORT_READERS, kwargs=ready_report),
        "dashboard:report_csv": Case(default=403, expect=REPORT_READERS, kwargs=ready_report),
        "dashboard:report_request": admin_only(others=403),
        "dashboard:report_retry": Case(
            default=403,
            expect={"anonymous": SIGN_IN, "outsider_expert": 404, "admin": 302},
            method="post",
            kwargs=failed_report,
        ),
    }
)


# Personal pages.
# A personal link, or the short code from a letter, opens a person's own page for
# anyone who holds it, signed in or not, by design. Its pages answer everyone
# without that session with a plain page asking them to open their link (200); the
# person of the session and a second person whose data must never show are tested
# in tests/personal/. Making someone a link follows the register's edit rights.


def personal_token(world: dict) -> dict:
    from personal.services import link_new

    return {"token": link_new(person=world["person"], by=world["staff"], given="printed").token}


def personal_invitation(world: dict) -> dict:
    return {"pk": principles_invitation(world).pk}


CASES.update(
    {
        "personal:page": Case(default=200),
        "personal:code": Case(default=200),
        "personal:details": Case(default=200),
        "personal:equality": Case(default=200),
        "personal:pay_limit": Case(default=200),
        "personal:activities": Case(default=200),
        "personal:rung": Case(default=200, kwargs=activity),
        "personal:round_start": Case(default=200, method="post", kwargs=personal_invitation),
        "personal:open": Case(default=302, kwargs=personal_token),
        "personal:link_new": Case(
            default=404,
            expect={"anonymous": SIGN_IN, "staff": 200, "governance": 403, "admin": 200},
            kwargs=person,
        ),
        "personal:page_pdf": Case(default=200),
        # Printing someone's page or a form to post follows making them a link.
        "personal:page_print": Case(
            default=404,
            expect={"anonymous": SIGN_IN, "staff": 200, "governance": 403, "admin": 200},
            kwargs=person,
        ),
        "personal:ladder_form": Case(
            default=404,
            expect={"anonymous": SIGN_IN, "staff": 200, "governance": 403, "admin": 200},
            kwargs=person,
        ),
    }
)


# Opportunities. They belong to their project: whoever sees the project sees
# them; its leads (staff or expert co-leads) and admins post and change them.
# Recording interest for someone needs the register (staff and admins). The public
# pages need no sign-in and show only public, open opportunities.


def opportunity(world: dict) -> dict:
    from tests.factories import OpportunityFactory

    if "opportunity" not in world:
        world["opportunity"] = OpportunityFactory(project=world["project"], public=True)
    return {"pk": world["opportunity"].pk}


def digest_stop_token(world: dict) -> dict:
    from opportunities.digest import stop_token

    world["person"].opportunities_digest = True
    world["person"].email = "rita@example.org"
    world["person"].save()
    return {"token": stop_token(world["person"])}


def digest_reply_token(world: dict) -> dict:
    """A digest sent to a new reader (one each time: each link works once)."""
    from django.utils import timezone

    from opportunities.digest import reply_token
    from opportunities.models import Digest
    from tests.factories import PersonFactory

    opportunity(world)
    reader = PersonFactory(email="reader@example.org", opportunities_digest=True)
    digest = Digest.objects.create(
        person=reader, week=timezone.localdate(), email_key=f"test-digest-{reader.pk}"
    )
    digest.opportunities.add(world["opportunity"])
    return {"token": reply_token(digest, world["opportunity"])}


def invited_interest(world: dict) -> dict:
    """Someone chosen and invited, to answer for: a new person each time."""
    from django.utils import timezone

    from tests.factories import InterestFactory, PersonFactory

    interest = InterestFactory(
        opportunity=the_opportunity(world),
        person=PersonFactory(),
        decision="chosen",
        told_at=timezone.now(),
    )
    return {"pk": interest.opportunity_id, "interest_pk": interest.pk}


def told_by_letter(world: dict) -> dict:
    """An opportunity with a letter to print: someone who asked for post was told."""
    from django.utils import timezone

    from tests.factories import InterestFactory, PersonFactory

    InterestFactory(
        opportunity=the_opportunity(world),
        person=PersonFactory(
            contact="post", consent_to_contact=True, postal_address="1 High Street\nLeeds"
        ),
        decision="not_chosen",
        told_at=timezone.now(),
    )
    return opportunity(world)


def the_opportunity(world: dict):
    opportunity(world)
    return world["opportunity"]


PROJECT_EDIT_POSTED = {**PROJECT_EDIT, "staff": 302, "co_lead": 302, "admin": 302}


CASES.update(
    {
        "opportunities:opportunity_list": Case(default=200, expect={"anonymous": SIGN_IN}),
        "opportunities:opportunity_create": Case(
            default=403,
            expect={
                "anonymous": SIGN_IN,
                "staff": 200,
                "co_lead": 200,
                "other_staff": 200,
                "admin": 200,
            },
        ),
        "opportunities:opportunity_detail": Case(
            default=200,
            expect={"anonymous": SIGN_IN, "outsider_expert": 404, "other_staff": 404},
            kwargs=opportunity,
        ),
        "opportunities:opportunity_edit": Case(
            default=404, expect=PROJECT_EDIT, kwargs=opportunity
        ),
        "opportunities:interest_record": Case(
            default=404,
            expect={
                "anonymous": SIGN_IN,
                "staff": 200,
                "admin": 200,
                "governance": 403,
                "expert": 403,
                "co_lead": 403,
            },
            kwargs=opportunity,
        ),
        # The printable bulletin: trust staff, of what they can see.
        "opportunities:bulletin": Case(
            default=403,
            expect={
                "anonymous": SIGN_IN,
                "staff": 200,
                "other_staff": 200,
                "governance": 200,
                "admin": 200,
            },
        ),
        # Choosing people, telling them, their answers and logging the activity:
        # for those who run the project (as changing the opportunity).
        "opportunities:shortlist": Case(default=404, expect=PROJECT_EDIT, kwargs=opportunity),
        "opportunities:decisions_tell": Case(
            default=404, expect=PROJECT_EDIT_POSTED, method="post", kwargs=opportunity
        ),
        "opportunities:letters": Case(default=404, expect=PROJECT_EDIT, kwargs=told_by_letter),
        "opportunities:reply_record": Case(
            default=404,
            expect=PROJECT_EDIT_POSTED,
            method="post",
            kwargs=invited_interest,
            data=lambda world: {"reply": "accepted"},
        ),
        "opportunities:activity_log": Case(default=404, expect=PROJECT_EDIT, kwargs=opportunity),
        "opportunities:public_list": Case(default=200),
        "opportunities:public_detail": Case(default=200, kwargs=opportunity),
        # The digest email's links need no sign-in, by design: whoever holds one
        # may use it. Stopping asks first (GET) and stops on POST; the reply link
        # is exchanged for the person's session once, then sends them on.
        "opportunities:digest_stop": Case(default=200, kwargs=digest_stop_token),
        "personal:digest_reply": Case(default=302, kwargs=digest_reply_token),
        # The person's own pages: like the rest of /me/ (see above).
        "personal:opportunity": Case(default=200, kwargs=opportunity),
        "personal:opportunity_withdraw": Case(default=200, method="post", kwargs=opportunity),
        "personal:opportunity_reply": Case(default=200, kwargs=opportunity),
    }
)


# Always Events: staff of the event's service and the leads of its project (staff
# or expert co-leads) change it; its project's members, governance leads and admins
# read it; to everyone else it does not exist.


def always_event(world: dict) -> dict:
    from improvement.models import AlwaysEvent

    if "always_event" not in world:
        world["always_event"] = AlwaysEvent.objects.create(
            service=world["service"], project=world["project"], title="Welcome by name"
        )
    return {"pk": world["always_event"].pk}


def pdsa_cycle(world: dict) -> dict:
    import datetime

    from improvement.models import PdsaCycle

    always_event(world)
    cycle, _ = PdsaCycle.objects.get_or_create(
        event=world["always_event"],
        number=1,
        defaults={
            "change": "Name badges",
            "prediction": "People know who we are",
            "measure": "Ask at handover",
            "started_on": datetime.date(2026, 1, 5),
        },
    )
    cycle.people.add(world["person"])
    return {"pk": world["always_event"].pk, "cycle_pk": cycle.pk}


def event_reliability(world: dict) -> dict:
    return {**always_event(world), "service_pk": world["service"].pk}


EVENT_READERS = {"anonymous": SIGN_IN, "outsider_expert": 404, "other_staff": 404}

CASES.update(
    {
        "improvement:event_list": Case(default=200, expect={"anonymous": SIGN_IN}),
        "improvement:event_create": Case(
            default=403,
            expect={"anonymous": SIGN_IN, "staff": 200, "other_staff": 200, "admin": 200},
        ),
        "improvement:event_detail": Case(default=200, expect=EVENT_READERS, kwargs=always_event),
        "improvement:event_edit": Case(default=404, expect=PROJECT_EDIT, kwargs=always_event),
        "improvement:stage_move": Case(
            default=404,
            expect={**PROJECT_EDIT, "staff": 302, "co_lead": 302, "admin": 302},
            method="post",
            kwargs=always_event,
        ),
        "improvement:conversation_add": Case(default=404, expect=PROJECT_EDIT, kwargs=always_event),
        "improvement:statement_edit": Case(default=404, expect=PROJECT_EDIT, kwargs=always_event),
        "improvement:cycle_create": Case(default=404, expect=PROJECT_EDIT, kwargs=always_event),
        "improvement:cycle_edit": Case(default=404, expect=PROJECT_EDIT, kwargs=pdsa_cycle),
        "improvement:reliability": Case(
            default=200, expect=EVENT_READERS, kwargs=event_reliability
        ),
        "improvement:reliability_record": Case(
            default=404, expect=PROJECT_EDIT, kwargs=event_reliability
        ),
        "improvement:adoption_add": Case(default=404, expect=PROJECT_EDIT, kwargs=always_event),
    }
)


# Training cohorts.
# Admins and governance leads read every cohort; staff read the cohorts they run
# (`staff` runs the world's); admins and programme staff change them, governance
# leads are refused (403); to anyone else a cohort does not exist (404). The list
# is for trust staff. A personal link answers anyone who holds it, by design; the
# form behind it opens for that session only (a plain page for everyone else).


def _cohort(world: dict):
    import datetime

    from django.utils import timezone

    from training.models import Cohort, Member, Team

    cohort, made = Cohort.objects.get_or_create(
        name="Spring cohort",
        defaults={
            "starts_on": timezone.localdate() - datetime.timedelta(days=100),
            "follow_up_on": timezone.localdate() - datetime.timedelta(days=1),
            "project": world["project"],
        },
    )
    if made:
        cohort.programme_staff.add(world["staff"])
        team = Team.objects.create(cohort=cohort, name="Willow team", aim="Nights planned together")
        Member.objects.create(team=team, person=world["person"])
        cohort.sessions.create(date=timezone.localdate(), topic="Sharing power")
    return cohort


def cohort(world: dict) -> dict:
    return {"pk": _cohort(world).pk}


def training_team(world: dict) -> dict:
    return {"pk": _cohort(world).teams.get().pk}


def training_session(world: dict) -> dict:
    return {"pk": _cohort(world).sessions.get().pk}


def training_member(stage: str):
    def kwargs(world: dict) -> dict:
        from training.models import Member

        return {"pk": Member.objects.get(team__cohort=_cohort(world)).pk, "stage": stage}

    return kwargs


def training_link(world: dict) -> dict:
    from training.models import Member
    from training.services import rating_for, rating_link_new

    member = Member.objects.get(team__cohort=_cohort(world))
    return {"token": rating_link_new(rating=rating_for(member=member, stage="baseline"))}


TRAINING_READERS = {"anonymous": SIGN_IN, "staff": 200, "governance": 200, "admin": 200}
TRAINING_EDIT = {"anonymous": SIGN_IN, "staff": 200, "governance": 403, "admin": 200}

CASES.update(
    {
        "training:cohort_list": Case(
            default=403,
            expect={**TRAINING_READERS, "other_staff": 200},
        ),
        "training:cohort_create": admin_only(others=403),
        "training:cohort_detail": Case(default=404, expect=TRAINING_READERS, kwargs=cohort),
        "training:team_create": Case(default=404, expect=TRAINING_EDIT, kwargs=cohort),
        "training:session_create": Case(default=404, expect=TRAINING_EDIT, kwargs=cohort),
        "training:team_edit": Case(default=404, expect=TRAINING_EDIT, kwargs=training_team),
        "training:member_add": Case(default=404, expect=TRAINING_EDIT, kwargs=training_team),
        "training:attendance": Case(default=404, expect=TRAINING_EDIT, kwargs=training_session),
        "training:rating_link": Case(
            default=404, expect=TRAINING_EDIT, kwargs=training_member("start")
        ),
        "training:rating_on_behalf": Case(
            default=404, expect=TRAINING_EDIT, kwargs=training_member("follow-up")
        ),
        # The link moves on to the rating form, without the token.
        "training:rate_open": Case(default=302, kwargs=training_link),
        "training:rate": Case(default=200),
    }
)


# Methods. A URL whose case is a POST takes only POST; of the rest, these take
# Finance is least privilege: it may open the payment pages, its own account and
# what anyone may open (public pages, signing in and out, pages opened by a
# person's own link); every
# other page refuses it (403), as a page refuses any role it is not for. The pages
# it may open give "finance" in their case, or are named here, answered by their
# default like anyone else.
# The read API (/api/v1/). Asked with a personal token of each persona, never a
# session (`test_url_access.url_as`); no token is 401. The reference page and the
# OpenAPI description are public: they describe the API, and hold no records.
API_READERS = {"anonymous": 401}
API_PROJECT = {"anonymous": 401, "outsider_expert": 404, "other_staff": 404}
API_DASHBOARD = {**DASHBOARD_READERS, "anonymous": 401}
API_ROUND_RESULTS = {"anonymous": 401, "outsider_expert": 404, "other_staff": 404, "expert": 403}


def api_url(name: str) -> bool:
    """Asked with a token: every API URL but the public reference and description."""
    return name.startswith("api:") and name not in {"api:reference", "api:openapi"}


CASES.update(
    {
        "api:reference": Case(default=200),
        "api:openapi": Case(default=200),
        "api:services": Case(default=200, expect=API_READERS),
        "api:projects": Case(default=200, expect=API_READERS),
        "api:project": Case(default=200, expect=API_PROJECT, kwargs=project),
        "api:activities": Case(default=200, expect=API_READERS),
        "api:ladder_mix": Case(default=403, expect=API_DASHBOARD),
        "api:ladder_movement": Case(default=403, expect=API_DASHBOARD),
        "api:principle_results": Case(default=200, expect=API_READERS),
        "api:round_results": Case(default=200, expect=API_ROUND_RESULTS, kwargs=principles_round),
        "api:plans": Case(default=200, expect=API_READERS),
        "api:metric_values": Case(default=403, expect=API_DASHBOARD),
        "api:metric_spc": Case(default=403, expect=API_DASHBOARD),
        "api:reach": Case(default=403, expect=API_DASHBOARD),
        # Tokens are made on the account page: finance reads nothing the API serves.
        "accounts:api_token_create": Case(default=200, expect={"anonymous": SIGN_IN}),
        # Only its owner revokes a token; to anyone else it does not exist.
        "accounts:api_token_revoke": Case(
            default=404,
            expect={"anonymous": SIGN_IN, "staff": 302},
            method="post",
            kwargs=lambda world: {"pk": staff_api_token(world)},
        ),
    }
)


def staff_api_token(world: dict) -> int:
    from accounts.services import api_token_create

    token, _secret = api_token_create(user=world["staff"], name="Board report", days=30)
    return token.pk


FINANCE_AS_ANYONE = {
    # Public descriptions of the API.
    "api:reference",
    "api:openapi",
    "accessibility",
    "privacy",
    "health",
    "health_deep",
    "accounts:login",
    "accounts:logout",
    "accounts:account",
    "accounts:session_extend",
    "accounts:password_change",
    "accounts:password_change_done",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:two_factor_challenge",
    "accounts:two_factor_recovery",
    "accounts:two_factor_recovery_codes",
    "opportunities:public_list",
    "opportunities:public_detail",
    # Opened by a person's own link (the link, not the account, lets them in).
    "principles:answer",
    "principles:respond",
    "personal:open",
    "personal:code",
    "personal:page",
    "personal:page_pdf",
    "personal:activities",
    "personal:details",
    "personal:equality",
    "personal:pay_limit",
    "personal:rung",
    "personal:round_start",
    "training:rate_open",
    "training:rate",
    "personal:opportunity",
    "personal:opportunity_withdraw",
    "personal:opportunity_reply",
    "personal:digest_reply",
    "opportunities:digest_stop",
}
FINANCE_REFUSED = 403


def _finance_refused_unless_opened(name: str, case: Case) -> Case:
    if "finance" in case.expect or name in FINANCE_AS_ANYONE:
        return case
    return replace(case, expect={**case.expect, "finance": FINANCE_REFUSED})


def import_batch(world: dict) -> dict:
    """A checked import of one person, waiting to be confirmed (made afresh, so
    the admin's confirming or cancelling it leaves the next persona one)."""
    from imports.services import import_upload
    from tests.imports.files import csv_bytes

    batch = import_upload(
        kind="people",
        file_name="register.csv",
        data=csv_bytes(
            [["Name", "Experience", "Agrees to us keeping their details"], ["Ana", "Carer", "Yes"]]
        ),
        by=world["admin"],
    )
    return {"pk": batch.pk}


# Imports: admins only; to everyone else they do not exist.
CASES.update(
    {
        "imports:import_list": admin_only(others=404),
        "imports:import_upload": admin_only(others=404, kwargs=lambda world: {"kind": "people"}),
        "imports:template_guide": admin_only(
            others=404, kwargs=lambda world: {"kind": "activities"}
        ),
        "imports:template_download": admin_only(
            others=404, kwargs=lambda world: {"kind": "projects", "extension": "xlsx"}
        ),
        "imports:import_detail": admin_only(others=404, kwargs=import_batch),
        "imports:import_confirm": admin_only(
            others=404, admin=302, method="post", kwargs=import_batch
        ),
        "imports:import_cancel": admin_only(
            others=404, admin=302, method="post", kwargs=import_batch
        ),
    }
)


CASES = {name: _finance_refused_unless_opened(name, case) for name, case in CASES.items()}


# only GET. Every other method is answered 405, which test_url_access.py checks
# for every persona let in (and test_csrf.py with a CSRF token), so nothing lands
# here to dodge the CSRF check.
NOT_POSTABLE = {
    **{name: "the read API only reads" for name in CASES if name.startswith("api:")},
    "health": "a read-only probe for monitoring",
    "health_deep": "a read-only probe for monitoring",
    "dashboard:dashboard": "a read-only report; its filters are a GET form",
    "dashboard:chart_csv": "a read-only download",
    "dashboard:movement_csv": "a read-only download",
    "dashboard:plan": "a read-only report of one plan's SPC charts",
    "dashboard:plan_csv": "a read-only download",
    "dashboard:report_list": "a read-only list of reports",
    "dashboard:report_detail": "a read-only report; htmx polls it with GET",
    "dashboard:report_download": "a read-only download",
    "dashboard:report_csv": "a read-only download",
    "home": "a page of links",
    "privacy": "a static page",
    "accessibility": "a static page",
    "accounts:account": "a page of links",
    "accounts:password_change_done": "a confirmation page",
    "accounts:password_reset_done": "a confirmation page",
    "accounts:password_reset_complete": "a confirmation page",
    "accounts:two_factor_recovery_codes": "shows codes made by the set-up form",
    "accounts:user_list": "a list with a GET filter form",
    "projects:project_list": "a list with a GET filter form",
    "projects:project_detail": "a read-only page",
    "projects:project_history": "a read-only page",
    "projects:service_list": "a list",
    "projects:person_list": "a list with a GET search form",
    "projects:person_detail": "a read-only page",
    "projects:person_copy": "a read-only page",
    "projects:person_copy_download": "a zip download",
    "projects:person_audit": "a read-only page",
    "projects:activity_detail": "a read-only page",
    "projects:activity_list": "a list with a GET filter form",
    "projects:activity_export": "a CSV download",
    "projects:rate_card_list": "a list",
    "projects:payment_export": "a CSV download chosen by a GET form",
    "projects:payment_run_list": "a list; making a run is its own POST-only URL",
    "imports:import_list": "a list of links",
    "imports:template_guide": "a read-only page",
    "imports:template_download": "a download",
    "imports:import_detail": "a read-only page; htmx polls it with GET; its forms post elsewhere",
    "projects:payment_run_detail": "a read-only page",
    "projects:payment_run_export": "a CSV download; marking it exported is its own POST-only URL",
    "projects:my_involvement": "a read-only page",
    "projects:letter_list": "a list; printing is its own POST-only URL",
    "projects:letter_batch": "a PDF of letters already printed; printing changed them",
    "ladder:reference": "a read-only page",
    "ladder:activity": "a read-only page",
    "ladder:project": "a read-only page",
    "principles:my_rounds": "a list",
    "principles:project_rounds": "a list",
    "principles:round_detail": "a read-only page",
    "principles:invitation_paper": "a download (its reference is given once, on first print)",
    "principles:round_results": "a read-only page",
    "principles:respond": "the personal link: exchanged for a session, then sends them on",
    "training:rate_open": "the personal link: exchanged for a session, then sends them on",
    "training:cohort_list": "a list",
    "training:cohort_detail": "a read-only page",
    "personal:open": "the personal link: exchanged for a session, then sends them on",
    "personal:digest_reply": "a digest email's link: exchanged for a session, then sends them on",
    "personal:page": "a read-only page; its forms post to pages of their own",
    "personal:activities": "a read-only list",
    "personal:page_pdf": "a download of their own page",
    "personal:page_print": "a PDF download to print",
    "personal:ladder_form": "a PDF download to print (or a page saying there is nothing to check)",
    "opportunities:opportunity_list": "a list with a GET filter form",
    "opportunities:opportunity_detail": "a read-only page",
    "opportunities:public_list": "a public list",
    "opportunities:bulletin": "a GET form whose answer is a PDF to print",
    "opportunities:public_detail": "a public read-only page",
    "opportunities:letters": "a PDF download of letters",
    "projects:plan_list": "a list",
    "projects:plan_detail": "a read-only page",
    "projects:nomination_list": "a list",
    "dashboard:review_list": "a list",
    "dashboard:assignment_list": "a list",
    "dashboard:review_open": "the emailed link: sends the reviewer on",
    "dashboard:review_done": "a confirmation page",
    "dashboard:review_report": "a read-only page",
    "dashboard:plan_reviews": "a list",
    "actions:my_actions": "a list with a GET filter form",
    "actions:service_list": "a list",
    "actions:service": "a list with a GET filter form",
    "actions:service_reis": "a read-only page",
    "actions:action_detail": "a read-only page",
    "improvement:event_list": "a list",
    "improvement:event_detail": "a read-only page; its forms post to pages of their own",
    "improvement:reliability": "a read-only chart; counts are recorded on a page of their own",
}

# Django's own sign-in, sign-out and password views, with our forms and templates,
# answer other methods Django's way: a form view takes PUT as a POST, the sign-in
# page sends a signed-in person home and sign-out sends someone without a session
# on, whatever the method. The 405 check leaves them out.
METHODS_NOT_CHECKED = {
    "accounts:login": "Django's LoginView",
    "accounts:logout": "Django's LogoutView",
    "accounts:password_change": "Django's PasswordChangeView",
    "accounts:password_reset": "Django's PasswordResetView",
    "accounts:password_reset_confirm": "Django's PasswordResetConfirmView",
}


def methods_taken(url_name: str) -> set[str]:
    """The HTTP methods the URL answers; every other one gets 405."""
    if CASES[url_name].method == "post":
        return {"post"}
    if url_name in NOT_POSTABLE:
        return {"get"}
    return {"get", "post"}
