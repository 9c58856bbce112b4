"""The seven principles' texts. They live in `projects.principle_texts`, below
every app that shows them (the principles rounds, training cohorts' self-ratings);
the principles app's modules keep reading them by this name."""

from __future__ import annotations

from projects.principle_texts import (
    CODES,
    CREDIT,
    EASY_READ,
    PRINCIPLE_TEXTS,
    PRINCIPLES,
    SCALE_WORDS,
    Principle,
    PrincipleText,
    easy_read,
    scale_label,
)

__all__ = [
    "CODES",
    "CREDIT",
    "EASY_READ",
    "PRINCIPLES",
    "PRINCIPLE_TEXTS",
    "SCALE_WORDS",
    "Principle",
    "PrincipleText",
    "easy_read",
    "scale_label",
]
