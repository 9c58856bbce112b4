from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.kept_input import keeps_input, restore_input
from improvement import services
from improvement.access import (
    can_record_reliability,
    can_start_events,
    get_event_for,
    services_for_new_events,
)
from improvement.forms import (
    AdoptionForm,
    ConversationForm,
    CycleForm,
    CycleStepsForm,
    EventForm,
    ReliabilityForm,
    StatementForm,
)
from improvement.models import STAGES, Adoption, AlwaysEvent, PdsaCycle, ReliabilityEntry, Stage
from projects.models import Person, Service

WHAT_NEXT = {
    Stage.GETTING_READY: "Bring the team together with people who use the service, agree "
    "who leads it, and choose a project to run it through if you want experts by "
    "experience to co-lead it.",
    Stage.WHAT_MATTERS: "Ask people who use the service what matters most to them, and "
    "record each conversation against the activity where it happened.",
    Stage.CO_DESIGNING: "Write the Always Event with them, starting with 'Always', and "
    "check it against IHI's four criteria, each with its evidence.",
    Stage.TESTING: "Test it in small PDSA cycles and count how reliably it happens each "
    "week or month.",
    Stage.SPREADING: "Help other wards and teams take it up, each counting its own reliability.",
}


def crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        ("Home", reverse("home")),
        ("Always Events", reverse("improvement:event_list")),
        *extra,
    ]


def event_crumbs(event: AlwaysEvent) -> list[tuple[str, str]]:
    return crumbs((event.title, reverse("improvement:event_detail", args=[event.pk])))


def _form_page(request, form, title: str, breadcrumbs, intro: str = "", **context):
    return render(
        request,
        "improvement/form.html",
        {"form": form, "title": title, "intro": intro, "breadcrumbs": breadcrumbs, **context},
    )


# /always-events/ ------------------------------------------------------------------


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    events = (
        AlwaysEvent.objects.visible_to(request.user)
        .select_related("service")
        .annotate(cycle_count=Count("cycles", distinct=True))
        .annotate(adoption_count=Count("adoptions", distinct=True))
        .order_by("service__name", "title", "pk")
    )
    return render(
        request,
        "improvement/event_list.html",
        {
            "events": events,
            "can_start": can_start_events(request.user),
            "breadcrumbs": [("Home", reverse("home"))],
        },
    )


@keeps_input
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    if not can_start_events(request.user):
        raise PermissionDenied
    form = EventForm(
        request.POST or restore_input(request) or None,
        user=request.user,
        services=services_for_new_events(request.user),
    )
    if request.method == "POST" and form.is_valid():
        event = form.save(commit=False)
        event.created_by = request.user
        event.save()
        messages.success(request, "Always Event started")
        return redirect("improvement:event_detail", pk=event.pk)
    return _form_page(
        request,
        form,
        "Start an Always Event",
        crumbs(),
        intro="An Always Event is something your team promises will always happen for "
        "the people you serve, found out and written with them.",
    )


@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for(request.user, pk)
    index = event.stage_index
    stages = [
        {
            "label": stage.label,
            "status": "done" if i < index else "current" if i == index else "later",
            "what": WHAT_NEXT[stage],
        }
        for i, stage in enumerate(STAGES)
    ]
    entries = list(ReliabilityEntry.objects.filter(event=event, service=event.service))
    cycles = list(
        event.cycles.prefetch_related(
            Prefetch("people", queryset=Person.objects.order_by("display_name"))
        )
    )
    return render(
        request,
        "improvement/event_detail.html",
        {
            "event": event,
            "stages": stages,
            "what_next": WHAT_NEXT[Stage(event.stage)],
            "problems": services.stage_problems(event) if event.next_stage else [],
            "conversations": event.conversations.select_related("activity__project"),
            "cycles": cycles,
            "last_cycle": cycles[-1] if cycles else None,
            "chart": services.reliability_chart(event, event.service, entries),
            "adoptions": event.adoptions.select_related("service"),
            "breadcrumbs": crumbs(),
        },
    )


@keeps_input
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for(request.user, pk, edit=True)
    form = EventForm(
        request.POST or restore_input(request) or None,
        instance=event,
        user=request.user,
        services=Service.objects.none(),
    )
    if event.project_id:
        # A project the editor does not lead stays chosen.
        form.fields["project"].queryset = (
            form.fields["project"].queryset
            | type(event.project).objects.filter(pk=event.project_id)
        ).distinct()
    if request.method == "POST" and form.is_valid():
        form.save()
        if "plan_metric" in form.changed_data:
            services.plan_metric_sync(event=event, user=request.user)
        messages.success(request, "Always Event saved")
        return redirect("improvement:event_detail", pk=event.pk)
    return _form_page(request, form, f"Change {event.title}", event_crumbs(event))


