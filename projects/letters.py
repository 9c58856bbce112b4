"""Letters we post to people on the register: A4, with the name and address placed
for a window envelope (DL or C5, window on the left), in large print for people
who prefer it.

Drawn with WeasyPrint (`core.pdf`), which is slow to load: it is imported when a
letter is drawn, not when this module is.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.two_factor import qr_code
from projects.models import Person

# Where a short code is typed, on the site the personal link points at.
CODE_PATH = "/me/code/"


def large_print(person: Person) -> bool:
    """Large print (18 pt) for people who prefer it, and for Easy Read, which is
    set no smaller than 14 pt (our letters come in 11 and 18)."""
    return person.preferred_format in {Person.Format.LARGE_PRINT, Person.Format.EASY_READ}


def grouped(code: str, *, size: int = 4) -> str:
    """A short code in groups of `size`, easier to read out and type: "ABCD EFGH"."""
    plain = "".join(ch for ch in code if ch.isalnum())
    return " ".join(plain[i : i + size] for i in range(0, len(plain), size))


def address_lines(person: Person) -> list[str]:
    """The name and postal address, one line each, as written on an envelope."""
    lines = [line.strip(" ,") for line in person.postal_address.splitlines()]
    return [person.display_name, *(line for line in lines if line)]


def letter_context(person: Person, *, title: str) -> dict[str, object]:
    """What every letter shares: who it is from and to, the date, the print size."""
    return {
        "title": title,
        "organisation_name": settings.ORGANISATION_NAME,
        "organisation_address": settings.ORGANISATION_ADDRESS,
        "recipient": address_lines(person),
        "person": person,
        "today": timezone.localdate(),
        "large_print": large_print(person),
    }


def personal_link_letter_html(*, person: Person, url: str, short_code: str) -> str:
    parts = urlsplit(url)
    return render_to_string(
        "projects/letters/personal_link.html",
        {
            **letter_context(person, title="Your personal page"),
            "url": url,
            "qr": qr_code(url),
            "short_code": grouped(short_code),
            "code_address": f"{parts.netloc}{CODE_PATH}",
        },
    )


def personal_link_letter_pdf(*, person: Person, url: str, short_code: str) -> bytes:
    """A letter giving someone their personal link: a QR code, the link written out,
    and a short code to type instead. Large print when they prefer it. The link and
    code are only in the PDF: nothing here keeps them."""
    from core.pdf import pdf_from_html

    return pdf_from_html(personal_link_letter_html(person=person, url=url, short_code=short_code))
