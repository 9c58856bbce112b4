"""What a person does by their own link reads as theirs in the staff audit trail,
not as "The system"."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ladder.services import response_record
from projects.models import Person
from projects.privacy.audit import by_personal_link, record_changes, who_did
from tests.factories import ClassificationFactory

pytestmark = pytest.mark.django_db

BY_RITA = "Rita (by their personal link)"


def whos(html: str, table: str) -> list[str]:
    """The "Who" column of one of the audit page's tables."""
    body = html.split(f'id="{table}-caption"', 1)[1].split("</table>", 1)[0]
    return re.findall(
        r'<tr class="nhsuk-table__row">\s*<td[^>]*>[^<]*</td>\s*<td[^>]*>(.*?)</td>', body
    )


def test_what_rita_does_by_her_link_is_hers_on_the_audit_page(opened, rita, world, client):
    classification = ClassificationFactory(activity=world["activity"])
    opened.post(
        reverse("personal:rung", args=[classification.activity_id]),
        {"verdict": "contested", "reason": "Nothing changed"},
    )
    opened.post(
        reverse("personal:details"),
        {
            "contact": "phone",
            "phone": "07700 900123",
            "preferred_format": "easy_read",
            "access_needs": "",
        },
    )
    opened.post(reverse("personal:equality"), {"age_band": "35_49"})
    client.force_login(world["governance"])

    html = client.get(reverse("projects:person_audit", args=[rita.pk])).content.decode()

    changes = {change.what.split(":")[0]: change.who for change in record_changes(rita)}
    assert changes["Response added"] == BY_RITA
    assert changes["Person changed"] == BY_RITA
    assert changes["Personal link changed"] == BY_RITA
    # Made by the test's set-up, with no one signed in: still the system's.
    assert changes["Person added"] == "The system"
    assert whos(html, "changes").count(BY_RITA) == 3
    assert whos(html, "views") == [BY_RITA]


def test_only_what_is_saved_inside_is_marked(rita, world):
    with by_personal_link(rita.pk):
        rita.access_needs = "A quiet room"
        rita.save()
    rita.phone = "07700 900456"
    rita.save()

    earlier, later = rita.history.order_by("history_date", "history_id")[1:]

    assert who_did(earlier, rita) == BY_RITA
    assert who_did(later, rita) == "The system"


def test_staff_entering_an_answer_on_her_behalf_are_named(rita, world):
    classification = ClassificationFactory(activity=world["activity"])

    with by_personal_link(rita.pk):  # even were it inside, a named user wins
        response_record(
            classification=classification,
            person=rita,
            verdict="confirmed",
            reason="",
            entered_by=world["staff"],
            how="phone",
        )

    record = rita.ladder_responses.get().history.get()
    assert record.history_change_reason is None
    assert who_did(record, rita) == "Sam Staff"


def test_someone_elses_mark_never_borrows_this_persons_name(rita, world):
    other = Person.objects.create(display_name="Olu", experience="carer")
    with by_personal_link(other.pk):
        rita.access_needs = "Large print"
        rita.save()

    record = rita.history.latest("history_date")

    assert who_did(record, rita) == "Someone on the register (by their personal link)"
