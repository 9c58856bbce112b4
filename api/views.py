"""The read API's endpoints. Each reads through the same querysets and read-model
functions as the pages that show the same thing, so a token reads exactly what its
owner reads in the browser:

- records (services, projects, activities, growth plans) through the models'
  `visible_to(user)`;
- the dashboard's figures (ladder mix and movement, reach, metrics and their SPC)
  through `dashboard.read`, for the roles that read the dashboard;
- principles results through `principles.access.get_round_for` and
  `principles.results.round_results`, closed rounds only, the fewer-than-3 rule
  applied by that one function.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import ApiToken
from accounts.rules import is_trust_staff, reads_everything
from api import serializers as rows
from api.conditional import make_conditional
from api.pagination import ByIdCursor
from api.params import FILTERS, PAGING, PERIOD_HELP, Chosen, check_known, filters_from, whole_number
from dashboard import read
from principles.access import get_round_for
from principles.models import Round
from principles.results import SIDES, round_results
from principles.results import answer_rows as principle_answer_rows
from principles.texts import Principle as PrincipleText
from projects.models import Activity, Metric, Plan, Project, Service
from projects.rungs import Rung
from projects.summaries import summaries_catch_up

# Parameters, as the OpenAPI description gives them --------------------------------

PERIOD = OpenApiParameter("period", OpenApiTypes.STR, description=PERIOD_HELP)
DATE_FROM = OpenApiParameter(
    "from", OpenApiTypes.DATE, description="First day of the period (governance leads and admins)"
)
DATE_TO = OpenApiParameter(
    "to",
    OpenApiTypes.DATE,
    description="Last day of the period, included (governance leads and admins)",
)
SERVICE = OpenApiParameter(
    "service", OpenApiTypes.INT, description="A service's id: this service and every one below it"
)
PROJECT = OpenApiParameter("project", OpenApiTypes.INT, description="Only this project's rows")
PLAN = OpenApiParameter("plan", OpenApiTypes.INT, description="Only this growth plan's metrics")
PAGE_SIZE = OpenApiParameter(
    "page_size", OpenApiTypes.INT, description="Rows a page, 1 to 1000 (100 if not given)"
)
FILTER_PARAMETERS = [PERIOD, DATE_FROM, DATE_TO, SERVICE]


class ApiView(GenericAPIView):
    """GET only. Refuses parameters it does not know (400), adds ETag and
    Last-Modified to each answer, answers 304 when the caller has it, and notes
    the token's last use when it read something."""

    http_method_names = ["get", "head", "options"]
    parameters: frozenset[str] = frozenset()

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        check_known(request.query_params, self.parameters)

    def options(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(status=204, headers={"Allow": "GET, HEAD, OPTIONS"})

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "private, no-cache"
        response["Vary"] = "Authorization"
        if isinstance(request.auth, ApiToken) and response.status_code == 200:
            response = make_conditional(request, response)
            _note_use(request.auth)
        return response

    def chosen(self) -> Chosen:
        return filters_from(self.request.query_params, self.request.user)

    def dashboard_reader(self) -> None:
        """The dashboard's figures are for admins, governance leads and staff, as in
        the browser (dashboard.views)."""
        if not is_trust_staff(self.request.user):
            raise PermissionDenied(
                "Only staff, governance leads and admins read the dashboard's figures"
            )

    def rows(self, found: list[Any]) -> list[dict[str, Any]]:
        """`found` as the endpoint's row serializer writes it (the OpenAPI types)."""
        return self.get_serializer(found, many=True).data

    def one_page(self, found: list[dict[str, Any]]) -> Response:
        return Response({"next": None, "previous": None, "results": self.rows(found)})

    def a_page(self, found: list[dict[str, Any]]) -> Response:
        return self.get_paginated_response(self.rows(found))


def _note_use(token: ApiToken) -> None:
    """The token's last use, to the minute: a BI tool paging through a list writes
    the row once a minute, not once a page (1 query, which rarely writes)."""
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at=None) | Q(last_used_at__lt=now - LAST_USE_PRECISION)
    ).update(last_used_at=now)


LAST_USE_PRECISION = datetime.timedelta(minutes=1)


# Services -----------------------------------------------------------------------------


