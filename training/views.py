"""The co-production training programme: cohorts, teams, sessions and self-ratings.

The programme page shows each team's aim against what its projects achieved,
and how confidence in the seven principles changed, per team and for the
cohort. Nobody's own ratings are shown anywhere: only means from 3 people or more.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.kept_input import keeps_input, restore_input
from accounts.two_factor import qr_code
from core.suppression import MIN_GROUP, NOTE, SUPPRESSED
from projects.models import Person, Project
from projects.principle_texts import PRINCIPLE_TEXTS
from projects.rungs import Rung
from training import services
from training.access import (
    can_see_training,
    can_start_cohorts,
    get_cohort_for,
    get_member_for,
    get_session_for,
    get_team_for,
    rating_by_token,
    rating_current,
    rating_start,
)
from training.forms import (
    AttendanceForm,
    CohortForm,
    LinkForm,
    MemberForm,
    SelfRatingForm,
    SessionForm,
    TeamForm,
)
from training.models import (
    STAGE_SLUGS,
    Attendance,
    Cohort,
    Confidence,
    Member,
    SelfRating,
    Stage,
    Team,
)
from training.results import RatingRow, cohort_change


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Home", reverse("home")), ("Training", reverse("training:cohort_list")), *extra]


def _cohort_crumbs(cohort: Cohort) -> list[tuple[str, str]]:
    return _crumbs((cohort.name, reverse("training:cohort_detail", args=[cohort.pk])))


def _form_page(request: HttpRequest, form, title: str, breadcrumbs, **extra) -> HttpResponse:
    return render(
        request,
        "training/form.html",
        {"form": form, "title": title, "breadcrumbs": breadcrumbs, **extra},
    )


def _data(request: HttpRequest):
    """The POST, even an empty one; on a GET, what was typed when a session ran out."""
    return request.POST if request.method == "POST" else restore_input(request) or None


def _stage(slug: str) -> Stage:
    try:
        return STAGE_SLUGS[slug]
    except KeyError:
        raise Http404 from None


def _follow_up_not_yet(cohort: Cohort, stage: str) -> bool:
    return stage == Stage.FOLLOW_UP and timezone.localdate() < cohort.follow_up_on


# Cohorts -----------------------------------------------------------------------------


@require_GET
def cohort_list(request: HttpRequest) -> HttpResponse:
    if not can_see_training(request.user):
        raise PermissionDenied
    teams = (
        Team.objects.filter(cohort=OuterRef("pk"))
        .order_by()
        .values("cohort")
        .annotate(n=Count("pk"))
        .values("n")
    )
    cohorts = Cohort.objects.visible_to(request.user).annotate(
        team_count=Coalesce(Subquery(teams, output_field=IntegerField()), 0)
    )
    return render(
        request,
        "training/cohort_list.html",
        {
            "cohorts": cohorts,
            "can_start": can_start_cohorts(request.user),
            "breadcrumbs": [("Home", reverse("home"))],
        },
    )


@keeps_input
@require_http_methods(["GET", "POST"])
def cohort_create(request: HttpRequest) -> HttpResponse:
    if not can_start_cohorts(request.user):
        raise PermissionDenied
    form = CohortForm(_data(request))
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        cohort = form.save()
        messages.success(request, "Cohort started. Now add its teams and sessions.")
        return redirect("training:cohort_detail", pk=cohort.pk)
    return _form_page(request, form, "Start a training cohort", _crumbs())


@require_GET
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The programme page for one cohort."""
    cohort = get_cohort_for(request.user, pk)
    sent = SelfRating.objects.submitted().filter(member=OuterRef("pk"))
    members = Member.objects.select_related("person", "user").annotate(
        baseline_sent=Exists(sent.filter(stage=Stage.BASELINE)),
        follow_up_sent=Exists(sent.filter(stage=Stage.FOLLOW_UP)),
    )
    since = Q(activities__date__gte=cohort.starts_on)
    projects = Project.objects.annotate(
        activities_since=Count("activities", filter=since),
        highest_rung=Max("activities__rung", filter=since),
    ).order_by("title")
    teams = list(
        cohort.teams.prefetch_related(
            Prefetch("members", queryset=members), Prefetch("projects", queryset=projects)
        )
    )
    sessions = list(
        cohort.sessions.select_related("activity")
        .prefetch_related(
            Prefetch("facilitators", queryset=Person.objects.order_by("display_name"))
        )
        .annotate(attendance=Count("attended"))
    )
    rows = [
        RatingRow(member_id, team_id, stage, principle, score)
        for member_id, team_id, stage, principle, score in Confidence.objects.filter(
            rating__member__team__cohort=cohort, rating__submitted_at__isnull=False
        ).values_list(
            "rating__member_id", "rating__member__team_id", "rating__stage", "principle", "score"
        )
    ]
    change = cohort_change(rows, [team.pk for team in teams])
    for team in teams:
        team.change = change.teams[team.pk]
        team.change_rows = _change_rows(team.change)
        for project in team.projects.all():
            project.highest_rung_label = (
                Rung(project.highest_rung).label if project.highest_rung else None
            )
    return render(
        request,
        "training/cohort_detail.html",
        {
            "cohort": cohort,
            "teams": teams,
            "sessions": sessions,
            "change": change.cohort,
            "change_rows": _change_rows(change.cohort),
            "can_edit": cohort.can_edit,
            "suppressed": SUPPRESSED,
            "note": NOTE,
            "min_group": MIN_GROUP,
            "follow_up_open": timezone.localdate() >= cohort.follow_up_on,
            "breadcrumbs": _crumbs(),
        },
    )


