"""The words people on the register read about opportunities are plain: standard
texts score at least 60 on the Flesch reading-ease scale, Easy Read at least 80,
each longer sentence and all of them together."""

from __future__ import annotations

import pytest

from opportunities.texts import EASY_READ, STANDARD

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
def test_they_read_plainly_as_a_whole(variant, texts, least):
    assert textstat.flesch_reading_ease(_as_prose(texts)) >= least, variant


def test_every_text_has_an_easy_read_version():
    assert set(EASY_READ) == set(STANDARD)
