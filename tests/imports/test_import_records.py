"""Importing messy real-world files, kind by kind: every problem reported at once,
nothing saved on failure, and a second import changing nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from imports.models import ImportBatch, ImportReference, ImportRow
from imports.services import import_apply, import_confirm, import_upload
from ladder.models import Classification
from projects.models import (
    Activity,
    EqualityMonitoring,
    Involvement,
    Membership,
    Person,
    Project,
    Reading,
)
from tests.factories import (
    MetricFactory,
    PersonFactory,
    PlanFactory,
    RateCardFactory,
    ServiceFactory,
)
from tests.imports.conftest import problems
from tests.imports.files import csv_bytes, xlsx_bytes
from tests.security.snapshot import database_fingerprint as snapshot

PEOPLE_HEADER = [
    "  reference ",
    "NAME",
    "Experience",
    "Contact",
    "Email",
    "Phone",
    "Agrees to us keeping their details",
    "Agrees to be contacted",
    "Ethnic group",
    "Favourite colour",
]


def people_rows():
    return [
        PEOPLE_HEADER,
        [
            "REG-1",
            "Zoë Ångström",
            "Carer or partner in care",
            "Email",
            "zoe@example.org",
            "",
            "Yes",
            "Yes",
            "White",
            "blue",
        ],
        [],
        ["REG-2", "Siân", "uses or has used services", "", "", "07700 900123", "yes", "no", "", ""],
    ]


def test_it_imports_people_from_windows_1252_csv_and_again_changes_nothing(run_import, admin):
    data = csv_bytes(people_rows(), encoding="cp1252")
    assert "Zoë".encode("cp1252") in data  # not UTF-8
    batch = run_import("people", "register.csv", data)
    assert batch.status == ImportBatch.Status.DONE
    assert batch.extra_columns == ["Favourite colour"]
    assert (batch.preview["created"], batch.preview["updated"], batch.preview["skipped"]) == (
        2,
        0,
        0,
    )
    zoe = Person.objects.get(display_name="Zoë Ångström")
    assert (zoe.experience, zoe.contact, zoe.email, zoe.consent_to_contact) == (
        "carer",
        "email",
        "zoe@example.org",
        True,
    )
    assert zoe.consent_recorded_by == admin
    assert zoe.created_by == admin
    assert EqualityMonitoring.objects.get(person=zoe).ethnicity == "white"
    assert not EqualityMonitoring.objects.filter(person__display_name="Siân").exists()
    # The audit trail names the import, the row and who confirmed it.
    record = zoe.history.get()
    assert (record.history_user, record.history_change_reason) == (
        admin,
        f"Import {batch.pk}, row 2",
    )
    assert list(batch.rows.values_list("row_number", "action", "object_id")) == [
        (2, "created", zoe.pk),
        (4, "created", Person.objects.get(display_name="Siân").pk),
    ]

    before = snapshot()
    again = run_import(
        "people", "register.csv", csv_bytes(people_rows(), encoding="utf-8", bom=True)
    )
    assert (again.preview["created"], again.preview["updated"], again.preview["skipped"]) == (
        0,
        0,
        2,
    )
    after = snapshot()
    changed = {table for table in after if after[table] != before[table]}
    assert changed <= {"imports_importbatch", "imports_importrow", "outbox_outboundemail"}


def test_it_reports_every_problem_in_a_people_file_and_saves_nothing(admin):
    rows = [
        PEOPLE_HEADER,
        ["REG-1", "", "Patient", "Email", "not-an-email", "", "No", "", "", ""],
        ["REG-2", "Ann", "Carer", "Phone", "", "", "maybe", "", "Purple", ""],
        ["REG-1", "Bob", "Carer", "", "", "", "Yes", "", "", ""],
    ]
    before = snapshot()
    batch = import_upload(kind="people", file_name="register.csv", data=csv_bytes(rows), by=admin)
    assert batch.status == ImportBatch.Status.PROBLEMS
    assert problems(batch) == [
        "Row 2, Experience: Patient is not one of the choices (Uses or has used services, Carer or partner in care, Peer worker)",
        "Row 2, Name: enter the name they want us to use",
        "Row 2, Email: enter an email address in the right format, like name@example.com",
        "Row 2, Email: enter an email address, or choose another way to contact them",
        "Row 2, Agrees to us keeping their details: we can only add someone to the register if they agree to us keeping their details",
        "Row 3, Agrees to us keeping their details: maybe is not yes or no",
        "Row 3, Ethnic group: Purple is not one of the choices (Asian or Asian British, Black, Black British, Caribbean or African, Mixed or multiple ethnic groups, White, Another ethnic group, Prefer not to say)",
        "Row 3, Phone: enter a phone number, or choose another way to contact them",
        "Row 4, Reference: REG-1 is also used on row 2",
    ]
    assert batch.file_data == b""
    after = snapshot()
    assert {t for t in after if after[t] != before[t]} == {"imports_importbatch"}


def test_it_asks_about_people_who_look_like_someone_on_the_register(
    run_import, admin, django_capture_on_commit_callbacks
):
    same_email = PersonFactory(display_name="Margaret", email="peggy@example.org")
    same_name_and_phone = PersonFactory(
        display_name="Tom", phone="+44 7700 900555", experience="carer", consent_to_store=True
    )
    rows = [
        ["Name", "Experience", "Email", "Phone", "Agrees to us keeping their details"],
        ["Peggy", "Carer", "PEGGY@example.org", "", "Yes"],
        ["Tom", "Carer", "", "07700 900555", "Yes"],
        ["Peggy again", "Carer", "peggy@example.org", "", "Yes"],
    ]
    batch = import_upload(kind="people", file_name="people.csv", data=csv_bytes(rows), by=admin)
    # Same name and phone is the same person; same email alone is for a person to decide.
    assert [(x["row"], [m["id"] for m in x["matches"]]) for x in batch.preview["lookalikes"]] == [
        (2, [same_email.pk]),
        (4, [same_email.pk]),
    ]
    assert batch.preview["lookalikes"][0]["matches"][0]["why"] == "same email address"
    # Tom is matched, and his phone number is written as the file has it.
    assert [r["action"] for r in batch.preview["rows"]] == ["created", "updated", "created"]
    with django_capture_on_commit_callbacks(execute=True):
        import_confirm(batch=batch, by=admin, decisions={"2": str(same_email.pk), "4": "new"})
    batch.refresh_from_db()
    assert batch.status == "done", batch.failure
    same_email.refresh_from_db()
    assert same_email.display_name == "Peggy"
    assert Person.objects.filter(display_name="Peggy again").exists()
    assert Person.objects.count() == 3
    same_name_and_phone.refresh_from_db()
    assert same_name_and_phone.phone == "07700 900555"


@pytest.fixture
def services(db):
    return ServiceFactory(name="Ward 3"), ServiceFactory(name="Carers team")


PROJECT_HEADER = [
    "Reference",
    "Title",
    "What matters most",
    "Services",
    "Status",
    "Start date",
    "End date",
    "Target rung",
    "Leads",
    "Members",
    "Notes",
]


def test_it_imports_projects_from_excel_under_a_merged_title_with_leads_and_members(
    run_import, services, staff, expert
):
    rows = [
        PROJECT_HEADER,
        [
            "PRJ-1",
            "Welcome pack",
            "People know what to expect.",
            "ward 3; Carers Team",
            "Active",
            datetime.datetime(2024, 3, 15),
            None,
            "Co-production",
            "STAFF@example.org",
            "expert@example.org",
            "x",
        ],
        [
            "PRJ-2",
            "Carers café",
            "A place to meet.",
            "Carers team",
            "",
            "1 Feb 2025",
            "",
            "",
            "",
            "",
            "",
        ],
    ]
    data = xlsx_bytes(rows, title="Projects 2024 (merged title row)")
    batch = run_import("projects", "projects.xlsx", data)
    assert batch.extra_columns == ["Notes"]
    pack = Project.objects.get(title="Welcome pack")
    assert sorted(s.name for s in pack.services.all()) == ["Carers team", "Ward 3"]
    assert (pack.status, pack.start_date, pack.target_rung) == (
        "active",
        datetime.date(2024, 3, 15),
        7,
    )
    assert set(Membership.objects.filter(project=pack).values_list("user__email", "role")) == {
        ("staff@example.org", "lead"),
        ("expert@example.org", "member"),
    }
    assert Project.objects.get(title="Carers café").status == "idea"
    again = run_import("projects", "projects.xlsx", data)
    assert (again.preview["created"], again.preview["skipped"]) == (0, 2)
    assert Project.objects.count() == 2


def test_it_reports_project_problems(admin, services):
    rows = [
        PROJECT_HEADER[:-1],
        [
            "PRJ-1",
            "x" * 151,
            "",
            "Ward 9",
            "Finished",
            "31/02/2024",
            "1/1/2020",
            "Top",
            "nobody@example.org",
            "",
        ],
        ["PRJ-2", "Fine", "Aim", "Ward 3", "", "1/3/2024", "1/1/2024", "", "", ""],
    ]
    batch = import_upload(kind="projects", file_name="p.csv", data=csv_bytes(rows), by=admin)
    assert problems(batch) == [
        "Row 2, Start date: 31/02/2024 is not a date",
        "Row 2, Status: Finished is not one of the choices (Idea, Active, Paused, Completed)",
        "Row 2, Services: no service is called Ward 9",
        "Row 2, Title: title must be 150 characters or fewer",
        "Row 2, What matters most: enter what matters most to the people this project is for",
        "Row 2, Target rung: Top is not one of the choices (Coercion, Educating, Informing, Consultation, Engagement, Co-design, Co-production)",
        "Row 2, Leads: nobody with an account has the email address nobody@example.org",
        "Row 3, End date: end date must be the same as or after the start date",
    ]


@pytest.fixture
def project(run_import, services):
    rows = [
        PROJECT_HEADER[:-1],
        ["PRJ-1", "Welcome pack", "Aim", "Ward 3", "Active", "1/1/2024", "", "", "", ""],
    ]
    run_import("projects", "p.csv", csv_bytes(rows))
    return Project.objects.get()


ACTIVITY_HEADER = [
    "Reference",
    "Project",
    "Date",
    "Kind",
    "Title",
    "Hours",
    "What changed",
    "Called it",
    "Rung",
    "Reason for rung",
    "Took part",
    "Asked for views",
]


def test_it_imports_activities_with_serial_dates_formulas_and_rungs(run_import, project, admin):
    rows = [
        ACTIVITY_HEADER,
        [
            "ACT-1",
            "PRJ-1",
            45383,
            "Workshop",
            "Menu tasting",
            None,
            "Two dishes added.",
            "Co-production",
            "Co-production",
            "They ran it with us.",
            "Yes",
            "Yes",
        ],
        [
            "ACT-2",
            "welcome pack",
            "3/4/24",
            "focus group",
            "Pack review",
            1.5,
            "",
            "",
            "",
            "",
            "Yes",
            "Yes",
        ],
        ["ACT-3", "PRJ-1", "5 Apr 2024", "Meeting", "Planning", "0.75", "", "", "", "", "", ""],
    ]
    # Hours of the first row is a formula; Excel saved its value, 2.
    data = xlsx_bytes(rows, formulas={"F2": ("=1+1", 2)})
    batch = run_import("activities", "activities.xlsx", data)
    assert batch.status == "done", batch.failure
    tasting, review, planning = Activity.objects.order_by("date")
    assert (tasting.date, tasting.duration_minutes, tasting.kind) == (
        datetime.date(2024, 4, 1),
        120,
        "workshop",
    )
    assert (tasting.rung, tasting.rung_status, tasting.created_by) == (7, "proposed", admin)
    classification = Classification.objects.get(activity=tasting)
    assert (classification.suggested_rung, classification.reason, classification.label) == (
        4,
        "They ran it with us.",
        "co_production",
    )
    assert tasting.faux_production  # called co-production, evidence says consultation
    # No rung given: the evidence's suggestion, as the classify page offers it.
    assert (review.date, review.duration_minutes, review.rung) == (datetime.date(2024, 4, 3), 90, 4)
    assert (planning.duration_minutes, planning.rung, planning.rung_status) == (
        45,
        None,
        "unclassified",
    )
    assert set(
        ImportReference.objects.filter(kind="activities").values_list("reference", flat=True)
    ) == {"ACT-1", "ACT-2", "ACT-3"}

    before = snapshot()
    again = run_import("activities", "activities.xlsx", data)
    assert (again.preview["created"], again.preview["updated"], again.preview["skipped"]) == (
        0,
        0,
        3,
    )
    after = snapshot()
    assert {t for t in after if after[t] != before[t]} <= {
        "imports_importbatch",
        "imports_importrow",
        "outbox_outboundemail",
    }

    rows[3][5] = "1"  # a corrected length updates the one activity
    third = run_import(
        "activities", "activities.xlsx", xlsx_bytes(rows, formulas={"F2": ("=1+1", 2)})
    )
    assert (third.preview["created"], third.preview["updated"], third.preview["skipped"]) == (
        0,
        1,
        2,
    )
    planning.refresh_from_db()
    assert planning.duration_minutes == 60
    assert planning.history.first().history_change_reason == f"Import {third.pk}, row 4"


def test_it_reports_activity_problems(admin, project):
    rows = [
        ACTIVITY_HEADER,
        ["ACT-1", "PRJ-9", "31/02/2024", "Party", "", "0", "", "", "Co-production", "", "", ""],
        [
            "ACT-2",
            "PRJ-1",
            "1/4/2024",
            "Workshop",
            "Fine",
            "30",
            "",
            "",
            "Co-design",
            "",
            "Yes",
            "No",
        ],
    ]
    batch = import_upload(kind="activities", file_name="a.csv", data=csv_bytes(rows), by=admin)
    assert problems(batch) == [
        "Row 2, Project: no project has the reference or title PRJ-9",
        "Row 2, Date: 31/02/2024 is not a date",
        "Row 2, Kind: Party is not one of the choices (Meeting, Workshop, Focus group, Questionnaire, Interview panel, Co-designed event, Training or recovery college session, Environmental assessment (REIS), Always Event, Writing a document together, Something else)",
        "Row 2, Hours: must be more than 0",
        "Row 2, Title: enter a title",
        "Row 2, Reason for rung: say why it is on this rung, or answer the evidence questions",
        "Row 3, Hours: must be 24 or fewer",
        "Row 3, Reason for rung: say why it is on this rung: the evidence suggests Educating",
    ]
    assert not Activity.objects.exists()


def test_it_imports_involvements_with_fees_from_the_rate_card(run_import, project, staff, admin):
    RateCardFactory(starts_on=datetime.date(2023, 4, 1), hourly_rate_pence=2000)
    run_import("people", "p.csv", csv_bytes(people_rows()))
    run_import(
        "activities",
        "a.csv",
        csv_bytes(
            [ACTIVITY_HEADER[:6], ["ACT-1", "PRJ-1", "1/4/2024", "Workshop", "Tasting", "2"]]
        ),
    )
    header = [
        "Activity",
        "Person",
        "Staff email",
        "Part",
        "Hours",
        "Payment choice",
        "Amount taken",
        "Charity",
        "Expenses",
        "Date paid",
    ]
    rows = [
        header,
        [
            "ACT-1",
            "REG-1",
            "",
            "Co-facilitated",
            "3",
            "Chose to take less",
            "20",
            "",
            "4.50",
            "30/04/2024",
        ],
        ["ACT-1", "Siân", "", "", "2", "Gave it to a charity", "", "Mind", "", ""],
        ["ACT-1", "", "staff@example.org", "Led", "2", "", "", "", "", ""],
    ]
    data = csv_bytes(rows, bom=True)
    batch = run_import("involvements", "inv.csv", data)
    assert batch.status == "done", batch.failure
    zoe = Involvement.objects.get(person__display_name="Zoë Ångström")
    assert (zoe.part, zoe.hours, zoe.fee_due_pence, zoe.fee_paid_pence, zoe.expenses_pence) == (
        "co_facilitated",
        Decimal(3),
        6000,
        2000,
        450,
    )
    assert (zoe.payment_choice, zoe.paid_on) == ("reduced", datetime.date(2024, 4, 30))
    sian = Involvement.objects.get(person__display_name="Siân")
    assert (sian.payment_choice, sian.donated_to, sian.fee_paid_pence) == ("donated", "Mind", 4000)
    assert Involvement.objects.get(staff=staff).fee_due_pence == 0
    again = run_import("involvements", "inv.csv", data)
    assert (again.preview["created"], again.preview["skipped"]) == (0, 3)
    assert Involvement.objects.count() == 3

    bad = [
        header,
        ["ACT-1", "REG-1", "", "", "3", "Chose to take less", "90", "", "", ""],
        ["ACT-9", "Nobody", "", "", "two", "", "", "", "", ""],
        ["ACT-1", "REG-2", "staff@example.org", "", "2", "", "", "", "", ""],
    ]
    failed = import_upload(kind="involvements", file_name="bad.csv", data=csv_bytes(bad), by=admin)
    assert problems(failed) == [
        "Row 2, Amount taken: the amount they took must be no more than the fee due, £60.00",
        "Row 3, Activity: no activity has the reference ACT-9: import the activities first",
        "Row 3, Person: nobody on the register has the reference or name Nobody",
        "Row 3, Hours: two is not a number",
        "Row 4, Person: give someone on the register or a member of staff, not both",
    ]


def test_it_imports_growth_plan_readings(run_import, admin):
    plan = PlanFactory(service=ServiceFactory(name="Ward 3"))
    metric = MetricFactory(plan=plan, name="Café visits", unit="count")
    percent = MetricFactory(plan=plan, name="Share involved", unit="percent")
    rows = [
        ["Service", "Metric", "Month", "Value"],
        ["Ward 3", "Café visits", "Jan 2025", "12"],
        ["ward 3", "café visits", "15/02/2025", 15],
    ]
    batch = run_import("readings", "r.csv", csv_bytes(rows))
    assert list(
        Reading.objects.filter(metric=metric).values_list("period", "value", "entered_by")
    ) == [
        (datetime.date(2025, 1, 1), Decimal(12), admin.pk),
        (datetime.date(2025, 2, 1), Decimal(15), admin.pk),
    ]
    assert batch.preview["created"] == 2
    rows[1][3] = "13"
    again = run_import("readings", "r.csv", csv_bytes(rows))
    assert (again.preview["updated"], again.preview["skipped"]) == (1, 1)
    bad = [
        ["Service", "Metric", "Month", "Value"],
        ["Ward 3", "Share involved", "Jan 2025", "120"],
        ["Ward 3", "Nothing", "Smarch", "x"],
        ["Ward 3", "Café visits", "Jan 2025", "1"],
        ["Ward 3", "Café visits", "1/1/2025", "2"],
    ]
    failed = import_upload(kind="readings", file_name="r.csv", data=csv_bytes(bad), by=admin)
    assert problems(failed) == [
        "Row 2, Value: enter a number no bigger than 100",
        "Row 3, Metric: the plan for Ward 3 has no metric called Nothing",
        "Row 3, Month: Smarch is not a month, like Jan 2025",
        "Row 3, Value: x is not a number",
        "Row 5, Month: Café visits already has a value for January 2025 on row 4",
    ]
    assert percent.readings.count() == 0


def test_it_reads_files_that_are_not_tables(admin):
    for name, data, message in [
        ("empty.csv", b"", "The file is empty."),
        (
            "old.xls",
            b"\xd0\xcf\x11\xe0 old excel",
            "Save the file as an Excel workbook (.xlsx) or as CSV, then upload it.",
        ),
        ("broken.xlsx", b"PK\x03\x04 not really", "The file is not an Excel workbook we can read."),
        (
            "other.csv",
            csv_bytes([["Colour", "Size"], ["red", "1"]]),
            "We could not find the row of column headings. The first row of the table should name the columns, like the template: Name, Experience, Agrees to us keeping their details.",
        ),
        (
            "few.csv",
            csv_bytes([["Name", "Email"], ["Ann", ""]]),
            "These columns are missing: Experience, Agrees to us keeping their details. Check the headings match the template.",
        ),
        (
            "headings.csv",
            csv_bytes([["Name", "Experience", "Agrees to us keeping their details"], [], [""]]),
            "The file has no rows under its headings.",
        ),
    ]:
        batch = import_upload(kind="people", file_name=name, data=data, by=admin)
        assert problems(batch) == [message], name


def test_a_failure_part_way_saves_nothing_and_says_so(
    admin, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    data = csv_bytes(people_rows())
    batch = import_upload(kind="people", file_name="register.csv", data=data, by=admin)
    from imports.kinds.people import PeopleImporter

    calls = []
    real_save = PeopleImporter._save

    def save_then_fail(self, *args):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real_save(self, *args)

    monkeypatch.setattr(PeopleImporter, "_save", save_then_fail)
    before = snapshot()
    # The in-process task's error is logged, as a worker's would be.
    with django_capture_on_commit_callbacks(execute=True):
        import_confirm(batch=batch, by=admin, decisions={})
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.failure == "Something went wrong while saving. Nothing was saved. Try again later."
    assert not Person.objects.exists()
    assert not ImportRow.objects.exists()
    after = snapshot()
    assert {t for t in after if after[t] != before[t]} <= {
        "imports_importbatch",
        "outbox_outboundemail",
    }
    assert [m.subject for m in mailoutbox] == ["Your import of register.csv is not done"]


def test_the_register_changing_after_the_preview_fails_the_import_whole(admin):
    data = csv_bytes(people_rows())
    batch = import_upload(kind="people", file_name="register.csv", data=data, by=admin)
    ImportBatch.objects.filter(pk=batch.pk).update(status="queued", confirmed_by=admin)
    # Someone changes the register meanwhile: Siân now matches two people by name and phone.
    PersonFactory(display_name="Siân", phone="07700900123")
    PersonFactory(display_name="Siân", phone="07700 900123")
    done = import_apply(batch_id=batch.pk)
    # Two look the same: she now needs a decision, so the import stops, whole.
    assert done is not None
    assert done.status == "failed"
    assert Person.objects.count() == 2


def test_the_command_prints_problems_and_exits_non_zero(admin, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(
        csv_bytes([PEOPLE_HEADER, ["R1", "Ann", "Carer", "", "", "", "no", "", "", ""]])
    )
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_records", "people", str(bad))
    assert "Row 2, Agrees to us keeping their details: we can only add" in capsys.readouterr().err
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes(people_rows()))
    call_command("import_records", "people", str(good), "--dry-run")
    assert "2 to create" in capsys.readouterr().out
    assert not Person.objects.exists()
    call_command("import_records", "people", str(good))
    assert Person.objects.count() == 2
    assert Person.objects.first().history.first().history_user == admin
    call_command("import_records", "people", str(good))
    assert "0 to create, 0 to update, 2 with no change" in capsys.readouterr().out
