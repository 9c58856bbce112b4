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
    # /principles/invitations/<pk>/link/: a lead makes someone a new personal link
    path("invitations/<int:pk>/link/", views.invitation_link, name="invitation_link"),
    # /principles/invitations/<pk>/paper/: a lead prints someone a paper questionnaire
    path("invitations/<int:pk>/paper/", views.invitation_paper, name="invitation_paper"),
    # /principles/invitations/<pk>/answer/[<step>/]: a signed-in person's own answers
    path("invitations/<int:pk>/answer/", views.respond_mine, name="respond_mine"),
    path("invitations/<int:pk>/answer/<slug:step>/", views.respond_mine, name="respond_mine"),
    # /principles/invitations/<pk>/on-behalf/[<step>/]: a lead types in a paper answer
    path("invitations/<int:pk>/on-behalf/", views.respond_on_behalf, name="respond_on_behalf"),
    path(
        "invitations/<int:pk>/on-behalf/<slug:step>/",
        views.respond_on_behalf,
        name="respond_on_behalf",
    ),
    # /principles/r/<token>/: a personal link, no account needed, exchanged for a
    # session; /principles/answer/[<step>/]: the answer pages it opens
    path("r/<str:token>/", views.respond, name="respond"),
    path("answer/", views.answer, name="answer"),
    path("answer/<slug:step>/", views.answer, name="answer"),
]
