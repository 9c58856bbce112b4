from django.urls import path

from training import views

app_name = "training"

urlpatterns = [
    # /training/
    path("", views.cohort_list, name="cohort_list"),
    path("new/", views.cohort_create, name="cohort_create"),
    # /training/cohorts/<pk>/
    path("cohorts/<int:pk>/", views.cohort_detail, name="cohort_detail"),
    path("cohorts/<int:pk>/teams/new/", views.team_create, name="team_create"),
    path("cohorts/<int:pk>/sessions/new/", views.session_create, name="session_create"),
    # /training/teams/<pk>/
    path("teams/<int:pk>/", views.team_edit, name="team_edit"),
    path("teams/<int:pk>/members/new/", views.member_add, name="member_add"),
    # /training/sessions/<pk>/attendance/
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    # /training/members/<pk>/<stage>/link/ and /on-behalf/: staff make a personal
    # link, or type in ratings from paper (stage: "start" or "follow-up")
    path("members/<int:pk>/<slug:stage>/link/", views.rating_link, name="rating_link"),
    path(
        "members/<int:pk>/<slug:stage>/on-behalf/",
        views.rating_on_behalf,
        name="rating_on_behalf",
    ),
    # /training/r/<token>/: a personal link, exchanged for a session;
    # /training/rate/: the form it opens
    path("r/<str:token>/", views.rate_open, name="rate_open"),
    path("rate/", views.rate, name="rate"),
]
