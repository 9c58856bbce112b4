"""Writing a peer review: the lead reviewer's form and check page, and the expert
co-reviewer's offer and one-question pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from accounts.kept_input import form_data, keeps_input
from dashboard.models import Assignment, ExpertVolunteer, Review
from dashboard.reviews import assigning, writing
from dashboard.reviews.access import get_assignment_for
from dashboard.reviews.forms import (
    EXPERT_QUESTIONS,
    EXPERT_STEPS,
    MAX_SLOTS,
    ExpertAnswerForm,
    ReviewForm,
    VolunteerForm,
)
from dashboard.reviews.views.record import crumbs, report_url

MIN_SLOTS = 3
CHECK = "check"


def _context(assignment: Assignment) -> dict[str, object]:
    return {
        "assignment": assignment,
        "report": assignment.report,
        "plan": assignment.report.plan,
        "report_url": report_url(assignment.report),
    }


@require_GET
def review_open(request: HttpRequest, pk: int) -> HttpResponse:
    """The link in the email: sends the reviewer to where they are up to."""
    assignment = get_assignment_for(request.user, pk)
    if assignment.reviewer_id != request.user.pk:
        # An admin or governance lead following the link reads, not writes.
        return redirect("dashboard:assignment_list")
    if not assignment.is_current:
        return render(
            request,
            "dashboard/reviews/ended.html",
            _context(assignment) | {"breadcrumbs": crumbs()},
        )
    if assignment.submitted_at:
        return redirect("dashboard:review_done", pk=pk)
    if assignment.kind == Assignment.Kind.EXPERT:
        if assignment.status == Assignment.Status.OFFERED:
            return redirect("dashboard:coreview_offer", pk=pk)
        answers = writing.expert_review_for(assignment)
        step = next(
            (s for s in EXPERT_STEPS if not getattr(answers, EXPERT_QUESTIONS[s][0])), CHECK
        )
        return redirect("dashboard:coreview_step", pk=pk, step=step)
    return redirect("dashboard:review_edit", pk=pk)


# The lead reviewer -------------------------------------------------------------------


def _lead_assignment(request: HttpRequest, pk: int) -> Assignment:
    assignment = get_assignment_for(request.user, pk, write=True)
    if assignment.kind != Assignment.Kind.LEAD:
        raise Http404
    return assignment


def _saved_data(review: Review | None) -> dict[str, str]:
    """The draft as form data, so a saved review opens as it was left."""
    if review is None:
        return {}
    data = {"strengths": review.strengths}
    for rating in review.ratings.all():
        data[f"rating_{rating.standard_id}"] = rating.rating
        data[f"evidence_{rating.standard_id}"] = rating.evidence
    for recommendation in review.recommendations.all():
        data[f"recommendation_{recommendation.order}"] = recommendation.text
    return data


@keeps_input
@require_http_methods(["GET", "POST"])
def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _lead_assignment(request, pk)
    if assignment.submitted_at:
        return redirect("dashboard:review_done", pk=pk)
    standards = list(assignment.report.plan.standards.order_by("order", "pk"))
    review = Review.objects.filter(assignment=assignment).first()
    saved = review.recommendations.count() if review else 0
    action = request.POST.get("action", "continue")
    try:
        asked = int(request.GET.get("slots", 0))
    except ValueError:
        asked = 0
    if request.method == "POST":
        posted_slots = sum(1 for key in request.POST if key.startswith("recommendation_"))
        slots = max(posted_slots, MIN_SLOTS)
    else:
        slots = max(MIN_SLOTS, saved + 1, min(asked, MAX_SLOTS))
    form = ReviewForm(
        form_data(request),
        initial=_saved_data(review),
        standards=standards,
        slots=slots,
        complete=request.method == "POST" and action == "continue",
    )
    if request.method == "POST" and form.is_valid():
        writing.review_save(
            assignment=assignment,
            standards=standards,
            ratings=form.ratings(),
            strengths=form.cleaned_data["strengths"].strip(),
            recommendations=form.recommendations(),
        )
        if action == "add":
            url = reverse("dashboard:review_edit", args=[pk])
            more = len(form.recommendations()) + 1
            return redirect(f"{url}?slots={max(more, slots + 1)}#recommendations")
        if action == "save":
            messages.success(request, "Your review is saved. Come back to it any time.")
            return redirect("dashboard:review_list")
        return redirect("dashboard:review_check", pk=pk)
    return render(
        request,
        "dashboard/reviews/review_edit.html",
        _context(assignment) | {"form": form, "standards": standards, "breadcrumbs": crumbs()},
    )


@require_http_methods(["GET", "POST"])
def review_check(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _lead_assignment(request, pk)
    if assignment.submitted_at:
        return redirect("dashboard:review_done", pk=pk)
    review = Review.objects.filter(assignment=assignment).first()
    if review is None:
        return redirect("dashboard:review_edit", pk=pk)
    standards = list(assignment.report.plan.standards.order_by("order", "pk"))
    ratings = {rating.standard_id: rating for rating in review.ratings.all()}
    rows = [(number, s, ratings.get(s.pk)) for number, s in enumerate(standards, start=1)]
    recommendations = list(review.recommendations.all())
    incomplete = (
        not review.strengths
        or not recommendations
        or any(r is None or not r.rating or not r.evidence for _n, _s, r in rows)
    )
    if request.method == "POST":
        if incomplete:
            return redirect("dashboard:review_edit", pk=pk)
        writing.review_submit(assignment=assignment)
        return redirect("dashboard:review_done", pk=pk)
    return render(
        request,
        "dashboard/reviews/review_check.html",
        _context(assignment)
        | {
            "review": review,
            "rows": rows,
            "recommendations": recommendations,
            "incomplete": incomplete,
        },
    )


@require_GET
def review_done(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_assignment_for(request.user, pk)
    if assignment.reviewer_id != request.user.pk or not assignment.submitted_at:
        raise Http404
    return render(
        request,
        "dashboard/reviews/done.html",
        _context(assignment) | {"breadcrumbs": crumbs()},
    )


# The expert co-reviewer ------------------------------------------------------------------


def _expert_assignment(request: HttpRequest, pk: int) -> Assignment:
    assignment = get_assignment_for(request.user, pk, write=True)
    if assignment.kind != Assignment.Kind.EXPERT:
        raise Http404
    return assignment


@require_http_methods(["GET", "POST"])
def coreview_offer(request: HttpRequest, pk: int) -> HttpResponse:
    """One question: would you like to help? Two big buttons."""
    assignment = _expert_assignment(request, pk)
    if assignment.status != Assignment.Status.OFFERED:
        return redirect("dashboard:review_open", pk=pk)
    problem = False
    if request.method == "POST":
        choice = request.POST.get("answer")
        if choice in {"yes", "no"}:
            assigning.offer_answer(assignment=assignment, accept=choice == "yes")
            if choice == "yes":
                return redirect("dashboard:coreview_step", pk=pk, step=EXPERT_STEPS[0])
            messages.success(request, "Thank you for letting us know. We will ask someone else.")
            return redirect("dashboard:review_list")
        problem = True
    return render(
        request,
        "dashboard/reviews/coreview_offer.html",
        _context(assignment) | {"problem": problem},
    )


@keeps_input
@require_http_methods(["GET", "POST"])
def coreview_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    assignment = _expert_assignment(request, pk)
    if step != CHECK and step not in EXPERT_QUESTIONS:
        raise Http404
    if assignment.status != Assignment.Status.ACCEPTED:
        return redirect("dashboard:review_open", pk=pk)
    if assignment.submitted_at:
        return redirect("dashboard:review_done", pk=pk)
    answers = writing.expert_review_for(assignment)
    back_to_check = request.GET.get("next") == CHECK
    if step == CHECK:
        return _coreview_check(request, assignment, answers)
    field = EXPERT_QUESTIONS[step][0]
    form = ExpertAnswerForm(
        form_data(request),
        initial={"answer": getattr(answers, field)},
        step=step,
        about=f"{assignment.report.plan.service_name} plan",
    )
    index = EXPERT_STEPS.index(step)
    if request.method == "POST" and form.is_valid():
        writing.expert_answer_save(
            assignment=assignment, question=field, text=form.cleaned_data["answer"].strip()
        )
        following = (
            CHECK if back_to_check or index == len(EXPERT_STEPS) - 1 else EXPERT_STEPS[index + 1]
        )
        return redirect("dashboard:coreview_step", pk=pk, step=following)
    if back_to_check:
        back_url = reverse("dashboard:coreview_step", args=[pk, CHECK])
    elif index:
        back_url = reverse("dashboard:coreview_step", args=[pk, EXPERT_STEPS[index - 1]])
    else:
        back_url = reverse("dashboard:review_list")
    action = reverse("dashboard:coreview_step", args=[pk, step])
    return render(
        request,
        "dashboard/reviews/coreview_question.html",
        _context(assignment)
        | {
            "form": form,
            "back_url": back_url,
            "action": f"{action}?next={CHECK}" if back_to_check else action,
        },
    )


def _coreview_check(request: HttpRequest, assignment: Assignment, answers) -> HttpResponse:
    rows = [
        {
            "question": question,
            "answer": getattr(answers, field),
            "change_url": reverse("dashboard:coreview_step", args=[assignment.pk, step])
            + f"?next={CHECK}",
        }
        for step, (field, question, _hint) in EXPERT_QUESTIONS.items()
    ]
    empty = not (answers.going_well or answers.could_be_better)
    problem = request.method == "POST" and empty
    if request.method == "POST" and not empty:
        writing.expert_review_submit(assignment=assignment)
        return redirect("dashboard:review_done", pk=assignment.pk)
    return render(
        request,
        "dashboard/reviews/coreview_check.html",
        _context(assignment)
        | {
            "rows": rows,
            "problem": problem,
            "first_url": rows[0]["change_url"],
            "back_url": reverse("dashboard:coreview_step", args=[assignment.pk, EXPERT_STEPS[-1]]),
        },
    )


@keeps_input
@require_http_methods(["GET", "POST"])
def review_willing(request: HttpRequest) -> HttpResponse:
    """An expert by experience says whether we may ask them to co-review plans."""
    if not request.user.is_expert:
        raise PermissionDenied
    volunteer = ExpertVolunteer.objects.filter(user=request.user).first()
    initial = {"willing": "yes" if volunteer.is_willing else "no"} if volunteer else None
    form = VolunteerForm(form_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        willing = form.cleaned_data["willing"] == "yes"
        ExpertVolunteer.objects.update_or_create(
            user=request.user, defaults={"is_willing": willing}
        )
        messages.success(
            request,
            "Thank you. We will ask you when there is a plan to review."
            if willing
            else "Thank you. We will not ask you for now.",
        )
        return redirect("dashboard:review_list")
    return render(
        request,
        "dashboard/reviews/willing.html",
        {"form": form, "back_url": reverse("dashboard:review_list")},
    )
