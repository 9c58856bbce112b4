"""Easy Read principle questions: plain enough to read, drawn with a picture,
shown in the answer pages to people who asked for them."""

from __future__ import annotations

import re

import pytest
import textstat
from django.template.loader import render_to_string
from django.urls import reverse

from principles.texts import CODES, PRINCIPLE_TEXTS, easy_read
from projects.models import Person
from tests.factories import personal_link

EASY_ENOUGH = 80


@pytest.mark.parametrize("code", CODES)
def test_every_question_reads_easily(code):
    easy = easy_read(code)
    assert textstat.flesch_reading_ease(easy.text) >= EASY_ENOUGH, easy.text
    assert textstat.flesch_reading_ease(PRINCIPLE_TEXTS[code].easy_read) >= EASY_ENOUGH
    assert all(len(sentence.split()) <= 10 for sentence in easy.sentences), easy.sentences


@pytest.mark.parametrize("code", CODES)
def test_every_question_has_its_own_picture_drawn_inline(code):
    html = render_to_string("principles/_question_easy_read.html", {"text": PRINCIPLE_TEXTS[code]})
    [svg] = re.findall(r"<svg.*?</svg>", html, re.DOTALL)
    assert 'role="img"' in svg
    assert f"<title>{easy_read(code).alt}</title>" in svg
    assert not re.search(r"\b(href|src)=|url\(", svg)
    for sentence in easy_read(code).sentences:
        assert sentence in html


def test_every_question_has_a_different_picture():
    assert len({easy_read(code).picture for code in CODES}) == len(CODES)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("preferred", "shows_easy_read"),
    [(Person.Format.EASY_READ, True), (Person.Format.STANDARD, False)],
)
def test_the_question_page_follows_the_persons_preferred_format(
    client, world, rita_invitation, preferred, shows_easy_read
):
    Person.objects.filter(pk=world["person"].pk).update(preferred_format=preferred)
    client.get(personal_link(rita_invitation))
    client.post(
        reverse("principles:answer", kwargs={"step": "about-you"}), {"perspective": "carer"}
    )
    page = client.get(reverse("principles:answer", kwargs={"step": CODES[0]})).text
    easy = easy_read(CODES[0])
    assert (easy.alt in page) is shows_easy_read
    assert ("We make the big choices together." in page) is shows_easy_read
    # The short version under the question is for everyone else.
    assert ("Easy Read: what this means" in page) is not shows_easy_read


@pytest.mark.django_db
def test_a_signed_in_persons_own_answer_pages_follow_their_format(client, world, eve_invitation):
    Person.objects.filter(pk=world["expert_person"].pk).update(
        preferred_format=Person.Format.EASY_READ
    )
    eve_invitation.person = None
    eve_invitation.save(update_fields=["person"])
    client.force_login(world["expert"])
    mine = {"pk": eve_invitation.pk}
    client.post(
        reverse("principles:respond_mine", kwargs={**mine, "step": "about-you"}),
        {"perspective": "lived_experience"},
    )
    page = client.get(reverse("principles:respond_mine", kwargs={**mine, "step": CODES[1]})).text
    assert easy_read(CODES[1]).alt in page
