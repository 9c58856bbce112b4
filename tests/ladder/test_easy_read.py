"""Easy Read rungs: plain enough to read, drawn with a picture, shown to the
people who asked for them."""

from __future__ import annotations

import re

import pytest
import textstat
from django.template.loader import render_to_string
from django.urls import reverse

from ladder import services
from ladder.texts import RUNG_TEXTS, easy_read, rung_text
from projects.models import Person
from projects.rungs import Rung
from tests.factories import CONSULTATION_ANSWERS

EASY_ENOUGH = 80


@pytest.mark.parametrize("rung", list(Rung), ids=lambda rung: rung.name.lower())
def test_every_rung_reads_easily(rung):
    easy = easy_read(rung)
    assert textstat.flesch_reading_ease(easy.text) >= EASY_ENOUGH, easy.text
    assert textstat.flesch_reading_ease(RUNG_TEXTS[rung].easy_read) >= EASY_ENOUGH
    # Short sentences, one idea each.
    assert all(len(sentence.split()) <= 10 for sentence in easy.sentences), easy.sentences
    assert all(sentence.endswith((".", "?")) for sentence in easy.sentences)


@pytest.mark.parametrize("rung", list(Rung), ids=lambda rung: rung.name.lower())
def test_every_rung_has_its_own_picture_drawn_inline(rung):
    html = render_to_string("ladder/_rung_easy_read.html", {"text": rung_text(rung)})
    [svg] = re.findall(r"<svg.*?</svg>", html, re.DOTALL)
    assert 'role="img"' in svg
    assert f'aria-label="{easy_read(rung).alt}"' in svg
    assert f"<title>{easy_read(rung).alt}</title>" in svg
    assert "<path" in svg or "<circle" in svg
    # Nothing fetched from elsewhere.
    assert not re.search(r"\b(href|src)=|url\(", svg)
    assert str(rung.label) in html
    for sentence in easy_read(rung).sentences:
        assert sentence in html


def test_every_rung_has_a_different_picture():
    pictures = {easy_read(rung).picture for rung in Rung}
    assert len(pictures) == len(Rung)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("preferred", "shows_easy_read"),
    [(Person.Format.EASY_READ, True), (Person.Format.STANDARD, False)],
)
def test_the_confirm_page_follows_the_persons_preferred_format(
    client, world, preferred, shows_easy_read
):
    services.classification_record(
        activity=world["activity"],
        by=world["staff"],
        answers=CONSULTATION_ANSWERS,
        label="consultation",
        chosen=Rung.CONSULTATION,
        reason="",
    )
    Person.objects.filter(pk=world["expert_person"].pk).update(preferred_format=preferred)
    client.force_login(world["expert"])
    page = client.get(reverse("ladder:confirm", args=[world["activity"].pk])).text
    easy = easy_read(Rung.CONSULTATION)
    assert (easy.alt in page) is shows_easy_read
    assert ("They might use your ideas." in page) is shows_easy_read
    # Either way, the rung's name and short description are there.
    assert "Consultation" in page
    if not shows_easy_read:
        assert RUNG_TEXTS[Rung.CONSULTATION].easy_read in page
