from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    # /dashboard/
    path("", views.dashboard, name="dashboard"),
    # /dashboard/data/<chart>.csv
    path("data/<slug:name>.csv", views.chart_csv, name="chart_csv"),
]
