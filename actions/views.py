"""The action log's pages: my actions, a service's actions, one action, raising
one from a finding, and a service's REIS cycles."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.kept_input import form_data, keeps_input
from actions import services, sources
from actions.access import (
    get_action_for,
    get_service_for,
    reads_service_actions,
    services_readable_by,
)
from actions.forms import ActionFilterForm, ActionForm, DoneForm, RaiseForm
from actions.models import Action, ActionQuerySet
from actions.reis import reis_cycle

PAGE_SIZE = 25


def _home() -> tuple[str, str]:
    return ("Home", reverse("home"))


def _filtered(actions: ActionQuerySet, show: str) -> ActionQuerySet:
    today = timezone.localdate()
    if show == "overdue":
        return actions.overdue(today)
    if show in (Action.Status.DONE, Action.Status.DROPPED):
        return actions.filter(status=show)
    if show == "all":
        return actions
    return actions.still_open()


def _list_page(request: HttpRequest, actions: ActionQuerySet, context: dict) -> HttpResponse:
    """Queries: the page of actions (with owner and service), its count, and one
    per kind of source on the page."""
    filters = ActionFilterForm(request.GET or None)
    show = filters.shown()
    page = Paginator(_filtered(actions, show).for_list(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = list(page.object_list)
    links = sources.links_for(page.object_list)
    for action in page.object_list:
        action.source_link = links.get(action.pk)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "actions/action_list.html",
        {
            **context,
            "filters": filters,
            "show": show,
            "show_label": dict(ActionFilterForm.SHOW)[show],
            "page": page,
            "query_string": query.urlencode(),
            "today": timezone.localdate(),
        },
    )


@require_GET
def my_actions(request: HttpRequest) -> HttpResponse:
    return _list_page(
        request,
        Action.objects.filter(owner=request.user),
        {
            "title": "My actions",
            "intro": "Actions you own, from findings, reviews and results.",
            "mine": True,
            "reads_services": reads_service_actions(request.user),
            "breadcrumbs": [_home()],
        },
    )


@require_GET
def service_actions(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_service_for(request.user, pk)
    return _list_page(
        request,
        Action.objects.filter(service_id__in=service.descendant_ids()),
        {
            "title": f"Actions for {service.name}",
            "intro": "Every action for this service and the services within it.",
            "service": service,
            "breadcrumbs": [_home(), ("Services' actions", reverse("actions:service_list"))],
        },
    )


@require_GET
def service_list(request: HttpRequest) -> HttpResponse:
    """The services whose actions the reader may open, with how many are open
    and overdue. Queries: one for the services with both counts."""
    if not reads_service_actions(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    still_open = Q(actions__status__in=Action.OPEN_STATUSES)
    found = (
        services_readable_by(request.user)
        .annotate(
            open_count=Count("actions", filter=still_open),
            overdue_count=Count("actions", filter=still_open & Q(actions__due_on__lt=today)),
        )
        .order_by("name")
    )
    return render(
        request,
        "actions/service_list.html",
        {"services": found, "breadcrumbs": [_home()]},
    )


@require_GET
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_action_for(request.user, pk)
    return render(
        request,
        "actions/action_detail.html",
        {
            "action": action,
            "link": sources.links_for([action]).get(action.pk),
            "overdue": action.is_overdue(),
            "today": timezone.localdate(),
            "history": action.history.select_related("history_user").order_by("-history_date")[:20],
            "breadcrumbs": _action_crumbs(request, action),
        },
    )


def _action_crumbs(request: HttpRequest, action: Action) -> list[tuple[str, str]]:
    crumbs = [_home()]
    if action.owner_id == request.user.pk:
        crumbs.append(("My actions", reverse("actions:my_actions")))
    elif action.service_id:
        crumbs.append(
            (f"Actions for {action.service}", reverse("actions:service", args=[action.service_id]))
        )
    return crumbs


@keeps_input
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_action_for(request.user, pk, edit=True)
    form = ActionForm(
        form_data(request),
        action=action,
        by=request.user,
        initial={
            "what": action.what,
            "owner": action.owner_id,
            "due_on": action.due_on,
            "status": action.status,
            "evidence": action.evidence,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.action_update(
            action=action,
            what=form.cleaned_data["what"].strip(),
            owner=form.cleaned_data["owner"],
            due_on=form.cleaned_data["due_on"],
            status=form.cleaned_data["status"],
            evidence=form.cleaned_data["evidence"].strip(),
        )
        messages.success(request, "Action saved.")
        return redirect("actions:action_detail", pk=action.pk)
    return render(
        request,
        "actions/action_form.html",
        {
            "form": form,
            "action": action,
            "heading": "Change the action",
            "breadcrumbs": [
                *_action_crumbs(request, action),
                ("Action", reverse("actions:action_detail", args=[action.pk])),
            ],
        },
    )


@keeps_input
@require_http_methods(["GET", "POST"])
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_action_for(request.user, pk, edit=True)
    form = DoneForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        services.action_done(action=action, evidence=form.cleaned_data["evidence"])
        messages.success(request, "Marked as done.")
        return redirect("actions:action_detail", pk=action.pk)
    return render(
        request,
        "actions/action_done.html",
        {
            "form": form,
            "action": action,
            "breadcrumbs": [
                *_action_crumbs(request, action),
                ("Action", reverse("actions:action_detail", args=[action.pk])),
            ],
        },
    )


@keeps_input
@require_http_methods(["GET", "POST"])
def action_raise(request: HttpRequest, source: str, pk: int) -> HttpResponse:
    """Write an action raised from a source (a REIS finding, a round's results)."""
    kind = sources.kinds().get(source)
    if kind is None:
        raise Http404
    obj = kind.get_for(request.user, pk)
    candidates = list(kind.services(obj))
    if not candidates:
        raise Http404
    chosen = request.GET.get("service", "")
    initial = {"service": int(chosen)} if chosen.isdigit() else {}
    form = RaiseForm(form_data(request), services=candidates, by=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        action = services.action_raise(
            what=form.cleaned_data["what"].strip(),
            by=request.user,
            owner=form.cleaned_data["owner"],
            service=form.cleaned_data.get("service") or candidates[0],
            due_on=form.cleaned_data["due_on"],
            source=obj,
        )
        messages.success(request, "Action added to the log.")
        return redirect("actions:action_detail", pk=action.pk)
    return render(
        request,
        "actions/action_raise.html",
        {
            "form": form,
            "kind": kind,
            "source_title": kind.title(obj),
            "source_url": kind.url(obj),
            "finding": getattr(obj, "findings", ""),
            "breadcrumbs": [_home(), (kind.label[:1].upper() + kind.label[1:], kind.url(obj))],
        },
    )


@require_GET
def service_reis(request: HttpRequest, pk: int) -> HttpResponse:
    """A service's REIS cycles. Queries: the service, then four (see `reis_cycle`)."""
    service = get_service_for(request.user, pk)
    cycle = reis_cycle(service, today=timezone.localdate())
    return render(
        request,
        "actions/reis_cycles.html",
        {
            "cycle": cycle,
            "service": service,
            "can_raise": reads_service_actions(request.user) and not request.user.is_governance,
            "breadcrumbs": [
                _home(),
                (f"Actions for {service.name}", reverse("actions:service", args=[service.pk])),
            ],
        },
    )
