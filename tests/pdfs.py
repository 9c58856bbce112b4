"""Reading our PDFs back as a person would see them, with poppler's tools:
page size, the text, and where each word sits on the page."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from html import unescape

MM = 72 / 25.4  # points in a millimetre
A4_POINTS = (595, 842)
# A word's box in pdftotext is about 1.12 times its font size (Liberation Sans).
BOX_PER_POINT = 1.12


def _run(tool: str, pdf: bytes, *args: str) -> str:
    return subprocess.run(
        [tool, *args, "-", "-"] if tool == "pdftotext" else [tool, *args, "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()


def page_sizes(pdf: bytes) -> list[tuple[int, int]]:
    """Each page's width and height in points, rounded."""
    info = _run("pdfinfo", pdf, "-f", "1", "-l", "99")
    return [
        (round(float(w)), round(float(h)))
        for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    ]


def text(pdf: bytes) -> str:
    """The text, with runs of white space made single spaces."""
    return " ".join(_run("pdftotext", pdf).split())


@dataclass(frozen=True)
class Word:
    text: str
    page: int
    left_mm: float
    top_mm: float
    right_mm: float
    bottom_mm: float
    font_points: float


def words(pdf: bytes) -> list[Word]:
    """Every word with its box in millimetres from the page's top-left corner."""
    html = _run("pdftotext", pdf, "-bbox")
    found = []
    for number, page in enumerate(html.split("<page ")[1:], start=1):
        for x0, y0, x1, y1, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            page,
        ):
            top, bottom = float(y0), float(y1)
            found.append(
                Word(
                    unescape(word),
                    number,
                    float(x0) / MM,
                    top / MM,
                    float(x1) / MM,
                    bottom / MM,
                    (bottom - top) / BOX_PER_POINT,
                )
            )
    return found


def word(pdf: bytes, wanted: str) -> Word:
    """The first word that reads `wanted`."""
    return next(w for w in words(pdf) if w.text == wanted)


def colours(pdf: bytes, *, page: int = 1, dpi: int = 20) -> set[tuple[int, int, int]]:
    """The colours drawn on one page, read off a small picture of it (PPM)."""
    picture = subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout
    # "P6\n<width> <height>\n255\n", then three bytes a pixel.
    _, size, _, pixels = picture.split(b"\n", 3)
    width, height = (int(n) for n in size.split())
    pixels = pixels[: width * height * 3]
    return {tuple(pixels[i : i + 3]) for i in range(0, len(pixels), 3)}  # type: ignore[misc]


def has_colour(pdf: bytes, rgb: tuple[int, int, int], *, page: int = 1) -> bool:
    """Whether something near this colour is drawn on the page (pictures, not text)."""
    return any(
        all(abs(a - b) <= 12 for a, b in zip(drawn, rgb, strict=True))
        for drawn in colours(pdf, page=page)
    )
