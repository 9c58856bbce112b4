"""Hostile text typed into every free-text box comes back escaped, never as markup.

Each flow fills every free-text field of one of the main forms with the same
hostile string, through the real view as a person allowed to use it, then opens
the pages that show what was saved. Nothing may answer 500, the raw markup may
never appear, and a short hostile string must be shown back, escaped. Text the
database cannot hold (a NUL byte) or that is too long is refused with a field
error instead.

Another test puts hostile text in everything a form is built from (a plan's
standards, service and people's names) and opens each page with such a form:
the text is shown escaped, never run as a template or a script.

A further test reads the templates and Python files: nothing turns off escaping
except the few allow-listed uses, none of which touches user data that has not
already been escaped (the dashboard's stored panels were escaped when rendered:
tests/dashboard/test_dashboard.py shows a hostile plan name escaped through them).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import User
from dashboard.models import Assignment
from principles.texts import CODES
from projects.rungs import Rung
from tests.dashboard.reviews_data import assign, ready_report
from tests.factories import (
    CONSULTATION_ANSWERS,
    ActionFactory,
    InvitationFactory,
    PlanFactory,
    RoundFactory,
    StandardFactory,
    personal_link,
    reis_assessment,
)

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
HOSTILE = {
    "script": SCRIPT,
    "attribute_breakout": '"><img src=x onerror=alert(1)>',
    "single_quote_breakout": "'><svg onload=alert(1)>",
    "javascript_url": "javascript:alert(1)",
    # Compiled as a template it would run the tag and carry the page's CSP nonce.
    "template": '<script nonce="{{ csp_nonce }}">alert(1)</script>{% now "Y" %}',
    "sql": "'; DROP TABLE x; --",
    "control_characters": "a\x01\x02\x03\x04\x05\x06\x07\x08b",
    "right_to_left_override": "abc\u202etxt.exe",
    "emoji": "Tea \U0001f375 and cake \U0001f370 \U0001f469\u200d\U0001f469\u200d\U0001f467",
    "combining": "Zalgo\u0301\u0302\u0303\u0304 e\u0301",
    # Refused: PostgreSQL cannot store NUL, and every field is shorter than this.
    "nul": "a\x00b",
    "very_long": SCRIPT * 200,
}
REFUSED = {"nul", "very_long"}
# Markup that must never reach a page raw, whatever was typed.
NEVER_RAW = [
    SCRIPT,
    "alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    'href="javascript:',
    "href='javascript:",
]


@dataclass(frozen=True)
class Flow:
    """One form: who fills it in, where, with what, and where the result is shown."""

    role: str
    url: Callable[[dict], str]
    data: Callable[[dict, str], dict]
    # The pages that show what was saved, given the world and the redirect.
    shown_on: Callable[[dict, str], list[str]]
    before: Callable[[Client, dict], None] = lambda client, world: None
    # Who opens those pages, when not the person who typed it.
    viewer: str | None = None


def project_data(world: dict, text: str) -> dict:
    return {
        "title": text,
        "aim": text,
        "services": [world["service"].pk],
        "status": "active",
        "start_date_day": "3",
        "start_date_month": "2",
        "start_date_year": "2026",
    }


def person_data(world: dict, text: str) -> dict:
    return {
        "display_name": text,
        "experience": "carer",
        "contact": "through_staff",
        "preferred_format": "easy_read",
        "access_needs": text,
        "consent_to_store": "on",
    }


def activity_data(world: dict, text: str) -> dict:
    return {
        "date_day": "12",
        "date_month": "3",
        "date_year": "2026",
        "kind": "workshop",
        "title": text,
        "description": text,
        "what_changed": text,
        "duration_hours": "2",
        "duration_minutes_part": "0",
        "participants-TOTAL_FORMS": "0",
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "60",
        "action": "save",
    }


def classify_data(world: dict, text: str) -> dict:
    # The answers suggest consultation; choosing another rung needs the reason.
    return {
        **CONSULTATION_ANSWERS,
        "label": "co_production",
        "chosen_rung": str(Rung.CO_PRODUCTION.value),
        "reason": text,
        "action": "save",
    }


def invite_data(world: dict, text: str) -> dict:
    return {
        "full_name": text,
        "display_name": text,
        "email": f"new.{User.objects.count()}@example.org",
        "role": "staff",
    }


def opportunity_data(world: dict, text: str) -> dict:
    closes = timezone.localdate() + datetime.timedelta(days=10)
    return {
        "project": str(world["project"].pk),
        "title": text,
        "description": text,
        "kind": "focus_group",
        "where": "in_person",
        "place": text,
        "hours": "2",
        "support_other": text,
        "looking_for": text,
        "places": "4",
        "closes_on_day": str(closes.day),
        "closes_on_month": str(closes.month),
        "closes_on_year": str(closes.year),
        "public": "on",
    }


def opportunity_pages(world: dict, location: str) -> list[str]:
    pk = location.rstrip("/").rsplit("/", 1)[-1]
    return [
        location,
        reverse("opportunities:opportunity_list"),
        reverse("opportunities:public_detail", args=[pk]),
        reverse("opportunities:public_list"),
    ]


def always_event_data(world: dict, text: str) -> dict:
    return {
        "service": str(world["service"].pk),
        "project": str(world["project"].pk),
        "title": text,
        "happened": text,
        "should_have": text,
        "period": "month",
        "goal": "90",
    }


def an_always_event(client: Client, world: dict) -> None:
    from improvement.models import AlwaysEvent

    world["always_event"] = AlwaysEvent.objects.create(
        service=world["service"], project=world["project"], title="Welcome by name"
    )


def always_event_pages(world: dict, location: str) -> list[str]:
    return [
        reverse("improvement:event_detail", args=[world["always_event"].pk]),
        reverse("improvement:event_list"),
    ]


def invitation_url(world: dict, step: str) -> str:
    """An answer page, for the invitation whose link `start_answering` opened."""
    return reverse("principles:answer", kwargs={"step": step})


def plan_under_review(client: Client, world: dict) -> None:
    plan = PlanFactory(service=world["service"])
    world["plan"] = plan
    world["lead_review"] = assign(ready_report(plan), world["other_staff"])


def start_answering(client: Client, world: dict) -> None:
    round_ = RoundFactory(project=world["project"])
    invitation = InvitationFactory(round=round_, person=world["person"])
    assert client.get(personal_link(invitation)).status_code == 302
    response = client.post(invitation_url(world, "about-you"), {"perspective": "carer"})
    assert response.status_code == 302


def reis_finding(client: Client, world: dict) -> None:
    activity = reis_assessment(
        world["project"], date=datetime.date(2026, 3, 2), ratings={"space": 2}
    )
    world["finding"] = activity.reis_scores.get()


def an_action(client: Client, world: dict) -> None:
    world["action"] = ActionFactory(service=world["service"], owner=world["staff"])


FLOWS = {
    "action raised from a REIS finding": Flow(
        role="staff",
        url=lambda world: reverse("actions:raise", args=["reis", world["finding"].pk]),
        data=lambda world, text: {
            "what": text,
            "owner": str(world["staff"].pk),
            "due_on_day": "1",
            "due_on_month": "6",
            "due_on_year": "2027",
        },
        shown_on=lambda world, location: [
            location,
            reverse("actions:my_actions"),
            reverse("actions:service", args=[world["service"].pk]),
            reverse("actions:service_reis", args=[world["service"].pk]),
        ],
        before=reis_finding,
    ),
    "action's evidence of done": Flow(
        role="staff",
        url=lambda world: reverse("actions:action_done", args=[world["action"].pk]),
        data=lambda world, text: {"evidence": text},
        shown_on=lambda world, location: [location],
        before=an_action,
    ),
    "project title and aim": Flow(
        role="staff",
        url=lambda world: reverse("projects:project_create"),
        data=project_data,
        shown_on=lambda world, location: [location, reverse("projects:project_list")],
    ),
    "person name and access needs": Flow(
        role="staff",
        url=lambda world: reverse("projects:person_create"),
        data=person_data,
        shown_on=lambda world, location: [location, reverse("projects:person_list")],
    ),
    "activity title, description and what changed": Flow(
        role="staff",
        url=lambda world: reverse("projects:activity_create", args=[world["project"].pk]),
        data=activity_data,
        shown_on=lambda world, location: [
            location,
            reverse("projects:activity_list"),
            reverse("projects:project_detail", args=[world["project"].pk]),
        ],
    ),
    "classification reason": Flow(
        role="staff",
        url=lambda world: reverse("ladder:classify", args=[world["activity"].pk]),
        data=classify_data,
        shown_on=lambda world, location: [location],
    ),
    "principles comment": Flow(
        role="anonymous",
        url=lambda world: invitation_url(world, CODES[0]),
        data=lambda world, text: {"score": "3", "comment": text},
        shown_on=lambda world, location: [invitation_url(world, "check")],
        before=start_answering,
    ),
    "growth plan standard, on the peer review": Flow(
        role="admin",
        url=lambda world: reverse("projects:standard_create", args=[world["plan"].pk]),
        data=lambda world, text: {"statement": text, "principle": "power"},
        # The review's legends are built from the plan's standards.
        shown_on=lambda world, location: [
            reverse("dashboard:review_edit", args=[world["lead_review"].pk]),
            location,
        ],
        before=plan_under_review,
        viewer="other_staff",
    ),
    "opportunity title, description, place and who it is for": Flow(
        role="staff",
        url=lambda world: reverse("opportunities:opportunity_create"),
        data=opportunity_data,
        shown_on=opportunity_pages,
    ),
    "Always Event title and what it counts": Flow(
        role="staff",
        url=lambda world: reverse("improvement:event_create"),
        data=always_event_data,
        shown_on=lambda world, location: [location, reverse("improvement:event_list")],
    ),
    "Always Event statement and the evidence for a criterion": Flow(
        role="co_lead",
        url=lambda world: reverse("improvement:statement_edit", args=[world["always_event"].pk]),
        data=lambda world, text: {
            "statement": f"Always {text}",
            "important": "on",
            "important_evidence": text,
        },
        shown_on=always_event_pages,
        before=an_always_event,
    ),
    "PDSA cycle change, prediction and measure": Flow(
        role="staff",
        url=lambda world: reverse("improvement:cycle_create", args=[world["always_event"].pk]),
        data=lambda world, text: {
            "change": text,
            "prediction": text,
            "measure": text,
            "people": [str(world["person"].pk)],
            "started_on_day": "2",
            "started_on_month": "2",
            "started_on_year": "2026",
        },
        shown_on=always_event_pages,
        before=an_always_event,
    ),
    "account invitation name": Flow(
        role="admin",
        url=lambda world: reverse("accounts:user_invite"),
        data=invite_data,
        shown_on=lambda world, location: [location, reverse("accounts:user_list")],
    ),
}


def assert_nothing_raw(page: str, where: str) -> None:
    for markup in NEVER_RAW:
        assert markup not in page, f"{markup!r} appears unescaped on {where}"


@pytest.mark.parametrize("payload", sorted(HOSTILE))
@pytest.mark.parametrize("flow_name", sorted(FLOWS))
def test_hostile_text_is_stored_and_shown_escaped_or_refused(client, world, flow_name, payload):
    flow, text = FLOWS[flow_name], HOSTILE[payload]
    if world[flow.role] is not None:
        client.force_login(world[flow.role])
    flow.before(client, world)
    url = flow.url(world)

    response = client.post(url, flow.data(world, text))

    if payload in REFUSED:
        assert response.status_code == 200, "the form should be shown again with an error"
        page = response.content.decode()
        assert "nhsuk-error-summary" in page
        assert_nothing_raw(page, f"the form at {url}")
        return
    assert response.status_code == 302, f"not saved: {response.status_code}"
    if flow.viewer:
        client.force_login(world[flow.viewer])
    for address in flow.shown_on(world, response["Location"]):
        page = client.get(address)
        assert page.status_code == 200, address
        content = page.content.decode()
        assert_nothing_raw(content, address)
    # The detail page shows it back, escaped (and in full: it is short).
    first = client.get(flow.shown_on(world, response["Location"])[0]).content.decode()
    assert escape(text) in first, f"{text!r} is not shown back on the page"


# Forms built from stored text ------------------------------------------------------


def stored(what: str) -> str:
    """Hostile stored text that says where it came from, so each page is checked for
    the text its own form is built from (and not, say, the name in the header)."""
    return f'<script nonce="{{{{ csp_nonce }}}}">alert("{what}")</script>{{% now "Y" %}}'


@pytest.fixture
def hostile_records(world) -> dict:
    """The world with hostile text in everything a form's layout or choices come from."""
    world["service"].name = stored("service")
    world["service"].save()
    for key in ("staff", "governance", "co_lead"):
        user = world[key]
        user.full_name = user.display_name = stored(key)
        user.save()
    world["person"].display_name = stored("person")
    world["person"].save()
    plan = PlanFactory(service=world["service"])
    plan.owners.add(world["staff"])
    StandardFactory(plan=plan, statement=stored("standard"))
    report = ready_report(plan)
    world["plan"] = plan
    world["lead_review"] = assign(report, world["other_staff"])
    world["co_review"] = assign(
        report, world["outsider_expert"], kind=Assignment.Kind.EXPERT, status="accepted"
    )
    return world


