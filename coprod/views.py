from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.middleware.csp import get_nonce
from django.shortcuts import redirect, render
from django.template import Context, loader
from django.views.decorators.http import require_GET

from accounts.middleware import open_to_finance

YOUR_PROJECTS_SHOWN = 6
TO_CONFIRM_SHOWN = 10


@open_to_finance
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Each role's starting point: the projects they belong to, newest first.
    Finance starts at the payment runs, the only work they do here."""
    if request.user.confined_to_payments:
        return redirect("projects:payment_run_list")
    from ladder.models import Classification
    from projects.models import Membership, Project

    projects = (
        Project.objects.filter(memberships__user=request.user)
        .annotate(my_role=F("memberships__role"))
        .annotate(i_lead=Q(my_role=Membership.Role.LEAD))
        .order_by("-start_date", "pk")[: YOUR_PROJECTS_SHOWN + 1]
    )
    projects = list(projects)
    # Activities they took part in whose rung they have not confirmed or contested.
    to_confirm = Classification.objects.awaiting_response_from(request.user)[:TO_CONFIRM_SHOWN]
    return render(
        request,
        "home.html",
        {
            "your_projects": projects[:YOUR_PROJECTS_SHOWN],
            "more_projects": len(projects) > YOUR_PROJECTS_SHOWN,
            "to_confirm": list(to_confirm),
        },
    )


@login_not_required
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html")


@login_not_required
@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pages/privacy.html",
        {
            "privacy_notice_version": settings.PRIVACY_NOTICE_VERSION,
            # The notice states the periods the nightly retention job applies.
            "register_years": settings.RETENTION_REGISTER_YEARS,
            "closed_account_years": settings.RETENTION_CLOSED_ACCOUNT_YEARS,
            "feedback_text_years": settings.RETENTION_FEEDBACK_TEXT_YEARS,
            "sign_in_log_months": settings.RETENTION_SIGN_IN_LOG_DAYS // 30,
            "record_view_years": settings.RETENTION_RECORD_VIEW_DAYS // 365,
        },
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, in the product's style, with the CSP nonce for its scripts.

    It renders with a fixed context and no context processors: whatever failed
    (often the database) must not be touched again while apologising for it.
    """
    template = loader.get_template("500.html")
    context = {
        "request": request,
        "csp_nonce": get_nonce(request),
        "organisation_name": settings.ORGANISATION_NAME,
        "service_name": settings.SERVICE_NAME,
    }
    return HttpResponseServerError(template.template.render(Context(context)))
