"""The personal page: a person on the register sees and does their own things,
with no account, through a personal link; and staff making them that link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ladder import services as ladder_services
from ladder.forms import ConfirmForm
from ladder.texts import rung_text
from opportunities import invitations as opportunity_invitations
from opportunities import services as opportunity_services
from opportunities.choosing_forms import PersonReplyForm
from opportunities.forms import InterestForm
from opportunities.models import Decision, Interest, Opportunity, Reply
from opportunities.texts import texts_for as opportunity_texts
from personal import page, printing, services
from personal.access import (
    code_tries_left,
    get_person_to_link,
    visit_current,
    visit_keep_input,
    visit_start,
    visit_take_kept,
)
from personal.forms import HOW_EMAIL, CodeForm, DetailsForm, NewLinkForm, PayLimitForm
from personal.models import PersonalLink
from personal.page import INVOLVEMENTS_SHOWN, RUNGS_SHOWN, TOLD_SHOWN
from personal.texts import is_easy_read, texts_for
from principles import services as principles_services
from principles.access import answering_start
from principles.models import Invitation
from projects.forms.people import EqualityForm
from projects.letters import personal_link_letter_pdf
from projects.models import EqualityMonitoring, Person, RecordView
from projects.pay_limits import ADVICE_NAME, ADVICE_URL, pay_limit_check
from projects.privacy.audit import by_personal_link, record_view
from projects.telling import told_for

INVOLVEMENTS_PER_PAGE = 20


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


def _visitor(request: HttpRequest) -> Person | HttpResponse:
    """The person of this browser's session, or the plain page to show instead
    (keeping what was sent, if it came too late)."""
    visit = visit_current(request)
    if visit.person is not None:
        return visit.person
    kept = request.method == "POST" and visit_keep_input(request)
    return _problem(request, visit.problem, kept=kept)


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
    with by_personal_link(link.person_id):
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
    person = _visitor(request)
    if isinstance(person, HttpResponse):
        return person
    rungs = page.rungs_to_check(person)
    involvements = list(page.involvements(person)[: INVOLVEMENTS_SHOWN + 1])
    told = told_for(person)
    return render(
        request,
        "personal/page.html",
        _context(
            person,
            rounds=page.rounds_waiting(person),
            # A few at a time: a long list on a phone is a chore, not an invitation.
            rungs=rungs[:RUNGS_SHOWN],
            more_rungs=len(rungs) > RUNGS_SHOWN,
            told=told[:TOLD_SHOWN],
            told_earlier=told[TOLD_SHOWN:],
            involvements=involvements[:INVOLVEMENTS_SHOWN],
            more_involvements=len(involvements) > INVOLVEMENTS_SHOWN,
            tax_years=page.tax_years(person),
            pay_limit=pay_limit_check(person, day=timezone.localdate()),
            advice_url=ADVICE_URL,
            advice_name=ADVICE_NAME,
            equality_shared=EqualityMonitoring.objects.filter(person=person).exists(),
            opportunities=Opportunity.objects.for_person(person, timezone.localdate())
            .select_related("rate_card")
            .with_interest_of(person)
            .order_by("closes_on", "pk"),
            told_opportunities=opportunity_invitations.told_for(person),
            ot=opportunity_texts(easy_read=is_easy_read(person)),
            breadcrumbs=[],
        ),
    )


@login_not_required
@never_cache
@require_GET
def activities(request: HttpRequest) -> HttpResponse:
    """Everything they took part in, a page at a time (the personal page shows the
    latest few)."""
    person = _visitor(request)
    if isinstance(person, HttpResponse):
        return person
    involvements = Paginator(page.involvements(person), INVOLVEMENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "personal/activities.html",
        _context(person, page=involvements, query_string=""),
    )


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def rung(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm or contest how an activity they took part in was placed on the ladder."""
    person = _visitor(request)
    if isinstance(person, HttpResponse):
        return person
    classification = page.current_classification(person, pk)
    if classification is None:
        return _problem(request, "not_yours")
    answered = classification.responses.filter(person=person).first()
    form = ConfirmForm(
        _data(request),
        initial={"verdict": answered.verdict, "reason": answered.reason} if answered else None,
    )
    if request.method == "POST" and form.is_valid():
        with by_personal_link(person.pk):
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
    person = _visitor(request)
    if isinstance(person, HttpResponse):
        return person
    invitation = get_object_or_404(
        Invitation.objects.filter(person=person).select_related("round"), pk=pk
    )
    if not invitation.round.is_open():
        return _problem(request, "round_closed")
    if not invitation.key_hash:
        # The answering session is bound to the invitation's link; a link nobody
        # is shown is made for it.
        with by_personal_link(invitation.person_id):
            principles_services.invitation_link_new(invitation=invitation)
    answering_start(request, invitation)
    return redirect("principles:answer")


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def details(request: HttpRequest) -> HttpResponse:
    person = _visitor(request)
    if isinstance(person, HttpResponse):
        return person
    form = DetailsForm(_data(request), instance=person)
    if request.method == "POST" and form.is_valid():
        if form.has_changed():
            with by_personal_link(person.pk):
                form.save()
        messages.success(request, "Thank you. We have saved your details.")
        return redirect("personal:page")
    return render(request, "personal/details.html", _context(person, form=form))


