"""Letters for people who prefer post: "you said, we did", printed by project leads."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from projects.telling import can_send_letters, letters_for, letters_print


@require_GET
def letter_list(request: HttpRequest) -> HttpResponse:
    if not can_send_letters(request.user):
        raise PermissionDenied
    return render(
        request, "projects/telling/letter_list.html", {"letters": letters_for(request.user)}
    )


@require_POST
def letter_print(request: HttpRequest) -> HttpResponse:
    if not can_send_letters(request.user):
        raise PermissionDenied
    # Only the letters the page showed: one added since is printed next time, after it is seen.
    ids = [int(pk) for pk in request.POST.getlist("letter") if pk.isdigit()]
    pdf, count = letters_print(user=request.user, ids=ids)
    if not count:
        messages.info(request, "There are no letters waiting to be printed")
        return redirect("projects:letter_list")
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"you-said-we-did-letters-{timezone.localdate():%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
