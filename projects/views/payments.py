"""Payments: rate cards, the finance export and each person's own record."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.kept_input import keeps_input, restore_input
from core.exports import csv_response
from projects.forms.payments import PaymentExportForm, RateCardForm
from projects.models import Involvement, Membership, Project, RateCard, tax_year_label, tax_year_of
from projects.models.payments import pounds

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
]


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
    """One line for finance: money as pounds with exactly two decimals."""
    paid_on = involvement.paid_on
    return [
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
        tax_year_label(tax_year_of(paid_on)) if paid_on else "Not yet paid",
    ]


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
