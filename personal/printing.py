"""A person's own things on paper, to download or to post: their page in large
print, and a form to check the activities they took part in on the ladder.

Both are letters (`projects.letters`): A4, the name and address in a window
envelope's window on the first page. Drawn with WeasyPrint (`core.pdf`), which
is imported when a PDF is drawn, not when this module is.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse

from personal import page
from personal.texts import is_easy_read, texts_for
from projects.letters import letter_context
from projects.models import EqualityMonitoring, Person
from projects.telling import told_for


def person_reference(person: Person) -> str:
    """What a form carries on every page, so staff can match a loose page to the
    person: their number on the register, like "P-00042"."""
    return f"P-{person.pk:05d}"


# Activities on one paper form: enough to be worth posting, few enough to finish.
# Once staff have typed the answers in, the next form holds the next ones.
FORM_SIZE = 10


def _more(text: str, n: int) -> str:
    """A line saying how many more there are than the copy shows; none if none."""
    return text.format(n=n) if n > 0 else ""


def page_html(*, person: Person) -> str:
    t = texts_for(person)
    rungs = page.rungs_to_check(person)
    told = told_for(person)
    involvements = page.involvements(person)
    return render_to_string(
        "personal/print/page.html",
        {
            **letter_context(person, title=t["title"]),
            # Always large print: that is what this copy is for.
            "large_print": True,
            "t": t,
            "easy_read": is_easy_read(person),
            "rounds": page.rounds_waiting(person),
            # The same as the page shows, so the copy stays a few pages long.
            "rungs": rungs[: page.RUNGS_SHOWN],
            "more_rungs": _more(t["print_more_rungs"], len(rungs) - page.RUNGS_SHOWN),
            "told": told[: page.TOLD_SHOWN],
            "told_earlier": _more(t["print_told_earlier"], len(told) - page.TOLD_SHOWN),
            "tax_years": page.tax_years(person),
            "involvements": involvements[: page.INVOLVEMENTS_SHOWN],
            "more_involvements": (
                t["print_all_activities"].format(shown=page.INVOLVEMENTS_SHOWN, n=len(involvements))
                if len(involvements) > page.INVOLVEMENTS_SHOWN
                else ""
            ),
            "equality_shared": EqualityMonitoring.objects.filter(person=person).exists(),
        },
    )


def page_pdf(*, person: Person) -> bytes:
    """Their own page in large print (18 pt): what is waiting for them, what
    changed because of what they said, their money for each tax year, what they
    took part in, and their details as we hold them."""
    from core.pdf import pdf_from_html

    return pdf_from_html(page_html(person=person))


def ladder_form_html(*, person: Person, rungs: list[page.RungToCheck]) -> str:
    t = texts_for(person)
    return render_to_string(
        "personal/print/ladder_form.html",
        {
            **letter_context(person, title=t["form_title"]),
            "t": t,
            "easy_read": is_easy_read(person),
            "reference": person_reference(person),
            "items": [
                (
                    item,
                    reverse(
                        "ladder:respond_on_behalf",
                        kwargs={"pk": item.activity.pk, "person_pk": person.pk},
                    ),
                )
                for item in rungs[:FORM_SIZE]
            ],
            "more": _more(t["form_more"], len(rungs) - FORM_SIZE),
        },
    )


def ladder_form_pdf(*, person: Person, rungs: list[page.RungToCheck]) -> bytes:
    """A form listing the latest `FORM_SIZE` activities whose rung they have not
    yet confirmed or contested (`page.rungs_to_check`), with the rung's words (and Easy Read
    pictures, if they prefer Easy Read), two tick boxes and room for a reason.
    Staff type the answers in on each activity's "on their behalf" page, as
    answers given on paper. Large print when they prefer it."""
    from core.pdf import pdf_from_html

    return pdf_from_html(ladder_form_html(person=person, rungs=rungs))
