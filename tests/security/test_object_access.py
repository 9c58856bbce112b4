"""Someone else's object is hidden (404), and a refused POST changes nothing.

For every URL that names an object, the personas who use that kind of page for
their own work open and post to an object that belongs elsewhere. Each must be
refused as `tests/security/object_cases.py` says, and after all their attempts
every table in the database must be exactly as it was (row counts and a
checksum of every row). Then the object's owner posts the same form and the
database does change: the refused POSTs carried a real change, so this test
would catch a view that checked access too late or not at all.

A second test covers the people who may see an object but not change it (the
403s of `tests/access.py`): their POST of the real form is refused and every
table stays as it was.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Role, User
from accounts.services import api_token_create
from dashboard.models import Report, Review
from projects.models import Plan
from tests.access import (
    CASES,
    NOT_POSTABLE,
    ROLES,
    Case,
    api_url,
    example_urls,
    object_url_patterns,
    url_patterns,
)
from tests.api.tokens import token_for
from tests.dashboard.report_data import ready
from tests.dashboard.reviews_data import assign, ready_report, sent_review
from tests.factories import (
    ActionFactory,
    ActivityFactory,
    ClassificationFactory,
    InterestFactory,
    InvitationFactory,
    InvolvementFactory,
    MembershipFactory,
    MetricFactory,
    OpportunityFactory,
    PersonFactory,
    PlanFactory,
    PriorityFactory,
    RoundFactory,
    StandardFactory,
    UserFactory,
    reis_assessment,
)
from tests.security.object_cases import OBJECT_CASES, NotAnObject, ObjectCase
from tests.security.snapshot import database_fingerprint, differences, form_values
from tests.two_factor import set_up_two_factor


def test_every_url_that_names_an_object_has_a_case():
    missing = set(object_url_patterns()) - set(OBJECT_CASES)
    stale = set(OBJECT_CASES) - set(object_url_patterns())
    assert not missing, f"Add these to tests/security/object_cases.py: {sorted(missing)}"
    assert not stale, f"These URLs no longer name an object: {sorted(stale)}"


def test_every_case_fills_every_part_of_its_urls():
    for name, variants in object_url_patterns().items():
        case = OBJECT_CASES[name]
        if isinstance(case, NotAnObject):
            continue
        for params in variants:
            # The target is built later from the world; its keys are known from the
            # optional parts and the rest must be the object's own parameters.
            optional = params & set(case.extra)
            assert params - optional, f"{name}: {sorted(params)} has no object parameter"


@pytest.mark.django_db
def test_every_pattern_of_every_url_is_walked(elsewhere):
    """A name can gain a pattern (a step of a form). The matrix walks the pattern
    its case fills, these tests the ones their case fills; the patterns of a URL
    that names no object are left to the tests its reason names."""
    world = elsewhere
    unwalked = []
    for name, variants in url_patterns().items():
        walked = {frozenset(CASES[name].kwargs(world))}
        object_case = OBJECT_CASES.get(name)
        if isinstance(object_case, ObjectCase):
            target = set(object_case.target(world))
            walked |= {p for p in variants if target <= p <= target | set(object_case.extra)}
        elif isinstance(object_case, NotAnObject):
            walked |= {params for params in variants if params}
        unwalked += [f"{name} {sorted(params)}" for params in variants if params not in walked]
    assert not unwalked, f"No case reaches these patterns: {unwalked}"


@pytest.fixture
def elsewhere(world):
    """A second corner of the organisation, around `other_project` in the other
    service (led by `other_staff`), with one of everything an id can point at."""
    other_project = world["other_project"]
    other_expert = UserFactory(full_name="Nia Neighbour", role=Role.EXPERT)
    MembershipFactory(project=other_project, user=other_expert, role="member")
    other_membership = MembershipFactory(
        project=other_project, user=UserFactory(role=Role.STAFF), role="member"
    )
    other_expert_person = PersonFactory(display_name="Nia", user=other_expert)
    other_person = PersonFactory(display_name="Ravi", created_by=world["other_staff"])
    other_activity = ActivityFactory(project=other_project, title="Café menu tasting")
    InvolvementFactory(activity=other_activity, person=other_expert_person, hours=1)
    InvolvementFactory(activity=other_activity, person=other_person, hours=1)
    ClassificationFactory(activity=other_activity, by=world["other_staff"])
    other_round = RoundFactory(project=other_project)
    other_plan = PlanFactory(service=world["other_service"])
    other_colleague = UserFactory(full_name="Cy Colleague", role=Role.STAFF)
    world["other_service"].members.add(other_colleague)
    StandardFactory(plan=other_plan)
    return {
        **world,
        **peer_review_elsewhere(other_plan, owner=world["other_staff"]),
        "other_expert": other_expert,
        "other_membership": other_membership,
        "other_colleague": other_colleague,
        "other_person": other_person,
        "other_activity": other_activity,
        "other_round": other_round,
        "other_invitation": InvitationFactory(round=other_round, person=other_person),
        **opportunity_elsewhere(other_project),
        "other_action": ActionFactory(service=world["other_service"], owner=world["other_staff"]),
        "other_finding": reis_assessment(
            other_project, date=datetime.date(2026, 2, 1), ratings={"objects": 3}
        ).reis_scores.get(),
        "other_plan": other_plan,
        "other_import": _other_import(),
        "other_standard": other_plan.standards.get(),
        "other_priority": PriorityFactory(plan=other_plan),
        "other_metric": MetricFactory(plan=other_plan),
        "other_api_token": api_token_create(
            user=world["other_staff"], name="Their board report", days=30
        )[0],
        "other_uidb64": urlsafe_base64_encode(force_bytes(world["other_staff"].pk)),
        "closed_user": UserFactory(full_name="Cal Closed", is_active=False),
        "two_factor_user": set_up_two_factor(UserFactory(full_name="Tom Twofactor")),
        "locked_user": set_up_two_factor(
            UserFactory(
                full_name="Lee Locked",
                two_factor_locked_until=timezone.now() + datetime.timedelta(minutes=15),
            )
        ),
    }


def _other_import():
    """Another admin's checked import of one person, waiting to be confirmed."""
    from imports.services import import_upload
    from tests.imports.files import csv_bytes

    return import_upload(
        kind="people",
        file_name="theirs.csv",
        data=csv_bytes(
            [["Name", "Experience", "Agrees to us keeping their details"], ["Ola", "Carer", "Yes"]]
        ),
        by=UserFactory(full_name="Ari Otheradmin", role=Role.ADMIN),
    )


