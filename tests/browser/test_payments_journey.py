"""Finance pays people, by keyboard, with axe-core on every page and form state:
makes a payment run, sees a limit someone chose, downloads the run for the finance
system and marks it paid."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from projects.models import Involvement
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.browser.test_projects_journey import press, type_into
from tests.factories import ActivityFactory, InvolvementFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_finance_makes_a_run_downloads_it_and_marks_it_paid(page: Page, live_server, world):
    world["service"].cost_centre = "AMH110"
    world["service"].save()
    today = timezone.localdate()
    activity = ActivityFactory(project=world["project"], title="Menu panel", date=today)
    near = PersonFactory(display_name="Lin", pay_limit_pence=3000, pay_limit_period="tax_year")
    for person, fee in ((near, 4000), (PersonFactory(display_name="Dev"), 2000)):
        InvolvementFactory(
            activity=activity,
            person=person,
            hours=2,
            fee_due_pence=fee,
            fee_paid_pence=fee,
            payment_choice="paid",
        )
    sign_in(page, live_server, world["finance"])

    page.goto("/")
    expect(page.get_by_role("heading", name="Payments", level=1)).to_be_visible()
    assert_accessible(page, context="payments")
    press(page.get_by_role("button", name="Make a payment run"))

    expect(page.get_by_text("Over a limit someone chose")).to_be_visible()
    expect(page.get_by_text(f"{near.payee_reference} (Lin): £40.00")).to_be_visible()
    assert_accessible(page, context="an open run with a limit warning")
    screenshot(page, "payments-run-open")
    with page.expect_download() as download:
        press(page.get_by_role("link", name="Download for the finance system (CSV)"))
    assert download.value.suggested_filename.startswith("run-")

    press(page.get_by_role("link", name="Mark as paid"))
    tomorrow = today + datetime.timedelta(days=1)
    type_into(page.get_by_label("Day"), str(tomorrow.day))
    type_into(page.get_by_label("Month"), str(tomorrow.month))
    type_into(page.get_by_label("Year"), str(tomorrow.year))
    press(page.get_by_role("button", name="Mark as paid"))
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page, context="marking paid with a date in the future")
    screenshot(page, "payments-mark-paid-errors")
    type_into(page.get_by_label("Day"), str(today.day))
    type_into(page.get_by_label("Month"), str(today.month))
    type_into(page.get_by_label("Year"), str(today.year))
    press(page.get_by_role("button", name="Mark as paid"))

    expect(page.get_by_text("is marked paid on")).to_be_visible()
    assert_accessible(page, context="a paid run")
    screenshot(page, "payments-run-paid")
    assert set(Involvement.objects.filter(activity=activity).values_list("paid_on", flat=True)) == {
        today
    }