# Page -> (who opens it, its address, the stored text its form is built from).
FORM_PAGES: dict[str, tuple[str, Callable[[dict], str], list[str]]] = {
    "peer review: a legend for each standard": (
        "other_staff",
        lambda world: reverse("dashboard:review_edit", args=[world["lead_review"].pk]),
        ["standard"],
    ),
    "co-review question: the service in the caption": (
        "outsider_expert",
        lambda world: reverse(
            "dashboard:coreview_step", args=[world["co_review"].pk, "going-well"]
        ),
        ["service"],
    ),
    "change the reviewer: people to choose from": (
        "admin",
        lambda world: reverse("dashboard:assignment_reassign", args=[world["lead_review"].pk]),
        ["governance"],
    ),
    "open a principles round: people to invite": (
        "staff",
        lambda world: reverse("principles:round_create", args=[world["project"].pk]),
        ["co_lead", "person"],
    ),
    "new activity: people and staff who took part": (
        "staff",
        lambda world: reverse("projects:activity_create", args=[world["project"].pk]),
        ["person", "staff"],
    ),
    "build a report: plans to choose from": (
        "admin",
        lambda world: reverse("dashboard:report_request"),
        ["service"],
    ),
    "dashboard filters: services to choose from": (
        "governance",
        lambda world: reverse("dashboard:dashboard"),
        ["service"],
    ),
    "change a service: its members": (
        "admin",
        lambda world: reverse("projects:service_edit", args=[world["service"].pk]),
        ["staff"],
    ),
    "change a plan: its owners": (
        "admin",
        lambda world: reverse("projects:plan_edit", args=[world["plan"].pk]),
        ["staff"],
    ),
    "population profile: the service's equality questions": (
        "admin",
        lambda world: reverse("projects:population_profile_edit", args=[world["service"].pk]),
        ["service"],
    ),
}


