from django.urls import path

from ladder import views

app_name = "ladder"

urlpatterns = [
    # /ladder/
    path("", views.reference, name="reference"),
    # /ladder/activities/
    # /ladder/activities/<pk>/
    path("activities/<int:pk>/", views.activity_ladder, name="activity"),
    path("activities/<int:pk>/classify/", views.classify, name="classify"),
    path("activities/<int:pk>/confirm/", views.confirm, name="confirm"),
    # /ladder/activities/<pk>/on-behalf/<person_pk>/
    path(
        "activities/<int:pk>/on-behalf/<int:person_pk>/",
        views.respond_on_behalf,
        name="respond_on_behalf",
    ),
    # /ladder/projects/<pk>/
    path("projects/<int:pk>/", views.project_ladder, name="project"),
    path("projects/<int:pk>/target/", views.project_target, name="project_target"),
]