def _paths(services: list[Service]) -> dict[int, tuple[str, int]]:
    """Each service's path from the top of the hierarchy, and its depth."""
    by_id = {service.pk: service for service in services}
    found: dict[int, tuple[str, int]] = {}
    for service in services:
        names, seen, at = [], set(), service
        while at is not None and at.pk not in seen:
            seen.add(at.pk)
            names.append(at.name)
            at = by_id.get(at.parent_id) if at.parent_id else None
        found[service.pk] = (" / ".join(reversed(names)), len(names) - 1)
    return found


@extend_schema(
    summary="Services, with their hierarchy",
    parameters=[SERVICE, PAGE_SIZE],
    responses=rows.ServiceRow(many=True),
)
class ServiceList(ApiView):
    """Every service (staff, governance leads and admins), or the services of the
    projects an expert by experience belongs to. Queries: services (1), the page (1)."""

    serializer_class = rows.ServiceRow
    pagination_class = ByIdCursor
    parameters = PAGING | {"service"}

    def get(self, request: Request) -> Response:
        chosen = filters_from(request.query_params, request.user)
        found: QuerySet[Service] = Service.objects.all()
        if not is_trust_staff(request.user):
            found = found.filter(projects__in=Project.objects.visible_to(request.user)).distinct()
        if chosen.filters.service_ids is not None:
            found = found.filter(pk__in=chosen.filters.service_ids)
        paths = _paths(chosen.services)
        page = self.paginate_queryset(found)
        return self.a_page(
            [
                {
                    "id": service.pk,
                    "name": service.name,
                    "kind": service.kind,
                    "parent_id": service.parent_id,
                    "path": paths[service.pk][0],
                    "depth": paths[service.pk][1],
                    "is_active": service.is_active,
                }
                for service in page or []
            ]
        )


# Projects -----------------------------------------------------------------------------


def _project_row(project: Project) -> dict[str, Any]:
    services = sorted(project.services.all(), key=lambda service: service.name)
    return {
        "id": project.pk,
        "title": project.title,
        "status": project.status,
        "start_date": project.start_date,
        "end_date": project.end_date,
        "target_rung": project.target_rung,
        "service_ids": ";".join(str(service.pk) for service in services),
        "service_names": "; ".join(service.name for service in services),
        "updated_at": project.updated_at,
    }


def _projects_for(user) -> QuerySet[Project]:
    return Project.objects.visible_to(user).prefetch_related(
        Prefetch("services", queryset=Service.objects.only("pk", "name"))
    )


@extend_schema(
    summary="Projects",
    description="The projects you can open. With a period: those running at some time in it.",
    parameters=[*FILTER_PARAMETERS, PAGE_SIZE],
    responses=rows.ProjectRow(many=True),
)
class ProjectList(ApiView):
    """Queries: services (1), the page (1), its projects' services (1)."""

    serializer_class = rows.ProjectRow
    pagination_class = ByIdCursor
    parameters = PAGING | FILTERS

    def get(self, request: Request) -> Response:
        chosen = self.chosen()
        found = _projects_for(request.user)
        if chosen.filters.service_ids is not None:
            found = found.filter(pk__in=read.projects_in(chosen.filters))
        if chosen.period_given:
            found = found.filter(start_date__lt=chosen.filters.end).exclude(
                end_date__lt=chosen.filters.start
            )
        page = self.paginate_queryset(found)
        return self.a_page([_project_row(project) for project in page or []])


@extend_schema(summary="One project", responses=rows.ProjectRow)
class ProjectDetail(ApiView):
    serializer_class = rows.ProjectRow

    def get(self, request: Request, pk: int) -> Response:
        project = get_object_or_404(_projects_for(request.user), pk=pk)
        return Response(self.get_serializer(_project_row(project)).data)


# Activities ---------------------------------------------------------------------------


def _rung_fields(rung: int | None) -> dict[str, Any]:
    if rung is None:
        return {"rung": None, "rung_label": "", "group": "", "group_label": ""}
    group = Rung(rung).group
    return {
        "rung": rung,
        "rung_label": Rung(rung).label,
        "group": group.value,
        "group_label": group.label,
    }


