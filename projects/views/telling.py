"""Letters for people who prefer post: "you said, we did", printed by project leads."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from projects.telling import (
    REPRINT_DAYS,
    batch_from_key,
    can_send_letters,
    letter_batches,
    letters_for,
    letters_pdf,
    letters_print,
)


@require_GET
def letter_list(request: HttpRequest) -> HttpResponse:
    if not can_send_letters(request.user):
        raise PermissionDenied
    return render(
        request,
        "projects/telling/letter_list.html",
        {
            "letters": letters_for(request.user),
            "batches": letter_batches(request.user),
            "reprint_days": REPRINT_DAYS,
        },
    )


@require_POST
def letter_print(request: HttpRequest) -> HttpResponse:
    """Mark the letters the page showed as printed, then back to the list, which
    offers their PDF (and keeps offering it, should the printer jam)."""
    if not can_send_letters(request.user):
        raise PermissionDenied
    # Only the letters the page showed: one added since is printed next time, after it is seen.
    ids = [int(pk) for pk in request.POST.getlist("letter") if pk.isdigit()]
    batch = letters_print(user=request.user, ids=ids)
    if batch is None:
        messages.info(request, "There are no letters waiting to be printed")
        return redirect("projects:letter_list")
    url = reverse("projects:letter_batch", args=[batch.key])
    letters = "1 letter is" if batch.count == 1 else f"{batch.count} letters are"
    messages.success(
        request,
        format_html(
            '{} ready to print. <a class="nhsuk-notification-banner__link" href="{}">Download the letters (PDF)</a>',
            letters,
            url,
        ),
    )
    return redirect("projects:letter_list")


@never_cache
@require_GET
def letter_batch(request: HttpRequest, key: str) -> HttpResponse:
    """A batch of letters already marked printed, as one PDF to print (again)."""
    if not can_send_letters(request.user):
        raise PermissionDenied
    printed_at = batch_from_key(key)
    pdf = letters_pdf(user=request.user, printed_at=printed_at) if printed_at else None
    if pdf is None:
        raise Http404
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"you-said-we-did-letters-{timezone.localtime(printed_at):%Y-%m-%d-%H%M}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
