"""The personal-link letter: A4, the address in an envelope's window, the three
ways in (QR code, link, short code), and large print for those who prefer it."""

from __future__ import annotations

import pytest

from projects.letters import grouped, personal_link_letter_html, personal_link_letter_pdf
from projects.models import Person
from tests.pdfs import A4_POINTS, page_sizes, text, word, words

URL = "https://coprod.example.nhs.uk/me/l/Xk3v9Qp2LmN8rT4wYz6aB1cD5eF7gH0:1vQx2A:abcdEFGH/"
CODE = "K7QM3XPD9R"


def olive(preferred_format: str = Person.Format.STANDARD) -> Person:
    return Person(
        display_name="Olive Fernsby",
        postal_address="Flat 4, Larch House\n12 Meadowbank Road\nNorthwick\nNW3 7QP",
        preferred_format=preferred_format,
    )


@pytest.fixture(scope="module")
def standard() -> bytes:
    return personal_link_letter_pdf(person=olive(), url=URL, short_code=CODE)


@pytest.fixture(scope="module")
def large() -> bytes:
    return personal_link_letter_pdf(
        person=olive(Person.Format.LARGE_PRINT), url=URL, short_code=CODE
    )


@pytest.mark.parametrize("letter", ["standard", "large"])
def test_it_prints_on_a4_with_the_name_address_link_and_code(request, letter):
    pdf = request.getfixturevalue(letter)

    assert set(page_sizes(pdf)) == {A4_POINTS}
    shown = text(pdf)
    for line in ["Olive Fernsby", "Flat 4, Larch House", "12 Meadowbank Road", "NW3 7QP"]:
        assert line in shown
    assert "K7QM 3XPD 9R" in shown
    assert "coprod.example.nhs.uk/me/code/" in shown
    assert "Xk3v9Qp2LmN8rT4wYz6aB1cD5eF7gH0" in shown.replace(" ", "")


@pytest.mark.parametrize("letter", ["standard", "large"])
def test_the_name_and_address_sit_in_a_window_envelopes_window(request, letter):
    """A DL or C5 window: 20 mm from the left edge, 45 mm from the top, 90 by 40 mm."""
    pdf = request.getfixturevalue(letter)
    name = word(pdf, "Olive")
    address = words(pdf)[words(pdf).index(name) :][:12]  # "Olive" to "7QP"

    assert name.page == 1
    assert 15 <= name.left_mm <= 25
    assert 40 <= name.top_mm <= 55
    assert address[-1].text == "7QP"
    assert all(w.left_mm >= 20 and w.right_mm <= 110 for w in address)
    assert all(w.top_mm >= 45 and w.bottom_mm <= 85 for w in address)


def test_large_print_is_at_least_16_point_and_standard_is_not(standard, large):
    body = ["Thank", "password.", "Keep"]

    assert all(word(large, w).font_points >= 16 for w in body)
    assert all(word(standard, w).font_points < 14 for w in body)
    assert word(large, "K7QM").font_points > word(standard, "K7QM").font_points


def test_easy_read_letters_are_in_large_print_too():
    pdf = personal_link_letter_pdf(person=olive(Person.Format.EASY_READ), url=URL, short_code=CODE)

    assert word(pdf, "Thank").font_points >= 16


def test_the_qr_code_is_drawn_in_the_letter_not_fetched():
    html = personal_link_letter_html(person=olive(), url=URL, short_code=CODE)

    assert '<svg class="app-qr-code"' in html
    assert "<img" not in html


def test_a_person_without_a_postal_address_still_gets_a_letter_to_hand_over():
    person = Person(display_name="Sam", preferred_format=Person.Format.STANDARD)

    pdf = personal_link_letter_pdf(person=person, url=URL, short_code=CODE)

    assert "Dear Sam" in text(pdf)


@pytest.mark.parametrize(
    ("code", "shown"),
    [("K7QM3XPD9R", "K7QM 3XPD 9R"), ("k7qm-3xpd", "k7qm 3xpd"), ("AB CD EF", "ABCD EF")],
)
def test_a_short_code_is_shown_in_groups_of_four(code, shown):
    assert grouped(code) == shown