@extend_schema(
    summary="Activities, with their rung and group",
    description="The activities of the projects you can open. With a period: those in it.",
    parameters=[*FILTER_PARAMETERS, PROJECT, PAGE_SIZE],
    responses=rows.ActivityRow(many=True),
)
class ActivityList(ApiView):
    """Queries: services (1), the project asked for (1, only with `project`), the page (1)."""

    serializer_class = rows.ActivityRow
    pagination_class = ByIdCursor
    parameters = PAGING | FILTERS | {"project"}

    def get(self, request: Request) -> Response:
        chosen = self.chosen()
        found = Activity.objects.visible_to(request.user).select_related("project")
        if chosen.filters.service_ids is not None:
            found = found.filter(project__in=read.projects_in(chosen.filters))
        if chosen.period_given:
            found = found.in_period(chosen.filters.start, chosen.filters.end)
        project_id = whole_number(request.query_params, "project")
        if project_id is not None:
            if not Project.objects.visible_to(request.user).filter(pk=project_id).exists():
                raise NotFound("No project you can open has this id")
            found = found.filter(project_id=project_id)
        page = self.paginate_queryset(found.only(*ACTIVITY_FIELDS))
        return self.a_page(
            [
                {
                    "id": activity.pk,
                    "project_id": activity.project_id,
                    "project_title": activity.project.title,
                    "date": activity.date,
                    "kind": activity.kind,
                    "kind_label": activity.get_kind_display(),
                    "title": activity.title,
                    "duration_minutes": activity.duration_minutes,
                    **_rung_fields(activity.rung),
                    "rung_status": activity.rung_status,
                    "faux_production": activity.faux_production,
                    "updated_at": activity.updated_at,
                }
                for activity in page or []
            ]
        )


ACTIVITY_FIELDS = (
    "pk",
    "project__title",
    "date",
    "kind",
    "title",
    "duration_minutes",
    "rung",
    "rung_status",
    "faux_production",
    "updated_at",
)


# The ladder ---------------------------------------------------------------------------


@extend_schema(
    summary="Ladder mix by month",
    description="Activities per month and rung in the period (rung null: not classified yet), "
    "as the dashboard's ladder chart counts them. Staff, governance leads and admins.",
    parameters=FILTER_PARAMETERS,
    responses=rows.envelope(rows.LadderMixRow),
)
class LadderMix(ApiView):
    """Queries: services (1), activities by month and rung (1)."""

    parameters = FILTERS

    serializer_class = rows.LadderMixRow

    def get(self, request: Request) -> Response:
        self.dashboard_reader()
        summaries_catch_up()
        by_month = read.rungs_by_month(self.chosen().filters)
        return self.one_page(
            [
                {"month": month, **_rung_fields(rung), "activities": n}
                for (month, rung), n in sorted(
                    by_month.items(), key=lambda item: (item[0][0], item[0][1] or 0)
                )
            ]
        )


@extend_schema(
    summary="Projects that moved a rung",
    description="Each project you can open that moved up or down the ladder in the period, "
    "against the period of the same length before it: the dashboard's download of moved "
    "projects. Staff, governance leads and admins.",
    parameters=FILTER_PARAMETERS,
    responses=rows.envelope(rows.MovementRow),
)
class LadderMovement(ApiView):
    """Queries: services (1), rungs by project and period (1)."""

    parameters = FILTERS

    serializer_class = rows.MovementRow

    def get(self, request: Request) -> Response:
        self.dashboard_reader()
        filters = self.chosen().filters
        moves = read.rung_movement(filters, request.user).listed()
        return self.one_page(
            [
                {
                    "project_id": move.project_id,
                    "project_title": move.title,
                    "rung_before": int(move.before),
                    "rung_before_label": move.before.label,
                    "rung_now": int(move.now),
                    "rung_now_label": move.now.label,
                    "change": move.change,
                    "period_start": filters.start,
                    "period_end": filters.last_day,
                }
                for move in moves
            ]
        )


# Principles ---------------------------------------------------------------------------


def _readable_rounds(user) -> QuerySet[Round]:
    """Rounds whose results `user` may read: as `principles.access.get_round_for`
    with `results=True` allows (the project's leads, admins, governance leads)."""
    if reads_everything(user):
        return Round.objects.all()
    return Round.objects.filter(project__in=Project.objects.editable_by(user))


