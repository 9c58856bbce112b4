from django.contrib.auth.decorators import login_not_required
from django.urls import path

from api import reference, views

app_name = "api"


def api(view):
    # Token, not session: LoginRequiredMiddleware, TwoFactorMiddleware and
    # PaymentsOnlyMiddleware let it through, and the API's own authentication and
    # permission (api.auth) decide, answering 401 or 403 in JSON.
    return login_not_required(view.as_view())


urlpatterns = [
    # /api/v1/ (the reference page), /api/v1/openapi.json
    path("", reference.reference, name="reference"),
    path("openapi.json", reference.openapi, name="openapi"),
    # /api/v1/services/, /api/v1/projects/..., /api/v1/activities/
    path("services/", api(views.ServiceList), name="services"),
    path("projects/", api(views.ProjectList), name="projects"),
    path("projects/<int:pk>/", api(views.ProjectDetail), name="project"),
    path("activities/", api(views.ActivityList), name="activities"),
    # /api/v1/ladder/...
    path("ladder/mix/", api(views.LadderMix), name="ladder_mix"),
    path("ladder/movement/", api(views.LadderMovement), name="ladder_movement"),
    # /api/v1/principles/...
    path("principles/results/", api(views.PrincipleResults), name="principle_results"),
    path("principles/rounds/<int:pk>/results/", api(views.RoundResults), name="round_results"),
    # /api/v1/plans/, /api/v1/metrics/...
    path("plans/", api(views.PlanList), name="plans"),
    path("metrics/values/", api(views.MetricValues), name="metric_values"),
    path("metrics/spc/", api(views.MetricSpc), name="metric_spc"),
    # /api/v1/reach/
    path("reach/", api(views.ReachFigures), name="reach"),
]
