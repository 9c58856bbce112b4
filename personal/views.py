"""The personal page: a person on the register sees and does their own things,
with no account, through a personal link; and staff making them that link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.two_factor import qr_code
from ladder import services as ladder_services
from ladder.forms import ConfirmForm
from ladder.texts import rung_text
from opportunities import services as opportunity_services
from opportunities.forms import InterestForm
from opportunities.models import Interest, Opportunity
from opportunities.texts import texts_for as opportunity_texts
from personal import page, services
from personal.access import (
    Visit,
    code_tries_left,
    get_person_to_link,
    visit_current,
    visit_keep_input,
    visit_start,
    visit_take_kept,
)
from personal.forms import HOW_EMAIL, CodeForm, DetailsForm, NewLinkForm
from personal.models import PersonalLink
from personal.texts import is_easy_read, texts_for
from principles import services as principles_services
from principles.access import answering_start
from principles.models import Invitation
from projects.forms.people import EqualityForm
from projects.models import EqualityMonitoring, Person, RecordView
from projects.privacy.audit import record_view

RUNGS_SHOWN = 5


def _no_referrer(response: HttpResponse) -> HttpResponse:
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _problem(request: HttpRequest, problem: str, *, kept: bool = False) -> HttpResponse:
    """A plain page saying what to do, always 200: a refused link is not an error
    worth logging with its token in the address."""
    return _no_referrer(
        render(request, "personal/link_problem.html", {"problem": problem, "kept": kept})
    )


def _data(request: HttpRequest) -> QueryDict | dict[str, list[str]] | None:
    """The POST, or what was typed before the session ran out, or nothing."""
    if request.method == "POST":
        return request.POST
    kept = visit_take_kept(request)
    if kept is None:
        return None
    data = QueryDict(mutable=True)
    for name, values in kept.items():
        data.setlist(name, values)
    return data


def _visit(request: HttpRequest) -> tuple[Visit, HttpResponse | None]:
    """The person of this browser's session, or the plain page to show instead
    (keeping what was sent, if it came too late)."""
    visit = visit_current(request)
    if visit.person is not None:
        return visit, None
    kept = request.method == "POST" and visit_keep_input(request)
    return visit, _problem(request, visit.problem, kept=kept)


def _context(person: Person, **extra: object) -> dict[str, object]:
    return {
        "person": person,
        "t": texts_for(person),
        "easy_read": is_easy_read(person),
        "breadcrumbs": [("Your page", reverse("personal:page"))],
        **extra,
    }


# Opening a link -----------------------------------------------------------------


def _open(request: HttpRequest, link: PersonalLink) -> HttpResponse:
    back_to = visit_start(request, link)
    return _no_referrer(redirect(back_to or "personal:page"))


@login_not_required
@never_cache
@require_GET
def open_link(request: HttpRequest, token: str) -> HttpResponse:
    """A personal link: exchanged for a short session bound to its person, then
    the browser moves on to `/me/`, an address without the token."""
    link = PersonalLink.objects.by_token(token).first()
    if link is None:
        return _problem(request, "unknown")
    if link.is_revoked:
        return _problem(request, "revoked")
    return _open(request, link)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def code(request: HttpRequest) -> HttpResponse:
    """Type the short code from a letter: it opens the same page as the link."""
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if not code_tries_left(request):
            form.add_error(
                "code",
                "There have been too many tries. Wait an hour and try again, "
                "or ask us for a new letter",
            )
            status = 429
        else:
            link = PersonalLink.objects.by_code(form.cleaned_data["code"]).first()
            if link is None:
                form.add_error(
                    "code", "Check the code and try again. It has 12 letters and numbers"
                )
            elif link.is_revoked:
                return _problem(request, "revoked")
            else:
                return _open(request, link)
    return render(request, "personal/code.html", {"form": form}, status=status)


# The page and its forms ---------------------------------------------------------


@login_not_required
@never_cache
@require_GET
def my_page(request: HttpRequest) -> HttpResponse:
    visit, problem = _visit(request)
    if problem is not None:
        return problem
    person = visit.person
    assert person is not None
    rungs = page.rungs_to_check(person)
    return render(
        request,
        "personal/page.html",
        _context(
            person,
            rounds=page.rounds_waiting(person),
            # A few at a time: a long list on a phone is a chore, not an invitation.
            rungs=rungs[:RUNGS_SHOWN],
            more_rungs=len(rungs) > RUNGS_SHOWN,
            changes=page.what_changed(person),
            involvements=page.involvements(person),
            tax_years=page.tax_years(person),
            equality_shared=EqualityMonitoring.objects.filter(person=person).exists(),
            opportunities=Opportunity.objects.for_person(person, timezone.localdate())
            .select_related("rate_card")
            .with_interest_of(person)
            .order_by("closes_on", "pk"),
            ot=opportunity_texts(easy_read=is_easy_read(person)),
            breadcrumbs=[],
        ),
    )


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def rung(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm or contest how an activity they took part in was placed on the ladder."""
    visit, problem = _visit(request)
    if problem is not None:
        return problem
    person = visit.person
    assert person is not None
    classification = page.current_classification(person, pk)
    if classification is None:
        return _problem(request, "not_yours")
    answered = classification.responses.filter(person=person).first()
    form = ConfirmForm(
        _data(request),
        initial={"verdict": answered.verdict, "reason": answered.reason} if answered else None,
    )
    if request.method == "POST" and form.is_valid():
        ladder_services.response_record(
            classification=classification,
            person=person,
            verdict=form.cleaned_data["verdict"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, "Thank you. We have saved your answer.")
        return redirect("personal:page")
    return render(
        request,
        "personal/rung.html",
        _context(
            person,
            activity=classification.activity,
            classification=classification,
            text=rung_text(classification.chosen_rung),
            answered=answered,
            form=form,
        ),
    )


@login_not_required
@never_cache
@require_POST
def round_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Go straight to answering a principles round they are invited to: the
    answering session is bound to their invitation, no separate link needed."""
    visit, problem = _visit(request)
    if problem is not None:
        return problem
    invitation = get_object_or_404(
        Invitation.objects.filter(person=visit.person).select_related("round"), pk=pk
    )
    if not invitation.round.is_open():
        return _problem(request, "round_closed")
    if not invitation.key_hash:
        # The answering session is bound to the invitation's link; a link nobody
        # is shown is made for it.
        principles_services.invitation_link_new(invitation=invitation)
    answering_start(request, invitation)
    return redirect("principles:answer")


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def details(request: HttpRequest) -> HttpResponse:
    visit, problem = _visit(request)
    if problem is not None:
        return problem
    person = visit.person
    assert person is not None
    form = DetailsForm(_data(request), instance=person)
    if request.method == "POST" and form.is_valid():
        if form.has_changed():
            form.save()
        messages.success(request, "Thank you. We have saved your details.")
        return redirect("personal:page")
    return render(request, "personal/details.html", _context(person, form=form))


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def equality(request: HttpRequest) -> HttpResponse:
    visit, problem = _visit(request)
    if problem is not None:
        return problem
    person = visit.person
    assert person is not None
    form = EqualityForm(_data(request))
    if request.method == "POST" and form.is_valid():
        EqualityMonitoring.objects.update_or_create(person=person, defaults=form.cleaned_data)
        record_view(person=person, user=None, action=RecordView.Action.EQUALITY_SAVED)
        messages.success(request, "Thank you. We have saved your answers.")
        return redirect("personal:page")
    return render(
        request,
        "personal/equality.html",
        _context(
            person,
            form=form,
            already_shared=EqualityMonitoring.objects.filter(person=person).exists(),
        ),
    )


# Staff: making someone a link ---------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def link_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Email someone a new personal link, or print it in a letter (shown once,
    here). Either way their old link stops working."""
    person = get_person_to_link(request.user, pk)
    form = NewLinkForm(
        request.POST if request.method == "POST" else None,
        initial={"how": request.GET.get("how")},
        can_email=services.can_email(person),
    )
    crumbs = [
        ("Home", reverse("home")),
        ("Register", reverse("projects:person_list")),
        (person.display_name, reverse("projects:person_detail", args=[person.pk])),
    ]
    if request.method == "POST" and form.is_valid():
        site_url = request.build_absolute_uri("/").rstrip("/")
        if form.cleaned_data["how"] == HOW_EMAIL:
            services.link_email(person=person, by=request.user, site_url=site_url)
            messages.success(
                request,
                f"We are emailing {person.display_name} their personal link. "
                "Any older link no longer works.",
            )
            return redirect("projects:person_detail", pk=person.pk)
        new = services.link_new(person=person, by=request.user, given=PersonalLink.Given.PRINTED)
        letter = services.letter_context(person=person, new=new, site_url=site_url)
        return _no_referrer(
            render(
                request,
                "personal/letter.html",
                {
                    "person": person,
                    "letter": letter,
                    "qr": qr_code(letter["url"]),
                    "breadcrumbs": crumbs,
                },
            )
        )
    return render(
        request,
        "personal/link_new.html",
        {
            "person": person,
            "form": form,
            "has_link": PersonalLink.objects.working().filter(person=person).exists(),
            "breadcrumbs": crumbs,
        },
    )


# Ways to get involved -----------------------------------------------------------


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def opportunity(request: HttpRequest, pk: int) -> HttpResponse:
    """One of the ways to get involved offered to the person: what it is, and
    saying they are interested (with the support they need), or changing that."""
    visit, problem = _visit(request)
    if problem is not None:
        return problem
    person = visit.person
    assert person is not None
    found = (
        Opportunity.objects.for_person(person, timezone.localdate())
        .select_related("project", "rate_card")
        .filter(pk=pk)
        .first()
    )
    ot = opportunity_texts(easy_read=is_easy_read(person))
    if found is None:
        # Closed since the page was read, or never offered to them: the same
        # plain answer either way, so nothing is given away.
        return render(
            request, "opportunities/for_person_gone.html", _context(person, ot=ot), status=404
        )
    interest = Interest.objects.current().filter(opportunity=found, person=person).first()
    form = InterestForm(
        _data(request),
        initial={"support_needed": interest.support_needed} if interest else None,
        texts=ot,
        updating=interest is not None,
    )
    if request.method == "POST" and form.is_valid():
        opportunity_services.interest_record(
            opportunity=found,
            person=person,
            support_needed=form.cleaned_data["support_needed"],
            how=Interest.How.PERSONAL_LINK,
        )
        messages.success(request, ot["thanks"])
        return redirect("personal:page")
    return render(
        request,
        "opportunities/for_person.html",
        _context(person, opportunity=found, ot=ot, interest=interest, form=form),
    )


@login_not_required
@never_cache
@require_POST
def opportunity_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The person is no longer interested. Only their own interest can be found."""
    visit, problem = _visit(request)
    if problem is not None:
        return problem
    person = visit.person
    assert person is not None
    interest = get_object_or_404(Interest.objects.current(), opportunity_id=pk, person=person)
    opportunity_services.interest_withdraw(interest=interest)
    messages.success(request, opportunity_texts(easy_read=is_easy_read(person))["withdrawn"])
    return redirect("personal:page")
