"""A person sets, changes or removes a limit on their own fees, by their own link."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from projects.privacy.audit import record_changes
from tests.factories import ActivityFactory, InvolvementFactory

pytestmark = pytest.mark.django_db

BY_RITA = "Rita (by their personal link)"


def test_the_page_offers_rita_a_limit_when_she_has_none(opened):
    html = opened.get("/me/").content.decode()

    assert 'id="pay-limit">A limit on your pay</h2>' in html
    assert f'href="{reverse("personal:pay_limit")}">Set a limit</a>' in html
    assert "The limit you chose" not in html


def test_rita_sets_a_weekly_limit_and_it_is_hers_in_the_audit(opened, rita):
    response = opened.post(reverse("personal:pay_limit"), {"limit": "£95.50", "period": "week"})

    assert response.status_code == 302
    assert response["Location"] == reverse("personal:page") + "#pay-limit"
    rita.refresh_from_db()
    assert (rita.pay_limit_pence, rita.pay_limit_period) == (9550, "week")
    change = record_changes(rita)[0]
    assert "limit they want to stay under" in change.what
    assert change.who == BY_RITA
    html = opened.get("/me/").content.decode()
    assert "Thank you. We have saved your limit." in html
    assert "£95.50, the week of" in html
    assert "Change or remove your limit" in html


def test_rita_changes_her_limit_to_a_tax_year(opened, rita, world):
    rita.pay_limit_pence, rita.pay_limit_period = 9550, "week"
    rita.save()
    InvolvementFactory(
        activity=ActivityFactory(project=world["project"], date=datetime.date.today()),
        person=rita,
        hours=2,
        fee_paid_pence=4000,
        payment_choice="paid",
    )

    form = opened.get(reverse("personal:pay_limit")).content.decode()
    assert 'value="95.50"' in form
    assert "Remove my limit" in form
    opened.post(reverse("personal:pay_limit"), {"limit": "2000", "period": "tax_year"})

    rita.refresh_from_db()
    assert (rita.pay_limit_pence, rita.pay_limit_period) == (200000, "tax_year")
    html = opened.get("/me/").content.decode()
    assert "£2000.00, the tax year 6 April" in html
    assert "£40.00</dd>" in html


def test_rita_removes_her_limit(opened, rita):
    rita.pay_limit_pence, rita.pay_limit_period = 9550, "week"
    rita.save()

    response = opened.post(reverse("personal:pay_limit"), {"remove": "1"})

    assert response.status_code == 302
    rita.refresh_from_db()
    assert (rita.pay_limit_pence, rita.pay_limit_period) == (None, "")
    assert record_changes(rita)[0].who == BY_RITA
    html = opened.get("/me/").content.decode()
    assert "Thank you. You have no limit now." in html
    assert "Set a limit" in html


@pytest.mark.parametrize(
    ("typed", "field", "error"),
    [
        ({"limit": "", "period": "week"}, "limit", "Enter your limit in pounds, like 100"),
        ({"limit": "lots", "period": "week"}, "limit", "Enter your limit in pounds, like 12.50"),
        ({"limit": "0", "period": "week"}, "limit", "Enter a limit of more than £0"),
        ({"limit": "-5", "period": "week"}, "limit", "Enter your limit as £0 or more"),
        ({"limit": "12.345", "period": "week"}, "limit", "to the nearest penny"),
        ({"limit": "100"}, "period", "Choose if the limit is for a week or a tax year"),
        ({"limit": "100", "period": "month"}, "period", "Select a valid choice"),
    ],
)
def test_a_limit_that_will_not_do_is_explained_and_kept(opened, rita, typed, field, error):
    response = opened.post(reverse("personal:pay_limit"), typed)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: A limit on your pay" in html
    assert "nhsuk-error-summary" in html
    assert error in html
    assert f'id="id_{field}_error"' in html
    if typed.get("limit"):
        assert f'value="{typed["limit"]}"' in html
    rita.refresh_from_db()
    assert rita.pay_limit_pence is None


def test_the_form_points_to_independent_advice(opened):
    html = opened.get(reverse("personal:pay_limit")).content.decode()

    assert "We cannot tell you what your limit should be." in html
    assert 'href="https://www.citizensadvice.org.uk/benefits/"' in html
    assert "Remove my limit" not in html


def test_easy_read_asks_in_easy_read(opened, rita):
    rita.preferred_format = "easy_read"
    rita.save()

    html = opened.get(reverse("personal:pay_limit")).content.decode()

    assert "Is it for a week or a year?" in html
    assert "We can not tell you what limit to pick." in html
