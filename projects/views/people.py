from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.kept_input import keeps_input, restore_input
from accounts.rules import is_trust_staff
from projects.access import can_edit_people, get_person_for
from projects.forms.people import EqualityForm, PersonForm, PersonSearchForm
from projects.models import Activity, EqualityMonitoring, Involvement, Person, RecordView
from projects.pay_limits import ADVICE_NAME, ADVICE_URL, pay_limit_check
from projects.privacy.audit import record_view

PAGE_SIZE = 25


def crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Home", reverse("home")), ("Register", reverse("projects:person_list")), *extra]


def require_register_reader(request: HttpRequest) -> None:
    if not is_trust_staff(request.user):
        raise PermissionDenied


@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    require_register_reader(request)
    filters = PersonSearchForm(request.GET or None)
    people = Person.objects.visible_to(request.user)
    if filters.is_valid():
        people = people.search(filters.cleaned_data["q"])
        if filters.cleaned_data["experience"]:
            people = people.filter(experience=filters.cleaned_data["experience"])
    page = Paginator(people.order_by("display_name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "projects/person_list.html",
        {
            "filters": filters,
            "page": page,
            "query_string": query.urlencode(),
            "can_add": can_edit_people(request.user),
            "breadcrumbs": [("Home", reverse("home"))],
        },
    )


def record_consent(person: Person, form: PersonForm, user) -> None:
    """Note who recorded consent, when, and against which privacy notice."""
    consent_changed = {"consent_to_store", "consent_to_contact"} & set(form.changed_data)
    if consent_changed or not person.pk:
        person.consent_recorded_by = user
        person.consent_recorded_at = timezone.now()
        person.privacy_notice_version = settings.PRIVACY_NOTICE_VERSION


@keeps_input
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    if not can_edit_people(request.user):
        raise PermissionDenied
    form = PersonForm(request.POST or restore_input(request) or None)
    if request.method == "POST" and form.is_valid():
        person = form.save(commit=False)
        person.created_by = request.user
        record_consent(person, form, request.user)
        person.save()
        messages.success(request, f"{person.display_name} added to the register")
        return redirect("projects:person_detail", pk=person.pk)
    return render(
        request,
        "projects/person_form.html",
        {"form": form, "title": "Add someone to the register", "breadcrumbs": crumbs()},
    )


@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for(request.user, pk)
    involvements = (
        Involvement.objects.filter(
            person=person, activity__in=Activity.objects.visible_to(request.user)
        )
        .select_related("activity__project")
        .order_by("-activity__date", "-pk")
    )
    sees_payments = request.user.is_admin or person.user_id == request.user.pk
    record_view(person=person, user=request.user, action=RecordView.Action.DETAIL)
    tax_years = Involvement.objects.filter(person=person).tax_year_totals() if sees_payments else []
    can_edit = can_edit_people(request.user)
    # The people who may set the limit (with the person) see it against their fees.
    pay_limit = (
        pay_limit_check(person, day=timezone.localdate())
        if (sees_payments or can_edit) and person.pay_limit_pence is not None
        else None
    )
    return render(
        request,
        "projects/person_detail.html",
        {
            "person": person,
            "involvements": involvements,
            "sees_payments": sees_payments,
            "tax_years": tax_years,
            "pay_limit": pay_limit,
            "advice_url": ADVICE_URL,
            "advice_name": ADVICE_NAME,
            "can_edit": can_edit,
            "equality_shared": EqualityMonitoring.objects.filter(person=person).exists(),
            "is_admin": request.user.is_admin,
            "sees_audit": request.user.reads_everything,
            "breadcrumbs": crumbs(),
        },
    )


@keeps_input
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for(request.user, pk, edit=True)
    form = PersonForm(request.POST or restore_input(request) or None, instance=person)
    if request.method == "POST" and form.is_valid():
        person = form.save(commit=False)
        record_consent(person, form, request.user)
        person.save()
        messages.success(request, "Details saved")
        return redirect("projects:person_detail", pk=person.pk)
    if request.method == "GET":
        record_view(person=person, user=request.user, action=RecordView.Action.EDIT)
    return render(
        request,
        "projects/person_form.html",
        {
            "form": form,
            "person": person,
            "title": f"Change {person.display_name}'s details",
            "breadcrumbs": crumbs(
                (person.display_name, reverse("projects:person_detail", args=[pk]))
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def person_equality(request: HttpRequest, pk: int) -> HttpResponse:
    """Record equality answers a person chose to share: by staff with them, or by
    the person themselves. Earlier answers are replaced, never shown."""
    person = get_person_for(request.user, pk)
    if not (can_edit_people(request.user) or person.user_id == request.user.pk):
        raise PermissionDenied
    existing = EqualityMonitoring.objects.filter(person=person).first()
    form = EqualityForm(
        request.POST or None, instance=existing or EqualityMonitoring(person=person)
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        record_view(person=person, user=request.user, action=RecordView.Action.EQUALITY_SAVED)
        messages.success(
            request, "Thank you. The answers are saved and only ever counted in totals."
        )
        return redirect("projects:person_detail", pk=person.pk)
    if request.method == "GET":
        # Start blank whatever was shared before: answers are never read back one by one.
        form = EqualityForm(instance=EqualityMonitoring(person=person))
    return render(
        request,
        "projects/person_equality.html",
        {
            "form": form,
            "person": person,
            "already_shared": existing is not None,
            "breadcrumbs": crumbs(
                (person.display_name, reverse("projects:person_detail", args=[pk]))
            ),
        },
    )