@pytest.mark.parametrize("page_name", sorted(FORM_PAGES))
def test_forms_built_from_stored_text_show_it_escaped(client, hostile_records, page_name):
    role, url, sources = FORM_PAGES[page_name]
    client.force_login(hostile_records[role])

    response = client.get(url(hostile_records))

    assert response.status_code == 200
    page = response.content.decode()
    assert_nothing_raw(page, page_name)
    assert re.search(r"<script[^>]*>alert", page) is None, "stored text ran as a script"
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    for source in sources:
        assert escape(stored(source)) in page, f"the {source}'s text is not shown, escaped"
        assert f'nonce="{nonce}">alert("{source}")' not in page


def test_the_escaped_form_is_what_the_pages_show():
    # Guards the check above: escaping really changes the dangerous strings.
    for payload in ("script", "attribute_breakout", "single_quote_breakout"):
        assert escape(HOSTILE[payload]) != HOSTILE[payload]
    assert escape(SCRIPT) == "&lt;script&gt;alert(1)&lt;/script&gt;"


# Nothing turns escaping off for user data ----------------------------------------

ROOT = Path(settings.BASE_DIR)
UNESCAPING = re.compile(r"\|\s*safe\b|\|\s*safeseq\b|mark_safe|SafeString|autoescape\s+off")
ALLOWED = {
    # crispy's own form attributes (action, method, id), built from the form helper.
    ("templates/nhsuk/whole_uni_form.html", "{{ flat_attrs|safe }}"),
    ("templates/nhsuk/whole_uni_formset.html", "{{ flat_attrs|safe }}"),
    # Help text is written by developers in forms.py and texts.py, and may hold a
    # link; it never comes from what people type (as in Django's own templates).
    ("templates/nhsuk/parts/hint.html", "{{ field.help_text|safe }}"),
    ("templates/nhsuk/fields/checkbox.html", "{{ field.help_text|safe }}"),
    # The dashboard's panels, rendered (so escaped) by dashboard.page_cache.work_out and
    # stored by it in its own table, are read back as the HTML they already are.
    ("dashboard/page_cache.py", "mark_safe"),
    ("dashboard/page_cache.py", 'mark_safe(str(payload["html"][part]))'),
    # A plain-text email (send_mail with no HTML part): HTML escaping would show
    # "&amp;" to the reader, and a mail client does not run markup in text/plain.
    ("templates/ladder/email/confirm.txt", "{% autoescape off %}"),
    ("templates/accounts/email/invitation.txt", "{% autoescape off %}"),
    ("templates/accounts/email/password_reset.txt", "{% autoescape off %}"),
    ("templates/accounts/email/two_factor_locked.txt", "{% autoescape off %}"),
    ("templates/principles/email/invitation.txt", "{% autoescape off %}"),
    ("templates/personal/email/link.txt", "{% autoescape off %}"),
    ("templates/projects/email/what_changed.txt", "{% autoescape off %}"),
    ("templates/opportunities/email/digest.txt", "{% autoescape off %}"),
    ("templates/opportunities/email/digest_easy_read.txt", "{% autoescape off %}"),
    ("templates/opportunities/email/told.txt", "{% autoescape off %}"),
    ("templates/imports/email/finished.txt", "{% autoescape off %}"),
    ("templates/actions/email/reminder.txt", "{% autoescape off %}"),
    *(
        (f"templates/dashboard/reviews/email/{name}.txt", "{% autoescape off %}")
        for name in ("invitation", "offer", "reminder", "submitted", "responses_reminder")
    ),
}
SOURCES = [
    "accounts",
    "actions",
    "coprod",
    "core",
    "dashboard",
    "ladder",
    "nhsuk",
    "outbox",
    "personal",
    "principles",
    "projects",
    "templates",
]


