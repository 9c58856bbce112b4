"""Erasure removes every trace of a person and keeps every total true."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from dashboard.read.filters import Filters
from dashboard.read.headline import headlines
from dashboard.read.participation import reach
from dashboard.read.principles import principle_means
from ladder.models import Response as LadderResponse
from principles.models import Answer, Response
from projects.models import Erasure, Involvement, Person, RecordView, Service
from projects.privacy.erasure import AlreadyErased, person_erase
from tests.factories import InvitationFactory, PersonFactory
from tests.projects.privacy_data import SECRETS, populated_person

pytestmark = pytest.mark.django_db

# The year up to today: the test's records are dated relative to today.
YEAR = Filters(
    start=datetime.date.today() - datetime.timedelta(days=365),
    end=datetime.date.today() + datetime.timedelta(days=1),
    label="the last year",
)


def tables_containing(text: str) -> list[str]:
    """Every table with a row that holds `text` anywhere, in any column (each row
    is cast to text whole, so JSON, history copies and logs are all searched)."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT count(*) FROM {quoted} t WHERE t::text ILIKE %s", [f"%{text}%"])
            if cursor.fetchone()[0]:
                found.append(table)
    return found


def other_raters(world: dict, round_) -> None:
    """Two more people rate the round, so averages are not hidden (fewer than 3)."""
    for score in (4, 5):
        invitation = InvitationFactory(round=round_, person=PersonFactory())
        response = Response.objects.create(
            round=round_,
            invitation=invitation,
            perspective="lived_experience",
            submitted_at=timezone.now(),
        )
        Answer.objects.create(response=response, principle="power", score=score)


def figures(person: Person) -> dict:
    """The organisation's numbers, through the dashboard's own read functions and
    the payment queries finance uses."""
    return {
        "headlines": [(h.key, h.value, h.previous) for h in headlines(YEAR)],
        "reach": reach(YEAR, list(Service.objects.all()), new=0),
        "principles": [(p.code, p.means, p.people) for p in principle_means(YEAR)],
        "tax_years": Involvement.objects.filter(person=person).tax_year_totals(),
        "payments": [
            (i.pk, i.person_id, i.hours, i.fee_paid_pence, i.expenses_pence)
            for i in Involvement.objects.for_payment_export(YEAR.start, YEAR.last_day)
        ],
        "people_on_register": Person.objects.count(),
        "verdicts": sorted(LadderResponse.objects.values_list("verdict", flat=True)),
        "scores": sorted(Answer.objects.values_list("score", flat=True)),
    }


def test_erasure_keeps_every_figure_and_leaves_no_trace(world):
    person = populated_person(world)
    other_raters(world, person.principle_invitations.get().round)
    before = figures(person)
    assert before["principles"]
    assert any(p[1]["lived"] for p in before["principles"])
    has_queue = any(m._meta.model_name == "outboundemail" for m in apps.get_models())
    for name, secret in SECRETS.items():
        if name == "email_body" and not has_queue:
            continue  # the email queue is not in this build
        assert tables_containing(secret), f"the test data lost {secret!r}"

    erasure = person_erase(
        person=person, by=world["admin"], reason=Erasure.Reason.REQUEST, reference="DSR-2026-014"
    )

    assert figures(person) == before
    traces = {name: tables_containing(secret) for name, secret in SECRETS.items()}
    assert not any(traces.values()), {k: v for k, v in traces.items() if v}
    person.refresh_from_db()
    assert person.display_name == f"Erased person {person.pk}"
    assert person.experience == Person.Experience.CARER  # reach by kind of experience holds
    assert (
        not hasattr(person, "equality")
        or not Person.objects.filter(pk=person.pk, equality__isnull=False).exists()
    )
    account = person.user
    assert not account.is_active
    assert not account.has_usable_password()
    assert erasure.account == account
    assert erasure.erased_by == world["admin"]
    assert erasure.scrubbed["projects.HistoricalPerson"] == 2
    assert erasure.scrubbed["principles.HistoricalAnswer"] == 1


def test_erasing_twice_is_refused(world):
    person = world["person"]
    person_erase(person=person, by=world["admin"], reason=Erasure.Reason.REQUEST)
    with pytest.raises(AlreadyErased):
        person_erase(person=person, by=world["admin"], reason=Erasure.Reason.REQUEST)
    assert Erasure.objects.count() == 1


def erase_url(world) -> str:
    return reverse("projects:person_erase", args=[world["person"].pk])


def test_the_page_says_what_goes_and_what_stays(client, world):
    client.force_login(world["admin"])
    page = client.get(erase_url(world)).content.decode()
    assert "This cannot be undone" in page
    assert "What will be kept, and why" in page
    assert "Taking part in activities, and payments" in page
    assert "Equality monitoring answers: all of it" in page
    assert RecordView.objects.filter(action=RecordView.Action.ERASE_PAGE).count() == 1


def test_the_page_lists_activities_that_mention_the_person_to_check_by_hand(client, world):
    world["activity"].description = "Rita led the second half."
    world["activity"].save()
    client.force_login(world["admin"])
    page = client.get(erase_url(world)).content.decode()
    assert "Check these by hand first" in page
    assert reverse("projects:activity_edit", args=[world["activity"].pk]) in page


def test_an_admin_erases_with_a_reason_and_the_typed_name(client, world):
    client.force_login(world["admin"])
    response = client.post(
        erase_url(world),
        {"reason": "consent_withdrawn", "reference": "DSR-7", "confirm_name": " rita "},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:person_audit", args=[world["person"].pk])
    erasure = Erasure.objects.get()
    assert (erasure.reason, erasure.reference, erasure.erased_by) == (
        "consent_withdrawn",
        "DSR-7",
        world["admin"],
    )
    page = client.get(erase_url(world)).content.decode()
    assert "details were erased" in page
    assert "confirm_name" not in page
    assert (
        client.post(erase_url(world), {"reason": "request", "confirm_name": "x"}).status_code == 200
    )
    assert Erasure.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reference": "", "confirm_name": "Rita"}, "Choose why you are erasing their details"),
        ({"reason": "request", "confirm_name": ""}, "Type their name to confirm"),
        ({"reason": "request", "confirm_name": "Rota"}, "Type their name exactly as shown: Rita"),
        (
            {"reason": "request", "reference": "rita-request", "confirm_name": "Rita"},
            "Case reference must not include their name or contact details",
        ),
        (
            {"reason": "made-up", "confirm_name": "Rita"},
            "Select a valid choice",
        ),
    ],
)
def test_a_mistake_is_shown_next_to_the_field_and_nothing_is_erased(client, world, data, message):
    client.force_login(world["admin"])
    response = client.post(erase_url(world), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "nhsuk-error-summary" in page
    assert message in page
    assert not Erasure.objects.exists()
    world["person"].refresh_from_db()
    assert world["person"].display_name == "Rita"


@pytest.mark.parametrize(
    ("role", "status"), [("staff", 403), ("governance", 403), ("other_staff", 404)]
)
def test_a_refused_erasure_changes_nothing(client, world, role, status):
    client.force_login(world[role])
    response = client.post(erase_url(world), {"reason": "request", "confirm_name": "Rita"})
    assert response.status_code == status
    assert not Erasure.objects.exists()
    world["person"].refresh_from_db()
    assert world["person"].display_name == "Rita"
