"""Payments: rate cards, payment runs, the finance exports and each person's own record."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.kept_input import keeps_input, restore_input
from accounts.middleware import open_to_finance
from core.exports import csv_response
from projects.forms.payments import MarkPaidForm, PaymentExportForm, RateCardForm
from projects.models import (
    Involvement,
    Membership,
    PaymentLine,
    PaymentRun,
    Project,
    RateCard,
    tax_year_label,
    tax_year_of,
)
from projects.models.payments import pounds
from projects.pay_limits import ADVICE_NAME, ADVICE_URL, alternatives, pay_limit_check
from projects.services import payment_run_cancel as cancel_run
from projects.services import payment_run_create as create_run
from projects.services import payment_run_mark_exported as mark_run_exported
from projects.services import payment_run_mark_paid as mark_run_paid
from projects.services import vouchers_mark_given as mark_vouchers_given

# Rate cards ----------------------------------------------------------------------


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


@require_GET
def rate_card_list(request: HttpRequest) -> HttpResponse:
    _require(request, "projects.manage_rate_cards")
    today = timezone.localdate()
    in_force = RateCard.objects.in_force_on(today)
    return render(
        request,
        "projects/rate_card_list.html",
        {"rate_cards": RateCard.objects.all(), "in_force": in_force, "today": today},
    )


@keeps_input
@require_http_methods(["GET", "POST"])
def rate_card_create(request: HttpRequest) -> HttpResponse:
    _require(request, "projects.manage_rate_cards")
    form = RateCardForm(request.POST or restore_input(request) or None)
    if request.method == "POST" and form.is_valid():
        card = form.save()
        messages.success(request, f"{card.name} is added")
        return redirect("projects:rate_card_list")
    return render(request, "projects/rate_card_form.html", {"form": form})


# The finance export --------------------------------------------------------------

PAYMENT_COLUMNS = [
    "Payee reference",
    "Person",
    "Activity date",
    "Activity",
    "Project",
    "Hours",
    "Fee due (£)",
    "Fee paid (£)",
    "Expenses (£)",
    "Choice",
    "Charity",
    "Paid date",
    "Tax year",
    "Vouchers given",
]


@open_to_finance
@require_GET
def payment_export(request: HttpRequest) -> HttpResponseBase:
    _require(request, "projects.export_payments")
    form = PaymentExportForm(request.GET if "download" in request.GET else None)
    if not form.is_valid():
        return render(request, "projects/payments/export.html", {"form": form})
    start, end = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    involvements = Involvement.objects.for_payment_export(
        start, end, include_unpaid=form.cleaned_data["include_unpaid"]
    )
    rows = (payment_row(involvement) for involvement in involvements.iterator(chunk_size=500))
    return csv_response(f"payments-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}.csv", PAYMENT_COLUMNS, rows)


def payment_row(involvement: Involvement) -> list[object]:
    """One line for finance: money as pounds with exactly two decimals. Vouchers
    say so in "Choice"; they count in the tax year they were given."""
    paid_on, vouchers_on = involvement.paid_on, involvement.vouchers_given_on
    counted_on = vouchers_on if involvement.vouchers_pence else paid_on
    return [
        involvement.person.payee_reference,
        str(involvement.person),
        involvement.activity.date.isoformat(),
        involvement.activity.title,
        involvement.activity.project.title,
        f"{involvement.hours:.2f}",
        f"{pounds(involvement.fee_due_pence)}",
        f"{pounds(involvement.fee_paid_pence)}",
        f"{pounds(involvement.expenses_pence)}",
        involvement.get_payment_choice_display(),
        involvement.donated_to,
        paid_on.isoformat() if paid_on else "",
        tax_year_label(tax_year_of(counted_on)) if counted_on else "Not yet paid",
        vouchers_on.isoformat() if vouchers_on else "",
    ]


# Payment runs --------------------------------------------------------------------

RUNS_PER_PAGE = 20


def run_crumbs() -> list[tuple[str, str]]:
    return [("Payments", reverse("projects:payment_run_list"))]


def get_payment_run_for(request: HttpRequest, pk: int) -> PaymentRun:
    """A run, for someone who may see payments (403 for anyone else; 404 when
    there is no such run)."""
    _require(request, "projects.run_payments")
    try:
        return PaymentRun.objects.select_related("created_by", "paid_by", "cancelled_by").get(pk=pk)
    except PaymentRun.DoesNotExist:
        raise Http404("No such payment run") from None


@open_to_finance
@require_GET
def payment_run_list(request: HttpRequest) -> HttpResponse:
    """What is due now, the open runs being checked, and the runs already paid."""
    _require(request, "projects.run_payments")
    today = timezone.localdate()
    due = Involvement.objects.due_for_payment(on=today).aggregate(
        count=models.Count("pk"),
        # Vouchers are given, not paid by bank: only their expenses are due here.
        fees=Sum(
            "fee_paid_pence", filter=~models.Q(payment_choice=Involvement.PaymentChoice.VOUCHERS)
        ),
        expenses=Sum("expenses_pence"),
    )
    runs = PaymentRun.objects.with_totals().select_related("created_by", "paid_by", "cancelled_by")
    paid = Paginator(runs.closed(), RUNS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/payments/run_list.html",
        {
            "vouchers": list(Involvement.objects.vouchers_to_give(on=today)),
            "due_count": due["count"],
            "due_pounds": pounds((due["fees"] or 0) + (due["expenses"] or 0)),
            "open_runs": list(runs.open()),
            "page": paid,
            "query_string": "",
        },
    )


@open_to_finance
@require_POST
def payment_run_create(request: HttpRequest) -> HttpResponse:
    _require(request, "projects.run_payments")
    run = create_run(user=request.user, on=timezone.localdate())
    if run is None:
        messages.info(request, "There are no payments due, so no run was made")
        return redirect("projects:payment_run_list")
    messages.success(request, f"{run.reference} is made. Check it before you export it.")
    return redirect("projects:payment_run_detail", pk=run.pk)


def _run_lines(run: PaymentRun):
    return run.lines.select_related(
        "involvement__person", "involvement__activity__project"
    ).order_by("cost_centre", "involvement__person_id", "involvement__activity__date", "pk")


def cost_centre_totals(run: PaymentRun) -> list[dict[str, object]]:
    """Money to people and to charities per cost centre, for the finance system."""
    return [
        {
            "cost_centre": row["cost_centre"],
            "lines": row["lines"],
            "to_person": pounds(row["to_person"]),
            "to_charity": pounds(row["to_charity"]),
            "total": pounds(row["to_person"] + row["to_charity"]),
        }
        for row in run.lines.order_by("cost_centre")
        .values("cost_centre")
        .annotate(
            lines=models.Count("pk"),
            to_person=Sum("to_person_pence"),
            to_charity=Sum("to_charity_pence"),
        )
    ]


@open_to_finance
@require_GET
def payment_run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_payment_run_for(request, pk)
    lines = list(_run_lines(run))
    # Only people who set a limit are checked: one query each, and they are few.
    over_limits = [
        (line, check)
        for line in lines
        if line.involvement.person.pay_limit_pence is not None
        and (check := pay_limit_check(line.involvement.person, day=line.involvement.activity.date))
        and check.over
    ]
    return render(
        request,
        "projects/payments/run_detail.html",
        {
            "run": run,
            "lines": lines,
            "over_limits": over_limits,
            "advice_url": ADVICE_URL,
            "advice_name": ADVICE_NAME,
            "alternatives": alternatives(),
            "breadcrumbs": run_crumbs(),
            "totals": cost_centre_totals(run),
            "to_person": pounds(sum(line.to_person_pence for line in lines)),
            "to_charity": pounds(sum(line.to_charity_pence for line in lines)),
        },
    )


RUN_COLUMNS = [
    "Run",
    "Payee reference",
    "Payee name",
    "Cost centre",
    "Activity date",
    "Activity",
    "Project",
    "To the person (£)",
    "To a charity (£)",
    "Charity",
    "Involvement",
]
COST_CENTRE_TOTAL = "Cost centre total"


@open_to_finance
@require_GET
def payment_run_export(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The run for the finance system: one row per payment, keyed by the payee
    reference (the name is beside it, never instead of it), then one row per cost
    centre with its totals, after a blank row."""
    run = get_payment_run_for(request, pk)
    # Downloading changes nothing (a GET may be repeated, prefetched or retried):
    # "Mark as exported" records that finance has it.
    return csv_response(f"{run.reference.lower()}.csv", RUN_COLUMNS, run_rows(run))


