"""The paper principles questionnaire: for people who prefer paper, or who are
given one by a member of staff. It carries a reference, so staff can match it to
the invitation when it comes back and key the answers in "from paper".

Drawn with WeasyPrint (`core.pdf`), imported when a questionnaire is drawn.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from principles.forms import PERSPECTIVE_HINTS, PERSPECTIVE_LABELS
from principles.models import Invitation, Perspective
from principles.texts import PRINCIPLES, SCALE_WORDS
from projects.letters import letter_context
from projects.models import Person

# No 0/O, 1/I/L: a reference is read off paper and typed by hand.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_paper_reference() -> str:
    """Like "K7QM-3XPD": 31^8 (about 850 billion) references, drawn at random."""
    characters = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{characters[:4]}-{characters[4:]}"


def paper_reference_for(invitation: Invitation) -> str:
    """The invitation's paper reference, given on first print and kept after,
    so every copy printed for the same person matches the same answers."""
    if not invitation.paper_reference:
        reference = new_paper_reference()
        # Only fills a blank: two people printing at once end up with one reference.
        Invitation.objects.filter(pk=invitation.pk, paper_reference="").update(
            paper_reference=reference
        )
        invitation.paper_reference = Invitation.objects.values_list(
            "paper_reference", flat=True
        ).get(pk=invitation.pk)
    return invitation.paper_reference


def _sender_context(invitation: Invitation) -> dict[str, object]:
    if invitation.person is not None:
        return letter_context(invitation.person, title="How well did we work together?")
    return {
        "title": "How well did we work together?",
        "organisation_name": settings.ORGANISATION_NAME,
        "organisation_address": settings.ORGANISATION_ADDRESS,
        "recipient": [invitation.name],
        "today": timezone.localdate(),
        "large_print": False,
    }


def paper_questionnaire_html(*, invitation: Invitation) -> str:
    person = invitation.person
    easy_read = person is not None and person.preferred_format == Person.Format.EASY_READ
    return render_to_string(
        "principles/paper_questionnaire.html",
        {
            **_sender_context(invitation),
            "invitation": invitation,
            "round": invitation.round,
            "reference": paper_reference_for(invitation),
            "perspectives": [(PERSPECTIVE_LABELS[p], PERSPECTIVE_HINTS[p]) for p in Perspective],
            "questions": [
                (text, [(score, SCALE_WORDS[score], text.scale[score]) for score in SCALE_WORDS])
                for text in PRINCIPLES
            ],
            "easy_read": easy_read,
        },
    )


def paper_questionnaire_pdf(*, invitation: Invitation) -> bytes:
    """The seven questions with tick boxes and room for comments, the person's
    reference on every page, and how to send it back. Large print when they prefer it."""
    from core.pdf import pdf_from_html

    return pdf_from_html(paper_questionnaire_html(invitation=invitation))
