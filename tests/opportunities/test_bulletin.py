"""The printable bulletin: an A4 PDF of open opportunities for a noticeboard,
in large type, saying how to tell us you are interested, naming nobody."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse

from tests import pdfs
from tests.factories import InterestFactory, OpportunityFactory

pytestmark = pytest.mark.django_db

URL = reverse("opportunities:bulletin")


@pytest.fixture
def board(world, today):
    soon = today + datetime.timedelta(days=14)
    return {
        "public": OpportunityFactory(
            project=world["project"],
            title="Help choose our new ward manager",
            public=True,
            closes_on=soon,
            rate_card=world["rate_card"],
            hours=2,
        ),
        "private": OpportunityFactory(
            project=world["project"], title="Night routine design group", closes_on=soon
        ),
        "closed": OpportunityFactory(
            project=world["project"],
            title="Last year's survey",
            public=True,
            closes_on=today - datetime.timedelta(days=1),
        ),
        "elsewhere": OpportunityFactory(
            project=world["other_project"], title="Café menu tasting", public=True, closes_on=soon
        ),
    }


def test_staff_choose_and_get_an_a4_pdf_of_public_open_ones(client, world, board):
    InterestFactory(opportunity=board["public"], person=world["person"])
    client.force_login(world["staff"])
    page = client.get(URL)
    assert page.status_code == 200
    assert "Which opportunities should it show?" in page.content.decode()
    response = client.get(URL, {"service": world["service"].pk, "which": "public"})
    assert response["Content-Type"] == "application/pdf"
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    pdf = response.content
    assert set(pdfs.page_sizes(pdf)) == {pdfs.A4_POINTS}
    text = pdfs.text(pdf)
    assert "Help choose our new ward manager" in text
    assert "Night routine design group" not in text, "not on the public page"
    assert "Last year's survey" not in text, "closed"
    assert "Café menu tasting" not in text, "another service"
    assert "How to say you are interested" in text
    assert reverse("opportunities:public_list") in text
    for name in ("Rita", world["staff"].full_name):
        assert name not in text, "nobody is named"


def test_the_type_is_large(client, world, board):
    client.force_login(world["staff"])
    pdf = client.get(URL, {"service": world["service"].pk, "which": "public"}).content
    heading, body = pdfs.word(pdf, "Ways"), pdfs.word(pdf, "training.")
    assert heading.font_points >= 26
    assert body.font_points >= 15


def test_all_open_ones_of_the_service_and_a_phone_line(client, world, board):
    client.force_login(world["staff"])
    with override_settings(ORGANISATION_PHONE="0300 123 4567"):
        pdf = client.get(URL, {"service": world["service"].pk, "which": "all"}).content
    text = pdfs.text(pdf)
    assert "Night routine design group" in text
    assert "Help choose our new ward manager" in text
    assert "0300 123 4567" in text


def test_all_services_means_those_they_can_see(client, world, board):
    client.force_login(world["staff"])
    text = pdfs.text(client.get(URL, {"service": "", "which": "public"}).content)
    assert "Help choose our new ward manager" in text
    assert "Café menu tasting" not in text, "not a project staff can see"
    client.force_login(world["governance"])
    text = pdfs.text(client.get(URL, {"service": "", "which": "public"}).content)
    assert "Café menu tasting" in text


def test_a_service_they_cannot_see_or_no_choice_is_an_error_on_the_form(client, world, board):
    client.force_login(world["staff"])
    response = client.get(URL, {"service": world["other_service"].pk, "which": "all"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose one of the services in the list" in html
    assert "nhsuk-error-summary" in html
    missing = client.get(URL, {"service": world["service"].pk, "which": ""})
    assert "Choose which opportunities it should show" in missing.content.decode()


def test_experts_do_not_print_bulletins(client, world):
    client.force_login(world["expert"])
    assert client.get(URL).status_code == 403
