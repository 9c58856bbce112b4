"""The personal page's words are plain: standard texts score at least 60 on the
Flesch reading-ease scale, Easy Read texts at least 80. The score means little for
a heading of two words, so each sentence of 6 words or more is scored, and all the
texts of a variant together as the page reads them."""

from __future__ import annotations

import pytest

from personal.texts import EASY_READ, STANDARD

textstat = pytest.importorskip("textstat")

VARIANTS = [("standard", STANDARD, 60), ("easy_read", EASY_READ, 80)]


def _as_prose(texts: dict[str, str]) -> str:
    return " ".join(text if text.endswith(".") else f"{text}." for text in texts.values())


@pytest.mark.parametrize(("variant", "texts", "least"), VARIANTS)
def test_each_longer_text_is_plain_enough(variant, texts, least):
    for key, text in texts.items():
        if len(text.split()) >= 6:
            assert textstat.flesch_reading_ease(text) >= least, (variant, key)


@pytest.mark.parametrize(("variant", "texts", "least"), VARIANTS)
def test_the_page_reads_plainly_as_a_whole(variant, texts, least):
    assert textstat.flesch_reading_ease(_as_prose(texts)) >= least, variant


def test_easy_read_is_easier_than_standard():
    assert textstat.flesch_reading_ease(_as_prose(EASY_READ)) > textstat.flesch_reading_ease(
        _as_prose(STANDARD)
    )


def test_every_text_has_an_easy_read_version():
    assert set(EASY_READ) == set(STANDARD)