def unescaping_uses() -> set[tuple[str, str]]:
    found = set()
    for folder in SOURCES:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix not in {".py", ".html", ".txt"} or "migrations" in path.parts:
                continue
            for line in path.read_text(encoding="utf-8").splitlines():
                for match in re.finditer(
                    r"\{\{[^}]*\}\}|\{%[^%]*%\}|\S*(?:mark_safe|SafeString)\S*", line
                ):
                    if UNESCAPING.search(match.group(0)):
                        found.add((str(path.relative_to(ROOT)), match.group(0)))
    return found


def test_nothing_turns_off_escaping_outside_the_allow_list():
    assert unescaping_uses() <= ALLOWED, sorted(unescaping_uses() - ALLOWED)


def test_the_allow_list_is_still_needed():
    assert unescaping_uses() == ALLOWED


def test_help_text_never_carries_user_data():
    """The allow-listed `help_text|safe` is only safe while no help text is built
    from a model instance. Forms that set help text at run time are listed here."""
    dynamic = set()
    for folder in (
        "accounts",
        "actions",
        "ladder",
        "personal",
        "principles",
        "projects",
        "coprod",
        "core",
        "nhsuk",
        "outbox",
    ):
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for line in path.read_text(encoding="utf-8").splitlines():
                if re.search(r"\.help_text\s*=(?!=)", line):
                    dynamic.add((str(path.relative_to(ROOT)), line.strip()))
    assert dynamic <= {
        (
            "accounts/forms.py",
            'self.fields["role"].help_text = "This decides what they can see and do."',
        ),
        ("principles/forms.py", "anonymous.help_text = THEIR_ANONYMITY_HINT"),
        # From principles/texts.py: fixed wording of each principle.
        ("principles/forms.py", "field.help_text = text.description"),
        # From personal/texts.py: the personal page's fixed wording, standard or Easy Read.
        ("personal/forms.py", 'self.fields["limit"].help_text = texts["pay_limit_amount_hint"]'),
    }, sorted(dynamic)


