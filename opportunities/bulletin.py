"""A printable bulletin (A4 PDF) of open opportunities, for wards and community
venues: plain words, large type, how to say you are interested, and nothing
about anyone (no names of staff or of the people interested)."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from accounts.rules import is_trust_staff
from nhsuk.forms import RadioSelect, Submit
from opportunities.models import Opportunity
from opportunities.texts import STANDARD
from projects.models import Project, Service

# A bulletin is a few pages on a noticeboard, not a catalogue.
MOST = 30


def can_print_bulletin(user) -> bool:
    """Staff, governance leads and admins print them for the places they work."""
    return bool(is_trust_staff(user))


def services_for(user) -> QuerySet[Service]:
    """Services with a project the user can see."""
    return (
        Service.objects.filter(projects__in=Project.objects.visible_to(user))
        .distinct()
        .order_by("name")
    )


class BulletinForm(forms.Form):
    PUBLIC = "public"
    ALL = "all"

    service = forms.ModelChoiceField(
        label="Which service is it for?",
        queryset=Service.objects.none(),
        required=False,
        empty_label="All the services you can see",
        error_messages={"invalid_choice": "Choose one of the services in the list"},
    )
    which = forms.ChoiceField(
        label="Which opportunities should it show?",
        choices=[
            (PUBLIC, "Only those shown on the public page"),
            (ALL, "All open opportunities of the service"),
        ],
        widget=RadioSelect(
            choice_hints={
                PUBLIC: "Anyone can read these, so they suit a public noticeboard.",
                ALL: "Include ones not on the public page, for a ward or team that "
                "works with this service.",
            }
        ),
        error_messages={"required": "Choose which opportunities it should show"},
    )

    def __init__(self, *args: Any, user, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services_for(user)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.add_input(Submit("Make the bulletin"))


def opportunities_for(user, *, service: Service | None, public_only: bool) -> list[Opportunity]:
    found = (
        Opportunity.objects.visible_to(user)
        .open_on(timezone.localdate())
        .select_related("rate_card")
        .order_by("closes_on", "pk")
    )
    if service is not None:
        found = found.filter(project__services=service).distinct()
    if public_only:
        found = found.public()
    return list(found[:MOST])


def bulletin_html(*, opportunities: list[Opportunity], service: Service | None) -> str:
    return render_to_string(
        "opportunities/print/bulletin.html",
        {
            "opportunities": opportunities,
            "service": service,
            "t": STANDARD,
            "today": timezone.localdate(),
            "organisation_name": settings.ORGANISATION_NAME,
            "organisation_phone": settings.ORGANISATION_PHONE,
            "public_url": settings.SITE_URL + reverse("opportunities:public_list"),
            "most": MOST,
        },
    )


@require_GET
def bulletin(request: HttpRequest) -> HttpResponse:
    """The choice (GET form); once chosen, the PDF, shown in the browser to print."""
    if not can_print_bulletin(request.user):
        raise PermissionDenied
    chosen = "which" in request.GET or "service" in request.GET
    form = BulletinForm(request.GET if chosen else None, user=request.user)
    if form.is_bound and form.is_valid():
        from core.pdf import pdf_from_html

        service = form.cleaned_data["service"]
        pdf = pdf_from_html(
            bulletin_html(
                opportunities=opportunities_for(
                    request.user,
                    service=service,
                    public_only=form.cleaned_data["which"] == BulletinForm.PUBLIC,
                ),
                service=service,
            )
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="ways-to-get-involved.pdf"'
        add_never_cache_headers(response)
        return response
    return render(
        request,
        "opportunities/bulletin.html",
        {
            "form": form,
            "breadcrumbs": [
                ("Home", reverse("home")),
                ("Opportunities", reverse("opportunities:opportunity_list")),
            ],
        },
        status=400 if form.is_bound else 200,
    )
