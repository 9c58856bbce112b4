"""Personal links: made by staff, exchanged for a short session, revoked by a new
one, refused with a plain page, opened by a short code within a rate limit."""

from __future__ import annotations

import re
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outbox.models import OutboundEmail
from personal import access, services
from personal.models import CODE_ALPHABET, PersonalLink
from personal.services import link_new
from projects.letters import grouped
from projects.privacy.erasure import person_erase
from tests.activity import last_request_ago
from tests.pdfs import A4_POINTS, page_sizes, text, word

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_it_exchanges_the_link_and_takes_the_token_out_of_the_address(client, rita_link):
    response = client.get(f"/me/{rita_link.token}/")

    assert response.status_code == 302
    assert response["Location"] == reverse("personal:page")
    assert rita_link.token not in response["Location"]
    assert response["Referrer-Policy"] == "no-referrer"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert rita_link.token not in page.content.decode()
    assert b"Rita" in page.content


def test_it_cycles_the_session_key_when_a_link_is_opened(client, rita_link):
    client.get("/me/")
    before = client.session.session_key
    client.get(f"/me/{rita_link.token}/")
    assert client.session.session_key != before


def test_it_keeps_only_hashes_of_the_link_and_the_code(rita_link):
    stored = PersonalLink.objects.get(pk=rita_link.link.pk)
    key = rita_link.token.split(":")[0]
    assert key not in stored.key_hash
    assert rita_link.code not in stored.code_hash
    assert len(rita_link.code) == 12
    assert set(rita_link.code) <= set(CODE_ALPHABET)
    assert rita_link.code_shown.count("-") == 2


def test_it_refuses_a_revoked_link_with_a_plain_page(client, rita, rita_link, world):
    link_new(person=rita, by=world["staff"], given="printed")

    response = client.get(f"/me/{rita_link.token}/")

    assert response.status_code == 200
    assert b"This link no longer works" in response.content
    assert b"ask us for a new letter" in response.content
    assert "personal_page" not in client.session


def test_a_new_link_ends_the_session_of_the_old_one(opened, rita, world):
    link_new(person=rita, by=world["staff"], given="emailed")

    response = opened.get("/me/")

    assert response.status_code == 200
    assert b"Please open your link again" in response.content
    assert b"Rita" not in response.content


def test_it_refuses_a_changed_link_with_a_plain_page(client, rita_link):
    response = client.get(f"/me/{rita_link.token[:-1]}x/")
    assert response.status_code == 200
    assert b"We cannot open this link" in response.content


def test_the_page_asks_for_the_link_when_none_was_opened(client, world):
    response = client.get("/me/")
    assert response.status_code == 200
    assert b"Open your personal link" in response.content


def test_it_opens_the_page_by_short_code(client, rita_link):
    typed = rita_link.code_shown.lower().replace("-", " ")

    response = client.post(reverse("personal:code"), {"code": typed})

    assert response.status_code == 302
    assert response["Location"] == reverse("personal:page")
    assert b"Rita" in client.get("/me/").content


def test_a_wrong_code_gets_a_plain_error_next_to_the_field(client, rita_link):
    wrong = "".join(reversed(rita_link.code))

    response = client.post(reverse("personal:code"), {"code": wrong})

    assert response.status_code == 200
    assert b"Check the code and try again" in response.content
    assert b'value="' + wrong.encode() + b'"' in response.content
    assert "personal_page" not in client.session


def test_it_limits_tries_at_a_code_from_one_address(client, rita_link):
    for _ in range(access.CODE_TRIES_PER_ADDRESS):
        assert client.post(reverse("personal:code"), {"code": "AAAA-AAAA-AAAA"}).status_code == 200

    # Even the right code is refused once the address has used its tries.
    response = client.post(reverse("personal:code"), {"code": rita_link.code})

    assert response.status_code == 429
    assert b"too many tries" in response.content
    assert "personal_page" not in client.session


def test_it_limits_tries_at_codes_from_everywhere_together(client, rita_link, settings):
    for n in range(access.CODE_TRIES_EVERYWHERE):
        client.post(
            reverse("personal:code"),
            {"code": "AAAA-AAAA-AAAA"},
            REMOTE_ADDR=f"10.0.{n // 250}.{n % 250}",
        )

    response = client.post(
        reverse("personal:code"), {"code": rita_link.code}, REMOTE_ADDR="192.0.2.99"
    )

    assert response.status_code == 429


def test_the_session_ends_after_the_idle_time_and_keeps_what_was_typed(
    opened, rita, rita_link, monkeypatch
):
    later = time.time() + access.IDLE_SECONDS + 1
    monkeypatch.setattr(access.time, "time", lambda: later)
    typed = {
        "contact": "phone",
        "email": "",
        "phone": "07700 900123",
        "preferred_format": "easy_read",
        "access_needs": "A quiet room, please",
    }

    response = opened.post(reverse("personal:details"), typed)

    assert response.status_code == 200
    assert b"Please open your link again" in response.content
    assert b"We kept what you typed" in response.content
    rita.refresh_from_db()
    assert rita.access_needs != "A quiet room, please"

    # She opens her link again: she is taken back to the form, as she left it.
    reopened = opened.get(f"/me/{rita_link.token}/")
    assert reopened["Location"] == reverse("personal:details")
    form = opened.get(reopened["Location"])
    assert b"A quiet room, please" in form.content
    assert b"07700 900123" in form.content


