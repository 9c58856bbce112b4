"""Staff pages for choosing people, telling them, and logging the activity:
for those who run the opportunity's project."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opportunities import invitations
from opportunities.access import get_opportunity_for
from opportunities.choosing_forms import ReplyForm, ShortlistForm
from opportunities.models import Decision, Opportunity, Reply
from opportunities.shortlist import decisions_save, shortlist_for
from projects.models import Involvement
from projects.views.activities import activity_form_page


def crumbs(opportunity: Opportunity, *extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        ("Home", reverse("home")),
        ("Opportunities", reverse("opportunities:opportunity_list")),
        (opportunity.title, reverse("opportunities:opportunity_detail", args=[opportunity.pk])),
        *extra,
    ]


def _runs(request: HttpRequest, pk: int) -> Opportunity:
    """The opportunity, for those who run its project; others who may see it are
    refused, and everyone else finds nothing."""
    return get_opportunity_for(request.user, pk, edit=True)


@require_http_methods(["GET", "POST"])
def shortlist(request: HttpRequest, pk: int) -> HttpResponse:
    """Who is interested, what staff may see about each, a suggested fair
    shortlist (`?suggest=1`, without JavaScript), and the choice itself."""
    opportunity = _runs(request, pk)
    today = timezone.localdate()
    listed = shortlist_for(opportunity, today)
    interests = [row.interest for row in listed.rows]
    suggesting = request.GET.get("suggest") == "1"
    if suggesting:
        ticked = {str(row.interest.pk) for row in listed.suggested}
    else:
        ticked = {str(i.pk) for i in interests if i.decision == Decision.CHOSEN}
    form = ShortlistForm(
        request.POST or None,
        interests=interests,
        places=opportunity.places,
        initial={"chosen": sorted(ticked)},
    )
    if request.method == "POST":
        ticked = set(request.POST.getlist("chosen"))
        if form.is_valid():
            chosen, not_chosen = decisions_save(
                opportunity=opportunity, chosen_pks=form.cleaned_data["chosen"], by=request.user
            )
            messages.success(
                request,
                f"Saved: {chosen} chosen, {not_chosen} not chosen. Nobody has been told yet.",
            )
            return redirect("opportunities:shortlist", pk=opportunity.pk)
    waiting = sum(1 for i in interests if i.decision and not i.told_at)
    return render(
        request,
        "opportunities/shortlist.html",
        {
            "opportunity": opportunity,
            "listed": listed,
            "form": form,
            "ticked": ticked,
            "suggesting": suggesting,
            "waiting": waiting,
            "decided": any(i.decision for i in interests),
            # Told people keep their decision: with everyone told, there is nothing to choose.
            "all_told": bool(interests) and all(i.told_at for i in interests),
            "has_letters": bool(invitations.letters_for(opportunity)),
            "invited": [
                row
                for row in listed.rows
                if row.interest.decision == Decision.CHOSEN and row.interest.told_at
            ],
            "accepted": [i for i in interests if i.reply == Reply.ACCEPTED],
            "breadcrumbs": crumbs(opportunity),
        },
    )


@require_POST
def decisions_tell(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite the people chosen and thank the others, each the way they chose."""
    opportunity = _runs(request, pk)
    invited, thanked = invitations.decisions_tell(opportunity=opportunity, by=request.user)
    if invited or thanked:
        messages.success(
            request,
            f"{invited} invited and {thanked} thanked. Emails are on their way; "
            "print the letters for people who asked for post.",
        )
    else:
        messages.info(request, "Everyone decided about has already been told.")
    return redirect("opportunities:shortlist", pk=opportunity.pk)


@require_GET
def letters(request: HttpRequest, pk: int) -> HttpResponse:
    """The letters for people who asked for post, one PDF."""
    opportunity = _runs(request, pk)
    pdf = invitations.letters_pdf(opportunity)
    if pdf is None:
        raise Http404("No letters to print")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="opportunity-{opportunity.pk}-letters.pdf"'
    return response


@require_POST
def reply_record(request: HttpRequest, pk: int, interest_pk: int) -> HttpResponse:
    """Staff record someone's answer for them (marked as entered on their behalf)."""
    opportunity = _runs(request, pk)
    interest = get_object_or_404(
        opportunity.interests.current().select_related("person"), pk=interest_pk
    )
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether they accepted or declined")
        return redirect("opportunities:shortlist", pk=opportunity.pk)
    try:
        invitations.reply_record(
            interest=interest, reply=form.cleaned_data["reply"], entered_by=request.user
        )
    except invitations.NotInvited:
        raise PermissionDenied from None
    messages.success(
        request,
        f"Saved: {interest.person.display_name} "
        f"{Reply(form.cleaned_data['reply']).label.lower()}, entered on their behalf.",
    )
    return redirect("opportunities:shortlist", pk=opportunity.pk)


@require_http_methods(["GET", "POST"])
def activity_log(request: HttpRequest, pk: int) -> HttpResponse:
    """The project's activity form, pre-filled from the opportunity: its title,
    kind and date, and the people who accepted, each for the opportunity's hours
    at the rate card (the fee is worked out as on any activity)."""
    opportunity = _runs(request, pk)
    accepted = list(
        opportunity.interests.current()
        .filter(reply=Reply.ACCEPTED)
        .select_related("person")
        .order_by("person__display_name", "pk")
    )
    hours = min(opportunity.hours, Decimal(24))
    paid = opportunity.rate_card_id is not None
    participants = [
        {
            "person": interest.person_id,
            "part": Involvement.Part.ATTENDED,
            "hours": f"{hours.normalize():f}",
            "payment_choice": Involvement.PaymentChoice.PAID
            if paid
            else Involvement.PaymentChoice.DECLINED,
        }
        for interest in accepted
    ]
    whole_hours, minutes = divmod(int(hours * 60), 60)
    initial = {
        "duration_hours": whole_hours,
        "duration_minutes_part": minutes,
        "title": opportunity.title,
        "kind": opportunity.kind,
        "date": opportunity.starts_on,
        "description": opportunity.description,
    }
    return activity_form_page(
        request,
        project=opportunity.project,
        activity=None,
        initial=initial,
        participants_initial=participants,
        breadcrumbs=crumbs(opportunity)[1:],
    )
