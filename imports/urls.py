from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    # /imports/
    path("", views.import_list, name="import_list"),
    # /imports/people/new/ (upload and check)
    path("<slug:kind>/new/", views.import_upload, name="import_upload"),
    # /imports/people/template/ (a guide to each column), .csv, .xlsx
    path("<slug:kind>/template/", views.template_guide, name="template_guide"),
    path(
        "<slug:kind>/template.<slug:extension>", views.template_download, name="template_download"
    ),
    # /imports/12/ (check, preview, progress or outcome), /imports/12/confirm/, /imports/12/cancel/
    path("<int:pk>/", views.import_detail, name="import_detail"),
    path("<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("<int:pk>/cancel/", views.import_cancel, name="import_cancel"),
]