def test_reading_her_page_writes_nothing_to_the_session_table(opened):
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            assert opened.get(reverse("personal:page")).status_code == 200
        writes = [
            q["sql"]
            for q in queries.captured_queries
            if "django_session" in q["sql"] and not q["sql"].lstrip().startswith("SELECT")
        ]
        assert writes == []


def test_a_visit_that_ran_out_stays_ended(opened):
    last_request_ago(opened, access.IDLE_SECONDS + 1)
    assert b"Please open your link again" in opened.get(reverse("personal:page")).content
    # The refused request renewed the browser's clock; the visit is still over.
    assert b"Please open your link again" in opened.get(reverse("personal:page")).content


def test_staff_email_a_link_through_the_outbox(client, world, rita):
    rita.email = "rita@example.org"
    rita.save()
    client.force_login(world["staff"])

    response = client.post(reverse("personal:link_new", args=[rita.pk]), {"how": "email"})

    assert response.status_code == 302
    email = OutboundEmail.objects.get()
    assert email.to == "rita@example.org"
    link = PersonalLink.objects.get(person=rita)
    assert link.given == "emailed"
    assert link.created_by == world["staff"]
    # The page staff come back to never shows the link.
    assert b"/me/" not in client.get(response["Location"]).content.replace(b'"/me/code/"', b"")


def test_staff_cannot_email_someone_without_an_email_address(client, world, rita):
    client.force_login(world["staff"])

    response = client.post(reverse("personal:link_new", args=[rita.pk]), {"how": "email"})

    assert response.status_code == 200
    assert not PersonalLink.objects.exists()
    assert not OutboundEmail.objects.exists()


def print_letter(client, person):
    return client.post(reverse("personal:link_new", args=[person.pk]), {"how": "print"})


def test_staff_print_a_letter_the_link_and_code_are_only_in_its_pdf(
    client, world, rita, monkeypatch
):
    rita.postal_address = "9 Orchard Close\nNorthwick\nNW1 4AB"
    rita.save()
    made = []
    monkeypatch.setattr(
        services, "link_new", lambda **kwargs: made.append(link_new(**kwargs)) or made[-1]
    )
    client.force_login(world["staff"])

    response = print_letter(client, rita)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    # Shown in the browser to print, named without the person's name.
    assert response["Content-Disposition"] == (
        f'inline; filename="personal-link-letter-{rita.pk}.pdf"'
    )
    assert rita.display_name not in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    pdf = response.content
    assert set(page_sizes(pdf)) == {A4_POINTS}
    shown = text(pdf)
    assert "9 Orchard Close" in shown
    link = PersonalLink.objects.get(person=rita)
    assert (link.given, link.created_by) == ("printed", world["staff"])

    # The letter has the link written out (pdftotext drops a hyphen where the
    # link breaks across lines, and adds a space) and the code in groups of four.
    (new,) = made
    url = f"http://testserver/me/{new.token}/"
    assert url.replace("-", "") in shown.replace(" ", "").replace("-", "")
    code = grouped(new.code)
    assert re.fullmatch(r"[A-Z0-9]{4} [A-Z0-9]{4} [A-Z0-9]{4}", code)
    assert f"/me/code/ and type: {code}" in shown
    # Both open Rita's page.
    client.logout()
    assert client.get(url)["Location"] == reverse("personal:page")
    opened = client.post(reverse("personal:code"), {"code": code})
    assert opened["Location"] == reverse("personal:page")


def test_the_address_on_a_printed_letter_sits_in_the_envelopes_window(client, world, rita):
    rita.postal_address = "9 Orchard Close\nNorthwick\nNW1 4AB"
    rita.save()
    client.force_login(world["staff"])

    pdf = print_letter(client, rita).content

    name = word(pdf, rita.display_name.split()[0])
    assert name.page == 1
    assert 15 <= name.left_mm <= 25
    assert 40 <= name.top_mm <= 55
    assert word(pdf, "4AB").bottom_mm <= 85


def test_printing_a_new_letter_stops_the_old_link(client, world, rita):
    client.force_login(world["staff"])
    print_letter(client, rita)
    first = PersonalLink.objects.get(person=rita)

    print_letter(client, rita)

    first.refresh_from_db()
    assert first.is_revoked
    assert PersonalLink.objects.working().filter(person=rita).count() == 1


def test_the_link_page_says_how_their_current_link_was_given(client, world, rita):
    client.force_login(world["staff"])
    page = client.get(reverse("personal:link_new", args=[rita.pk])).content.decode()
    assert "already has a link" not in page

    print_letter(client, rita)

    page = client.get(reverse("personal:link_new", args=[rita.pk])).content.decode()
    assert "already has a link. It was printed in a letter on" in page
    assert world["staff"].name in page


def test_the_register_page_offers_the_links_to_staff_who_may_make_them(client, world, rita):
    client.force_login(world["staff"])
    page = client.get(reverse("projects:person_detail", args=[rita.pk])).content.decode()
    assert "Print a letter with a personal link" in page
    assert "Email a personal link" not in page  # Rita has no email address

    client.force_login(world["governance"])
    page = client.get(reverse("projects:person_detail", args=[rita.pk])).content.decode()
    assert "Print a letter with a personal link" not in page


def test_erasing_a_person_kills_their_links(client, world, rita, rita_link):
    person_erase(person=rita, by=world["admin"], reason="They asked")

    assert not PersonalLink.objects.filter(person=rita).exists()
    response = client.get(f"/me/{rita_link.token}/")
    assert response.status_code == 200
    assert b"We cannot open this link" in response.content
