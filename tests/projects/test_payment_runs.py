"""Payment runs: gathering what is due, the export for finance, marking paid."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from projects.models import Involvement, PaymentLine, PaymentRun
from projects.services import (
    payment_run_cancel,
    payment_run_create,
    payment_run_mark_exported,
    payment_run_mark_paid,
)
from tests.factories import ActivityFactory, InvolvementFactory, PersonFactory, ServiceFactory
from tests.projects.test_payments import read_csv

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 30)
LIST = reverse("projects:payment_run_list")


def owed(activity, *, name="Dee", fee=2000, expenses=0, choice="paid", charity="", **kw):
    return InvolvementFactory(
        activity=activity,
        person=kw.pop("person", None) or PersonFactory(display_name=name),
        hours=1,
        fee_due_pence=2000,
        fee_paid_pence=fee,
        expenses_pence=expenses,
        payment_choice=choice,
        donated_to=charity,
        **kw,
    )


@pytest.fixture
def activity(world):
    world["service"].cost_centre = "CC-WIL"
    world["service"].save()
    # The world's own activity has a payment due too: it is taken out of the way.
    Involvement.objects.update(payment_choice="")
    return ActivityFactory(project=world["project"], title="Menu panel", date=TODAY)


def test_it_gathers_what_each_person_chose_to_be_paid(world, activity):
    in_full = owed(activity, name="Full", fee=2000, expenses=350)
    took_less = owed(activity, name="Less", fee=1000, choice="reduced")
    declined_with_expenses = owed(activity, name="Bus fare", fee=0, expenses=420, choice="declined")
    owed(activity, name="Declined", fee=0, choice="declined")
    donated = owed(activity, name="Giver", choice="donated", charity="Mind")
    owed(activity, name="No choice yet", choice="")
    owed(ActivityFactory(project=world["project"], date=TODAY + datetime.timedelta(days=1)))
    owed(activity, name="Paid already", paid_on=TODAY)

    run = payment_run_create(user=world["finance"], on=TODAY)

    lines = {line.involvement: line for line in run.lines.all()}
    assert set(lines) == {in_full, took_less, declined_with_expenses, donated}
    assert (lines[in_full].to_person_pence, lines[in_full].to_charity_pence) == (2350, 0)
    assert (lines[took_less].to_person_pence, lines[took_less].to_charity_pence) == (1000, 0)
    assert lines[declined_with_expenses].to_person_pence == 420
    assert (lines[donated].to_person_pence, lines[donated].to_charity_pence) == (0, 2000)
    assert lines[donated].charity == "Mind"
    assert {line.cost_centre for line in lines.values()} == {"CC-WIL"}


def test_it_gathers_a_payment_into_one_run_only(world, activity):
    involvement = owed(activity)
    run = payment_run_create(user=world["finance"], on=TODAY)

    assert payment_run_create(user=world["finance"], on=TODAY) is None
    other = PaymentRun.objects.create(created_by=world["finance"])
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentLine.objects.create(
            run=other, involvement=involvement, to_person_pence=2000, cost_centre="CC-WIL"
        )
    assert list(run.lines.values_list("involvement", flat=True)) == [involvement.pk]


def test_it_marks_every_payment_paid_once(world, activity):
    first, second = owed(activity, name="One"), owed(activity, name="Two")
    run = payment_run_create(user=world["finance"], on=TODAY)

    assert payment_run_mark_paid(run=run, on=TODAY, user=world["finance"]) is True
    history = Involvement.history.count()
    assert (
        payment_run_mark_paid(run=run, on=TODAY + datetime.timedelta(days=1), user=world["admin"])
        is False
    )

    for involvement in (first, second):
        involvement.refresh_from_db()
        assert involvement.paid_on == TODAY
        assert involvement.history.first().history_user == world["finance"]
    run.refresh_from_db()
    assert (run.paid_on, run.paid_by) == (TODAY, world["finance"])
    assert Involvement.history.count() == history
    assert run.history.first().history_user == world["finance"]


def test_it_exports_by_payee_reference_with_totals_per_cost_centre(client, world, activity):
    elsewhere = ServiceFactory(name="Harbour team", cost_centre="CC-HAR")
    world["other_project"].services.set([elsewhere])
    dee = owed(activity, name="Dee Payee", fee=2000, expenses=150)
    giver = owed(activity, name="Giver", choice="donated", charity="Mind")
    harbour = owed(
        ActivityFactory(project=world["other_project"], title="Café tasting", date=TODAY),
        name="Hal",
        fee=1000,
    )
    run = payment_run_create(user=world["finance"], on=TODAY)
    client.force_login(world["finance"])

    response = client.get(reverse("projects:payment_run_export", args=[run.pk]))

    assert response["Content-Disposition"] == f'attachment; filename="run-{run.pk:04d}.csv"'
    header, *rows = read_csv(response)
    assert header[:4] == ["Run", "Payee reference", "Payee name", "Cost centre"]
    lines, totals = rows[:3], rows[4:]
    assert rows[3] == []
    assert [row[1:4] for row in lines] == [
        [f"P-{harbour.person.pk:05d}", "Hal", "CC-HAR"],
        [f"P-{dee.person.pk:05d}", "Dee Payee", "CC-WIL"],
        [f"P-{giver.person.pk:05d}", "Giver", "CC-WIL"],
    ]
    assert all(row[1].startswith("P-") for row in lines)
    assert [row[7:10] for row in lines] == [
        ["10.00", "0.00", ""],
        ["21.50", "0.00", ""],
        ["0.00", "20.00", "Mind"],
    ]
    assert [(row[1], row[3], row[7], row[8]) for row in totals] == [
        ("Cost centre total", "CC-HAR", "10.00", "0.00"),
        ("Cost centre total", "CC-WIL", "21.50", "20.00"),
    ]
    run.refresh_from_db()
    assert run.exported_at is None  # a download changes nothing; "Mark as exported" does


def test_it_lists_runs_in_a_fixed_number_of_queries(
    client, world, activity, django_assert_num_queries
):
    for name in ("One", "Two"):
        owed(activity, name=name)
        run = payment_run_create(user=world["finance"], on=TODAY)
    payment_run_mark_paid(run=run, on=TODAY, user=world["finance"])
    client.force_login(world["finance"])
    # 1 session, 2 user, 3 vouchers to give, 4 what is due, 5 open runs, 6 paid
    # and cancelled runs counted, 7 a page of them.
    with django_assert_num_queries(7):
        response = client.get(LIST)
    assert response.status_code == 200
    assert response.context["open_runs"][0].line_count == 1
    assert len(response.context["page"].object_list) == 1


def test_a_finance_user_makes_a_run_from_the_list(client, world, activity):
    owed(activity)
    client.force_login(world["finance"])

    response = client.post(reverse("projects:payment_run_create"), follow=True)

    run = PaymentRun.objects.get()
    assert response.redirect_chain[-1][0] == reverse("projects:payment_run_detail", args=[run.pk])
    assert run.created_by == world["finance"]


def test_it_asks_again_for_a_date_paid_in_the_future(client, world, activity):
    owed(activity)
    run = payment_run_create(user=world["finance"], on=TODAY)
    client.force_login(world["finance"])
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)

    response = client.post(
        reverse("projects:payment_run_mark_paid", args=[run.pk]),
        {
            "paid_on_day": tomorrow.day,
            "paid_on_month": tomorrow.month,
            "paid_on_year": tomorrow.year,
        },
    )

    assert response.status_code == 200
    assert "The date paid must be today or in the past" in response.content.decode()
    run.refresh_from_db()
    assert run.is_open


def test_finance_sees_payments_and_nothing_else_in_the_menu(client, world):
    client.force_login(world["finance"])

    response = client.get(LIST)

    assert [item["label"] for item in response.context["navigation"]] == ["Home", "Payments"]
    assert client.get(reverse("projects:project_list")).status_code == 403
    assert client.get(reverse("home")).url == LIST


def test_a_run_warns_about_a_payment_over_a_limit_someone_chose(client, world, activity):
    near = PersonFactory(display_name="Lim", pay_limit_pence=2500, pay_limit_period="week")
    owed(activity, person=near, fee=1000)
    owed(
        ActivityFactory(project=world["project"], date=TODAY - datetime.timedelta(days=1)),
        person=near,
        fee=2000,
        paid_on=TODAY,
    )
    owed(activity, name="Free of limits", fee=9000)
    run = payment_run_create(user=world["finance"], on=TODAY)
    client.force_login(world["finance"])

    page = client.get(reverse("projects:payment_run_detail", args=[run.pk])).content.decode()

    assert "Over a limit someone chose" in page
    assert f"{near.payee_reference} (Lim): £30.00 in the week of 29 June 2026" in page
    assert "over their limit of £25.00" in page
    assert "take less, not to be paid, or to give the fee to a charity" in page
    assert "Free of limits" not in page.split("Over a limit")[1].split("</ul>")[0]


def test_a_run_says_nothing_when_everyone_is_under_their_limit(client, world, activity):
    under = PersonFactory(display_name="Lim", pay_limit_pence=2500, pay_limit_period="tax_year")
    owed(activity, person=under, fee=2500)
    run = payment_run_create(user=world["finance"], on=TODAY)
    client.force_login(world["finance"])

    page = client.get(reverse("projects:payment_run_detail", args=[run.pk])).content.decode()

    assert "Over a limit someone chose" not in page


def test_downloading_again_changes_nothing_and_marking_exported_is_a_post(client, world, activity):
    owed(activity)
    run = payment_run_create(user=world["finance"], on=TODAY)
    client.force_login(world["finance"])
    detail = reverse("projects:payment_run_detail", args=[run.pk])
    assert "Cancel this run" in client.get(detail).content.decode()

    for _ in range(2):
        assert client.get(reverse("projects:payment_run_export", args=[run.pk])).status_code == 200
    run.refresh_from_db()
    assert run.exported_at is None
    response = client.post(reverse("projects:payment_run_mark_exported", args=[run.pk]))

    assert response["Location"] == detail
    run.refresh_from_db()
    assert run.exported_at is not None
    assert run.history.first().history_user == world["finance"]
    html = client.get(detail).content.decode()
    assert "is marked as exported. It can no longer be cancelled." in html
    assert "Cancel this run" not in html
    assert "Mark as exported</button>" not in html


def test_finance_cancels_an_open_run_and_its_payments_are_due_again(client, world, activity):
    dee = owed(activity, name="Dee")
    giver = owed(activity, name="Giver", choice="donated", charity="Mind")
    run = payment_run_create(user=world["finance"], on=TODAY)
    client.force_login(world["finance"])
    url = reverse("projects:payment_run_cancel", args=[run.pk])
    assert "Its 2 payments will go back to being due" in client.get(url).content.decode()

    response = client.post(url)

    assert response["Location"] == reverse("projects:payment_run_detail", args=[run.pk])
    run.refresh_from_db()
    assert run.cancelled_by == world["finance"]
    assert run.cancelled_at is not None
    assert not PaymentLine.objects.exists()
    assert set(Involvement.objects.due_for_payment(on=TODAY)) == {dee, giver}
    # Audited: each line's removal and the run's cancelling, by who did it.
    removed = PaymentLine.history.filter(history_type="-")
    assert {row.involvement_id for row in removed} == {dee.pk, giver.pk}
    assert {row.history_user for row in removed} == {world["finance"]}
    assert run.history.first().history_user == world["finance"]
    # The run stays, cancelled, among the runs done with; a new run gathers them again.
    listed = client.get(LIST)
    assert listed.context["open_runs"] == []
    assert [r.pk for r in listed.context["page"].object_list] == [run.pk]
    assert "Cancelled" in listed.content.decode()
    again = payment_run_create(user=world["finance"], on=TODAY)
    assert again.lines.count() == 2


def test_a_run_exported_or_paid_is_not_cancelled(client, world, activity):
    owed(activity)
    exported = payment_run_create(user=world["finance"], on=TODAY)
    payment_run_mark_exported(run=exported, user=world["finance"])
    owed(activity, name="Second")
    paid = payment_run_create(user=world["finance"], on=TODAY)
    payment_run_mark_paid(run=paid, on=TODAY, user=world["finance"])
    client.force_login(world["finance"])

    said = {}
    for run in (exported, paid):
        response = client.post(reverse("projects:payment_run_cancel", args=[run.pk]), follow=True)
        said[run] = response.content.decode()
        run.refresh_from_db()
        assert run.cancelled_at is None
        assert run.lines.count() == 1
    assert "was exported, so it cannot be cancelled here" in said[exported]
    assert "was already marked paid" in said[paid]
    assert not payment_run_cancel(run=exported, user=world["finance"])


def test_a_cancelled_run_is_neither_paid_nor_exported_nor_cancelled_again(world, activity):
    involvement = owed(activity)
    run = payment_run_create(user=world["finance"], on=TODAY)
    assert payment_run_cancel(run=run, user=world["finance"])

    assert not payment_run_cancel(run=run, user=world["finance"])
    assert not payment_run_mark_paid(run=run, on=TODAY, user=world["finance"])
    assert not payment_run_mark_exported(run=run, user=world["finance"])
    run.refresh_from_db()
    involvement.refresh_from_db()
    assert (run.paid_on, run.exported_at, involvement.paid_on) == (None, None, None)