@require_POST
def stage_move(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for(request.user, pk, edit=True)
    problems = services.stage_advance(event=event)
    if problems:
        messages.error(request, " ".join(problems))
    else:
        messages.success(request, f"Moved on to {event.get_stage_display().lower()}")
    return redirect("improvement:event_detail", pk=event.pk)


# /always-events/<pk>/conversations/ ------------------------------------------------


@keeps_input
@require_http_methods(["GET", "POST"])
def conversation_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for(request.user, pk, edit=True)
    form = ConversationForm(
        request.POST or restore_input(request) or None, event=event, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        conversation = form.save(commit=False)
        conversation.event = event
        conversation.created_by = request.user
        conversation.save()
        messages.success(request, "Conversation added")
        return redirect("improvement:event_detail", pk=event.pk)
    return _form_page(
        request,
        form,
        "Add a what-matters conversation",
        event_crumbs(event),
        intro="Link it to the activity where people who use the service told you what "
        "matters to them. Log the activity on its project first if it is not listed.",
    )


@keeps_input
@require_http_methods(["GET", "POST"])
def statement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for(request.user, pk, edit=True)
    form = StatementForm(request.POST or restore_input(request) or None, instance=event)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Always Event and criteria saved")
        return redirect("improvement:event_detail", pk=event.pk)
    return _form_page(
        request,
        form,
        "The Always Event and IHI's four criteria",
        event_crumbs(event),
        intro="Write it with the people who use the service. Tick each criterion it meets "
        "and say how you know. All four are needed before testing.",
    )


# /always-events/<pk>/cycles/ -------------------------------------------------------


@keeps_input
@require_http_methods(["GET", "POST"])
def cycle_create(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for(request.user, pk, edit=True)
    last, initial = services.next_cycle_initial(event)
    if last is not None and not last.act:
        messages.error(
            request,
            f"Finish cycle {last.number} first: record what you decided at its act step.",
        )
        return redirect("improvement:cycle_edit", pk=event.pk, cycle_pk=last.pk)
    form = CycleForm(request.POST or restore_input(request) or None, event=event, initial=initial)
    if request.method == "POST" and form.is_valid():
        cycle = services.cycle_start(
            event=event,
            cycle=form.save(commit=False),
            people=form.cleaned_data["people"],
            user=request.user,
        )
        messages.success(request, f"Cycle {cycle.number} started")
        return redirect("improvement:event_detail", pk=event.pk)
    number = (last.number if last else 0) + 1
    intro = (
        f"It starts from cycle {last.number}'s act step: "
        f"{last.get_act_display().split(':')[0].lower()}. Change anything you need to."
        if last
        else "Plan a small test of change: what you will try, what you expect, and how "
        "you will know."
    )
    return _form_page(request, form, f"Plan PDSA cycle {number}", event_crumbs(event), intro=intro)


@keeps_input
@require_http_methods(["GET", "POST"])
def cycle_edit(request: HttpRequest, pk: int, cycle_pk: int) -> HttpResponse:
    event = get_event_for(request.user, pk, edit=True)
    cycle = get_object_or_404(PdsaCycle.objects.filter(event=event), pk=cycle_pk)
    acted_before = bool(cycle.act)
    form = CycleStepsForm(request.POST or restore_input(request) or None, instance=cycle)
    if request.method == "POST" and form.is_valid():
        cycle = form.save()
        if cycle.act and not acted_before:
            services.act_recorded(cycle=cycle, user=request.user)
        messages.success(request, f"Cycle {cycle.number} saved")
        return redirect("improvement:event_detail", pk=event.pk)
    return render(
        request,
        "improvement/cycle_form.html",
        {
            "form": form,
            "event": event,
            "cycle": cycle,
            "people": cycle.people.order_by("display_name"),
            "title": f"PDSA cycle {cycle.number}: do, study, act",
            "breadcrumbs": event_crumbs(event),
        },
    )


# /always-events/<pk>/reliability/<service_pk>/ and spreading -------------------------


def _measured_service(event: AlwaysEvent, service_pk: int) -> Service:
    """The event's own team or a team that took it up; any other is not found."""
    if service_pk == event.service_id:
        return event.service
    adoption = (
        Adoption.objects.filter(event=event, service_id=service_pk)
        .select_related("service")
        .first()
    )
    if adoption is None:
        raise Http404
    return adoption.service


@require_GET
def reliability(request: HttpRequest, pk: int, service_pk: int) -> HttpResponse:
    event = get_event_for(request.user, pk)
    service = _measured_service(event, service_pk)
    entries = list(ReliabilityEntry.objects.filter(event=event, service=service))
    return render(
        request,
        "improvement/reliability.html",
        {
            "event": event,
            "service": service,
            "may_record": can_record_reliability(request.user, event, service),
            "chart": services.reliability_chart(event, service, entries),
            "breadcrumbs": event_crumbs(event),
        },
    )


@keeps_input
@require_http_methods(["GET", "POST"])
def reliability_record(request: HttpRequest, pk: int, service_pk: int) -> HttpResponse:
    event = get_event_for(request.user, pk)
    service = _measured_service(event, service_pk)
    if not can_record_reliability(request.user, event, service):
        raise PermissionDenied
    form = ReliabilityForm(request.POST or restore_input(request) or None, event=event)
    if request.method == "POST" and form.is_valid():
        services.reliability_record(
            event=event, service=service, user=request.user, **form.cleaned_data
        )
        messages.success(request, "Count saved")
        return redirect("improvement:reliability", pk=event.pk, service_pk=service.pk)
    return _form_page(
        request,
        form,
        f"Record a count for {service.name}",
        [
            *event_crumbs(event),
            (
                "Reliability",
                reverse("improvement:reliability", args=[event.pk, service.pk]),
            ),
        ],
        intro=f"How often it happened out of how often it should have, "
        f"{event.get_period_display().lower()}. A count for a period that already has one "
        "replaces it.",
    )


@keeps_input
@require_http_methods(["GET", "POST"])
def adoption_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for(request.user, pk, edit=True)
    form = AdoptionForm(request.POST or restore_input(request) or None, event=event)
    if request.method == "POST" and form.is_valid():
        adoption = Adoption.objects.create(event=event, **form.cleaned_data)
        messages.success(request, f"{adoption.service.name} has taken it up")
        return redirect("improvement:event_detail", pk=event.pk)
    return _form_page(
        request,
        form,
        "Add a team taking it up",
        event_crumbs(event),
        intro="Each team that takes the Always Event up counts its own reliability.",
    )
