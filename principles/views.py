"""Principles self-assessments: rounds, the answer pages, and results.

The answer pages are one flow reached three ways: a personal link (no account
needed), a signed-in person's "my rounds" page (which links to the same), and a
lead typing in a paper or phone answer for someone (marked as theirs).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.kept_input import form_data, keeps_input
from accounts.models import User
from accounts.two_factor import qr_code
from actions.models import Action
from principles import results as figures
from principles import services
from principles.access import (
    answering_invitation,
    answering_keep_input,
    answering_start,
    answering_take_kept,
    get_invitation_by_token,
    get_invitation_for,
    get_round_for,
)
from principles.forms import (
    DONT_KNOW,
    AnswerForm,
    NewLinkForm,
    OnBehalfPerspectiveForm,
    PerspectiveForm,
    RoundForm,
)
from principles.models import Answer, Invitation, Response, Round
from principles.paper import paper_questionnaire_pdf
from principles.results import MIN_GROUP, SIDE_LABELS, SIDES
from principles.texts import CODES, CREDIT, PRINCIPLE_TEXTS, PRINCIPLES, scale_label
from projects.access import get_project_for
from projects.models import Person

ABOUT_YOU = "about-you"
CHECK = "check"
DONE = "done"
STEPS = {ABOUT_YOU, *CODES, CHECK, DONE}
BACK_TO_CHECK = "check"


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _home() -> tuple[str, str]:
    return ("Home", reverse("home"))


def _project_crumbs(project) -> list[tuple[str, str]]:
    return [
        _home(),
        ("Projects", reverse("projects:project_list")),
        (project.title, reverse("projects:project_detail", args=[project.pk])),
        ("Principles", reverse("principles:project_rounds", args=[project.pk])),
    ]


# Rounds -------------------------------------------------------------------------


@require_GET
def project_rounds(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for(request.user, pk)
    return render(
        request,
        "principles/project_rounds.html",
        {
            "project": project,
            "rounds": list(project.principle_rounds.order_by("-opens_on", "-pk")),
            "today": timezone.localdate(),
            "credit": CREDIT,
            "principles": PRINCIPLES,
            "breadcrumbs": _project_crumbs(project)[:-1],
        },
    )


@keeps_input
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for(request.user, pk, edit=True)
    form = RoundForm(form_data(request), invitees=services.invitees_for(project))
    if request.method == "POST" and form.is_valid():
        round_ = services.round_open(
            project=project,
            name=form.cleaned_data["name"],
            opens_on=form.cleaned_data["opens_on"],
            closes_on=form.cleaned_data["closes_on"],
            by=_user(request),
            invitees=form.chosen(),
        )
        emailed = services.invitations_email(
            round_=round_, site_url=request.build_absolute_uri("/").rstrip("/")
        )
        messages.success(
            request,
            f"Round opened. We are emailing {emailed} {'person' if emailed == 1 else 'people'} "
            "their link. Send everyone else theirs from the list below.",
        )
        return redirect("principles:round_detail", pk=round_.pk)
    return render(
        request,
        "principles/round_form.html",
        {"project": project, "form": form, "breadcrumbs": _project_crumbs(project)},
    )


@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Who was asked and how far each has got. Personal links are never listed:
    each is shown or sent once, when it is made."""
    round_ = get_round_for(request.user, pk, edit=True)
    invitations = list(
        round_.invitations.select_related("person", "user", "response", "link_shown_to").order_by(
            "pk"
        )
    )
    rows = []
    for invitation in invitations:
        response = getattr(invitation, "response", None)
        anonymous = response is not None and response.anonymous_to_team
        rows.append(
            {
                "invitation": invitation,
                "status": _status(response),
                "anonymous": anonymous,
                "on_behalf": response is not None
                and not anonymous
                and response.entered_on_behalf_by_id is not None,
                "entered_from": response.get_entered_from_display()
                if response is not None and not anonymous
                else "",
                "answering_themselves": services.on_behalf_refused(response),
            }
        )
    return render(
        request,
        "principles/round_detail.html",
        {
            "round": round_,
            "project": round_.project,
            "rows": rows,
            "is_open": round_.is_open(),
            "has_closed": round_.has_closed(),
            "breadcrumbs": _project_crumbs(round_.project),
        },
    )


