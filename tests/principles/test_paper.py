"""The paper questionnaire: printed for someone with their reference, then keyed
in by a lead as answers "from paper"."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from principles.models import EnteredFrom, Invitation, Response
from principles.paper import new_paper_reference, paper_questionnaire_html, paper_reference_for
from principles.texts import PRINCIPLES
from projects.models import Person
from tests.pdfs import A4_POINTS, has_colour, page_sizes, text, word

pytestmark = pytest.mark.django_db

REFERENCE = re.compile(r"^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$")


def paper_url(invitation):
    return reverse("principles:invitation_paper", args=[invitation.pk])


@pytest.fixture
def rita(world):
    person = world["person"]
    person.postal_address = "9 Orchard Close\nNorthwick\nNW1 4AB"
    person.save()
    return person


def print_for(client, world, invitation) -> bytes:
    client.force_login(world["staff"])
    response = client.get(paper_url(invitation))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    invitation.refresh_from_db()
    assert response["Content-Disposition"] == (
        f'attachment; filename="questionnaire-{invitation.paper_reference}.pdf"'
    )
    return response.content


def test_a_lead_prints_a_questionnaire_with_the_persons_reference(
    client, world, rita, rita_invitation
):
    pdf = print_for(client, world, rita_invitation)

    reference = rita_invitation.paper_reference
    assert REFERENCE.match(reference)
    assert set(page_sizes(pdf)) == {A4_POINTS}
    shown = text(pdf)
    assert rita.display_name in shown
    assert "9 Orchard Close" in shown
    assert "NW1 4AB" in shown
    assert f"Your reference: {reference}" in shown
    for number, principle in enumerate(PRINCIPLES, start=1):
        assert f"{number}. {principle.name}: {principle.question}" in shown
    assert shown.count("I don't know") == 7
    assert "How to send it back" in shown
    # Every page carries the reference, so a loose page can be matched.
    assert shown.count(f"Your reference: {reference}") >= len(page_sizes(pdf))


def test_the_address_sits_in_a_window_envelopes_window(client, world, rita, rita_invitation):
    pdf = print_for(client, world, rita_invitation)

    name = word(pdf, rita.display_name.split()[0])
    assert name.page == 1
    assert 15 <= name.left_mm <= 25
    assert 40 <= name.top_mm <= 55
    assert word(pdf, "4AB").bottom_mm <= 85


def test_printing_again_keeps_the_reference(client, world, rita_invitation):
    print_for(client, world, rita_invitation)
    first = rita_invitation.paper_reference

    print_for(client, world, rita_invitation)

    assert rita_invitation.paper_reference == first
    assert paper_reference_for(Invitation.objects.get(pk=rita_invitation.pk)) == first


def test_references_are_random_and_easy_to_read():
    references = {new_paper_reference() for _ in range(200)}

    assert len(references) == 200
    assert all(REFERENCE.match(r) for r in references)  # no 0, O, 1, I or L


def test_someone_who_prefers_large_print_gets_a_large_print_questionnaire(
    client, world, rita, rita_invitation
):
    standard = print_for(client, world, rita_invitation)
    rita.preferred_format = Person.Format.LARGE_PRINT
    rita.save()

    large = print_for(client, world, rita_invitation)

    assert word(large, "Tick").font_points >= 16
    assert word(standard, "Tick").font_points < 14
    assert len(page_sizes(large)) > len(page_sizes(standard))


def test_the_round_page_offers_the_questionnaire_and_shows_the_reference(
    client, world, rita_invitation
):
    print_for(client, world, rita_invitation)

    page = client.get(reverse("principles:round_detail", args=[rita_invitation.round_id]))

    content = page.content.decode()
    assert paper_url(rita_invitation) in content
    assert f"Paper reference: {rita_invitation.paper_reference}" in content


def test_keying_in_asks_how_the_answers_came_and_keeps_what_was_typed(
    client, world, rita_invitation
):
    client.force_login(world["staff"])
    about_you = reverse("principles:respond_on_behalf", args=[rita_invitation.pk, "about-you"])

    page = client.post(about_you, {"perspective": "carer"})

    assert page.status_code == 200
    assert "Choose how they gave you their answers" in page.content.decode()
    assert page.context["form"]["perspective"].value() == "carer"
    assert not Response.objects.exists()


@pytest.mark.parametrize("way", list(EnteredFrom))
def test_the_response_records_how_the_answers_came(client, world, rita_invitation, way):
    client.force_login(world["staff"])
    about_you = reverse("principles:respond_on_behalf", args=[rita_invitation.pk, "about-you"])

    client.post(about_you, {"entered_from": way.value, "perspective": "carer"})

    saved = Response.objects.get(invitation=rita_invitation)
    assert (saved.entered_from, saved.entered_on_behalf_by) == (way.value, world["staff"])
    check = reverse("principles:respond_on_behalf", args=[rita_invitation.pk, "check"])
    page = client.get(check).content.decode()
    assert f"Entered {way.label.lower()} on behalf of" in page


def test_a_person_answering_themselves_is_not_asked_how_the_answers_came(client, rita_invitation):
    from tests.factories import personal_link

    client.get(personal_link(rita_invitation))
    page = client.get(reverse("principles:answer", args=["about-you"]))

    assert "How did they give you their answers?" not in page.content.decode()


# The Easy Read pictures' yellow: "you", the person reading (components/_easy_read_person.html).
YOU_YELLOW = (0xFF, 0xB8, 0x1C)


def test_someone_who_prefers_easy_read_gets_the_pictures_beside_each_question(
    client, world, rita, rita_invitation
):
    standard = print_for(client, world, rita_invitation)
    rita.preferred_format = Person.Format.EASY_READ
    rita.save()

    easy = print_for(client, world, rita_invitation)

    html = paper_questionnaire_html(invitation=rita_invitation)
    assert len(re.findall(r'<svg [^>]*role="img"', html)) == len(PRINCIPLES)
    for principle in PRINCIPLES:
        assert f"<title>{principle.easy.alt}</title>" in html
        for sentence in principle.easy.sentences:
            assert sentence in text(easy)
    # Easy Read is set no smaller than 14 point: in our letters, large print.
    assert word(easy, "Tick").font_points >= 16
    # The pictures are drawn: their yellow is on the page, and nowhere in the standard one.
    pages = range(1, len(page_sizes(easy)) + 1)
    assert any(has_colour(easy, YOU_YELLOW, page=page) for page in pages)
    assert not any(
        has_colour(standard, YOU_YELLOW, page=page)
        for page in range(1, len(page_sizes(standard)) + 1)
    )