def opportunity_elsewhere(project) -> dict:
    """The other project's opportunity: someone invited (a letter to print, an
    answer to record), someone not yet decided about (to choose) and someone
    decided about but not told (to tell)."""
    opportunity = OpportunityFactory(project=project)
    person = PersonFactory(contact="post", postal_address="2 Low Road\nYork")
    return {
        "other_opportunity": opportunity,
        "other_invited": InterestFactory(
            opportunity=opportunity, person=person, decision="chosen", told_at=timezone.now()
        ),
        "other_undecided": InterestFactory(opportunity=opportunity, person=PersonFactory()),
        "other_not_told": InterestFactory(
            opportunity=opportunity, person=PersonFactory(), decision="not_chosen"
        ),
    }


def peer_review_elsewhere(plan: Plan, *, owner: User) -> dict:
    """The other plan's reports and reviews, each in the state its pages need. The
    plan is owned by `owner`; its reviewers belong to none of the personas."""
    plan.owners.add(owner)
    reviewer = UserFactory(full_name="Rex Reviewer", role=Role.STAFF)
    co_reviewer = UserFactory(full_name="Cora Co-reviewer", role=Role.EXPERT)
    drafted = assign(ready_report(plan), reviewer)
    review = Review.objects.create(assignment=drafted, strengths="A steering group.")
    for standard in plan.standards.all():
        review.ratings.create(
            standard=standard, statement=standard.statement, rating="met", evidence="Minutes."
        )
    review.recommendations.create(order=1, text="Pay people on the day.")
    sent = sent_review(ready_report(plan), reviewer)
    return {
        "other_reviewer": reviewer,
        "other_co_reviewer": co_reviewer,
        "other_report": ready(plan),
        "other_failed_report": Report.objects.create(
            plan=plan,
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 3, 31),
            trigger=Report.Trigger.REQUEST,
            status=Report.Status.FAILED,
            error="The build stopped.",
        ),
        "other_assignment": assign(ready_report(plan), reviewer),
        "other_drafted_assignment": drafted,
        "other_sent_review": sent,
        "other_recommendation": sent.recommendations.first(),
        "other_offer": assign(ready_report(plan), co_reviewer, kind="expert"),
        "other_coreview": assign(ready_report(plan), co_reviewer, kind="expert", status="accepted"),
    }


def signed_in(world: dict, persona: str, *, token: bool = False) -> Client:
    """A client signed in as `persona`; with `token`, sending their own API token
    instead (the read API takes no session)."""
    client = Client()
    if persona != "anonymous":
        if token:
            client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token_for(world[persona])}"
        else:
            client.force_login(world[persona])
    return client


def urls_for(name: str, case: ObjectCase, target: dict) -> list[str]:
    return example_urls(name, target, case.extra)