def _status(response: Response | None) -> str:
    if response is not None and response.anonymous_to_team:
        # Nothing about how far they have got, or when: that is theirs too.
        return "Not shown: they asked to keep their answers from the project team"
    if response is None:
        return "Not started"
    return "Sent" if response.submitted_at else "Started"


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Make someone a new personal link, which ends their old one: shown once here,
    to read out, print or send, or emailed to them without being shown."""
    invitation = get_invitation_for(request.user, pk)
    round_ = invitation.round
    form = NewLinkForm(
        request.POST if request.method == "POST" else None, can_email=bool(invitation.email)
    )
    context = {
        "invitation": invitation,
        "round": round_,
        "project": round_.project,
        "has_closed": round_.has_closed(),
        "form": form,
        "breadcrumbs": [
            *_project_crumbs(round_.project),
            (round_.name, reverse("principles:round_detail", args=[round_.pk])),
        ],
    }
    if request.method == "POST" and not round_.has_closed() and form.is_valid():
        if form.cleaned_data["how"] == NewLinkForm.EMAIL:
            services.invitation_link_email(
                invitation=invitation, site_url=request.build_absolute_uri("/").rstrip("/")
            )
            messages.success(
                request,
                f"We are emailing {invitation.name} a new link. Their old link no longer works.",
            )
            return redirect("principles:round_detail", pk=round_.pk)
        token = services.invitation_link_new(invitation=invitation, shown_to=_user(request))
        link = request.build_absolute_uri(reverse("principles:respond", kwargs={"token": token}))
        response = render(
            request, "principles/new_link.html", {**context, "link": link, "qr": qr_code(link)}
        )
        response.headers["Referrer-Policy"] = "no-referrer"
        return response
    return render(request, "principles/invitation_link.html", context)


@never_cache
@require_GET
def invitation_paper(request: HttpRequest, pk: int) -> HttpResponse:
    """A paper questionnaire for someone, with their reference, to print and give
    or post. The same people who may type answers in for them may print it."""
    invitation = get_invitation_for(request.user, pk)
    pdf = paper_questionnaire_pdf(invitation=invitation)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="questionnaire-{invitation.paper_reference}.pdf"'
    )
    return response


@require_GET
def round_results(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_round_for(request.user, pk, results=True)
    if not round_.has_closed():
        # Figures that change as each person sends their answers would tell whoever
        # watches them how that person rated: nothing is shown until the round closes.
        return render(
            request,
            "principles/results_pending.html",
            {
                "round": round_,
                "project": round_.project,
                "breadcrumbs": _project_crumbs(round_.project),
            },
        )
    previous = round_.previous()
    if previous is not None and not previous.has_closed():
        previous = None
    rows = figures.answer_rows([round_.pk, previous.pk] if previous else [round_.pk])
    results = figures.round_results(
        rows.get(round_.pk, []), rows.get(previous.pk, []) if previous else None
    )
    principles = [
        {
            "text": PRINCIPLE_TEXTS[result.code],
            "result": result,
            "sides": [
                {"key": side, "label": SIDE_LABELS[side], "figures": result.sides[side]}
                for side in SIDES
            ],
        }
        for result in results.principles
    ]
    return render(
        request,
        "principles/results.html",
        {
            "round": round_,
            "project": round_.project,
            "previous": previous,
            "results": results,
            "principles": principles,
            "respondents": [(SIDE_LABELS[side], results.respondents[side]) for side in SIDES],
            "points": [(point, scale_label(point)) for point in range(1, 6)],
            "min_group": MIN_GROUP,
            "credit": CREDIT,
            # What the leads will do about these results, on the action log.
            "actions": list(
                Action.objects.from_sources([round_]).visible_to(request.user).for_list()
            ),
            "can_raise": round_.can_edit,  # type: ignore[attr-defined]  # annotated by get_round_for
            "today": timezone.localdate(),
            "breadcrumbs": _project_crumbs(round_.project),
        },
    )


@require_GET
def my_rounds(request: HttpRequest) -> HttpResponse:
    """Open rounds the signed-in person is invited to, with their own links."""
    invitations = list(
        Invitation.objects.for_user(request.user)
        .filter(round__in=Round.objects.open_on(timezone.localdate()))
        .select_related("round__project", "response")
        .order_by("round__closes_on", "pk")
    )
    rows = [
        {
            "invitation": invitation,
            "url": reverse("principles:respond_mine", kwargs={"pk": invitation.pk}),
            "response": getattr(invitation, "response", None),
        }
        for invitation in invitations
    ]
    return render(request, "principles/my_rounds.html", {"rows": rows, "breadcrumbs": [_home()]})


# The answer pages -------------------------------------------------------------------


@dataclass
class Flow:
    """Where the answer pages live for this visit, and who is typing.

    `private_before`: when a lead was shown the link this session was opened with,
    answers saved before then are not shown again (they may be changed), so making
    someone a new link is never a way to read what they said.
    """

    invitation: Invitation
    url_name: str
    url_kwargs: dict[str, object]
    on_behalf_by: User | None = None
    private_before: datetime.datetime | None = None

    def url(self, step: str | None = None, *, back_to_check: bool = False) -> str:
        kwargs = {**self.url_kwargs, **({"step": step} if step else {})}
        url = reverse(self.url_name, kwargs=kwargs)
        return f"{url}?next={BACK_TO_CHECK}" if back_to_check else url

    def is_private(self, answer: Answer | None) -> bool:
        return (
            answer is not None
            and self.private_before is not None
            and answer.updated_at < self.private_before
        )


@login_not_required
@never_cache
@require_GET
def respond(request: HttpRequest, token: str) -> HttpResponse:
    """A personal link. A genuine one is exchanged for an answering session bound
    to its invitation, and the browser moves on to an address without the token."""
    invitation = get_invitation_by_token(token)
    if invitation is None:
        return _link_problem(request, "unknown", status=404)
    answering_start(request, invitation)
    response = redirect("principles:answer")
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, step: str | None = None) -> HttpResponse:
    """The answer pages for the invitation whose link was opened in this browser."""
    answering = answering_invitation(request)
    invitation = answering.invitation
    if invitation is None:
        kept = request.method == "POST" and answering_keep_input(request, step)
        return _link_problem(request, answering.problem, status=200, kept=kept)
    private_before = invitation.link_made_at if invitation.link_shown_to_id else None
    flow = Flow(invitation, "principles:answer", {}, private_before=private_before)
    return _answer_pages(request, flow, step)


@never_cache
@require_http_methods(["GET", "POST"])
def respond_mine(request: HttpRequest, pk: int, step: str | None = None) -> HttpResponse:
    """The answer pages for a signed-in person's own invitation: no link needed."""
    invitation = get_object_or_404(
        Invitation.objects.for_user(request.user).select_related("round__project", "person"),
        pk=pk,
    )
    return _answer_pages(request, Flow(invitation, "principles:respond_mine", {"pk": pk}), step)