REMOVE_LIMIT = "remove"


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def pay_limit(request: HttpRequest) -> HttpResponse:
    """The person sets, changes or removes a limit on their fees: the amount and
    the period are theirs to choose; we point to independent advice, never give it."""
    person = _visitor(request)
    if isinstance(person, HttpResponse):
        return person
    t = texts_for(person)
    if request.method == "POST" and REMOVE_LIMIT in request.POST:
        if person.pay_limit_pence is not None:
            person.pay_limit_pence, person.pay_limit_period = None, ""
            with by_personal_link(person.pk):
                person.save(update_fields=["pay_limit_pence", "pay_limit_period"])
        messages.success(request, t["pay_limit_removed"])
        return redirect(reverse("personal:page") + "#pay-limit")
    initial = (
        {"limit": person.pay_limit_pence, "period": person.pay_limit_period}
        if person.pay_limit_pence is not None
        else None
    )
    form = PayLimitForm(_data(request), initial=initial, texts=t)
    if request.method == "POST" and form.is_valid():
        limit, period = form.cleaned_data["limit"], form.cleaned_data["period"]
        if (limit, period) != (person.pay_limit_pence, person.pay_limit_period):
            person.pay_limit_pence, person.pay_limit_period = limit, period
            with by_personal_link(person.pk):
                person.save(update_fields=["pay_limit_pence", "pay_limit_period"])
        messages.success(request, t["pay_limit_saved"])
        return redirect(reverse("personal:page") + "#pay-limit")
    return render(
        request,
        "personal/pay_limit.html",
        _context(
            person,
            form=form,
            has_limit=person.pay_limit_pence is not None,
            advice_url=ADVICE_URL,
            advice_name=ADVICE_NAME,
        ),
    )


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def equality(request: HttpRequest) -> HttpResponse:
    person = _visitor(request)
    if isinstance(person, HttpResponse):
        return person
    form = EqualityForm(_data(request))
    if request.method == "POST" and form.is_valid():
        with by_personal_link(person.pk):
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


@login_not_required
@never_cache
@require_GET
def page_pdf(request: HttpRequest) -> HttpResponse:
    """Their own page as a large-print PDF, to keep or print."""
    person = _visitor(request)
    if isinstance(person, HttpResponse):
        return person
    pdf = printing.page_pdf(person=person)
    with by_personal_link(person.pk):
        record_view(person=person, user=None, action=RecordView.Action.PAGE_DOWNLOADED)
    return _pdf(pdf, filename="your-page-large-print.pdf", download=True)


# Staff: making someone a link ---------------------------------------------------


def _pdf(pdf: bytes, *, filename: str, download: bool = False) -> HttpResponse:
    """A PDF about one person, shown in the browser to print (or saved, when
    `download`). Never kept by a cache or a proxy, and its address never sent
    on as a Referer."""
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    add_never_cache_headers(response)
    return _no_referrer(response)


def _letter(*, person: Person, by, site_url: str) -> HttpResponse:
    """A new link in a letter to print: the link and its code exist only in this
    response (the PDF), so the letter is drawn here and now."""
    new = services.link_new(person=person, by=by, given=PersonalLink.Given.PRINTED)
    pdf = personal_link_letter_pdf(
        person=person,
        url=services.link_url(site_url=site_url, token=new.token),
        short_code=new.code,
    )
    # The register number, not the name: file names end up in download folders.
    return _pdf(pdf, filename=f"personal-link-letter-{person.pk}.pdf")