OBJECT_URLS = sorted(name for name, case in OBJECT_CASES.items() if isinstance(case, ObjectCase))


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", OBJECT_URLS)
def test_someone_elses_object_is_hidden_and_a_refused_post_changes_nothing(elsewhere, url_name):
    world, case = elsewhere, OBJECT_CASES[url_name]
    assert isinstance(case, ObjectCase)
    postable = url_name not in NOT_POSTABLE
    # Signing in writes (last_login): every client signs in before the snapshot.
    api = api_url(url_name)
    clients = {persona: signed_in(world, persona, token=api) for persona in case.intruders}
    owner = signed_in(world, case.owner, token=api) if case.owner else None
    owner_url = urls_for(url_name, case, (case.owner_target or case.target)(world))[-1]
    data = case.data(world)
    if owner and postable and case.get:
        page = owner.get(owner_url)
        assert page.status_code == 200, f"the owner cannot open {owner_url}: {page.status_code}"
        data = {**form_values(page.content.decode()), **data}

    before = database_fingerprint()
    failures = []
    for url in urls_for(url_name, case, case.target(world)):
        for persona, status in case.intruders.items():
            client = clients[persona]
            got = client.get(url).status_code
            if got != (status if case.get else 405):
                failures.append(f"GET {url} as {persona}: {got}")
            got = client.post(url, data).status_code
            if got != (status if postable else 405):
                failures.append(f"POST {url} as {persona}: {got}")
    assert not failures, "; ".join(failures)
    changed = differences(before, database_fingerprint())
    assert not changed, f"a refused request changed the database: {changed}"

    if owner and postable:
        response = owner.post(owner_url, data)
        assert response.status_code in {200, 302}, response.status_code
        form = response.context.get("form") if response.context else None
        errors = (
            form.errors if form is not None else response.content.decode(errors="replace")[:3000]
        )
        changed = differences(before, database_fingerprint())
        assert changed, f"the owner's POST to {owner_url} changed nothing ({errors=})"


@pytest.mark.django_db
def test_a_lead_cannot_remove_a_member_of_another_project_through_their_own(elsewhere, client):
    """The membership id is looked up inside the lead's own project, never globally."""
    world = elsewhere
    client.force_login(world["staff"])
    url = reverse(
        "projects:member_remove",
        kwargs={"pk": world["project"].pk, "membership_pk": world["other_membership"].pk},
    )
    before = database_fingerprint()
    assert client.post(url).status_code == 404
    assert differences(before, database_fingerprint()) == []


@pytest.mark.django_db
def test_the_fingerprint_sees_a_change_in_any_row(world):
    """Guards the checks above: an edited field, not only a new row, is a change."""
    before = database_fingerprint()
    world["activity"].title = "Renamed"
    world["activity"].save(update_fields=["title"])
    changed = differences(before, database_fingerprint())
    assert [line for line in changed if line.startswith("projects_activity:")] == [
        "projects_activity: 1 rows -> 1 rows"
    ], changed


def test_the_form_reader_submits_what_a_browser_would():
    html = """
    <form method="post" action="/account/sign-out/"><input name="x" value="shell"></form>
    <form method="post">
      <input type="hidden" name="csrfmiddlewaretoken" value="t">
      <input name="title" value="A &amp; B">
      <input type="checkbox" name="services" value="1" checked>
      <input type="checkbox" name="services" value="2">
      <input type="checkbox" name="services" value="3" checked>
      <input type="radio" name="kind" value="ward">
      <input type="radio" name="kind" value="team" checked>
      <input name="gone" value="no" disabled>
      <textarea name="aim">
Line one</textarea>
      <select name="status"><option value="">Choose</option><option value="a" selected>A</option></select>
      <select name="phase"><option value="p1">One</option></select>
      <button type="submit" name="action" value="save">Save</button>
      <button type="submit" name="action" value="draft">Draft</button>
    </form>"""
    assert form_values(html) == {
        "title": "A & B",
        "services": ["1", "3"],
        "kind": "team",
        "aim": "Line one",
        "status": "a",
        "phase": "p1",
        "action": "save",
    }


# Members who may see an object but not change it -----------------------------------


def read_only_cases() -> list[str]:
    """Object URLs that take a POST and that some persona may open but not use (403)
    on the `world`'s own objects, as `tests/access.py` says."""
    return sorted(
        name
        for name, case in CASES.items()
        if name in object_url_patterns()
        and name not in NOT_POSTABLE
        and any(case.status_for(role) == 403 for role in ROLES)
    )


def a_persona_allowed(case: Case) -> str:
    for wanted in (200, 302):
        for role in ROLES:
            if case.status_for(role) == wanted:
                return role
    raise AssertionError("no persona may use this URL")


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", read_only_cases())
def test_a_member_without_rights_is_refused_and_their_post_changes_nothing(world, url_name):
    case = CASES[url_name]
    (url,) = example_urls(url_name, case.kwargs(world))
    readers = [role for role in ROLES if case.status_for(role) == 403]
    clients = {role: signed_in(world, role) for role in readers}
    allowed = signed_in(world, a_persona_allowed(case))
    data = case.data(world)
    page = allowed.get(url)
    if page.status_code == 200:
        data = {**form_values(page.content.decode()), **data}

    before = database_fingerprint()
    refused_with = {role: client.post(url, data).status_code for role, client in clients.items()}
    assert refused_with == dict.fromkeys(readers, 403)
    changed = differences(before, database_fingerprint())
    assert not changed, f"a refused POST changed the database: {changed}"
    # The same POST from someone allowed gets through to the view: the 403 above
    # came from their rights, not from a wrong address or a missing form. (Whether
    # it saves depends on the object: an activity with payments is not deleted.
    # The test above proves, for every object URL, that the owner's POST changes
    # the database.)
    assert allowed.post(url, data).status_code in {200, 302}
