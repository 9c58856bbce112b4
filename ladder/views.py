"""The ladder: reference, classifying, confirming, a project's movement, lists."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.db.models import F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from accounts.kept_input import form_data, keeps_input
from accounts.models import User
from ladder import services
from ladder.access import get_activity_to_confirm, get_participant_for
from ladder.chart import rung_chart
from ladder.forms import SAVE, SUGGEST, ClassifyForm, ConfirmForm, OnBehalfForm, TargetForm
from ladder.models import Classification, Response
from ladder.movement import rung_over_time, target_gap_text
from ladder.questions import LABEL_RUNGS, QUESTIONS, SUGGESTION_RULE, next_steps, suggest_rung
from ladder.texts import CREDIT, GROUP_TEXTS, RUNG_TEXTS, rung_text
from projects.access import get_activity_for, get_project_for
from projects.models import Activity, Person
from projects.rungs import RUNGS_IN_GROUP, Group, Rung, RungStatus

PAGE_SIZE = 20


def _user(request: HttpRequest) -> User:
    """The signed-in user: LoginRequiredMiddleware keeps everyone else out."""
    return cast(User, request.user)


def _home() -> tuple[str, str]:
    return ("Home", reverse("home"))


def _activity_crumbs(activity: Activity) -> list[tuple[str, str]]:
    return [
        _home(),
        ("Projects", reverse("projects:project_list")),
        (activity.project.title, reverse("projects:project_detail", args=[activity.project_id])),
        (activity.title, reverse("projects:activity_detail", args=[activity.pk])),
    ]


# The ladder itself ------------------------------------------------------------


@require_GET
def reference(request: HttpRequest) -> HttpResponse:
    """The seven rungs, top down, each with the latest example the viewer may see."""
    latest = (
        Activity.objects.visible_to(request.user)
        .filter(rung__isnull=False)
        .annotate(
            place=Window(
                RowNumber(), partition_by=[F("rung")], order_by=[F("date").desc(), F("pk").desc()]
            )
        )
        .filter(place=1)
        .select_related("project")
    )
    examples = {activity.rung: activity for activity in latest}
    groups = [
        {
            "text": GROUP_TEXTS[group],
            "rungs": [
                {"text": RUNG_TEXTS[rung], "example": examples.get(rung)}
                for rung in reversed(RUNGS_IN_GROUP[group])
            ],
        }
        for group in reversed(Group)
    ]
    return render(
        request,
        "ladder/reference.html",
        {"groups": groups, "credit": CREDIT, "breadcrumbs": [_home()]},
    )


# Classifying and confirming an activity --------------------------------------


@require_GET
def activity_ladder(request: HttpRequest, pk: int) -> HttpResponse:
    """Where an activity is on the ladder, how it got there, and what people said."""
    activity = get_activity_for(request.user, pk)
    history = list(
        Classification.objects.filter(activity=activity)
        .select_related("by")
        .prefetch_related(
            Prefetch("responses", queryset=Response.objects.select_related("entered_by"))
        )
        .order_by("-pk")
    )
    current = history[0] if history else None
    answers = current.answers if current else {}
    responses = list(current.responses.all()) if current else []
    return render(
        request,
        "ladder/activity.html",
        {
            "activity": activity,
            "current": current,
            "earlier": history[1:],
            "text": rung_text(activity.rung),
            "suggested_text": rung_text(current.suggested_rung) if current else None,
            "answers": [(q.text, answers.get(q.key, "not_sure")) for q in QUESTIONS],
            "next_steps": next_steps(answers) if current else [],
            "responses": responses,
            "participants": _participants(activity, responses)
            if current and activity.can_edit  # type: ignore[attr-defined]  # annotated
            else [],
            "placed_differently": current is not None
            and LABEL_RUNGS.get(current.label) != current.chosen_rung,
            "took_part": request.user.has_perm("ladder.respond_to_classification", activity),
            "breadcrumbs": _activity_crumbs(activity),
        },
    )


def _participants(activity: Activity, responses: list[Response]) -> list[dict[str, object]]:
    """Everyone on the register who took part, with their answer if they gave one,
    for the leads who may enter answers for them."""
    by_person = {response.person_id: response for response in responses}
    people = (
        Person.objects.filter(involvements__activity=activity)
        .distinct()
        .order_by("display_name", "pk")
    )
    return [{"person": person, "response": by_person.get(person.pk)} for person in people]


@keeps_input
@require_http_methods(["GET", "POST"])
def classify(request: HttpRequest, pk: int) -> HttpResponse:
    """Answer the questions, see the suggested rung, then choose (two steps, so it
    works without JavaScript: "Suggest a rung" redraws the page with the choice)."""
    activity = get_activity_for(request.user, pk, edit=True)
    action = request.POST.get("action", SAVE) if request.method == "POST" else ""
    data = form_data(request)
    form = ClassifyForm(data, choosing=action != SUGGEST)
    answers: dict[str, str] | None = None
    if data is None:
        form, answers = _form_from_latest(activity)
    elif form.is_valid() and action != SUGGEST:
        services.classification_record(
            activity=activity,
            by=_user(request),
            answers=form.answers(),
            label=form.cleaned_data["label"],
            chosen=form.cleaned_data["chosen_rung"],
            reason=form.cleaned_data["reason"],
            site_url=request.build_absolute_uri("/"),
        )
        messages.success(request, "Classification saved. We will ask the people who took part.")
        return redirect("ladder:activity", pk=activity.pk)
    elif action == SUGGEST and form.is_valid():
        answers = form.answers()
        # A fresh form, so the chosen rung starts at the (new) suggestion.
        initial = {**form.cleaned_data, "chosen_rung": suggest_rung(answers)}
        form = ClassifyForm(initial=initial, choosing=False)
    elif action != SUGGEST:
        answers = form.valid_answers()
    suggestion = suggest_rung(answers) if answers is not None else None
    return render(
        request,
        "ladder/classify.html",
        {
            "activity": activity,
            "form": form,
            "helper": form.layout_for(show_choice=answers is not None),
            "suggestion": suggestion,
            "suggestion_text": rung_text(suggestion),
            "show_choice": answers is not None,
            "rule": SUGGESTION_RULE,
            "breadcrumbs": _activity_crumbs(activity),
        },
    )


def _form_from_latest(activity: Activity) -> tuple[ClassifyForm, dict[str, str] | None]:
    """Reclassifying starts from the last answers; a first time starts empty."""
    latest = Classification.objects.latest_for(activity)
    if latest is None:
        return ClassifyForm(choosing=False), None
    initial = {**latest.answers, "label": latest.label, "chosen_rung": latest.chosen_rung}
    return ClassifyForm(initial=initial, choosing=False), latest.answers


@keeps_input
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_to_confirm(request.user, pk)
    classification = Classification.objects.latest_for(activity)
    person = Person.objects.get(user=_user(request))
    answered = classification.responses.filter(person=person).first() if classification else None
    form = ConfirmForm(
        form_data(request),
        initial={"verdict": answered.verdict, "reason": answered.reason} if answered else None,
    )
    if request.method == "POST" and classification and form.is_valid():
        services.response_record(
            classification=classification,
            person=person,
            verdict=form.cleaned_data["verdict"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, "Thank you. We have saved your answer.")
        return redirect("home")
    return render(
        request,
        "ladder/confirm.html",
        {
            "activity": activity,
            "classification": classification,
            "text": rung_text(classification.chosen_rung) if classification else None,
            "answered": answered,
            "form": form,
            "easy_read": person.preferred_format == Person.Format.EASY_READ,
            "breadcrumbs": [_home()],
        },
    )


@keeps_input
@require_http_methods(["GET", "POST"])
def respond_on_behalf(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    """A lead types in what someone who took part told them: in person, by phone
    or on paper. Never over an answer the person gave themselves."""
    activity, person = get_participant_for(request.user, pk, person_pk)
    classification = Classification.objects.latest_for(activity)
    answered = classification.responses.filter(person=person).first() if classification else None
    crumbs = [*_activity_crumbs(activity), ("On the ladder", reverse("ladder:activity", args=[pk]))]
    context = {"activity": activity, "person": person, "breadcrumbs": crumbs}
    if services.response_on_behalf_refused(answered):
        return render(request, "ladder/on_behalf_refused.html", context, status=403)
    initial = (
        {"verdict": answered.verdict, "reason": answered.reason, "how": answered.how}
        if answered
        else None
    )
    form = OnBehalfForm(form_data(request), initial=initial, person=person)
    if request.method == "POST" and classification and form.is_valid():
        try:
            services.response_record(
                classification=classification,
                person=person,
                verdict=form.cleaned_data["verdict"],
                reason=form.cleaned_data["reason"],
                entered_by=_user(request),
                how=form.cleaned_data["how"],
            )
        except services.AnsweredThemselves:
            return render(request, "ladder/on_behalf_refused.html", context, status=403)
        messages.success(
            request, f"Saved. {person.display_name}'s answer is marked as entered on their behalf."
        )
        return redirect("ladder:activity", pk=activity.pk)
    return render(
        request,
        "ladder/on_behalf.html",
        {
            **context,
            "classification": classification,
            "text": rung_text(classification.chosen_rung) if classification else None,
            "answered": answered,
            "form": form,
        },
    )


# Projects -----------------------------------------------------------------------


@require_GET
def project_ladder(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for(request.user, pk)
    classified = list(project.activities.filter(rung__isnull=False).order_by("-date", "-pk"))
    periods = rung_over_time((a.date, a.rung) for a in classified if a.rung is not None)
    current = periods[-1].rung if periods else None
    return render(
        request,
        "ladder/project.html",
        {
            "project": project,
            "periods": periods,
            "chart": rung_chart(periods, target=project.effective_target_rung),
            "latest": periods[-1] if periods else None,
            "previous": periods[-2] if len(periods) > 1 else None,
            "target_text": target_gap_text(current, project.effective_target_rung),
            "flagged": [a for a in classified if a.faux_production],
            "contested": [a for a in classified if a.rung_status == RungStatus.CONTESTED],
            "activities": classified,
            "unclassified_count": project.activities.filter(rung__isnull=True).count(),
            "breadcrumbs": [
                _home(),
                ("Projects", reverse("projects:project_list")),
                (project.title, reverse("projects:project_detail", args=[project.pk])),
            ],
        },
    )


@keeps_input
@require_http_methods(["GET", "POST"])
def project_target(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for(request.user, pk, edit=True)
    form = TargetForm(form_data(request), instance=project)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Target set: {Rung(form.cleaned_data['target_rung']).label}")
        return redirect("ladder:project", pk=project.pk)
    return render(
        request,
        "ladder/project_target.html",
        {
            "project": project,
            "form": form,
            "breadcrumbs": [
                _home(),
                ("Projects", reverse("projects:project_list")),
                (project.title, reverse("projects:project_detail", args=[project.pk])),
                ("On the ladder", reverse("ladder:project", args=[project.pk])),
            ],
        },
    )
