"""Personal data pages for one person on the register: the subject access copy,
erasure, and who has viewed or changed their record.

Copies and erasure are for admins only: they show (or remove) everything held,
equality answers included, which nobody else ever sees one by one. The audit
page is for admins and governance leads, who oversee how records are used; it
shows names of who looked and which fields changed, never the values.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from accounts.rules import is_admin, reads_everything
from core.privacy import holdings
from projects.access import get_person_for
from projects.forms.privacy import ErasureForm
from projects.models import Erasure, Person, RecordView
from projects.privacy.audit import record_changes, record_view, record_views
from projects.privacy.erasure import AlreadyErased, mentions, person_erase
from projects.privacy.export import subject_access_copy, subject_access_zip

PAGE_SIZE = 50


def crumbs(person: Person) -> list[tuple[str, str]]:
    return [
        ("Home", reverse("home")),
        ("Register", reverse("projects:person_list")),
        (person.display_name, reverse("projects:person_detail", args=[person.pk])),
    ]


def get_person_for_privacy(user, pk: int, *, allowed: Callable[[User], bool]) -> Person:
    """The person, 404 if the user may not see them, 403 if `allowed` (an
    `accounts.rules` predicate) says their role may not use this page."""
    person = get_person_for(user, pk)
    if not allowed(user):
        raise PermissionDenied
    return person


@require_GET
def person_copy(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_privacy(request.user, pk, allowed=is_admin)
    copy = subject_access_copy(person=person, by=request.user)
    record_view(person=person, user=request.user, action=RecordView.Action.EXPORT_PAGE)
    return render(
        request,
        "projects/privacy/copy.html",
        {"person": person, "copy": copy, "breadcrumbs": crumbs(person)},
    )


@require_GET
def person_copy_download(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_privacy(request.user, pk, allowed=is_admin)
    copy = subject_access_copy(person=person, by=request.user)
    record_view(person=person, user=request.user, action=RecordView.Action.EXPORT_FILE)
    response = HttpResponse(subject_access_zip(copy), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{copy.filename}"'
    response["Cache-Control"] = "no-store"
    return response


def kept_and_erased() -> tuple[list[tuple[str, list[str]]], list[tuple[str, str]]]:
    """For the confirm page, from the registry: what is written over, and what
    stays and why."""
    erased, kept = [], []
    for holding in holdings().values():
        if not (holding.about or holding.find):
            continue
        if holding.delete_on_erase:
            erased.append((holding.title, ["all of it"]))
        elif holding.erase:
            names = [
                holding.labels.get(name) or str(holding.model._meta.get_field(name).verbose_name)
                for name in holding.erase
            ]
            erased.append((holding.title, names))
        if holding.kept and not holding.delete_on_erase:
            kept.append((holding.title, holding.kept))
    return erased, kept


@require_http_methods(["GET", "POST"])
def person_erase_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_privacy(request.user, pk, allowed=is_admin)
    erasure = Erasure.objects.filter(person=person).select_related("erased_by").first()
    form = ErasureForm(request.POST or None, person=person)
    if erasure is None and request.method == "POST" and form.is_valid():
        try:
            person_erase(
                person=person,
                by=request.user,
                reason=form.cleaned_data["reason"],
                reference=form.cleaned_data["reference"],
            )
        except AlreadyErased:
            messages.info(request, "Someone else erased these details a moment ago")
        else:
            messages.success(request, "Their details are erased. Totals are unchanged.")
        return redirect("projects:person_audit", pk=person.pk)
    if request.method == "GET" and erasure is None:
        record_view(person=person, user=request.user, action=RecordView.Action.ERASE_PAGE)
    erased, kept = kept_and_erased()
    return render(
        request,
        "projects/privacy/erase.html",
        {
            "person": person,
            "form": form,
            "erasure": erasure,
            "erased": erased,
            "kept": kept,
            "mentions": mentions(person) if erasure is None else [],
            "breadcrumbs": crumbs(person),
        },
    )


@require_GET
def person_audit(request: HttpRequest, pk: int) -> HttpResponse:
    """Who opened or copied the record, and what changed in it, newest first."""
    person = get_person_for_privacy(request.user, pk, allowed=reads_everything)
    views = Paginator(record_views(person), PAGE_SIZE).get_page(request.GET.get("views"))
    changes = Paginator(record_changes(person), PAGE_SIZE).get_page(request.GET.get("changes"))
    return render(
        request,
        "projects/privacy/audit.html",
        {
            "person": person,
            "views": views,
            "changes": changes,
            "erasure": Erasure.objects.filter(person=person).select_related("erased_by").first(),
            "breadcrumbs": crumbs(person),
        },
    )
