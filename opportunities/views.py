from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.kept_input import keeps_input, restore_input
from opportunities import services
from opportunities.access import (
    can_post_opportunities,
    can_record_interest,
    get_opportunity_for,
    sees_interest,
)
from opportunities.bulletin import can_print_bulletin
from opportunities.forms import OnBehalfInterestForm, OpportunityFilterForm, OpportunityForm
from opportunities.models import Interest, Opportunity, OpportunityQuerySet, Status
from opportunities.reach import reach_change
from opportunities.texts import STANDARD
from projects.models import Person

PAGE_SIZE = 20


def crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        ("Home", reverse("home")),
        ("Opportunities", reverse("opportunities:opportunity_list")),
        *extra,
    ]


# /opportunities/ ------------------------------------------------------------------


@require_GET
def opportunity_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    filters = OpportunityFilterForm(request.GET or None)
    show = filters.cleaned_data["show"] if filters.is_valid() else ""
    opportunities = Opportunity.objects.visible_to(request.user).with_status(today)
    if show == "closed":
        opportunities = opportunities.exclude(status_on=Status.OPEN)
    elif show != "all":
        opportunities = opportunities.filter(status_on=Status.OPEN)
    interested = (
        Interest.objects.current()
        .filter(opportunity=OuterRef("pk"))
        .order_by()
        .values("opportunity")
        .annotate(n=Count("pk"))
        .values("n")
    )
    opportunities = (
        opportunities.select_related("project")
        .annotate(interest_count=Coalesce(Subquery(interested), Value(0)))
        .order_by("closes_on", "pk")
    )
    page = Paginator(opportunities, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "opportunities/opportunity_list.html",
        {
            "filters": filters,
            "show": show or "open",
            "page": page,
            "query_string": query.urlencode(),
            "today": today,
            "can_post": can_post_opportunities(request.user),
            "can_print": can_print_bulletin(request.user),
            # Counts of interest follow the register: trust staff see them here;
            # a project's leads see them on each opportunity.
            "sees_counts": request.user.is_trust_staff,
            "breadcrumbs": [("Home", reverse("home"))],
        },
    )


@keeps_input
@require_http_methods(["GET", "POST"])
def opportunity_create(request: HttpRequest) -> HttpResponse:
    if not can_post_opportunities(request.user):
        raise PermissionDenied
    initial = {"project": request.GET.get("project")} if request.GET.get("project") else None
    form = OpportunityForm(
        request.POST or restore_input(request) or None, initial=initial, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        opportunity = form.save(commit=False)
        opportunity.created_by = request.user
        opportunity.save()
        messages.success(request, "Opportunity posted")
        return redirect("opportunities:opportunity_detail", pk=opportunity.pk)
    return render(
        request,
        "opportunities/opportunity_form.html",
        {"form": form, "title": "Post an opportunity", "breadcrumbs": crumbs()},
    )


@require_GET
def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_opportunity_for(request.user, pk)
    shows_people = sees_interest(request.user, opportunity)
    # A name links to the person's record only for those the register shows it to.
    on_their_register = Person.objects.visible_to(request.user).filter(pk=OuterRef("person_id"))
    interests = (
        opportunity.interests.select_related("person", "entered_by")
        .annotate(on_their_register=Exists(on_their_register))
        .order_by("withdrawn_at", "created_at", "pk")
        if shows_people
        else Interest.objects.none()
    )
    return render(
        request,
        "opportunities/opportunity_detail.html",
        {
            "opportunity": opportunity,
            "t": STANDARD,
            "status": opportunity.status(),
            "interests": interests,
            "shows_people": shows_people,
            "can_record": can_record_interest(request.user) and opportunity.is_open,
            "reach": reach_change(opportunity),
            "breadcrumbs": crumbs(),
        },
    )


@keeps_input
@require_http_methods(["GET", "POST"])
def opportunity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_opportunity_for(request.user, pk, edit=True)
    form = OpportunityForm(
        request.POST or restore_input(request) or None, instance=opportunity, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Opportunity saved")
        return redirect("opportunities:opportunity_detail", pk=opportunity.pk)
    return render(
        request,
        "opportunities/opportunity_form.html",
        {
            "form": form,
            "opportunity": opportunity,
            "title": f"Change {opportunity.title}",
            "breadcrumbs": crumbs(
                (opportunity.title, reverse("opportunities:opportunity_detail", args=[pk]))
            ),
        },
    )


@keeps_input
@require_http_methods(["GET", "POST"])
def interest_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff record that someone is interested, as they told them: in person, by
    phone or on paper. Marked as entered on their behalf, with who entered it."""
    opportunity = get_opportunity_for(request.user, pk)
    if not can_record_interest(request.user):
        raise PermissionDenied
    context = {
        "opportunity": opportunity,
        "breadcrumbs": crumbs(
            (opportunity.title, reverse("opportunities:opportunity_detail", args=[pk]))
        ),
    }
    if not opportunity.is_open:
        return render(request, "opportunities/interest_closed.html", context)
    form = OnBehalfInterestForm(
        request.POST or restore_input(request) or None,
        people=Person.objects.visible_to(request.user).order_by("display_name", "pk"),
    )
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        if said_so_themselves(opportunity, person):
            form.add_error(
                "person",
                f"{person.display_name} has already said they are interested, by their "
                "personal link. What they said stays as they said it",
            )
    if request.method == "POST" and form.is_valid():
        services.interest_record(
            opportunity=opportunity,
            person=person,
            support_needed=form.cleaned_data["support_needed"],
            how=form.cleaned_data["how"],
            entered_by=request.user,
        )
        messages.success(
            request,
            f"Saved. {person.display_name}'s interest is marked as entered on their behalf.",
        )
        return redirect("opportunities:opportunity_detail", pk=opportunity.pk)
    return render(request, "opportunities/interest_record.html", {**context, "form": form})


def said_so_themselves(opportunity: Opportunity, person: Person) -> bool:
    """Staff never write over what someone said by their own link."""
    return (
        Interest.objects.current()
        .filter(opportunity=opportunity, person=person, how=Interest.How.PERSONAL_LINK)
        .exists()
    )


# /opportunities/public/: no sign-in, nothing about people ------------------------


def _public() -> OpportunityQuerySet:
    return (
        Opportunity.objects.public()
        .open_on(timezone.localdate())
        .select_related("project", "rate_card")
    )


@login_not_required
@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(_public().order_by("closes_on", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "opportunities/public_list.html",
        {"page": page, "query_string": "", "breadcrumbs": []},
    )


@login_not_required
@require_GET
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_object_or_404(_public(), pk=pk)
    return render(
        request,
        "opportunities/public_detail.html",
        {
            "opportunity": opportunity,
            "t": STANDARD,
            "breadcrumbs": [("Opportunities", reverse("opportunities:public_list"))],
        },
    )
