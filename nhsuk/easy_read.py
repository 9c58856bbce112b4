"""Easy Read: short sentences, one idea each, beside a simple picture.

Each app writes its own words; the page draws them with
`templates/components/_easy_read.html`, which draws the picture from the
template named here as inline SVG (no images to fetch).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EasyRead:
    sentences: tuple[str, ...]
    # A template holding the picture's SVG shapes, drawn in a 160 by 100 box.
    picture: str
    # What the picture shows, for people who cannot see it.
    alt: str

    @property
    def text(self) -> str:
        return " ".join(self.sentences)
