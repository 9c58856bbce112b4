from django.urls import path

from actions import views

app_name = "actions"

urlpatterns = [
    # /actions/mine/
    path("mine/", views.my_actions, name="my_actions"),
    # /actions/services/, /actions/services/<pk>/, /actions/services/<pk>/reis/
    path("services/", views.service_list, name="service_list"),
    path("services/<int:pk>/", views.service_actions, name="service"),
    path("services/<int:pk>/reis/", views.service_reis, name="service_reis"),
    # /actions/<pk>/...
    path("<int:pk>/", views.action_detail, name="action_detail"),
    path("<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("<int:pk>/done/", views.action_done, name="action_done"),
    # /actions/new/<source kind>/<pk>/
    path("new/<slug:source>/<int:pk>/", views.action_raise, name="raise"),
]
