from django.urls import path

from principles import views

app_name = "principles"

urlpatterns = [
    # /principles/mine/
    path("mine/", views.my_rounds, name="my_rounds"),
    # /principles/projects/<pk>/
    path("projects/<int:pk>/", views.project_rounds, name="project_rounds"),
    path("projects/<int:pk>/rounds/new/", views.round_create, name="round_create"),
    # /principles/rounds/<pk>/
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/results/", views.round_results, name="round_results"),
    # /principles/invitations/<pk>/on-behalf/[<step>/]: a lead types in a paper answer
    path("invitations/<int:pk>/on-behalf/", views.respond_on_behalf, name="respond_on_behalf"),
    path(
        "invitations/<int:pk>/on-behalf/<slug:step>/",
        views.respond_on_behalf,
        name="respond_on_behalf",
    ),
    # /principles/r/<token>/[<step>/]: a personal link, no account needed
    path("r/<str:token>/", views.respond, name="respond"),
    path("r/<str:token>/<slug:step>/", views.respond, name="respond"),
]