@never_cache
@require_http_methods(["GET", "POST"])
def respond_on_behalf(request: HttpRequest, pk: int, step: str | None = None) -> HttpResponse:
    invitation = get_invitation_for(request.user, pk)
    response = Response.objects.filter(invitation=invitation).first()
    if services.on_behalf_refused(response):
        return render(
            request,
            "principles/on_behalf_refused.html",
            {
                "invitation": invitation,
                "round": invitation.round,
                "breadcrumbs": _project_crumbs(invitation.round.project),
            },
            status=403,
        )
    flow = Flow(invitation, "principles:respond_on_behalf", {"pk": pk}, on_behalf_by=_user(request))
    return _answer_pages(request, flow, step)


def _link_problem(
    request: HttpRequest,
    problem: str,
    *,
    status: int,
    round_: Round | None = None,
    kept: bool = False,
) -> HttpResponse:
    return render(
        request,
        "principles/link_problem.html",
        {"problem": problem, "round": round_, "kept": kept},
        status=status,
    )


def _answer_pages(request: HttpRequest, flow: Flow, step: str | None) -> HttpResponse:
    round_ = flow.invitation.round
    # A plain page, not an error: an error status would write the address to the logs.
    if round_.has_closed():
        return _link_problem(request, "closed", status=200, round_=round_)
    if not round_.is_open():
        return _link_problem(request, "not_open", status=200, round_=round_)
    if step is not None and step not in STEPS:
        raise Http404
    response = Response.objects.filter(invitation=flow.invitation).first()
    answers = (
        {a.principle: a for a in response.answers.select_related("entered_by")} if response else {}
    )
    if step is None or (step != ABOUT_YOU and (response is None or not response.perspective)):
        return redirect(flow.url(_resume_step(response, answers)))
    context = {
        "flow": flow,
        "round": round_,
        "invitation": flow.invitation,
        "response": response,
        "on_behalf_by": flow.on_behalf_by or (response.entered_on_behalf_by if response else None),
        # A member of staff typing someone's answers in: the pages speak of "them".
        "staff_typing": flow.on_behalf_by is not None,
        "back_to_check": request.GET.get("next") == BACK_TO_CHECK,
        "easy_read": _prefers_easy_read(flow.invitation),
        "kept": answering_take_kept(request, step)
        if flow.url_name == "principles:answer"
        else None,
    }
    if step == ABOUT_YOU:
        return _about_you(request, flow, response, answers, context)
    if step == CHECK:
        return _check(request, flow, response, answers, context)
    if step == DONE:
        if response is None or response.submitted_at is None:
            return redirect(flow.url(CHECK))
        return render(request, "principles/done.html", context)
    return _question(request, flow, response, answers.get(step), step, context)


def _prefers_easy_read(invitation: Invitation) -> bool:
    """Whether the person answering (on the register, or by their account) asked
    for Easy Read."""
    person = invitation.person
    if person is None and invitation.user_id is not None:
        person = Person.objects.filter(user_id=invitation.user_id).first()
    return person is not None and person.preferred_format == Person.Format.EASY_READ