# Found by the fuzz tests; kept here as the requests a person could send --------


def test_a_very_long_email_at_sign_in_is_refused_not_a_500(client, world):
    response = client.post(
        reverse("accounts:login"), {"username": "x" * 300 + "@example.org", "password": "x"}
    )
    assert response.status_code == 200
    assert "Email address must be 254 characters or fewer" in response.content.decode()


def test_huge_numbers_in_the_activity_form_are_refused_not_a_500(client, world):
    client.force_login(world["staff"])
    data = activity_data(world, "Menu tasting")
    data["participants-TOTAL_FORMS"] = "1"
    data.update(
        {
            "participants-0-person": str(world["person"].pk),
            "participants-0-part": "attended",
            "participants-0-hours": "9" * 40,
            "participants-0-payment_choice": "reduced",
            "participants-0-amount_taken": "9" * 40,
            "participants-0-expenses": "9" * 40,
        }
    )
    response = client.post(reverse("projects:activity_create", args=[world["project"].pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Hours must be 24 or fewer" in page
    assert "Enter the amount they took of £" in page


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-1.5", "-1.5"),
        (-3, "-3"),
        ("Plain words", "Plain words"),
    ],
)
def test_csv_cells_keep_numbers_and_neutralise_formulas(cell, written):
    from core.exports import csv_safe

    assert csv_safe(cell) == written
