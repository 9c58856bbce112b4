"""The import pages: upload and check, preview and confirm, progress and outcome.

Admins only: to anyone else these pages, and every import, do not exist (404).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from imports import services
from imports.forms import DecisionsForm, UploadForm
from imports.kinds import IMPORTERS
from imports.models import ImportBatch, Kind
from imports.templates import template_csv, template_xlsx

# The admin's recent imports listed on the imports page.
RECENT = 20


def _require_admin(request: HttpRequest) -> None:
    if not request.user.is_admin:
        raise Http404


def _kind(request: HttpRequest, kind: str) -> Kind:
    _require_admin(request)
    if kind not in Kind.values:
        raise Http404
    return Kind(kind)


def get_batch_for(user, pk: int) -> ImportBatch:
    return get_object_or_404(
        ImportBatch.objects.visible_to(user).select_related("uploaded_by", "confirmed_by"), pk=pk
    )


def crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Imports", "imports:import_list"), *extra]


@require_GET
def import_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    services.import_mark_stale()
    batches = (
        ImportBatch.objects.visible_to(request.user)
        .select_related("uploaded_by")
        .defer("file_data", "preview", "problems")[:RECENT]
    )
    return render(request, "imports/import_list.html", {"batches": batches, "kinds": Kind.choices})


@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, kind: str) -> HttpResponse:
    chosen = _kind(request, kind)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = services.import_upload(
            kind=chosen, file_name=upload.name, data=upload.read(), by=request.user
        )
        return redirect("imports:import_detail", pk=batch.pk)
    return render(
        request,
        "imports/import_upload.html",
        {"form": form, "kind": chosen, "breadcrumbs": crumbs()},
    )


@require_GET
def template_guide(request: HttpRequest, kind: str) -> HttpResponse:
    chosen = _kind(request, kind)
    return render(
        request,
        "imports/template_guide.html",
        {"kind": chosen, "columns": IMPORTERS[chosen].columns, "breadcrumbs": crumbs()},
    )


@require_GET
def template_download(request: HttpRequest, kind: str, extension: str) -> HttpResponse:
    chosen = _kind(request, kind)
    if extension == "csv":
        response = HttpResponse(template_csv(chosen), content_type="text/csv; charset=utf-8")
    elif extension == "xlsx":
        response = HttpResponse(
            template_xlsx(chosen),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="coprod-{chosen}-template.{extension}"'
    return response


@require_GET
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_batch_for(request.user, pk)
    if batch.is_in_progress and services.import_mark_stale():
        batch.refresh_from_db()
    context = {
        "batch": batch,
        "kind": Kind(batch.kind),
        "breadcrumbs": crumbs(),
        "decisions": DecisionsForm(lookalikes=batch.preview.get("lookalikes", [])),
        "upload": UploadForm(),
    }
    if request.htmx:
        response = render(request, "imports/import_detail.html#progress", context)
        if request.GET.get("shown") != batch.status:
            # The import moved on: the whole page changes, not only the bar.
            response["HX-Refresh"] = "true"
        return response
    return render(request, "imports/import_detail.html", context)


@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_batch_for(request.user, pk)
    if batch.status != ImportBatch.Status.READY:
        messages.info(request, "This import is already confirmed")
        return redirect("imports:import_detail", pk=batch.pk)
    form = DecisionsForm(request.POST, lookalikes=batch.preview.get("lookalikes", []))
    if not form.is_valid():
        return render(
            request,
            "imports/import_detail.html",
            {"batch": batch, "kind": Kind(batch.kind), "breadcrumbs": crumbs(), "decisions": form},
        )
    services.import_confirm(batch=batch, by=request.user, decisions=form.decisions())
    return redirect("imports:import_detail", pk=batch.pk)


@require_POST
def import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_batch_for(request.user, pk)
    if services.import_cancel(batch=batch):
        messages.success(
            request, f"The import of {batch.file_name} is cancelled. Nothing was saved."
        )
    return redirect("imports:import_list")