def _result_rows(rounds: list[Round]) -> list[dict[str, Any]]:
    """The results of closed rounds, each against its project's previous round
    if that has closed too, as the results page works them out. Queries: the
    projects' rounds (1), the answers (1)."""
    today = timezone.localdate()
    closed = [round_ for round_ in rounds if round_.has_closed(today)]
    if not closed:
        return []
    siblings: dict[int, list[Round]] = {}
    for round_ in Round.objects.filter(project__in={r.project_id for r in closed}).order_by(
        "opens_on", "pk"
    ):
        siblings.setdefault(round_.project_id, []).append(round_)
    previous: dict[int, Round | None] = {}
    for project_rounds in siblings.values():
        for before, after in zip([None, *project_rounds], project_rounds, strict=False):
            previous[after.pk] = before if before and before.has_closed(today) else None
    wanted = {r.pk for r in closed} | {p.pk for p in previous.values() if p}
    answers = principle_answer_rows(sorted(wanted))
    found = []
    for round_ in closed:
        before = previous.get(round_.pk)
        results = round_results(
            answers.get(round_.pk, []), answers.get(before.pk, []) if before else None
        )
        for result in results.principles:
            for side in SIDES:
                figures = result.sides[side]
                shown = figures.shown
                found.append(
                    {
                        "round_id": round_.pk,
                        "round_name": round_.name,
                        "project_id": round_.project_id,
                        "project_title": round_.project.title,
                        "closed_on": round_.closes_on,
                        "principle": result.code,
                        "principle_label": PrincipleText(result.code).label,
                        "side": side,
                        "shown": shown,
                        "people": results.respondents[side],
                        "rated": figures.rated if shown else None,
                        "dont_know": figures.dont_know if shown else None,
                        "mean": figures.mean,
                        "change": figures.change,
                        "gap": result.gap,
                        **{
                            f"score_{point}": figures.counts.get(point, 0) if shown else None
                            for point in range(1, 6)
                        },
                    }
                )
    return found


@extend_schema(
    summary="Principles results of closed rounds",
    description="For each closed round whose results you may read (a project's leads, "
    "governance leads, admins): each principle's figures for each side. A side scored by "
    "fewer than 3 people shows nothing, exactly as the results page. With a period: rounds "
    "that opened in it.",
    parameters=FILTER_PARAMETERS,
    responses=rows.envelope(rows.PrincipleResultRow),
)
class PrincipleResults(ApiView):
    """Queries: services (1), rounds (1), their projects' rounds (1), answers (1)."""

    parameters = FILTERS

    serializer_class = rows.PrincipleResultRow

    def get(self, request: Request) -> Response:
        chosen = self.chosen()
        found = _readable_rounds(request.user).select_related("project")
        if chosen.filters.service_ids is not None:
            found = found.filter(project__in=read.projects_in(chosen.filters))
        if chosen.period_given:
            found = found.filter(
                opens_on__gte=chosen.filters.start, opens_on__lt=chosen.filters.end
            )
        return self.one_page(_result_rows(list(found.order_by("pk"))))


@extend_schema(
    summary="One round's principles results",
    description="Empty until the round has closed.",
    responses=rows.envelope(rows.PrincipleResultRow),
)
class RoundResults(ApiView):
    serializer_class = rows.PrincipleResultRow

    def get(self, request: Request, pk: int) -> Response:
        return self.one_page(_result_rows([get_round_for(request.user, pk, results=True)]))


# Growth plans and their metrics -----------------------------------------------------------


@extend_schema(
    summary="Growth plans",
    description="The growth plans you can read.",
    parameters=[SERVICE, PAGE_SIZE],
    responses=rows.PlanRow(many=True),
)
class PlanList(ApiView):
    """Queries: services (1), the page (1)."""

    serializer_class = rows.PlanRow
    pagination_class = ByIdCursor
    parameters = PAGING | {"service"}

    def get(self, request: Request) -> Response:
        chosen = self.chosen()
        found = Plan.objects.visible_to(request.user).select_related("service")
        if chosen.filters.service_ids is not None:
            found = found.filter(service__in=chosen.filters.service_ids)
        page = self.paginate_queryset(found)
        return self.a_page(
            [
                {
                    "id": plan.pk,
                    "service_id": plan.service_id,
                    "service_name": plan.service_name,
                    "start_year": plan.start_year,
                    "end_year": plan.end_year,
                    "phase": plan.phase,
                    "status": plan.status,
                    "sponsor_name": plan.sponsor_name,
                }
                for plan in page or []
            ]
        )


