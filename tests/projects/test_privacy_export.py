"""The subject access copy holds everything about a person, and taking it is recorded."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.urls import reverse

from projects.models import RecordView
from projects.privacy.export import subject_access_copy
from tests.projects.privacy_data import SECRETS, populated_person

pytestmark = pytest.mark.django_db

# Every value the populated person has, as the copy shows it.
EXPECTED = [
    SECRETS["name"],
    SECRETS["email"],
    SECRETS["phone"],
    SECRETS["old_phone"],  # in the earlier version of the register entry
    SECRETS["access_needs"],
    SECRETS["postal_address"],
    SECRETS["account_email"],
    SECRETS["account_name"],
    SECRETS["account_display_name"],
    SECRETS["donated_to"],
    SECRETS["ladder_reason"],
    SECRETS["comment"],
    SECRETS["ip"],
    SECRETS["user_agent"],
    "Carer or partner in care",
    "Easy Read",
    "35 to 49",
    "Female",
    "Mixed or multiple ethnic groups",
    "Bisexual",
    "Lantern menu tasting",
    "Co-facilitated",
    "£50.00",
    "£12.34",
    "Gave it to a charity",
    "2 June 2026",
    "No, I see it differently",
    "Six months in",
    "Better nights on Willow",  # the project they belong to
    "Opened their record",  # who has looked
    "Ada Admin",  # who invited them
    "Sam Staff",  # who recorded their consent
]


def copy_text(person, by) -> str:
    copy = subject_access_copy(person=person, by=by)
    return "\n".join(
        " | ".join(
            [section.title, *section.columns, *(cell for row in section.rows for cell in row)]
        )
        for section in copy.sections
    )


def test_the_copy_holds_every_value_held_about_the_person(world):
    person = populated_person(world)
    text = copy_text(person, world["admin"])
    missing = [value for value in EXPECTED if value not in text]
    assert not missing, f"not in the copy: {missing}"


def test_the_copy_leaves_out_secrets_that_could_be_misused(world):
    from tests.factories import personal_link

    person = populated_person(world)
    invitation = person.principle_invitations.get()
    token = personal_link(invitation).rstrip("/").rsplit("/", 1)[-1]
    invitation.refresh_from_db()
    text = copy_text(person, world["admin"])
    assert invitation.key_hash not in text
    assert token not in text
    assert person.user.password not in text


def test_the_copy_lists_what_was_checked_and_found_empty(world):
    copy = subject_access_copy(person=world["person"], by=world["admin"])
    assert "Equality monitoring answers" in copy.checked_empty
    assert "Taking part in activities, and payments" not in copy.checked_empty


def test_the_download_is_a_readable_page_and_a_csv_per_section(client, world):
    person = populated_person(world)
    client.force_login(world["admin"])

    response = client.get(reverse("projects:person_copy_download", args=[person.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f"subject-access-person-{person.pk}-" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    page = archive.read("copy.html").decode()
    assert "<script" not in page
    assert "http" not in page.split("<body>")[1]
    for value in EXPECTED:
        assert value.replace("'", "&#x27;") in page, value
    csvs = [name for name in archive.namelist() if name.startswith("data/")]
    assert any(name.endswith("your-details-on-the-register.csv") for name in csvs)
    register = next(name for name in csvs if name.endswith("your-details-on-the-register.csv"))
    rows = list(csv.reader(io.StringIO(archive.read(register).decode("utf-8-sig"))))
    assert rows[0][0] == "Name to show"
    assert rows[1][0] == SECRETS["name"]


def test_hostile_text_is_escaped_in_the_page_and_neutralised_in_the_csv(client, world):
    person = world["person"]
    person.access_needs = "<script>alert(1)</script>"
    person.phone = "=HYPERLINK(1)"
    person.save()
    client.force_login(world["admin"])
    page = client.get(reverse("projects:person_copy", args=[person.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    download = client.get(reverse("projects:person_copy_download", args=[person.pk]))
    archive = zipfile.ZipFile(io.BytesIO(download.content))
    register = next(n for n in archive.namelist() if n.endswith("your-details-on-the-register.csv"))
    assert "'=HYPERLINK(1)" in archive.read(register).decode("utf-8-sig")
    assert "<script>alert" not in archive.read("copy.html").decode()


def test_viewing_and_downloading_the_copy_are_recorded(client, world):
    person = world["person"]
    client.force_login(world["admin"])
    client.get(reverse("projects:person_copy", args=[person.pk]))
    client.get(reverse("projects:person_copy_download", args=[person.pk]))
    actions = list(
        RecordView.objects.filter(person=person, user=world["admin"]).values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == [RecordView.Action.EXPORT_FILE, RecordView.Action.EXPORT_PAGE]


@pytest.mark.parametrize("role", ["staff", "governance"])
def test_only_admins_take_a_copy_and_a_refusal_records_nothing(client, world, role):
    client.force_login(world[role])
    response = client.get(reverse("projects:person_copy_download", args=[world["person"].pk]))
    assert response.status_code == 403
    assert not RecordView.objects.filter(action=RecordView.Action.EXPORT_FILE).exists()
