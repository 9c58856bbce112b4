"""The NHS services' pages: the list of services and adding or changing one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from accounts.kept_input import keeps_input, restore_input
from projects.forms.nhs_services import ServiceForm
from projects.models import Service


def crumbs() -> list[tuple[str, str]]:
    return [("Home", reverse("home")), ("Services", reverse("projects:service_list"))]


def require_manager(request: HttpRequest) -> None:
    if not request.user.has_perm("projects.manage_services"):
        raise PermissionDenied


@require_GET
def service_list(request: HttpRequest) -> HttpResponse:
    require_manager(request)
    services = Service.objects.select_related("parent").annotate(
        member_count=Count("members", distinct=True),
        project_count=Count("projects", distinct=True),
    )
    return render(
        request,
        "projects/service_list.html",
        {
            "services": services.order_by("parent__name", "name"),
            "breadcrumbs": [("Home", reverse("home"))],
        },
    )


@keeps_input
@require_http_methods(["GET", "POST"])
def service_create(request: HttpRequest) -> HttpResponse:
    require_manager(request)
    form = ServiceForm(request.POST or restore_input(request) or None)
    if request.method == "POST" and form.is_valid():
        service = form.save()
        messages.success(request, f"{service.name} added")
        return redirect("projects:service_list")
    return render(
        request,
        "projects/service_form.html",
        {"form": form, "title": "Add a service", "breadcrumbs": crumbs()},
    )


@keeps_input
@require_http_methods(["GET", "POST"])
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("projects.manage_services"):
        raise Http404
    service = get_object_or_404(Service, pk=pk)
    form = ServiceForm(request.POST or restore_input(request) or None, instance=service)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{service.name} saved")
        return redirect("projects:service_list")
    return render(
        request,
        "projects/service_form.html",
        {"form": form, "title": f"Change {service.name}", "breadcrumbs": crumbs()},
    )