def _resume_step(response: Response | None, answers: dict[str, Answer]) -> str:
    """Where someone coming back left off: about them, the first question they have
    not answered, or the check page."""
    if response is None or not response.perspective:
        return ABOUT_YOU
    if response.submitted_at:
        return CHECK
    return next((code for code in CODES if code not in answers), CHECK)


def _about_you(request, flow, response, answers, context) -> HttpResponse:
    initial = (
        {
            "perspective": response.perspective,
            "anonymous_to_team": response.anonymous_to_team,
            "entered_from": response.entered_from or None,
        }
        if response
        else {"perspective": flow.invitation.perspective or None}
    )
    form_class = OnBehalfPerspectiveForm if flow.on_behalf_by else PerspectiveForm
    form = form_class(_form_data(request, context), initial=initial)
    if request.method == "POST" and form.is_valid():
        response = services.response_for(flow.invitation, on_behalf_by=flow.on_behalf_by)
        response.perspective = form.cleaned_data["perspective"]
        response.anonymous_to_team = form.cleaned_data["anonymous_to_team"]
        fields = ["perspective", "anonymous_to_team", "updated_at"]
        if flow.on_behalf_by:
            response.entered_from = form.cleaned_data["entered_from"]
            fields.append("entered_from")
        response.save(update_fields=fields)
        if context["back_to_check"]:
            return redirect(flow.url(CHECK))
        return redirect(flow.url(_resume_step(response, answers)))
    return render(
        request,
        "principles/about_you.html",
        {
            **context,
            "form": form,
            "action": flow.url(ABOUT_YOU, back_to_check=context["back_to_check"]),
            "back_url": flow.url(CHECK) if context["back_to_check"] else None,
        },
    )


def _form_data(request: HttpRequest, context: dict) -> QueryDict | None:
    """The POST; on a GET, what was typed when an answering session ran out, if any."""
    if request.method == "POST":
        return request.POST
    if context["kept"]:
        data = QueryDict(mutable=True)
        for key, values in context["kept"].items():
            data.setlist(key, values)
        return data
    return None


def _question(request, flow, response, answer, code, context) -> HttpResponse:
    text = PRINCIPLE_TEXTS[code]
    private = flow.is_private(answer)
    initial = (
        {"score": DONT_KNOW if answer.dont_know else str(answer.score), "comment": answer.comment}
        if answer and not private
        else None
    )
    form = AnswerForm(_form_data(request, context), initial=initial, text=text)
    index = CODES.index(code)
    if request.method == "POST" and form.is_valid():
        response = services.response_for(flow.invitation, on_behalf_by=flow.on_behalf_by)
        services.answer_save(
            response=response,
            principle=code,
            score=form.chosen_score(),
            comment=form.cleaned_data["comment"].strip(),
            by=flow.on_behalf_by,
        )
        if context["back_to_check"] or index == len(CODES) - 1:
            return redirect(flow.url(CHECK))
        return redirect(flow.url(CODES[index + 1]))
    if context["back_to_check"]:
        back_url = flow.url(CHECK)
    else:
        back_url = flow.url(CODES[index - 1] if index else ABOUT_YOU)
    return render(
        request,
        "principles/question.html",
        {
            **context,
            "form": form,
            "text": text,
            "private": private,
            "skip_url": flow.url(
                CHECK if context["back_to_check"] or index == len(CODES) - 1 else CODES[index + 1]
            ),
            "action": flow.url(code, back_to_check=context["back_to_check"]),
            "back_url": back_url,
        },
    )


def _check(request, flow, response, answers, context) -> HttpResponse:
    rows = []
    for number, text in enumerate(PRINCIPLES, start=1):
        answer = answers.get(text.code)
        shown = answer if not flow.is_private(answer) else None
        rows.append(
            {
                "number": number,
                "text": text,
                "answer": answer,
                "private": shown is None and answer is not None,
                "score_label": scale_label(shown.score) if shown and shown.score else "",
                "meaning": text.scale.get(shown.score) if shown and shown.score else "",
                "change_url": flow.url(text.code, back_to_check=True),
            }
        )
    missing = [row for row in rows if row["answer"] is None]
    problem = request.method == "POST" and bool(missing)
    if request.method == "POST" and not missing:
        first_time = response.submitted_at is None
        response = services.response_for(flow.invitation, on_behalf_by=flow.on_behalf_by)
        services.response_submit(response=response)
        if not first_time:
            messages.success(request, "Your changes are saved.")
        return redirect(flow.url(DONE))
    return render(
        request,
        "principles/check.html",
        {
            **context,
            "rows": rows,
            "missing": missing,
            "problem": problem,
            "perspective_label": response.get_perspective_display(),
            "perspective_change_url": flow.url(ABOUT_YOU, back_to_check=True),
            "back_url": flow.url(CODES[-1]),
            "action": flow.url(CHECK),
        },
        status=200,
    )