def run_rows(run: PaymentRun):
    for line in _run_lines(run).iterator(chunk_size=500):
        yield _line_row(run, line)
    yield []
    for total in cost_centre_totals(run):
        yield [
            run.reference,
            COST_CENTRE_TOTAL,
            "",
            total["cost_centre"],
            "",
            "",
            "",
            f"{total['to_person']}",
            f"{total['to_charity']}",
            "",
            "",
        ]


def _line_row(run: PaymentRun, line: PaymentLine) -> list[object]:
    involvement = line.involvement
    return [
        run.reference,
        involvement.person.payee_reference,
        str(involvement.person),
        line.cost_centre,
        involvement.activity.date.isoformat(),
        involvement.activity.title,
        involvement.activity.project.title,
        f"{line.to_person_pounds}",
        f"{line.to_charity_pounds}",
        line.charity,
        involvement.pk,
    ]


def _not_open(request: HttpRequest, run: PaymentRun) -> HttpResponse:
    if run.cancelled_at:
        messages.info(request, f"{run.reference} was cancelled")
    else:
        messages.info(request, f"{run.reference} was already marked paid")
    return redirect("projects:payment_run_detail", pk=run.pk)


@open_to_finance
@require_POST
def payment_run_mark_exported(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that the run is in the finance system, so it can no longer be cancelled."""
    run = get_payment_run_for(request, pk)
    if not mark_run_exported(run=run, user=request.user):
        run.refresh_from_db()
        return _not_open(request, run)
    messages.success(
        request, f"{run.reference} is marked as exported. It can no longer be cancelled."
    )
    return redirect("projects:payment_run_detail", pk=run.pk)


@open_to_finance
@require_http_methods(["GET", "POST"])
def payment_run_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel an open run before it is exported: its payments are due again."""
    run = get_payment_run_for(request, pk)
    if not run.can_cancel:
        if run.is_open:
            messages.info(
                request,
                f"{run.reference} was exported, so it cannot be cancelled here. "
                "Ask finance to stop it, then mark it paid with the date they paid it.",
            )
            return redirect("projects:payment_run_detail", pk=run.pk)
        return _not_open(request, run)
    if request.method == "POST":
        if cancel_run(run=run, user=request.user):
            messages.success(
                request,
                f"{run.reference} is cancelled. Its payments are due again, "
                "ready for the next run.",
            )
        else:
            messages.info(request, f"{run.reference} changed meanwhile, so it was not cancelled")
        return redirect("projects:payment_run_detail", pk=run.pk)
    crumbs = [*run_crumbs(), (run.reference, reverse("projects:payment_run_detail", args=[run.pk]))]
    return render(
        request,
        "projects/payments/run_cancel.html",
        {"run": run, "line_count": run.lines.count(), "breadcrumbs": crumbs},
    )


@open_to_finance
@require_http_methods(["GET", "POST"])
def payment_run_mark_paid(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_payment_run_for(request, pk)
    if not run.is_open:
        return _not_open(request, run)
    form = MarkPaidForm(request.POST or None, run=run, initial={"paid_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["paid_on"]
        if mark_run_paid(run=run, on=day, user=request.user):
            messages.success(request, f"{run.reference} is marked paid on {day:%-d %B %Y}")
        else:
            messages.info(request, f"{run.reference} was already marked paid")
        return redirect("projects:payment_run_detail", pk=run.pk)
    crumbs = [*run_crumbs(), (run.reference, reverse("projects:payment_run_detail", args=[run.pk]))]
    return render(
        request,
        "projects/payments/run_mark_paid.html",
        {"run": run, "form": form, "breadcrumbs": crumbs},
    )


# Vouchers -----------------------------------------------------------------------


@open_to_finance
@require_POST
def vouchers_given(request: HttpRequest, pk: int) -> HttpResponse:
    """The team gave someone the vouchers they chose: dated today. Vouchers are
    never in a bank payment run, so this is how they are marked done."""
    _require(request, "projects.run_payments")
    today = timezone.localdate()
    involvement = (
        Involvement.objects.vouchers_to_give(on=today)
        .filter(pk=pk)
        .select_related("person")
        .first()
    )
    if involvement is None or not mark_vouchers_given(
        involvement_ids=[involvement.pk], on=today, user=request.user
    ):
        messages.info(request, "Those vouchers were already marked as given")
    else:
        messages.success(
            request,
            f"Vouchers worth £{involvement.vouchers_pounds} for "
            f"{involvement.person.payee_reference} are marked as given today",
        )
    return redirect(reverse("projects:payment_run_list") + "#vouchers")


# My involvement -----------------------------------------------------------------


@require_GET
def my_involvement(request: HttpRequest) -> HttpResponse:
    """An expert by experience's own record. Anyone else is told there is nothing
    to show: the page belongs to people on the register with an account."""
    try:
        person = request.user.person
    except ObjectDoesNotExist:
        return render(request, "projects/my_involvement.html", {"person": None})
    involvements = (
        Involvement.objects.filter(person=person)
        .select_related("activity__project")
        .order_by("-activity__date", "-pk")
    )
    page = Paginator(involvements, 50).get_page(request.GET.get("page"))
    visible = set(
        Project.objects.visible_to(request.user)
        .filter(activities__involvements__person=person)
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "projects/my_involvement.html",
        {
            "person": person,
            "page": page,
            "query_string": "",
            "totals": involvements.tax_year_totals(),
            "memberships": _my_projects(request.user),
            "visible_project_ids": visible,
            "changes": involvements.exclude(activity__what_changed="")[:20],
        },
    )


def _my_projects(user) -> list[Membership]:
    """The projects they belong to, with their role in each."""
    return list(
        Membership.objects.filter(user=user)
        .select_related("project")
        .order_by("-project__start_date", "project__title")
    )
