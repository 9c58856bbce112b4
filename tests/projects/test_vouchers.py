"""Vouchers instead of money, where the organisation gives them: a payment choice
kept out of bank payment runs, listed to give out, and shown apart everywhere
money is totalled."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from projects.models import Involvement
from projects.pay_limits import alternatives, pay_limit_check
from projects.services import payment_run_create, vouchers_mark_given
from tests.factories import ActivityFactory, InvolvementFactory, PersonFactory
from tests.projects.test_activity_log import create_url, log_data, row
from tests.projects.test_payments import export_query, read_csv

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 30)


@pytest.fixture
def vouchers_used(settings):
    settings.PAYMENT_VOUCHERS = True


def had_vouchers(world, *, fee=3000, expenses=0, day=TODAY, person=None, given_on=None):
    return InvolvementFactory(
        activity=ActivityFactory(project=world["project"], title="Menu panel", date=day),
        person=person or PersonFactory(display_name="Vic"),
        hours=1,
        fee_due_pence=fee,
        fee_paid_pence=fee,
        expenses_pence=expenses,
        payment_choice="vouchers",
        vouchers_given_on=given_on,
    )


@pytest.fixture
def nothing_else_due():
    # The world's own payment is taken out of the way.
    Involvement.objects.update(payment_choice="")


def test_vouchers_are_offered_only_where_the_organisation_uses_them(client, world, settings):
    client.force_login(world["staff"])
    data = log_data(row(0, person=str(world["person"].pk), hours="2", payment_choice="vouchers"))

    assert 'value="vouchers"' not in client.get(create_url(world)).content.decode()
    refused = client.post(create_url(world), data)
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    assert "vouchers" not in alternatives()

    settings.PAYMENT_VOUCHERS = True
    assert "Vouchers instead of money" in client.get(create_url(world)).content.decode()
    assert client.post(create_url(world), data).status_code == 302
    involvement = Involvement.objects.get(activity__title="Menu tasting")
    assert (involvement.payment_choice, involvement.fee_paid_pence) == ("vouchers", 4000)
    assert (involvement.to_person_pence, involvement.vouchers_pence) == (0, 4000)
    assert "or to have vouchers instead of money" in alternatives()


def test_an_activity_with_vouchers_keeps_them_when_the_setting_is_off(client, world):
    involvement = had_vouchers(world, person=world["person"])
    client.force_login(world["staff"])

    page = client.get(reverse("projects:activity_edit", args=[involvement.activity.pk]))

    html = page.content.decode()
    assert re.search(
        r'name="participants-0-payment_choice" value="vouchers" id="[^"]+" checked', html
    )
    # Nobody else on it is offered them.
    assert 'name="participants-1-payment_choice" value="vouchers"' not in html


def test_vouchers_are_not_in_a_bank_run_but_their_expenses_are(
    world, vouchers_used, nothing_else_due
):
    had_vouchers(world)  # vouchers only: nothing for the bank to pay
    with_expenses = had_vouchers(world, expenses=450)

    run = payment_run_create(user=world["finance"], on=TODAY)

    line = run.lines.get()
    assert line.involvement == with_expenses
    assert (line.to_person_pence, line.to_charity_pence) == (450, 0)


def test_the_payments_page_lists_vouchers_to_give_and_marks_them_given(
    client, world, vouchers_used, nothing_else_due
):
    vic = had_vouchers(world, fee=3000, expenses=450)
    later = had_vouchers(world, day=datetime.date.today() + datetime.timedelta(days=3))
    client.force_login(world["finance"])

    page = client.get(reverse("projects:payment_run_list"))

    assert [involvement.pk for involvement in page.context["vouchers"]] == [vic.pk]
    html = page.content.decode()
    assert "Vouchers to give" in html
    assert "£30.00" in html
    # Only the expenses are due by bank.
    assert "1 payment is due, £4.50 in all" in html
    response = client.post(reverse("projects:vouchers_given", args=[vic.pk]), follow=True)
    assert "Vouchers worth £30.00 for P-" in response.content.decode()
    vic.refresh_from_db()
    assert vic.vouchers_given_on == datetime.date.today()
    assert vic.history.first().history_user == world["finance"]
    assert vic.paid_on is None  # the expenses are still to pay, in a run
    again = client.post(reverse("projects:vouchers_given", args=[vic.pk]), follow=True)
    assert "already marked as given" in again.content.decode()
    assert vic.history.count() == 2
    assert client.post(reverse("projects:vouchers_given", args=[later.pk])).status_code == 302
    later.refresh_from_db()
    assert later.vouchers_given_on is None  # its activity has not happened yet
    assert (
        "Vouchers to give" not in client.get(reverse("projects:payment_run_list")).content.decode()
    )


def test_marking_given_twice_at_once_marks_them_once(world):
    vic = had_vouchers(world)

    assert vouchers_mark_given(involvement_ids=[vic.pk], on=TODAY, user=world["finance"]) == 1
    assert vouchers_mark_given(involvement_ids=[vic.pk], on=TODAY, user=world["admin"]) == 0
    assert vic.history.first().history_user == world["finance"]


def test_statements_keep_vouchers_apart_in_the_tax_year_they_were_given(world):
    person = PersonFactory()
    had_vouchers(world, person=person, fee=3000, given_on=datetime.date(2026, 4, 10))
    had_vouchers(world, person=person, fee=1000)  # not given yet
    InvolvementFactory(
        activity=ActivityFactory(project=world["project"], date=TODAY),
        person=person,
        hours=1,
        fee_paid_pence=2000,
        payment_choice="paid",
        paid_on=datetime.date(2026, 5, 1),
    )

    totals = Involvement.objects.filter(person=person).tax_year_totals()

    assert totals.has_vouchers
    assert [(t.year, t.fee_pence, t.vouchers_pence) for t in totals] == [
        (None, 0, 1000),
        (2026, 2000, 3000),
    ]


def test_vouchers_do_not_count_towards_a_limit(world):
    person = PersonFactory(pay_limit_pence=2000, pay_limit_period="tax_year")
    had_vouchers(world, person=person, fee=5000)

    assert pay_limit_check(person, day=TODAY).so_far_pence == 0


def test_the_finance_export_says_vouchers_and_when_they_were_given(client, world):
    vic = had_vouchers(world, given_on=datetime.date(2026, 7, 2))
    client.force_login(world["finance"])

    response = client.get(reverse("projects:payment_export"), export_query())

    header, *rows = read_csv(response)
    assert header[-1] == "Vouchers given"
    (found,) = [r for r in rows if r[0] == vic.person.payee_reference]
    assert found[7] == "30.00"
    assert found[9] == "Vouchers instead of money"
    assert found[11] == ""  # nothing paid by bank
    assert found[12] == "6 April 2026 to 5 April 2027"
    assert found[13] == "2026-07-02"