def _change_rows(group) -> list[dict]:
    return [{"name": PRINCIPLE_TEXTS[p.code].name, "figures": p} for p in group.principles]


# Teams and members -------------------------------------------------------------------


def _projects_for(cohort: Cohort, user):
    return Project.objects.visible_to(user).order_by("title")


@keeps_input
@require_http_methods(["GET", "POST"])
def team_create(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = get_cohort_for(request.user, pk, edit=True)
    form = TeamForm(
        _data(request),
        cohort=cohort,
        projects=_projects_for(cohort, request.user),
    )
    if request.method == "POST" and form.is_valid():
        team = form.save()
        messages.success(request, f"Team “{team.name}” added. Now add its members.")
        return redirect("training:team_edit", pk=team.pk)
    return _form_page(request, form, "Add a team", _cohort_crumbs(cohort), caption=cohort.name)


@keeps_input
@require_http_methods(["GET", "POST"])
def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_team_for(request.user, pk, edit=True)
    form = TeamForm(
        _data(request),
        instance=team,
        cohort=team.cohort,
        projects=_projects_for(team.cohort, request.user),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Team saved")
        return redirect("training:cohort_detail", pk=team.cohort_id)
    return render(
        request,
        "training/team_form.html",
        {
            "form": form,
            "team": team,
            "cohort": team.cohort,
            "members": team.members.select_related("person", "user"),
            "breadcrumbs": _cohort_crumbs(team.cohort),
        },
    )


@keeps_input
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_team_for(request.user, pk, edit=True)
    form = MemberForm(
        _data(request),
        team=team,
        people=Person.objects.visible_to(request.user),
    )
    if request.method == "POST" and form.is_valid():
        member = Member.objects.create(
            team=team, user=form.cleaned_data["user"], person=form.cleaned_data["person"]
        )
        messages.success(request, f"{member.name} added to {team.name}")
        return redirect("training:team_edit", pk=team.pk)
    return _form_page(
        request,
        form,
        f"Add someone to {team.name}",
        _cohort_crumbs(team.cohort),
        caption=team.cohort.name,
    )


# Sessions and attendance ------------------------------------------------------------


@keeps_input
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = get_cohort_for(request.user, pk, edit=True)
    form = SessionForm(
        _data(request),
        cohort=cohort,
        people=Person.objects.visible_to(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        session = services.session_add(
            cohort=cohort,
            by=request.user,
            date=data["date"],
            topic=data["topic"],
            facilitators=list(data["facilitators"]),
            hours=data.get("hours"),
            log_activity=bool(data.get("log_activity")),
        )
        done = "Session added"
        if session.activity_id:
            done += " and logged as an activity, so its co-facilitators are paid"
        messages.success(request, done)
        return redirect("training:cohort_detail", pk=cohort.pk)
    return _form_page(request, form, "Add a session", _cohort_crumbs(cohort), caption=cohort.name)


@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for(request.user, pk, edit=True)
    members = (
        Member.objects.filter(team__cohort=session.cohort)
        .select_related("team", "person", "user")
        .order_by("team__name", "pk")
    )
    came = list(session.attended.values_list("member_id", flat=True))
    form = AttendanceForm(
        request.POST if request.method == "POST" else None,
        members=members,
        initial={"members": came},
    )
    if request.method == "POST" and form.is_valid():
        chosen = {member.pk for member in form.cleaned_data["members"]}
        for member_id in set(came) - chosen:
            Attendance.objects.get(session=session, member_id=member_id).delete()
        for member_id in chosen - set(came):
            Attendance.objects.create(session=session, member_id=member_id)
        messages.success(request, "Attendance saved")
        return redirect("training:cohort_detail", pk=session.cohort_id)
    return _form_page(
        request,
        form,
        f"Who came to “{session.topic}”",
        _cohort_crumbs(session.cohort),
        caption=f"{session.cohort.name}, {session.date:%-d %B %Y}",
    )


# Self-ratings: links and paper -------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def rating_link(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    """Make someone a personal link to rate themselves, shown once to hand over."""
    member = get_member_for(request.user, pk, edit=True)
    stage_value = _stage(stage)
    cohort = member.team.cohort
    form = LinkForm(request.POST if request.method == "POST" else None)
    context = {
        "member": member,
        "cohort": cohort,
        "stage": stage_value,
        "stage_label": Stage(stage_value).label.lower(),
        "form": form,
        "not_yet": _follow_up_not_yet(cohort, stage_value),
        "breadcrumbs": _cohort_crumbs(cohort),
    }
    if request.method == "POST" and not context["not_yet"] and form.is_valid():
        rating = services.rating_for(member=member, stage=stage_value)
        token = services.rating_link_new(rating=rating)
        link = request.build_absolute_uri(reverse("training:rate_open", kwargs={"token": token}))
        response = render(
            request, "training/new_link.html", {**context, "link": link, "qr": qr_code(link)}
        )
        response.headers["Referrer-Policy"] = "no-referrer"
        return response
    return render(request, "training/rating_link.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def rating_on_behalf(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    """Staff type in someone's ratings from paper, in the session; marked as theirs."""
    member = get_member_for(request.user, pk, edit=True)
    stage_value = _stage(stage)
    cohort = member.team.cohort
    rating = SelfRating.objects.filter(member=member, stage=stage_value).first()
    context = {
        "member": member,
        "cohort": cohort,
        "stage_label": Stage(stage_value).label.lower(),
        "breadcrumbs": _cohort_crumbs(cohort),
    }
    if services.on_behalf_refused(rating):
        return render(request, "training/on_behalf_refused.html", context, status=403)
    if _follow_up_not_yet(cohort, stage_value):
        return render(request, "training/not_yet.html", context)
    form = SelfRatingForm(request.POST if request.method == "POST" else None, on_behalf=True)
    if request.method == "POST" and form.is_valid():
        rating = rating or services.rating_for(member=member, stage=stage_value)
        services.rating_save(rating=rating, scores=form.scores(), by=request.user)
        messages.success(request, f"{member.name}'s ratings are saved, marked as typed in by you")
        return redirect("training:cohort_detail", pk=cohort.pk)
    return render(
        request,
        "training/rate.html",
        {
            **context,
            "form": form,
            "on_behalf": True,
            "already": rating is not None and rating.submitted_at,
        },
    )


# Rating by personal link --------------------------------------------------------------


@login_not_required
@never_cache
@require_GET
def rate_open(request: HttpRequest, token: str) -> HttpResponse:
    """A personal link: exchanged for a session bound to the self-rating, and the
    browser moves on to an address without the token."""
    rating = rating_by_token(token)
    if rating is None:
        return render(request, "training/link_problem.html", {"problem": "unknown"}, status=404)
    rating_start(request, rating)
    response = redirect("training:rate")
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest) -> HttpResponse:
    """The self-rating form for the link opened in this browser."""
    current = rating_current(request)
    rating = current.rating
    if rating is None:
        # A plain page, not an error: an error status would write the address to the logs.
        return render(request, "training/link_problem.html", {"problem": current.problem})
    member = rating.member
    cohort = member.team.cohort
    context = {
        "member": member,
        "cohort": cohort,
        "stage_label": rating.get_stage_display().lower(),
        "on_behalf": False,
    }
    if _follow_up_not_yet(cohort, rating.stage):
        return render(request, "training/not_yet.html", context)
    if request.GET.get("sent") and rating.submitted_at:
        return render(request, "training/rate_done.html", context)
    form = SelfRatingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.rating_save(rating=rating, scores=form.scores())
        return redirect(f"{reverse('training:rate')}?sent=1")
    return render(
        request,
        "training/rate.html",
        {**context, "form": form, "already": rating.submitted_at is not None},
    )