def _metric_statuses(view: ApiView) -> list[read.MetricStatus]:
    """Each metric of the plans in scope (not archived; one plan with `plan`), worked
    out up to the end of the period as the dashboard's plan page does."""
    view.dashboard_reader()
    chosen = view.chosen()
    plans = Plan.objects.visible_to(view.request.user).exclude(status=Plan.Status.ARCHIVED)
    plan_id = whole_number(view.request.query_params, "plan")
    if plan_id is not None:
        plans = plans.filter(pk=plan_id)
    if chosen.filters.service_ids is not None:
        plans = plans.filter(service__in=chosen.filters.service_ids)
    by_id = {plan.pk: plan for plan in plans.select_related("service")}
    if plan_id is not None and not by_id:
        raise NotFound("No growth plan you can read has this id")
    metrics = list(Metric.objects.filter(plan__in=by_id).order_by("plan", "order", "pk"))
    return read.metric_statuses(metrics, by_id, chosen.services, chosen.filters.last_day)


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


@extend_schema(
    summary="Growth plan metrics, month by month",
    description="Each metric's value for each month on its SPC chart (the 24 months up to the "
    "end of the period, or from its baseline). Months with no value, or a value from fewer than "
    "3 people, are left out. Staff, governance leads and admins.",
    parameters=[*FILTER_PARAMETERS, PLAN],
    responses=rows.envelope(rows.MetricValueRow),
)
class MetricValues(ApiView):
    parameters = FILTERS | {"plan"}

    serializer_class = rows.MetricValueRow

    def get(self, request: Request) -> Response:
        return self.one_page(
            [
                {
                    "plan_id": status.metric.plan_id,
                    "metric_id": status.metric.pk,
                    "metric": status.metric.name,
                    "unit": status.metric.unit,
                    "month": point.period,
                    "value": point.value,
                    "target": status.metric.target,
                }
                for status in _metric_statuses(self)
                for point in status.analysis.points
            ]
        )


@extend_schema(
    summary="Growth plan metrics: SPC variation and assurance",
    description="Each metric's Making Data Count reading, as on the dashboard's plan page. "
    "Staff, governance leads and admins.",
    parameters=[*FILTER_PARAMETERS, PLAN],
    responses=rows.envelope(rows.MetricSpcRow),
)
class MetricSpc(ApiView):
    parameters = FILTERS | {"plan"}

    serializer_class = rows.MetricSpcRow

    def get(self, request: Request) -> Response:
        found = []
        for status in _metric_statuses(self):
            analysis = status.analysis
            limits = analysis.limits
            found.append(
                {
                    "plan_id": status.metric.plan_id,
                    "metric_id": status.metric.pk,
                    "metric": status.metric.name,
                    "direction": status.metric.direction,
                    "latest_month": status.latest_month,
                    "latest_value": _number(status.latest),
                    "target": analysis.target,
                    "variation": status.variation,
                    "variation_icon": analysis.variation_icon,
                    "assurance": status.assurance,
                    "assurance_icon": analysis.assurance_icon,
                    "mean": limits.mean if limits else None,
                    "upper_process_limit": limits.upper_process_limit if limits else None,
                    "lower_process_limit": limits.lower_process_limit if limits else None,
                    "points": len(analysis.points),
                    "note": analysis.note,
                }
            )
        return self.one_page(found)


# Reach ----------------------------------------------------------------------------------


@extend_schema(
    summary="Reach: who are we hearing from?",
    description="The dashboard's reach figures for the period, one row. Figures from fewer "
    "than 3 people are null. Staff, governance leads and admins.",
    parameters=FILTER_PARAMETERS,
    responses=rows.envelope(rows.ReachRow),
)
class ReachFigures(ApiView):
    parameters = FILTERS

    serializer_class = rows.ReachRow

    def get(self, request: Request) -> Response:
        self.dashboard_reader()
        summaries_catch_up()
        chosen = self.chosen()
        filters = chosen.filters
        headlines = read.headlines(filters)
        new = next(h.value for h in headlines if h.key == "new_people")
        found = read.reach(filters, chosen.services, new=new)
        return self.one_page(
            [
                {
                    "period_start": filters.start,
                    "period_end": filters.last_day,
                    "people": found.people,
                    "new_people": found.new,
                    "returning_people": found.returning,
                    "top_share": found.top_share,
                    "top_people": found.top_people,
                    "quiet_services": len(found.quiet_services),
                    "quiet_service_names": "; ".join(found.quiet_services),
                }
            ]
        )
