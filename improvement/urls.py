from django.urls import path

from improvement import views

app_name = "improvement"

urlpatterns = [
    # /always-events/
    path("", views.event_list, name="event_list"),
    path("new/", views.event_create, name="event_create"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
    path("<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("<int:pk>/stage/", views.stage_move, name="stage_move"),
    # /always-events/<pk>/conversations/new/ and the statement with its criteria
    path("<int:pk>/conversations/new/", views.conversation_add, name="conversation_add"),
    path("<int:pk>/statement/", views.statement_edit, name="statement_edit"),
    # /always-events/<pk>/cycles/
    path("<int:pk>/cycles/new/", views.cycle_create, name="cycle_create"),
    path("<int:pk>/cycles/<int:cycle_pk>/", views.cycle_edit, name="cycle_edit"),
    # /always-events/<pk>/reliability/<service_pk>/: the chart and its counts
    path("<int:pk>/reliability/<int:service_pk>/", views.reliability, name="reliability"),
    path(
        "<int:pk>/reliability/<int:service_pk>/new/",
        views.reliability_record,
        name="reliability_record",
    ),
    # /always-events/<pk>/spread/new/: another team takes it up
    path("<int:pk>/spread/new/", views.adoption_add, name="adoption_add"),
]
