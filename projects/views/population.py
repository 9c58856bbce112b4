"""Population profiles: the make-up of the people each service serves.

Only admins enter them. To anyone else a service's profile page does not exist
(404), as with changing the service itself.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.kept_input import keeps_input, restore_input
from projects.forms.population import PopulationProfileForm
from projects.models import PopulationProfile, Service, population_profile_save


def get_service_for_profile(user, pk: int) -> Service:
    """A service whose population profile the user may change: admins only."""
    if not user.has_perm("projects.manage_services"):
        raise Http404
    return get_object_or_404(Service.objects.select_related("parent"), pk=pk)


@keeps_input
@require_http_methods(["GET", "POST"])
def population_profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_service_for_profile(request.user, pk)
    profile = (
        PopulationProfile.objects.filter(service=service)
        .select_related("updated_by")
        .prefetch_related("figures")
        .first()
    )
    data = request.POST or restore_input(request) or None
    form = PopulationProfileForm(data, initial=PopulationProfileForm.initial_for(profile))
    if request.method == "POST" and form.is_valid():
        population_profile_save(
            service=service,
            source=form.cleaned_data["source"],
            basis=form.cleaned_data["basis"],
            people_served=form.cleaned_data["people_served"],
            figures=form.cleaned_data["figures"],
            by=request.user,
        )
        messages.success(request, f"Population profile for {service.name} saved")
        return redirect("projects:service_list")
    return render(
        request,
        "projects/population/profile_form.html",
        {
            "form": form,
            "service": service,
            "profile": profile,
            "breadcrumbs": [
                ("Home", reverse("home")),
                ("Services", reverse("projects:service_list")),
            ],
        },
    )
