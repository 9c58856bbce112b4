from django.urls import path

from dashboard import views
from dashboard.reports import views as reports
from dashboard.reviews.views import record, reviewer

app_name = "dashboard"

urlpatterns = [
    # /dashboard/
    path("", views.dashboard, name="dashboard"),
    # /dashboard/refresh/: work the figures out again now (POST)
    # /dashboard/data/moved-projects.csv (before the charts: it needs the reader)
    path("data/moved-projects.csv", views.movement_csv, name="movement_csv"),
    # /dashboard/data/<chart>.csv
    path("data/<slug:name>.csv", views.chart_csv, name="chart_csv"),
    # /dashboard/plans/<pk>/, /dashboard/plans/<pk>/data.csv
    path("plans/<int:pk>/", views.plan, name="plan"),
    path("plans/<int:pk>/data.csv", views.plan_csv, name="plan_csv"),
    # /dashboard/reviews/: peer reviews to do, and who reviews what
    path("reviews/", record.review_list, name="review_list"),
    path("reviews/peer-reviewing/", reviewer.review_willing, name="review_willing"),
    path("reviews/reviewers/", record.assignment_list, name="assignment_list"),
    path(
        "reviews/reviewers/<int:pk>/change/",
        record.assignment_reassign,
        name="assignment_reassign",
    ),
    # /dashboard/reviews/<assignment>/...: writing a review
    path("reviews/<int:pk>/", reviewer.review_open, name="review_open"),
    path("reviews/<int:pk>/write/", reviewer.review_edit, name="review_edit"),
    path("reviews/<int:pk>/check/", reviewer.review_check, name="review_check"),
    path("reviews/<int:pk>/sent/", reviewer.review_done, name="review_done"),
    path("reviews/<int:pk>/offer/", reviewer.coreview_offer, name="coreview_offer"),
    path("reviews/<int:pk>/say/<slug:step>/", reviewer.coreview_step, name="coreview_step"),
    # /dashboard/reviews/report/<report>/: reading a report's reviews and answering them
    path("reviews/report/<int:pk>/", record.review_report, name="review_report"),
    path(
        "reviews/recommendations/<int:pk>/answer/",
        record.recommendation_respond,
        name="recommendation_respond",
    ),
    # /dashboard/reviews/plan/<plan>/: every period's report and review of a plan
    path("reviews/plan/<int:pk>/", record.plan_reviews, name="plan_reviews"),
    # --- peer-review reports (dashboard/reports/views.py) ---
    # /dashboard/reports/plan/<plan pk>/
    path("reports/plan/<int:plan_pk>/", reports.report_list, name="report_list"),
    # /dashboard/reports/new/
    path("reports/new/", reports.report_request, name="report_request"),
    # /dashboard/reports/<pk>/, its PDF, and building it again
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/report.pdf", reports.report_download, name="report_download"),
    # every metric's monthly values, as frozen (the PDF prints the latest 12 months)
    path("reports/<int:pk>/metrics.csv", reports.report_csv, name="report_csv"),
    path("reports/<int:pk>/retry/", reports.report_retry, name="report_retry"),
]
