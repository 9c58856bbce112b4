"""Paying people safely, by keyboard, with axe-core on every page and form state:
a person sets their own pay limit (errors first), staff see it against her fees,
finance marks a run exported, cancels another, and gives out vouchers."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from personal.services import link_new
from projects.models import Involvement, PaymentLine
from projects.services import payment_run_create
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.browser.test_projects_journey import press, tick, type_into
from tests.factories import ActivityFactory, InvolvementFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_person_sets_changes_and_removes_her_own_limit(page: Page, live_server, world):
    rita = world["person"]
    letter = link_new(person=rita, by=world["staff"], given="printed")
    InvolvementFactory(
        activity=ActivityFactory(project=world["project"], date=timezone.localdate()),
        person=rita,
        hours=2,
        fee_due_pence=4000,
        fee_paid_pence=4000,
        payment_choice="paid",
    )

    page.goto(f"/me/{letter.token}/")
    press(page.get_by_role("link", name="A limit on your pay"))
    press(page.get_by_role("link", name="Set a limit"))
    expect(page.get_by_role("heading", name="A limit on your pay", level=1)).to_be_visible()
    assert_accessible(page, context="the limit form")
    press(page.get_by_role("button", name="Save my limit"))
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_role("link", name="Enter your limit in pounds, like 100")).to_be_visible()
    type_into(page.get_by_label("Your limit, in pounds"), "lots")
    press(page.get_by_role("button", name="Save my limit"))
    expect(page.get_by_label("Your limit, in pounds")).to_have_value("lots")
    expect(page.get_by_role("link", name="Enter your limit in pounds, like 12.50")).to_be_visible()
    assert_accessible(page, context="the limit form with errors")
    screenshot(page, "pay-limit-form-errors")

    type_into(page.get_by_label("Your limit, in pounds"), "95.50")
    tick(page.get_by_label("Each week (Monday to Sunday)"))
    press(page.get_by_role("button", name="Save my limit"))
    expect(page.get_by_text("Thank you. We have saved your limit.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"£95\.50, the week of"))).to_be_visible()
    assert_accessible(page, context="the page with a limit")
    screenshot(page, "personal-page-pay-limit")

    press(page.get_by_role("link", name="Change or remove your limit"))
    press(page.get_by_role("button", name="Remove my limit"))
    expect(page.get_by_text("Thank you. You have no limit now.")).to_be_visible()
    rita.refresh_from_db()
    assert rita.pay_limit_pence is None


def test_staff_see_her_fees_so_far_against_her_limit(page: Page, live_server, world):
    rita = world["person"]
    rita.pay_limit_pence, rita.pay_limit_period = 5000, "tax_year"
    rita.save()
    InvolvementFactory(
        activity=ActivityFactory(project=world["project"], date=timezone.localdate()),
        person=rita,
        hours=3,
        fee_due_pence=6000,
        fee_paid_pence=6000,
        payment_choice="paid",
    )
    sign_in(page, live_server, world["staff"])

    page.goto(f"/projects/people/{rita.pk}/")
    expect(page.get_by_text("£60.00 so far: over their limit by £10.00.")).to_be_visible()
    assert_accessible(page, context="a person over their limit")
    screenshot(page, "person-page-pay-limit")


def test_finance_marks_one_run_exported_cancels_another_and_gives_vouchers(
    page: Page, live_server, world, settings
):
    settings.PAYMENT_VOUCHERS = True
    Involvement.objects.update(payment_choice="")
    today = timezone.localdate()
    activity = ActivityFactory(project=world["project"], title="Menu panel", date=today)

    def owed(name: str, choice: str = "paid") -> Involvement:
        return InvolvementFactory(
            activity=activity,
            person=PersonFactory(display_name=name),
            hours=1,
            fee_due_pence=2000,
            fee_paid_pence=2000,
            payment_choice=choice,
        )

    owed("Dev")
    exported = payment_run_create(user=world["finance"], on=today)
    owed("Lin")
    vic = owed("Vic", choice="vouchers")
    sign_in(page, live_server, world["finance"])

    page.goto(f"/projects/payments/runs/{exported.pk}/")
    press(page.get_by_role("button", name="Mark as exported"))
    expect(page.get_by_text("It can no longer be cancelled.")).to_be_visible()
    expect(page.get_by_role("link", name="Cancel this run")).to_have_count(0)
    assert_accessible(page, context="an exported run")

    page.goto("/projects/payments/runs/")
    press(page.get_by_role("button", name="Make a payment run"))
    expect(page.get_by_role("link", name="Cancel this run")).to_be_visible()
    assert_accessible(page, context="an open run")
    screenshot(page, "payment-run-open")
    press(page.get_by_role("link", name="Cancel this run"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cancel RUN-")
    assert_accessible(page, context="cancelling a run")
    press(page.get_by_role("button", name="Cancel the run"))
    expect(page.get_by_text("Its payments are due again")).to_be_visible()
    assert_accessible(page, context="a cancelled run")
    screenshot(page, "payment-run-cancelled")
    assert PaymentLine.objects.count() == 1

    page.goto("/projects/payments/runs/")
    expect(page.get_by_role("heading", name="Vouchers to give")).to_be_visible()
    assert_accessible(page, context="payments with vouchers to give")
    screenshot(page, "payments-vouchers")
    press(page.get_by_role("button", name=re.compile("Mark as given today")))
    expect(page.get_by_text(re.compile(r"Vouchers worth £20\.00 for P-"))).to_be_visible()
    vic.refresh_from_db()
    assert vic.vouchers_given_on == today