@never_cache
@require_http_methods(["GET", "POST"])
def link_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Email someone a new personal link, or print it in a letter (a PDF, made
    and shown once, in answer to the POST). Either way their old link stops working."""
    person = get_person_to_link(request.user, pk)
    form = NewLinkForm(
        request.POST if request.method == "POST" else None,
        initial={"how": request.GET.get("how")},
        can_email=services.can_email(person),
    )
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
        return _letter(person=person, by=request.user, site_url=site_url)
    return render(
        request,
        "personal/link_new.html",
        {
            "person": person,
            "form": form,
            "link": PersonalLink.objects.working()
            .filter(person=person)
            .select_related("created_by")
            .first(),
            "breadcrumbs": _person_crumbs(person),
        },
    )


# Staff: printing someone's things to post ---------------------------------------


def _person_crumbs(person: Person) -> list[tuple[str, str]]:
    return [
        ("Home", reverse("home")),
        ("Register", reverse("projects:person_list")),
        (person.display_name, reverse("projects:person_detail", args=[person.pk])),
    ]


@never_cache
@require_GET
def page_print(request: HttpRequest, pk: int) -> HttpResponse:
    """Someone's own page in large print, to post to them: the same people who
    may make them a personal link (which opens the same page) may print it."""
    person = get_person_to_link(request.user, pk)
    pdf = printing.page_pdf(person=person)
    record_view(person=person, user=request.user, action=RecordView.Action.PAGE_PRINTED)
    return _pdf(pdf, filename=f"page-large-print-{person.pk}.pdf")


@never_cache
@require_GET
def ladder_form(request: HttpRequest, pk: int) -> HttpResponse:
    """A form for someone to check, on paper, how the activities they took part in
    were placed on the ladder; staff type their answers in on each activity's
    "on their behalf" page. A plain page instead when there is nothing to check."""
    person = get_person_to_link(request.user, pk)
    rungs = page.rungs_to_check(person)
    if not rungs:
        return render(
            request,
            "personal/ladder_form_none.html",
            {"person": person, "breadcrumbs": _person_crumbs(person)},
        )
    pdf = printing.ladder_form_pdf(person=person, rungs=rungs)
    record_view(person=person, user=request.user, action=RecordView.Action.LADDER_FORM)
    return _pdf(pdf, filename=f"check-activities-{person.pk}.pdf")


# Ways to get involved -----------------------------------------------------------


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def opportunity(request: HttpRequest, pk: int) -> HttpResponse:
    """One of the ways to get involved offered to the person: what it is, and
    saying they are interested (with the support they need), or changing that."""
    person = _visitor(request)
    if isinstance(person, HttpResponse):
        return person
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
        with by_personal_link(person.pk):
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
@require_http_methods(["GET", "POST"])
def opportunity_reply(request: HttpRequest, pk: int) -> HttpResponse:
    """The person was invited: they say whether they can take part (and may change
    their answer). Only their own invitation can be found."""
    person = _visitor(request)
    if isinstance(person, HttpResponse):
        return person
    ot = opportunity_texts(easy_read=is_easy_read(person))
    interest = (
        opportunity_invitations.told_for(person)
        .filter(opportunity_id=pk, decision=Decision.CHOSEN)
        .select_related("opportunity__project", "opportunity__rate_card")
        .first()
    )
    if interest is None:
        return render(
            request, "opportunities/for_person_gone.html", _context(person, ot=ot), status=404
        )
    form = PersonReplyForm(
        _data(request), texts=ot, initial={"reply": interest.reply} if interest.reply else None
    )
    if request.method == "POST" and form.is_valid():
        with by_personal_link(person.pk):
            opportunity_invitations.reply_record(
                interest=interest, reply=form.cleaned_data["reply"]
            )
        answered = (
            ot["accepted"] if form.cleaned_data["reply"] == Reply.ACCEPTED else ot["declined"]
        )
        messages.success(request, answered)
        return redirect("personal:page")
    return render(
        request,
        "opportunities/reply_for_person.html",
        _context(person, opportunity=interest.opportunity, interest=interest, ot=ot, form=form),
    )


@login_not_required
@never_cache
@require_POST
def opportunity_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The person is no longer interested. Only their own interest can be found."""
    person = _visitor(request)
    if isinstance(person, HttpResponse):
        return person
    interest = get_object_or_404(Interest.objects.current(), opportunity_id=pk, person=person)
    with by_personal_link(person.pk):
        opportunity_services.interest_withdraw(interest=interest)
    messages.success(request, opportunity_texts(easy_read=is_easy_read(person))["withdrawn"])
    return redirect("personal:page")
